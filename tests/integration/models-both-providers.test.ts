// The same model operations, run on SQLite and (when TEST_POSTGRES_URL is set) PostgreSQL.
import { weekCalendarFromData } from "~/domain/week-calendar";
import { createBooking } from "~/models/booking.server";
import { countPendingByManager } from "~/models/booking-queries.server";
import { loadSiteWeek } from "~/models/calendar.server";
import { countUnreadNotifications } from "~/models/notification.server";
import { organizationsRunningSites } from "~/models/site.server";
import { loadSpaceForBooking, loadSpacesForBooking, loadSpacesForSearch } from "~/models/space-planning.server";
import { findMembership, getOrganizationForMember, listMembershipsOfUser, updateOrganizationProfile } from "~/models/organization.server";
import { createUser, findSession, verifyLogin } from "~/models/user.server";
import { insertParentAndChildren, newId } from "~/utils/bulk-insert.server";
import { isUniqueViolation } from "~/utils/db-errors.server";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

describe.each(providers)("models on %s", (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    await seedDemoData(database.db);
  });

  afterAll(async () => {
    await database.dispose();
  });

  it("seeds the demo territory exactly once", async () => {
    await seedDemoData(database.db);
    const kinds = await database.db.organization.groupBy({ by: ["kind"], _count: true, orderBy: { kind: "asc" } });
    expect(kinds.map(({ kind, _count }) => [kind, _count])).toEqual([
      ["COLLECTIVITE", 1],
      ["SCIC", 1],
      ["STRUCTURE", 3],
    ]);
    expect(await database.db.space.count({ where: { kind: "DESK_POOL" } })).toBe(1);
    expect(await database.db.space.count({ where: { kind: "ROOM" } })).toBe(4);
  });

  it("verifies passwords hashed with argon2id", async () => {
    const user = await verifyLogin(database.db, DEMO_USERS.scicAdmin.email.toUpperCase(), DEMO_PASSWORD);
    expect(user?.email).toBe(DEMO_USERS.scicAdmin.email);
    expect(await verifyLogin(database.db, DEMO_USERS.scicAdmin.email, "wrong")).toBeNull();
    const stored = await database.db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.scicAdmin.email } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("lists a user's memberships with roles and finds one by slug", async () => {
    const user = await database.db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.scicManager.email } });
    const memberships = await listMembershipsOfUser(database.db, user.id);
    expect(memberships.map((m) => [m.organization.slug, m.role])).toEqual([["fabrique-commune", "MANAGER"]]);
    expect((await findMembership(database.db, { userId: user.id, organizationSlug: "fabrique-commune" }))?.role).toBe("MANAGER");
    expect(await findMembership(database.db, { userId: user.id, organizationSlug: "savoirs-partages" })).toBeNull();
  });

  it("loads an organisation with its sites and spaces", async () => {
    const scic = await database.db.organization.findUniqueOrThrow({ where: { slug: "fabrique-commune" } });
    const organization = await getOrganizationForMember(database.db, { organizationId: scic.id });
    expect(organization?.sites.map((site) => site.name)).toEqual(["Tiers-lieu des Halles"]);
    expect(organization?.sites[0].spaces.map((space) => space.name)).toEqual([
      "Atelier Louise Michel",
      "Cuisine partagée",
      "Grande halle",
      "Open space — 12 postes",
      "Salle Olympe de Gouges",
    ]);
  });

  it("reports unique violations the same way (e-mail, SIRET)", async () => {
    const duplicateEmail = await createUser(database.db, { email: DEMO_USERS.scicAdmin.email, name: "Doublon", password: "x" }).catch(
      (error: unknown) => error,
    );
    expect(isUniqueViolation(duplicateEmail)).toBe(true);
    const structure = await database.db.organization.findUniqueOrThrow({ where: { slug: "savoirs-partages" } });
    const duplicateSiret = await updateOrganizationProfile(database.db, {
      organizationId: structure.id,
      profile: { name: structure.name, legalForm: null, siret: "84567891200039", address: null, postalCode: null, city: null, email: null, description: null, electronicInvoicingAddress: null },
    }).catch((error: unknown) => error);
    expect(isUniqueViolation(duplicateSiret)).toBe(true);
  });

  it("finds a session's user until the session expires", async () => {
    const user = await createUser(database.db, { email: "session@exemple.fr", name: "Séance", password: "x" });
    const expiresAt = new Date("2027-03-01T10:00:00.000Z");
    await database.db.session.create({ data: { id: "session-hash", userId: user.id, expiresAt } });
    expect(await findSession(database.db, "session-hash", new Date("2027-03-01T09:59:59.999Z"))).toEqual({
      user: { id: user.id, name: "Séance", email: "session@exemple.fr" },
      expiresAt,
    });
    expect(await findSession(database.db, "session-hash", expiresAt)).toBeNull();
    expect(await findSession(database.db, "another-hash", new Date("2027-03-01T09:00:00.000Z"))).toBeNull();
  });

  it("lists a user's memberships by organisation name, with role and organisation", async () => {
    const user = await createUser(database.db, { email: "multiple@exemple.fr", name: "Plusieurs", password: "x" });
    const [first, second] = await database.db.organization.findMany({ orderBy: { name: "desc" }, take: 2 });
    await database.db.membership.create({ data: { userId: user.id, organizationId: first.id, role: "ADMIN" } });
    await database.db.membership.create({ data: { userId: user.id, organizationId: second.id, role: "MEMBER" } });
    expect(await listMembershipsOfUser(database.db, user.id)).toEqual([
      { role: "MEMBER", organization: { id: second.id, slug: second.slug, name: second.name, kind: second.kind, city: second.city } },
      { role: "ADMIN", organization: { id: first.id, slug: first.slug, name: first.name, kind: first.kind, city: first.city } },
    ]);
  });

  it("counts what a dashboard shows: sites run, pending series per managing organisation, unread notifications", async () => {
    const { db } = database;
    const [collectivite, scic, structure, other] = await Promise.all(
      ["ville-de-bellerive", "fabrique-commune", "savoirs-partages", "velo-solidaire"].map((slug) => db.organization.findUniqueOrThrow({ where: { slug } })),
    );
    expect(await organizationsRunningSites(db, [])).toEqual(new Set());
    expect(await organizationsRunningSites(db, [scic.id, structure.id, other.id])).toEqual(new Set([scic.id]));

    // Pending series of the SCIC's spaces, whoever booked them; confirmed ones are not counted.
    const [firstSpace, secondSpace] = await db.space.findMany({ where: { organizationId: scic.id }, orderBy: { name: "asc" }, take: 2 });
    const series = (spaceId: string, organizationId: string, status: "PENDING" | "CONFIRMED", day: number) => ({
      spaceId, organizationId, status, title: "Comptage", localStart: `2027-05-${day}T10:00`, localEnd: `2027-05-${day}T11:00`, materializedUntil: new Date(`2027-05-${day}T09:00:00Z`),
    });
    const pendingBefore = await db.bookingSeries.count({ where: { status: "PENDING", space: { organizationId: scic.id } } });
    await db.bookingSeries.createMany({
      data: [
        series(firstSpace.id, structure.id, "PENDING", 10),
        series(secondSpace.id, other.id, "PENDING", 11),
        series(secondSpace.id, other.id, "CONFIRMED", 12),
      ],
    });
    const pending = await countPendingByManager(db, [scic.id, structure.id]);
    expect(pending).toEqual(new Map([[scic.id, pendingBefore + 2]]));
    expect(await countPendingByManager(db, [])).toEqual(new Map());

    // Unread: the user's own and their organisations' notifications without user, not another
    // user's, nor another organisation's, nor read ones.
    const reader = await createUser(db, { email: "lectrice@exemple.fr", name: "Lectrice", password: "x" });
    const someoneElse = await createUser(db, { email: "autre@exemple.fr", name: "Autre", password: "x" });
    const notification = (userId: string | null, organizationId: string, readAt: Date | null = null) => ({ userId, organizationId, title: "Avis", body: "…", readAt });
    await db.notification.createMany({
      data: [
        notification(reader.id, structure.id),
        notification(reader.id, collectivite.id),
        notification(null, structure.id),
        notification(null, other.id),
        notification(someoneElse.id, structure.id),
        notification(reader.id, structure.id, new Date("2027-01-01T00:00:00Z")),
        notification(null, structure.id, new Date("2027-01-01T00:00:00Z")),
      ],
    });
    expect(await countUnreadNotifications(db, { userId: reader.id, organizationIds: [structure.id] })).toBe(3);
    expect(await countUnreadNotifications(db, { userId: reader.id, organizationIds: [structure.id, other.id] })).toBe(4);
    expect(await countUnreadNotifications(db, { userId: reader.id, organizationIds: [] })).toBe(2);
  });

  it("loads a site's week with the bookings' titles for those who may read them, « Réservé » for the others", async () => {
    const { db } = database;
    const scic = await db.organization.findUniqueOrThrow({ where: { slug: "fabrique-commune" } });
    const booker = await db.organization.findUniqueOrThrow({ where: { slug: "velo-solidaire" } });
    const site = await db.site.findFirstOrThrow({ where: { organizationId: scic.id }, include: { spaces: { orderBy: { name: "asc" } } } });
    const [space] = site.spaces;
    const booked = await createBooking(db, {
      spaceId: space.id, organizationId: booker.id, createdById: null, title: "Atelier vélo",
      request: { localStart: "2027-06-15T14:00", localEnd: "2027-06-15T16:00", rrule: null, seats: 1 }, skip: "NONE", now: new Date("2027-06-01T08:00:00Z"),
    });
    expect(booked.ok).toBe(true);
    const blocksSeenBy = async (email: string) => {
      const user = await db.user.findUniqueOrThrow({ where: { email } });
      const week = await loadSiteWeek(db, { siteId: site.id, week: { year: 2027, week: 24 }, userId: user.id });
      if (!week) throw new Error("site not found");
      expect(week.spaces.map((shown) => shown.name)).toEqual(site.spaces.map((one) => one.name));
      const calendar = weekCalendarFromData(week.calendarData);
      return calendar.days.flatMap((day) => day.spaces[0].blocks.map((block) => `${day.label} ${block.text}`));
    };
    expect(await blocksSeenBy(DEMO_USERS.scicManager.email)).toEqual(["mardi 15 juin 14:00–16:00 · Atelier vélo (Coopérative Vélo Solidaire)"]);
    expect(await blocksSeenBy(DEMO_USERS.structureMember.email)).toEqual(["mardi 15 juin 14:00–16:00 · Réservé"]);
    expect(await loadSiteWeek(db, { siteId: "nope", week: { year: 2027, week: 24 }, userId: "nobody" })).toBeNull();
  });

  it("loads one space for booking in one query as the Prisma loader does, with its closures or without", async () => {
    const { db } = database;
    const [closed, open] = await db.space.findMany({ orderBy: { name: "asc" }, take: 2 });
    await db.closure.createMany({
      data: [
        { spaceId: closed.id, startsOn: "2027-12-24", endsOn: "2028-01-02", reason: "Fêtes de fin d'année" },
        { spaceId: closed.id, startsOn: "2027-05-01", endsOn: "2027-05-01", reason: "Fête du travail" },
      ],
    });
    for (const space of [closed, open]) {
      const [expected] = await loadSpacesForBooking(db, { id: space.id });
      expect(await loadSpaceForBooking(db, space.id)).toEqual(expected);
    }
    expect((await loadSpaceForBooking(db, closed.id))?.closures.map((closure) => closure.reason)).toEqual(["Fête du travail", "Fêtes de fin d'année"]);
    expect((await loadSpaceForBooking(db, open.id))?.closures).toEqual([]);
    expect(await loadSpaceForBooking(db, "nope")).toBeNull();
  });

  it("loads the spaces a search covers (packed by the database) as the Prisma loader does, in the same order", async () => {
    const { db } = database;
    const [closed] = await db.space.findMany({ orderBy: { name: "asc" }, take: 1 });
    await db.closure.create({ data: { spaceId: closed.id, startsOn: "2027-11-01", endsOn: "2027-11-01", reason: "Toussaint" } });
    const site = await db.site.findFirstOrThrow({ where: { spaces: { some: {} } } });
    const searches = [
      [{}, {}],
      [{ minCapacity: 10 }, { capacity: { gte: 10 } }],
      [{ siteId: site.id, accessibleOnly: true }, { siteId: site.id, accessible: true }],
    ] as const;
    for (const [filters, where] of searches) {
      const expected = await loadSpacesForBooking(db, where);
      expect(expected.length).toBeGreaterThan(0);
      expect(await loadSpacesForSearch(db, filters)).toEqual(expected);
    }
    expect((await loadSpacesForSearch(db, {})).find((space) => space.id === closed.id)?.closures.map((closure) => closure.reason)).toContain("Toussaint");
  });

  it("inserts a parent and its children (one statement on PostgreSQL), all or nothing, in chunks past 500 children", async () => {
    const { db } = database;
    const now = new Date("2027-03-01T08:00:00.000Z");
    const organization = (slug: string) => ({
      table: "Organization",
      columns: ["id", "slug", "name", "kind", "createdAt", "updatedAt"],
      rows: [{ id: newId(), slug, name: `Réseau ${slug}`, kind: "SCIC", createdAt: now, updatedAt: now }],
    });
    const sites = (organizationId: string, count: number, id = () => newId()) => ({
      table: "Site",
      columns: ["id", "organizationId", "name", "address", "postalCode", "city", "updatedAt"],
      rows: Array.from({ length: count }, (_, index) => ({ id: id(), organizationId, name: `Site ${index}`, address: "1 rue du Port", postalCode: "44000", city: "Nantes", updatedAt: now })),
    });
    const postgres = provider === "postgres";
    // Counts the statements sent.
    const insertCounting = async (parent: ReturnType<typeof organization>, children: ReturnType<typeof sites>) => {
      let statements = 0;
      await db.$transaction((tx) =>
        insertParentAndChildren({ $executeRaw: (query) => (statements++, tx.$executeRaw(query)) }, postgres, parent, children),
      );
      return statements;
    };
    const few = organization("parent-enfants");
    expect(await insertCounting(few, sites(few.rows[0].id, 3))).toBe(postgres ? 1 : 2);
    expect(await db.site.count({ where: { organizationId: few.rows[0].id } })).toBe(3);

    const many = organization("parent-501-enfants");
    expect(await insertCounting(many, sites(many.rows[0].id, 501))).toBe(3);
    expect(await db.site.count({ where: { organizationId: many.rows[0].id } })).toBe(501);

    // Two children with one id: the statement (or the transaction) fails and the parent is not written.
    const failing = organization("parent-refuse");
    const insert = db.$transaction((tx) => insertParentAndChildren(tx, postgres, failing, sites(failing.rows[0].id, 2, () => "site-en-double")));
    await expect(insert).rejects.toThrow();
    expect(await db.organization.count({ where: { slug: "parent-refuse" } })).toBe(0);
  });

  it("cascades a user's deletion to their memberships and sessions", async () => {
    const user = await createUser(database.db, { email: "temporaire@exemple.fr", name: "Temporaire", password: "x" });
    const organization = await database.db.organization.findUniqueOrThrow({ where: { slug: "velo-solidaire" } });
    await database.db.membership.create({ data: { userId: user.id, organizationId: organization.id, role: "MEMBER" } });
    await database.db.session.create({ data: { id: "hash", userId: user.id, expiresAt: new Date(Date.now() + 60_000) } });
    await database.db.user.delete({ where: { id: user.id } });
    expect(await database.db.membership.count({ where: { userId: user.id } })).toBe(0);
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
