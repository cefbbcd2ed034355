/**
 * Europe/Paris wall clock.
 *
 * Bookings are entered, stored and repeated in Paris *wall-clock* terms ("mardi 14:00–16:00"),
 * and turned into instants only at the edge, here. Nothing in this module depends on the
 * process time zone (servers and tests run with TZ=UTC): wall times are handled as "floating"
 * values (Date.UTC numbers standing for the Paris wall clock) and converted with the IANA rules
 * of Europe/Paris through Luxon.
 *
 * Daylight-saving transitions:
 * - spring gap (last Sunday of March, 02:00 → 03:00): wall times inside it do not exist and are
 *   refused (`DST_GAP`), never silently shifted, so a user is never booked at a time they did not pick;
 * - autumn fold (last Sunday of October, 03:00 → 02:00): wall times 02:00–02:59 happen twice;
 *   we take the FIRST one (summer time, +02:00), the way most calendar clients read a local time.
 *   `isAmbiguousParisTime` lets the UI warn about it.
 */
import { IANAZone } from "luxon";

export const PARIS_ZONE = "Europe/Paris";

/** Paris wall-clock date and time, `"YYYY-MM-DDTHH:mm"` (no seconds, no offset). */
export type LocalDateTime = string;
/** Paris calendar date, `"YYYY-MM-DD"`. */
export type LocalDate = string;
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Years outside this range are refused: no booking predates 1970 or reaches 3000, and it keeps day numbers positive. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2999;

const parisZone = IANAZone.create(PARIS_ZONE);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const LOCAL_DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const WEEKDAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"] as const;
const MONTH_NAMES = [
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
] as const;

// ---------------------------------------------------------------------------------------------
// Parsing and validation
// ---------------------------------------------------------------------------------------------

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: "INVALID"; message: string };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDate(year: number, month: number, day: number): boolean {
  return (
    year >= MIN_YEAR && year <= MAX_YEAR &&
    month >= 1 && month <= 12 &&
    day >= 1 && day <= daysInMonth(year, month)
  );
}

export function parseLocalDateTime(input: unknown): ParseResult<LocalDateTime> {
  const match = typeof input === "string" ? LOCAL_DATE_TIME_PATTERN.exec(input) : null;
  if (match) {
    const [year, month, day, hour, minute] = match.slice(1).map(Number);
    if (isRealDate(year, month, day) && hour <= 23 && minute <= 59) {
      return { ok: true, value: input as LocalDateTime };
    }
  }
  return {
    ok: false,
    reason: "INVALID",
    message: `Date et heure invalides : « ${String(input)} » (format attendu : AAAA-MM-JJTHH:mm, par exemple 2027-03-23T14:00).`,
  };
}

export function parseLocalDate(input: unknown): ParseResult<LocalDate> {
  const match = typeof input === "string" ? LOCAL_DATE_PATTERN.exec(input) : null;
  if (match) {
    const [year, month, day] = match.slice(1).map(Number);
    if (isRealDate(year, month, day)) return { ok: true, value: input as LocalDate };
  }
  return {
    ok: false,
    reason: "INVALID",
    message: `Date invalide : « ${String(input)} » (format attendu : AAAA-MM-JJ, par exemple 2027-03-23).`,
  };
}

export function isLocalDateTime(input: unknown): input is LocalDateTime {
  return parseLocalDateTime(input).ok;
}

export function isLocalDate(input: unknown): input is LocalDate {
  return parseLocalDate(input).ok;
}

// ---------------------------------------------------------------------------------------------
// Floating wall-clock arithmetic (no time zone involved)
// ---------------------------------------------------------------------------------------------

/** Milliseconds of `Date.UTC(...)` for a wall time: a "floating" value, not an instant. */
function toFloatingMs(local: LocalDateTime): number {
  return Date.UTC(
    Number(local.slice(0, 4)),
    Number(local.slice(5, 7)) - 1,
    Number(local.slice(8, 10)),
    Number(local.slice(11, 13)),
    Number(local.slice(14, 16)),
  );
}

function fromFloatingMs(ms: number): LocalDateTime {
  return new Date(ms).toISOString().slice(0, 16);
}

/** Days since 1970-01-01 of a local date (or of the date part of a local date-time). */
export function localDateToEpochDay(date: LocalDate | LocalDateTime): number {
  return Math.floor(toFloatingMs(`${date.slice(0, 10)}T00:00`) / DAY_MS);
}

export function epochDayToLocalDate(epochDay: number): LocalDate {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** Wall-clock addition: 14:00 + 120 min is 16:00, even across a DST change. */
export function addMinutesLocal(local: LocalDateTime, minutes: number): LocalDateTime {
  return fromFloatingMs(toFloatingMs(local) + minutes * MINUTE_MS);
}

export function addDaysLocal(date: LocalDate, days: number): LocalDate {
  return epochDayToLocalDate(localDateToEpochDay(date) + days);
}

/** Wall-clock minutes from `from` to `to` (not elapsed time: a DST change is ignored). */
export function minutesBetweenLocal(from: LocalDateTime, to: LocalDateTime): number {
  return (toFloatingMs(to) - toFloatingMs(from)) / MINUTE_MS;
}

export function localDate(local: LocalDateTime): LocalDate {
  return local.slice(0, 10);
}

/** `"HH:mm"` part of a wall time. */
export function localTime(local: LocalDateTime): string {
  return local.slice(11, 16);
}

/** Minutes since local midnight: 14:30 → 870. */
export function minutesOfDay(local: LocalDateTime): number {
  return Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date or date-time. */
export function isoWeekday(date: LocalDate | LocalDateTime): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  const epochDay = localDateToEpochDay(date);
  return ((((epochDay + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

// ---------------------------------------------------------------------------------------------
// Wall clock ↔ instant
// ---------------------------------------------------------------------------------------------

export type DstGap = { start: LocalDateTime; end: LocalDateTime };

export type ParisInstantResult =
  | { ok: true; instant: Date; /** the wall time happens twice (autumn fold); `instant` is the first */ ambiguous: boolean }
  | { ok: false; reason: "DST_GAP"; message: string; gap: DstGap }
  | { ok: false; reason: "INVALID"; message: string };

const HOUR_MS = 3_600_000;
const offsetByUtcHour = new Map<number, number>();

/**
 * Paris UTC offset, in minutes, at an instant. Memoized per UTC hour: Luxon asks Intl each time
 * (~20 µs), and every Paris offset change from 1970 to 2999 happens on a whole UTC hour.
 */
function parisOffsetMinutes(instantMs: number): number {
  const utcHour = Math.floor(instantMs / HOUR_MS);
  let offset = offsetByUtcHour.get(utcHour);
  if (offset === undefined) {
    if (offsetByUtcHour.size > 100_000) offsetByUtcHour.clear();
    offset = parisZone.offset(utcHour * HOUR_MS);
    offsetByUtcHour.set(utcHour, offset);
  }
  return offset;
}

/**
 * Every instant whose Paris wall clock reads `local`, earliest first: none in a gap, two in a fold.
 * The offsets a day before and a day after cover both sides of any transition near that time.
 */
function instantsForWallTime(local: LocalDateTime): number[] {
  const floatingMs = toFloatingMs(local);
  const candidateOffsets = new Set([
    parisOffsetMinutes(floatingMs - DAY_MS),
    parisOffsetMinutes(floatingMs + DAY_MS),
  ]);
  return [...candidateOffsets]
    .map((offset) => floatingMs - offset * MINUTE_MS)
    .filter((instantMs) => floatingMs - instantMs === parisOffsetMinutes(instantMs) * MINUTE_MS)
    .sort((a, b) => a - b);
}

/** The skipped wall-clock interval around `local`, which is known to be inside a gap. */
function gapAround(local: LocalDateTime): DstGap {
  const floatingMs = toFloatingMs(local);
  const offsetBefore = parisOffsetMinutes(floatingMs - DAY_MS);
  const offsetAfter = parisOffsetMinutes(floatingMs + DAY_MS);
  // Binary search, to the minute, for the transition instant: the offset is `offsetBefore`
  // at `low` and `offsetAfter` at `high`.
  let low = floatingMs - offsetAfter * MINUTE_MS;
  let high = floatingMs - offsetBefore * MINUTE_MS;
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (parisOffsetMinutes(middle) === offsetBefore) low = middle;
    else high = middle;
  }
  return {
    start: fromFloatingMs(high + offsetBefore * MINUTE_MS),
    end: fromFloatingMs(high + offsetAfter * MINUTE_MS),
  };
}

/** `subject` is e.g. "Cette heure", "L'heure de début". */
function gapMessage(subject: string, gap: DstGap): string {
  return (
    `${subject} n'existe pas à Paris : le ${formatDayMonthYear(localDate(gap.start))}, ` +
    `les horloges passent de ${localTime(gap.start)} à ${localTime(gap.end)} (passage à l'heure d'été).`
  );
}

/**
 * The instant at which the Paris wall clock reads `local`.
 * Refuses wall times skipped by the spring change (`DST_GAP`); for the autumn fold returns
 * the first of the two instants (summer time, +02:00) with `ambiguous: true`.
 */
export function parisToInstant(local: LocalDateTime): ParisInstantResult {
  const parsed = parseLocalDateTime(local);
  if (!parsed.ok) return parsed;
  const instants = instantsForWallTime(local);
  if (instants.length === 0) {
    const gap = gapAround(local);
    return { ok: false, reason: "DST_GAP", message: gapMessage("Cette heure", gap), gap };
  }
  return { ok: true, instant: new Date(instants[0]), ambiguous: instants.length > 1 };
}

/** True for a wall time that happens twice (autumn fold), e.g. 2027-10-31T02:30. */
export function isAmbiguousParisTime(local: LocalDateTime): boolean {
  return isLocalDateTime(local) && instantsForWallTime(local).length > 1;
}

/** True for a wall time that never happens (spring gap), e.g. 2027-03-28T02:30. */
export function isNonexistentParisTime(local: LocalDateTime): boolean {
  return isLocalDateTime(local) && instantsForWallTime(local).length === 0;
}

/** Paris wall time of an instant, truncated to the minute. */
export function instantToParis(instant: Date): LocalDateTime {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("instantToParis : date invalide.");
  const flooredMs = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  return fromFloatingMs(flooredMs + parisOffsetMinutes(flooredMs) * MINUTE_MS);
}

export type LocalRangeResult =
  | { ok: true; startsAt: Date; endsAt: Date }
  | {
      ok: false;
      field: "start" | "end";
      reason: "INVALID" | "DST_GAP" | "END_NOT_AFTER_START";
      message: string;
    };

/**
 * Instants of a wall-clock range. Both ends go through `parisToInstant` (gap refusal, first
 * instant in a fold); the end must be after the start on the wall clock. Since the mapping
 * wall time → instant is strictly increasing outside gaps, the instants are then ordered too.
 */
export function localRangeToInstants(localStart: LocalDateTime, localEnd: LocalDateTime): LocalRangeResult {
  const start = parisToInstant(localStart);
  if (!start.ok) {
    const message = start.reason === "DST_GAP" ? gapMessage("L'heure de début", start.gap) : start.message;
    return { ok: false, field: "start", reason: start.reason, message };
  }
  const end = parisToInstant(localEnd);
  if (!end.ok) {
    const message = end.reason === "DST_GAP" ? gapMessage("L'heure de fin", end.gap) : end.message;
    return { ok: false, field: "end", reason: end.reason, message };
  }
  if (localEnd <= localStart) {
    return {
      ok: false,
      field: "end",
      reason: "END_NOT_AFTER_START",
      message: "La fin doit être postérieure au début.",
    };
  }
  return { ok: true, startsAt: start.instant, endsAt: end.instant };
}

// ---------------------------------------------------------------------------------------------
// French display (hand-written names: no dependency on the ICU data of the host)
// ---------------------------------------------------------------------------------------------

export function frenchWeekdayName(weekday: IsoWeekday): string {
  return WEEKDAY_NAMES[weekday - 1];
}

export function frenchMonthName(month: number): string {
  return MONTH_NAMES[month - 1];
}

/** "1er" for the first day of a month, the plain number otherwise. */
export function frenchDayOfMonth(day: number): string {
  return day === 1 ? "1er" : String(day);
}

/** "30 juin 2027", "1er juillet 2027". */
export function formatDayMonthYear(date: LocalDate): string {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return `${frenchDayOfMonth(day)} ${frenchMonthName(month)} ${date.slice(0, 4)}`;
}

/** "mardi 23 mars 2027". */
export function formatLocalDate(date: LocalDate): string {
  return `${frenchWeekdayName(isoWeekday(date))} ${formatDayMonthYear(date)}`;
}

/** "mardi 23 mars 2027 à 14:00". */
export function formatLocalDateTime(local: LocalDateTime): string {
  return `${formatLocalDate(localDate(local))} à ${localTime(local)}`;
}

/** An instant shown on the Paris wall clock: "mardi 23 mars 2027 à 14:00". */
export function formatParisDateTime(instant: Date): string {
  return formatLocalDateTime(instantToParis(instant));
}
