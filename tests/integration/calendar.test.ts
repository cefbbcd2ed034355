// Week calendars of a space and of a site, through their loaders: who reads what (RGPD),
// pending bookings, closures, opening hours, week navigation and access.
import { db } from "~/db.server";
import { weekCalendarFromData, type WeekCalendar, type WeekCalendarData } from "~/domain/week-calendar";
import { createBooking } from "~/models/booking.server";
import { loader as siteWeekLoader } from "~/routes/sites.$siteId.semaine";
import { loader as spaceWeekLoader } from "~/routes/espaces.$spaceId.semaine";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const NOW = new Date("2027-03-01T08:00:00Z");

let olympeId: string;
let kitchenId: string;
let hallesId: string;

async function book(spaceName: string, organizationSlug: string, title: string, localStart: string, localEnd: string, rrule: string | null = null) {
  const space = await db.space.findFirstOrThrow({ where: { name: spaceName } });
  const organization = await db.organization.findUniqueOrThrow({ where: { slug: organizationSlug } });
  const result = await createBooking(db, {
    spaceId: space.id,
    organizationId: organization.id,
    createdById: null,
    title,
    request: { localStart, localEnd, rrule, seats: 1 },
    skip: "NONE",
    now: NOW,
  });
  if (!result.ok) throw new Error(`booking ${title} failed: ${JSON.stringify(result)}`);
  return result;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await seedDemoData(db);
  olympeId = (await db.space.findFirstOrThrow({ where: { name: "Salle Olympe de Gouges" } })).id;
  kitchenId = (await db.space.findFirstOrThrow({ where: { name: "Cuisine partagée" } })).id;
  hallesId = (await db.site.findFirstOrThrow({ where: { name: "Tiers-lieu des Halles" } })).id;
  await book("Salle Olympe de Gouges", "savoirs-partages", "Atelier numérique", "2027-03-23T14:00", "2027-03-23T16:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=2");
  await book("Salle Olympe de Gouges", "velo-solidaire", "Réparation collective", "2027-03-24T10:00", "2027-03-24T12:00");
  await book("Cuisine partagée", "velo-solidaire", "Repas solidaire", "2027-03-25T10:00", "2027-03-25T13:00");
  await db.closure.create({ data: { spaceId: olympeId, startsOn: "2027-03-29", endsOn: "2027-03-29", reason: "Lundi de Pâques" } });
});

afterAll(() => {
  vi.useRealTimers();
});

function spaceWeek(browser: Browser, spaceId: string, query = "") {
  return respond(() => spaceWeekLoader(routeArgs(browser.get(`/espaces/${spaceId}/semaine${query}`), { spaceId })));
}

function siteWeek(browser: Browser, siteId: string, query = "") {
  return respond(() => siteWeekLoader(routeArgs(browser.get(`/sites/${siteId}/semaine${query}`), { siteId })));
}

/** A week page's data with the calendar its component builds from `calendarData`. */
function withCalendar<T extends { calendarData: WeekCalendarData }>(data: T): T & { calendar: WeekCalendar } {
  return { ...data, calendar: weekCalendarFromData(data.calendarData) };
}

/** [day label, booking texts] of the first (or only) space, for the days that have bookings. */
function bookedDays(calendar: WeekCalendar, spaceIndex = 0) {
  return calendar.days
    .filter((day) => day.spaces[spaceIndex].blocks.length > 0)
    .map((day) => [day.label, day.spaces[spaceIndex].blocks.map((block) => block.text)]);
}

describe("week calendar of a space", () => {
  it("shows the SCIC's manager every booking with its title and organisation", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const response = await spaceWeek(manager, olympeId, "?semaine=2027-W12");
    expect(response.status).toBe(200);
    const { calendar, space } = withCalendar(await response.json());
    expect(space).toMatchObject({ name: "Salle Olympe de Gouges", site: { id: hallesId, name: "Tiers-lieu des Halles" }, capacity: 12 });
    expect(calendar.caption).toBe("Semaine du 22 au 28 mars 2027");
    expect(bookedDays(calendar)).toEqual([
      ["mardi 23 mars", ["14:00–16:00 · Atelier numérique (Association Savoirs Partagés)"]],
      ["mercredi 24 mars", ["10:00–12:00 · Réparation collective (Coopérative Vélo Solidaire)"]],
    ]);
  });

  it("shows a member of a structure its own titles and only « Réservé » for the others'", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await spaceWeek(member, olympeId, "?semaine=2027-W12");
    const body = await response.text();
    const { calendar } = withCalendar(JSON.parse(body));
    expect(bookedDays(calendar)).toEqual([
      ["mardi 23 mars", ["14:00–16:00 · Atelier numérique (Association Savoirs Partagés)"]],
      ["mercredi 24 mars", ["10:00–12:00 · Réservé"]],
    ]);
    // Nothing of the other booking reaches the browser.
    expect(body).not.toContain("Réparation collective");
    expect(body).not.toContain("Vélo Solidaire");
  });

  it("shows another structure's member « Réservé » for bookings that are not theirs", async () => {
    const other = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const body = await (await spaceWeek(other, olympeId, "?semaine=2027-W12")).text();
    expect(bookedDays(withCalendar(JSON.parse(body)).calendar)).toEqual([
      ["mardi 23 mars", ["14:00–16:00 · Réservé"]],
      ["mercredi 24 mars", ["10:00–12:00 · Réparation collective (Coopérative Vélo Solidaire)"]],
    ]);
    expect(body).not.toContain("Atelier numérique");
    expect(body).not.toContain("Savoirs Partagés");
  });

  it("shows pending bookings as holding their slot, « en attente »", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const managerView = withCalendar(await (await spaceWeek(manager, kitchenId, "?semaine=2027-W12")).json());
    expect(bookedDays(managerView.calendar)).toEqual([
      ["jeudi 25 mars", ["10:00–13:00 · Repas solidaire (Coopérative Vélo Solidaire) · en attente"]],
    ]);
    expect(managerView.calendar.days[3].spaces[0].blocks[0].status).toBe("PENDING");
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const memberView = withCalendar(await (await spaceWeek(member, kitchenId, "?semaine=2027-W12")).json());
    expect(bookedDays(memberView.calendar)).toEqual([["jeudi 25 mars", ["10:00–13:00 · Réservé · en attente"]]]);
  });

  it("shows closures, opening hours, and keeps 14:00–16:00 after the change to summer time", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const { calendar } = withCalendar(await (await spaceWeek(member, olympeId, "?semaine=2027-W13")).json());
    expect(calendar.caption).toBe("Semaine du 29 mars au 4 avril 2027");
    const olympe = (index: number) => calendar.days[index].spaces[0];
    expect(olympe(0)).toMatchObject({ closed: true, closures: [{ reason: "Lundi de Pâques", text: "Fermé : Lundi de Pâques" }] });
    expect(olympe(1)).toMatchObject({ closed: false, openingText: "Ouvert 08:00–20:00", closures: [] });
    expect(olympe(5)).toMatchObject({ closed: true, openingText: "Pas d'ouverture ce jour" });
    expect(bookedDays(calendar)).toEqual([["mardi 30 mars", ["14:00–16:00 · Atelier numérique (Association Savoirs Partagés)"]]]);
  });

  it("shows the current week by default and links to the weeks around it", async () => {
    vi.setSystemTime(new Date("2027-03-23T10:00:00Z"));
    try {
      const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
      const data = withCalendar(await (await spaceWeek(member, olympeId)).json());
      expect(data.currentWeek).toBe("2027-W12");
      expect(data.calendar).toMatchObject({ week: "2027-W12", previousWeek: "2027-W11", nextWeek: "2027-W13" });
      // A date picks its week too.
      const byDate = withCalendar(await (await spaceWeek(member, olympeId, "?semaine=2027-03-31")).json());
      expect(byDate.calendar.week).toBe("2027-W13");
    } finally {
      vi.setSystemTime(NOW);
    }
  });

  it("offers to book the space for each of the viewer's organisations that books spaces", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const { bookingOrganizations } = await (await spaceWeek(member, olympeId, "?semaine=2027-W12")).json();
    expect(bookingOrganizations).toEqual([{ slug: "savoirs-partages", name: "Association Savoirs Partagés" }]);
    // The SCIC runs the space; its booking form is not open to it (no "book-spaces" capability).
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    expect((await (await spaceWeek(manager, olympeId, "?semaine=2027-W12")).json()).bookingOrganizations).toEqual([]);
  });

  it("sends anonymous visitors to the login page, and back here afterwards", async () => {
    const response = await spaceWeek(new Browser(), olympeId, "?semaine=2027-W12");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      `/connexion?redirectTo=${encodeURIComponent(`/espaces/${olympeId}/semaine?semaine=2027-W12`)}`,
    );
  });

  it("answers 404 for a space that does not exist", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await spaceWeek(member, "no-such-space")).status).toBe(404);
  });

  it("answers 400 for a malformed week", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await spaceWeek(member, olympeId, "?semaine=2027-W60");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Semaine invalide");
  });
});

describe("week calendar of a site", () => {
  it("lays the site's spaces side by side, each with what the viewer may read", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await siteWeek(member, hallesId, "?semaine=2027-W12");
    expect(response.status).toBe(200);
    const body = await response.text();
    const { site, spaces, calendar } = withCalendar(JSON.parse(body));
    expect(site).toMatchObject({ name: "Tiers-lieu des Halles", organizationName: "SCIC La Fabrique Commune" });
    const names = spaces.map((space: { name: string }) => space.name);
    expect(names).toEqual(["Atelier Louise Michel", "Cuisine partagée", "Grande halle", "Open space — 12 postes", "Salle Olympe de Gouges"]);
    expect(calendar.caption).toBe("Semaine du 22 au 28 mars 2027");
    expect(bookedDays(calendar, names.indexOf("Salle Olympe de Gouges"))).toEqual([
      ["mardi 23 mars", ["14:00–16:00 · Atelier numérique (Association Savoirs Partagés)"]],
      ["mercredi 24 mars", ["10:00–12:00 · Réservé"]],
    ]);
    expect(bookedDays(calendar, names.indexOf("Cuisine partagée"))).toEqual([["jeudi 25 mars", ["10:00–13:00 · Réservé · en attente"]]]);
    const openSpace = calendar.days[5].spaces[names.indexOf("Open space — 12 postes")];
    expect(openSpace.openingText).toBe("Ouvert 09:00–13:00");
    expect(body).not.toContain("Repas solidaire");
  });

  it("answers 404 for a site that does not exist and redirects anonymous visitors", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await siteWeek(member, "no-such-site")).status).toBe(404);
    expect((await siteWeek(new Browser(), hallesId)).status).toBe(302);
  });
});
