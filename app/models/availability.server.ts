// The availability search across every bookable space (any organisation may book any space).
// The rules live in app/domain/availability.ts; this module loads the spaces that pass the
// static filters and, at the same time and in ONE raw query, their active occurrences around
// the dates asked.
import { Prisma as PrismaSql, providerOf, type Db } from "~/db.server";
import {
  matchesFilters,
  prefetchWindow,
  searchAvailability,
  type AvailabilityCandidate,
  type AvailabilityFilters,
  type SpaceAvailability,
} from "~/domain/availability";
import {
  chronologicalAndApart,
  closestBookingGaps,
  type BusiestSeats,
  type ClosestBookingGaps,
  type ExistingOccurrence,
  type Interval,
} from "~/domain/conflicts";
import { MAX_BUFFER_MINUTES } from "~/domain/space-rules";
import { occupancyBusiestSeats, occupancyGaps, occupancyOverlapping } from "~/domain/occupancy";
import { commaJoinedSql, epochMsSql, jsonStringSql } from "~/utils/packed-sql.server";
import { currentOccupancy, type CachedOccupancy } from "./occupancy-cache.server";
import {
  earliestOverlappingStart,
  loadSpacesForSearch,
  spaceSearchConditions,
  type SpaceForBooking,
} from "./space-planning.server";

/** Every site, for the search form's "site" choice. */
export function listSitesForSearch(db: Db) {
  return db.site.findMany({
    orderBy: [{ city: "asc" }, { name: "asc" }],
    select: { id: true, name: true, city: true, organization: { select: { name: true } } },
  });
}

const DAY_MS = 24 * 60 * 60_000;

/** Beyond this many dates, one window is cheaper to read than one range per date. */
const MAX_CANDIDATE_RANGES = 60;

/**
 * The time ranges whose active occurrences can conflict with some candidate: each candidate
 * widened by the largest buffer (a weekly search over three months reads the thirteen dates
 * asked, not every booking of the three months), or one window beyond MAX_CANDIDATE_RANGES.
 */
function candidateRanges(candidates: readonly AvailabilityCandidate[], maxBufferMinutes: number): Interval[] {
  const window = prefetchWindow(candidates, maxBufferMinutes);
  if (!window) return [];
  if (candidates.length > MAX_CANDIDATE_RANGES) return [window];
  const buffer = maxBufferMinutes * 60_000;
  return candidates.map((candidate) => ({
    startsAt: new Date(candidate.startsAt.getTime() - buffer),
    endsAt: new Date(candidate.endsAt.getTime() + buffer),
  }));
}

/** The largest buffer of the rooms searched: how far from each date a booking can still conflict. */
async function largestRoomBuffer(db: Db, filters: AvailabilityFilters): Promise<number> {
  const [{ minutes }] = await db.$queryRaw<Array<{ minutes: number | bigint | null }>>`
    SELECT max(s."bufferMinutes") AS "minutes" FROM "Space" s WHERE s."kind" = 'ROOM' AND ${spaceSearchConditions(filters)}`;
  return Math.max(0, Number(minutes ?? 0));
}

/**
 * One active occurrence as the query packs it: [spaceId, startsMs, endsMs, seats, id, pending].
 * Rooms' rows carry no id (0): their conflicts need only when they are (closestBookingGaps).
 */
type PackedOccurrence = [spaceId: string, startsMs: number, endsMs: number, seats: number, id: string | 0, pending: number];

/**
 * The active occurrences of the spaces searched overlapping one of the ranges: for rooms, their
 * [startsMs, endsMs] spans (flat, all closestBookingGaps needs: no object per booking, a
 * network-wide search reads about ten thousand, issue 7); for desk pools, which count seats,
 * the occurrences. The database packs every row into ONE JSON text (decoding ten thousand
 * rows through the driver cost more than the query).
 *
 * A search over a whole network on PostgreSQL reads the dates as one multirange through the
 * GiST index on each active occurrence's time range (its cost follows the bookings at those
 * times); a search on one site, and SQLite, each space's bookings around each date through the
 * (spaceId, startsAt) B-tree, whose ranges start the longest booking early
 * (earliestOverlappingStart), so cost per space (docs/benchmarks.md).
 */
async function occurrencesNear(db: Db, filters: AvailabilityFilters, ranges: readonly Interval[]) {
  const spansByRoom = new Map<string, number[]>();
  const existingByDeskPool = new Map<string, ExistingOccurrence[]>();
  if (ranges.length === 0) return { spansByRoom, existingByDeskPool };
  const postgres = providerOf(db) === "postgres";
  const quote = (text: PrismaSql.Sql) => jsonStringSql(postgres, text);
  const epochMs = (column: PrismaSql.Sql) => epochMsSql(postgres, column);
  const row = PrismaSql.sql`'[' || ${quote(PrismaSql.sql`o."spaceId"`)} || ',' || ${epochMs(PrismaSql.sql`o."startsAt"`)} || ',' || ${epochMs(PrismaSql.sql`o."endsAt"`)}
    || ',' || o."seats" || ',' || (CASE WHEN s."kind" = 'ROOM' THEN '0' ELSE ${quote(PrismaSql.sql`o."id"`)} END)
    || ',' || (CASE WHEN o."status" = 'PENDING' THEN '1' ELSE '0' END) || ']'`;
  const packed = commaJoinedSql(postgres, row);
  const spaces = spaceSearchConditions(filters);
  let text: string | null;
  if (postgres && filters.siteId === undefined) {
    // The time ranges first, through the GiST index only (MATERIALIZED: otherwise the planner
    // ANDs in the B-tree on the spaces, reading every booking they ever had, or prefers a
    // sequential scan), then the spaces by a hash join.
    [{ text }] = await db.$queryRaw<Array<{ text: string | null }>>`
      WITH "during" AS MATERIALIZED (
        SELECT x."id", x."spaceId", x."startsAt", x."endsAt", x."seats", x."status" FROM "Occurrence" x
        WHERE tsrange(x."startsAt", x."endsAt", '[)') && (
            SELECT range_agg(tsrange(r."from", r."to", '[)'))
            FROM unnest(${ranges.map((range) => range.startsAt)}::timestamp[], ${ranges.map((range) => range.endsAt)}::timestamp[]) AS r("from", "to"))
          AND x."status" IN ('PENDING', 'CONFIRMED'))
      SELECT ${packed} AS "text" FROM "during" o JOIN "Space" s ON s."id" = o."spaceId" WHERE ${spaces}`;
  } else {
    if (postgres) {
      const around = ranges.map(
        (range) =>
          PrismaSql.sql`(o."startsAt" < ${range.endsAt} AND o."startsAt" > ${earliestOverlappingStart(range.startsAt)} AND o."endsAt" > ${range.startsAt})`,
      );
      const near = PrismaSql.sql`o."status" IN ('PENDING', 'CONFIRMED') AND (${PrismaSql.join(around, " OR ")})`;
      // Space by space (LATERAL, kept apart by OFFSET 0): joined, the planner read every booking
      // the space ever had instead of OR-ing the ranges in the index.
      [{ text }] = await db.$queryRaw<Array<{ text: string | null }>>`
        SELECT ${packed} AS "text" FROM "Space" s
        JOIN LATERAL (SELECT * FROM "Occurrence" o WHERE o."spaceId" = s."id" AND ${near} OFFSET 0) o ON true
        WHERE ${spaces}`;
    } else {
      // Around each date from two days before it (bookings of a day or less), and the bookings
      // longer than a day of the whole window through their partial index (migration
      // 20261123120000_occurrence_long_bookings_index, whose condition this repeats word for
      // word): a network-wide search read 14 days before each date of every space (issue 7).
      // The OR of one WHERE never yields a row twice.
      const window = prefetchWindow(ranges)!;
      const aroundShort = ranges.map(
        (range) =>
          PrismaSql.sql`(o."startsAt" < ${range.endsAt} AND o."startsAt" > ${new Date(range.startsAt.getTime() - 2 * DAY_MS)} AND o."endsAt" > ${range.startsAt})`,
      );
      const long = PrismaSql.sql`(o."status" IN ('PENDING', 'CONFIRMED') AND julianday(o."endsAt") - julianday(o."startsAt") > 1
        AND o."startsAt" < ${window.endsAt} AND o."startsAt" > ${earliestOverlappingStart(window.startsAt)} AND o."endsAt" > ${window.startsAt})`;
      [{ text }] = await db.$queryRaw<Array<{ text: string | null }>>`
        SELECT ${packed} AS "text" FROM "Space" s JOIN "Occurrence" o ON o."spaceId" = s."id"
        WHERE ${spaces} AND o."status" IN ('PENDING', 'CONFIRMED') AND (${PrismaSql.join(aroundShort, " OR ")} OR ${long})`;
    }
  }
  for (const [spaceId, startsMs, endsMs, seats, id, pending] of JSON.parse(`[${text ?? ""}]`) as PackedOccurrence[]) {
    if (id === 0) {
      const spans = spansByRoom.get(spaceId);
      if (spans) spans.push(startsMs, endsMs);
      else spansByRoom.set(spaceId, [startsMs, endsMs]);
      continue;
    }
    const existing: ExistingOccurrence = { id, startsAt: new Date(startsMs), endsAt: new Date(endsMs), seats, status: pending ? "PENDING" : "CONFIRMED" };
    const list = existingByDeskPool.get(spaceId);
    if (list) list.push(existing);
    else existingByDeskPool.set(spaceId, [existing]);
  }
  return { spansByRoom, existingByDeskPool };
}

/**
 * What the conflict check reads, from the occupancy cache: each room's closest booking to each
 * date; each desk pool's busiest moment during each date (its bookings around the dates when
 * the dates overlap one another, which a search's never do). null when the cache cannot answer
 * (a desk pool that was a room when it was loaded: its bookings carry no id until the next search).
 */
function fromCachedOccupancy(
  cached: CachedOccupancy,
  spaces: readonly SpaceForBooking[],
  candidates: readonly AvailabilityCandidate[],
  ranges: readonly Interval[],
  roomBuffer: number,
) {
  const closestBookingsBySpace = new Map<string, ClosestBookingGaps>();
  const busiestSeatsBySpace = new Map<string, BusiestSeats>();
  const existingBySpace = new Map<string, ExistingOccurrence[]>();
  const datesApart = chronologicalAndApart(candidates, 0);
  for (const space of spaces) {
    const occupancy = cached.bySpace.get(space.id);
    if (!occupancy || occupancy.starts.length === 0) continue;
    if (space.kind === "ROOM") closestBookingsBySpace.set(space.id, occupancyGaps(occupancy, candidates, roomBuffer * 60_000));
    else if (datesApart) busiestSeatsBySpace.set(space.id, occupancyBusiestSeats(occupancy, candidates));
    else if (occupancy.ids) existingBySpace.set(space.id, occupancyOverlapping(occupancy, ranges));
    else return null;
  }
  return { closestBookingsBySpace, busiestSeatsBySpace, existingBySpace };
}

/**
 * Spaces free for every candidate, then those free for some of them (with the unavailable
 * dates), as `searchAvailability` sorts them.
 */
export async function searchSpaces(
  db: Db,
  {
    candidates,
    filters,
    now,
    readFrom = "cache",
  }: {
    candidates: readonly AvailabilityCandidate[];
    filters: AvailabilityFilters;
    now: Date;
    /** "database": the bookings near the dates from the database, the cache left alone (tests compare both). */
    readFrom?: "cache" | "database";
  },
): Promise<SpaceAvailability<SpaceForBooking>[]> {
  if (candidates.length === 0) return [];
  type Near = {
    closestBookingsBySpace: Map<string, ClosestBookingGaps>;
    busiestSeatsBySpace?: Map<string, BusiestSeats>;
    existingBySpace: Map<string, ExistingOccurrence[]>;
  };
  const search = (spaces: readonly SpaceForBooking[], near: Near) => searchAvailability({ spaces, candidates, filters, now, includePartial: true, ...near });
  if (readFrom === "cache") {
    // Every space and its bookings from the occupancy cache: one small query when nothing
    // changed. `from`: the earliest instant any room's buffer can reach.
    const cached = await currentOccupancy(db, { from: prefetchWindow(candidates, MAX_BUFFER_MINUTES)!.startsAt, now, siteId: filters.siteId });
    if (cached) {
      // The search's own filters (capacity, accessibility, site, a desk pool's seats), in memory.
      const spaces = cached.spaces.filter((space) => matchesFilters(space, filters));
      const roomBuffer = spaces.reduce((largest, space) => (space.kind === "ROOM" ? Math.max(largest, space.rules.bufferMinutes) : largest), 0);
      const near = fromCachedOccupancy(cached, spaces, candidates, candidateRanges(candidates, roomBuffer), roomBuffer);
      if (near) return search(spaces, near);
    }
  }
  // The cache is filling (or the search reaches before what it keeps): from the database, the
  // rooms' largest buffer, then the spaces (filtered in SQL) beside the bookings near the dates.
  const roomBuffer = await largestRoomBuffer(db, filters);
  const ranges = candidateRanges(candidates, roomBuffer);
  const [spaces, { spansByRoom, existingByDeskPool }] = await Promise.all([loadSpacesForSearch(db, filters), occurrencesNear(db, filters, ranges)]);
  // A room's conflicts only depend on its closest booking to each date; desk pools count seats.
  const closestBookingsBySpace = new Map<string, ClosestBookingGaps>();
  for (const [roomId, spans] of spansByRoom) closestBookingsBySpace.set(roomId, closestBookingGaps(candidates, spans, roomBuffer * 60_000));
  return search(spaces, { closestBookingsBySpace, existingBySpace: existingByDeskPool });
}
