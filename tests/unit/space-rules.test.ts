import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bookingRulesSchema,
  checkOccurrenceAgainstRules,
  closureSchema,
  describeLocalSlot,
  describeSlot,
  easterSunday,
  formatDurationFr,
  formatLocalDateFr,
  formatLocalDateRangeFr,
  frenchPublicHolidays,
  isLateCancellation,
  isoWeekdayOf,
  openingHoursSchema,
  openingRangesOf,
  publicHolidayClosures,
  sameHoursEveryDay,
  type BookingRules,
  type Closure,
  type OpeningHours,
  type RuleViolationCode,
  wallClockMinutes,
} from "~/domain/space-rules";

// All instants below are written by hand in UTC. Paris is UTC+1 until 2027-03-28 02:00 local,
// UTC+2 until 2027-10-31 03:00 local, then UTC+1 again.
const z = (iso: string) => new Date(iso);

type Issue = { path: string; message: string };
function issuesOf(result: {
  success: boolean;
  error?: { issues: Array<{ path: (string | number)[]; message: string }> };
}): Issue[] {
  return (result.error?.issues ?? []).map((i) => ({ path: i.path.join("."), message: i.message }));
}

// -----------------------------------------------------------------------------------------------
// Formatting
// -----------------------------------------------------------------------------------------------

describe("French formatting", () => {
  it.each([
    ["2027-03-23", "mardi 23 mars 2027"],
    ["2027-08-01", "dimanche 1er août 2027"],
    ["2027-03-28", "dimanche 28 mars 2027"],
    ["2027-12-25", "samedi 25 décembre 2027"],
    ["2026-02-01", "dimanche 1er février 2026"],
  ])("formatLocalDateFr(%s) = %s", (date, expected) => {
    expect(formatLocalDateFr(date)).toBe(expected);
  });

  it("formatLocalDateFr without weekday", () => {
    expect(formatLocalDateFr("2027-05-01", { weekday: false })).toBe("1er mai 2027");
  });

  it.each([
    ["2027-05-01", "2027-05-01", "le 1er mai 2027"],
    ["2027-08-02", "2027-08-20", "du 2 au 20 août 2027"],
    ["2027-08-01", "2027-08-31", "du 1er au 31 août 2027"],
    ["2027-07-30", "2027-08-20", "du 30 juillet au 20 août 2027"],
    ["2026-12-28", "2027-01-03", "du 28 décembre 2026 au 3 janvier 2027"],
  ])("formatLocalDateRangeFr(%s, %s) = %s", (from, to, expected) => {
    expect(formatLocalDateRangeFr(from, to)).toBe(expected);
  });

  it.each([
    [0, "0 min"],
    [30, "30 min"],
    [60, "1 h"],
    [90, "1 h 30"],
    [125, "2 h 05"],
    [270, "4 h 30"],
    [1440, "1 jour"],
    [1470, "1 jour 30 min"],
    [1500, "1 jour 1 h"],
    [3000, "2 jours 2 h"],
  ])("formatDurationFr(%i) = %s", (minutes, expected) => {
    expect(formatDurationFr(minutes)).toBe(expected);
  });

  it.each([
    ["2027-03-23T14:00", "2027-03-23T16:00", "du mardi 23 mars 2027 de 14:00 à 16:00"],
    ["2027-03-23T20:00", "2027-03-24T00:00", "du mardi 23 mars 2027 de 20:00 à 24:00"],
    ["2027-03-22T09:00", "2027-03-24T09:00", "du lundi 22 mars 2027 à 09:00 au mercredi 24 mars 2027 à 09:00"],
    ["2027-03-23T20:00", "2027-03-24T00:30", "du mardi 23 mars 2027 à 20:00 au mercredi 24 mars 2027 à 00:30"],
  ])("describeLocalSlot(%s, %s)", (start, end, expected) => {
    expect(describeLocalSlot(start, end)).toBe(expected);
  });

  it.each([
    // CET (UTC+1), CEST (UTC+2) on the spring DST day, CET again on the autumn DST day.
    ["2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", "du mardi 23 mars 2027 de 14:00 à 16:00"],
    ["2027-03-28T12:00:00Z", "2027-03-28T14:00:00Z", "du dimanche 28 mars 2027 de 14:00 à 16:00"],
    ["2027-10-31T13:00:00Z", "2027-10-31T15:00:00Z", "du dimanche 31 octobre 2027 de 14:00 à 16:00"],
    ["2027-03-23T19:00:00Z", "2027-03-23T23:00:00Z", "du mardi 23 mars 2027 de 20:00 à 24:00"],
  ])("describeSlot(%s, %s) shows Paris time", (start, end, expected) => {
    expect(describeSlot(z(start), z(end))).toBe(expected);
  });

  it.each([
    ["2027-03-22", 1],
    ["2027-03-23", 2],
    ["2027-03-28", 7],
    ["2027-03-29", 1],
    ["2027-10-31", 7],
    ["2027-05-06", 4],
  ])("isoWeekdayOf(%s) = %i", (date, weekday) => {
    expect(isoWeekdayOf(date)).toBe(weekday);
  });

  it("rejects malformed local values", () => {
    expect(() => describeLocalSlot("2027-03-23 14:00", "2027-03-23T16:00")).toThrow(RangeError);
    expect(() => describeLocalSlot("2027-02-30T14:00", "2027-03-01T16:00")).toThrow(RangeError);
    expect(() => formatLocalDateFr("2027-13-01")).toThrow(RangeError);
  });
});

// -----------------------------------------------------------------------------------------------
// bookingRulesSchema
// -----------------------------------------------------------------------------------------------

describe("bookingRulesSchema", () => {
  it("fills sensible defaults", () => {
    expect(bookingRulesSchema.parse({})).toEqual({
      slotMinutes: 30,
      minDurationMinutes: 30,
      maxDurationMinutes: 480,
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 90,
      requiresApproval: false,
      cancellationDeadlineHours: 24,
    });
  });

  it.each([
    [{ slotMinutes: 15, minDurationMinutes: 15, maxDurationMinutes: 15 }],
    [{ slotMinutes: 60, minDurationMinutes: 60, maxDurationMinutes: 600, bufferMinutes: 15 }],
    [{ slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 20160 }],
    [{ minNoticeMinutes: 1439, horizonDays: 1 }],
    [{ bufferMinutes: 240, cancellationDeadlineHours: 720, horizonDays: 730, requiresApproval: true }],
  ])("accepts %j", (input) => {
    expect(bookingRulesSchema.safeParse(input).success).toBe(true);
  });

  const choices = "5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720 ou 1440 minutes";
  it.each<[string, Record<string, unknown>, Issue[]]>([
    [
      "slot not in the choices",
      { slotMinutes: 7 },
      [{ path: "slotMinutes", message: `La granularité doit être l'une des valeurs suivantes : ${choices}.` }],
    ],
    [
      "slot 0",
      { slotMinutes: 0 },
      [{ path: "slotMinutes", message: `La granularité doit être l'une des valeurs suivantes : ${choices}.` }],
    ],
    [
      "slot not an integer",
      { slotMinutes: 30.5 },
      [{ path: "slotMinutes", message: "La granularité doit être un nombre entier." }],
    ],
    [
      "min duration not a multiple of the slot",
      { minDurationMinutes: 45 },
      [{ path: "minDurationMinutes", message: "La durée minimale doit être un multiple de la granularité (30 min)." }],
    ],
    [
      "max duration not a multiple of the slot",
      { slotMinutes: 60, minDurationMinutes: 60, maxDurationMinutes: 90 },
      [{ path: "maxDurationMinutes", message: "La durée maximale doit être un multiple de la granularité (1 h)." }],
    ],
    [
      "min greater than max",
      { minDurationMinutes: 120, maxDurationMinutes: 60 },
      [
        {
          path: "maxDurationMinutes",
          message: "La durée maximale (1 h) doit être supérieure ou égale à la durée minimale (2 h).",
        },
      ],
    ],
    [
      "min duration 0",
      { minDurationMinutes: 0 },
      [
        {
          path: "minDurationMinutes",
          message: "La durée minimale doit être comprise entre 1 et 20160 minutes (14 jours).",
        },
      ],
    ],
    [
      "max duration beyond 14 days",
      { maxDurationMinutes: 20190 },
      [
        {
          path: "maxDurationMinutes",
          message: "La durée maximale doit être comprise entre 1 et 20160 minutes (14 jours).",
        },
      ],
    ],
    [
      "negative buffer",
      { bufferMinutes: -5 },
      [
        {
          path: "bufferMinutes",
          message: "La marge entre deux réservations doit être comprise entre 0 et 240 minutes.",
        },
      ],
    ],
    [
      "buffer too long",
      { bufferMinutes: 300 },
      [
        {
          path: "bufferMinutes",
          message: "La marge entre deux réservations doit être comprise entre 0 et 240 minutes.",
        },
      ],
    ],
    [
      "horizon 0",
      { horizonDays: 0 },
      [{ path: "horizonDays", message: "L'horizon de réservation doit être compris entre 1 et 730 jours." }],
    ],
    [
      "horizon beyond two years",
      { horizonDays: 731 },
      [{ path: "horizonDays", message: "L'horizon de réservation doit être compris entre 1 et 730 jours." }],
    ],
    [
      "notice not shorter than the horizon",
      { minNoticeMinutes: 1440, horizonDays: 1 },
      [
        {
          path: "minNoticeMinutes",
          message: "Le délai de prévenance doit être inférieur à l'horizon de réservation (1 jour).",
        },
      ],
    ],
    [
      "notice beyond 30 days",
      { minNoticeMinutes: 43201 },
      [
        {
          path: "minNoticeMinutes",
          message: "Le délai de prévenance doit être compris entre 0 et 43200 minutes (30 jours).",
        },
      ],
    ],
    [
      "negative cancellation deadline",
      { cancellationDeadlineHours: -1 },
      [
        {
          path: "cancellationDeadlineHours",
          message: "Le délai d'annulation doit être compris entre 0 et 720 heures (30 jours).",
        },
      ],
    ],
    [
      "string instead of a number",
      { minDurationMinutes: "abc" },
      [{ path: "minDurationMinutes", message: "La durée minimale doit être un nombre." }],
    ],
    [
      "string instead of a boolean",
      { requiresApproval: "yes" },
      [{ path: "requiresApproval", message: "La validation par un gestionnaire doit valoir oui ou non." }],
    ],
  ])("rejects %s", (_name, input, expected) => {
    const result = bookingRulesSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual(expected);
  });
});

// -----------------------------------------------------------------------------------------------
// openingHoursSchema
// -----------------------------------------------------------------------------------------------

describe("openingHoursSchema", () => {
  it("sorts the ranges and defaults missing days to closed", () => {
    const parsed = openingHoursSchema.parse({
      1: [
        { open: "14:00", close: "18:00" },
        { open: "08:30", close: "12:30" },
      ],
      6: [{ open: "09:00", close: "13:00" }],
    });
    expect(parsed).toEqual({
      1: [
        { open: "08:30", close: "12:30" },
        { open: "14:00", close: "18:00" },
      ],
      2: [],
      3: [],
      4: [],
      5: [],
      6: [{ open: "09:00", close: "13:00" }],
      7: [],
    });
  });

  it("merges touching ranges", () => {
    const parsed = openingHoursSchema.parse({
      2: [
        { open: "12:00", close: "14:00" },
        { open: "08:00", close: "12:00" },
        { open: "16:00", close: "18:00" },
      ],
    });
    expect(parsed[2]).toEqual([
      { open: "08:00", close: "14:00" },
      { open: "16:00", close: "18:00" },
    ]);
  });

  it("accepts 24:00 as a closing time, and all-day ranges", () => {
    const parsed = openingHoursSchema.parse({
      5: [{ open: "18:00", close: "24:00" }],
      6: [{ open: "00:00", close: "24:00" }],
    });
    expect(parsed[5]).toEqual([{ open: "18:00", close: "24:00" }]);
    expect(parsed[6]).toEqual([{ open: "00:00", close: "24:00" }]);
  });

  const sevenRanges = ["08", "09", "10", "11", "12", "13", "14"].map((h) => ({ open: `${h}:00`, close: `${h}:30` }));
  it.each<[string, unknown, Issue[]]>([
    [
      "an opening time without leading zero",
      { 1: [{ open: "8:30", close: "12:00" }] },
      [{ path: "1.0.open", message: "L'heure d'ouverture doit être au format HH:mm (par ex. 08:30)." }],
    ],
    [
      "24:00 as an opening time",
      { 1: [{ open: "24:00", close: "24:00" }] },
      [{ path: "1.0.open", message: "L'heure d'ouverture doit être au format HH:mm (par ex. 08:30)." }],
    ],
    [
      "an hour beyond 24",
      { 1: [{ open: "08:00", close: "25:00" }] },
      [
        {
          path: "1.0.close",
          message: "L'heure de fermeture doit être au format HH:mm (par ex. 18:00, ou 24:00 pour minuit).",
        },
      ],
    ],
    [
      "60 minutes",
      { 4: [{ open: "08:00", close: "12:60" }] },
      [
        {
          path: "4.0.close",
          message: "L'heure de fermeture doit être au format HH:mm (par ex. 18:00, ou 24:00 pour minuit).",
        },
      ],
    ],
    [
      "closing before opening",
      { 1: [{ open: "12:00", close: "08:00" }] },
      [{ path: "1.0.close", message: "L'heure de fermeture (08:00) doit être après l'heure d'ouverture (12:00)." }],
    ],
    [
      "an empty range",
      { 7: [{ open: "12:00", close: "12:00" }] },
      [{ path: "7.0.close", message: "L'heure de fermeture (12:00) doit être après l'heure d'ouverture (12:00)." }],
    ],
    [
      "overlapping ranges",
      {
        3: [
          { open: "12:00", close: "18:00" },
          { open: "08:00", close: "12:30" },
        ],
      },
      [{ path: "3.0.open", message: "Mercredi : les plages 08:00–12:30 et 12:00–18:00 se chevauchent." }],
    ],
    [
      "a range inside another",
      {
        5: [
          { open: "08:00", close: "18:00" },
          { open: "10:00", close: "11:00" },
        ],
      },
      [{ path: "5.1.open", message: "Vendredi : les plages 08:00–18:00 et 10:00–11:00 se chevauchent." }],
    ],
    ["too many ranges", { 1: sevenRanges }, [{ path: "1", message: "Lundi : au plus 6 plages horaires par jour." }]],
    [
      "a string instead of a list",
      { 1: "08:00-12:00" },
      [{ path: "1", message: "Lundi : les horaires doivent être une liste de plages." }],
    ],
    [
      "a missing closing time",
      { 2: [{ open: "08:00" }] },
      [{ path: "2.0.close", message: "Indiquez l'heure de fermeture." }],
    ],
  ])("rejects %s", (_name, input, expected) => {
    const result = openingHoursSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual(expected);
  });
});

// -----------------------------------------------------------------------------------------------
// closureSchema
// -----------------------------------------------------------------------------------------------

describe("closureSchema", () => {
  it("accepts a multi-day closure and trims the reason", () => {
    expect(
      closureSchema.parse({ startsOn: "2027-08-02", endsOn: "2027-08-20", reason: "  Fermeture estivale " })
    ).toEqual({
      startsOn: "2027-08-02",
      endsOn: "2027-08-20",
      reason: "Fermeture estivale",
    });
  });

  it("accepts a one-day closure", () => {
    expect(
      closureSchema.safeParse({ startsOn: "2027-03-29", endsOn: "2027-03-29", reason: "Lundi de Pâques" }).success
    ).toBe(true);
  });

  it.each<[string, Record<string, unknown>, Issue[]]>([
    [
      "an end before the start",
      { startsOn: "2027-08-20", endsOn: "2027-08-02", reason: "Travaux" },
      [{ path: "endsOn", message: "La date de fin doit être identique ou postérieure à la date de début." }],
    ],
    [
      "a blank reason",
      { startsOn: "2027-08-02", endsOn: "2027-08-02", reason: "   " },
      [{ path: "reason", message: "Indiquez le motif de la fermeture." }],
    ],
    [
      "a missing reason",
      { startsOn: "2027-08-02", endsOn: "2027-08-02" },
      [{ path: "reason", message: "Indiquez le motif de la fermeture." }],
    ],
    [
      "a reason too long",
      { startsOn: "2027-08-02", endsOn: "2027-08-02", reason: "x".repeat(201) },
      [{ path: "reason", message: "Le motif ne doit pas dépasser 200 caractères." }],
    ],
    [
      "a date that does not exist",
      { startsOn: "2027-02-30", endsOn: "2027-03-02", reason: "Travaux" },
      [{ path: "startsOn", message: "La date de début n'existe pas dans le calendrier." }],
    ],
    [
      "a French-formatted date",
      { startsOn: "2027-12-24", endsOn: "31/12/2027", reason: "Fêtes" },
      [{ path: "endsOn", message: "La date de fin doit être au format AAAA-MM-JJ." }],
    ],
    [
      "a missing start",
      { endsOn: "2027-12-31", reason: "Fêtes" },
      [{ path: "startsOn", message: "Indiquez la date de début." }],
    ],
  ])("rejects %s", (_name, input, expected) => {
    const result = closureSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual(expected);
  });
});

// -----------------------------------------------------------------------------------------------
// French public holidays
// -----------------------------------------------------------------------------------------------

describe("French public holidays", () => {
  it.each([
    [1818, "1818-03-22"], // earliest possible date
    [2000, "2000-04-23"],
    [2008, "2008-03-23"],
    [2019, "2019-04-21"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"], // latest possible date
  ])("Easter Sunday %i is %s", (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it("lists the 2027 holidays (Easter Sunday 2027-03-28)", () => {
    expect(frenchPublicHolidays(2027)).toEqual([
      { date: "2027-01-01", name: "Jour de l'an" },
      { date: "2027-03-29", name: "Lundi de Pâques" },
      { date: "2027-05-01", name: "Fête du Travail" },
      { date: "2027-05-06", name: "Ascension" },
      { date: "2027-05-08", name: "Victoire 1945" },
      { date: "2027-05-17", name: "Lundi de Pentecôte" },
      { date: "2027-07-14", name: "Fête nationale" },
      { date: "2027-08-15", name: "Assomption" },
      { date: "2027-11-01", name: "Toussaint" },
      { date: "2027-11-11", name: "Armistice 1918" },
      { date: "2027-12-25", name: "Noël" },
    ]);
  });

  it("lists the 2026 holidays (Easter Sunday 2026-04-05)", () => {
    expect(frenchPublicHolidays(2026)).toEqual([
      { date: "2026-01-01", name: "Jour de l'an" },
      { date: "2026-04-06", name: "Lundi de Pâques" },
      { date: "2026-05-01", name: "Fête du Travail" },
      { date: "2026-05-08", name: "Victoire 1945" },
      { date: "2026-05-14", name: "Ascension" },
      { date: "2026-05-25", name: "Lundi de Pentecôte" },
      { date: "2026-07-14", name: "Fête nationale" },
      { date: "2026-08-15", name: "Assomption" },
      { date: "2026-11-01", name: "Toussaint" },
      { date: "2026-11-11", name: "Armistice 1918" },
      { date: "2026-12-25", name: "Noël" },
    ]);
  });

  it("keeps both holidays when Ascension falls on 1 May (2008)", () => {
    expect(frenchPublicHolidays(2008).slice(1, 6)).toEqual([
      { date: "2008-03-24", name: "Lundi de Pâques" },
      { date: "2008-05-01", name: "Fête du Travail" },
      { date: "2008-05-01", name: "Ascension" },
      { date: "2008-05-08", name: "Victoire 1945" },
      { date: "2008-05-12", name: "Lundi de Pentecôte" },
    ]);
  });

  it("turns the holidays into valid one-day closures", () => {
    const closures = publicHolidayClosures(2027);
    expect(closures).toHaveLength(11);
    expect(closures[1]).toEqual({ startsOn: "2027-03-29", endsOn: "2027-03-29", reason: "Lundi de Pâques" });
    for (const closure of closures) expect(closureSchema.parse(closure)).toEqual(closure);
  });

  it.each([1582, 2027.5, 10000])("rejects the year %d", (year) => {
    expect(() => frenchPublicHolidays(year)).toThrow(RangeError);
  });
});

// -----------------------------------------------------------------------------------------------
// isLateCancellation
// -----------------------------------------------------------------------------------------------

describe("isLateCancellation", () => {
  it.each([
    // start: mardi 23 mars 2027 14:00 Paris = 13:00Z
    ["a day and a minute before, deadline 24 h", "2027-03-23T13:00:00Z", "2027-03-22T12:59:00Z", 24, false],
    ["exactly at the deadline", "2027-03-23T13:00:00Z", "2027-03-22T13:00:00Z", 24, false],
    ["one millisecond after the deadline", "2027-03-23T13:00:00Z", "2027-03-22T13:00:00.001Z", 24, true],
    ["one hour before the start", "2027-03-23T13:00:00Z", "2027-03-23T12:00:00Z", 24, true],
    ["after the start", "2027-03-23T13:00:00Z", "2027-03-23T14:00:00Z", 24, true],
    ["deadline 0, a minute before", "2027-03-23T13:00:00Z", "2027-03-23T12:59:00Z", 0, false],
    ["deadline 0, at the start", "2027-03-23T13:00:00Z", "2027-03-23T13:00:00Z", 0, false],
    ["deadline 0, after the start", "2027-03-23T13:00:00Z", "2027-03-23T13:01:00Z", 0, true],
    // 48 elapsed hours across the spring DST change (Paris wall clock moves by 49 h).
    ["48 h across DST, exactly", "2027-03-29T08:00:00Z", "2027-03-27T08:00:00Z", 48, false],
    ["48 h across DST, a minute late", "2027-03-29T08:00:00Z", "2027-03-27T08:01:00Z", 48, true],
  ])("%s", (_name, startsAt, now, cancellationDeadlineHours, expected) => {
    expect(isLateCancellation({ startsAt: z(startsAt), now: z(now), cancellationDeadlineHours })).toBe(expected);
  });
});

// -----------------------------------------------------------------------------------------------
// checkOccurrenceAgainstRules
// -----------------------------------------------------------------------------------------------

const RULES: BookingRules = {
  slotMinutes: 30,
  minDurationMinutes: 60,
  maxDurationMinutes: 240,
  bufferMinutes: 0,
  minNoticeMinutes: 120,
  horizonDays: 90,
  requiresApproval: false,
  cancellationDeadlineHours: 24,
};

const WEEKDAY_RANGES = [
  { open: "08:30", close: "12:30" },
  { open: "13:30", close: "18:00" },
];
/** Mon–Fri 08:30–12:30 and 13:30–18:00, Saturday 09:00–13:00, closed on Sunday. */
const WEEK_HOURS: OpeningHours = {
  1: WEEKDAY_RANGES,
  2: WEEKDAY_RANGES,
  3: WEEKDAY_RANGES,
  4: WEEKDAY_RANGES,
  5: WEEKDAY_RANGES,
  6: [{ open: "09:00", close: "13:00" }],
  7: [],
};
const OFFICE_HOURS = sameHoursEveryDay([{ open: "08:00", close: "18:00" }]);
const ALWAYS_OPEN = sameHoursEveryDay([{ open: "00:00", close: "24:00" }]);
const MAINTENANCE_24: Closure = { startsOn: "2027-03-24", endsOn: "2027-03-24", reason: "Maintenance" };
const SUMMER: Closure = { startsOn: "2027-08-02", endsOn: "2027-08-20", reason: "Fermeture estivale" };

/** lundi 1er mars 2027, 10:00 Paris. */
const NOW = "2027-03-01T09:00:00Z";

type RuleCase = {
  name: string;
  local: [string, string];
  utc: [string, string];
  now?: string;
  rules?: Partial<BookingRules>;
  openingHours?: OpeningHours | null;
  closures?: Closure[];
  expected: Array<{ code: RuleViolationCode; message: string }>;
};

const ruleCases: RuleCase[] = [
  // --- opening hours: several ranges a day -------------------------------------------------
  {
    name: "inside the afternoon range",
    local: ["2027-03-23T14:00", "2027-03-23T16:00"],
    utc: ["2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z"],
    expected: [],
  },
  {
    name: "exactly one whole range (bounds included)",
    local: ["2027-03-23T08:30", "2027-03-23T12:30"],
    utc: ["2027-03-23T07:30:00Z", "2027-03-23T11:30:00Z"],
    expected: [],
  },
  {
    name: "the last hour of the day",
    local: ["2027-03-23T17:00", "2027-03-23T18:00"],
    utc: ["2027-03-23T16:00:00Z", "2027-03-23T17:00:00Z"],
    expected: [],
  },
  {
    name: "across the lunch break (two ranges, not one)",
    local: ["2027-03-23T12:00", "2027-03-23T14:00"],
    utc: ["2027-03-23T11:00:00Z", "2027-03-23T13:00:00Z"],
    expected: [
      {
        code: "OUTSIDE_OPENING_HOURS",
        message:
          "Le mardi 23 mars 2027 de 12:00 à 14:00 est en dehors des horaires d'ouverture (08:30–12:30 et 13:30–18:00).",
      },
    ],
  },
  {
    name: "starting before opening",
    local: ["2027-03-23T08:00", "2027-03-23T09:00"],
    utc: ["2027-03-23T07:00:00Z", "2027-03-23T08:00:00Z"],
    expected: [
      {
        code: "OUTSIDE_OPENING_HOURS",
        message:
          "Le mardi 23 mars 2027 de 08:00 à 09:00 est en dehors des horaires d'ouverture (08:30–12:30 et 13:30–18:00).",
      },
    ],
  },
  {
    name: "ending after closing",
    local: ["2027-03-23T17:00", "2027-03-23T18:30"],
    utc: ["2027-03-23T16:00:00Z", "2027-03-23T17:30:00Z"],
    expected: [
      {
        code: "OUTSIDE_OPENING_HOURS",
        message:
          "Le mardi 23 mars 2027 de 17:00 à 18:30 est en dehors des horaires d'ouverture (08:30–12:30 et 13:30–18:00).",
      },
    ],
  },
  {
    name: "a weekday without opening hours",
    local: ["2027-03-21T10:00", "2027-03-21T12:00"],
    utc: ["2027-03-21T09:00:00Z", "2027-03-21T11:00:00Z"],
    expected: [
      {
        code: "OUTSIDE_OPENING_HOURS",
        message: "Le dimanche 21 mars 2027 l'espace n'ouvre pas (aucun horaire d'ouverture le dimanche).",
      },
    ],
  },
  {
    name: "Saturday's single range",
    local: ["2027-03-27T09:00", "2027-03-27T13:00"],
    utc: ["2027-03-27T08:00:00Z", "2027-03-27T12:00:00Z"],
    expected: [],
  },
  {
    name: "no opening hours means no restriction",
    local: ["2027-03-21T05:00", "2027-03-21T07:00"],
    utc: ["2027-03-21T04:00:00Z", "2027-03-21T06:00:00Z"],
    openingHours: null,
    expected: [],
  },
  // --- grid and durations ------------------------------------------------------------------
  {
    name: "start off the grid",
    local: ["2027-03-23T14:15", "2027-03-23T16:15"],
    utc: ["2027-03-23T13:15:00Z", "2027-03-23T15:15:00Z"],
    expected: [
      {
        code: "OFF_GRID",
        message:
          "Le créneau du mardi 23 mars 2027 de 14:15 à 16:15 ne respecte pas le pas de 30 min : le début et la fin doivent tomber sur des tranches de 30 min à partir de minuit (par ex. 14:00 ou 14:30).",
      },
    ],
  },
  {
    name: "end off the grid",
    local: ["2027-03-23T14:00", "2027-03-23T15:45"],
    utc: ["2027-03-23T13:00:00Z", "2027-03-23T14:45:00Z"],
    expected: [
      {
        code: "OFF_GRID",
        message:
          "Le créneau du mardi 23 mars 2027 de 14:00 à 15:45 ne respecte pas le pas de 30 min : le début et la fin doivent tomber sur des tranches de 30 min à partir de minuit (par ex. 15:30 ou 16:00).",
      },
    ],
  },
  {
    name: "on an hourly grid",
    local: ["2027-03-23T14:30", "2027-03-23T16:30"],
    utc: ["2027-03-23T13:30:00Z", "2027-03-23T15:30:00Z"],
    rules: { slotMinutes: 60 },
    expected: [
      {
        code: "OFF_GRID",
        message:
          "Le créneau du mardi 23 mars 2027 de 14:30 à 16:30 ne respecte pas le pas de 1 h : le début et la fin doivent tomber sur des tranches de 1 h à partir de minuit (par ex. 14:00 ou 15:00).",
      },
    ],
  },
  {
    name: "shorter than the minimum",
    local: ["2027-03-23T14:00", "2027-03-23T14:30"],
    utc: ["2027-03-23T13:00:00Z", "2027-03-23T13:30:00Z"],
    expected: [
      {
        code: "TOO_SHORT",
        message: "Le créneau du mardi 23 mars 2027 de 14:00 à 14:30 dure 30 min, moins que la durée minimale de 1 h.",
      },
    ],
  },
  {
    name: "longer than the maximum",
    local: ["2027-03-23T13:30", "2027-03-23T18:00"],
    utc: ["2027-03-23T12:30:00Z", "2027-03-23T17:00:00Z"],
    expected: [
      {
        code: "TOO_LONG",
        message: "Le créneau du mardi 23 mars 2027 de 13:30 à 18:00 dure 4 h 30, plus que la durée maximale de 4 h.",
      },
    ],
  },
  {
    name: "an end before the start",
    local: ["2027-03-23T16:00", "2027-03-23T14:00"],
    utc: ["2027-03-23T15:00:00Z", "2027-03-23T13:00:00Z"],
    expected: [
      {
        code: "TOO_SHORT",
        message: "Le créneau du mardi 23 mars 2027 de 16:00 à 14:00 dure 0 min, moins que la durée minimale de 1 h.",
      },
    ],
  },
  // --- closures ----------------------------------------------------------------------------
  {
    name: "a public holiday",
    local: ["2027-03-29T10:00", "2027-03-29T12:00"],
    utc: ["2027-03-29T08:00:00Z", "2027-03-29T10:00:00Z"],
    closures: publicHolidayClosures(2027),
    expected: [{ code: "CLOSED", message: "Le lundi 29 mars 2027 l'espace est fermé (Lundi de Pâques)." }],
  },
  {
    name: "the first day of a summer closure",
    local: ["2027-08-02T10:00", "2027-08-02T12:00"],
    utc: ["2027-08-02T08:00:00Z", "2027-08-02T10:00:00Z"],
    rules: { horizonDays: 365 },
    closures: [SUMMER],
    expected: [
      {
        code: "CLOSED",
        message: "Le lundi 2 août 2027 l'espace est fermé (Fermeture estivale, du 2 au 20 août 2027).",
      },
    ],
  },
  {
    name: "the last day of a summer closure (end date inclusive)",
    local: ["2027-08-20T10:00", "2027-08-20T12:00"],
    utc: ["2027-08-20T08:00:00Z", "2027-08-20T10:00:00Z"],
    rules: { horizonDays: 365 },
    closures: [SUMMER],
    expected: [
      {
        code: "CLOSED",
        message: "Le vendredi 20 août 2027 l'espace est fermé (Fermeture estivale, du 2 au 20 août 2027).",
      },
    ],
  },
  {
    name: "the Friday before a summer closure",
    local: ["2027-07-30T10:00", "2027-07-30T12:00"],
    utc: ["2027-07-30T08:00:00Z", "2027-07-30T10:00:00Z"],
    rules: { horizonDays: 365 },
    closures: [SUMMER],
    expected: [],
  },
  {
    name: "the Monday after a summer closure",
    local: ["2027-08-23T10:00", "2027-08-23T12:00"],
    utc: ["2027-08-23T08:00:00Z", "2027-08-23T10:00:00Z"],
    rules: { horizonDays: 365 },
    closures: [SUMMER],
    expected: [],
  },
  {
    name: "ending at midnight does not touch the next (closed) date",
    local: ["2027-03-23T20:00", "2027-03-24T00:00"],
    utc: ["2027-03-23T19:00:00Z", "2027-03-23T23:00:00Z"],
    openingHours: ALWAYS_OPEN,
    closures: [MAINTENANCE_24],
    expected: [],
  },
  {
    name: "running past midnight into a closed date",
    local: ["2027-03-23T20:00", "2027-03-24T00:30"],
    utc: ["2027-03-23T19:00:00Z", "2027-03-23T23:30:00Z"],
    rules: { maxDurationMinutes: 4320 },
    openingHours: ALWAYS_OPEN,
    closures: [MAINTENANCE_24],
    expected: [{ code: "CLOSED", message: "Le mercredi 24 mars 2027 l'espace est fermé (Maintenance)." }],
  },
  {
    name: "a multi-day booking over a closed date",
    local: ["2027-03-23T10:00", "2027-03-25T10:00"],
    utc: ["2027-03-23T09:00:00Z", "2027-03-25T09:00:00Z"],
    rules: { maxDurationMinutes: 4320 },
    openingHours: null,
    closures: [MAINTENANCE_24],
    expected: [{ code: "CLOSED", message: "Le mercredi 24 mars 2027 l'espace est fermé (Maintenance)." }],
  },
  // --- multi-day bookings ------------------------------------------------------------------
  {
    name: "multi-day in a space without opening hours",
    local: ["2027-03-22T09:00", "2027-03-23T17:00"],
    utc: ["2027-03-22T08:00:00Z", "2027-03-23T16:00:00Z"],
    rules: { maxDurationMinutes: 4320 },
    openingHours: null,
    expected: [],
  },
  {
    name: "multi-day in a space open around the clock",
    local: ["2027-03-22T09:00", "2027-03-23T17:00"],
    utc: ["2027-03-22T08:00:00Z", "2027-03-23T16:00:00Z"],
    rules: { maxDurationMinutes: 4320 },
    openingHours: ALWAYS_OPEN,
    expected: [],
  },
  {
    name: "multi-day in a space closed at night",
    local: ["2027-03-22T09:00", "2027-03-23T17:00"],
    utc: ["2027-03-22T08:00:00Z", "2027-03-23T16:00:00Z"],
    rules: { maxDurationMinutes: 4320 },
    openingHours: OFFICE_HOURS,
    expected: [
      {
        code: "OUTSIDE_OPENING_HOURS",
        message:
          "Le créneau du lundi 22 mars 2027 à 09:00 au mardi 23 mars 2027 à 17:00 doit rester dans les horaires d'ouverture sans interruption, or le lundi 22 mars 2027 l'espace est ouvert 08:00–18:00.",
      },
    ],
  },
  {
    name: "multi-day over ranges chained at midnight",
    local: ["2027-03-22T09:00", "2027-03-23T17:00"],
    utc: ["2027-03-22T08:00:00Z", "2027-03-23T16:00:00Z"],
    rules: { maxDurationMinutes: 4320 },
    openingHours: { ...WEEK_HOURS, 1: [{ open: "08:00", close: "24:00" }], 2: [{ open: "00:00", close: "18:00" }] },
    expected: [],
  },
  {
    name: "overnight into a day without opening hours",
    local: ["2027-03-22T20:00", "2027-03-23T02:00"],
    utc: ["2027-03-22T19:00:00Z", "2027-03-23T01:00:00Z"],
    openingHours: { ...WEEK_HOURS, 1: [{ open: "08:00", close: "24:00" }], 2: [] },
    rules: { maxDurationMinutes: 480 },
    expected: [
      {
        code: "OUTSIDE_OPENING_HOURS",
        message:
          "Le créneau du lundi 22 mars 2027 à 20:00 au mardi 23 mars 2027 à 02:00 doit rester dans les horaires d'ouverture sans interruption, or le mardi 23 mars 2027 l'espace n'ouvre pas (aucun horaire d'ouverture le mardi).",
      },
    ],
  },
  // --- DST days (Sundays): wall clock, not UTC offsets -----------------------------------
  {
    name: "14:00–16:00 on the spring DST day (2027-03-28)",
    local: ["2027-03-28T14:00", "2027-03-28T16:00"],
    utc: ["2027-03-28T12:00:00Z", "2027-03-28T14:00:00Z"],
    openingHours: OFFICE_HOURS,
    expected: [],
  },
  {
    name: "14:00–16:00 on the autumn DST day (2027-10-31)",
    local: ["2027-10-31T14:00", "2027-10-31T16:00"],
    utc: ["2027-10-31T13:00:00Z", "2027-10-31T15:00:00Z"],
    rules: { horizonDays: 365 },
    openingHours: OFFICE_HOURS,
    expected: [],
  },
  {
    name: "07:30 on the spring DST day is still before opening",
    local: ["2027-03-28T07:30", "2027-03-28T09:00"],
    utc: ["2027-03-28T05:30:00Z", "2027-03-28T07:00:00Z"],
    openingHours: OFFICE_HOURS,
    expected: [
      {
        code: "OUTSIDE_OPENING_HOURS",
        message: "Le dimanche 28 mars 2027 de 07:30 à 09:00 est en dehors des horaires d'ouverture (08:00–18:00).",
      },
    ],
  },
  {
    name: "durations are wall-clock: 22:00–06:00 over the short night is 8 h",
    local: ["2027-03-27T22:00", "2027-03-28T06:00"],
    utc: ["2027-03-27T21:00:00Z", "2027-03-28T04:00:00Z"],
    rules: { minDurationMinutes: 480, maxDurationMinutes: 480 },
    openingHours: null,
    expected: [],
  },
  {
    name: "durations are wall-clock: 22:00–06:00 over the long night is 8 h",
    local: ["2027-10-30T22:00", "2027-10-31T06:00"],
    utc: ["2027-10-30T20:00:00Z", "2027-10-31T05:00:00Z"],
    rules: { minDurationMinutes: 480, maxDurationMinutes: 480, horizonDays: 365 },
    openingHours: null,
    expected: [],
  },
  // --- notice and horizon ------------------------------------------------------------------
  {
    name: "exactly the minimum notice",
    local: ["2027-03-23T14:00", "2027-03-23T16:00"],
    utc: ["2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z"],
    now: "2027-03-23T11:00:00Z",
    expected: [],
  },
  {
    name: "one minute short of the notice",
    local: ["2027-03-23T14:00", "2027-03-23T16:00"],
    utc: ["2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z"],
    now: "2027-03-23T11:01:00Z",
    expected: [
      {
        code: "TOO_SOON",
        message:
          "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 commence trop tôt : il faut réserver au moins 2 h à l'avance.",
      },
    ],
  },
  {
    name: "a start in the past",
    local: ["2027-03-23T14:00", "2027-03-23T16:00"],
    utc: ["2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z"],
    now: "2027-03-23T13:30:00Z",
    expected: [
      { code: "TOO_SOON", message: "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 commence dans le passé." },
    ],
  },
  {
    name: "a start in the past with no notice",
    local: ["2027-03-23T14:00", "2027-03-23T16:00"],
    utc: ["2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z"],
    now: "2027-03-23T13:00:00.001Z",
    rules: { minNoticeMinutes: 0 },
    expected: [
      { code: "TOO_SOON", message: "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 commence dans le passé." },
    ],
  },
  {
    // now = lundi 1er mars 10:00 CET; +30 calendar days = mercredi 31 mars 10:00 CEST = 08:00Z
    // (30 × 24 h would give 09:00Z = 11:00 Paris).
    name: "the horizon limit itself, across the DST change",
    local: ["2027-03-31T10:00", "2027-03-31T11:00"],
    utc: ["2027-03-31T08:00:00Z", "2027-03-31T09:00:00Z"],
    rules: { horizonDays: 30 },
    expected: [],
  },
  {
    name: "half an hour beyond the horizon",
    local: ["2027-03-31T10:30", "2027-03-31T11:30"],
    utc: ["2027-03-31T08:30:00Z", "2027-03-31T09:30:00Z"],
    rules: { horizonDays: 30 },
    expected: [
      {
        code: "BEYOND_HORIZON",
        message:
          "Le créneau du mercredi 31 mars 2027 de 10:30 à 11:30 est trop loin : on peut réserver au plus 30 jours à l'avance (début au plus tard le mercredi 31 mars 2027 à 10:00).",
      },
    ],
  },
];

describe("checkOccurrenceAgainstRules", () => {
  it.each(ruleCases)("$name", (c) => {
    const violations = checkOccurrenceAgainstRules({
      localStart: c.local[0],
      localEnd: c.local[1],
      startsAt: z(c.utc[0]),
      endsAt: z(c.utc[1]),
      now: z(c.now ?? NOW),
      rules: { ...RULES, ...c.rules },
      openingHours: c.openingHours === undefined ? WEEK_HOURS : c.openingHours,
      closures: c.closures ?? [],
    });
    expect(violations).toEqual(c.expected);
  });

  it("reports every violation, in a fixed order", () => {
    // samedi 1er mai 2027 (Fête du Travail), Saturday hours 09:00–13:00.
    const violations = checkOccurrenceAgainstRules({
      localStart: "2027-05-01T12:50",
      localEnd: "2027-05-01T13:10",
      startsAt: z("2027-05-01T10:50:00Z"),
      endsAt: z("2027-05-01T11:10:00Z"),
      now: z(NOW),
      rules: RULES,
      openingHours: WEEK_HOURS,
      closures: publicHolidayClosures(2027),
    });
    expect(violations.map((v) => v.code)).toEqual(["CLOSED", "OUTSIDE_OPENING_HOURS", "OFF_GRID", "TOO_SHORT"]);
    expect(violations[0].message).toBe("Le samedi 1er mai 2027 l'espace est fermé (Fête du Travail).");
  });

  it("reports one violation per closure touched", () => {
    const violations = checkOccurrenceAgainstRules({
      localStart: "2027-03-23T10:00",
      localEnd: "2027-03-26T10:00",
      startsAt: z("2027-03-23T09:00:00Z"),
      endsAt: z("2027-03-26T09:00:00Z"),
      now: z(NOW),
      rules: { ...RULES, maxDurationMinutes: 4320 },
      openingHours: null,
      closures: [MAINTENANCE_24, { startsOn: "2027-03-25", endsOn: "2027-03-31", reason: "Travaux" }],
    });
    expect(violations).toEqual([
      { code: "CLOSED", message: "Le mercredi 24 mars 2027 l'espace est fermé (Maintenance)." },
      { code: "CLOSED", message: "Le jeudi 25 mars 2027 l'espace est fermé (Travaux, du 25 au 31 mars 2027)." },
    ]);
  });

  it("rejects malformed local date-times", () => {
    expect(() =>
      checkOccurrenceAgainstRules({
        localStart: "2027-03-23T14:00:00",
        localEnd: "2027-03-23T16:00",
        startsAt: z("2027-03-23T13:00:00Z"),
        endsAt: z("2027-03-23T15:00:00Z"),
        now: z(NOW),
        rules: RULES,
      })
    ).toThrow(RangeError);
  });
});

// The wall-clock arithmetic the rule check runs for every date of every space a search reads,
// read by hand (no RegExp, no Date object): the former versions are the oracles.
describe("wall-clock arithmetic read by hand", () => {
  const MINUTES_PER_DAY = 24 * 60;
  const MS_PER_DAY = MINUTES_PER_DAY * 60_000;
  function formerDayNumberOrNull(date: string): number | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
    return ms / MS_PER_DAY;
  }
  function formerWallMinutes(local: string): number | "invalid" {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
    const day = m ? formerDayNumberOrNull(`${m[1]}-${m[2]}-${m[3]}`) : null;
    if (!m || day === null || Number(m[4]) > 23 || Number(m[5]) > 59) return "invalid";
    return day * MINUTES_PER_DAY + Number(m[4]) * 60 + Number(m[5]);
  }
  const wallMinutesOrInvalid = (local: string) => {
    try {
      return wallClockMinutes(local);
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      return "invalid";
    }
  };
  const pad = (value: number, width: number) => String(value).padStart(width, "0");

  it.each([
    ["2027-03-23T14:00", true],
    ["2028-02-29T23:59", true],
    ["0100-01-01T00:00", true],
    ["9999-12-31T23:59", true],
    ["2027-02-29T10:00", false],
    ["0099-12-31T10:00", false],
    ["2027-03-23T24:00", false],
    ["2027-03-23T14:60", false],
    ["2027-13-01T10:00", false],
    ["2027-00-10T10:00", false],
    ["2027-03-00T10:00", false],
    ["2027-03-23 14:00", false],
    ["2027-03-23T14:00Z", false],
    ["2027-3-23T14:00", false],
    ["２０２７-03-23T14:00", false],
    ["2027-03-2/T14:00", false],
    ["2027-03-23T1:000", false],
    ["", false],
  ])("reads %s as the former regular expression did (valid: %s)", (local, valid) => {
    expect(wallMinutesOrInvalid(local)).toBe(formerWallMinutes(local));
    expect(wallMinutesOrInvalid(local) !== "invalid").toBe(valid);
  });

  it("gives the former minutes for any date-time of years 0000–9999, and refuses what it refused", () => {
    const dateTime = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
      .map(([y, mo, d, h, mi]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}`);
    const noise = fc.string({ minLength: 15, maxLength: 17 });
    fc.assert(
      fc.property(fc.oneof(dateTime, noise), (local) => {
        expect(wallMinutesOrInvalid(local)).toBe(formerWallMinutes(local));
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads any local date as the former regular expression and Date did, and refuses what they refused", () => {
    const date = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, mo, d]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`);
    fc.assert(
      fc.property(fc.oneof(date, fc.string({ minLength: 9, maxLength: 11 })), (text) => {
        const former = formerDayNumberOrNull(text);
        if (former === null) expect(() => isoWeekdayOf(text)).toThrow(RangeError);
        else expect(isoWeekdayOf(text)).toBe(((((former + 3) % 7) + 7) % 7) + 1);
      }),
      { numRuns: 20_000 },
    );
  });

  it("names the weekday and the date of any day since year 100 as Date did", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(100, 0, 1) / MS_PER_DAY, max: Date.UTC(9999, 11, 31) / MS_PER_DAY }), (day) => {
        const date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
        const jsWeekday = new Date(day * MS_PER_DAY).getUTCDay();
        expect(isoWeekdayOf(date)).toBe(jsWeekday === 0 ? 7 : jsWeekday);
        // dateOfDayNumber, through the wall-clock minutes of that date's midnight and back.
        expect(describeLocalSlot(`${date}T10:00`, `${date}T11:00`)).toContain(formatLocalDateFr(date));
        expect(wallClockMinutes(`${date}T00:00`)).toBe(day * MINUTES_PER_DAY);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("openingRangesOf", () => {
  it("normalises a day's ranges once and gives the same frozen list again", () => {
    const hours = { ...sameHoursEveryDay([{ open: "13:00", close: "18:00" }, { open: "08:00", close: "12:00" }, { open: "12:00", close: "13:00" }]), 7: [] };
    const monday = openingRangesOf(hours, 1);
    expect(monday).toEqual([{ open: 8 * 60, close: 18 * 60 }]);
    // Shared by every caller (the rule check asks it for every date of every space of a search).
    expect(openingRangesOf(hours, 1)).toBe(monday);
    expect(Object.isFrozen(monday) && Object.isFrozen(monday[0])).toBe(true);
    expect(() => (monday as unknown as Array<{ open: number; close: number }>).push({ open: 0, close: 60 })).toThrow(TypeError);
    expect(openingRangesOf(hours, 7)).toEqual([]);
  });

  it("leaves out malformed ranges and merges touching ones, whatever their order", () => {
    const day = [{ open: "25:00", close: "26:00" }, { open: "10:00", close: "09:00" }, { open: "14:00", close: "24:00" }, { open: "09:30", close: "14:00" }];
    expect(openingRangesOf({ ...sameHoursEveryDay([]), 3: day }, 3)).toEqual([{ open: 9 * 60 + 30, close: 24 * 60 }]);
  });
});
