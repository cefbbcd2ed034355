/**
 * A space's active bookings held in memory, sorted by start, for the availability search's
 * occupancy cache (app/models/occupancy-cache.server.ts, docs/decisions/0019). Pure module:
 * no Remix, no Prisma, no I/O.
 *
 * Numbers in typed arrays, not objects: a network of a thousand spaces keeps about a million
 * bookings. A search reads, for each date, only the bookings that start within reach of it
 * (bounded by the space's longest booking, searched onward from the previous date's), so its
 * cost follows the dates asked, not the space's history.
 */
import { lowerBoundFrom, type ExistingOccurrence, type Interval } from "./conflicts";

export type SpaceOccupancy = {
  /** Milliseconds since the epoch, ascending (ties in any order). */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Seats each booking takes (desk pools count them). */
  readonly seats: Int32Array;
  /** 1 when the booking awaits approval. */
  readonly pending: Uint8Array;
  /** Occurrence ids; desk pools' conflicts name them, rooms' do not (null). */
  readonly ids: readonly string[] | null;
  /** The longest booking, in milliseconds: how far before a date a booking reaching it can start. */
  readonly longestMs: number;
};

/** One active booking as the cache loads it: [startsMs, endsMs, seats, pending, id (0 for rooms)]. */
export type OccupancyRow = readonly [startsMs: number, endsMs: number, seats: number, pending: number, id: string | 0];

export const EMPTY_OCCUPANCY: SpaceOccupancy = {
  starts: new Float64Array(0),
  ends: new Float64Array(0),
  seats: new Int32Array(0),
  pending: new Uint8Array(0),
  ids: null,
  longestMs: 0,
};

/** A space's occupancy from its rows, in any order. Ids are kept only when every row has one. */
export function buildOccupancy(rows: readonly OccupancyRow[]): SpaceOccupancy {
  if (rows.length === 0) return EMPTY_OCCUPANCY;
  const sorted = [...rows].sort((a, b) => a[0] - b[0]);
  const starts = new Float64Array(sorted.length);
  const ends = new Float64Array(sorted.length);
  const seats = new Int32Array(sorted.length);
  const pending = new Uint8Array(sorted.length);
  const ids: string[] = [];
  let withIds = true;
  let longestMs = 0;
  sorted.forEach(([startsMs, endsMs, seatCount, isPending, id], index) => {
    starts[index] = startsMs;
    ends[index] = endsMs;
    seats[index] = seatCount;
    pending[index] = isPending ? 1 : 0;
    if (id === 0) withIds = false;
    else ids.push(id);
    longestMs = Math.max(longestMs, endsMs - startsMs);
  });
  return { starts, ends, seats, pending, ids: withIds ? ids : null, longestMs };
}

/**
 * The same gaps as `closestBookingGaps` (conflicts.ts) over every booking of the space, for
 * each candidate reading only the bookings that start within `withinMs` plus the longest
 * booking before it: a booking starting earlier ends more than `withinMs` before the candidate.
 */
export function occupancyGaps(
  occupancy: SpaceOccupancy,
  candidates: readonly (Interval & { recurrenceId: string })[],
  withinMs: number,
): Map<string, number> {
  const { starts, ends, longestMs } = occupancy;
  const gaps = new Map<string, number>();
  let first = 0;
  for (const candidate of candidates) {
    const candidateStart = candidate.startsAt.getTime();
    const candidateEnd = candidate.endsAt.getTime();
    let closest = withinMs;
    first = lowerBoundFrom(starts, candidateStart - withinMs - longestMs, first);
    for (let i = first; i < starts.length; i++) {
      const start = starts[i];
      if (start - candidateEnd >= closest) break;
      const end = ends[i];
      if (end <= start) continue;
      const gap = Math.max(start - candidateEnd, candidateStart - end);
      if (gap < closest) closest = gap;
    }
    if (closest < withinMs) gaps.set(candidate.recurrenceId, closest);
  }
  return gaps;
}

/**
 * The bookings overlapping at least one of the ranges, once each, by start: what a desk pool's
 * conflict check needs around the dates asked (the query of the uncached search returns the
 * same rows). Needs the ids (a desk pool's occupancy).
 */
export function occupancyOverlapping(occupancy: SpaceOccupancy, ranges: readonly Interval[]): ExistingOccurrence[] {
  const { starts, ends, seats, pending, ids, longestMs } = occupancy;
  if (starts.length === 0) return [];
  if (!ids) throw new RangeError("occupancyOverlapping: this occupancy has no ids (a room's)");
  const found = new Set<number>();
  let first = 0;
  for (const range of ranges) {
    const from = range.startsAt.getTime();
    const to = range.endsAt.getTime();
    first = lowerBoundFrom(starts, from - longestMs, first);
    for (let i = first; i < starts.length && starts[i] < to; i++) {
      if (ends[i] > from) found.add(i);
    }
  }
  return [...found]
    .sort((a, b) => a - b)
    .map((i) => ({
      id: ids[i],
      startsAt: new Date(starts[i]),
      endsAt: new Date(ends[i]),
      seats: seats[i],
      status: pending[i] ? "PENDING" : "CONFIRMED",
    }));
}

/**
 * The busiest moment of a desk pool's bookings during each candidate (BusiestSeats,
 * conflicts.ts): what its conflict check needs, read from the arrays without making an object
 * per booking. Seat usage only rises where a booking starts, so the busiest moment of a
 * candidate is its start or the start of one of the bookings overlapping it: each is summed
 * over those bookings (quadratic in the bookings of one date, a handful).
 */
export function occupancyBusiestSeats(occupancy: SpaceOccupancy, candidates: readonly (Interval & { recurrenceId: string })[]): Map<string, number> {
  const { starts, ends, seats, longestMs } = occupancy;
  const busiest = new Map<string, number>();
  let first = 0;
  for (const candidate of candidates) {
    const candidateStart = candidate.startsAt.getTime();
    const candidateEnd = candidate.endsAt.getTime();
    first = lowerBoundFrom(starts, candidateStart - longestMs, first);
    let most = 0;
    for (let i = first; i < starts.length && starts[i] < candidateEnd; i++) {
      if (ends[i] <= candidateStart || ends[i] <= starts[i]) continue;
      const moment = Math.max(starts[i], candidateStart);
      let used = 0;
      for (let j = first; j < starts.length && starts[j] <= moment; j++) if (ends[j] > moment) used += seats[j];
      if (used > most) most = used;
    }
    if (most > 0) busiest.set(candidate.recurrenceId, most);
  }
  return busiest;
}
