/**
 * Availability search across spaces for a requested time or an expanded recurrence.
 * Pure module: no Remix, no Prisma, no I/O.
 *
 * The DB layer prefetches, per space, only the active occurrences overlapping
 * `prefetchWindow(candidates, maxBuffer)` (an indexed range query) — for rooms, only the
 * closest one to each candidate (closestBookingGaps in conflicts.ts) —, then calls
 * `searchAvailability`.
 *
 * Decisions:
 *   - A candidate is available in a space when it satisfies the space's rules
 *     (checkOccurrenceAgainstRules) AND has no conflict (findConflicts). Candidates that break
 *     a rule are left out of the conflict check, so they do not block later candidates.
 *   - `filters.seats` (default 1) is the number of seats taken in a desk pool; desk pools with
 *     fewer seats are filtered out. Rooms are exclusive: `seats` does not filter them (use
 *     `minCapacity` for the number of people).
 *   - The buffer of a space is `space.bufferMinutes` when given, otherwise `rules.bufferMinutes`.
 *   - Result: spaces free for EVERY candidate ("FREE"); with `includePartial`, also spaces free
 *     for at least one candidate ("PARTIAL", with the unavailable dates and why). Spaces free
 *     for no candidate are never returned. Sorted: FREE first, then by name (French collation).
 *   - No candidates: empty result (nothing was asked). recurrenceIds must be distinct.
 */
import {
  findConflicts,
  type BusiestSeats,
  type CandidateOccurrence,
  type ClosestBookingGaps,
  type ConflictReason,
  type ExistingOccurrence,
  type Interval,
  type SpaceKind,
} from "./conflicts";
import {
  checkOccurrenceAgainstRules,
  type BookingRules,
  type Closure,
  type LocalDateTime,
  type OpeningHours,
  type RuleViolation,
  type RuleViolationCode,
} from "./space-rules";
import { compareNames } from "./names";

export type AvailabilitySpace = {
  id: string;
  name: string;
  kind: SpaceKind;
  /** Desk pools: number of desks. Rooms: ignored (exclusive). */
  seats: number;
  /** Number of people the space holds. */
  capacity: number;
  accessible: boolean;
  siteId: string;
  /** Defaults to rules.bufferMinutes. */
  bufferMinutes?: number;
  openingHours: OpeningHours | null;
  closures: readonly Closure[];
  rules: BookingRules;
};

/** One occurrence of the requested time or recurrence, already expanded. */
export type AvailabilityCandidate = Interval & {
  recurrenceId: string;
  /** Paris wall-clock start/end "YYYY-MM-DDTHH:mm", same moments as startsAt/endsAt. */
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
};

export type AvailabilityFilters = {
  minCapacity?: number;
  accessibleOnly?: boolean;
  siteId?: string;
  /** Seats wanted in a desk pool (default 1). */
  seats?: number;
};

export type UnavailabilityReason = { code: RuleViolationCode | ConflictReason; message: string };

export type UnavailableOccurrence = {
  recurrenceId: string;
  startsAt: Date;
  endsAt: Date;
  /** Shared between spaces and searches when they say the same: read, never changed. */
  reasons: readonly UnavailabilityReason[];
};

export type SpaceAvailability<S extends AvailabilitySpace = AvailabilitySpace> = {
  space: S;
  status: "FREE" | "PARTIAL";
  availableCount: number;
  /** Number of candidates (dates) that cannot be booked in this space. */
  unavailableCount: number;
  /** Chronological. Empty when FREE. */
  unavailable: UnavailableOccurrence[];
};

/** Whether a space passes the static filters (capacity, accessibility, site, seats). */
export function matchesFilters(space: AvailabilitySpace, filters: AvailabilityFilters = {}): boolean {
  if (filters.minCapacity !== undefined && space.capacity < filters.minCapacity) return false;
  if (filters.accessibleOnly && !space.accessible) return false;
  if (filters.siteId !== undefined && space.siteId !== filters.siteId) return false;
  if (space.kind === "DESK_POOL" && space.seats < (filters.seats ?? 1)) return false;
  return true;
}

/**
 * The window the DB layer must prefetch: [earliest start − buffer, latest end + buffer).
 * The buffer widening matters: a booking that ends 10 minutes before the first candidate
 * conflicts with it when the buffer is 15 minutes. null when there are no candidates.
 */
export function prefetchWindow(candidates: readonly Interval[], maxBufferMinutes = 0): Interval | null {
  if (candidates.length === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const c of candidates) {
    from = Math.min(from, c.startsAt.getTime());
    to = Math.max(to, c.endsAt.getTime());
  }
  const buffer = Math.max(0, maxBufferMinutes) * 60_000;
  return { startsAt: new Date(from - buffer), endsAt: new Date(to + buffer) };
}

/**
 * The candidates that cannot be booked in one space, with every reason: the space's rules
 * (checkOccurrenceAgainstRules) and then conflicts with existing bookings and with earlier
 * candidates (findConflicts; rule-breaking candidates are left out of it). Chronological.
 * Shared by the availability search and by booking creation (app/domain/booking-plan.ts).
 */
export function unavailableOccurrences(input: {
  space: Pick<AvailabilitySpace, "kind" | "seats" | "bufferMinutes" | "openingHours" | "closures" | "rules">;
  candidates: readonly AvailabilityCandidate[];
  existing: readonly ExistingOccurrence[];
  /** Rooms: the closest booking to each candidate, instead of (or besides) `existing` (see findConflicts). */
  closestBookings?: ClosestBookingGaps;
  /** Desk pools: the busiest moment of their bookings during each candidate, instead of `existing` (see findConflicts). */
  busiestSeats?: BusiestSeats;
  /** Seats taken in a desk pool by each candidate (ignored for rooms). */
  seats: number;
  now: Date;
  /**
   * The rule checks of these candidates, already made for a space with the same rules, opening
   * hours, closures and kind (see searchAvailability, which shares them between such spaces).
   */
  ruleChecks?: RuleChecks;
}): UnavailableOccurrence[] {
  const { space, existing, closestBookings, busiestSeats, seats, now } = input;
  const chronological = isChronological(input.candidates)
    ? input.candidates
    : [...input.candidates].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  // Rule checks first; the candidates that pass them go on to the conflict check.
  const { violationsOf, withinRules } = input.ruleChecks ?? checkRules(space, chronological, seats, now);
  const conflicts = findConflicts({
    space: { kind: space.kind, seats: space.seats, bufferMinutes: space.bufferMinutes ?? space.rules.bufferMinutes },
    candidates: withinRules,
    existing,
    ...(closestBookings && space.kind === "ROOM" ? { closestBookings } : {}),
    ...(busiestSeats && space.kind === "DESK_POOL" ? { busiestSeats } : {}),
  });

  // Conflicts come in the order of withinRules, which is chronological: one pass merges them.
  const unavailable: UnavailableOccurrence[] = [];
  let next = 0;
  for (let index = 0; index < chronological.length; index++) {
    const c = chronological[index];
    const violations = violationsOf[index];
    let reasons: readonly UnavailabilityReason[] | undefined;
    if (violations.length > 0) reasons = violations;
    else if (next < conflicts.length && conflicts[next].recurrenceId === c.recurrenceId) {
      const conflict = conflicts[next++];
      reasons = conflictReasons(conflict.reason, conflict.message);
    }
    if (reasons) unavailable.push({ recurrenceId: c.recurrenceId, startsAt: c.startsAt, endsAt: c.endsAt, reasons });
  }
  return unavailable;
}

/** The reasons of a conflict, one frozen list per message (a network-wide search names thousands of conflicts that say the same few things). */
const conflictReasonsByMessage: Record<ConflictReason, Map<string, readonly UnavailabilityReason[]>> = { ALREADY_BOOKED: new Map(), NOT_ENOUGH_SEATS: new Map() };

function conflictReasons(code: ConflictReason, message: string): readonly UnavailabilityReason[] {
  const byMessage = conflictReasonsByMessage[code];
  let reasons = byMessage.get(message);
  if (!reasons) {
    if (byMessage.size >= 10_000) byMessage.clear(); // a bound: the messages name dates
    byMessage.set(message, (reasons = Object.freeze([Object.freeze({ code, message })])));
  }
  return reasons;
}

/**
 * What the rules say of chronological candidates in one space: each candidate's violations, in
 * order, and the candidates that break none, as the conflict check takes them.
 */
export type RuleChecks = { readonly violationsOf: readonly (readonly RuleViolation[])[]; readonly withinRules: readonly CandidateOccurrence[] };

function checkRules(
  space: Pick<AvailabilitySpace, "kind" | "openingHours" | "closures" | "rules">,
  chronological: readonly AvailabilityCandidate[],
  seats: number,
  now: Date,
): RuleChecks {
  const violationsOf: RuleViolation[][] = [];
  const withinRules: CandidateOccurrence[] = [];
  for (const c of chronological) {
    const violations = checkOccurrenceAgainstRules({
      localStart: c.localStart,
      localEnd: c.localEnd,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      now,
      rules: space.rules,
      openingHours: space.openingHours,
      closures: space.closures,
    });
    violationsOf.push(violations);
    if (violations.length === 0) {
      withinRules.push({ recurrenceId: c.recurrenceId, startsAt: c.startsAt, endsAt: c.endsAt, seats: space.kind === "DESK_POOL" ? seats : 1 });
    }
  }
  return { violationsOf, withinRules };
}

function isChronological(candidates: readonly Interval[]): boolean {
  for (let i = 1; i < candidates.length; i++) if (candidates[i].startsAt.getTime() < candidates[i - 1].startsAt.getTime()) return false;
  return true;
}

/** Opening hours objects seen in this process, numbered: spaces loaded together share them (parsed once per JSON text). */
const openingHoursIds = new WeakMap<object, number>();
let nextOpeningHoursId = 1;

/** Keys of spaces already seen: a cached space (the search's occupancy cache) is keyed once. */
const ruleSetKeys = new WeakMap<AvailabilitySpace, string>();

/**
 * What a space's rule checks depend on, as a key: equal keys give equal checks. Its kind (which
 * decides the seats a date takes), opening hours by identity (cheap, and two equal objects
 * merely share nothing), the rest by value. A space is read, never changed, by the search: its
 * key is kept with it, the same string each time (a key built again per search was hashed
 * again per space: 4 % of a network-wide search, issue 7).
 */
function ruleSetKey(space: AvailabilitySpace): string {
  let key = ruleSetKeys.get(space);
  if (key === undefined) ruleSetKeys.set(space, (key = ruleSetKeyOf(space)));
  return key;
}

function ruleSetKeyOf(space: AvailabilitySpace): string {
  let hoursId = 0;
  if (space.openingHours) {
    hoursId = openingHoursIds.get(space.openingHours) ?? 0;
    if (hoursId === 0) openingHoursIds.set(space.openingHours, (hoursId = nextOpeningHoursId++));
  }
  return `${space.kind}|${JSON.stringify(space.rules)}|${hoursId}|${space.closures.length === 0 ? "" : JSON.stringify(space.closures)}`;
}

export function searchAvailability<S extends AvailabilitySpace>(input: {
  spaces: readonly S[];
  candidates: readonly AvailabilityCandidate[];
  existingBySpace: ReadonlyMap<string, readonly ExistingOccurrence[]>;
  /** Rooms: the closest booking to each candidate, by space (see findConflicts), besides existingBySpace. */
  closestBookingsBySpace?: ReadonlyMap<string, ClosestBookingGaps>;
  /** Desk pools: the busiest moment of their bookings during each candidate, by space, instead of existingBySpace (see findConflicts). */
  busiestSeatsBySpace?: ReadonlyMap<string, BusiestSeats>;
  filters?: AvailabilityFilters;
  now: Date;
  includePartial?: boolean;
}): SpaceAvailability<S>[] {
  const { spaces, candidates, existingBySpace, closestBookingsBySpace, busiestSeatsBySpace, filters = {}, now, includePartial = false } = input;
  if (candidates.length === 0) return [];
  if (new Set(candidates.map((c) => c.recurrenceId)).size !== candidates.length) {
    throw new RangeError("searchAvailability: candidates must have distinct recurrenceIds");
  }
  const chronological = [...candidates].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const wantedSeats = filters.seats ?? 1;
  const free: SpaceAvailability<S>[] = [];
  const partial: SpaceAvailability<S>[] = [];
  // Spaces of a network share a few sets of rules and hours: each set (and kind) checks each date once.
  const ruleChecksByKey = new Map<string, RuleChecks>();

  for (const space of spaces) {
    if (!matchesFilters(space, filters)) continue;
    const rulesKey = ruleSetKey(space);
    let ruleChecks = ruleChecksByKey.get(rulesKey);
    if (!ruleChecks) ruleChecksByKey.set(rulesKey, (ruleChecks = checkRules(space, chronological, wantedSeats, now)));
    const unavailable = unavailableOccurrences({
      space,
      candidates: chronological,
      existing: existingBySpace.get(space.id) ?? [],
      closestBookings: closestBookingsBySpace?.get(space.id),
      busiestSeats: busiestSeatsBySpace?.get(space.id),
      seats: wantedSeats,
      now,
      ruleChecks,
    });
    const availableCount = chronological.length - unavailable.length;
    if (availableCount === 0) continue;
    if (unavailable.length > 0 && !includePartial) continue;
    (unavailable.length === 0 ? free : partial).push({
      space,
      status: unavailable.length === 0 ? "FREE" : "PARTIAL",
      availableCount,
      unavailableCount: unavailable.length,
      unavailable,
    });
  }

  // FREE first, then by name. Each part keeps the order of `spaces` before its (stable) sort: given
  // in name order (the occupancy cache's), a part is one run, which V8's sort (TimSort) checks in
  // one comparison per space instead of sorting (French collation costs: 9 % of a network-wide
  // search, issue 7).
  const byName = (a: SpaceAvailability<S>, b: SpaceAvailability<S>) => compareNames(a.space.name, b.space.name);
  return free.sort(byName).concat(partial.sort(byName));
}
