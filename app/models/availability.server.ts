// The availability search across every bookable space (any organisation may book any space).
// The rules live in app/domain/availability.ts; this module loads the spaces that pass the
// static filters and, in ONE raw query, their active occurrences around the dates asked.
import { Prisma as PrismaSql, providerOf, type Db } from "~/db.server";
import {
  prefetchWindow,
  searchAvailability,
  type AvailabilityCandidate,
  type AvailabilityFilters,
  type SpaceAvailability,
} from "~/domain/availability";
import { closestBookingGaps, type ClosestBookingGaps, type ExistingOccurrence, type Interval } from "~/domain/conflicts";
import { earliestOverlappingStart, loadSpacesForSearch, type SpaceForBooking } from "./space-planning.server";

/** Every site, for the search form's "site" choice. */
export function listSitesForSearch(db: Db) {
  return db.site.findMany({
    orderBy: [{ city: "asc" }, { name: "asc" }],
    select: { id: true, name: true, city: true, organization: { select: { name: true } } },
  });
}

/** Beyond this many dates, one window is cheaper to read than one range per date. */
const MAX_CANDIDATE_RANGES = 60;

/**
 * Beyond this many spaces, PostgreSQL reads the dates asked across the whole network through
 * the GiST index on each active occurrence's time range (migration
 * 20261123060000_occurrence_time_range_index): its cost follows the bookings at those times.
 * Up to it, and always on SQLite, each space's bookings around each date through the
 * (spaceId, startsAt) B-tree, whose ranges start the longest booking early
 * (earliestOverlappingStart) and so cost per space (docs/benchmarks.md, issue 7).
 */
const SPACES_READ_BY_TIME = 40;

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

/**
 * One occurrence as the query aggregates it: [spaceId, startsAt, endsAt, seats, status], the
 * instants as milliseconds (PostgreSQL) or the stored text (SQLite).
 */
type PackedOccurrence = [spaceId: string, id: string, startsAt: number | string, endsAt: number | string, seats: number, status: string];

/**
 * Active occurrences of these spaces overlapping one of the ranges, by space. The database
 * packs them into ONE JSON text: a network-wide search reads about ten thousand, and decoding
 * them as rows through the driver cost more than the query itself (issue 7).
 */
async function activeOccurrencesBySpace(db: Db, spaceIds: readonly string[], ranges: readonly Interval[]) {
  const bySpace = new Map<string, ExistingOccurrence[]>();
  if (spaceIds.length === 0 || ranges.length === 0) return bySpace;
  const postgres = providerOf(db) === "postgres";
  // The rows of `o` as one JSON array of PackedOccurrence.
  const pack = postgres
    ? PrismaSql.sql`json_agg(json_build_array(o."spaceId", o."id", floor(extract(epoch FROM o."startsAt") * 1000), floor(extract(epoch FROM o."endsAt") * 1000), o."seats", o."status"))::text`
    : PrismaSql.sql`json_group_array(json_array(o."spaceId", o."id", o."startsAt", o."endsAt", o."seats", o."status"))`;
  const [{ packed }] =
    postgres && spaceIds.length > SPACES_READ_BY_TIME
      ? // The time ranges first, through the GiST index only (MATERIALIZED: otherwise the planner
        // ANDs in the B-tree on the space ids, reading every booking of those spaces), then
        // the spaces by a hash join (a 1,000-id ANY list is searched linearly per row).
        await db.$queryRaw<Array<{ packed: string | null }>>`
          WITH "during" AS MATERIALIZED (
            SELECT x."id", x."spaceId", x."startsAt", x."endsAt", x."seats", x."status" FROM "Occurrence" x
            WHERE tsrange(x."startsAt", x."endsAt", '[)') && ${multirangeOf(ranges)} AND x."status" IN ('PENDING', 'CONFIRMED'))
          SELECT ${pack} AS "packed"
          FROM "during" o JOIN unnest(${[...spaceIds]}::text[]) AS wanted("id") ON wanted."id" = o."spaceId"`
      : await db.$queryRaw<Array<{ packed: string | null }>>`
          SELECT ${pack} AS "packed" FROM "Occurrence" o WHERE ${occurrencesOfSpacesAround(spaceIds, ranges)}`;
  for (const [spaceId, id, startsAt, endsAt, seats, status] of JSON.parse(packed ?? "[]") as PackedOccurrence[]) {
    const existing: ExistingOccurrence = {
      id,
      startsAt: new Date(startsAt),
      endsAt: new Date(endsAt),
      seats,
      status: status === "PENDING" ? "PENDING" : "CONFIRMED",
    };
    const list = bySpace.get(spaceId);
    if (list) list.push(existing);
    else bySpace.set(spaceId, [existing]);
  }
  return bySpace;
}

/** By space through the (spaceId, startsAt, …) B-tree: each range starts the longest booking earlier. */
function occurrencesOfSpacesAround(spaceIds: readonly string[], ranges: readonly Interval[]) {
  const around = ranges.map(
    (range) =>
      PrismaSql.sql`(o."startsAt" < ${range.endsAt} AND o."startsAt" > ${earliestOverlappingStart(range.startsAt)} AND o."endsAt" > ${range.startsAt})`,
  );
  return PrismaSql.sql`o."spaceId" IN (${PrismaSql.join(spaceIds)}) AND o."status" IN ('PENDING', 'CONFIRMED') AND (${PrismaSql.join(around, " OR ")})`;
}

/** The SQL of an instant column as whole milliseconds since the epoch. */
function epochMs(postgres: boolean, column: PrismaSql.Sql) {
  return postgres
    ? PrismaSql.sql`(extract(epoch FROM ${column}) * 1000)::bigint`
    : PrismaSql.sql`CAST(round(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`;
}

/** PostgreSQL: the ranges as one multirange, which the GiST index reads in one scan. */
function multirangeOf(ranges: readonly Interval[]) {
  return PrismaSql.sql`(SELECT range_agg(tsrange(r."from", r."to", '[)'))
    FROM unnest(${ranges.map((range) => range.startsAt)}::timestamp[], ${ranges.map((range) => range.endsAt)}::timestamp[]) AS r("from", "to"))`;
}

/**
 * The active bookings of these rooms overlapping one of the ranges, as flat [startsMs, endsMs, …]
 * spans by room: all closestBookingGaps needs to find each room's conflicts, without an object
 * per booking (a network-wide search reads about ten thousand, issue 7). The database packs
 * them into one JSON array of [room's index in roomIds, startsMs, endsMs] triples.
 */
async function roomBookingSpans(db: Db, roomIds: readonly string[], ranges: readonly Interval[]) {
  const byRoom = new Map<string, number[]>();
  if (roomIds.length === 0 || ranges.length === 0) return byRoom;
  const postgres = providerOf(db) === "postgres";
  const triple = (index: PrismaSql.Sql) =>
    PrismaSql.sql`${index} || ',' || ${epochMs(postgres, PrismaSql.sql`o."startsAt"`)} || ',' || ${epochMs(postgres, PrismaSql.sql`o."endsAt"`)}`;
  let packed: string | null;
  if (postgres && roomIds.length > SPACES_READ_BY_TIME) {
    // The time ranges first, through the GiST index only (see activeOccurrencesBySpace), then
    // the rooms by a hash join.
    [{ packed }] = await db.$queryRaw<Array<{ packed: string | null }>>`
      WITH "during" AS MATERIALIZED (
        SELECT x."spaceId", x."startsAt", x."endsAt" FROM "Occurrence" x
        WHERE tsrange(x."startsAt", x."endsAt", '[)') && ${multirangeOf(ranges)} AND x."status" IN ('PENDING', 'CONFIRMED'))
      SELECT string_agg(${triple(PrismaSql.sql`(wanted."n" - 1)`)}, ',') AS "packed"
      FROM "during" o JOIN unnest(${[...roomIds]}::text[]) WITH ORDINALITY AS wanted("id", "n") ON wanted."id" = o."spaceId"`;
  } else if (postgres) {
    [{ packed }] = await db.$queryRaw<Array<{ packed: string | null }>>`
      SELECT string_agg(${triple(PrismaSql.sql`(array_position(${[...roomIds]}::text[], o."spaceId") - 1)`)}, ',') AS "packed"
      FROM "Occurrence" o WHERE ${occurrencesOfSpacesAround(roomIds, ranges)}`;
  } else {
    [{ packed }] = await db.$queryRaw<Array<{ packed: string | null }>>`
      SELECT group_concat(${triple(PrismaSql.sql`wanted."key"`)}, ',') AS "packed"
      FROM json_each(${JSON.stringify(roomIds)}) AS wanted JOIN "Occurrence" o ON o."spaceId" = wanted."value"
      WHERE ${occurrencesOfSpacesAround(roomIds, ranges)}`;
  }
  const numbers = JSON.parse(`[${packed ?? ""}]`) as number[];
  for (let i = 0; i + 2 < numbers.length; i += 3) {
    const roomId = roomIds[numbers[i]];
    const spans = byRoom.get(roomId);
    if (spans) spans.push(numbers[i + 1], numbers[i + 2]);
    else byRoom.set(roomId, [numbers[i + 1], numbers[i + 2]]);
  }
  return byRoom;
}

/**
 * Spaces free for every candidate, then those free for some of them (with the unavailable
 * dates), as `searchAvailability` sorts them.
 */
export async function searchSpaces(
  db: Db,
  { candidates, filters, now }: { candidates: readonly AvailabilityCandidate[]; filters: AvailabilityFilters; now: Date },
): Promise<SpaceAvailability<SpaceForBooking>[]> {
  // The static filters in SQL too, so the occurrence queries only cover spaces that can match.
  const spaces = await loadSpacesForSearch(db, filters);
  const rooms = spaces.filter((space) => space.kind === "ROOM");
  const deskPools = spaces.filter((space) => space.kind !== "ROOM");
  // A room's conflicts only depend on its closest booking to each date; desk pools count seats.
  const roomBuffer = Math.max(0, ...rooms.map((space) => space.rules.bufferMinutes));
  const [spansByRoom, existingBySpace] = await Promise.all([
    roomBookingSpans(
      db,
      rooms.map((space) => space.id),
      candidateRanges(candidates, roomBuffer),
    ),
    activeOccurrencesBySpace(
      db,
      deskPools.map((space) => space.id),
      candidateRanges(candidates, 0),
    ),
  ]);
  const closestBookingsBySpace = new Map<string, ClosestBookingGaps>();
  for (const [roomId, spans] of spansByRoom) closestBookingsBySpace.set(roomId, closestBookingGaps(candidates, spans, roomBuffer * 60_000));
  return searchAvailability({ spaces, candidates, existingBySpace, closestBookingsBySpace, filters, now, includePartial: true });
}
