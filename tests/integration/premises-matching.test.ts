// Matching both ways in the pages: a need shows the biens AND the bookable spaces that fit, with
// reasons and links to apply or book; a bien shows the needs it fits; a new match notifies the
// structure once, also when a published bien is edited again; a new bookable space that fits a
// need tells its structure. The collectivité's demand page
// carries the figures in its loader data, its table and its server-drawn SVG chart.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { setupServer } from "msw/node";
import { db } from "~/db.server";
import { DemandChart, DemandTable } from "~/components/demand-chart";
import { action as needsAction } from "~/routes/organisations.$slug_.besoins";
import { loader as needLoader } from "~/routes/organisations.$slug_.besoins.$needId";
import { loader as demandLoader } from "~/routes/organisations.$slug_.demande";
import { action as premisesAction, loader as premisesLoader } from "~/routes/organisations.$slug_.biens.$id";
import { action as editAction } from "~/routes/organisations.$slug_.biens.$id_.modifier";
import { action as spaceAction } from "~/routes/organisations.$slug_.espaces.$spaceId";
import { action as newSpaceAction } from "~/routes/organisations.$slug_.sites.$siteId_.espaces.nouveau";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { premisesApiHandlers } from "../mocks/handlers";
import { respond, routeArgs, type Browser } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { COLLECTIVITE, draftPremises, organizationId, OTHER_STRUCTURE, WORKSHOP_NEED_FORM } from "../helpers/premises-fixtures";
import { spaceEditFields } from "../helpers/space-form";

const server = setupServer(...premisesApiHandlers);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await seedDemoData(db);
});
afterAll(() => server.close());

/** Offices or rooms for 15 people, shared use accepted: what the demo tiers-lieu can offer. */
const SHARED_OFFICE_NEED = {
  ...WORKSHOP_NEED_FORM,
  kinds: ["OFFICE"],
  surfaceMinM2: "20",
  surfaceMaxM2: "40",
  communesText: "Bellerive-sur-Loire",
  peopleCount: "15",
  sharedUseAcceptable: "on",
};

/** The edit form of the workshop bien below, as the page posts it. */
function workshopForm(surfaceM2: string) {
  return {
    title: "Atelier municipal",
    description: "Rez-de-chaussée lumineux, vitrine sur la place.",
    kind: "WORKSHOP",
    domain: "PRIVATE",
    "address.line": "12 rue des Lilas",
    "address.postalCode": "44400",
    "address.commune": "Bellerive-sur-Loire",
    surfaceM2,
    levels: "1",
    condition: "TO_REFRESH",
    accessibility: "ACCESSIBLE",
    utilities: ["ELECTRICITY", "WATER"],
    availableFrom: "2027-05-01",
    availableUntil: "2029-03-31",
    occupationType: "TEMPORARY_OCCUPATION",
    rentEuros: "300",
    chargesEuros: "50",
    socialUtilityReductionPercent: "0",
    insuranceRequired: "on",
    worksAllowed: "LIGHT",
    otherConditions: "",
    "visits[0]": "2027-03-10T14:00",
  };
}

async function publishNeed(browser: Browser, fields: Record<string, string | string[]>) {
  const request = await browser.post(`/organisations/${OTHER_STRUCTURE}/besoins`, fields);
  expect((await respond(() => needsAction(routeArgs(request, { slug: OTHER_STRUCTURE })))).status).toBe(302);
  return db.premisesNeed.findFirstOrThrow({ where: { organizationId: await organizationId(db, OTHER_STRUCTURE) }, orderBy: { createdAt: "desc" } });
}

async function needPage(browser: Browser, needId: string) {
  return (await respond(() => needLoader(routeArgs(browser.get(`/organisations/${OTHER_STRUCTURE}/besoins/${needId}`), { slug: OTHER_STRUCTURE, needId })))).json();
}

async function workshopBien() {
  const { id } = await draftPremises(
    db,
    { title: "Atelier municipal", kind: "WORKSHOP", surfaceM2: 90, rentCents: 30000, chargesCents: 5000, socialUtilityReductionPercent: 0, availableFrom: "2027-05-01" },
    { deadline: "2099-01-15T12:00" },
  );
  await db.premises.update({ where: { id }, data: { inseeCode: "44999", latitude: 47.2, longitude: -1.55, geocodingStatus: "OK" } });
  return id;
}

describe("a need and what fits it", () => {
  it("lists the bookable spaces that fit, with the reasons and a link to book; the others are left out", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const need = await publishNeed(member, SHARED_OFFICE_NEED);
    const page = await needPage(member, need.id);

    // Rooms holding 15 people and desk pools with 15 seats, in the commune sought.
    const spaces = await db.space.findMany({ include: { site: true } });
    const expected = spaces
      .filter((space) => space.site.city === "Bellerive-sur-Loire" && (space.kind === "ROOM" ? space.capacity >= 15 : space.seats >= 15))
      .map((space) => space.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(spaces.length);
    expect(page.matches.spaces.map((space: { id: string }) => space.id).sort()).toEqual(expected);

    const [first] = page.matches.spaces;
    expect(first.reasons.map((reason: { criterion: string; ok: boolean }) => [reason.criterion, reason.ok])).toEqual([
      ["SHARED_USE", true],
      ["KIND", true],
      ["SURFACE", true],
      ["COMMUNE", true],
      ["CAPACITY", true],
    ]);
    expect(first.reasons[0].message).toBe("Usage partagé accepté");
    expect(first.reasons[3].message).toBe("Commune Bellerive-sur-Loire recherchée");
    expect(first.site).toMatchObject({ name: "Tiers-lieu des Halles", commune: "Bellerive-sur-Loire" });
    // No bien is an office in Bellerive yet.
    expect(page.matches.biens).toEqual([]);
  });

  it("lists no space for a need that refuses shared use, and the published biens that fit, with their reasons", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const need = await publishNeed(member, WORKSHOP_NEED_FORM);
    const bienId = await workshopBien();
    await db.premises.update({ where: { id: bienId }, data: { state: "PUBLISHED" } });
    const page = await needPage(member, need.id);
    expect(page.matches.spaces).toEqual([]);
    const match = page.matches.biens.find((entry: { bien: { id: string } }) => entry.bien.id === bienId);
    expect(match.bien).toEqual({ id: bienId, title: "Atelier municipal", commune: "Bellerive-sur-Loire", surfaceM2: 90 });
    expect(match.reasons.map((reason: { message: string }) => reason.message)).toEqual([
      "Type atelier recherché",
      "Commune Bellerive-sur-Loire recherchée",
      "Surface 90 m² dans la fourchette 50–200 m²",
      "Redevance 300 € + charges 50 € = 350 € ≤ budget 500 €",
      "Disponible du 1er mai 2027 au 31 mars 2029 (besoin à partir du 1er juin 2027)",
    ]);
    // Another structure cannot open this need's page.
    const outsider = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const refused = await respond(() => needLoader(routeArgs(outsider.get("/"), { slug: OTHER_STRUCTURE, needId: need.id })));
    expect(refused.status).toBe(404);
  });
});

describe("a bien and the needs it fits", () => {
  it("shows the needs with their reasons, and notifies each structure once, even when the published bien is saved again", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const velo = await organizationId(db, OTHER_STRUCTURE);
    // Only the two needs below are open.
    await db.premisesNeed.updateMany({ where: { organizationId: velo }, data: { status: "CLOSED", closedAt: new Date() } });
    const fits = await publishNeed(member, WORKSHOP_NEED_FORM);
    // Too big for this bien of 90 m², until it is enlarged.
    const later = await publishNeed(member, { ...WORKSHOP_NEED_FORM, surfaceMinM2: "95" });
    const bienId = await workshopBien();
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);

    const page = await (await respond(() => premisesLoader(routeArgs(manager.get("/"), { slug: COLLECTIVITE, id: bienId })))).json();
    const shown = page.needs.find((need: { id: string }) => need.id === fits.id);
    expect(shown.structureName).toBe("Coopérative Vélo Solidaire");
    expect(shown.reasons.every((reason: { ok: boolean }) => reason.ok)).toBe(true);
    expect(page.needs.some((need: { id: string }) => need.id === later.id)).toBe(false);

    const notifications = () => db.notification.count({ where: { organizationId: velo, link: `/biens/${bienId}` } });
    const matchesOf = (needId: string) => db.premisesNeedMatch.count({ where: { needId, premisesId: bienId } });
    const publish = await manager.post(`/organisations/${COLLECTIVITE}/biens/${bienId}`, { intent: "PUBLISH" });
    expect((await respond(() => premisesAction(routeArgs(publish, { slug: COLLECTIVITE, id: bienId })))).status).toBe(302);
    expect(await notifications()).toBe(1);
    expect([await matchesOf(fits.id), await matchesOf(later.id)]).toEqual([1, 0]);

    const edit = async (surfaceM2: string) => {
      const request = await manager.post(`/organisations/${COLLECTIVITE}/biens/${bienId}/modifier`, workshopForm(surfaceM2));
      expect((await respond(() => editAction(routeArgs(request, { slug: COLLECTIVITE, id: bienId })))).status).toBe(302);
    };
    // Saved again unchanged: nobody is told twice.
    await edit("90");
    expect(await notifications()).toBe(1);
    // Enlarged to 100 m²: the second need now fits and is told, once.
    await edit("100");
    expect(await notifications()).toBe(2);
    expect([await matchesOf(fits.id), await matchesOf(later.id)]).toEqual([1, 1]);
    await edit("100");
    expect(await notifications()).toBe(2);
    const titles = await db.notification.findMany({ where: { organizationId: velo, link: `/biens/${bienId}` }, select: { title: true } });
    expect(titles.map((note) => note.title)).toEqual(Array(2).fill("Un bien correspond à votre besoin : « Atelier municipal »"));
  });
});

describe("a new bookable space and the needs it fits", () => {
  it("tells each structure whose open need it fits, with a link to the need, and no one else", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const fitting = await publishNeed(member, { ...SHARED_OFFICE_NEED, description: "Bureaux partagés pour l'équipe." });
    const notShared = await publishNeed(member, { ...WORKSHOP_NEED_FORM, kinds: ["OFFICE"], description: "Bureaux à nous seuls." });
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const site = await db.site.findFirstOrThrow({ where: { name: "Tiers-lieu des Halles" } });
    const create = async (fields: Record<string, string>) => {
      const request = await manager.post(`/organisations/fabrique-commune/sites/${site.id}/espaces/nouveau`, fields);
      expect((await respond(() => newSpaceAction(routeArgs(request, { slug: "fabrique-commune", siteId: site.id })))).status).toBe(302);
    };
    const structureId = await organizationId(db, OTHER_STRUCTURE);
    const toldBefore = await db.notification.count({ where: { organizationId: structureId } });

    await create({ name: "Grande salle du haut", kind: "ROOM", capacity: "20" });
    const told = await db.notification.findMany({ where: { organizationId: structureId }, orderBy: { createdAt: "asc" }, skip: toldBefore });
    // Only the need that accepts shared use, and every other open need of the network that fits.
    const fittingNeeds = await db.premisesNeed.findMany({ where: { status: "OPEN", sharedUseAcceptable: true, organizationId: structureId } });
    expect(told.map((n) => n.link)).toContain(`/organisations/${OTHER_STRUCTURE}/besoins/${fitting.id}`);
    expect(told.map((n) => n.link)).not.toContain(`/organisations/${OTHER_STRUCTURE}/besoins/${notShared.id}`);
    expect(told).toHaveLength(fittingNeeds.length);
    expect(told.find((n) => n.link?.endsWith(fitting.id))).toMatchObject({
      userId: null,
      title: "Un espace réservable correspond à votre besoin : « Grande salle du haut »",
      body: "« Grande salle du haut » (Tiers-lieu des Halles, Bellerive-sur-Loire) peut désormais être réservé et correspond à l'un de vos besoins.",
    });

    // Too small for 15 people: nobody is told.
    const count = await db.notification.count();
    await create({ name: "Petit bureau", kind: "ROOM", capacity: "4" });
    expect(await db.notification.count()).toBe(count);

    // Enlarged to 20 people: the needs it fits only now are told; edited again, no one is told twice.
    const small = await db.space.findFirstOrThrow({ where: { name: "Petit bureau", siteId: site.id } });
    const edit = async (fields: Record<string, string>) => {
      const form = spaceEditFields({ name: "Petit bureau", capacity: "4", ...fields });
      const request = await manager.post(`/organisations/fabrique-commune/espaces/${small.id}`, form);
      expect((await respond(() => spaceAction(routeArgs(request, { slug: "fabrique-commune", spaceId: small.id })))).status).toBe(302);
    };
    await edit({ capacity: "6" });
    expect(await db.notification.count()).toBe(count);
    await edit({ name: "Salle du bas", capacity: "20" });
    const toldOfEdit = await db.notification.findMany({ where: { organizationId: structureId }, orderBy: { createdAt: "asc" }, skip: toldBefore + told.length });
    expect(toldOfEdit).toHaveLength(fittingNeeds.length);
    expect(toldOfEdit.find((n) => n.link?.endsWith(fitting.id))).toMatchObject({
      userId: null,
      title: "Un espace réservable correspond désormais à votre besoin : « Salle du bas »",
      body: "« Salle du bas » (Tiers-lieu des Halles, Bellerive-sur-Loire) a été modifié et correspond désormais à l'un de vos besoins.",
    });
    const afterEdit = await db.notification.count();
    await edit({ name: "Salle du bas", capacity: "25" });
    expect(await db.notification.count()).toBe(afterEdit);

    // Shrunk, then enlarged by two managers at once: each structure is told once, by the edit
    // that came first (the second one starts from what the first left).
    await edit({ name: "Salle du bas", capacity: "4" });
    await Promise.all([edit({ name: "Salle du bas", capacity: "20" }), edit({ name: "Salle du bas", capacity: "30" })]);
    expect(await db.notification.count()).toBe(afterEdit + fittingNeeds.length);
  });
});

describe("the demand by commune and kind", () => {
  it("carries the figures in the loader data, the table and the accessible SVG chart", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    await publishNeed(member, { ...WORKSHOP_NEED_FORM, kinds: ["WORKSHOP", "WAREHOUSE"], communesText: "Bellerive-sur-Loire (44999)\nSaint-Sébastien-sur-Loire (44190)" });
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const data = await (await respond(() => demandLoader(routeArgs(manager.get("/"), { slug: COLLECTIVITE })))).json();

    // The figures, recomputed from the open needs stored.
    const open = await db.premisesNeed.findMany({ where: { status: "OPEN" } });
    const count = (code: string, kind: string) =>
      open.filter((need) => JSON.parse(need.communes).some((c: { inseeCode: string | null }) => c.inseeCode === code) && JSON.parse(need.kinds).includes(kind)).length;
    const cell = (code: string, kind: string) =>
      data.demand.find((commune: { inseeCode: string }) => commune.inseeCode === code)?.byKind.find((entry: { kind: string }) => entry.kind === kind);
    expect(cell("44190", "WAREHOUSE").needCount).toBe(count("44190", "WAREHOUSE"));
    expect(cell("44190", "WAREHOUSE").needCount).toBe(1);
    expect(cell("44999", "WORKSHOP").needCount).toBe(count("44999", "WORKSHOP"));
    expect(cell("44999", "WORKSHOP").budgetMaxCentsTotal).toBe(
      open
        .filter((need) => JSON.parse(need.communes).some((c: { inseeCode: string | null }) => c.inseeCode === "44999") && JSON.parse(need.kinds).includes("WORKSHOP"))
        .reduce((sum, need) => sum + need.budgetMaxCents, 0),
    );

    const chart = renderToStaticMarkup(createElement(DemandChart, { demand: data.demand }));
    const table = renderToStaticMarkup(createElement(DemandTable, { demand: data.demand }));
    expect(chart).toMatch(/^<figure[^>]*><svg role="img" aria-labelledby="demande-graphique-titre" aria-describedby="demande-tableau"/);
    expect(chart).toContain('<title id="demande-graphique-titre">Graphique : nombre de besoins ouverts par commune et par type de bien');
    expect(table).toContain('<table id="demande-tableau">');
    const bars = [...chart.matchAll(/<g data-besoins="(\d+)"><text[^>]*>([^<]+)<\/text><rect[^>]*width="(\d+)"/g)].map(([, value, label, width]) => ({
      value: Number(value),
      label,
      width: Number(width),
    }));
    const cells = data.demand.flatMap((commune: { label: string; byKind: Array<{ label: string; needCount: number }> }) =>
      commune.byKind.map((kind) => ({ label: `${commune.label} — ${kind.label}`, value: kind.needCount })),
    );
    expect(bars.map(({ label, value }) => ({ label: label.replace(/&#x27;/g, "'"), value }))).toEqual(cells);
    // Bars are proportional: the longest one is the largest figure.
    const largest = Math.max(...bars.map((bar) => bar.value));
    expect(bars.filter((bar) => bar.width === 320).every((bar) => bar.value === largest)).toBe(true);
    expect(chart).toContain(`>${cell("44190", "WAREHOUSE").needCount}</text>`);
    expect(table).toContain(`<td>${cell("44999", "WORKSHOP").needCount}</td>`);
  });
});
