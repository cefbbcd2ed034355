/**
 * Conflict detection between booking candidates and the existing occurrences of ONE space,
 * and free intervals of a space. Pure module: no Remix, no Prisma, no I/O.
 *
 * This is the user-facing preview ("which dates of my series are taken, and why"). The
 * database remains the final guard (see docs/decisions/0004-conflict-detection.md).
 *
 * Decisions:
 *   - Intervals are half-open [startsAt, endsAt): back-to-back bookings do not conflict.
 *   - PENDING occurrences hold their slot exactly like CONFIRMED ones; the caller passes only
 *     active occurrences (not cancelled/rejected) and leaves out the occurrences being replaced
 *     when a booking is edited.
 *   - Rooms (exclusive): a candidate conflicts with a booking if they overlap once the buffer
 *     is added on both sides, i.e. candidate.start < other.end + buffer and
 *     other.start < candidate.end + buffer.
 *   - Desk pools: the maximum concurrent seat usage over the candidate's interval (sweep line,
 *     not the sum of all overlapping bookings) plus the candidate's seats must be ≤ seats.
 *     The buffer does not apply to desk pools.
 *   - Candidates are checked against each other as well. They are accepted greedily in
 *     chronological order (ties: input order): a candidate conflicts if it does not fit with
 *     the existing occurrences plus the EARLIER candidates that were accepted. So the
 *     candidates without conflict can all be booked together, and "earlier dates win".
 *   - `recurrenceId` is an opaque key of the candidate (e.g. its RECURRENCE-ID / original
 *     start); it is echoed in the conflict.
 *   - Complexity: O((n + m) log(n + m) + reported ids) for n existing and m candidates
 *     (sorting, binary search over a prefix max of ends, a segment tree for seat usage).
 */
import {
  describeSlot,
  formatDurationFr,
  openingRangesOf,
  type Closure,
  type OpeningHours,
} from "./space-rules";
import { epochDayToLocalDate, instantToParis, isoWeekday, localDateToEpochDay, parisInstantOfDayMinute } from "./time";

export type SpaceKind = "ROOM" | "DESK_POOL";

/** Half-open interval [startsAt, endsAt). */
export type Interval = { startsAt: Date; endsAt: Date };

export type OccurrenceStatus = "PENDING" | "CONFIRMED";

export type ExistingOccurrence = Interval & {
  id: string;
  /** Seats taken (desk pools); ignored for rooms. */
  seats: number;
  status: OccurrenceStatus;
  /** Shown in the conflict message when given (e.g. "Atelier couture"). */
  label?: string;
};

export type ConflictSpace = { kind: SpaceKind; seats: number; bufferMinutes: number };

export type CandidateOccurrence = Interval & { recurrenceId: string; seats: number };

export type ConflictReason = "ALREADY_BOOKED" | "NOT_ENOUGH_SEATS";

export type Conflict = {
  recurrenceId: string;
  startsAt: Date;
  endsAt: Date;
  reason: ConflictReason;
  /** French, names the slot: "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 est déjà réservé." */
  message: string;
  /** Desk pools: seats still free at the busiest moment of the slot (before this candidate). */
  freeSeats?: number;
  /** Ids of the existing occurrences involved (overlapping, or within the buffer for rooms). */
  conflictingIds: readonly string[];
  /** recurrenceIds of the earlier candidates of the same request involved. */
  conflictingRecurrenceIds: readonly string[];
};

const MS_PER_MINUTE = 60_000;

/** What a conflict known by its closest booking or busiest moment names: nothing (one list shared by all). */
const NONE: readonly string[] = Object.freeze([]);

/** Half-open overlap, optionally widened by a buffer on both sides. */
export function overlaps(a: Interval, b: Interval, bufferMinutes = 0): boolean {
  const buffer = bufferMinutes * MS_PER_MINUTE;
  return a.startsAt.getTime() < b.endsAt.getTime() + buffer && b.startsAt.getTime() < a.endsAt.getTime() + buffer;
}

// ---------------------------------------------------------------------------------------------
// Internal structures
// ---------------------------------------------------------------------------------------------

/** First index i in sorted `xs` with xs[i] >= x (xs.length if none), searched within [lo, hi). */
export function lowerBound(xs: ArrayLike<number>, x: number, lo = 0, hi = xs.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * lowerBound(xs, x), searched forward from index `from` by doubling steps when the entries
 * before it are all below x (a whole binary search otherwise): increasing values asked one
 * after the other — a search's dates — each read a few neighbouring entries instead of a
 * binary search's scattered ones through a large array.
 */
export function lowerBoundFrom(xs: ArrayLike<number>, x: number, from: number): number {
  if (from > 0 && xs[from - 1] >= x) return lowerBound(xs, x);
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < xs.length && xs[hi] < x) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  return lowerBound(xs, x, lo, Math.min(hi, xs.length));
}

/** First index i in non-decreasing `xs` with xs[i] > x (xs.length if none). */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const NOTHING_FOUND: readonly never[] = Object.freeze([]);

/**
 * Intervals appended in non-decreasing start order, with a prefix maximum of the ends:
 * "which intervals intersect (lo, hi)" is answered with two binary searches plus a scan of
 * the intervals that can possibly qualify.
 */
class IntervalIndex<T> {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly maxEnds: number[] = [];
  private readonly items: T[] = [];

  push(start: number, end: number, item: T): void {
    const n = this.starts.length;
    if (n > 0 && start < this.starts[n - 1]) throw new Error("IntervalIndex: starts must be non-decreasing");
    this.starts.push(start);
    this.ends.push(end);
    this.maxEnds.push(n > 0 ? Math.max(this.maxEnds[n - 1], end) : end);
    this.items.push(item);
  }

  /** Items with start < hi and end > lo (one shared empty array when none: most searches find none). */
  intersecting(lo: number, hi: number): readonly T[] {
    const stop = lowerBound(this.starts, hi); // items [0, stop) start before hi
    const first = upperBound(this.maxEnds, lo); // items before `first` all end at or before lo
    let found: T[] | undefined;
    for (let i = first; i < stop; i++) if (this.ends[i] > lo) (found ??= []).push(this.items[i]);
    return found ?? NOTHING_FOUND;
  }
}

/** Segment tree over elementary segments: range add, range max. */
class MaxAddTree {
  private readonly size: number;
  private readonly max: Float64Array;
  private readonly lazy: Float64Array;

  constructor(values: readonly number[]) {
    this.size = Math.max(1, values.length);
    this.max = new Float64Array(4 * this.size);
    this.lazy = new Float64Array(4 * this.size);
    if (values.length > 0) this.build(1, 0, this.size - 1, values);
  }

  private build(node: number, l: number, r: number, values: readonly number[]): void {
    if (l === r) {
      this.max[node] = values[l];
      return;
    }
    const mid = (l + r) >> 1;
    this.build(2 * node, l, mid, values);
    this.build(2 * node + 1, mid + 1, r, values);
    this.max[node] = Math.max(this.max[2 * node], this.max[2 * node + 1]);
  }

  /** Adds v on [from, to] (inclusive segment indices). */
  add(from: number, to: number, v: number, node = 1, l = 0, r = this.size - 1): void {
    if (to < l || r < from) return;
    if (from <= l && r <= to) {
      this.max[node] += v;
      this.lazy[node] += v;
      return;
    }
    const mid = (l + r) >> 1;
    this.add(from, to, v, 2 * node, l, mid);
    this.add(from, to, v, 2 * node + 1, mid + 1, r);
    this.max[node] = Math.max(this.max[2 * node], this.max[2 * node + 1]) + this.lazy[node];
  }

  /** Max on [from, to] (inclusive segment indices). */
  query(from: number, to: number, node = 1, l = 0, r = this.size - 1): number {
    if (to < l || r < from) return -Infinity;
    if (from <= l && r <= to) return this.max[node];
    const mid = (l + r) >> 1;
    return (
      Math.max(this.query(from, to, 2 * node, l, mid), this.query(from, to, 2 * node + 1, mid + 1, r)) + this.lazy[node]
    );
  }
}

type Prepared<T> = { start: number; end: number; index: number; item: T };

function sortedByStart<T extends Interval>(items: readonly T[]): Prepared<T>[] {
  return items
    .map((item, index) => ({ start: item.startsAt.getTime(), end: item.endsAt.getTime(), index, item }))
    .sort((a, b) => a.start - b.start || a.index - b.index);
}

function assertValidCandidate(c: CandidateOccurrence): void {
  if (!(c.endsAt.getTime() > c.startsAt.getTime())) {
    throw new RangeError(`Candidate ${c.recurrenceId}: endsAt must be after startsAt`);
  }
  if (!Number.isInteger(c.seats) || c.seats < 1) {
    throw new RangeError(`Candidate ${c.recurrenceId}: seats must be a positive integer`);
  }
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

// ---------------------------------------------------------------------------------------------
// findConflicts
// ---------------------------------------------------------------------------------------------

/**
 * The conflicts of the candidates (at most one per candidate), in the candidates' input order.
 * Candidates without conflict are absent from the result.
 */
export function findConflicts(input: {
  space: ConflictSpace;
  candidates: readonly CandidateOccurrence[];
  existing: readonly ExistingOccurrence[];
  /**
   * Rooms only: what the database found of the room's bookings near each candidate, instead of
   * (or besides) the bookings themselves (see closestBookingGaps). A room's conflict with its
   * bookings only depends on the closest one, so a search over a whole network need not read
   * thousands of occurrences. Its conflicts then name no existing occurrence.
   */
  closestBookings?: ClosestBookingGaps;
  /**
   * Desk pools only: the busiest moment of the pool's bookings during each candidate, instead
   * of the bookings (`existing` then empty). Seat counts of different moments do not add up,
   * so the candidates must not overlap one another (a search's dates). Its conflicts then name
   * no existing occurrence.
   */
  busiestSeats?: BusiestSeats;
}): Conflict[] {
  const { space, candidates, closestBookings, busiestSeats } = input;
  candidates.forEach(assertValidCandidate);
  if (closestBookings && space.kind !== "ROOM") throw new RangeError("findConflicts: closestBookings is for rooms only (desk pools count seats)");
  if (busiestSeats) {
    if (space.kind !== "DESK_POOL") throw new RangeError("findConflicts: busiestSeats is for desk pools only (rooms are exclusive)");
    if (input.existing.length > 0) throw new RangeError("findConflicts: busiestSeats replaces the existing occurrences, pass none");
    if (!chronologicalAndApart(candidates, 0)) throw new RangeError("findConflicts: with busiestSeats, candidates must be chronological and must not overlap");
    return busiestSeatsConflicts(space, candidates, busiestSeats);
  }
  // A room known by its closest bookings only (or by nothing), asked for dates far enough apart
  // (a search's): each date on its own, without building the indexes (a network-wide search
  // checks a thousand rooms).
  if (space.kind === "ROOM") {
    const buffer = Math.max(0, space.bufferMinutes) * MS_PER_MINUTE;
    if (nothingBooked(input.existing) && chronologicalAndApart(candidates, buffer)) return closestBookingConflicts(space, candidates, closestBookings, buffer);
  }
  // Zero-length occurrences occupy nothing.
  const existing = sortedByStart(input.existing.filter((e) => e.endsAt.getTime() > e.startsAt.getTime()));
  const existingIndex = new IntervalIndex<ExistingOccurrence>();
  for (const e of existing) existingIndex.push(e.start, e.end, e.item);

  const ordered = sortedByStart(candidates);
  const conflicts =
    space.kind === "ROOM"
      ? roomConflicts(space, ordered, existingIndex, closestBookings)
      : deskPoolConflicts(space, ordered, existing, existingIndex);
  return conflicts.sort((a, b) => a.index - b.index).map((c) => c.conflict);
}

/** No booking of positive length (zero-length ones occupy nothing). */
function nothingBooked(existing: readonly ExistingOccurrence[]): boolean {
  for (const e of existing) if (e.endsAt.getTime() > e.startsAt.getTime()) return false;
  return true;
}

/** Candidates in chronological order, each starting at least `buffer` after the previous one ends. */
export function chronologicalAndApart(candidates: readonly Interval[], buffer: number): boolean {
  for (let i = 1; i < candidates.length; i++) {
    if (candidates[i].startsAt.getTime() - candidates[i - 1].endsAt.getTime() < buffer) return false;
  }
  return true;
}

/**
 * For each candidate (by recurrenceId), the gap in milliseconds between it and the closest
 * booking of one room: how long after the candidate's end the booking starts, or before its
 * start the booking ends, whichever is larger — negative when they overlap, zero when they
 * touch. The candidate conflicts when the gap is below the room's buffer. Candidates without
 * a booking closer than `withinMs` are absent.
 */
export type ClosestBookingGaps = ReadonlyMap<string, number>;

/**
 * The ClosestBookingGaps of some candidates among a room's active bookings, given as flat
 * [startsMs, endsMs, startsMs, endsMs, …] (a network-wide search reads about ten thousand:
 * numbers, not objects). Zero-length bookings occupy nothing.
 */
export function closestBookingGaps(
  candidates: readonly (Interval & { recurrenceId: string })[],
  bookingSpans: ArrayLike<number>,
  withinMs: number,
): Map<string, number> {
  const gaps = new Map<string, number>();
  for (const c of candidates) {
    const cStart = c.startsAt.getTime();
    const cEnd = c.endsAt.getTime();
    let closest = withinMs;
    for (let i = 0; i + 1 < bookingSpans.length; i += 2) {
      const start = bookingSpans[i];
      const end = bookingSpans[i + 1];
      if (end <= start) continue;
      const gap = Math.max(start - cEnd, cStart - end);
      if (gap < closest) closest = gap;
    }
    if (closest < withinMs) gaps.set(c.recurrenceId, closest);
  }
  return gaps;
}

/**
 * For each candidate of a desk pool (by recurrenceId), the most seats its bookings take at any
 * instant of the candidate: the candidate fits when that plus its own seats is at most the
 * pool's seats. Candidates during which nothing is booked are absent. What a search needs of a
 * pool's bookings (occupancyBusiestSeats in occupancy.ts), as ClosestBookingGaps for rooms.
 */
export type BusiestSeats = ReadonlyMap<string, number>;

/** A room's bookings as the flat spans closestBookingGaps reads. */
export function bookingSpans(bookings: readonly Interval[]): number[] {
  return bookings.flatMap((booking) => [booking.startsAt.getTime(), booking.endsAt.getTime()]);
}

type IndexedConflict = { index: number; conflict: Conflict };

function roomConflicts(
  space: ConflictSpace,
  ordered: readonly Prepared<CandidateOccurrence>[],
  existingIndex: IntervalIndex<ExistingOccurrence>,
  closestBookings: ClosestBookingGaps | undefined,
): IndexedConflict[] {
  const buffer = Math.max(0, space.bufferMinutes) * MS_PER_MINUTE;
  const accepted = new IntervalIndex<Prepared<CandidateOccurrence>>();
  const result: IndexedConflict[] = [];

  for (const c of ordered) {
    const lo = c.start - buffer;
    const hi = c.end + buffer;
    const hitsExisting = existingIndex.intersecting(lo, hi);
    const closestGap = closestBookings?.get(c.item.recurrenceId);
    const hitsClosest = closestGap !== undefined && closestGap < buffer;
    const hitsCandidates = accepted.intersecting(lo, hi);
    if (hitsExisting.length === 0 && !hitsClosest && hitsCandidates.length === 0) {
      accepted.push(c.start, c.end, c);
      continue;
    }
    result.push({
      index: c.index,
      conflict: {
        recurrenceId: c.item.recurrenceId,
        startsAt: c.item.startsAt,
        endsAt: c.item.endsAt,
        reason: "ALREADY_BOOKED",
        message: roomConflictMessage(space, c.item, hitsExisting, hitsClosest ? closestGap : undefined, hitsCandidates),
        conflictingIds: hitsExisting.map((e) => e.id),
        conflictingRecurrenceIds: hitsCandidates.map((o) => o.item.recurrenceId),
      },
    });
  }
  return result;
}

/**
 * A room's conflicts from its closest bookings alone, for candidates apart from one another
 * (none can conflict with another): the dates whose closest booking is within the buffer.
 */
function closestBookingConflicts(
  space: ConflictSpace,
  candidates: readonly CandidateOccurrence[],
  closestBookings: ClosestBookingGaps | undefined,
  buffer: number,
): Conflict[] {
  const conflicts: Conflict[] = [];
  if (!closestBookings || closestBookings.size === 0) return conflicts;
  for (const candidate of candidates) {
    const closestGap = closestBookings.get(candidate.recurrenceId);
    if (closestGap === undefined || closestGap >= buffer) continue;
    conflicts.push({
      recurrenceId: candidate.recurrenceId,
      startsAt: candidate.startsAt,
      endsAt: candidate.endsAt,
      reason: "ALREADY_BOOKED",
      message: closestBookingMessage(space, candidate, closestGap),
      conflictingIds: NONE,
      conflictingRecurrenceIds: NONE,
    });
  }
  return conflicts;
}

/**
 * The messages already written for a candidate, by what else they depend on: the spaces of a
 * search share its dates' candidates (searchAvailability), and a search over a whole network
 * finds thousands of conflicts that say the same few things (written each time, they were most
 * of what it allocated, issue 7).
 */
const messagesByCandidate = new WeakMap<CandidateOccurrence, Map<number, string>>();

function knownMessages(candidate: CandidateOccurrence): Map<number, string> {
  let messages = messagesByCandidate.get(candidate);
  if (!messages) messagesByCandidate.set(candidate, (messages = new Map()));
  return messages;
}

/** roomConflictMessage of a closest booking alone: depends on whether it overlaps, else on the buffer. */
function closestBookingMessage(space: ConflictSpace, candidate: CandidateOccurrence, closestGap: number): string {
  const messages = knownMessages(candidate);
  const key = closestGap < 0 ? -1 : -2 - Math.max(0, space.bufferMinutes);
  let message = messages.get(key);
  if (message === undefined) messages.set(key, (message = roomConflictMessage(space, candidate, [], closestGap, [])));
  return message;
}

/** deskPoolConflictMessage: depends on the pool's seats and the seats left (the candidate's own seats are its). */
function busiestSeatsMessage(space: ConflictSpace, candidate: CandidateOccurrence, freeSeats: number): string {
  const messages = knownMessages(candidate);
  const key = space.seats * 1_000_000 + freeSeats;
  let message = messages.get(key);
  if (message === undefined) messages.set(key, (message = deskPoolConflictMessage(space, candidate, freeSeats)));
  return message;
}

function bufferRuleFr(bufferMinutes: number): string {
  return `il faut laisser ${formatDurationFr(bufferMinutes)} entre deux réservations`;
}

/** Why a room cannot take the candidate: already booked, or too close (buffer), by a booking or by another date of the request. */
function roomConflictMessage(
  space: ConflictSpace,
  c: CandidateOccurrence,
  hitsExisting: readonly ExistingOccurrence[],
  /** The closest booking's gap, when it is within the buffer (closestBookings). */
  closestGap: number | undefined,
  hitsCandidates: readonly Prepared<CandidateOccurrence>[],
): string {
  const slot = `Le créneau ${describeSlot(c.startsAt, c.endsAt)}`;
  const start = c.startsAt.getTime();
  const end = c.endsAt.getTime();

  if (hitsExisting.length > 0 || closestGap !== undefined) {
    const labels = hitsExisting.length > 0 ? unique(hitsExisting.flatMap((e) => (e.label ? [e.label] : []))) : [];
    const suffix = labels.length > 0 ? ` (${labels.join(", ")})` : "";
    const reallyOverlaps =
      (closestGap !== undefined && closestGap < 0) || hitsExisting.some((e) => e.startsAt.getTime() < end && e.endsAt.getTime() > start);
    return reallyOverlaps
      ? `${slot} est déjà réservé${suffix}.`
      : `${slot} est trop proche d'une autre réservation${suffix} : ${bufferRuleFr(space.bufferMinutes)}.`;
  }
  const other = hitsCandidates[0];
  const otherSlot = describeSlot(other.item.startsAt, other.item.endsAt);
  const reallyOverlaps = hitsCandidates.some((o) => o.start < end && o.end > start);
  return reallyOverlaps
    ? `${slot} chevauche le créneau ${otherSlot} de la même demande.`
    : `${slot} est trop proche du créneau ${otherSlot} de la même demande : ${bufferRuleFr(space.bufferMinutes)}.`;
}

function deskPoolConflicts(
  space: ConflictSpace,
  ordered: readonly Prepared<CandidateOccurrence>[],
  existing: readonly Prepared<ExistingOccurrence>[],
  existingIndex: IntervalIndex<ExistingOccurrence>
): IndexedConflict[] {
  // Elementary segments between consecutive distinct boundaries.
  const boundarySet = new Set<number>();
  for (const e of existing) boundarySet.add(e.start).add(e.end);
  for (const c of ordered) boundarySet.add(c.start).add(c.end);
  const boundaries = [...boundarySet].sort((a, b) => a - b);
  const position = new Map<number, number>();
  boundaries.forEach((t, i) => position.set(t, i));

  // Seat usage of the existing occurrences per segment: difference array + prefix sum (sweep).
  const segments = Math.max(0, boundaries.length - 1);
  const usage = new Array<number>(segments + 1).fill(0);
  for (const e of existing) {
    usage[position.get(e.start)!] += e.item.seats;
    usage[position.get(e.end)!] -= e.item.seats;
  }
  for (let i = 1; i < usage.length; i++) usage[i] += usage[i - 1];
  usage.length = segments;
  const tree = new MaxAddTree(usage);

  const accepted = new IntervalIndex<Prepared<CandidateOccurrence>>();
  const result: IndexedConflict[] = [];
  for (const c of ordered) {
    const from = position.get(c.start)!;
    const to = position.get(c.end)! - 1;
    const used = Math.max(0, tree.query(from, to));
    if (used + c.item.seats <= space.seats) {
      tree.add(from, to, c.item.seats);
      accepted.push(c.start, c.end, c);
      continue;
    }
    const freeSeats = Math.max(0, space.seats - used);
    result.push({
      index: c.index,
      conflict: {
        recurrenceId: c.item.recurrenceId,
        startsAt: c.item.startsAt,
        endsAt: c.item.endsAt,
        reason: "NOT_ENOUGH_SEATS",
        message: deskPoolConflictMessage(space, c.item, freeSeats),
        freeSeats,
        conflictingIds: existingIndex.intersecting(c.start, c.end).map((e) => e.id),
        conflictingRecurrenceIds: accepted.intersecting(c.start, c.end).map((o) => o.item.recurrenceId),
      },
    });
  }
  return result;
}

/**
 * A desk pool's conflicts from the busiest moment of its bookings during each candidate
 * (candidates apart from one another: none takes a seat another needs).
 */
function busiestSeatsConflicts(space: ConflictSpace, candidates: readonly CandidateOccurrence[], busiestSeats: BusiestSeats): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const candidate of candidates) {
    const used = busiestSeats.get(candidate.recurrenceId) ?? 0;
    if (used + candidate.seats <= space.seats) continue;
    const freeSeats = Math.max(0, space.seats - used);
    conflicts.push({
      recurrenceId: candidate.recurrenceId,
      startsAt: candidate.startsAt,
      endsAt: candidate.endsAt,
      reason: "NOT_ENOUGH_SEATS",
      message: busiestSeatsMessage(space, candidate, freeSeats),
      freeSeats,
      conflictingIds: NONE,
      conflictingRecurrenceIds: NONE,
    });
  }
  return conflicts;
}

/** Why a desk pool cannot take the candidate: more seats than it has, full, or not enough left. */
function deskPoolConflictMessage(space: ConflictSpace, candidate: CandidateOccurrence, freeSeats: number): string {
  const slot = `Le créneau ${describeSlot(candidate.startsAt, candidate.endsAt)}`;
  const wanted = candidate.seats;
  const requested = `${wanted} ${wanted > 1 ? "demandées" : "demandée"}`;
  if (wanted > space.seats) return `${slot} demande ${wanted} places alors que l'espace n'en compte que ${space.seats}.`;
  if (freeSeats === 0) {
    return `${slot} est complet : ${space.seats === 1 ? "la place est déjà réservée" : `les ${space.seats} places sont déjà réservées`}.`;
  }
  if (freeSeats === 1) return `${slot} n'a plus qu'une place libre sur ${space.seats} (${requested}).`;
  return `${slot} n'a plus que ${freeSeats} places libres sur ${space.seats} (${requested}).`;
}

// ---------------------------------------------------------------------------------------------
// Opening intervals and free intervals
// ---------------------------------------------------------------------------------------------

type Span = { start: number; end: number };

function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * The instants of [from, to) when the space is open: opening hours (Paris wall clock, DST
 * aware) minus closed dates. Without opening hours the space is open around the clock.
 * Ranges that touch (e.g. 24:00 then 00:00 the next day) are merged.
 */
export function openingIntervals(input: {
  from: Date;
  to: Date;
  openingHours?: OpeningHours | null;
  closures?: readonly Closure[];
}): Interval[] {
  const { from, to, openingHours, closures = [] } = input;
  const lo = from.getTime();
  const hi = to.getTime();
  if (!(hi > lo)) return [];
  const spans: Span[] = [];
  // Day by day on the Paris calendar, from the day of `from` to the day of the last instant before `to`.
  const lastDay = localDateToEpochDay(instantToParis(new Date(hi - 1)));
  for (let epochDay = localDateToEpochDay(instantToParis(new Date(lo))); epochDay <= lastDay; epochDay++) {
    const date = epochDayToLocalDate(epochDay);
    if (closures.some((c) => c.startsOn <= date && date <= c.endsOn)) continue;
    const ranges = openingHours ? openingRangesOf(openingHours, isoWeekday(date)) : [{ open: 0, close: 1440 }];
    for (const r of ranges) {
      const s = Math.max(parisInstantOfDayMinute(date, r.open), lo);
      const e = Math.min(parisInstantOfDayMinute(date, r.close), hi);
      if (e > s) spans.push({ start: s, end: e });
    }
  }
  return mergeSpans(spans).map((s) => ({ startsAt: new Date(s.start), endsAt: new Date(s.end) }));
}

export type FreeInterval = Interval & {
  /** Rooms: always 1. Desk pools: the minimum number of free seats over the interval. */
  freeSeats: number;
};

/**
 * The free intervals of a space within [from, to), intersected with the opening hours minus
 * the closures (when given).
 *   - Rooms: gaps between the busy intervals, each widened by the buffer on both sides, so
 *     that any sub-interval of a free interval can be booked (`seatsWanted` is ignored).
 *   - Desk pools: maximal intervals where at least `seatsWanted` (default 1) seats are free,
 *     with the minimum free seat count over the interval; the buffer does not apply.
 */
export function freeIntervals(input: {
  from: Date;
  to: Date;
  existing: readonly ExistingOccurrence[];
  space: ConflictSpace;
  openingHours?: OpeningHours | null;
  closures?: readonly Closure[];
  seatsWanted?: number;
}): FreeInterval[] {
  const { from, to, existing, space, openingHours, closures, seatsWanted = 1 } = input;
  const lo = from.getTime();
  const hi = to.getTime();
  if (!(hi > lo)) return [];
  const isRoom = space.kind === "ROOM";
  const capacity = isRoom ? 1 : space.seats;
  const wanted = isRoom ? 1 : Math.max(1, seatsWanted);
  const buffer = isRoom ? Math.max(0, space.bufferMinutes) * MS_PER_MINUTE : 0;

  // Usage step function over [lo, hi): a sweep over the start/end events.
  const events = new Map<number, number>();
  const bump = (t: number, delta: number) => events.set(t, (events.get(t) ?? 0) + delta);
  for (const e of existing) {
    const s = Math.max(e.startsAt.getTime() - buffer, lo);
    const t = Math.min(e.endsAt.getTime() + buffer, hi);
    if (!(t > s)) continue;
    const weight = isRoom ? 1 : e.seats;
    bump(s, weight);
    bump(t, -weight);
  }
  const times = [...new Set([lo, hi, ...events.keys()])].sort((a, b) => a - b);
  const steps: Array<Span & { free: number }> = [];
  let used = 0;
  for (let i = 0; i < times.length - 1; i++) {
    used += events.get(times[i]) ?? 0;
    steps.push({ start: times[i], end: times[i + 1], free: Math.max(0, capacity - used) });
  }

  const open: Span[] =
    openingHours || (closures && closures.length > 0)
      ? openingIntervals({ from, to, openingHours, closures }).map((i) => ({
          start: i.startsAt.getTime(),
          end: i.endsAt.getTime(),
        }))
      : [{ start: lo, end: hi }];

  // Intersect (two pointers), keep what has enough free seats, merge contiguous pieces.
  const result: Array<Span & { free: number }> = [];
  let i = 0;
  let j = 0;
  while (i < steps.length && j < open.length) {
    const s = Math.max(steps[i].start, open[j].start);
    const e = Math.min(steps[i].end, open[j].end);
    if (e > s && steps[i].free >= wanted) {
      const last = result.at(-1);
      if (last && last.end === s) {
        last.end = e;
        last.free = Math.min(last.free, steps[i].free);
      } else {
        result.push({ start: s, end: e, free: steps[i].free });
      }
    }
    if (steps[i].end < open[j].end) i++;
    else j++;
  }
  return result.map((r) => ({ startsAt: new Date(r.start), endsAt: new Date(r.end), freeSeats: r.free }));
}
