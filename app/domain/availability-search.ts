/**
 * The availability search as people ask it: "mardi 14:00–16:00, chaque semaine pendant 4
 * semaines". Turns that request into candidates for `searchAvailability` (availability.ts)
 * and describes each result in French. Pure module: no Remix, no Prisma, no I/O.
 *
 * Decisions:
 *   - A weekly search runs over N whole weeks from the chosen date: [date, date + 7N days),
 *     on the chosen weekdays (the date's own weekday when none is ticked). It is expanded as
 *     the RRULE a booking would get (FREQ=WEEKLY;BYDAY=…;UNTIL=…), so search and booking agree
 *     on the dates, DST included: 14:00–16:00 stays 14:00–16:00 on the wall clock.
 *   - Times are on one day (end after start); a one-off search inside the spring DST gap is
 *     refused beside the field, a weekly one lists the dates that cannot happen and searches
 *     the others.
 */
import type { AvailabilityCandidate, SpaceAvailability } from "./availability";
import { expandOccurrences, recurrenceFromForm, WEEKDAY_CODES, type WeekdayCode } from "./recurrence";
import {
  addDaysLocal,
  formatLocalDate,
  isoWeekday,
  localDate,
  localRangeToInstants,
  parisToInstant,
  type LocalDate,
} from "./time";

export type AvailabilityRequest = {
  date: LocalDate;
  /** "HH:mm", Paris wall clock. */
  startTime: string;
  endTime: string;
  /** null: only `date`; otherwise every week for that many weeks. */
  weeks: number | null;
  /** Weekdays of a weekly search; empty means the date's weekday. */
  weekdays: readonly WeekdayCode[];
};

export type CandidatesResult =
  | {
      ok: true;
      candidates: AvailabilityCandidate[];
      /** Dates of a weekly search that do not exist on the Paris clock (spring DST gap), with why. */
      impossible: Array<{ recurrenceId: string; message: string }>;
    }
  | { ok: false; field: "start" | "end" | "weekdays"; message: string };

function weekdayCodeOf(date: LocalDate): WeekdayCode {
  return WEEKDAY_CODES[isoWeekday(date) - 1];
}

/** The candidates (occurrences) of a search request, chronological. */
export function availabilityCandidates(request: AvailabilityRequest): CandidatesResult {
  const localStart = `${request.date}T${request.startTime}`;
  const localEnd = `${request.date}T${request.endTime}`;
  const range = localRangeToInstants(localStart, localEnd);
  if (request.weeks === null) {
    if (!range.ok) return { ok: false, field: range.field, message: range.message };
    const candidate = { recurrenceId: localStart, localStart, localEnd, startsAt: range.startsAt, endsAt: range.endsAt };
    return { ok: true, candidates: [candidate], impossible: [] };
  }
  if (!range.ok && range.reason !== "DST_GAP") return { ok: false, field: range.field, message: range.message };

  const weekdays = request.weekdays.length > 0 ? request.weekdays : [weekdayCodeOf(request.date)];
  const lastDate = addDaysLocal(request.date, request.weeks * 7 - 1);
  // The series starts on its first selected day, as a booking's DTSTART must; a week holds
  // every weekday, so it is within the period.
  let firstDate = request.date;
  while (!weekdays.includes(weekdayCodeOf(firstDate))) firstDate = addDaysLocal(firstDate, 1);
  const rule = recurrenceFromForm(
    { frequency: "WEEKLY", interval: 1, weekdays: [...weekdays], end: { kind: "until", until: lastDate } },
    `${firstDate}T${request.startTime}`,
  );
  if (!rule.ok) return { ok: false, field: "weekdays", message: rule.message };
  const windowEnd = parisToInstant(`${addDaysLocal(lastDate, 2)}T00:00`);
  if (!windowEnd.ok) return { ok: false, field: "start", message: windowEnd.message };
  const expansion = expandOccurrences({
    localStart: `${firstDate}T${request.startTime}`,
    localEnd: `${firstDate}T${request.endTime}`,
    rrule: rule.rrule,
    until: windowEnd.instant,
  });
  const impossible = expansion.invalid.map(({ recurrenceId, message }) => ({ recurrenceId, message }));
  if (expansion.occurrences.length === 0) {
    return { ok: false, field: "start", message: impossible[0]?.message ?? "Aucune date ne correspond à cette recherche." };
  }
  return { ok: true, candidates: expansion.occurrences, impossible };
}

/**
 * What was searched: "le mardi 23 mars 2027 de 14:00 à 16:00",
 * "4 dates de 14:00 à 16:00, du mardi 23 mars 2027 au mardi 13 avril 2027".
 */
export function describeCandidates(candidates: readonly Pick<AvailabilityCandidate, "localStart" | "localEnd">[]): string {
  if (candidates.length === 0) return "aucune date";
  const first = candidates[0];
  const last = candidates[candidates.length - 1];
  const times = `de ${first.localStart.slice(11, 16)} à ${first.localEnd.slice(11, 16)}`;
  if (candidates.length === 1) return `le ${formatLocalDate(localDate(first.localStart))} ${times}`;
  return `${candidates.length} dates ${times}, du ${formatLocalDate(localDate(first.localStart))} au ${formatLocalDate(localDate(last.localStart))}`;
}

/** "libre pour toutes les dates", "libre pour 3 dates sur 4 (indisponible : mardi 30 mars 2027)". */
export function describeAvailability(result: Pick<SpaceAvailability, "status" | "availableCount" | "unavailableCount" | "unavailable">): string {
  const total = result.availableCount + result.unavailableCount;
  if (result.status === "FREE") return total === 1 ? "libre sur ce créneau" : "libre pour toutes les dates";
  const dates = result.unavailable.map((occurrence) => formatLocalDate(localDate(occurrence.recurrenceId)));
  const available = result.availableCount === 1 ? "1 date" : `${result.availableCount} dates`;
  return `libre pour ${available} sur ${total} (indisponible : ${dates.join(", ")})`;
}

/** Query string of the booking form prefilled with a slot: `espace=…&date=…&debut=…&fin=…`. */
export function bookingFormQuery(input: { spaceId: string; date: LocalDate; startTime: string; endTime: string }): string {
  return new URLSearchParams({ espace: input.spaceId, date: input.date, debut: input.startTime, fin: input.endTime }).toString();
}

/** Spaces shown per page of search results: a search over a whole network can answer hundreds. */
export const RESULTS_PER_PAGE = 50;

export type ResultsPage = { page: number; pageCount: number; first: number; last: number };

/**
 * Which results a page shows, 1-based and inclusive (`first`..`last`; 0..0 when there are none).
 * The page asked for comes from the URL: anything but a whole number counts as page 1, and a page
 * beyond the last shows the last one (the results may have shrunk since the link was made).
 */
export function resultsPage(total: number, requested: string | null, perPage = RESULTS_PER_PAGE): ResultsPage {
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const asked = requested !== null && /^\d{1,6}$/.test(requested) ? Number(requested) : 1;
  const page = Math.min(Math.max(asked, 1), pageCount);
  if (total === 0) return { page: 1, pageCount: 1, first: 0, last: 0 };
  return { page, pageCount, first: (page - 1) * perPage + 1, last: Math.min(page * perPage, total) };
}

