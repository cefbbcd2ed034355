/**
 * Recurring bookings: RFC 5545 RRULE subset, expanded on the Paris wall clock.
 *
 * See docs/decisions/0003-wall-clock-recurrence.md. In short:
 * - a rule is expanded in *floating* wall time ("every Tuesday at 14:00"), then each wall time is
 *   turned into an instant by time.ts: 14:00–16:00 stays 14:00–16:00 across DST changes;
 * - an occurrence whose start or end falls in the spring DST gap is reported in `invalid`,
 *   never shifted; in the autumn fold the first (summer-time) instant is used;
 * - UNTIL is stored as a floating Paris wall time (`UNTIL=20270630T235959`, end of the chosen
 *   day); `untilToUtc` gives the UTC form RFC 5545 requires next to a DTSTART with TZID;
 * - EXDATE is applied after COUNT (COUNT=10 with one exdate yields 9 occurrences).
 *
 * The expansion is our own (~100 lines below) rather than rrule.js: rrule.js loops up to the
 * year 9999 when a rule matches nothing (e.g. `FREQ=DAILY;INTERVAL=7;BYDAY=MO` from a Tuesday
 * takes over a second), which untrusted API input must not be able to trigger. Ours stops at a
 * horizon. rrule.js also counts twice a day picked by two BYSETPOS positions (4 and -1 in a
 * month with four Mondays). The tests compare ours with rrule.js on random rules; it also matched
 * python-dateutil on 3,000 random rules (see the ADR).
 */
import { z } from "zod";

import {
  addDaysLocal,
  addMinutesLocal,
  daysInMonth,
  epochDayToLocalDate,
  formatDayMonthYear,
  formatLocalDateTime,
  frenchDayOfMonth,
  frenchMonthName,
  frenchWeekdayName,
  instantToParis,
  isLocalDate,
  type IsoWeekday,
  localDate,
  localDateToEpochDay,
  localRangeToInstants,
  localTime,
  MAX_YEAR,
  minutesBetweenLocal,
  parisToInstant,
  parseLocalDateTime,
  type LocalDateTime,
} from "./time";

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/** Most occurrences a series may have (COUNT, or the occurrences before UNTIL): 10 years weekly. */
export const MAX_OCCURRENCES = 520;
/** Largest INTERVAL accepted from the API ("every 52 weeks"). */
export const MAX_INTERVAL = 52;
/** Largest interval offered by the form ("toutes les 12 semaines"). */
export const MAX_FORM_INTERVAL = 12;
/** A series is never expanded further than this after its first occurrence. */
export const MAX_HORIZON_YEARS = 10;
/** Longest RRULE string accepted from the API. */
export const MAX_RRULE_LENGTH = 500;

// ---------------------------------------------------------------------------------------------
// Rule model
// ---------------------------------------------------------------------------------------------

export const WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

export const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** A BYDAY entry: `TU` (every Tuesday of the period) or `2TU` / `-1FR` (ordinal in the period). */
export interface ByDayEntry {
  weekday: WeekdayCode;
  ordinal?: number;
}

/** A parsed, validated rule. Lists are empty when the part is absent. */
export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  byMonth: number[];
  byMonthDay: number[];
  byDay: ByDayEntry[];
  bySetPos: number[];
  wkst: WeekdayCode;
  count?: number;
  /** Floating Paris wall time, inclusive, with seconds: `"YYYY-MM-DDTHH:mm:ss"`. */
  until?: string;
}

function weekdayOfCode(code: WeekdayCode): IsoWeekday {
  return (WEEKDAY_CODES.indexOf(code) + 1) as IsoWeekday;
}

// ---------------------------------------------------------------------------------------------
// Serialization (canonical order: FREQ;INTERVAL;BYMONTH;BYMONTHDAY;BYDAY;BYSETPOS;WKST;COUNT;UNTIL)
// ---------------------------------------------------------------------------------------------

/** Positive values ascending, then negative ones from the end (-1, -2, …). */
function compareSignedPositions(a: number, b: number): number {
  if (a > 0 !== b > 0) return a > 0 ? -1 : 1;
  return a > 0 ? a - b : b - a;
}

function compareByDay(a: ByDayEntry, b: ByDayEntry): number {
  const byWeekday = weekdayOfCode(a.weekday) - weekdayOfCode(b.weekday);
  if (byWeekday !== 0) return byWeekday;
  return compareSignedPositions(a.ordinal ?? 0, b.ordinal ?? 0);
}

function formatByDay(entry: ByDayEntry): string {
  return `${entry.ordinal ?? ""}${entry.weekday}`;
}

/** `"2027-06-30T23:59:59"` → `"20270630T235959"`. */
function compactDateTime(wallTimeWithSeconds: string): string {
  return wallTimeWithSeconds.replace(/[-:]/g, "");
}

function serializeRule(rule: RecurrenceRule, untilText: string | undefined): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byMonth.length) parts.push(`BYMONTH=${rule.byMonth.join(",")}`);
  if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(",")}`);
  if (rule.byDay.length) parts.push(`BYDAY=${rule.byDay.map(formatByDay).join(",")}`);
  if (rule.bySetPos.length) parts.push(`BYSETPOS=${rule.bySetPos.join(",")}`);
  if (rule.wkst !== "MO") parts.push(`WKST=${rule.wkst}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (untilText !== undefined) parts.push(`UNTIL=${untilText}`);
  return parts.join(";");
}

/** RRULE value (no `RRULE:` prefix, no DTSTART) in canonical form, UNTIL as floating wall time. */
export function formatRRule(rule: RecurrenceRule): string {
  return serializeRule(rule, rule.until === undefined ? undefined : compactDateTime(rule.until));
}

// ---------------------------------------------------------------------------------------------
// Parsing untrusted RRULE strings
// ---------------------------------------------------------------------------------------------

export type RRuleResult = { ok: true; rrule: string; rule: RecurrenceRule } | { ok: false; message: string };

export interface ParseRRuleOptions {
  /**
   * The series' first occurrence. When given, the rule must produce it as its first occurrence
   * (DTSTART synchronized with the rule, as RFC 5545 asks), end after it, stay within
   * MAX_HORIZON_YEARS and MAX_OCCURRENCES.
   */
  localStart?: LocalDateTime;
  /** Accept a rule without COUNT or UNTIL: every expansion is bounded by its horizon anyway. */
  allowUnbounded?: boolean;
}

class RuleError extends Error {}

function fail(message: string): never {
  throw new RuleError(message);
}

const SUPPORTED_PARTS = new Set(["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"]);
const UNSUPPORTED_PARTS = new Set(["BYSECOND", "BYMINUTE", "BYHOUR", "BYYEARDAY", "BYWEEKNO", "RSCALE", "SKIP"]);
const SUB_DAILY_FREQUENCIES = new Set(["SECONDLY", "MINUTELY", "HOURLY"]);

function parseInteger(name: string, text: string, min: number, max: number, allowNegative: boolean): number {
  const pattern = allowNegative ? /^[+-]?\d{1,4}$/ : /^\+?\d{1,4}$/;
  const value = pattern.test(text) ? Number(text) : NaN;
  const inRange = allowNegative
    ? Math.abs(value) >= min && Math.abs(value) <= max
    : value >= min && value <= max;
  if (!Number.isInteger(value) || !inRange) {
    const range = allowNegative ? `entre ${min} et ${max} ou entre -${max} et -${min}` : `entre ${min} et ${max}`;
    fail(`${name}=${text} : la valeur doit être un nombre entier ${range}.`);
  }
  return value;
}

function parseIntegerList(name: string, text: string, min: number, max: number, allowNegative: boolean): number[] {
  const values = text.split(",").map((item) => parseInteger(name, item, min, max, allowNegative));
  return [...new Set(values)].sort(compareSignedPositions);
}

function parseWeekdayCode(name: string, text: string): WeekdayCode {
  if (!(WEEKDAY_CODES as readonly string[]).includes(text)) {
    fail(`${name}=${text} : jour inconnu (attendu MO, TU, WE, TH, FR, SA ou SU).`);
  }
  return text as WeekdayCode;
}

function parseByDay(text: string): ByDayEntry[] {
  const entries = text.split(",").map((item): ByDayEntry => {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    if (!match) fail(`BYDAY=${text} : « ${item} » n'est pas un jour valide (ex. TU, 2TU, -1FR).`);
    const weekday = parseWeekdayCode("BYDAY", match[2]);
    if (match[1] === undefined) return { weekday };
    const ordinal = Number(match[1]);
    if (ordinal === 0) fail(`BYDAY=${text} : le rang 0 n'existe pas.`);
    return { weekday, ordinal };
  });
  const unique = new Map(entries.map((entry) => [formatByDay(entry), entry]));
  return [...unique.values()].sort(compareByDay);
}

/** UNTIL as floating wall time with seconds. A date alone means the end of that day; `Z` is converted from UTC. */
function parseUntil(text: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(text);
  const invalid = `UNTIL=${text} : date invalide (attendu AAAAMMJJ, AAAAMMJJTHHMMSS ou AAAAMMJJTHHMMSSZ).`;
  if (!match) fail(invalid);
  const [, year, month, day, hour, minute, second, utc] = match;
  if (!isLocalDate(`${year}-${month}-${day}`)) fail(invalid);
  if (hour === undefined) return `${year}-${month}-${day}T23:59:59`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) fail(invalid);
  if (!utc) return `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  const instant = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)));
  return `${instantToParis(instant)}:${second}`;
}

function parseRuleParts(input: unknown, allowUnbounded: boolean): RecurrenceRule {
  if (typeof input !== "string") fail("La règle de récurrence doit être une chaîne de caractères.");
  if (input.length > MAX_RRULE_LENGTH) fail(`La règle de récurrence est trop longue (${MAX_RRULE_LENGTH} caractères au plus).`);
  const body = input.trim().replace(/^RRULE:/i, "");
  if (/[\r\n]/.test(body) || /^DTSTART/i.test(body)) {
    fail("Une seule règle est attendue, sans DTSTART ni saut de ligne (ex. FREQ=WEEKLY;BYDAY=TU;COUNT=20).");
  }
  if (body === "") fail("La règle de récurrence est vide.");

  const values = new Map<string, string>();
  for (const part of body.split(";")) {
    if (part.trim() === "") continue;
    const match = /^([A-Za-z-]+)=(.+)$/.exec(part.trim());
    if (!match) fail(`« ${part} » n'est pas de la forme NOM=VALEUR.`);
    const name = match[1].toUpperCase();
    if (UNSUPPORTED_PARTS.has(name)) fail(`${name} n'est pas pris en charge.`);
    if (!SUPPORTED_PARTS.has(name)) fail(`Élément inconnu dans la règle : « ${name} ».`);
    if (values.has(name)) fail(`${name} apparaît plusieurs fois.`);
    values.set(name, match[2].trim().toUpperCase());
  }

  const freqText = values.get("FREQ");
  if (freqText === undefined) fail("FREQ est obligatoire (DAILY, WEEKLY, MONTHLY ou YEARLY).");
  if (SUB_DAILY_FREQUENCIES.has(freqText)) {
    fail(`FREQ=${freqText} n'est pas accepté : une réservation se répète au plus une fois par jour.`);
  }
  if (!(FREQUENCIES as readonly string[]).includes(freqText)) {
    fail(`FREQ=${freqText} : fréquence inconnue (DAILY, WEEKLY, MONTHLY ou YEARLY).`);
  }
  const freq = freqText as Frequency;

  const part = <T>(name: string, parse: (value: string) => T, absent: T): T => {
    const value = values.get(name);
    return value === undefined ? absent : parse(value);
  };
  const rule: RecurrenceRule = {
    freq,
    interval: part("INTERVAL", (v) => parseInteger("INTERVAL", v, 1, MAX_INTERVAL, false), 1),
    byMonth: part("BYMONTH", (v) => parseIntegerList("BYMONTH", v, 1, 12, false), []),
    byMonthDay: part("BYMONTHDAY", (v) => parseIntegerList("BYMONTHDAY", v, 1, 31, true), []),
    byDay: part("BYDAY", parseByDay, []),
    bySetPos: part("BYSETPOS", (v) => parseIntegerList("BYSETPOS", v, 1, 366, true), []),
    wkst: part<WeekdayCode>("WKST", (v) => parseWeekdayCode("WKST", v), "MO"),
    count: part<number | undefined>("COUNT", (v) => parseInteger("COUNT", v, 1, MAX_OCCURRENCES, false), undefined),
    until: part<string | undefined>("UNTIL", parseUntil, undefined),
  };
  if (rule.count === undefined) delete rule.count;
  if (rule.until === undefined) delete rule.until;

  checkCombination(rule, allowUnbounded);
  return rule;
}

/** Combinations RFC 5545 forbids, and those we leave out to keep every rule meaningful for a booking. */
function checkCombination(rule: RecurrenceRule, allowUnbounded: boolean): void {
  if (rule.count !== undefined && rule.until !== undefined) fail("COUNT et UNTIL ne peuvent pas être utilisés ensemble.");
  if (rule.count === undefined && rule.until === undefined && !allowUnbounded) {
    fail("La récurrence doit avoir une fin : ajoutez COUNT (nombre d'occurrences) ou UNTIL (date de fin).");
  }
  const isMonthlyOrYearly = rule.freq === "MONTHLY" || rule.freq === "YEARLY";
  if (rule.byMonthDay.length && !isMonthlyOrYearly) fail("BYMONTHDAY n'est accepté qu'avec FREQ=MONTHLY ou FREQ=YEARLY.");
  if (rule.byMonthDay.length && rule.byDay.length) fail("BYMONTHDAY et BYDAY ne peuvent pas être combinés.");
  const ordinals = rule.byDay.filter((entry) => entry.ordinal !== undefined);
  if (ordinals.length && !isMonthlyOrYearly) {
    fail("Un rang dans BYDAY (ex. 2TU) n'est accepté qu'avec FREQ=MONTHLY ou FREQ=YEARLY.");
  }
  // Ordinals count within the month, or within the year for FREQ=YEARLY without BYMONTH.
  const maxOrdinal = rule.freq === "YEARLY" && !rule.byMonth.length ? 53 : 5;
  for (const entry of ordinals) {
    if (Math.abs(entry.ordinal!) > maxOrdinal) fail(`BYDAY : le rang ${entry.ordinal} est hors limites (±${maxOrdinal} au plus).`);
  }
  if (rule.bySetPos.length) {
    if (!isMonthlyOrYearly || !rule.byDay.length || ordinals.length) {
      fail("BYSETPOS n'est accepté qu'avec FREQ=MONTHLY ou FREQ=YEARLY et une liste BYDAY sans rang (ex. BYDAY=TU;BYSETPOS=2).");
    }
  }
}

/**
 * Validates an RRULE value from an untrusted source. Never throws: bad input gives
 * `{ ok: false, message }` in French. On success `rrule` is the canonical form to store.
 */
export function parseRRule(input: unknown, options: ParseRRuleOptions = {}): RRuleResult {
  try {
    const rule = parseRuleParts(input, options.allowUnbounded ?? false);
    if (options.localStart !== undefined) checkAgainstStart(rule, options.localStart);
    return { ok: true, rule, rrule: formatRRule(rule) };
  } catch (error) {
    if (error instanceof RuleError) return { ok: false, message: error.message };
    throw error;
  }
}

function checkAgainstStart(rule: RecurrenceRule, localStart: LocalDateTime): void {
  const start = parseLocalDateTime(localStart);
  if (!start.ok) fail(start.message);
  if (rule.until !== undefined && rule.until < `${localStart}:00`) {
    fail(
      `La fin de la récurrence (${formatDayMonthYear(localDate(rule.until))}) ` +
        `précède son début (${formatLocalDateTime(localStart)}).`,
    );
  }
  const starts = localStartsOf(rule, localStart, seriesHorizon(localStart));
  let total = 0;
  let step = starts.next();
  if (step.done) fail(`Cette règle ne produit aucune occurrence dans les ${MAX_HORIZON_YEARS} ans suivant le début.`);
  if (step.value !== localStart) {
    fail(
      `La date de début (${formatLocalDateTime(localStart)}) ne correspond pas à la règle : ` +
        `sa première occurrence serait le ${formatLocalDateTime(step.value)}.`,
    );
  }
  const isBounded = rule.count !== undefined || rule.until !== undefined;
  if (!isBounded) return; // expansions stop at their horizon
  while (!step.done) {
    total += 1;
    if (total > MAX_OCCURRENCES) {
      fail(`Cette récurrence compterait plus de ${MAX_OCCURRENCES} occurrences : choisissez une date de fin plus proche.`);
    }
    step = starts.next();
  }
  if (step.value === "LIMIT") {
    fail(`La récurrence ne peut pas s'étendre sur plus de ${MAX_HORIZON_YEARS} ans après son début.`);
  }
}

/** Parses a rule already validated (stored data); a bad one is a programming error. */
function requireRule(rrule: string): RecurrenceRule {
  const parsed = parseRRule(rrule, { allowUnbounded: true });
  if (!parsed.ok) throw new RangeError(`Règle de récurrence invalide « ${rrule} » : ${parsed.message}`);
  return parsed.rule;
}

function requireLocalDateTime(value: string, name: string): LocalDateTime {
  const parsed = parseLocalDateTime(value);
  if (!parsed.ok) throw new RangeError(`${name} : ${parsed.message}`);
  return parsed.value;
}

// ---------------------------------------------------------------------------------------------
// Floating expansion
// ---------------------------------------------------------------------------------------------

type StopReason = "END_OF_RULE" | "LIMIT";

interface CivilDay {
  year: number;
  month: number;
  day: number;
  weekday: IsoWeekday;
}

/** Called for every day a rule looks at: numbers only, no date string. 1970-01-01 was a Thursday. */
function civilDay(epochDay: number): CivilDay {
  const date = new Date(epochDay * 86_400_000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: (((((epochDay + 3) % 7) + 7) % 7) + 1) as IsoWeekday,
  };
}

function epochDayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** Last wall time a series starting at `localStart` may reach. */
function seriesHorizon(localStart: LocalDateTime): LocalDateTime {
  const year = Number(localStart.slice(0, 4)) + MAX_HORIZON_YEARS;
  if (year > MAX_YEAR) return `${MAX_YEAR}-12-31T23:59`;
  const month = Number(localStart.slice(5, 7));
  const day = Math.min(Number(localStart.slice(8, 10)), daysInMonth(year, month)); // 29 Feb → 28 Feb
  return `${String(year)}-${localStart.slice(5, 8)}${String(day).padStart(2, "0")}T${localTime(localStart)}`;
}

/** Whether `entry` (a weekday, possibly with an ordinal) selects the day at `index` in a scope of `length` days. */
function byDaySelects(entry: ByDayEntry, day: CivilDay, index: number, length: number): boolean {
  if (weekdayOfCode(entry.weekday) !== day.weekday) return false;
  if (entry.ordinal === undefined) return true;
  // Same weekday every 7 days: the n-th one from the start is at index 7(n-1)…7n-1.
  return entry.ordinal > 0
    ? Math.floor(index / 7) + 1 === entry.ordinal
    : Math.floor((length - 1 - index) / 7) + 1 === -entry.ordinal;
}

function monthDaySelects(monthDay: number, day: CivilDay): boolean {
  return monthDay > 0 ? day.day === monthDay : day.day === daysInMonth(day.year, day.month) + monthDay + 1;
}

/**
 * Days of the scope [firstDay, firstDay + length) selected by BYMONTHDAY / BYDAY, or, without
 * either, by the DTSTART defaults of RFC 5545 (same weekday for WEEKLY, same day of month for
 * MONTHLY and YEARLY), then limited by BYMONTH.
 */
function selectDays(rule: RecurrenceRule, start: CivilDay, firstDay: number, length: number): number[] {
  const selected: number[] = [];
  for (let index = 0; index < length; index++) {
    const day = civilDay(firstDay + index);
    if (rule.byMonth.length && !rule.byMonth.includes(day.month)) continue;
    let matches: boolean;
    if (rule.byMonthDay.length) matches = rule.byMonthDay.some((monthDay) => monthDaySelects(monthDay, day));
    else if (rule.byDay.length) matches = rule.byDay.some((entry) => byDaySelects(entry, day, index, length));
    else if (rule.freq === "DAILY") matches = true;
    else if (rule.freq === "WEEKLY") matches = day.weekday === start.weekday;
    else matches = day.day === start.day;
    if (matches) selected.push(firstDay + index);
  }
  return selected;
}

/** BYSETPOS: keep the n-th (or n-th from last) days of the period's set; out-of-range positions select nothing. */
function applySetPositions(days: number[], positions: number[]): number[] {
  if (!positions.length) return days;
  const kept = new Set<number>();
  for (const position of positions) {
    const index = position > 0 ? position - 1 : days.length + position;
    if (index >= 0 && index < days.length) kept.add(days[index]);
  }
  return [...kept].sort((a, b) => a - b);
}

/** First day of the `periodIndex`-th period (day, week from WKST, month, year) and its selected days. */
function period(rule: RecurrenceRule, start: CivilDay, startDay: number, periodIndex: number): { firstDay: number; days: number[] } {
  const step = periodIndex * rule.interval;
  switch (rule.freq) {
    case "DAILY": {
      const firstDay = startDay + step;
      return { firstDay, days: selectDays(rule, start, firstDay, 1) };
    }
    case "WEEKLY": {
      const weekStart = startDay - ((start.weekday - weekdayOfCode(rule.wkst) + 7) % 7);
      const firstDay = weekStart + 7 * step;
      return { firstDay, days: selectDays(rule, start, firstDay, 7) };
    }
    case "MONTHLY": {
      const monthIndex = start.year * 12 + (start.month - 1) + step;
      const year = Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      const firstDay = epochDayOf(year, month, 1);
      return { firstDay, days: applySetPositions(selectDays(rule, start, firstDay, daysInMonth(year, month)), rule.bySetPos) };
    }
    case "YEARLY": {
      const year = start.year + step;
      const firstDay = epochDayOf(year, 1, 1);
      // Weekdays without BYMONTH count within the whole year; otherwise each month is a scope.
      if (rule.byDay.length && !rule.byMonth.length) {
        const length = epochDayOf(year + 1, 1, 1) - firstDay;
        return { firstDay, days: applySetPositions(selectDays(rule, start, firstDay, length), rule.bySetPos) };
      }
      const months = rule.byMonth.length
        ? rule.byMonth
        : rule.byMonthDay.length ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [start.month];
      const days = months.flatMap((month) =>
        selectDays({ ...rule, byMonth: [] }, start, epochDayOf(year, month, 1), daysInMonth(year, month)),
      );
      return { firstDay, days: applySetPositions(days, rule.bySetPos) };
    }
  }
}

/**
 * Wall-clock starts of a rule, in order, from `dtstart` (included only if the rule selects it,
 * as python-dateutil and rrule.js do) up to `limit` inclusive. COUNT counts every generated
 * start (exdates are applied later, by the caller). Returns why it stopped: the rule ended,
 * or `limit` was reached while the rule might go on. Always terminates: periods only move
 * forward and `limit` is finite.
 */
function* localStartsOf(rule: RecurrenceRule, dtstart: LocalDateTime, limit: LocalDateTime): Generator<LocalDateTime, StopReason> {
  const startDay = localDateToEpochDay(dtstart);
  const start = civilDay(startDay);
  const time = localTime(dtstart);
  const untilDay = rule.until === undefined ? Infinity : localDateToEpochDay(rule.until);
  const limitDay = localDateToEpochDay(limit);
  let remaining = rule.count ?? Infinity;
  for (let periodIndex = 0; ; periodIndex++) {
    const { firstDay, days } = period(rule, start, startDay, periodIndex);
    if (firstDay > untilDay) return "END_OF_RULE";
    if (firstDay > limitDay) return "LIMIT";
    for (const day of days) {
      const occurrence = `${epochDayToLocalDate(day)}T${time}`;
      if (occurrence < dtstart) continue;
      if (rule.until !== undefined && `${occurrence}:00` > rule.until) return "END_OF_RULE";
      if (occurrence > limit) return "LIMIT";
      yield occurrence;
      remaining -= 1;
      if (remaining === 0) return "END_OF_RULE";
    }
  }
}

function* singleStart(localStart: LocalDateTime): Generator<LocalDateTime, StopReason> {
  yield localStart;
  return "END_OF_RULE";
}

export interface ExpandInput {
  /** First occurrence (DTSTART), Paris wall time. */
  localStart: LocalDateTime;
  /** End of the first occurrence; may be days later (multi-day events). */
  localEnd: LocalDateTime;
  /** Canonical RRULE value; absent for a one-off booking. */
  rrule?: string | null;
  /** Recurrence ids (original local starts) removed from the series, after COUNT. */
  exdates?: readonly LocalDateTime[];
  /** Window start: occurrences ending at or before it are left out. */
  from?: Date;
  /** Window end (horizon): occurrences starting at or after it are left out. */
  until: Date;
  /** At most this many occurrences are returned (default and ceiling: MAX_OCCURRENCES). */
  maxOccurrences?: number;
}

export interface Occurrence {
  /** Original local start, stable identifier of the occurrence within its series. */
  recurrenceId: LocalDateTime;
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  startsAt: Date;
  endsAt: Date;
}

export interface InvalidOccurrence {
  recurrenceId: LocalDateTime;
  reason: "DST_GAP";
  message: string;
}

export interface Expansion {
  occurrences: Occurrence[];
  /** Occurrences of the window that cannot happen (start or end skipped by the spring DST change). */
  invalid: InvalidOccurrence[];
  /**
   * The expansion stopped before the end of the window, at maxOccurrences or at MAX_HORIZON_YEARS
   * after the start: the window may hold more occurrences than returned.
   */
  truncated: boolean;
}

/**
 * Occurrences of a booking series overlapping the window [from, until). Every occurrence keeps the
 * wall-clock times and duration of the first one (14:00–16:00 stays 14:00–16:00 in winter and
 * summer); its instants come from time.ts. Throws RangeError on inputs that were not validated
 * (malformed times or rule, end not after start).
 */
export function expandOccurrences(input: ExpandInput): Expansion {
  const localStart = requireLocalDateTime(input.localStart, "localStart");
  const localEnd = requireLocalDateTime(input.localEnd, "localEnd");
  const durationMinutes = minutesBetweenLocal(localStart, localEnd);
  if (durationMinutes <= 0) throw new RangeError("localEnd doit être postérieur à localStart.");
  const maxOccurrences = Math.min(input.maxOccurrences ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  if (!Number.isInteger(maxOccurrences) || maxOccurrences < 1) throw new RangeError("maxOccurrences doit être un entier ≥ 1.");
  const until = input.until;
  const from = input.from;
  const exdates = new Set(input.exdates ?? []);

  // Wall-clock bounds, for occurrences that have no instant (DST gap). A day of margin past the
  // window end covers any offset difference between wall time and instant.
  const windowEndLocal = instantToParis(until);
  const windowStartLocal = from === undefined ? undefined : instantToParis(from);
  const requestedLimit = `${addDaysLocal(localDate(windowEndLocal), 1)}T${localTime(windowEndLocal)}`;
  const horizon = seriesHorizon(localStart);
  const horizonBinds = horizon < requestedLimit;

  const starts = input.rrule
    ? localStartsOf(requireRule(input.rrule), localStart, horizonBinds ? horizon : requestedLimit)
    : singleStart(localStart);

  const occurrences: Occurrence[] = [];
  const invalid: InvalidOccurrence[] = [];
  let truncated = false;
  for (let step = starts.next(); ; step = starts.next()) {
    if (step.done) {
      truncated = step.value === "LIMIT" && horizonBinds;
      break;
    }
    const recurrenceId = step.value;
    if (exdates.has(recurrenceId)) continue;
    const occurrenceEnd = addMinutesLocal(recurrenceId, durationMinutes);
    const range = localRangeToInstants(recurrenceId, occurrenceEnd);
    if (!range.ok) {
      const inWindow = recurrenceId < windowEndLocal && (windowStartLocal === undefined || occurrenceEnd > windowStartLocal);
      if (inWindow) {
        invalid.push({
          recurrenceId,
          reason: "DST_GAP",
          message: `L'occurrence du ${formatLocalDateTime(recurrenceId)} ne peut pas avoir lieu. ${range.message}`,
        });
      }
      continue;
    }
    // Valid occurrences come in increasing instant order: once past the window, we are done.
    if (range.startsAt >= until) break;
    if (from !== undefined && range.endsAt <= from) continue;
    if (occurrences.length === maxOccurrences) {
      truncated = true;
      break;
    }
    occurrences.push({ recurrenceId, localStart: recurrenceId, localEnd: occurrenceEnd, startsAt: range.startsAt, endsAt: range.endsAt });
  }
  return { occurrences, invalid, truncated };
}

// ---------------------------------------------------------------------------------------------
// UTC UNTIL for iCalendar export
// ---------------------------------------------------------------------------------------------

/**
 * The rule with UNTIL as a UTC value (`UNTIL=20270630T215959Z`), as RFC 5545 requires when DTSTART
 * has a TZID. The wall time is read in Paris; inside a DST gap, the last second before the change.
 * Rules without UNTIL are returned in canonical form. Throws RangeError on an invalid rule.
 */
export function untilToUtc(rrule: string): string {
  const rule = requireRule(rrule);
  if (rule.until === undefined) return formatRRule(rule);
  const utc = untilInstant(rule.until).toISOString();
  return serializeRule(rule, `${compactDateTime(utc.slice(0, 19))}Z`);
}

/** Instant of a floating UNTIL; inside a DST gap, the last second before the clocks jump. */
function untilInstant(until: string): Date {
  const seconds = Number(until.slice(17, 19));
  const wall = parisToInstant(until.slice(0, 16));
  if (wall.ok) return new Date(wall.instant.getTime() + seconds * 1000);
  const afterGap = wall.reason === "DST_GAP" ? parisToInstant(wall.gap.end) : wall;
  if (!afterGap.ok) throw new RangeError(`UNTIL invalide : ${until}`);
  return new Date(afterGap.instant.getTime() - 1000);
}

// ---------------------------------------------------------------------------------------------
// Form input
// ---------------------------------------------------------------------------------------------

const weekdayCodeSchema = z.enum(WEEKDAY_CODES, {
  errorMap: () => ({ message: "Jour de la semaine invalide." }),
});

const intervalSchema = z
  .number({ required_error: "Indiquez l'intervalle de répétition.", invalid_type_error: "L'intervalle doit être un nombre." })
  .int("L'intervalle doit être un nombre entier.")
  .min(1, "L'intervalle doit être d'au moins 1.")
  .max(MAX_FORM_INTERVAL, `L'intervalle ne peut pas dépasser ${MAX_FORM_INTERVAL}.`);

const endSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("count"),
      count: z
        .number({ required_error: "Indiquez le nombre d'occurrences.", invalid_type_error: "Le nombre d'occurrences doit être un nombre." })
        .int("Le nombre d'occurrences doit être un nombre entier.")
        .min(1, "Il faut au moins 1 occurrence.")
        .max(MAX_OCCURRENCES, `${MAX_OCCURRENCES} occurrences au plus.`),
    }),
    z.object({
      kind: z.literal("until"),
      until: z
        .string({ required_error: "Indiquez la date de fin." })
        .refine(isLocalDate, "Date de fin invalide (format attendu : AAAA-MM-JJ)."),
    }),
  ],
  { errorMap: () => ({ message: "Choisissez la fin de la récurrence : un nombre d'occurrences ou une date." }) },
);

export const recurrenceFormSchema = z.discriminatedUnion(
  "frequency",
  [
    z.object({ frequency: z.literal("DAILY"), interval: intervalSchema, end: endSchema }),
    z.object({
      frequency: z.literal("WEEKLY"),
      interval: intervalSchema,
      weekdays: z
        .array(weekdayCodeSchema, { required_error: "Choisissez au moins un jour de la semaine." })
        .min(1, "Choisissez au moins un jour de la semaine."),
      end: endSchema,
    }),
    z.object({
      frequency: z.literal("MONTHLY_BY_POSITION"),
      interval: intervalSchema,
      position: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)], {
        errorMap: () => ({ message: "Choisissez la position : 1er, 2e, 3e, 4e ou dernier." }),
      }),
      weekday: weekdayCodeSchema,
      end: endSchema,
    }),
    z.object({
      frequency: z.literal("MONTHLY_BY_DAY"),
      interval: intervalSchema,
      /** 1–31, or -1 for the last day of the month. */
      dayOfMonth: z
        .number({ required_error: "Indiquez le jour du mois.", invalid_type_error: "Le jour du mois doit être un nombre." })
        .int("Le jour du mois doit être un nombre entier.")
        .refine((day) => (day >= 1 && day <= 31) || day === -1, "Le jour du mois doit être compris entre 1 et 31 (ou « dernier jour »)."),
      end: endSchema,
    }),
  ],
  { errorMap: () => ({ message: "Choisissez une fréquence : chaque jour, chaque semaine ou chaque mois." }) },
);

export type RecurrenceForm = z.infer<typeof recurrenceFormSchema>;

/**
 * RRULE value for a validated form. An "until" date becomes the end of that day on the Paris
 * wall clock (`UNTIL=20270630T235959`), so an occurrence on that day is included whatever its time.
 */
export function toRRule(form: RecurrenceForm): string {
  const rule: RecurrenceRule = { freq: "DAILY", interval: form.interval, byMonth: [], byMonthDay: [], byDay: [], bySetPos: [], wkst: "MO" };
  switch (form.frequency) {
    case "DAILY":
      break;
    case "WEEKLY":
      rule.freq = "WEEKLY";
      rule.byDay = WEEKDAY_CODES.filter((code) => form.weekdays.includes(code)).map((weekday) => ({ weekday }));
      break;
    case "MONTHLY_BY_POSITION":
      rule.freq = "MONTHLY";
      rule.byDay = [{ weekday: form.weekday }];
      rule.bySetPos = [form.position];
      break;
    case "MONTHLY_BY_DAY":
      rule.freq = "MONTHLY";
      rule.byMonthDay = [form.dayOfMonth];
      break;
  }
  if (form.end.kind === "count") rule.count = form.end.count;
  else rule.until = `${form.end.until}T23:59:59`;
  return formatRRule(rule);
}

/**
 * `toRRule` checked against the series' first occurrence: the start must be an occurrence
 * of the rule, end before it, and the series stays within the limits. French message otherwise.
 */
export function recurrenceFromForm(form: RecurrenceForm, localStart: LocalDateTime): RRuleResult {
  return parseRRule(toRRule(form), { localStart });
}

/** The form that produces `rrule`, for editing an existing series; null if the form cannot express it. */
export function rruleToForm(rrule: string): RecurrenceForm | null {
  const parsed = parseRRule(rrule, { allowUnbounded: true });
  if (!parsed.ok) return null;
  const rule = parsed.rule;
  let end: RecurrenceForm["end"];
  if (rule.count !== undefined) end = { kind: "count", count: rule.count };
  else if (rule.until?.endsWith("T23:59:59")) end = { kind: "until", until: localDate(rule.until) };
  else return null;
  if (rule.interval > MAX_FORM_INTERVAL || rule.byMonth.length || rule.wkst !== "MO") return null;

  const plainDays = rule.byDay.filter((entry) => entry.ordinal === undefined).map((entry) => entry.weekday);
  const only = <T>(items: T[]): T | undefined => (items.length === 1 ? items[0] : undefined);
  const isFormPosition = (position: number | undefined): position is 1 | 2 | 3 | 4 | -1 =>
    position !== undefined && [1, 2, 3, 4, -1].includes(position);

  if (rule.freq === "DAILY" && !rule.byDay.length) return { frequency: "DAILY", interval: rule.interval, end };
  if (rule.freq === "WEEKLY" && plainDays.length) return { frequency: "WEEKLY", interval: rule.interval, weekdays: plainDays, end };
  if (rule.freq === "MONTHLY") {
    const monthDay = only(rule.byMonthDay);
    if (monthDay !== undefined && (monthDay > 0 || monthDay === -1)) {
      return { frequency: "MONTHLY_BY_DAY", interval: rule.interval, dayOfMonth: monthDay, end };
    }
    const entry = only(rule.byDay);
    const position = entry?.ordinal ?? only(rule.bySetPos);
    if (entry && isFormPosition(position) && (entry.ordinal === undefined) === (rule.bySetPos.length === 1)) {
      return { frequency: "MONTHLY_BY_POSITION", interval: rule.interval, position, weekday: entry.weekday, end };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// French description
// ---------------------------------------------------------------------------------------------

function joinFrench(items: string[], conjunction = "et"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

function weekdayName(code: WeekdayCode): string {
  return frenchWeekdayName(weekdayOfCode(code));
}

/** "le 2e", "le 1er", "le dernier", "l'avant-dernier", "le 3e … en partant de la fin" (suffix returned apart). */
function ordinalPrefix(position: number): { prefix: string; suffix: string } {
  if (position === 1) return { prefix: "le 1er", suffix: "" };
  if (position > 1) return { prefix: `le ${position}e`, suffix: "" };
  if (position === -1) return { prefix: "le dernier", suffix: "" };
  if (position === -2) return { prefix: "l'avant-dernier", suffix: "" };
  return { prefix: `le ${-position}e`, suffix: " en partant de la fin" };
}

function describeOrdinalWeekday(entry: ByDayEntry): string {
  const { prefix, suffix } = ordinalPrefix(entry.ordinal!);
  return `${prefix} ${weekdayName(entry.weekday)}${suffix}`;
}

function describeMonthDay(monthDay: number): string {
  if (monthDay > 0) return `le ${frenchDayOfMonth(monthDay)}`;
  const { prefix, suffix } = ordinalPrefix(monthDay);
  return `${prefix} jour${suffix}`;
}

/** "le mardi et le jeudi" (weekly), "le 2e mardi", "le dernier lundi, mardi ou mercredi" (BYSETPOS). */
function describeDaySelection(rule: RecurrenceRule, start: CivilDay | undefined): string | undefined {
  if (rule.byMonthDay.length) return joinFrench(rule.byMonthDay.map(describeMonthDay));
  if (rule.bySetPos.length) {
    const positions = joinFrench(rule.bySetPos.map((position) => ordinalPrefix(position).prefix));
    const suffixes = rule.bySetPos.map((position) => ordinalPrefix(position).suffix);
    const days = joinFrench(rule.byDay.map((entry) => weekdayName(entry.weekday)), "ou");
    return `${positions} ${days}${suffixes.every((suffix) => suffix === suffixes[0]) ? suffixes[0] : ""}`;
  }
  if (rule.byDay.length) {
    return joinFrench(
      rule.byDay.map((entry) => (entry.ordinal === undefined ? `le ${weekdayName(entry.weekday)}` : describeOrdinalWeekday(entry))),
    );
  }
  if (start === undefined) return undefined;
  if (rule.freq === "WEEKLY") return `le ${frenchWeekdayName(start.weekday)}`;
  if (rule.freq === "MONTHLY" || rule.freq === "YEARLY") return describeMonthDay(start.day);
  return undefined;
}

function describeMonths(months: number[]): string {
  return joinFrench(months.map(frenchMonthName));
}

/** "de juin", "d'avril", "des mois de juin et juillet". */
function ofMonths(months: number[]): string {
  if (months.length > 1) return `des mois de ${describeMonths(months)}`;
  const name = frenchMonthName(months[0]);
  return /^[aeiouéèy]/.test(name) ? `d'${name}` : `de ${name}`;
}

function describeEnd(rule: RecurrenceRule): string {
  if (rule.count !== undefined) return rule.count === 1 ? ", une seule fois" : `, ${rule.count} fois`;
  if (rule.until === undefined) return ", sans date de fin";
  const day = formatDayMonthYear(localDate(rule.until));
  return rule.until.endsWith("T23:59:59") ? ` jusqu'au ${day}` : ` jusqu'au ${day} à ${rule.until.slice(11, 16)}`;
}

function describeFrequency(rule: RecurrenceRule, start: CivilDay | undefined): string {
  const n = rule.interval;
  const days = describeDaySelection(rule, start);
  switch (rule.freq) {
    case "DAILY": {
      const base = n === 1 ? "tous les jours" : `tous les ${n} jours`;
      return days === undefined ? base : `${base}, uniquement ${days}`;
    }
    case "WEEKLY": {
      const base = n === 1 ? "chaque semaine" : `toutes les ${n} semaines`;
      return days === undefined ? base : `${base} ${days}`;
    }
    case "MONTHLY": {
      const plainWeekdays = rule.byDay.length > 0 && !rule.bySetPos.length && rule.byDay.every((entry) => entry.ordinal === undefined);
      if (plainWeekdays) {
        const everyWeekday = `tous les ${joinFrench(rule.byDay.map((entry) => `${weekdayName(entry.weekday)}s`))}`;
        return n === 1 ? everyWeekday : `${everyWeekday}, un mois sur ${n}`;
      }
      if (days === undefined) return n === 1 ? "chaque mois" : `tous les ${n} mois`;
      return n === 1 ? `${days} de chaque mois` : `${days}, tous les ${n} mois`;
    }
    case "YEARLY": {
      const base = n === 1 ? "chaque année" : `tous les ${n} ans`;
      const months = rule.byMonth.length ? rule.byMonth : !rule.byDay.length && !rule.byMonthDay.length && start ? [start.month] : [];
      if (days === undefined) return months.length ? `${base}, en ${describeMonths(months)}` : base;
      if (!months.length) return rule.byDay.length ? `${base}, ${days} de l'année` : `${base}, ${days} de chaque mois`;
      const isSingleMonthDay = (rule.byMonthDay.length || !rule.byDay.length) && months.length === 1;
      return isSingleMonthDay ? `${base}, ${days} ${frenchMonthName(months[0])}` : `${base}, ${days} ${ofMonths(months)}`;
    }
  }
}

function describeMonthLimit(rule: RecurrenceRule): string {
  return rule.byMonth.length && rule.freq !== "YEARLY" ? `, uniquement en ${describeMonths(rule.byMonth)}` : "";
}

/**
 * French description: "toutes les 2 semaines le mardi et le jeudi, 10 fois",
 * "le 2e mardi de chaque mois jusqu'au 30 juin 2027". `localStart` fills in what the rule leaves
 * to DTSTART (e.g. the day of month of `FREQ=MONTHLY`).
 */
export function describeRRule(rrule: string, localStart?: LocalDateTime): string {
  const parsed = parseRRule(rrule, { allowUnbounded: true });
  if (!parsed.ok) return "Règle de récurrence non valide";
  const start = localStart !== undefined && parseLocalDateTime(localStart).ok ? civilDay(localDateToEpochDay(localStart)) : undefined;
  return `${describeFrequency(parsed.rule, start)}${describeMonthLimit(parsed.rule)}${describeEnd(parsed.rule)}`;
}

// ---------------------------------------------------------------------------------------------
// "This and all following occurrences"
// ---------------------------------------------------------------------------------------------

export interface SeriesPart {
  localStart: LocalDateTime;
  rrule: string;
  exdates: LocalDateTime[];
}

export type SplitSeriesResult =
  | { ok: true; before: SeriesPart | null; after: SeriesPart }
  | { ok: false; message: string };

/**
 * Splits a series at one of its occurrences, for "modifier cette occurrence et les suivantes".
 *
 * - `before` keeps the original start and ends with UNTIL at the end of the day preceding the
 *   split occurrence (at most one occurrence per day, since a rule has no BYHOUR); it is null
 *   when splitting at the first occurrence. UNTIL rather than a reduced COUNT: one form whatever
 *   the original end, it reads as a date ("jusqu'au 15 juin 2027") and needs no counting.
 * - `after` starts at the split occurrence with the same rule; a COUNT becomes the number of
 *   occurrences still to come. Exdated and DST-gap occurrences count, since EXDATE is applied
 *   after COUNT.
 * - exdates go to the part they belong to.
 *
 * Expanding both parts gives exactly the occurrences of the original series.
 */
export function splitSeries(input: {
  localStart: LocalDateTime;
  rrule: string;
  atRecurrenceId: LocalDateTime;
  exdates?: readonly LocalDateTime[];
}): SplitSeriesResult {
  const parsed = parseRRule(input.rrule, { allowUnbounded: true });
  if (!parsed.ok) return parsed;
  const start = parseLocalDateTime(input.localStart);
  if (!start.ok) return { ok: false, message: start.message };
  const at = parseLocalDateTime(input.atRecurrenceId);
  if (!at.ok) return { ok: false, message: at.message };
  const rule = parsed.rule;

  let occurrencesBefore = 0;
  let found = false;
  const limit = at.value < seriesHorizon(start.value) ? at.value : seriesHorizon(start.value);
  for (const occurrence of localStartsOf(rule, start.value, limit)) {
    if (occurrence === at.value) found = true;
    else occurrencesBefore += 1;
  }
  if (!found) {
    return { ok: false, message: `Le ${formatLocalDateTime(at.value)} n'est pas une occurrence de cette série.` };
  }

  const exdates = [...(input.exdates ?? [])].sort();
  const before: SeriesPart | null =
    occurrencesBefore === 0
      ? null
      : {
          localStart: start.value,
          rrule: formatRRule({ ...rule, count: undefined, until: `${addDaysLocal(localDate(at.value), -1)}T23:59:59` }),
          exdates: exdates.filter((exdate) => exdate < at.value),
        };
  const after: SeriesPart = {
    localStart: at.value,
    rrule: formatRRule({ ...rule, count: rule.count === undefined ? undefined : rule.count - occurrencesBefore }),
    exdates: exdates.filter((exdate) => exdate >= at.value),
  };
  return { ok: true, before, after };
}
