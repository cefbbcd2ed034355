// The availability search (/disponibilites) through its loader: free and partly free spaces,
// the filters, the booking links, and French errors on bad input.
import { db } from "~/db.server";
import { createBooking } from "~/models/booking.server";
import { loader as searchLoader } from "~/routes/disponibilites";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const NOW = new Date("2027-03-01T08:00:00Z");
const WEEKDAYS_9_TO_18 = JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ open: "09:00", close: "18:00" }]])));

/** Tuesdays 14:00–16:00 from 23 March 2027, for 4 weeks (across the change to summer time). */
const WEEKLY_TUESDAY = { date: "2027-03-23", debut: "14:00", fin: "16:00", repetition: "hebdomadaire", semaines: "4", jours: "TU" };

let hallesId: string;
let townHallSiteId: string;
let louiseMichelId: string;

async function book(spaceName: string, localStart: string, localEnd: string) {
  const space = await db.space.findFirstOrThrow({ where: { name: spaceName } });
  const organization = await db.organization.findUniqueOrThrow({ where: { slug: "velo-solidaire" } });
  const result = await createBooking(db, {
    spaceId: space.id,
    organizationId: organization.id,
    createdById: null,
    title: "Réunion",
    request: { localStart, localEnd, rrule: null, seats: 1 },
    skip: "NONE",
    now: NOW,
  });
  if (!result.ok) throw new Error(`booking failed: ${JSON.stringify(result)}`);
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await seedDemoData(db);
  hallesId = (await db.site.findFirstOrThrow({ where: { name: "Tiers-lieu des Halles" } })).id;
  louiseMichelId = (await db.space.findFirstOrThrow({ where: { name: "Atelier Louise Michel" } })).id;
  const ville = await db.organization.findUniqueOrThrow({ where: { slug: "ville-de-bellerive" } });
  const townHall = await db.site.create({
    data: { organizationId: ville.id, name: "Mairie annexe", address: "2 place de la Mairie", postalCode: "44400", city: "Bellerive-sur-Loire" },
  });
  townHallSiteId = townHall.id;
  await db.space.create({
    data: {
      siteId: townHall.id,
      organizationId: ville.id,
      name: "Salle du conseil",
      kind: "ROOM",
      capacity: 30,
      accessible: true,
      openingHours: WEEKDAYS_9_TO_18,
    },
  });
  // One Tuesday of the series taken in Louise Michel.
  await book("Atelier Louise Michel", "2027-03-30T15:00", "2027-03-30T17:00");
  // Ends when the first Tuesday starts: the room's 15-minute buffer makes that date unavailable.
  await book("Salle Olympe de Gouges", "2027-03-23T12:00", "2027-03-23T14:00");
});

afterAll(() => {
  vi.useRealTimers();
});

type Result = { name: string; siteName: string; status: string; availability: string; capacity: number; accessible: boolean; bookingQuery: string };

async function search(browser: Browser, fields: Record<string, string>) {
  const query = new URLSearchParams(fields).toString();
  return respond(() => searchLoader(routeArgs(browser.get(`/disponibilites?${query}`))));
}

async function results(browser: Browser, fields: Record<string, string>): Promise<Result[]> {
  const response = await search(browser, fields);
  expect(response.status).toBe(200);
  return (await response.json()).search.results;
}

const summary = (list: Result[]) => list.map((result) => [result.name, result.availability]);

describe("availability search", () => {
  it("finds the rooms free every Tuesday and marks those taken on some dates as partial", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await search(member, { ...WEEKLY_TUESDAY, capacite: "8" });
    expect(response.status).toBe(200);
    const { search: found } = await response.json();
    expect(found.summary).toBe("4 dates de 14:00 à 16:00, du mardi 23 mars 2027 au mardi 13 avril 2027");
    expect(summary(found.results)).toEqual([
      ["Cuisine partagée", "libre pour toutes les dates"],
      ["Grande halle", "libre pour toutes les dates"],
      ["Open space — 12 postes", "libre pour toutes les dates"],
      ["Salle du conseil", "libre pour toutes les dates"],
      ["Atelier Louise Michel", "libre pour 3 dates sur 4 (indisponible : mardi 30 mars 2027)"],
      ["Salle Olympe de Gouges", "libre pour 3 dates sur 4 (indisponible : mardi 23 mars 2027)"],
    ]);
    const louiseMichel = found.results.find((result: Result) => result.name === "Atelier Louise Michel");
    expect(louiseMichel).toMatchObject({ status: "PARTIAL", siteName: "Tiers-lieu des Halles", capacity: 20, accessible: true });
    expect(louiseMichel.unavailable).toEqual([
      { date: "mardi 30 mars 2027", reasons: ["Le créneau du mardi 30 mars 2027 de 14:00 à 16:00 est déjà réservé."] },
    ]);
    expect(new URLSearchParams(louiseMichel.bookingQuery).toString()).toBe(
      new URLSearchParams({ espace: louiseMichelId, date: "2027-03-23", debut: "14:00", fin: "16:00" }).toString(),
    );
    // The booked date's organisation and title are not given away.
    expect(JSON.stringify(found)).not.toContain("Réunion");
  });

  it("offers the booking form of each of the user's organisations", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const data = await (await search(member, WEEKLY_TUESDAY)).json();
    expect(data.bookingOrganizations).toEqual([{ slug: "savoirs-partages", name: "Association Savoirs Partagés" }]);
    const collectivite = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    expect((await (await search(collectivite, WEEKLY_TUESDAY)).json()).bookingOrganizations).toEqual([]);
  });

  it("filters by capacity", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const names = (await results(member, { ...WEEKLY_TUESDAY, capacite: "15" })).map((result) => result.name);
    expect(names).toEqual(["Grande halle", "Salle du conseil", "Atelier Louise Michel"]);
  });

  it("keeps only accessible spaces when asked", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const found = await results(member, { ...WEEKLY_TUESDAY, capacite: "8", accessible: "on" });
    expect(found.map((result) => result.name)).toEqual(["Grande halle", "Salle du conseil", "Atelier Louise Michel", "Salle Olympe de Gouges"]);
    expect(found.every((result) => result.accessible)).toBe(true);
  });

  it("filters by site", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const halles = await results(member, { ...WEEKLY_TUESDAY, capacite: "8", site: hallesId });
    expect(halles.map((result) => result.name)).not.toContain("Salle du conseil");
    expect(halles.every((result) => result.siteName === "Tiers-lieu des Halles")).toBe(true);
    expect(halles).toHaveLength(5);
    const townHall = await results(member, { ...WEEKLY_TUESDAY, site: townHallSiteId });
    expect(summary(townHall)).toEqual([["Salle du conseil", "libre pour toutes les dates"]]);
  });

  it("leaves out desk pools with fewer seats than wanted", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const names = (await results(member, { ...WEEKLY_TUESDAY, postes: "13" })).map((result) => result.name);
    expect(names).not.toContain("Open space — 12 postes");
    expect(names).toContain("Salle du conseil");
  });

  it("searches a single date when the search does not repeat", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await search(member, { date: "2027-03-30", debut: "14:00", fin: "16:00", site: hallesId, capacite: "15" });
    const { search: found } = await response.json();
    expect(found.summary).toBe("le mardi 30 mars 2027 de 14:00 à 16:00");
    // Louise Michel is taken that day: with a single date, a space is free or not listed.
    expect(summary(found.results)).toEqual([["Grande halle", "libre sur ce créneau"]]);
  });

  it("refuses an end before the start and a negative capacity with 400 and French messages", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await search(member, { date: "2027-03-23", debut: "16:00", fin: "14:00", capacite: "-1" });
    expect(response.status).toBe(400);
    const { lastResult, search: found } = await response.json();
    expect(found).toBeNull();
    expect(lastResult.error).toEqual({
      fin: ["L'heure de fin doit être postérieure à l'heure de début."],
      capacite: ["La capacité doit être d'au moins 1 personne."],
    });
  });

  it("explains missing and malformed fields in French", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await search(member, { date: "", debut: "14h", fin: "16:00", repetition: "hebdomadaire", semaines: "60" });
    expect(response.status).toBe(400);
    expect((await response.json()).lastResult.error).toEqual({
      date: ["Indiquez la date."],
      debut: ["Heure de début invalide (format attendu : HH:MM, par exemple 14:00)."],
      semaines: ["52 semaines au plus."],
    });
  });

  it("refuses a start that does not exist in Paris (spring DST gap) beside the start time", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await search(member, { date: "2027-03-28", debut: "02:30", fin: "04:00" });
    expect(response.status).toBe(400);
    expect((await response.json()).lastResult.error.debut[0]).toMatch(/^L'heure de début n'existe pas à Paris/);
  });

  it("refuses an unknown site with 400", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await search(member, { ...WEEKLY_TUESDAY, site: "no-such-site" });
    expect(response.status).toBe(400);
    expect((await response.json()).lastResult.error).toEqual({ site: ["Ce site n'existe pas."] });
  });

  it("shows an empty form before any search, and sends anonymous visitors to the login page", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await respond(() => searchLoader(routeArgs(member.get(`/disponibilites?site=${hallesId}`))));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data).toMatchObject({ lastResult: null, search: null, defaultSite: hallesId });
    expect(data.sites.map((site: { label: string }) => site.label)).toEqual([
      "Mairie annexe (Bellerive-sur-Loire) — Ville de Bellerive-sur-Loire",
      "Tiers-lieu des Halles (Bellerive-sur-Loire) — SCIC La Fabrique Commune",
    ]);
    expect((await search(new Browser(), WEEKLY_TUESDAY)).status).toBe(302);
  });
});

describe("availability search over many spaces", () => {
  let bigSiteId: string;

  beforeAll(async () => {
    const ville = await db.organization.findUniqueOrThrow({ where: { slug: "ville-de-bellerive" } });
    const site = await db.site.create({
      data: { organizationId: ville.id, name: "Pôle associatif", address: "5 rue des Écoles", postalCode: "44400", city: "Bellerive-sur-Loire" },
    });
    bigSiteId = site.id;
    await db.space.createMany({
      data: Array.from({ length: 55 }, (_, index) => ({
        siteId: site.id,
        organizationId: ville.id,
        name: `Bureau ${String(index + 1).padStart(2, "0")}`,
        kind: "ROOM" as const,
        capacity: 4,
        openingHours: WEEKDAYS_9_TO_18,
      })),
    });
  });

  it("shows 50 spaces a page, with links to the other pages that keep the search", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const asked = { ...WEEKLY_TUESDAY, site: bigSiteId };
    const first = (await (await search(member, asked)).json()).search;
    expect(first.total).toBe(55);
    expect(first.shown).toEqual({ page: 1, pageCount: 2, first: 1, last: 50 });
    expect(first.results.map((result: Result) => result.name)).toEqual(Array.from({ length: 50 }, (_, index) => `Bureau ${String(index + 1).padStart(2, "0")}`));
    expect(first.previousPage).toBeNull();
    const next = new URLSearchParams(first.nextPage.slice(1));
    expect(Object.fromEntries(next)).toEqual({ ...asked, page: "2" });

    const second = (await (await search(member, Object.fromEntries(next))).json()).search;
    expect(second.shown).toEqual({ page: 2, pageCount: 2, first: 51, last: 55 });
    expect(second.results.map((result: Result) => result.name)).toEqual(["Bureau 51", "Bureau 52", "Bureau 53", "Bureau 54", "Bureau 55"]);
    expect(second.nextPage).toBeNull();
    expect(Object.fromEntries(new URLSearchParams(second.previousPage.slice(1)))).toEqual({ ...asked, page: "1" });
  });

  it("shows the last page for a page beyond it, and the first for a page that is not a number", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const asked = { ...WEEKLY_TUESDAY, site: bigSiteId };
    expect((await (await search(member, { ...asked, page: "9" })).json()).search.shown.page).toBe(2);
    expect((await (await search(member, { ...asked, page: "deux" })).json()).search.shown.page).toBe(1);
  });
});

