// The availability search over a network, on SQLite and PostgreSQL: rooms by their closest
// booking to each date, desk pools by their bookings; on PostgreSQL a search over every site
// reads by time (GiST index on the occurrences' ranges), one site by space (B-tree); SQLite
// always by space; and from the occupancy cache (every booking of every space in memory,
// docs/decisions/0019). Whatever the path, `searchSpaces` must answer exactly what the pure domain answers from EVERY active
// occurrence of those spaces (the oracle below): same spaces, statuses, dates and messages,
// with multi-day bookings, buffers, desk pools, pending and cancelled bookings in the data.
import type { Db } from "~/db.server";
import { availabilityCandidates } from "~/domain/availability-search";
import { searchAvailability, type AvailabilityFilters } from "~/domain/availability";
import type { ExistingOccurrence } from "~/domain/conflicts";
import { searchSpaces } from "~/models/availability.server";
import { cancelSeries, createBooking } from "~/models/booking.server";
import { loadSpacesForBooking } from "~/models/space-planning.server";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

const NOW = new Date("2027-02-01T08:00:00Z");
const SITES = 3;
const SPACES_PER_SITE = 20;
const OPEN_8_TO_20 = JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5, 6].map((day) => [day, [{ open: "08:00", close: "20:00" }]])));
/** Tuesdays 14:00–16:00 over 8 weeks from 2 March 2027 (across the change to summer time). */
const TUESDAYS = availabilityCandidates({ date: "2027-03-02", startTime: "14:00", endTime: "16:00", weeks: 8, weekdays: ["TU"] });

/** The oracle: the domain over every active occurrence of the spaces, however far from the dates. */
async function expectedAnswer(db: Db, filters: AvailabilityFilters) {
  if (!TUESDAYS.ok) throw new Error(TUESDAYS.message);
  const spaces = await loadSpacesForBooking(db, {
    ...(filters.siteId ? { siteId: filters.siteId } : {}),
    ...(filters.minCapacity !== undefined ? { capacity: { gte: filters.minCapacity } } : {}),
  });
  const rows = await db.occurrence.findMany({
    where: { spaceId: { in: spaces.map((space) => space.id) }, status: { in: ["PENDING", "CONFIRMED"] } },
    select: { id: true, spaceId: true, startsAt: true, endsAt: true, seats: true, status: true },
  });
  const existingBySpace = new Map<string, ExistingOccurrence[]>();
  for (const { spaceId, status, ...occurrence } of rows) {
    existingBySpace.set(spaceId, [...(existingBySpace.get(spaceId) ?? []), { ...occurrence, status: status === "PENDING" ? "PENDING" : "CONFIRMED" }]);
  }
  return searchAvailability({ spaces, candidates: TUESDAYS.candidates, existingBySpace, filters, now: NOW, includePartial: true });
}

/** What a user sees of an answer: each space, its status and every unavailable date with its reasons. */
function shown(answer: Awaited<ReturnType<typeof expectedAnswer>>) {
  return answer.map((result) => ({
    space: result.space.name,
    status: result.status,
    unavailable: result.unavailable.map((date) => `${date.recurrenceId}: ${date.reasons.map((reason) => `${reason.code} ${reason.message}`).join(" ")}`),
  }));
}

describe.each(providers)("availability search over a network on %s", (provider) => {
  let database: TestDatabase;
  let siteIds: string[];

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    const { db } = database;
    const network = await db.organization.create({
      data: { slug: "reseau-test", name: "Réseau de tiers-lieux", kind: "SCIC", legalForm: "SCIC SAS", siret: "90000000000011", address: "1 rue du Port", postalCode: "44000", city: "Nantes" },
    });
    const booker = await db.organization.create({
      data: { slug: "asso-test", name: "Association des essais", kind: "STRUCTURE", legalForm: "Association loi 1901", siret: "90000000000029", address: "2 rue du Port", postalCode: "44000", city: "Nantes" },
    });
    siteIds = [];
    for (let site = 0; site < SITES; site++) {
      const { id: siteId } = await db.site.create({
        data: { organizationId: network.id, name: `Site ${site}`, address: `${site} quai de Loire`, postalCode: "44000", city: "Nantes" },
      });
      siteIds.push(siteId);
      await db.space.createMany({
        data: Array.from({ length: SPACES_PER_SITE }, (_, index) => {
          const pool = index % 5 === 4;
          return {
            siteId,
            organizationId: network.id,
            name: `Espace ${site}-${String(index).padStart(2, "0")}`,
            kind: pool ? ("DESK_POOL" as const) : ("ROOM" as const),
            capacity: 6 + (index % 7) * 2,
            seats: pool ? 3 : 1,
            // Bookings of several days need a space without opening hours ("null": no restriction).
            openingHours: index % 3 === 1 ? "null" : OPEN_8_TO_20,
            bufferMinutes: index % 3 === 0 ? 15 : 0,
            // Every third room takes bookings of several days, which start long before the date they cover.
            maxDurationMinutes: index % 3 === 1 ? 4 * 24 * 60 : 600,
          };
        }),
      });
    }
    const spaces = await db.space.findMany({ orderBy: { name: "asc" } });
    const book = async (spaceId: string, localStart: string, localEnd: string, rrule: string | null = null, seats = 1) => {
      const result = await createBooking(db, {
        spaceId,
        organizationId: booker.id,
        createdById: null,
        title: "Essai",
        request: { localStart, localEnd, rrule, seats },
        skip: "ALL",
        now: NOW,
      });
      if (!result.ok) throw new Error(`booking failed: ${JSON.stringify(result).slice(0, 300)}`);
      return result.seriesId;
    };
    for (const [index, space] of spaces.entries()) {
      const kind = index % 6;
      if (space.kind === "DESK_POOL") {
        // Two seats every other Tuesday afternoon, three on one date (full), one seat otherwise.
        await book(space.id, "2027-03-02T13:00", "2027-03-02T17:00", "FREQ=WEEKLY;INTERVAL=2;COUNT=4", 2);
        if (index % 2 === 0) await book(space.id, "2027-03-02T15:00", "2027-03-02T16:00", null, 1);
        await book(space.id, "2027-03-09T09:00", "2027-03-09T18:00", null, 1);
        // Two seats taken one after the other on the fourth Tuesday: never more than two at once.
        await book(space.id, "2027-03-23T14:00", "2027-03-23T15:00", null, 2);
        await book(space.id, "2027-03-23T15:00", "2027-03-23T16:00", null, 2);
      } else if (space.maxDurationMinutes > 600) {
        // From Sunday to Wednesday across the second Tuesday: starts two days before it.
        await book(space.id, "2027-03-07T10:00", "2027-03-10T10:00");
      } else if (kind === 0) {
        // Ends when the Tuesday slot starts: unavailable only with the 15-minute buffer.
        await book(space.id, "2027-03-16T12:00", "2027-03-16T14:00", "FREQ=WEEKLY;COUNT=3");
      } else if (kind === 2) {
        // Booked, then cancelled: must not count.
        const seriesId = await book(space.id, "2027-03-02T14:00", "2027-03-02T16:00", "FREQ=WEEKLY;COUNT=8");
        if (index % 4 === 2) expect((await cancelSeries(db, { seriesId, organizationId: booker.id, now: NOW })).ok).toBe(true);
      } else if (kind === 4) {
        await book(space.id, "2027-04-06T15:30", "2027-04-06T17:00");
      }
      // Others stay free on every Tuesday, but busy the rest of the week.
      await book(space.id, "2027-03-03T09:00", "2027-03-03T12:00", "FREQ=WEEKLY;COUNT=8");
    }
  }, 120_000);

  afterAll(async () => {
    await database.dispose();
  });

  describe.each(["cache", "database"] as const)("reading the bookings from the %s", (readFrom) => {
    it("answers a search over all sites as the domain does from every active occurrence", async () => {
      if (!TUESDAYS.ok) throw new Error(TUESDAYS.message);
      const filters = { minCapacity: 8 };
      const expected = await expectedAnswer(database.db, filters);
      const actual = await searchSpaces(database.db, { candidates: TUESDAYS.candidates, filters, now: NOW, readFrom });
      expect(shown(actual)).toEqual(shown(expected));
      // Not vacuous: free spaces and partly free ones, for every reason.
      expect(actual.length).toBeGreaterThan(40);
      expect(actual.some((result) => result.status === "FREE")).toBe(true);
      const reasons = shown(actual).flatMap((result) => result.unavailable).join("\n");
      expect(reasons).toContain("est déjà réservé");
      expect(reasons).toContain("est trop proche d'une autre réservation");
      expect(reasons).toMatch(/est complet|n'a plus qu'une place libre/);
    });

    it("answers a search over every room and desk pool of the network the same way", async () => {
      if (!TUESDAYS.ok) throw new Error(TUESDAYS.message);
      const expected = await expectedAnswer(database.db, {});
      const actual = await searchSpaces(database.db, { candidates: TUESDAYS.candidates, filters: {}, now: NOW, readFrom });
      expect(shown(actual)).toEqual(shown(expected));
      // Not vacuous: rooms and desk pools, free and partly free.
      expect(actual.filter((result) => result.space.kind === "ROOM").length).toBeGreaterThan(40);
      expect(actual.some((result) => result.space.kind === "DESK_POOL" && result.status === "PARTIAL")).toBe(true);
    });

    it("answers a search on one site the same way", async () => {
      if (!TUESDAYS.ok) throw new Error(TUESDAYS.message);
      const filters = { siteId: siteIds[1] };
      const expected = await expectedAnswer(database.db, filters);
      const actual = await searchSpaces(database.db, { candidates: TUESDAYS.candidates, filters, now: NOW, readFrom });
      expect(shown(actual)).toEqual(shown(expected));
      expect(actual.filter((result) => result.status === "PARTIAL").length).toBeGreaterThan(3);
    });

    it("counts a desk pool's busiest moment of a date, not every seat booked during it", async () => {
      if (!TUESDAYS.ok) throw new Error(TUESDAYS.message);
      const actual = await searchSpaces(database.db, { candidates: TUESDAYS.candidates, filters: {}, now: NOW, readFrom });
      const pool = actual.find((result) => result.space.name === "Espace 0-04");
      expect(pool?.space.kind).toBe("DESK_POOL");
      expect(pool?.unavailable.map((date) => date.recurrenceId)).not.toContain("2027-03-23T14:00");
      const askingTwo = await searchSpaces(database.db, { candidates: TUESDAYS.candidates, filters: { seats: 2 }, now: NOW, readFrom });
      expect(askingTwo.find((result) => result.space.name === "Espace 0-04")?.unavailable.map((date) => date.recurrenceId)).toContain("2027-03-23T14:00");
    });

    it("counts a booking of several days on the Tuesday it covers, though it starts two days before", async () => {
      if (!TUESDAYS.ok) throw new Error(TUESDAYS.message);
      const actual = await searchSpaces(database.db, { candidates: TUESDAYS.candidates, filters: {}, now: NOW, readFrom });
      const longBooked = actual.find((result) => result.space.name === "Espace 0-01");
      expect(longBooked?.status).toBe("PARTIAL");
      expect(longBooked?.unavailable.map((date) => date.recurrenceId)).toEqual(["2027-03-09T14:00"]);
    });
  });
});
