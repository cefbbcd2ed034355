// The availability search's occupancy cache (docs/decisions/0019), on SQLite and PostgreSQL:
// a warm cache reads no occurrence and no space; every kind of change — through the app, through
// raw SQL as a script would, from another app instance — shows in the next search, which reloads
// only the spaces it touched (or every space, when a space, a site or a closure changed); the
// database's triggers count what a search reads and nothing else.
import { createDb, type Db } from "~/db.server";
import { availabilityCandidates } from "~/domain/availability-search";
import type { AvailabilityFilters } from "~/domain/availability";
import { searchSpaces } from "~/models/availability.server";
import { cancelOccurrence, cancelSeries, createBooking, moveOccurrence } from "~/models/booking.server";
import { currentOccupancy, dropOccupancyCache, fillOccupancyCache, occupancyCacheStats } from "~/models/occupancy-cache.server";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

const NOW = new Date("2027-02-01T08:00:00Z");
/** Tuesdays 14:00–16:00 over 4 weeks from 2 March 2027. */
const TUESDAYS = availabilityCandidates({ date: "2027-03-02", startTime: "14:00", endTime: "16:00", weeks: 4, weekdays: ["TU"] });
const OPEN_8_TO_20 = JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5, 6].map((day) => [day, [{ open: "08:00", close: "20:00" }]])));

function candidates() {
  if (!TUESDAYS.ok) throw new Error(TUESDAYS.message);
  return TUESDAYS.candidates;
}

/** What a user sees of an answer: each space, its status and every unavailable date with its reasons. */
function shown(answer: Awaited<ReturnType<typeof searchSpaces>>) {
  return answer.map((result) => ({
    space: result.space.name,
    status: result.status,
    unavailable: result.unavailable.map((date) => `${date.recurrenceId}: ${date.reasons.map((reason) => reason.message).join(" ")}`),
  }));
}

describe.each(providers)("occupancy cache on %s", (provider) => {
  let database: TestDatabase;
  let db: Db;
  let bookerId: string;
  let spaceIds: Record<"room" | "bufferedRoom" | "otherRoom" | "pool", string>;

  const search = (readFrom: "cache" | "database", filters: AvailabilityFilters = {}, client = db) =>
    searchSpaces(client, { candidates: candidates(), filters, now: NOW, readFrom });

  /** The cached answer, checked against the database's, and how many spaces it (re)loaded. */
  async function cachedSearch(filters: AvailabilityFilters = {}) {
    const before = occupancyCacheStats(db);
    const answer = shown(await search("cache", filters));
    const after = occupancyCacheStats(db);
    expect(after.searchesNotAnswered).toBe(before.searchesNotAnswered);
    expect(answer).toEqual(shown(await search("database", filters)));
    return { answer, spacesLoaded: after.spacesLoaded - before.spacesLoaded, cataloguesLoaded: after.cataloguesLoaded - before.cataloguesLoaded };
  }

  const statusOf = (answer: ReturnType<typeof shown>, name: string) => answer.find((result) => result.space === name);

  /**
   * True once `attempt` says no counts were read. On PostgreSQL the data version is the
   * cluster's: the other test files' commits move it too (the counts are then read, and found
   * unchanged), so it is tried again for up to 10 s, as long as they keep committing.
   */
  async function skipsCountsOnceQuiet(attempt: () => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + 10_000;
    do {
      if (await attempt()) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    } while (Date.now() < deadline);
    return false;
  }

  async function book(spaceId: string, localStart: string, localEnd: string, rrule: string | null = null, seats = 1) {
    const result = await createBooking(db, {
      spaceId,
      organizationId: bookerId,
      createdById: null,
      title: "Essai",
      request: { localStart, localEnd, rrule, seats },
      skip: "NONE",
      now: NOW,
    });
    if (!result.ok) throw new Error(`booking failed: ${JSON.stringify(result).slice(0, 300)}`);
    return result.seriesId;
  }

  async function versionOf(spaceId: string): Promise<number> {
    const row = await db.spaceOccupancyVersion.findUnique({ where: { spaceId } });
    return row?.version ?? 0;
  }

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    db = database.db;
    const network = await db.organization.create({
      data: { slug: "reseau-cache", name: "Réseau", kind: "SCIC", legalForm: "SCIC SAS", siret: "90000000000011", address: "1 rue du Port", postalCode: "44000", city: "Nantes" },
    });
    const booker = await db.organization.create({
      data: { slug: "asso-cache", name: "Association", kind: "STRUCTURE", legalForm: "Association loi 1901", siret: "90000000000029", address: "2 rue du Port", postalCode: "44000", city: "Nantes" },
    });
    bookerId = booker.id;
    const site = await db.site.create({ data: { organizationId: network.id, name: "Site", address: "1 quai de Loire", postalCode: "44000", city: "Nantes" } });
    const space = (name: string, extra: { kind?: "ROOM" | "DESK_POOL"; seats?: number; bufferMinutes?: number } = {}) =>
      db.space.create({
        data: { siteId: site.id, organizationId: network.id, name, kind: "ROOM", capacity: 10, openingHours: OPEN_8_TO_20, maxDurationMinutes: 600, ...extra },
      });
    spaceIds = {
      room: (await space("Salle A")).id,
      bufferedRoom: (await space("Salle B", { bufferMinutes: 30 })).id,
      otherRoom: (await space("Salle C")).id,
      pool: (await space("Open space", { kind: "DESK_POOL", seats: 2 })).id,
    };
    // Every space busy on Wednesdays, so each has bookings to keep.
    for (const spaceId of Object.values(spaceIds)) await book(spaceId, "2027-03-03T09:00", "2027-03-03T12:00", "FREQ=WEEKLY;COUNT=4");
  }, 60_000);

  afterAll(async () => {
    await database.dispose();
  });

  it("answers from memory once filled: no occurrence read when nothing changed", async () => {
    const first = await cachedSearch();
    expect(first.answer.map((result) => result.status)).toEqual(["FREE", "FREE", "FREE", "FREE"]);
    const again = await cachedSearch();
    expect(again.answer).toEqual(first.answer);
    expect(again.spacesLoaded).toBe(0);
    expect(again.cataloguesLoaded).toBe(0);
  });

  it("reads no counts while nothing was committed since it was last up to date, and reads them after any commit", async () => {
    const siteId = (await db.space.findUniqueOrThrow({ where: { id: spaceIds.room } })).siteId;
    expect(
      await skipsCountsOnceQuiet(async () => {
        await cachedSearch();
        const before = occupancyCacheStats(db).countsRead;
        await cachedSearch();
        await cachedSearch({ siteId });
        return occupancyCacheStats(db).countsRead === before;
      }),
    ).toBe(true);
    // A commit anywhere, even of a table a search never reads, makes the next search read them.
    const before = occupancyCacheStats(db).countsRead;
    await db.organization.update({ where: { id: bookerId }, data: { city: "Rezé" } });
    const after = await cachedSearch();
    expect(occupancyCacheStats(db).countsRead).toBe(before + 1);
    expect(after.spacesLoaded).toBe(0);
  });

  it("reads no counts for a site brought up to date by a search on it while nothing was committed since", async () => {
    const siteId = (await db.space.findUniqueOrThrow({ where: { id: spaceIds.room } })).siteId;
    // A commit first, so the cache is not up to date for every site (only one site is searched).
    await db.organization.update({ where: { id: bookerId }, data: { city: "Nantes" } });
    expect(
      await skipsCountsOnceQuiet(async () => {
        await cachedSearch({ siteId });
        const before = occupancyCacheStats(db).countsRead;
        await cachedSearch({ siteId });
        return occupancyCacheStats(db).countsRead === before;
      }),
    ).toBe(true);
    // A booking on that site shows in the next search on it, which reads the counts again.
    const before = occupancyCacheStats(db).countsRead;
    const seriesId = await book(spaceIds.otherRoom, "2027-03-16T14:00", "2027-03-16T15:00");
    const booked = await cachedSearch({ siteId });
    expect(occupancyCacheStats(db).countsRead).toBeGreaterThan(before);
    expect(statusOf(booked.answer, "Salle C")?.unavailable).toEqual([expect.stringMatching(/^2027-03-16T14:00: .*est déjà réservé/)]);
    expect(booked.spacesLoaded).toBe(1);
    expect((await cancelSeries(db, { organizationId: bookerId, seriesId, now: NOW })).ok).toBe(true);
    expect(statusOf((await cachedSearch({ siteId })).answer, "Salle C")?.status).toBe("FREE");
  });

  it("shows each change made through the app in the next search, reloading only the space it touched", async () => {
    await cachedSearch();
    const seriesId = await book(spaceIds.room, "2027-03-09T14:00", "2027-03-09T16:00");
    const booked = await cachedSearch();
    expect(statusOf(booked.answer, "Salle A")?.unavailable).toEqual([expect.stringMatching(/^2027-03-09T14:00: .*est déjà réservé/)]);
    expect(booked.spacesLoaded).toBe(1);
    expect(booked.cataloguesLoaded).toBe(0);

    expect((await moveOccurrence(db, { organizationId: bookerId, seriesId, recurrenceId: "2027-03-09T14:00", localStart: "2027-03-16T13:00", localEnd: "2027-03-16T15:00", now: NOW })).ok).toBe(true);
    expect(statusOf((await cachedSearch()).answer, "Salle A")?.unavailable).toEqual([expect.stringMatching(/^2027-03-16T14:00: /)]);

    expect((await cancelOccurrence(db, { organizationId: bookerId, seriesId, recurrenceId: "2027-03-09T14:00", now: NOW })).ok).toBe(true);
    expect(statusOf((await cachedSearch()).answer, "Salle A")?.status).toBe("FREE");

    // Within the buffer of Salle B: ends when the slot starts, which needs 30 minutes between.
    await book(spaceIds.bufferedRoom, "2027-03-23T12:00", "2027-03-23T14:00");
    expect(statusOf((await cachedSearch()).answer, "Salle B")?.unavailable).toEqual([expect.stringMatching(/^2027-03-23T14:00: .*trop proche/)]);

    // Desk pool: two seats of two taken on one Tuesday, then one of them given back.
    const first = await book(spaceIds.pool, "2027-03-02T13:00", "2027-03-02T17:00");
    await book(spaceIds.pool, "2027-03-02T15:00", "2027-03-02T16:00");
    expect(statusOf((await cachedSearch()).answer, "Open space")?.unavailable).toEqual([expect.stringMatching(/^2027-03-02T14:00: .*complet/)]);
    expect((await cancelSeries(db, { organizationId: bookerId, seriesId: first, now: NOW })).ok).toBe(true);
    expect(statusOf((await cachedSearch()).answer, "Open space")?.status).toBe("FREE");
  });

  it("shows changes written around the app, as a script or a restore would", async () => {
    await cachedSearch();
    const [wednesday] = await db.occurrence.findMany({ where: { spaceId: spaceIds.otherRoom, status: "CONFIRMED" }, orderBy: { startsAt: "asc" }, take: 1 });
    // Moved by hand onto the first Tuesday's slot, then deleted.
    await db.$executeRaw`UPDATE "Occurrence" SET "startsAt" = ${new Date("2027-03-02T13:30:00Z")}, "endsAt" = ${new Date("2027-03-02T14:30:00Z")} WHERE "id" = ${wednesday.id}`;
    expect(statusOf((await cachedSearch()).answer, "Salle C")?.unavailable).toEqual([expect.stringMatching(/^2027-03-02T14:00: /)]);
    await db.$executeRaw`DELETE FROM "Occurrence" WHERE "id" = ${wednesday.id}`;
    expect(statusOf((await cachedSearch()).answer, "Salle C")?.status).toBe("FREE");
  });

  it("shows another app instance's writes (its own client, its own cache)", async () => {
    const other = createDb(database.url);
    try {
      await search("cache");
      await search("cache", {}, other);
      const result = await createBooking(other, {
        spaceId: spaceIds.otherRoom,
        organizationId: bookerId,
        createdById: null,
        title: "Depuis une autre instance",
        request: { localStart: "2027-03-23T14:00", localEnd: "2027-03-23T15:00", rrule: null, seats: 1 },
        skip: "NONE",
        now: NOW,
      });
      expect(result.ok).toBe(true);
      expect(statusOf((await cachedSearch()).answer, "Salle C")?.unavailable).toEqual([expect.stringMatching(/^2027-03-23T14:00: /)]);
    } finally {
      await other.$disconnect();
    }
  });

  it("checks on a search of one site only that site's counts", async () => {
    const [site] = await db.site.findMany({ take: 1 });
    const network = await db.organization.findFirstOrThrow({ where: { slug: "reseau-cache" } });
    const other = await db.site.create({ data: { organizationId: network.id, name: "Autre site", address: "9 quai de Loire", postalCode: "44000", city: "Nantes" } });
    const elsewhere = await db.space.create({
      data: { siteId: other.id, organizationId: network.id, name: "Salle ailleurs", kind: "ROOM", capacity: 10, openingHours: OPEN_8_TO_20, maxDurationMinutes: 600 },
    });
    await cachedSearch();
    await book(elsewhere.id, "2027-03-02T14:00", "2027-03-02T16:00");
    const here = await cachedSearch({ siteId: site.id });
    expect(here.spacesLoaded).toBe(0);
    await book(spaceIds.bufferedRoom, "2027-03-16T14:00", "2027-03-16T15:00");
    expect((await cachedSearch({ siteId: site.id })).spacesLoaded).toBe(1);
    const everywhere = await cachedSearch();
    expect(everywhere.spacesLoaded).toBe(1);
    expect(statusOf(everywhere.answer, "Salle ailleurs")?.unavailable).toEqual([expect.stringMatching(/^2027-03-02T14:00: /)]);
    // A search on one site is given that site's spaces only (in name order), not the network's.
    const from = new Date("2027-03-01T00:00:00Z");
    const names = async (siteId?: string) => (await currentOccupancy(db, { from, now: NOW, siteId }))?.spaces.map((space) => space.name);
    expect(await names(other.id)).toEqual(["Salle ailleurs"]);
    expect(await names(site.id)).toEqual((await names())?.filter((name) => name !== "Salle ailleurs"));
    expect(await names("site-inconnu")).toEqual([]);
    await db.space.delete({ where: { id: elsewhere.id } });
    await db.site.delete({ where: { id: other.id } });
  });

  it("counts what a search reads and nothing else; a series is one count on PostgreSQL", async () => {
    const before = await versionOf(spaceIds.room);
    await db.occurrence.updateMany({ where: { spaceId: spaceIds.room }, data: { sequence: { increment: 1 } } });
    expect(await versionOf(spaceIds.room)).toBe(before);
    await book(spaceIds.room, "2027-04-05T09:00", "2027-04-05T10:00", "FREQ=WEEKLY;COUNT=3");
    const after = await versionOf(spaceIds.room);
    expect(after).toBe(provider === "postgres" ? before + 1 : before + 3);
  });

  it("counts no catalogue change for a statement that writes no space, site or closure", async () => {
    await cachedSearch();
    // A refused deletion (nothing matches) and updates of nothing: statement triggers would run.
    await db.site.deleteMany({ where: { id: "no-such-site" } });
    await db.space.updateMany({ where: { id: "no-such-space" }, data: { name: "Personne" } });
    await db.closure.deleteMany({ where: { spaceId: "no-such-space" } });
    expect((await cachedSearch()).cataloguesLoaded).toBe(0);
  });

  it("reads the spaces again when a space, its site or its closures change, and filters them as the database does", async () => {
    await cachedSearch();
    await db.space.update({ where: { id: spaceIds.room }, data: { name: "Salle A bis", capacity: 4, accessible: true } });
    const renamed = await cachedSearch();
    expect(renamed.cataloguesLoaded).toBe(1);
    expect(statusOf(renamed.answer, "Salle A bis")).toBeDefined();
    expect((await cachedSearch({ minCapacity: 8 })).answer.map((result) => result.space)).not.toContain("Salle A bis");
    expect((await cachedSearch({ accessibleOnly: true })).answer.map((result) => result.space)).toEqual(["Salle A bis"]);

    const [site] = await db.site.findMany({ take: 1 });
    await db.site.update({ where: { id: site.id }, data: { name: "Site renommé" } });
    await cachedSearch();
    expect((await searchSpaces(db, { candidates: candidates(), filters: {}, now: NOW })).map((result) => result.space.siteName)).toContain("Site renommé");
    expect((await cachedSearch({ siteId: site.id })).answer).toHaveLength(4);

    // Closed on the second Tuesday.
    const closure = await db.closure.create({ data: { spaceId: spaceIds.room, startsOn: "2027-03-09", endsOn: "2027-03-09", reason: "Travaux" } });
    expect(statusOf((await cachedSearch()).answer, "Salle A bis")?.unavailable).toEqual([expect.stringMatching(/^2027-03-09T14:00: .*Travaux/)]);
    await db.closure.delete({ where: { id: closure.id } });
    expect(statusOf((await cachedSearch()).answer, "Salle A bis")?.status).toBe("FREE");
  });

  it("reads a space that became a desk pool, and forgets a deleted space", async () => {
    await cachedSearch();
    await db.space.update({ where: { id: spaceIds.otherRoom }, data: { kind: "DESK_POOL", seats: 3 } });
    const changed = await cachedSearch();
    expect(statusOf(changed.answer, "Salle C")).toBeDefined();
    await db.space.delete({ where: { id: spaceIds.otherRoom } });
    const deleted = await cachedSearch();
    expect(statusOf(deleted.answer, "Salle C")).toBeUndefined();
    expect(deleted.answer).toHaveLength(3);
  });

  it("does not keep a search waiting while it fills: the database answers, the cache fills behind", async () => {
    dropOccupancyCache(db);
    const from = new Date("2027-03-01T00:00:00Z");
    expect(await currentOccupancy(db, { from, now: NOW, reloadAtMost: 0 })).toBeNull();
    expect(occupancyCacheStats(db)).toEqual({ spacesLoaded: 0, cataloguesLoaded: 0, searchesNotAnswered: 1, countsRead: 1 });
    await fillOccupancyCache(db, NOW);
    const filled = await currentOccupancy(db, { from, now: NOW, reloadAtMost: 0 });
    expect(filled?.bySpace.get(spaceIds.room)?.starts.length).toBeGreaterThan(0);
    // Every space with a count, the two deleted ones' included (a count stays, its bookings are none).
    expect(occupancyCacheStats(db).spacesLoaded).toBe(5);
  });

  it("leaves searches reaching before what it keeps to the database", async () => {
    const before = occupancyCacheStats(db);
    expect(await currentOccupancy(db, { from: new Date("2026-12-01T00:00:00Z"), now: NOW })).toBeNull();
    expect(occupancyCacheStats(db).searchesNotAnswered).toBe(before.searchesNotAnswered + 1);
  });
});
