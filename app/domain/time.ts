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
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isRealDate(year: number, month: number, day: number): boolean {
  return (
    year >= MIN_YEAR && year <= MAX_YEAR &&
    month >= 1 && month <= 12 &&
    day >= 1 && day <= daysInMonth(year, month)
  );
}

/** The number written by the ASCII digits of `text` from `start` to `end` (already matched as digits). */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) value = value * 10 + text.charCodeAt(index) - 48;
  return value;
}

export function parseLocalDateTime(input: unknown): ParseResult<LocalDateTime> {
  // Called for every wall time turned into an instant: no array or string is allocated.
  if (typeof input === "string" && LOCAL_DATE_TIME_PATTERN.test(input)) {
    const year = digits(input, 0, 4);
    const month = digits(input, 5, 7);
    const day = digits(input, 8, 10);
    if (isRealDate(year, month, day) && digits(input, 11, 13) <= 23 && digits(input, 14, 16) <= 59) {
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
  return Date.UTC(digits(local, 0, 4), digits(local, 5, 7) - 1, digits(local, 8, 10), digits(local, 11, 13), digits(local, 14, 16));
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, "0"));

/** Year, month (1–12) and day of a day number (days since 1970-01-01; H. Hinnant's civil_from_days). */
function civilFromDays(epochDay: number): [number, number, number] {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function formatEpochDay(epochDay: number): LocalDate {
  const [year, month, day] = civilFromDays(epochDay);
  return `${String(year).padStart(4, "0")}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** Called for every wall time computed (expansions, feeds): formatted by hand, not through a Date. */
function fromFloatingMs(ms: number): LocalDateTime {
  const epochDay = Math.floor(ms / DAY_MS);
  const minutes = Math.floor((ms - epochDay * DAY_MS) / MINUTE_MS);
  return `${formatEpochDay(epochDay)}T${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}`;
}

/** Days since 1970-01-01 of a local date (or of the date part of a local date-time). */
export function localDateToEpochDay(date: LocalDate | LocalDateTime): number {
  return Math.floor(Date.UTC(digits(date, 0, 4), digits(date, 5, 7) - 1, digits(date, 8, 10)) / DAY_MS);
}

export function epochDayToLocalDate(epochDay: number): LocalDate {
  return formatEpochDay(epochDay);
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
/** Per UTC day: the Paris offset all day long, or null on the two days a year it changes. */
const offsetByUtcDay = new Map<number, number | null>();
const offsetByUtcHour = new Map<number, number>();

/**
 * Paris UTC offset, in minutes, at an instant. Luxon asks Intl each time (~20 µs), so offsets
 * are kept per UTC day (two questions a day) and, on the days the clocks change, per UTC hour:
 * every Paris offset change from 1970 to 2999 happens on a whole UTC hour, at most once a day.
 */
function parisOffsetMinutes(instantMs: number): number {
  const utcDay = Math.floor(instantMs / DAY_MS);
  let allDay = offsetByUtcDay.get(utcDay);
  if (allDay === undefined) {
    if (offsetByUtcDay.size > 100_000) offsetByUtcDay.clear();
    const first = parisZone.offset(utcDay * DAY_MS);
    // The last hour's offset holds until midnight: changes happen on whole hours only.
    allDay = first === parisZone.offset((utcDay + 1) * DAY_MS - HOUR_MS) ? first : null;
    offsetByUtcDay.set(utcDay, allDay);
  }
  if (allDay !== null) return allDay;
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
 * `instant` plus `days` calendar days on the Paris wall clock (same wall time, to the
 * millisecond), as Luxon's `DateTime.plus({ days })` in Europe/Paris does it: the instant's
 * offset is kept when the new wall time has it (so in an autumn fold the same pass as
 * `instant`'s), another offset is taken when it does not, and a wall time inside a spring gap
 * moves forward by the gap. Luxon's objects and Intl calls cost ~100 µs for what is here a few
 * additions: every booking asks for its horizon.
 */
export function addParisDays(instant: Date, days: number): Date {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("addParisDays : date invalide.");
  if (!Number.isSafeInteger(days)) throw new RangeError(`addParisDays : nombre de jours entier attendu, reçu ${days}.`);
  const offset = parisOffsetMinutes(ms);
  return new Date(wallToInstantMs(ms + offset * MINUTE_MS + days * DAY_MS, offset));
}

/**
 * The instant the Paris clock reads `minutes` after the midnight that starts `date` (1440: the
 * next midnight), as Luxon's `set({ hour, minute })` on that day gives it: a wall time skipped
 * in spring moves forward by the gap (02:30 → 03:30), one repeated in autumn is its first pass.
 * For opening hours, whose bounds may be any wall time; a booking's own times must exist
 * (parisToInstant refuses a gap).
 */
export function parisInstantOfDayMinute(date: LocalDate, minutes: number): number {
  const midnightWallMs = localDateToEpochDay(date) * DAY_MS;
  // Midnight is never skipped nor repeated in Paris: any guess finds its one offset.
  const midnightOffset = parisOffsetMinutes(wallToInstantMs(midnightWallMs, parisOffsetMinutes(midnightWallMs)));
  return wallToInstantMs(midnightWallMs + minutes * MINUTE_MS, midnightOffset);
}

/**
 * Luxon's fixOffset for Paris: the instant of floating wall time `wallMs` read first with
 * `offsetGuess`; the offset found there if it holds (the guess itself when it does, which
 * picks the pass of a fold), else (a gap) the later of the two instants.
 */
function wallToInstantMs(wallMs: number, offsetGuess: number): number {
  const offsetAtGuess = parisOffsetMinutes(wallMs - offsetGuess * MINUTE_MS);
  const second = wallMs - offsetAtGuess * MINUTE_MS;
  const offsetAtSecond = parisOffsetMinutes(second);
  if (offsetAtSecond === offsetAtGuess) return second;
  return wallMs - Math.min(offsetAtGuess, offsetAtSecond) * MINUTE_MS;
}

/**
 * Every instant whose Paris wall clock reads `local`, earliest first: none in a gap, two in a fold.
 * The offsets a day before and a day after cover both sides of any transition near that time.
 */
function instantsForWallTime(local: LocalDateTime): number[] {
  const floatingMs = toFloatingMs(local);
  const before = parisOffsetMinutes(floatingMs - DAY_MS);
  const after = parisOffsetMinutes(floatingMs + DAY_MS);
  // The larger offset gives the earlier instant.
  const offsets = before === after ? [before] : [Math.max(before, after), Math.min(before, after)];
  const instants: number[] = [];
  for (const offset of offsets) {
    const instantMs = floatingMs - offset * MINUTE_MS;
    if (parisOffsetMinutes(instantMs) === offset) instants.push(instantMs);
  }
  return instants;
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
