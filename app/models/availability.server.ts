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
import type { ExistingOccurrence, Interval } from "~/domain/conflicts";
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
            SELECT DISTINCT x."id", x."spaceId", x."startsAt", x."endsAt", x."seats", x."status"
            FROM unnest(${ranges.map((range) => range.startsAt)}::timestamp[], ${ranges.map((range) => range.endsAt)}::timestamp[]) AS asked("from", "to")
            JOIN "Occurrence" x
              ON tsrange(x."startsAt", x."endsAt", '[)') && tsrange(asked."from", asked."to", '[)')
             AND x."status" IN ('PENDING', 'CONFIRMED'))
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

/**
 * Spaces free for every candidate, then those free for some of them (with the unavailable
 * dates), as `searchAvailability` sorts them.
 */
export async function searchSpaces(
  db: Db,
  { candidates, filters, now }: { candidates: readonly AvailabilityCandidate[]; filters: AvailabilityFilters; now: Date },
): Promise<SpaceAvailability<SpaceForBooking>[]> {
  // The static filters in SQL too, so the occurrence query only covers spaces that can match.
  const spaces = await loadSpacesForSearch(db, filters);
  const maxBuffer = Math.max(0, ...spaces.map((space) => space.rules.bufferMinutes));
  const existingBySpace = await activeOccurrencesBySpace(
    db,
    spaces.map((space) => space.id),
    candidateRanges(candidates, maxBuffer),
  );
  return searchAvailability({ spaces, candidates, existingBySpace, filters, now, includePartial: true });
}
