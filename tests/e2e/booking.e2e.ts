// The booking flow as people use it (issue 3): a structure member books a room every week
// through the form, sees the date another organisation already took with its French reason,
// books the other dates, finds the series on the room's week calendar; a booking of a room that
// needs approval waits until the site's manager accepts it, and the member is notified; the
// availability search finds the free rooms and leads to the booking form.
// axe-core checks each of these pages. The app runs on the real clock, so every date is
// computed from today (Europe/Paris) and lies in the coming weeks.
import type { Locator, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { baseURL, browserForTests, expectAccessible } from "./support";

const MEMBER = "membre@savoirs-partages.fr";
const MANAGER = "gestion@fabrique-commune.fr";
const MEMBER_ORGANIZATION = "Association Savoirs Partagés";
const SCIC_API_TOKEN = "demo-api-token-scic";
const NEW_BOOKING_PATH =
  "/organisations/savoirs-partages/reservations/nouvelle";
const SERIES_PATH =
  /^\/organisations\/savoirs-partages\/reservations\/([^/]+)$/;

// What the booking form shows for the seed's rooms (app/routes/organisations.$slug_.reservations.nouvelle.tsx).
const WORKSHOP = {
  name: "Atelier Louise Michel",
  option: "Atelier Louise Michel (salle, 20 personnes)",
};
const KITCHEN = {
  name: "Cuisine partagée",
  option: "Cuisine partagée (salle, 8 personnes, sur validation)",
};

// ---------------------------------------------------------------------------------------------
// Dates, computed here rather than with the app's own helpers so the test checks them
// ---------------------------------------------------------------------------------------------

const WEEKDAYS = [
  "lundi",
  "mardi",
  "mercredi",
  "jeudi",
  "vendredi",
  "samedi",
  "dimanche",
];
const MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];
const DAY_MS = 86_400_000;

/** Today's date in Paris, "YYYY-MM-DD". */
function parisToday(): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/** 1 for Monday … 7 for Sunday. */
function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** The first Tuesday strictly after today: 14:00 that day is always beyond the rooms' one-hour notice. */
function nextTuesday(): string {
  const today = parisToday();
  const ahead = (2 - isoWeekday(today) + 7) % 7 || 7;
  return addDays(today, ahead);
}

/** "2026-W49": the ISO week (Monday to Sunday, week 1 holds the year's first Thursday). */
function isoWeek(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week =
    Math.floor(
      (Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY_MS / 7
    ) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

function dayOfMonth(date: string): string {
  const day = Number(date.slice(8, 10));
  return day === 1 ? "1er" : String(day);
}

/** "mardi 1er décembre 2026". */
function frenchDate(date: string): string {
  return `${WEEKDAYS[isoWeekday(date) - 1]} ${dayOfMonth(date)} ${
    MONTHS[Number(date.slice(5, 7)) - 1]
  } ${date.slice(0, 4)}`;
}

/** "mardi 1er décembre": the week calendar's row header. */
function calendarDay(date: string): string {
  return `${WEEKDAYS[isoWeekday(date) - 1]} ${dayOfMonth(date)} ${
    MONTHS[Number(date.slice(5, 7)) - 1]
  }`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------------------------------------
// The JSON API, as the SCIC's own software uses it
// ---------------------------------------------------------------------------------------------

async function api(
  path: string,
  init: { method?: string; body?: unknown } = {}
) {
  const response = await fetch(new URL(path, baseURL()), {
    method: init.method ?? "GET",
    headers: {
      Authorization: `Bearer ${SCIC_API_TOKEN}`,
      ...(init.body ? { "Content-Type": "application/json" } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function spaceIdByName(name: string): Promise<string> {
  const { status, body } = await api("/api/v1/spaces");
  expect(status).toBe(200);
  const space = (body.spaces as Array<{ id: string; name: string }>).find(
    (candidate) => candidate.name === name
  );
  if (!space) throw new Error(`The seed has no space named « ${name} »`);
  return space.id;
}

// ---------------------------------------------------------------------------------------------
// The booking form
// ---------------------------------------------------------------------------------------------

type BookingRequest = {
  option: string;
  title: string;
  date: string;
  start: string;
  end: string;
  weeklyOnTuesdays?: number;
};

/** Fills the new booking form through its labels and asks for the preview ("Voir les dates"). */
async function requestPreview(page: Page, booking: BookingRequest) {
  await page.goto(NEW_BOOKING_PATH);
  await page
    .getByRole("heading", { level: 1, name: "Nouvelle réservation" })
    .waitFor();
  await page
    .getByLabel("Espace", { exact: true })
    .selectOption({ label: booking.option });
  await page.getByLabel("Objet de la réservation").fill(booking.title);
  await page.getByLabel("Date", { exact: true }).fill(booking.date);
  await page.getByLabel("Heure de début").fill(booking.start);
  await page.getByLabel("Heure de fin").fill(booking.end);
  const repetition = page.getByRole("group", { name: "Répétition" });
  if (booking.weeklyOnTuesdays) {
    await repetition
      .getByRole("radio", { name: "Chaque semaine, les jours cochés :" })
      .check();
    await repetition
      .getByRole("group", {
        name: "Jours de la semaine (répétition chaque semaine)",
      })
      .getByRole("checkbox", { name: "mardi", exact: true })
      .check();
    await repetition.getByLabel("Toutes les … semaines ou mois").fill("1");
    const end = repetition.getByRole("group", { name: "Fin de la répétition" });
    await end.getByRole("radio", { name: "Après un nombre de fois :" }).check();
    await end
      .getByLabel("Nombre de fois", { exact: true })
      .fill(String(booking.weeklyOnTuesdays));
  } else {
    await repetition.getByRole("radio", { name: "Ne se répète pas" }).check();
  }
  await page
    .getByRole("button", { name: "Voir les dates", exact: true })
    .click();
  const preview = page.getByRole("region", {
    name: `Aperçu : ${booking.title}`,
  });
  await preview.waitFor();
  return preview;
}

/** The value of one fact ("Dates réservées", "Statut"…) of a <dl class="facts">. */
async function fact(scope: Locator, term: string): Promise<string> {
  const definition = scope
    .locator("dt", { hasText: new RegExp(`^${escapeRegExp(term)}$`) })
    .locator("xpath=following-sibling::dd[1]");
  return ((await definition.textContent()) ?? "").trim();
}

describe("booking flow", () => {
  const { open } = browserForTests();

  test("a member books a room every Tuesday, leaves out the date already taken and finds the series on the week calendar", async () => {
    const tuesdays = [0, 7, 14, 21].map((days) => addDays(nextTuesday(), days));
    const [first, taken, third, last] = tuesdays;
    const title = "Atelier numérique du mardi";
    const workshopId = await spaceIdByName(WORKSHOP.name);

    // The SCIC's own software takes the second Tuesday first.
    const scicBooking = await api("/api/v1/bookings", {
      method: "POST",
      body: {
        spaceId: workshopId,
        start: `${taken}T14:00`,
        end: `${taken}T16:00`,
        title: "Conseil coopératif de la SCIC",
      },
    });
    expect(scicBooking).toMatchObject({
      status: 201,
      body: {
        status: "CONFIRMED",
        occurrences: [{ start: `${taken}T14:00`, end: `${taken}T16:00` }],
      },
    });

    const page = await open(MEMBER);
    const preview = await requestPreview(page, {
      option: WORKSHOP.option,
      title,
      date: first,
      start: "14:00",
      end: "16:00",
      weeklyOnTuesdays: 4,
    });

    expect(await fact(preview, "Espace")).toBe(
      `${WORKSHOP.name} — Tiers-lieu des Halles`
    );
    expect(await fact(preview, "Répétition")).toMatch(
      /^Chaque semaine le mardi, 4 fois/
    );
    expect(await fact(preview, "Dates réservées")).toBe(
      `3 dates, du ${frenchDate(first)}, 14:00 – 16:00 au ${frenchDate(
        last
      )}, 14:00 – 16:00`
    );
    const takenReason = `Le créneau du ${frenchDate(
      taken
    )} de 14:00 à 16:00 est déjà réservé`;
    // The SCIC's title is not shown to another organisation: the reason names the slot only.
    const blocked = preview
      .getByRole("list", { name: "1 date ne peut pas être réservée" })
      .getByRole("listitem");
    expect(await blocked.allTextContents()).toEqual([
      `${frenchDate(taken)}, 14:00 – 16:00 : ${takenReason}.`,
    ]);
    await preview.getByText("Voir les 3 dates réservées").click();
    expect(
      await preview.locator("details").getByRole("listitem").allTextContents()
    ).toEqual(
      [first, third, last].map((date) => `${frenchDate(date)}, 14:00 – 16:00`)
    );
    await expectAccessible(
      page,
      "aperçu d'une réservation hebdomadaire avec une date indisponible"
    );

    await Promise.all([
      page.waitForURL(
        (url) =>
          SERIES_PATH.test(url.pathname) && url.searchParams.get("cree") === "1"
      ),
      preview
        .getByRole("button", { name: "Réserver les autres dates", exact: true })
        .click(),
    ]);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(await page.getByRole("status").textContent()).toBe(
      "Votre réservation est confirmée."
    );
    const main = page.getByRole("main");
    expect(await fact(main, "Statut")).toBe("Confirmée");
    expect(await fact(main, "Première date")).toBe(
      `${frenchDate(first)}, 14:00 – 16:00`
    );

    const dates = page.getByRole("table", { name: "Dates de la réservation" });
    const rows = dates
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader") });
    expect(await rows.count()).toBe(4);
    for (const date of [first, third, last]) {
      const row = rows.filter({
        has: page.getByRole("rowheader", {
          name: frenchDate(date),
          exact: true,
        }),
      });
      expect(await row.getByRole("cell").nth(0).textContent()).toBe(
        "14:00 – 16:00"
      );
      expect(await row.getByRole("cell").nth(1).textContent()).toBe(
        "Confirmée"
      );
      await row
        .getByRole("link", {
          name: `Annuler cette date : ${frenchDate(date)}, 14:00 – 16:00`,
        })
        .waitFor();
    }
    const skipped = rows.filter({
      has: page.getByRole("rowheader", {
        name: frenchDate(taken),
        exact: true,
      }),
    });
    const skippedStatus =
      (await skipped.getByRole("cell").nth(1).textContent()) ?? "";
    expect(skippedStatus.startsWith("Non réservée")).toBe(true);
    expect(skippedStatus).toContain(takenReason);
    expect(await skipped.getByRole("link").count()).toBe(0);
    await expectAccessible(page, "réservation créée");

    // The room's week calendar shows the booking, with its title, to the organisation that made it.
    const calendarResponse = await page.goto(
      `/espaces/${workshopId}/semaine?semaine=${isoWeek(third)}`
    );
    expect(calendarResponse?.status()).toBe(200);
    await page
      .getByRole("heading", { level: 1, name: WORKSHOP.name })
      .waitFor();
    const week = page.getByRole("table", { name: /^Semaine du / });
    const tuesdayRow = week
      .getByRole("row")
      .filter({
        has: page.getByRole("rowheader", {
          name: calendarDay(third),
          exact: true,
        }),
      });
    expect(await tuesdayRow.getByRole("cell").nth(0).textContent()).toBe(
      "Ouvert 08:00–20:00"
    );
    expect(await tuesdayRow.getByRole("listitem").allTextContents()).toEqual([
      `14:00–16:00 · ${title} (${MEMBER_ORGANIZATION})`,
    ]);
    await expectAccessible(page, "calendrier de la semaine d'un espace");

    // The week before holds the SCIC's booking: shown as taken, without its title.
    await Promise.all([
      page.waitForURL(
        (url) => url.searchParams.get("semaine") === isoWeek(taken)
      ),
      page
        .getByRole("navigation", { name: "Changer de semaine" })
        .getByRole("link", { name: "← Semaine précédente" })
        .click(),
    ]);
    const takenRow = page
      .getByRole("table", { name: /^Semaine du / })
      .getByRole("row")
      .filter({
        has: page.getByRole("rowheader", {
          name: calendarDay(taken),
          exact: true,
        }),
      });
    await takenRow.getByRole("listitem").first().waitFor();
    expect(await takenRow.getByRole("listitem").allTextContents()).toEqual([
      "14:00–16:00 · Réservé",
    ]);
  });

  test("a booking of a room that needs approval waits for the manager, who accepts it, and the member is notified", async () => {
    const wednesday = addDays(nextTuesday(), 1);
    const title = "Atelier cuisine anti-gaspi";

    const member = await open(MEMBER);
    const preview = await requestPreview(member, {
      option: KITCHEN.option,
      title,
      date: wednesday,
      start: "14:00",
      end: "16:00",
    });
    expect(await fact(preview, "Répétition")).toBe("Ne se répète pas");
    expect(await fact(preview, "Dates réservées")).toBe(
      `1 date : ${frenchDate(wednesday)}, 14:00 – 16:00`
    );
    await preview
      .getByText(
        "Cet espace est soumis à validation : votre réservation sera en attente de validation par le gestionnaire du lieu."
      )
      .waitFor();
    await Promise.all([
      member.waitForURL(
        (url) =>
          SERIES_PATH.test(url.pathname) && url.searchParams.get("cree") === "1"
      ),
      preview
        .getByRole("button", { name: "Confirmer la réservation", exact: true })
        .click(),
    ]);
    await member.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(await member.getByRole("status").textContent()).toBe(
      "Votre demande de réservation est enregistrée. Elle est en attente de validation par le gestionnaire du lieu."
    );
    expect(await fact(member.getByRole("main"), "Statut")).toBe(
      "En attente de validation"
    );
    const seriesPath = new URL(member.url()).pathname;

    // The SCIC's manager, in another browser context, accepts it.
    const manager = await open(MANAGER);
    await manager.goto("/organisations/fabrique-commune/validations");
    await manager
      .getByRole("heading", { level: 1, name: "Réservations à valider" })
      .waitFor();
    const request = manager.getByRole("article", { name: title });
    expect(await fact(request, "Structure")).toBe(MEMBER_ORGANIZATION);
    expect(await fact(request, "Espace")).toBe(
      `${KITCHEN.name} — Tiers-lieu des Halles`
    );
    expect(await fact(request, "Première date")).toBe(
      `${frenchDate(wednesday)}, 14:00 – 16:00`
    );
    expect(await fact(request, "Dates à valider")).toBe("1");
    await request.getByLabel("Motif (obligatoire pour refuser)").waitFor();
    await expectAccessible(manager, "réservations à valider");

    await Promise.all([
      manager.waitForURL(
        (url) => url.searchParams.get("decision") === "acceptee"
      ),
      request
        .getByRole("button", { name: `Accepter « ${title} »`, exact: true })
        .click(),
    ]);
    expect(await manager.getByRole("status").textContent()).toBe(
      "La réservation est acceptée : la structure en est informée."
    );
    expect(await manager.getByRole("article", { name: title }).count()).toBe(0);
    await expectAccessible(
      manager,
      "réservations à valider, après une décision"
    );

    // The member finds the decision in their notifications, with a link to the booking, now confirmed.
    await member.goto("/notifications");
    await member
      .getByRole("heading", { level: 1, name: "Notifications" })
      .waitFor();
    const notification = member.getByRole("article", {
      name: new RegExp(`Réservation acceptée : ${escapeRegExp(title)}$`),
    });
    await notification.waitFor();
    const link = notification.getByRole("link", {
      name: `Voir la réservation : Réservation acceptée : ${title}`,
    });
    // The notification's link does not know the organisation: /reservations/<id> sends each reader to their own page.
    const seriesId = seriesPath.split("/").at(-1);
    expect(await link.getAttribute("href")).toBe(`/reservations/${seriesId}`);
    await expectAccessible(member, "notifications");
    await Promise.all([
      member.waitForURL((url) => url.pathname === seriesPath),
      link.click(),
    ]);
    await member.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(await fact(member.getByRole("main"), "Statut")).toBe("Confirmée");
  });

  test("a member finds the rooms free every Tuesday of a month and opens the booking form from a result", async () => {
    // Five weeks ahead: after what the other tests book.
    const first = addDays(nextTuesday(), 35);
    const page = await open(MEMBER);
    await page.goto("/disponibilites");
    await page.getByRole("heading", { level: 1, name: "Trouver un espace libre" }).waitFor();
    await page.getByLabel("Date", { exact: true }).fill(first);
    await page.getByLabel("Heure de début").fill("14:00");
    await page.getByLabel("Heure de fin").fill("16:00");
    await page.getByRole("radio", { name: "Chaque semaine" }).check();
    await page.getByLabel("Pendant combien de semaines (si chaque semaine)").fill("4");
    await page.getByLabel("Capacité minimale (personnes, facultatif)").fill("8");
    await page.getByRole("button", { name: "Chercher" }).click();

    const results = page.getByRole("region", { name: /espaces? disponibles?$/ });
    await results.waitFor();
    expect(await results.getByText(/^Recherche : 4 dates de 14:00 à 16:00, du /).count()).toBe(1);
    const hall = results.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Grande halle" }) });
    expect(await hall.getByRole("cell").nth(3).textContent()).toContain("libre pour toutes les dates");
    await expectAccessible(page, "disponibilités, résultats");

    await Promise.all([
      page.waitForURL((url) => url.pathname === NEW_BOOKING_PATH && url.searchParams.get("date") === first),
      hall.getByRole("link", { name: "Réserver Grande halle" }).click(),
    ]);
    await page.getByRole("heading", { level: 1 }).waitFor();
  });
});
