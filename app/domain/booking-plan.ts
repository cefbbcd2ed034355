/**
 * Planning a booking: which occurrences a request produces, and which of them cannot be booked
 * and why (DST gap, the space's rules, conflicts). Pure: the caller loads the space and the
 * active occurrences of the window (`prefetchWindow` in availability.ts) and, inside its write transaction,
 * stores the plan. The database's constraints remain the final guard (docs/decisions/0004).
 *
 * Materialisation: a series is booked up to the space's booking horizon (now + horizonDays,
 * in Paris calendar days). Later occurrences are booked when the horizon reaches them
 * (`npm run bookings:extend`), if they are still free then.
 */
import { unavailableOccurrences, type AvailabilitySpace, type UnavailabilityReason } from "./availability";
import type { ExistingOccurrence } from "./conflicts";
import { expandOccurrences, type Occurrence } from "./recurrence";
import { addParisDays, localRangeToInstants, type LocalDateTime } from "./time";

export type PlanningSpace = Pick<AvailabilitySpace, "kind" | "seats" | "openingHours" | "closures" | "rules">;

export type BookingRequest = {
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  /** Canonical RRULE (already validated by parseRRule), null for a one-off booking. */
  rrule: string | null;
  seats: number;
};

export type OccurrenceProblem = { code: UnavailabilityReason["code"] | "DST_GAP"; message: string };

export type PlannedOccurrence = Occurrence & { problems: readonly OccurrenceProblem[] };

/** A date of the rule that has no instant (spring DST gap): it can never be booked. */
export type ImpossibleOccurrence = { recurrenceId: LocalDateTime; problems: readonly OccurrenceProblem[] };

export type BookingPlan = {
  /** Chronological; `problems` empty means bookable. */
  occurrences: PlannedOccurrence[];
  impossible: ImpossibleOccurrence[];
  /** Occurrences starting at or after this instant are not booked yet. */
  materializedUntil: Date;
  /** The rule has occurrences beyond the horizon, to be booked when the horizon reaches them. */
  continuesBeyondHorizon: boolean;
};

export type RequestError = { field: "start" | "end" | "seats"; message: string };

/** The last instant a booking may start at: now + horizonDays, counted in Paris calendar days. */
export function bookingHorizonEnd(now: Date, horizonDays: number): Date {
  return addParisDays(now, horizonDays);
}

/** Request-level checks, before any expansion: real wall times, seats within the space. */
export function checkBookingRequest(space: Pick<PlanningSpace, "kind" | "seats">, request: BookingRequest): RequestError | null {
  const range = localRangeToInstants(request.localStart, request.localEnd);
  if (!range.ok) return { field: range.field, message: range.message };
  if (space.kind === "DESK_POOL" && (request.seats < 1 || request.seats > space.seats)) {
    return { field: "seats", message: `Choisissez entre 1 et ${space.seats} postes.` };
  }
  return null;
}

/** The occurrences the request produces up to the horizon, with their problems. */
export function expandRequest(space: PlanningSpace, request: BookingRequest, now: Date) {
  const horizonEnd = bookingHorizonEnd(now, space.rules.horizonDays);
  // Strictly after the horizon instant, so an occurrence starting exactly at it is planned.
  const materializedUntil = new Date(horizonEnd.getTime() + 1);
  // A one-off booking is planned whatever its date: beyond the horizon it is refused by the rules.
  const until = request.rrule ? materializedUntil : new Date(Date.UTC(2999, 0, 1));
  const expansion = expandOccurrences({ localStart: request.localStart, localEnd: request.localEnd, rrule: request.rrule, until });
  let continuesBeyondHorizon = expansion.truncated;
  if (request.rrule && !continuesBeyondHorizon) {
    const next = expandOccurrences({
      localStart: request.localStart,
      localEnd: request.localEnd,
      rrule: request.rrule,
      from: materializedUntil,
      until: new Date(Date.UTC(2999, 0, 1)),
      // Two: the first one may be a date that starts before the horizon and ends after it.
      maxOccurrences: 2,
    });
    continuesBeyondHorizon = next.truncated || next.occurrences.some((occurrence) => occurrence.startsAt >= materializedUntil);
  }
  return { expansion, materializedUntil, continuesBeyondHorizon };
}

/** Attaches the problems of each candidate: rules, then conflicts with `existing` and with each other. */
export function planOccurrences(input: {
  space: PlanningSpace;
  candidates: readonly Occurrence[];
  existing: readonly ExistingOccurrence[];
  seats: number;
  now: Date;
}): PlannedOccurrence[] {
  const unavailable = unavailableOccurrences({
    space: input.space,
    candidates: input.candidates,
    existing: input.existing,
    seats: input.seats,
    now: input.now,
  });
  const problemsById = new Map(unavailable.map((u) => [u.recurrenceId, u.reasons]));
  return [...input.candidates]
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((occurrence) => ({ ...occurrence, problems: problemsById.get(occurrence.recurrenceId) ?? [] }));
}

export function planBooking(input: {
  space: PlanningSpace;
  request: BookingRequest;
  existing: readonly ExistingOccurrence[];
  now: Date;
  /** `expandRequest(space, request, now)` when the caller already has it (same arguments). */
  expanded?: ReturnType<typeof expandRequest>;
}): BookingPlan {
  const { space, request, existing, now } = input;
  const { expansion, materializedUntil, continuesBeyondHorizon } = input.expanded ?? expandRequest(space, request, now);
  return {
    occurrences: planOccurrences({ space, candidates: expansion.occurrences, existing, seats: request.seats, now }),
    impossible: expansion.invalid.map(({ recurrenceId, message }) => ({
      recurrenceId,
      problems: [{ code: "DST_GAP" as const, message }],
    })),
    materializedUntil,
    continuesBeyondHorizon,
  };
}

export const bookableOccurrences = (plan: BookingPlan) => plan.occurrences.filter((o) => o.problems.length === 0);
export const blockedOccurrences = (plan: BookingPlan) => plan.occurrences.filter((o) => o.problems.length > 0);
