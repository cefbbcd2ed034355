// An occupied bien opened to booking ("Ouvrir à la réservation"): the collectivité or the
// occupant creates, in one transaction and once, a site run by the occupant with the bien's
// address and coordinates and a first space. Model on both databases; routes on SQLite. The
// occupant's managers then run that site: hours, spaces, approvals (its members and other
// structures do not).
import { setupServer } from "msw/node";
import { db, type Db } from "~/db.server";
import { openPremisesToBooking } from "~/models/premises.server";
import { createUser } from "~/models/user.server";
import { loader as publicLoader } from "~/routes/biens.$id";
import { action as premisesAction, loader as premisesLoader } from "~/routes/organisations.$slug_.biens.$id";
import { action as applicationsAction, loader as applicationsLoader } from "~/routes/organisations.$slug_.candidatures";
import { action as spaceAction, loader as spaceLoader } from "~/routes/organisations.$slug_.espaces.$spaceId";
import { action as siteAction, loader as siteLoader } from "~/routes/organisations.$slug_.sites.$siteId";
import { action as newSpaceAction, loader as newSpaceLoader } from "~/routes/organisations.$slug_.sites.$siteId_.espaces.nouveau";
import { loader as sitesLoader } from "~/routes/organisations.$slug_.sites._index";
import { action as newSiteAction, loader as newSiteLoader } from "~/routes/organisations.$slug_.sites.nouveau";
import { action as approvalsAction, loader as approvalsLoader } from "~/routes/organisations.$slug_.validations";
import { loader as siteWeekLoader } from "~/routes/sites.$siteId.semaine";
import { loader as dashboardLoader } from "~/routes/tableau-de-bord";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { insertOccurrences } from "../helpers/billing-fixtures";
import { premisesApiHandlers } from "../mocks/handlers";
import { respond, routeArgs, type Browser } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";
import { applyAs, COLLECTIVITE, draftPremises, organizationId, OTHER_STRUCTURE, STRUCTURE, userId } from "../helpers/premises-fixtures";
import { spaceEditFields } from "../helpers/space-form";

/** A bien attributed to STRUCTURE by a decision, at the given step (OCCUPIED by default). */
async function attributedBien(base: Db, state: "ATTRIBUTED" | "OCCUPIED" = "OCCUPIED", overrides = {}) {
  const { id } = await draftPremises(base, { kind: "WORKSHOP", surfaceM2: 90, ...overrides }, { deadline: "2099-01-15T12:00" });
  await base.premises.update({ where: { id }, data: { state: "PUBLISHED", inseeCode: "44999", latitude: 47.2184, longitude: -1.5536, geocodingStatus: "OK" } });
  const applicationId = await applyAs(base, STRUCTURE, id, new Date("2027-03-02T10:00:00Z"));
  const call = await base.premisesCall.findUniqueOrThrow({ where: { premisesId: id }, select: { id: true } });
  await base.premisesDecision.create({
    data: { callId: call.id, winnerApplicationId: applicationId, decidedByUserId: await userId(base, DEMO_USERS.collectiviteManager.email), decidedAt: new Date("2027-04-02T10:00:00Z") },
  });
  await base.premisesApplication.update({ where: { id: applicationId }, data: { status: "ATTRIBUTED" } });
  await base.premises.update({ where: { id }, data: { state } });
  return id;
}

describe.each(providers)("opening an occupied bien to booking, on %s", (provider) => {
  let database: TestDatabase;
  let base: Db;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    base = database.db;
    await seedDemoData(base);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it("creates the occupant's site with the bien's address and coordinates and a first space, once", async () => {
    const premisesId = await attributedBien(base);
    const owner = await organizationId(base, COLLECTIVITE);
    const occupant = await organizationId(base, STRUCTURE);
    const opened = await openPremisesToBooking(base, { organizationId: owner, premisesId });
    expect(opened).toMatchObject({ ok: true, created: true, occupantSlug: STRUCTURE });
    if (!opened.ok) return;
    const site = await base.site.findUniqueOrThrow({ where: { id: opened.siteId }, include: { spaces: true } });
    expect(opened).toMatchObject({ spaceId: site.spaces[0].id });
    expect(site).toMatchObject({
      organizationId: occupant,
      premisesId,
      name: "Ancienne poste du centre",
      address: "12 rue des Lilas",
      postalCode: "44400",
      city: "Bellerive-sur-Loire",
      inseeCode: "44999",
      latitude: 47.2184,
      longitude: -1.5536,
    });
    expect(site.spaces.map((space) => [space.name, space.kind, space.capacity, space.organizationId, space.accessible])).toEqual([
      ["Atelier (90 m²)", "ROOM", 22, occupant, true],
    ]);
    expect(JSON.parse(site.spaces[0].openingHours)).toEqual(
      Object.fromEntries([1, 2, 3, 4, 5].map((day) => [String(day), [{ open: "09:00", close: "18:00" }]])),
    );

    // Idempotent, whoever asks again: the collectivité or the occupant.
    expect(await openPremisesToBooking(base, { organizationId: owner, premisesId })).toEqual({ ok: true, siteId: opened.siteId, created: false, occupantSlug: STRUCTURE });
    expect(await openPremisesToBooking(base, { organizationId: occupant, premisesId })).toEqual({ ok: true, siteId: opened.siteId, created: false, occupantSlug: STRUCTURE });
    expect(await base.site.count({ where: { premisesId } })).toBe(1);
    expect(await base.space.count({ where: { siteId: opened.siteId } })).toBe(1);
  });

  it("lets the occupant open it, and creates one site when both ask at once", async () => {
    const premisesId = await attributedBien(base, "OCCUPIED", { kind: "OFFICE", surfaceM2: 125 });
    const owner = await organizationId(base, COLLECTIVITE);
    const occupant = await organizationId(base, STRUCTURE);
    const results = await Promise.all([
      openPremisesToBooking(base, { organizationId: occupant, premisesId }),
      openPremisesToBooking(base, { organizationId: owner, premisesId }),
      openPremisesToBooking(base, { organizationId: occupant, premisesId }),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(new Set(results.map((result) => (result.ok ? result.siteId : null))).size).toBe(1);
    expect(results.filter((result) => result.ok && result.created)).toHaveLength(1);
    const sites = await base.site.findMany({ where: { premisesId }, include: { spaces: true } });
    expect(sites).toHaveLength(1);
    expect(sites[0].spaces.map((space) => [space.name, space.kind, space.seats])).toEqual([["Bureaux partagés — 12 postes", "DESK_POOL", 12]]);
  });

  it("refuses a bien that is not occupied yet (400) and anyone but the owner and the occupant (404), writing nothing", async () => {
    const premisesId = await attributedBien(base, "ATTRIBUTED");
    const owner = await organizationId(base, COLLECTIVITE);
    expect(await openPremisesToBooking(base, { organizationId: owner, premisesId })).toEqual({
      ok: false,
      status: 400,
      message: "Seul un bien occupé peut être ouvert à la réservation (ce bien est à l'étape « Attribué »).",
    });
    await base.premises.update({ where: { id: premisesId }, data: { state: "OCCUPIED" } });
    for (const slug of [OTHER_STRUCTURE, "fabrique-commune"]) {
      expect(await openPremisesToBooking(base, { organizationId: await organizationId(base, slug), premisesId })).toEqual({ ok: false, status: 404, message: "Bien introuvable." });
    }
    expect(await openPremisesToBooking(base, { organizationId: owner, premisesId: "inexistant" })).toEqual({ ok: false, status: 404, message: "Bien introuvable." });
    expect(await base.site.count({ where: { premisesId } })).toBe(0);
  });
});

describe("the « Ouvrir à la réservation » actions", () => {
  const server = setupServer(...premisesApiHandlers);
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "error" });
    await seedDemoData(db);
  });
  afterAll(() => server.close());

  async function bienAction(browser: Browser, premisesId: string) {
    const request = await browser.post(`/organisations/${COLLECTIVITE}/biens/${premisesId}`, { intent: "OPEN_BOOKING" });
    return respond(() => premisesAction(routeArgs(request, { slug: COLLECTIVITE, id: premisesId })));
  }

  async function occupantAction(browser: Browser, slug: string, premisesId: string) {
    const request = await browser.post(`/organisations/${slug}/candidatures`, { intent: "OPEN_BOOKING", premisesId });
    return respond(() => applicationsAction(routeArgs(request, { slug })));
  }

  it("lets the collectivité open an occupied bien; the bien page then links to the site", async () => {
    const premisesId = await attributedBien(db);
    // Another structure looks for a shared workshop for 10 in the bien's commune: the new space fits.
    const seeker = await organizationId(db, OTHER_STRUCTURE);
    const need = await db.premisesNeed.create({
      data: {
        organizationId: seeker,
        kinds: JSON.stringify(["WORKSHOP"]),
        surfaceMinM2: 30,
        surfaceMaxM2: 120,
        communes: JSON.stringify([{ inseeCode: "44999", name: "Bellerive-sur-Loire" }]),
        budgetMaxCents: 50000,
        availableFrom: "2027-06-01",
        sharedUseAcceptable: true,
        peopleCount: 10,
        status: "OPEN",
      },
    });
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const before = await (await respond(() => premisesLoader(routeArgs(manager.get("/"), { slug: COLLECTIVITE, id: premisesId })))).json();
    expect(before.site).toBeNull();
    const response = await bienAction(manager, premisesId);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/organisations/${COLLECTIVITE}/biens/${premisesId}#reservation`);
    const after = await (await respond(() => premisesLoader(routeArgs(manager.get("/"), { slug: COLLECTIVITE, id: premisesId })))).json();
    expect(after.site).toMatchObject({ name: "Ancienne poste du centre", organization: { slug: STRUCTURE, name: "Association Savoirs Partagés" } });
    // The site's week calendar exists, with its space, managed by the occupant.
    const week = await (await respond(() => siteWeekLoader(routeArgs(manager.get(`/sites/${after.site.id}/semaine`), { siteId: after.site.id })))).json();
    expect(week.site.organizationName).toBe("Association Savoirs Partagés");
    expect(week.spaces.map((space: { name: string }) => space.name)).toEqual(["Atelier (90 m²)"]);
    // The public page of the bien links to the site too (no personal data: the occupant is a structure).
    const publicPage = await (await respond(() => publicLoader(routeArgs(new Request(`http://localhost/biens/${premisesId}`), { id: premisesId })))).json();
    expect(publicPage.site).toEqual({ id: after.site.id, name: "Ancienne poste du centre", organization: { slug: STRUCTURE, name: "Association Savoirs Partagés" } });
    // The structure looking for such a place is told once; opening again tells no one.
    const told = () => db.notification.findMany({ where: { organizationId: seeker, link: `/organisations/${OTHER_STRUCTURE}/besoins/${need.id}` } });
    expect((await told()).map((n) => n.title)).toEqual(["Un espace réservable correspond à votre besoin : « Atelier (90 m²) »"]);
    // Again: nothing new.
    expect((await bienAction(manager, premisesId)).status).toBe(302);
    expect(await db.site.count({ where: { premisesId } })).toBe(1);
    expect(await told()).toHaveLength(1);
  });

  it("lets the occupant's managers open it from their applications page; refuses members (403) and others (404)", async () => {
    const premisesId = await attributedBien(db);
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await occupantAction(member, STRUCTURE, premisesId)).status).toBe(403);
    // A manager of another structure: not its bien.
    await db.membership.updateMany({
      where: { userId: await userId(db, DEMO_USERS.otherStructureMember.email), organizationId: await organizationId(db, OTHER_STRUCTURE) },
      data: { role: "MANAGER" },
    });
    const outsider = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    expect((await occupantAction(outsider, OTHER_STRUCTURE, premisesId)).status).toBe(404);
    expect(await db.site.count({ where: { premisesId } })).toBe(0);

    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await occupantAction(admin, STRUCTURE, premisesId);
    expect(response.status).toBe(302);
    const site = await db.site.findUniqueOrThrow({ where: { premisesId } });
    expect(response.headers.get("Location")).toBe(`/sites/${site.id}/semaine`);
    const list = await (await respond(() => applicationsLoader(routeArgs(admin.get("/"), { slug: STRUCTURE })))).json();
    const entry = list.applications.find((application: { call: { premises: { id: string } } }) => application.call.premises.id === premisesId);
    expect(entry.call.premises.site).toEqual({ id: site.id, name: "Ancienne poste du centre" });
    expect(list.canOpenToBooking).toBe(true);
    const memberList = await (await respond(() => applicationsLoader(routeArgs(member.get("/"), { slug: STRUCTURE })))).json();
    expect(memberList.canOpenToBooking).toBe(false);
  });

  it("shows the refusal beside the action when the bien is not occupied (400)", async () => {
    const premisesId = await attributedBien(db, "ATTRIBUTED");
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const response = await bienAction(manager, premisesId);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      form: "booking",
      result: null,
      message: "Seul un bien occupé peut être ouvert à la réservation (ce bien est à l'étape « Attribué »).",
    });
    expect(await db.site.count({ where: { premisesId } })).toBe(0);
  });
});

describe("the occupant runs the site opened from its bien", () => {
  const server = setupServer(...premisesApiHandlers);
  let siteId: string;
  let spaceId: string;
  let pendingId: string;
  let manager: Browser;
  let member: Browser;
  let otherManager: Browser;

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "error" });
    await seedDemoData(db);
    const premisesId = await attributedBien(db);
    const occupant = await organizationId(db, STRUCTURE);
    const opened = await openPremisesToBooking(db, { organizationId: occupant, premisesId });
    if (!opened.ok) throw new Error("the bien could not be opened to booking");
    siteId = opened.siteId;
    spaceId = (await db.space.findFirstOrThrow({ where: { siteId } })).id;
    // Managers of the occupant and of another structure (the demo has neither role).
    for (const [email, slug] of [
      ["gestion@savoirs-partages.fr", STRUCTURE],
      ["gestion@velo-solidaire.fr", OTHER_STRUCTURE],
    ] as const) {
      const user = await createUser(db, { email, name: email.split("@")[0], password: DEMO_PASSWORD });
      await db.membership.create({ data: { userId: user.id, organizationId: await organizationId(db, slug), role: "MANAGER" } });
    }
    // Another structure's booking of the occupant's space, waiting for approval.
    pendingId = await insertOccurrences(db, {
      spaceId,
      organizationId: await organizationId(db, OTHER_STRUCTURE),
      slots: [{ localStart: "2027-06-08T10:00", localEnd: "2027-06-08T12:00" }],
    });
    await db.bookingSeries.update({ where: { id: pendingId }, data: { status: "PENDING" } });
    await db.occurrence.updateMany({ where: { seriesId: pendingId }, data: { status: "PENDING" } });
    [manager, member, otherManager] = await Promise.all([
      browserLoggedInAs("gestion@savoirs-partages.fr"),
      browserLoggedInAs(DEMO_USERS.structureMember.email),
      browserLoggedInAs("gestion@velo-solidaire.fr"),
    ]);
  });
  afterAll(() => server.close());

  const get = <T extends (args: ReturnType<typeof routeArgs>) => Promise<unknown>>(browser: Browser, handler: T, path: string, params: Record<string, string>) =>
    respond(() => handler(routeArgs(browser.get(path), params)));
  async function post<T extends (args: ReturnType<typeof routeArgs>) => Promise<unknown>>(
    browser: Browser,
    handler: T,
    path: string,
    params: Record<string, string>,
    fields: Record<string, string | string[]>,
  ) {
    const request = await browser.post(path, fields);
    return respond(() => handler(routeArgs(request, params)));
  }

  const paths = {
    sites: (slug: string) => `/organisations/${slug}/sites`,
    newSite: (slug: string) => `/organisations/${slug}/sites/nouveau`,
    site: (slug: string) => `/organisations/${slug}/sites/${siteId}`,
    newSpace: (slug: string) => `/organisations/${slug}/sites/${siteId}/espaces/nouveau`,
    space: (slug: string) => `/organisations/${slug}/espaces/${spaceId}`,
    approvals: (slug: string) => `/organisations/${slug}/validations`,
  };

  /** The space form as a browser sends it: the first space, open Tuesday 08:00–20:00 only. */
  const spaceForm = () => spaceEditFields({ name: "Atelier (90 m²)", capacity: "22", accessible: "on" });

  const spaceRow = () => db.space.findUniqueOrThrow({ where: { id: spaceId } });
  const dashboardOf = async (browser: Browser, slug: string) => {
    const data = await (await get(browser, dashboardLoader, "/tableau-de-bord", {})).json();
    const organization = data.organizations.find((o: { slug: string }) => o.slug === slug);
    return Object.fromEntries(organization.capabilities.map((c: { key: string; href: string | null }) => [c.key, c.href]));
  };

  it("offers its managers the site and its approvals on the dashboard, not its members nor a structure running no site", async () => {
    const links = await dashboardOf(manager, STRUCTURE);
    expect(links["manage-spaces"]).toBe(paths.sites(STRUCTURE));
    expect(links["approve-bookings"]).toBe(paths.approvals(STRUCTURE));
    const memberLinks = await dashboardOf(member, STRUCTURE);
    expect(memberLinks).not.toHaveProperty("manage-spaces");
    expect(memberLinks).not.toHaveProperty("approve-bookings");
    const otherLinks = await dashboardOf(otherManager, OTHER_STRUCTURE);
    expect(otherLinks).not.toHaveProperty("manage-spaces");
    expect(otherLinks).not.toHaveProperty("approve-bookings");
  });

  it("lets the occupant's MANAGER open its site page, edit the opening hours and add a space", async () => {
    const list = await get(manager, sitesLoader, paths.sites(STRUCTURE), { slug: STRUCTURE });
    expect(list.status).toBe(200);
    const listed = await list.json();
    expect(listed).toMatchObject({ canManage: true, canCreate: false, fromOccupiedBiens: true });
    expect(listed.sites.map((site: { id: string }) => site.id)).toContain(siteId);

    const page = await get(manager, siteLoader, paths.site(STRUCTURE), { slug: STRUCTURE, siteId });
    expect(page.status).toBe(200);
    expect((await page.json()).site).toMatchObject({ id: siteId, name: "Ancienne poste du centre" });

    expect((await get(manager, spaceLoader, paths.space(STRUCTURE), { slug: STRUCTURE, spaceId })).status).toBe(200);
    const saved = await post(manager, spaceAction, paths.space(STRUCTURE), { slug: STRUCTURE, spaceId }, spaceForm());
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`${paths.space(STRUCTURE)}?statut=enregistre`);
    expect(JSON.parse((await spaceRow()).openingHours)).toEqual({ 2: [{ open: "08:00", close: "20:00" }] });

    const closure = await post(manager, spaceAction, paths.space(STRUCTURE), { slug: STRUCTURE, spaceId }, {
      intent: "add-closure",
      startsOn: "2027-08-02",
      endsOn: "2027-08-06",
      reason: "Congés d'été",
    });
    expect(closure.status).toBe(302);
    expect(await db.closure.count({ where: { spaceId } })).toBe(1);

    expect((await get(manager, newSpaceLoader, paths.newSpace(STRUCTURE), { slug: STRUCTURE, siteId })).status).toBe(200);
    const added = await post(manager, newSpaceAction, paths.newSpace(STRUCTURE), { slug: STRUCTURE, siteId }, { name: "Bureau partagé", kind: "DESK_POOL", capacity: "6", seats: "4" });
    expect(added.status).toBe(302);
    const spaces = await db.space.findMany({ where: { siteId }, orderBy: { name: "asc" }, select: { name: true, organizationId: true } });
    expect(spaces).toEqual([
      { name: "Atelier (90 m²)", organizationId: await organizationId(db, STRUCTURE) },
      { name: "Bureau partagé", organizationId: await organizationId(db, STRUCTURE) },
    ]);
  });

  it("lets the occupant's MANAGER approve a pending booking of its site", async () => {
    const list = await get(manager, approvalsLoader, paths.approvals(STRUCTURE), { slug: STRUCTURE });
    expect(list.status).toBe(200);
    expect((await list.json()).pending).toEqual([expect.objectContaining({ id: pendingId, organizationName: "Coopérative Vélo Solidaire", siteName: "Ancienne poste du centre" })]);
    const approved = await post(manager, approvalsAction, paths.approvals(STRUCTURE), { slug: STRUCTURE }, { seriesId: pendingId, decision: "APPROVE" });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("Location")).toBe(`${paths.approvals(STRUCTURE)}?decision=acceptee`);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: pendingId } })).status).toBe("CONFIRMED");
  });

  it("never lets the occupant create a site of its own (404), whatever the role", async () => {
    const sites = await db.site.count();
    for (const browser of [manager, await browserLoggedInAs(DEMO_USERS.structureAdmin.email)]) {
      expect((await get(browser, newSiteLoader, paths.newSite(STRUCTURE), { slug: STRUCTURE })).status).toBe(404);
      const created = await post(browser, newSiteAction, paths.newSite(STRUCTURE), { slug: STRUCTURE }, {
        name: "Site inventé",
        address: "1 rue Imaginaire",
        postalCode: "44400",
        city: "Bellerive-sur-Loire",
        description: "",
      });
      expect(created.status).toBe(404);
    }
    expect(await db.site.count()).toBe(sites);
  });

  it("refuses the occupant's MEMBER (403) and another structure's MANAGER (404), changing nothing", async () => {
    const pending = await insertOccurrences(db, {
      spaceId,
      organizationId: await organizationId(db, OTHER_STRUCTURE),
      slots: [{ localStart: "2027-06-15T10:00", localEnd: "2027-06-15T12:00" }],
    });
    await db.bookingSeries.update({ where: { id: pending }, data: { status: "PENDING" } });
    await db.occurrence.updateMany({ where: { seriesId: pending }, data: { status: "PENDING" } });
    const [before, spaces, closures] = [await spaceRow(), await db.space.count(), await db.closure.count()];

    // The member reads the list (it is what the structure books), nothing more.
    const list = await get(member, sitesLoader, paths.sites(STRUCTURE), { slug: STRUCTURE });
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ canManage: false, canCreate: false });
    // Refused: the member on its own structure's URLs (403); the other structure's manager on the
    // occupant's URLs (not a member: 404) and on its own, with the occupant's ids (404).
    const refusals: Array<[Browser, string, number]> = [
      [member, STRUCTURE, 403],
      [otherManager, STRUCTURE, 404],
      [otherManager, OTHER_STRUCTURE, 404],
    ];
    for (const [browser, slug, status] of refusals) {
      expect((await get(browser, siteLoader, paths.site(slug), { slug, siteId })).status).toBe(status);
      expect((await get(browser, spaceLoader, paths.space(slug), { slug, spaceId })).status).toBe(status);
      expect((await get(browser, newSpaceLoader, paths.newSpace(slug), { slug, siteId })).status).toBe(status);
      expect((await post(browser, siteAction, paths.site(slug), { slug, siteId }, { intent: "update-site", name: "Site détourné", address: "1 rue du Port", postalCode: "44400", city: "Bellerive-sur-Loire", description: "" })).status).toBe(status);
      expect((await post(browser, spaceAction, paths.space(slug), { slug, spaceId }, spaceForm())).status).toBe(status);
      expect((await post(browser, newSpaceAction, paths.newSpace(slug), { slug, siteId }, { name: "Espace détourné", kind: "ROOM", capacity: "5" })).status).toBe(status);
      expect((await post(browser, approvalsAction, paths.approvals(slug), { slug }, { seriesId: pending, decision: "APPROVE" })).status).toBe(status);
    }
    expect((await get(member, approvalsLoader, paths.approvals(STRUCTURE), { slug: STRUCTURE })).status).toBe(403);
    expect((await get(otherManager, approvalsLoader, paths.approvals(STRUCTURE), { slug: STRUCTURE })).status).toBe(404);
    // The other structure's own approvals page lists nothing of the occupant's site.
    const otherList = await get(otherManager, approvalsLoader, paths.approvals(OTHER_STRUCTURE), { slug: OTHER_STRUCTURE });
    expect((await otherList.json()).pending).toEqual([]);

    expect(await spaceRow()).toEqual(before);
    expect(await db.space.count()).toBe(spaces);
    expect(await db.closure.count()).toBe(closures);
    expect((await db.site.findUniqueOrThrow({ where: { id: siteId } })).name).toBe("Ancienne poste du centre");
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: pending } })).status).toBe("PENDING");
  });
});
