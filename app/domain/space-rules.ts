/**
 * Booking rules of a space: validation schemas (French messages), the rule check of one
 * occurrence, late cancellation, and French public holidays.
 *
 * Pure module: no Remix, no Prisma, no I/O. Every wall-clock notion is Europe/Paris.
 *
 * Conventions (those of app/domain/time.ts, which converts between wall times and instants):
 *   - LocalDateTime = "YYYY-MM-DDTHH:mm", a Paris wall-clock time;
 *   - LocalDate     = "YYYY-MM-DD", a Paris calendar date;
 *   - instants are plain `Date`s.
 *
 * Decisions (see also tests/unit/space-rules.test.ts):
 *   - Wall-clock rules (opening hours, closures, grid, min/max duration) are evaluated on the
 *     local strings; time-relative rules (notice, horizon) on the instants. The caller must
 *     pass local strings and instants that denote the same moments.
 *   - Durations are WALL-CLOCK durations: 22:00 → 06:00 is 8 h even on the night the clocks
 *     change (7 h or 9 h of physical time). It is what the member sees in the form and what
 *     the grid is built on.
 *   - An occurrence must be covered WITHOUT INTERRUPTION by opening hours: on a single day it
 *     must fit inside one opening range; a multi-day occurrence is allowed only if every day
 *     it touches is covered end to end (first day open until 24:00, intermediate days
 *     00:00–24:00, last day open from 00:00). In practice multi-day bookings are only possible
 *     in spaces open around the clock (or without opening hours); a desk pool open 08:00–18:00
 *     is booked day by day (a recurrence). `openingHours: null` means "no restriction".
 *   - A weekday without any range yields OUTSIDE_OPENING_HOURS ("l'espace n'ouvre pas");
 *     CLOSED is reserved for dated closures (holidays, summer closure, maintenance).
 *   - Closures block any occurrence touching a closed date; end dates are inclusive; an
 *     occurrence ending exactly at 00:00 does not touch the following date (half-open).
 *   - The horizon is counted in calendar days in Paris (now + 30 days keeps the wall time
 *     across a DST change), the notice and the cancellation deadline in elapsed time.
 *   - All violations are reported (not only the first), in a fixed order:
 *     CLOSED, OUTSIDE_OPENING_HOURS, OFF_GRID, TOO_SHORT, TOO_LONG, TOO_SOON, BEYOND_HORIZON.
 */
import { memoizeBounded } from "./memo";
import { addParisDays, daysInMonth, epochDayToLocalDate, instantToParis, type IsoWeekday, type LocalDate, type LocalDateTime } from "./time";
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Local types and wall-clock arithmetic
// ---------------------------------------------------------------------------------------------

export type { IsoWeekday, LocalDate, LocalDateTime } from "./time";

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = MINUTES_PER_DAY * MS_PER_MINUTE;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Day number (days since 1970-01-01) of the "YYYY-MM-DD" that `text` begins with, when it is a
 * real date of years 0100–9999 (below 100, Date.UTC would read 19xx), or null. Read by hand:
 * the rule check reads the dates of every space a search looks at.
 */
function leadingDayNumber(text: string): number | null {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null; // "-"
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** Day number (days since 1970-01-01) of a valid local date, or null. */
function dayNumberOrNull(date: string): number | null {
  return date.length === 10 ? leadingDayNumber(date) : null;
}

function dayNumber(date: LocalDate): number {
  const n = dayNumberOrNull(date);
  if (n === null) throw new RangeError(`Invalid LocalDate: ${JSON.stringify(date)}`);
  return n;
}

function dateOfDayNumber(day: number): LocalDate {
  return epochDayToLocalDate(day);
}

function weekdayOfDayNumber(day: number): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

/** The number written by `count` ASCII digits of `text` from `start`, or -1 if one is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * "Naive" minutes of a local date-time: minutes since 1970-01-01T00:00 on the wall clock.
 * Throws a RangeError on anything but a real "YYYY-MM-DDTHH:mm" (years 0100–9999). Read by
 * hand, without a regular expression or a Date: a search checks every date of every space.
 */
export function wallClockMinutes(local: LocalDateTime): number {
  if (local.length === 16 && local.charCodeAt(10) === 84 /* T */ && local.charCodeAt(13) === 58 /* : */) {
    const day = leadingDayNumber(local);
    const hour = digitsAt(local, 11, 2);
    const minute = digitsAt(local, 14, 2);
    if (day !== null && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59) return day * MINUTES_PER_DAY + hour * 60 + minute;
  }
  throw new RangeError(`Invalid LocalDateTime: ${JSON.stringify(local)}`);
}

/** Adds days to a local date. */
export function addDaysToLocalDate(date: LocalDate, days: number): LocalDate {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** ISO weekday of a local date. */
export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  return weekdayOfDayNumber(dayNumber(date));
}

/** Paris wall-clock string of an instant. */
function toParisLocal(instant: Date): LocalDateTime {
  return instantToParis(instant);
}

// ---------------------------------------------------------------------------------------------
// French formatting (messages name the date and the time)
// ---------------------------------------------------------------------------------------------

const WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const MONTHS_FR = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "mardi 23 mars 2027", "dimanche 1er août 2027"; without weekday: "23 mars 2027". */
export function formatLocalDateFr(date: LocalDate, options: { weekday?: boolean } = {}): string {
  const day = dayNumber(date);
  const [y, mo, d] = date.split("-").map(Number);
  const dayOfMonth = d === 1 ? "1er" : String(d);
  const base = `${dayOfMonth} ${MONTHS_FR[mo - 1]} ${y}`;
  return options.weekday === false ? base : `${WEEKDAYS_FR[weekdayOfDayNumber(day) - 1]} ${base}`;
}

/** "du 2 au 20 août 2027", "du 30 juillet au 20 août 2027", "du 28 décembre 2026 au 3 janvier 2027". */
export function formatLocalDateRangeFr(startsOn: LocalDate, endsOn: LocalDate): string {
  if (startsOn === endsOn) return `le ${formatLocalDateFr(startsOn, { weekday: false })}`;
  const [sy, sm, sd] = startsOn.split("-").map(Number);
  const [ey, em] = endsOn.split("-").map(Number);
  const end = formatLocalDateFr(endsOn, { weekday: false });
  const sDay = sd === 1 ? "1er" : String(sd);
  if (sy === ey && sm === em) return `du ${sDay} au ${end}`;
  if (sy === ey) return `du ${sDay} ${MONTHS_FR[sm - 1]} au ${end}`;
  return `du ${formatLocalDateFr(startsOn, { weekday: false })} au ${end}`;
}

/** Minutes since midnight → "HH:mm" (1440 → "24:00"). */
export function formatMinutesOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** 30 → "30 min", 90 → "1 h 30", 120 → "2 h", 1440 → "1 jour", 3000 → "2 jours 2 h". */
export function formatDurationFr(minutes: number): string {
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  const rest = minutes % MINUTES_PER_DAY;
  const h = Math.floor(rest / 60);
  const m = rest % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ${days > 1 ? "jours" : "jour"}`);
  if (h > 0) parts.push(m > 0 ? `${h} h ${String(m).padStart(2, "0")}` : `${h} h`);
  else if (m > 0 || parts.length === 0) parts.push(`${m} min`);
  return parts.join(" ");
}

/**
 * Names a slot given by local wall-clock times, for messages starting with "Le créneau …":
 *   "du mardi 23 mars 2027 de 14:00 à 16:00"
 *   "du mardi 23 mars 2027 de 20:00 à 24:00"          (ends at midnight)
 *   "du lundi 22 mars 2027 à 14:00 au mercredi 24 mars 2027 à 16:00"
 */
export function describeLocalSlot(localStart: LocalDateTime, localEnd: LocalDateTime): string {
  const s = wallClockMinutes(localStart);
  const e = wallClockMinutes(localEnd);
  const sDay = Math.floor(s / MINUTES_PER_DAY);
  const eDay = Math.floor(e / MINUTES_PER_DAY);
  const sTime = formatMinutesOfDay(s - sDay * MINUTES_PER_DAY);
  const eTime = e - eDay * MINUTES_PER_DAY;
  const startDate = formatLocalDateFr(dateOfDayNumber(sDay));
  if (eDay === sDay) return `du ${startDate} de ${sTime} à ${formatMinutesOfDay(eTime)}`;
  if (eDay === sDay + 1 && eTime === 0) return `du ${startDate} de ${sTime} à 24:00`;
  return `du ${startDate} à ${sTime} au ${formatLocalDateFr(dateOfDayNumber(eDay))} à ${formatMinutesOfDay(eTime)}`;
}

/**
 * Same as describeLocalSlot, for instants (shown in Paris time). Memoised by the instants: a
 * search over a network describes the same dozen dates for every space it finds taken.
 */
export function describeSlot(startsAt: Date, endsAt: Date): string {
  const start = startsAt.getTime();
  const end = endsAt.getTime();
  let byEnd = slotDescriptions.get(start);
  if (!byEnd) {
    if (slotDescriptions.size >= 1000) slotDescriptions.clear(); // a bound, as memoizeBounded
    slotDescriptions.set(start, (byEnd = new Map()));
  }
  let description = byEnd.get(end);
  if (description === undefined) byEnd.set(end, (description = describeLocalSlot(toParisLocal(startsAt), toParisLocal(endsAt))));
  return description;
}

/** describeSlot's answers by start then end instant (numbers: no key to build per call). */
const slotDescriptions = new Map<number, Map<number, string>>();

// ---------------------------------------------------------------------------------------------
// Booking rules schema
// ---------------------------------------------------------------------------------------------

/** Allowed grid steps: they divide 24 h and every full hour is on the grid. */
export const SLOT_MINUTES_CHOICES = [5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440] as const;
/** Longest booking a space may allow: 14 days. */
export const MAX_BOOKING_DURATION_MINUTES = 14 * MINUTES_PER_DAY;
export const MAX_BUFFER_MINUTES = 240;
/** Longest notice: 30 days. */
export const MAX_NOTICE_MINUTES = 30 * MINUTES_PER_DAY;
/** Farthest horizon: 2 years. */
export const MAX_HORIZON_DAYS = 730;
/** Longest cancellation deadline: 30 days. */
export const MAX_CANCELLATION_DEADLINE_HOURS = 30 * 24;

export const DEFAULT_BOOKING_RULES = {
  slotMinutes: 30,
  minDurationMinutes: 30,
  maxDurationMinutes: 480,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 90,
  requiresApproval: false,
  cancellationDeadlineHours: 24,
} as const;

function integer(label: string, min: number, max: number, range: string) {
  return z
    .number({
      required_error: `${label} est obligatoire.`,
      invalid_type_error: `${label} doit être un nombre.`,
    })
    .int(`${label} doit être un nombre entier.`)
    .min(min, `${label} ${range}`)
    .max(max, `${label} ${range}`);
}

export const bookingRulesSchema = z
  .object({
    slotMinutes: z
      .number({
        required_error: "La granularité est obligatoire.",
        invalid_type_error: "La granularité doit être un nombre.",
      })
      .int("La granularité doit être un nombre entier.")
      .refine(
        (v) => !Number.isInteger(v) || (SLOT_MINUTES_CHOICES as readonly number[]).includes(v),
        `La granularité doit être l'une des valeurs suivantes : ${SLOT_MINUTES_CHOICES.slice(0, -1).join(
          ", "
        )} ou ${SLOT_MINUTES_CHOICES.at(-1)} minutes.`
      )
      .default(DEFAULT_BOOKING_RULES.slotMinutes),
    minDurationMinutes: integer(
      "La durée minimale",
      1,
      MAX_BOOKING_DURATION_MINUTES,
      `doit être comprise entre 1 et ${MAX_BOOKING_DURATION_MINUTES} minutes (14 jours).`
    ).default(DEFAULT_BOOKING_RULES.minDurationMinutes),
    maxDurationMinutes: integer(
      "La durée maximale",
      1,
      MAX_BOOKING_DURATION_MINUTES,
      `doit être comprise entre 1 et ${MAX_BOOKING_DURATION_MINUTES} minutes (14 jours).`
    ).default(DEFAULT_BOOKING_RULES.maxDurationMinutes),
    bufferMinutes: integer(
      "La marge entre deux réservations",
      0,
      MAX_BUFFER_MINUTES,
      `doit être comprise entre 0 et ${MAX_BUFFER_MINUTES} minutes.`
    ).default(DEFAULT_BOOKING_RULES.bufferMinutes),
    minNoticeMinutes: integer(
      "Le délai de prévenance",
      0,
      MAX_NOTICE_MINUTES,
      `doit être compris entre 0 et ${MAX_NOTICE_MINUTES} minutes (30 jours).`
    ).default(DEFAULT_BOOKING_RULES.minNoticeMinutes),
    horizonDays: integer(
      "L'horizon de réservation",
      1,
      MAX_HORIZON_DAYS,
      `doit être compris entre 1 et ${MAX_HORIZON_DAYS} jours.`
    ).default(DEFAULT_BOOKING_RULES.horizonDays),
    requiresApproval: z
      .boolean({ invalid_type_error: "La validation par un gestionnaire doit valoir oui ou non." })
      .default(DEFAULT_BOOKING_RULES.requiresApproval),
    cancellationDeadlineHours: integer(
      "Le délai d'annulation",
      0,
      MAX_CANCELLATION_DEADLINE_HOURS,
      `doit être compris entre 0 et ${MAX_CANCELLATION_DEADLINE_HOURS} heures (30 jours).`
    ).default(DEFAULT_BOOKING_RULES.cancellationDeadlineHours),
  })
  .superRefine((rules, ctx) => {
    const slotIsValid = (SLOT_MINUTES_CHOICES as readonly number[]).includes(rules.slotMinutes);
    if (slotIsValid) {
      const slot = formatDurationFr(rules.slotMinutes);
      if (rules.minDurationMinutes % rules.slotMinutes !== 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["minDurationMinutes"],
          message: `La durée minimale doit être un multiple de la granularité (${slot}).`,
        });
      }
      if (rules.maxDurationMinutes % rules.slotMinutes !== 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["maxDurationMinutes"],
          message: `La durée maximale doit être un multiple de la granularité (${slot}).`,
        });
      }
    }
    if (rules.minDurationMinutes > rules.maxDurationMinutes) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["maxDurationMinutes"],
        message: `La durée maximale (${formatDurationFr(
          rules.maxDurationMinutes
        )}) doit être supérieure ou égale à la durée minimale (${formatDurationFr(rules.minDurationMinutes)}).`,
      });
    }
    if (rules.horizonDays >= 1 && rules.minNoticeMinutes >= rules.horizonDays * MINUTES_PER_DAY) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["minNoticeMinutes"],
        message: `Le délai de prévenance doit être inférieur à l'horizon de réservation (${formatDurationFr(
          rules.horizonDays * MINUTES_PER_DAY
        )}).`,
      });
    }
  });

export type BookingRulesInput = z.input<typeof bookingRulesSchema>;
export type BookingRules = z.output<typeof bookingRulesSchema>;

// ---------------------------------------------------------------------------------------------
// Opening hours schema
// ---------------------------------------------------------------------------------------------

/** Capitalised French weekday names, index = ISO weekday − 1. */
export const WEEKDAY_LABELS_FR = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"] as const;
export const ISO_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
export const MAX_RANGES_PER_DAY = 6;

const OPEN_TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A closing time may be "24:00" (midnight at the end of the day). */
const CLOSE_TIME_RE = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes of a well-formed "HH:mm" (already matched by OPEN_TIME_RE or CLOSE_TIME_RE). */
function timeToMinutes(hhmm: string): number {
  return digitsAt(hhmm, 0, 2) * 60 + digitsAt(hhmm, 3, 2);
}

export const timeRangeSchema = z
  .object({
    open: z
      .string({ required_error: "Indiquez l'heure d'ouverture.", invalid_type_error: "Indiquez l'heure d'ouverture." })
      .regex(OPEN_TIME_RE, "L'heure d'ouverture doit être au format HH:mm (par ex. 08:30)."),
    close: z
      .string({
        required_error: "Indiquez l'heure de fermeture.",
        invalid_type_error: "Indiquez l'heure de fermeture.",
      })
      .regex(CLOSE_TIME_RE, "L'heure de fermeture doit être au format HH:mm (par ex. 18:00, ou 24:00 pour minuit)."),
  })
  .superRefine((range, ctx) => {
    if (!OPEN_TIME_RE.test(range.open) || !CLOSE_TIME_RE.test(range.close)) return;
    if (timeToMinutes(range.open) >= timeToMinutes(range.close)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["close"],
        message: `L'heure de fermeture (${range.close}) doit être après l'heure d'ouverture (${range.open}).`,
      });
    }
  });

export type TimeRange = { open: string; close: string };

function isWellFormedRange(r: TimeRange): boolean {
  return OPEN_TIME_RE.test(r.open) && CLOSE_TIME_RE.test(r.close) && timeToMinutes(r.open) < timeToMinutes(r.close);
}

type MinuteRange = { open: number; close: number };

/** Sorted, touching ranges merged (08:00–12:00 + 12:00–14:00 → 08:00–14:00). */
function normalizeMinuteRanges(ranges: readonly TimeRange[]): MinuteRange[] {
  const sorted = ranges
    .map((r) => ({ open: timeToMinutes(r.open), close: timeToMinutes(r.close) }))
    .sort((a, b) => a.open - b.open || a.close - b.close);
  const merged: MinuteRange[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.open <= last.close) last.close = Math.max(last.close, r.close);
    else merged.push({ ...r });
  }
  return merged;
}

function daySchema(weekday: IsoWeekday) {
  const label = WEEKDAY_LABELS_FR[weekday - 1];
  return z
    .array(timeRangeSchema, { invalid_type_error: `${label} : les horaires doivent être une liste de plages.` })
    .max(MAX_RANGES_PER_DAY, `${label} : au plus ${MAX_RANGES_PER_DAY} plages horaires par jour.`)
    .default([])
    .superRefine((ranges, ctx) => {
      const indexed = ranges
        .map((r, index) => ({ index, r }))
        .filter(({ r }) => isWellFormedRange(r))
        .sort((a, b) => timeToMinutes(a.r.open) - timeToMinutes(b.r.open));
      for (let i = 1; i < indexed.length; i++) {
        const prev = indexed[i - 1];
        const cur = indexed[i];
        if (timeToMinutes(cur.r.open) < timeToMinutes(prev.r.close)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [cur.index, "open"],
            message: `${label} : les plages ${prev.r.open}–${prev.r.close} et ${cur.r.open}–${cur.r.close} se chevauchent.`,
          });
        }
      }
    })
    .transform((ranges): TimeRange[] =>
      normalizeMinuteRanges(ranges).map((r) => ({
        open: formatMinutesOfDay(r.open),
        close: formatMinutesOfDay(r.close),
      }))
    );
}

/**
 * Opening hours per ISO weekday (1 = lundi … 7 = dimanche). A missing day or an empty list
 * means closed that day. Output: ranges sorted, touching ranges merged
 * (08:00–12:00 + 12:00–14:00 → 08:00–14:00); overlapping ranges are rejected.
 */
export const openingHoursSchema = z.object(
  {
    1: daySchema(1),
    2: daySchema(2),
    3: daySchema(3),
    4: daySchema(4),
    5: daySchema(5),
    6: daySchema(6),
    7: daySchema(7),
  },
  { required_error: "Indiquez les horaires d'ouverture.", invalid_type_error: "Horaires d'ouverture invalides." }
);

export type OpeningHoursInput = z.input<typeof openingHoursSchema>;
export type OpeningHours = Record<IsoWeekday, readonly TimeRange[]>;

/** Same opening hours every day of the week (handy for tests and 24/7 spaces). */
export function sameHoursEveryDay(ranges: readonly TimeRange[]): OpeningHours {
  return { 1: ranges, 2: ranges, 3: ranges, 4: ranges, 5: ranges, 6: ranges, 7: ranges };
}

const NO_RANGES: readonly Readonly<MinuteRange>[] = Object.freeze([]);

/** Each day's ranges normalised once, by identity: opening hours are read, never changed, once loaded. */
const normalizedRangesOfDay = new WeakMap<readonly TimeRange[], readonly Readonly<MinuteRange>[]>();

/**
 * Normalised opening ranges (minutes since midnight) of a weekday; robust to unnormalised input.
 * Computed once per day's list of ranges (frozen: shared by every caller; rule checks ask it
 * for every date of every space a search reads).
 */
export function openingRangesOf(openingHours: OpeningHours, weekday: IsoWeekday): readonly Readonly<MinuteRange>[] {
  const day = openingHours[weekday];
  if (!day || day.length === 0) return NO_RANGES;
  let ranges = normalizedRangesOfDay.get(day);
  if (!ranges) {
    ranges = Object.freeze(normalizeMinuteRanges(day.filter(isWellFormedRange)).map((range) => Object.freeze(range)));
    normalizedRangesOfDay.set(day, ranges);
  }
  return ranges;
}

// ---------------------------------------------------------------------------------------------
// Closures schema
// ---------------------------------------------------------------------------------------------

function localDateField(label: string) {
  return z
    .string({ required_error: `Indiquez ${label}.`, invalid_type_error: `Indiquez ${label}.` })
    .regex(LOCAL_DATE_RE, `${capitalize(label)} doit être au format AAAA-MM-JJ.`)
    .refine(
      (v) => !LOCAL_DATE_RE.test(v) || dayNumberOrNull(v) !== null,
      `${capitalize(label)} n'existe pas dans le calendrier.`
    );
}

export const closureSchema = z
  .object({
    startsOn: localDateField("la date de début"),
    endsOn: localDateField("la date de fin"),
    reason: z
      .string({
        required_error: "Indiquez le motif de la fermeture.",
        invalid_type_error: "Indiquez le motif de la fermeture.",
      })
      .trim()
      .min(1, "Indiquez le motif de la fermeture.")
      .max(200, "Le motif ne doit pas dépasser 200 caractères."),
  })
  .superRefine((c, ctx) => {
    if (dayNumberOrNull(c.startsOn) === null || dayNumberOrNull(c.endsOn) === null) return;
    if (c.endsOn < c.startsOn) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["endsOn"],
        message: "La date de fin doit être identique ou postérieure à la date de début.",
      });
    }
  });

export type Closure = z.output<typeof closureSchema>;

// ---------------------------------------------------------------------------------------------
// Rule check of one occurrence
// ---------------------------------------------------------------------------------------------

export type RuleViolationCode =
  | "OUTSIDE_OPENING_HOURS"
  | "CLOSED"
  | "TOO_SHORT"
  | "TOO_LONG"
  | "OFF_GRID"
  | "TOO_SOON"
  | "BEYOND_HORIZON";

export type RuleViolation = { code: RuleViolationCode; message: string };

export type OccurrenceRuleCheck = {
  /** Paris wall-clock start, "YYYY-MM-DDTHH:mm". */
  localStart: LocalDateTime;
  /** Paris wall-clock end, "YYYY-MM-DDTHH:mm" (exclusive). */
  localEnd: LocalDateTime;
  /** The same start as an instant. */
  startsAt: Date;
  /** The same end as an instant. */
  endsAt: Date;
  now: Date;
  rules: Pick<
    BookingRules,
    "slotMinutes" | "minDurationMinutes" | "maxDurationMinutes" | "minNoticeMinutes" | "horizonDays"
  >;
  /** null / undefined: no opening-hours restriction. */
  openingHours?: OpeningHours | null;
  closures?: readonly Closure[];
};

function formatRangesFr(ranges: readonly MinuteRange[]): string {
  const parts = ranges.map((r) => `${formatMinutesOfDay(r.open)}–${formatMinutesOfDay(r.close)}`);
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} et ${parts.at(-1)}`;
}

/**
 * `now` plus `horizonDays` calendar days in Paris (same wall time), memoised: searches and plans
 * ask it for every date of every space with the same `now`.
 */
const horizonLimit = memoizeBounded(
  (now: Date, horizonDays: number): { ms: number; local: LocalDateTime } => {
    const date = addParisDays(now, horizonDays);
    return { ms: date.getTime(), local: instantToParis(date) };
  },
  (now, horizonDays) => `${now.getTime()}|${horizonDays}`,
);

/** Every rule the occurrence breaks (empty list: the occurrence is allowed by the rules). */
export function checkOccurrenceAgainstRules(input: OccurrenceRuleCheck): RuleViolation[] {
  const { localStart, localEnd, startsAt, now, rules, openingHours, closures = [] } = input;
  const start = wallClockMinutes(localStart);
  const end = wallClockMinutes(localEnd);
  // Only messages need the slot's French description: most checks find nothing to say.
  let slotText: string | undefined;
  const slot = () => (slotText ??= describeLocalSlot(localStart, localEnd));
  const violations: RuleViolation[] = [];
  const duration = end - start;

  // Local dates touched by [start, end): an occurrence ending at 00:00 does not touch that date.
  const firstDay = Math.floor(start / MINUTES_PER_DAY);
  const lastDay = duration > 0 ? Math.floor((end - 1) / MINUTES_PER_DAY) : firstDay;
  const firstDate = closures.length > 0 ? dateOfDayNumber(firstDay) : "";
  const lastDate = closures.length > 0 ? dateOfDayNumber(lastDay) : "";

  // CLOSED: one violation per closure touched, naming the first touched closed date.
  for (const closure of closures) {
    if (closure.startsOn > lastDate || closure.endsOn < firstDate) continue;
    const touched = closure.startsOn > firstDate ? closure.startsOn : firstDate;
    const span =
      closure.startsOn === closure.endsOn ? "" : `, ${formatLocalDateRangeFr(closure.startsOn, closure.endsOn)}`;
    violations.push({
      code: "CLOSED",
      message: `Le ${formatLocalDateFr(touched)} l'espace est fermé (${closure.reason}${span}).`,
    });
  }

  // OUTSIDE_OPENING_HOURS: covered without interruption (one range per day, chained at midnight).
  if (openingHours && duration > 0) {
    for (let day = firstDay; day <= lastDay; day++) {
      const dayStart = day * MINUTES_PER_DAY;
      const from = Math.max(start, dayStart) - dayStart;
      const to = Math.min(end, dayStart + MINUTES_PER_DAY) - dayStart;
      const weekday = weekdayOfDayNumber(day);
      const ranges = openingRangesOf(openingHours, weekday);
      if (ranges.some((r) => r.open <= from && to <= r.close)) continue;
      const date = formatLocalDateFr(dateOfDayNumber(day));
      const dayHours =
        ranges.length === 0
          ? `l'espace n'ouvre pas (aucun horaire d'ouverture le ${WEEKDAYS_FR[weekday - 1]})`
          : `l'espace est ouvert ${formatRangesFr(ranges)}`;
      const message =
        firstDay === lastDay
          ? ranges.length === 0
            ? `Le ${date} ${dayHours}.`
            : `Le ${date} de ${formatMinutesOfDay(from)} à ${formatMinutesOfDay(
                to
              )} est en dehors des horaires d'ouverture (${formatRangesFr(ranges)}).`
          : `Le créneau ${slot()} doit rester dans les horaires d'ouverture sans interruption, or le ${date} ${dayHours}.`;
      violations.push({ code: "OUTSIDE_OPENING_HOURS", message });
      break; // one violation per occurrence is enough
    }
  }

  // OFF_GRID: start and end on the grid counted from local midnight.
  const step = rules.slotMinutes;
  const offGrid = [start, end].find((m) => m % step !== 0);
  if (offGrid !== undefined) {
    const ofDay = offGrid % MINUTES_PER_DAY;
    const before = Math.floor(ofDay / step) * step;
    const after = before + step;
    const examples =
      after < MINUTES_PER_DAY
        ? `par ex. ${formatMinutesOfDay(before)} ou ${formatMinutesOfDay(after)}`
        : `par ex. ${formatMinutesOfDay(before)}`;
    violations.push({
      code: "OFF_GRID",
      message: `Le créneau ${slot()} ne respecte pas le pas de ${formatDurationFr(
        step
      )} : le début et la fin doivent tomber sur des tranches de ${formatDurationFr(
        step
      )} à partir de minuit (${examples}).`,
    });
  }

  if (duration < rules.minDurationMinutes) {
    violations.push({
      code: "TOO_SHORT",
      message: `Le créneau ${slot()} dure ${formatDurationFr(
        Math.max(0, duration)
      )}, moins que la durée minimale de ${formatDurationFr(rules.minDurationMinutes)}.`,
    });
  }
  if (duration > rules.maxDurationMinutes) {
    violations.push({
      code: "TOO_LONG",
      message: `Le créneau ${slot()} dure ${formatDurationFr(duration)}, plus que la durée maximale de ${formatDurationFr(
        rules.maxDurationMinutes
      )}.`,
    });
  }

  if (startsAt.getTime() < now.getTime()) {
    violations.push({ code: "TOO_SOON", message: `Le créneau ${slot()} commence dans le passé.` });
  } else if (startsAt.getTime() - now.getTime() < rules.minNoticeMinutes * MS_PER_MINUTE) {
    violations.push({
      code: "TOO_SOON",
      message: `Le créneau ${slot()} commence trop tôt : il faut réserver au moins ${formatDurationFr(
        rules.minNoticeMinutes
      )} à l'avance.`,
    });
  }

  const limit = horizonLimit(now, rules.horizonDays);
  if (startsAt.getTime() > limit.ms) {
    const limitLocal = limit.local;
    violations.push({
      code: "BEYOND_HORIZON",
      message: `Le créneau ${slot()} est trop loin : on peut réserver au plus ${
        rules.horizonDays
      } jours à l'avance (début au plus tard le ${formatLocalDateFr(limitLocal.slice(0, 10))} à ${limitLocal.slice(
        11
      )}).`,
    });
  }

  return violations;
}

// ---------------------------------------------------------------------------------------------
// Cancellation
// ---------------------------------------------------------------------------------------------

/**
 * True when cancelling at `now` is a late cancellation: less than `cancellationDeadlineHours`
 * (elapsed hours) before the start, or after the start. Exactly at the deadline is not late.
 */
export function isLateCancellation(input: { startsAt: Date; now: Date; cancellationDeadlineHours: number }): boolean {
  const remaining = input.startsAt.getTime() - input.now.getTime();
  return remaining < input.cancellationDeadlineHours * 60 * MS_PER_MINUTE;
}

// ---------------------------------------------------------------------------------------------
// French public holidays
// ---------------------------------------------------------------------------------------------

function assertGregorianYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Year out of range (1583–9999): ${year}`);
  }
}

/** Easter Sunday (Gregorian calendar), anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  assertGregorianYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export type PublicHoliday = { date: LocalDate; name: string };

/**
 * The 11 national public holidays of metropolitan France, sorted by date (the Alsace-Moselle
 * extras — Vendredi saint, 26 décembre — are not included).
 */
export function frenchPublicHolidays(year: number): PublicHoliday[] {
  assertGregorianYear(year);
  const y = String(year).padStart(4, "0");
  const easter = easterSunday(year);
  const holidays: PublicHoliday[] = [
    { date: `${y}-01-01`, name: "Jour de l'an" },
    { date: addDaysToLocalDate(easter, 1), name: "Lundi de Pâques" },
    { date: `${y}-05-01`, name: "Fête du Travail" },
    { date: `${y}-05-08`, name: "Victoire 1945" },
    { date: addDaysToLocalDate(easter, 39), name: "Ascension" },
    { date: addDaysToLocalDate(easter, 50), name: "Lundi de Pentecôte" },
    { date: `${y}-07-14`, name: "Fête nationale" },
    { date: `${y}-08-15`, name: "Assomption" },
    { date: `${y}-11-01`, name: "Toussaint" },
    { date: `${y}-11-11`, name: "Armistice 1918" },
    { date: `${y}-12-25`, name: "Noël" },
  ];
  // Ascension can fall on 1 or 8 May (e.g. 2008): keep a stable date order.
  return holidays.sort((p, q) => (p.date < q.date ? -1 : p.date > q.date ? 1 : 0));
}

/** The public holidays of a year as one-day closures ("add them in one click"). */
export function publicHolidayClosures(year: number): Closure[] {
  return frenchPublicHolidays(year).map((h) => ({ startsOn: h.date, endsOn: h.date, reason: h.name }));
}
