// Sites and spaces management: a SCIC's managers create and set up their sites and spaces;
// members read the list; nobody else sees or touches them.
import { db } from "~/db.server";
import { DEFAULT_BOOKING_RULES } from "~/domain/space-rules";
import { createUser } from "~/models/user.server";
import { action as spaceAction, loader as spaceLoader } from "~/routes/organisations.$slug_.espaces.$spaceId";
import { action as siteAction, loader as siteLoader } from "~/routes/organisations.$slug_.sites.$siteId";
import { action as newSpaceAction, loader as newSpaceLoader } from "~/routes/organisations.$slug_.sites.$siteId_.espaces.nouveau";
import { loader as sitesLoader } from "~/routes/organisations.$slug_.sites._index";
import { action as newSiteAction, loader as newSiteLoader } from "~/routes/organisations.$slug_.sites.nouveau";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { openingHoursFields } from "../helpers/space-form";

const SCIC = "fabrique-commune";
const STRUCTURE = "savoirs-partages";
const VILLE = "ville-de-bellerive";
const SCIC_MEMBER = { email: "membre@fabrique-commune.fr", name: "Nadia Petit" };

type Fields = Record<string, string | string[]>;

let manager: Browser;
let scicMember: Browser;
let structureAdmin: Browser;
let villeManager: Browser;
let scicSiteId: string;
let scicSpaceId: string;

beforeAll(async () => {
  await seedDemoData(db);
  const user = await createUser(db, { ...SCIC_MEMBER, password: DEMO_PASSWORD });
  const scic = await db.organization.findUniqueOrThrow({ where: { slug: SCIC } });
  await db.membership.create({ data: { userId: user.id, organizationId: scic.id, role: "MEMBER" } });
  const room = await db.space.findFirstOrThrow({ where: { organizationId: scic.id, name: "Salle Olympe de Gouges" } });
  scicSiteId = room.siteId;
  scicSpaceId = room.id;
  [manager, scicMember, structureAdmin, villeManager] = await Promise.all([
    browserLoggedInAs(DEMO_USERS.scicManager.email),
    browserLoggedInAs(SCIC_MEMBER.email),
    browserLoggedInAs(DEMO_USERS.structureAdmin.email),
    browserLoggedInAs(DEMO_USERS.collectiviteManager.email),
  ]);
});

// --- Calling the routes as a browser would ----------------------------------------------------

const paths = {
  sites: (slug: string) => `/organisations/${slug}/sites`,
  newSite: (slug: string) => `/organisations/${slug}/sites/nouveau`,
  site: (slug: string, siteId: string) => `/organisations/${slug}/sites/${siteId}`,
  newSpace: (slug: string, siteId: string) => `/organisations/${slug}/sites/${siteId}/espaces/nouveau`,
  space: (slug: string, spaceId: string) => `/organisations/${slug}/espaces/${spaceId}`,
};

const viewSites = (browser: Browser, slug: string) =>
  respond(() => sitesLoader(routeArgs(browser.get(paths.sites(slug)), { slug })));
const viewNewSite = (browser: Browser, slug: string) =>
  respond(() => newSiteLoader(routeArgs(browser.get(paths.newSite(slug)), { slug })));
const viewSite = (browser: Browser, slug: string, siteId: string) =>
  respond(() => siteLoader(routeArgs(browser.get(paths.site(slug, siteId)), { slug, siteId })));
const viewNewSpace = (browser: Browser, slug: string, siteId: string) =>
  respond(() => newSpaceLoader(routeArgs(browser.get(paths.newSpace(slug, siteId)), { slug, siteId })));
const viewSpace = (browser: Browser, slug: string, spaceId: string) =>
  respond(() => spaceLoader(routeArgs(browser.get(paths.space(slug, spaceId)), { slug, spaceId })));

async function postNewSite(browser: Browser, slug: string, fields: Fields, options?: { withCsrf?: boolean }) {
  const request = await browser.post(paths.newSite(slug), fields, options);
  return respond(() => newSiteAction(routeArgs(request, { slug })));
}
async function postSite(browser: Browser, slug: string, siteId: string, fields: Fields) {
  const request = await browser.post(paths.site(slug, siteId), fields);
  return respond(() => siteAction(routeArgs(request, { slug, siteId })));
}
async function postNewSpace(browser: Browser, slug: string, siteId: string, fields: Fields) {
  const request = await browser.post(paths.newSpace(slug, siteId), fields);
  return respond(() => newSpaceAction(routeArgs(request, { slug, siteId })));
}
async function postSpace(browser: Browser, slug: string, spaceId: string, fields: Fields, options?: { withCsrf?: boolean }) {
  const request = await browser.post(paths.space(slug, spaceId), fields, options);
  return respond(() => spaceAction(routeArgs(request, { slug, spaceId })));
}

// --- Form contents ------------------------------------------------------------------------------

const NEW_SITE: Fields = {
  name: "Tiers-lieu du Port",
  address: "3 rue du Port",
  postalCode: "44400",
  city: "Bellerive-sur-Loire",
  description: "Ancienne capitainerie.",
};


function spaceForm(overrides: Fields = {}): Fields {
  return {
    intent: "update-space",
    name: "Open space du Port",
    kind: "DESK_POOL",
    capacity: "14",
    seats: "10",
    accessible: "on",
    description: "Au premier étage, vue sur la Loire.",
    equipment: "Fibre optique\nImprimante partagée",
    ...openingHoursFields({
      1: [["08:30", "12:30"], ["13:30", "19:00"]],
      2: [["13:30", "19:00"], ["08:30", "12:30"]],
      6: [["09:00", "13:00"]],
    }),
    "rules.slotMinutes": "60",
    "rules.minDurationMinutes": "60",
    "rules.maxDurationMinutes": "600",
    "rules.bufferMinutes": "0",
    "rules.minNoticeMinutes": "120",
    "rules.horizonDays": "60",
    "rules.requiresApproval": "on",
    "rules.cancellationDeadlineHours": "24",
    ...overrides,
  };
}

function spaceRow(spaceId: string) {
  return db.space.findUniqueOrThrow({ where: { id: spaceId }, include: { closures: { orderBy: { startsOn: "asc" } } } });
}

function idFromLocation(response: Response, pattern: RegExp): string {
  const match = pattern.exec(response.headers.get("Location") ?? "");
  if (!match) throw new Error(`unexpected redirect: ${response.status} ${response.headers.get("Location")}`);
  return match[1];
}

/** A site and an open space of the SCIC, created through the pages. */
async function createSiteAndSpace(browser = manager, slug = SCIC) {
  const siteResponse = await postNewSite(browser, slug, NEW_SITE);
  const siteId = idFromLocation(siteResponse, new RegExp(`^/organisations/${slug}/sites/([^/?]+)$`));
  const spaceResponse = await postNewSpace(browser, slug, siteId, { name: "Open space", kind: "DESK_POOL", capacity: "12", seats: "10" });
  const spaceId = idFromLocation(spaceResponse, new RegExp(`^/organisations/${slug}/espaces/([^/?]+)\\?statut=cree$`));
  return { siteId, spaceId };
}

// --- Tests --------------------------------------------------------------------------------------

describe("a manager of the SCIC", () => {
  it("creates a site, then a space in it, with the default booking rules and no opening hours", async () => {
    const before = await db.site.count();
    const siteResponse = await postNewSite(manager, SCIC, NEW_SITE);
    expect(siteResponse.status).toBe(302);
    const siteId = idFromLocation(siteResponse, /^\/organisations\/fabrique-commune\/sites\/([^/?]+)$/);
    expect(await db.site.count()).toBe(before + 1);
    const site = await db.site.findUniqueOrThrow({ where: { id: siteId }, include: { organization: true } });
    expect(site).toMatchObject({ name: "Tiers-lieu du Port", postalCode: "44400", description: "Ancienne capitainerie." });
    expect(site.organization.slug).toBe(SCIC);

    const spaceResponse = await postNewSpace(manager, SCIC, siteId, {
      name: "Open space",
      kind: "DESK_POOL",
      capacity: "12",
      seats: "10",
      accessible: "on",
    });
    expect(spaceResponse.status).toBe(302);
    const spaceId = idFromLocation(spaceResponse, /^\/organisations\/fabrique-commune\/espaces\/([^/?]+)\?statut=cree$/);
    const space = await spaceRow(spaceId);
    expect(space).toMatchObject({
      siteId,
      organizationId: site.organizationId,
      name: "Open space",
      kind: "DESK_POOL",
      capacity: 12,
      seats: 10,
      accessible: true,
      openingHours: "{}",
      ...DEFAULT_BOOKING_RULES,
    });

    const list = await viewSites(manager, SCIC);
    expect(list.status).toBe(200);
    const { canManage, sites } = await list.json();
    expect(canManage).toBe(true);
    const listed = sites.find((s: { id: string }) => s.id === siteId);
    expect(listed.spaces.map((s: { name: string }) => s.name)).toEqual(["Open space"]);

    const page = await viewSite(manager, SCIC, siteId);
    expect((await page.json()).site.spaces.map((s: { id: string }) => s.id)).toEqual([spaceId]);
    expect((await viewNewSite(manager, SCIC)).status).toBe(200);
    expect((await viewNewSpace(manager, SCIC, siteId)).status).toBe(200);
  });

  it("edits a space's fields, opening hours and booking rules in one save", async () => {
    const { spaceId } = await createSiteAndSpace();
    const response = await postSpace(manager, SCIC, spaceId, spaceForm());
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${paths.space(SCIC, spaceId)}?statut=enregistre`);

    const space = await spaceRow(spaceId);
    expect(space).toMatchObject({
      name: "Open space du Port",
      kind: "DESK_POOL",
      capacity: 14,
      seats: 10,
      accessible: true,
      description: "Au premier étage, vue sur la Loire.",
      equipment: "Fibre optique\nImprimante partagée",
      slotMinutes: 60,
      minDurationMinutes: 60,
      maxDurationMinutes: 600,
      bufferMinutes: 0,
      minNoticeMinutes: 120,
      horizonDays: 60,
      requiresApproval: true,
      cancellationDeadlineHours: 24,
    });
    // Sorted by the domain schema; days without ranges left out.
    expect(JSON.parse(space.openingHours)).toEqual({
      1: [
        { open: "08:30", close: "12:30" },
        { open: "13:30", close: "19:00" },
      ],
      2: [
        { open: "08:30", close: "12:30" },
        { open: "13:30", close: "19:00" },
      ],
      6: [{ open: "09:00", close: "13:00" }],
    });

    const page = await viewSpace(manager, SCIC, spaceId);
    expect(page.status).toBe(200);
    const { space: shown } = await page.json();
    expect(shown.openingHours[6]).toEqual([{ open: "09:00", close: "13:00" }]);
    expect(shown.openingHours[7]).toEqual([]);
    expect(shown.rules.requiresApproval).toBe(true);

    // A room: the seats field is ignored, a closing at 00:00 means midnight, the checkbox unticked.
    const room = spaceForm({ kind: "ROOM", seats: "", "rules.requiresApproval": [], ...openingHoursFields({ 5: [["18:00", "00:00"]] }) });
    delete room["rules.requiresApproval"];
    expect((await postSpace(manager, SCIC, spaceId, room)).status).toBe(302);
    const updated = await spaceRow(spaceId);
    expect(updated).toMatchObject({ kind: "ROOM", seats: 1, requiresApproval: false });
    expect(JSON.parse(updated.openingHours)).toEqual({ 5: [{ open: "18:00", close: "24:00" }] });
  });

  it("gets a 400 with French messages beside the fields for invalid input, and nothing is written", async () => {
    const { siteId, spaceId } = await createSiteAndSpace();
    expect((await postSpace(manager, SCIC, spaceId, spaceForm())).status).toBe(302);
    const before = await spaceRow(spaceId);

    const response = await postSpace(
      manager,
      SCIC,
      spaceId,
      spaceForm({
        name: "Nouveau nom qui ne doit pas être enregistré",
        seats: "20",
        ...openingHoursFields({ 1: [["08:00", "12:00"]], 2: [["09:00", "12:00"], ["11:00", "14:00"]], 4: [["10:00", ""]] }),
        "rules.minDurationMinutes": "90",
      }),
    );
    expect(response.status).toBe(400);
    const result = await response.json();
    expect(result.formName).toBe("update-space");
    expect(result.error["openingHours.2"]).toEqual(["Mardi : les plages 09:00–12:00 et 11:00–14:00 se chevauchent."]);
    expect(result.error["openingHours.4.0.close"]).toEqual(["Jeudi, plage 1 : indiquez l'heure de fermeture."]);
    expect(result.error["rules.minDurationMinutes"]).toEqual(["La durée minimale doit être un multiple de la granularité (1 h)."]);
    expect(result.error.seats).toEqual(["Le nombre de postes (20) ne peut pas dépasser la capacité (14 personnes)."]);
    expect(await spaceRow(spaceId)).toEqual(before);

    const sites = await db.site.count();
    const badSite = await postNewSite(manager, SCIC, { ...NEW_SITE, name: "", postalCode: "440" });
    expect(badSite.status).toBe(400);
    expect((await badSite.json()).error).toMatchObject({
      name: ["Indiquez le nom du site."],
      postalCode: ["Le code postal compte 5 chiffres."],
    });
    expect(await db.site.count()).toBe(sites);

    const spaces = await db.space.count();
    const badSpace = await postNewSpace(manager, SCIC, siteId, { name: "Open space", kind: "DESK_POOL", capacity: "12" });
    expect(badSpace.status).toBe(400);
    expect((await badSpace.json()).error.seats).toEqual(["Indiquez le nombre de postes de l'open space."]);
    expect(await db.space.count()).toBe(spaces);

    const siteBefore = await db.site.findUniqueOrThrow({ where: { id: siteId } });
    const badEdit = await postSite(manager, SCIC, siteId, { intent: "update-site", ...NEW_SITE, city: "" });
    expect(badEdit.status).toBe(400);
    expect((await badEdit.json()).error.city).toEqual(["Indiquez la commune."]);
    expect(await db.site.findUniqueOrThrow({ where: { id: siteId } })).toEqual(siteBefore);
  });

  it("adds and removes closures, and adds the public holidays once however often it is asked", async () => {
    const { spaceId } = await createSiteAndSpace();
    const added = await postSpace(manager, SCIC, spaceId, {
      intent: "add-closure",
      startsOn: "2027-08-02",
      endsOn: "2027-08-20",
      reason: "Congés d'été",
    });
    expect(added.status).toBe(302);
    expect((await spaceRow(spaceId)).closures).toMatchObject([{ startsOn: "2027-08-02", endsOn: "2027-08-20", reason: "Congés d'été" }]);

    const invalid = await postSpace(manager, SCIC, spaceId, {
      intent: "add-closure",
      startsOn: "2027-08-20",
      endsOn: "2027-08-02",
      reason: "À l'envers",
    });
    expect(invalid.status).toBe(400);
    const invalidResult = await invalid.json();
    expect(invalidResult.formName).toBe("add-closure");
    expect(invalidResult.error.endsOn).toEqual(["La date de fin doit être identique ou postérieure à la date de début."]);
    expect((await spaceRow(spaceId)).closures).toHaveLength(1);

    const holidays = await postSpace(manager, SCIC, spaceId, { intent: "add-holidays", year: "2027" });
    expect(holidays.status).toBe(302);
    expect(holidays.headers.get("Location")).toBe(`${paths.space(SCIC, spaceId)}?statut=feries&annee=2027&ajoutes=11#fermetures`);
    let closures = (await spaceRow(spaceId)).closures;
    expect(closures).toHaveLength(12);
    expect(closures.find((c) => c.startsOn === "2027-05-06")).toMatchObject({ endsOn: "2027-05-06", reason: "Ascension" });
    expect(closures.find((c) => c.startsOn === "2027-07-14")).toMatchObject({ reason: "Fête nationale" });

    // The 15 August falls inside the summer closure: still added, as its own one-day closure.
    expect(closures.filter((c) => c.startsOn === "2027-08-15")).toHaveLength(1);

    const again = await postSpace(manager, SCIC, spaceId, { intent: "add-holidays", year: "2027" });
    expect(again.headers.get("Location")).toBe(`${paths.space(SCIC, spaceId)}?statut=feries&annee=2027&ajoutes=0#fermetures`);
    closures = (await spaceRow(spaceId)).closures;
    expect(closures).toHaveLength(12);
    expect(new Set(closures.map((c) => `${c.startsOn}/${c.endsOn}`)).size).toBe(12);

    const badYear = await postSpace(manager, SCIC, spaceId, { intent: "add-holidays", year: "1850" });
    expect(badYear.status).toBe(400);
    expect((await badYear.json()).error.year).toEqual(["Choisissez une année entre 2000 et 2100."]);

    const summer = closures.find((c) => c.reason === "Congés d'été")!;
    const removed = await postSpace(manager, SCIC, spaceId, { intent: "remove-closure", closureId: summer.id });
    expect(removed.status).toBe(302);
    closures = (await spaceRow(spaceId)).closures;
    expect(closures).toHaveLength(11);
    expect(closures.map((c) => c.reason)).not.toContain("Congés d'été");
    expect((await postSpace(manager, SCIC, spaceId, { intent: "remove-closure", closureId: summer.id })).status).toBe(404);
  });

  it("edits a site, and may delete it only while it has no space", async () => {
    const { siteId } = await createSiteAndSpace();
    const edited = await postSite(manager, SCIC, siteId, { intent: "update-site", ...NEW_SITE, name: "Capitainerie" });
    expect(edited.status).toBe(302);
    expect((await db.site.findUniqueOrThrow({ where: { id: siteId } })).name).toBe("Capitainerie");

    const refused = await postSite(manager, SCIC, siteId, { intent: "delete-site" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error[""]).toEqual(["Ce site contient des espaces : il ne peut pas être supprimé."]);
    expect(await db.site.count({ where: { id: siteId } })).toBe(1);

    const empty = idFromLocation(await postNewSite(manager, SCIC, NEW_SITE), /sites\/([^/?]+)$/);
    const deleted = await postSite(manager, SCIC, empty, { intent: "delete-site" });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("Location")).toBe(paths.sites(SCIC));
    expect(await db.site.count({ where: { id: empty } })).toBe(0);
  });

  it("cannot post a form without its CSRF token", async () => {
    const before = await spaceRow(scicSpaceId);
    const response = await postSpace(manager, SCIC, scicSpaceId, spaceForm(), { withCsrf: false });
    expect(response.status).toBe(403);
    expect(await spaceRow(scicSpaceId)).toEqual(before);
    const sites = await db.site.count();
    expect((await postNewSite(manager, SCIC, NEW_SITE, { withCsrf: false })).status).toBe(403);
    expect(await db.site.count()).toBe(sites);
  });

  it("cannot send a forged list field (refused before parsing)", async () => {
    const before = await spaceRow(scicSpaceId);
    const response = await postSpace(manager, SCIC, scicSpaceId, spaceForm({ "openingHours.1[999999999].open": "08:00" }));
    expect(response.status).toBe(400);
    expect(await spaceRow(scicSpaceId)).toEqual(before);
  });
});

describe("a member of the SCIC (role MEMBER)", () => {
  it("reads the list of sites and spaces, without the management links", async () => {
    const response = await viewSites(scicMember, SCIC);
    expect(response.status).toBe(200);
    const { canManage, sites } = await response.json();
    expect(canManage).toBe(false);
    expect(sites.find((s: { id: string }) => s.id === scicSiteId).spaces.map((s: { name: string }) => s.name)).toContain(
      "Salle Olympe de Gouges",
    );
  });

  it("gets 403 on the forms and on every write, and nothing changes", async () => {
    expect((await viewNewSite(scicMember, SCIC)).status).toBe(403);
    expect((await viewSite(scicMember, SCIC, scicSiteId)).status).toBe(403);
    expect((await viewNewSpace(scicMember, SCIC, scicSiteId)).status).toBe(403);
    expect((await viewSpace(scicMember, SCIC, scicSpaceId)).status).toBe(403);

    const [sites, spaces, before] = [await db.site.count(), await db.space.count(), await spaceRow(scicSpaceId)];
    expect((await postNewSite(scicMember, SCIC, NEW_SITE)).status).toBe(403);
    expect((await postSite(scicMember, SCIC, scicSiteId, { intent: "update-site", ...NEW_SITE })).status).toBe(403);
    expect((await postNewSpace(scicMember, SCIC, scicSiteId, { name: "Salle", kind: "ROOM", capacity: "5" })).status).toBe(403);
    expect((await postSpace(scicMember, SCIC, scicSpaceId, spaceForm())).status).toBe(403);
    expect((await postSpace(scicMember, SCIC, scicSpaceId, { intent: "add-holidays", year: "2027" })).status).toBe(403);
    expect(await db.site.count()).toBe(sites);
    expect(await db.space.count()).toBe(spaces);
    expect(await spaceRow(scicSpaceId)).toEqual(before);
  });
});

describe("anyone else", () => {
  it("is sent to the login page when anonymous", async () => {
    const anonymous = new Browser();
    const page = await viewSites(anonymous, SCIC);
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/connexion?redirectTo=${encodeURIComponent(paths.sites(SCIC))}`);
    const before = await spaceRow(scicSpaceId);
    const post = await postSpace(anonymous, SCIC, scicSpaceId, spaceForm());
    expect(post.status).toBe(302);
    expect(post.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);
    expect(await spaceRow(scicSpaceId)).toEqual(before);
  });

  it("shows a STRUCTURE running no site an empty list saying where its sites come from, and never lets it create one (404)", async () => {
    const list = await viewSites(structureAdmin, STRUCTURE);
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ canManage: true, canCreate: false, fromOccupiedBiens: true, sites: [] });
    expect((await viewNewSite(structureAdmin, STRUCTURE)).status).toBe(404);
    const sites = await db.site.count();
    expect((await postNewSite(structureAdmin, STRUCTURE, NEW_SITE)).status).toBe(404);
    expect(await db.site.count()).toBe(sites);
  });

  it("gets 404 on the SCIC's pages and actions from another organisation, and nothing changes", async () => {
    expect((await viewSites(structureAdmin, SCIC)).status).toBe(404);
    expect((await viewNewSite(structureAdmin, SCIC)).status).toBe(404);
    expect((await viewSite(structureAdmin, SCIC, scicSiteId)).status).toBe(404);
    expect((await viewNewSpace(structureAdmin, SCIC, scicSiteId)).status).toBe(404);
    expect((await viewSpace(structureAdmin, SCIC, scicSpaceId)).status).toBe(404);

    const [sites, spaces, before] = [await db.site.count(), await db.space.count(), await spaceRow(scicSpaceId)];
    expect((await postNewSite(structureAdmin, SCIC, NEW_SITE)).status).toBe(404);
    expect((await postSite(structureAdmin, SCIC, scicSiteId, { intent: "update-site", ...NEW_SITE })).status).toBe(404);
    expect((await postNewSpace(structureAdmin, SCIC, scicSiteId, { name: "Salle", kind: "ROOM", capacity: "5" })).status).toBe(404);
    expect((await postSpace(structureAdmin, SCIC, scicSpaceId, spaceForm())).status).toBe(404);
    expect((await postSpace(structureAdmin, SCIC, scicSpaceId, { intent: "add-holidays", year: "2027" })).status).toBe(404);
    expect(await db.site.count()).toBe(sites);
    expect(await db.space.count()).toBe(spaces);
    expect(await spaceRow(scicSpaceId)).toEqual(before);
  });

  it("gets 404 when posting to a SCIC space through their own organisation's URL (IDOR)", async () => {
    const before = await spaceRow(scicSpaceId);
    // A structure (it runs the sites opened from its biens): only the scoped queries protect the SCIC.
    expect((await viewSpace(structureAdmin, STRUCTURE, scicSpaceId)).status).toBe(404);
    expect((await postSpace(structureAdmin, STRUCTURE, scicSpaceId, spaceForm())).status).toBe(404);
    // A collectivité manager passes the role check: only the scoped queries protect the SCIC.
    expect((await viewSpace(villeManager, VILLE, scicSpaceId)).status).toBe(404);
    expect((await viewSite(villeManager, VILLE, scicSiteId)).status).toBe(404);
    expect((await viewNewSpace(villeManager, VILLE, scicSiteId)).status).toBe(404);
    expect((await postSpace(villeManager, VILLE, scicSpaceId, spaceForm())).status).toBe(404);
    expect(
      (await postSpace(villeManager, VILLE, scicSpaceId, { intent: "add-closure", startsOn: "2027-01-04", endsOn: "2027-01-04", reason: "Piratage" }))
        .status,
    ).toBe(404);
    expect((await postSpace(villeManager, VILLE, scicSpaceId, { intent: "add-holidays", year: "2027" })).status).toBe(404);
    expect((await postSite(villeManager, VILLE, scicSiteId, { intent: "update-site", ...NEW_SITE })).status).toBe(404);
    expect((await postSite(villeManager, VILLE, scicSiteId, { intent: "delete-site" })).status).toBe(404);
    const spaces = await db.space.count();
    expect((await postNewSpace(villeManager, VILLE, scicSiteId, { name: "Salle pirate", kind: "ROOM", capacity: "5" })).status).toBe(404);
    expect(await db.space.count()).toBe(spaces);
    expect(await spaceRow(scicSpaceId)).toEqual(before);
    expect((await db.site.findUniqueOrThrow({ where: { id: scicSiteId } })).name).toBe("Tiers-lieu des Halles");
  });

  it("cannot remove a SCIC closure through a space of their own (IDOR)", async () => {
    const closure = await db.closure.create({
      data: { spaceId: scicSpaceId, startsOn: "2027-12-24", endsOn: "2027-12-24", reason: "Réveillon" },
    });
    const { spaceId: villeSpaceId } = await createSiteAndSpace(villeManager, VILLE);
    const byOwnSpace = await postSpace(villeManager, VILLE, villeSpaceId, { intent: "remove-closure", closureId: closure.id });
    expect(byOwnSpace.status).toBe(404);
    const bySpace = await postSpace(villeManager, VILLE, scicSpaceId, { intent: "remove-closure", closureId: closure.id });
    expect(bySpace.status).toBe(404);
    expect(await db.closure.count({ where: { id: closure.id } })).toBe(1);
  });
});
