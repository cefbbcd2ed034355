import fc from "fast-check";
import { DateTime } from "luxon";
import {
  addDaysLocal,
  addParisDays,
  parisInstantOfDayMinute,
  addMinutesLocal,
  daysInMonth,
  formatDayMonthYear,
  formatLocalDate,
  formatLocalDateTime,
  formatParisDateTime,
  instantToParis,
  isAmbiguousParisTime,
  isLocalDate,
  isLocalDateTime,
  isNonexistentParisTime,
  isoWeekday,
  localDate,
  localRangeToInstants,
  localTime,
  minutesBetweenLocal,
  minutesOfDay,
  PARIS_ZONE,
  parisToInstant,
  parseLocalDate,
  parseLocalDateTime,
} from "~/domain/time";

// DST in Europe/Paris around the dates these tests use:
//   2026-03-29, 2027-03-28, 2028-03-26: 02:00 CET (+01:00) → 03:00 CEST (+02:00), at 01:00Z
//   2026-10-25, 2027-10-31, 2028-10-29: 03:00 CEST (+02:00) → 02:00 CET (+01:00), at 01:00Z

const SPRING_2027_MESSAGE =
  "Cette heure n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été).";

describe("test environment", () => {
  it("runs in UTC so nothing depends on the host zone", () => {
    expect(process.env.TZ).toBe("UTC");
    expect(new Date(2027, 0, 1).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("names the Paris zone", () => {
    expect(PARIS_ZONE).toBe("Europe/Paris");
  });
});

describe("parseLocalDateTime", () => {
  it.each([
    "2027-03-23T14:00",
    "2028-02-29T00:00",
    "2027-12-31T23:59",
    "2027-03-28T02:30", // well-formed, even though it does not exist in Paris
    "1970-01-01T00:00",
    "2999-12-31T23:59",
  ])("accepts %s", (input) => {
    expect(parseLocalDateTime(input)).toEqual({ ok: true, value: input });
    expect(isLocalDateTime(input)).toBe(true);
  });

  it.each([
    ["2027-02-29T10:00", "not a leap year"],
    ["2100-02-29T10:00", "century, not a leap year"],
    ["2027-04-31T10:00", "April has 30 days"],
    ["2027-13-01T10:00", "month 13"],
    ["2027-00-10T10:00", "month 0"],
    ["2027-03-00T10:00", "day 0"],
    ["2027-03-23T24:00", "hour 24"],
    ["2027-03-23T12:60", "minute 60"],
    ["2027-03-23 14:00", "space instead of T"],
    ["2027-03-23T14:00:00", "seconds"],
    ["2027-03-23T14:00Z", "offset"],
    ["2027-3-23T14:00", "one-digit month"],
    ["1969-12-31T23:59", "before 1970"],
    ["3000-01-01T00:00", "year 3000"],
    ["", "empty"],
  ])("refuses %s (%s)", (input) => {
    const result = parseLocalDateTime(input);
    expect(result).toEqual({
      ok: false,
      reason: "INVALID",
      message: `Date et heure invalides : « ${input} » (format attendu : AAAA-MM-JJTHH:mm, par exemple 2027-03-23T14:00).`,
    });
    expect(isLocalDateTime(input)).toBe(false);
  });

  it.each([null, undefined, 20270323, { date: "2027-03-23T14:00" }])("refuses the non-string %s", (input) => {
    expect(parseLocalDateTime(input).ok).toBe(false);
  });
});

describe("parseLocalDate", () => {
  it.each(["2027-03-23", "2028-02-29", "2000-02-29"])("accepts %s", (input) => {
    expect(parseLocalDate(input)).toEqual({ ok: true, value: input });
    expect(isLocalDate(input)).toBe(true);
  });

  it.each(["2027-02-29", "2027-06-31", "2027-03-23T14:00", "23/03/2027", "20270323", ""])("refuses %s", (input) => {
    expect(parseLocalDate(input)).toEqual({
      ok: false,
      reason: "INVALID",
      message: `Date invalide : « ${input} » (format attendu : AAAA-MM-JJ, par exemple 2027-03-23).`,
    });
    expect(isLocalDate(input)).toBe(false);
  });
});

describe("parisToInstant", () => {
  it.each([
    // wall time, instant, ambiguous
    ["2027-01-15T12:00", "2027-01-15T11:00:00.000Z", false], // winter, +01:00
    ["2027-07-15T12:00", "2027-07-15T10:00:00.000Z", false], // summer, +02:00
    ["2027-03-28T00:00", "2027-03-27T23:00:00.000Z", false],
    ["2027-03-28T01:59", "2027-03-28T00:59:00.000Z", false], // last minute before the gap
    ["2027-03-28T03:00", "2027-03-28T01:00:00.000Z", false], // first minute after the gap
    ["2027-03-28T14:00", "2027-03-28T12:00:00.000Z", false],
    ["2027-10-31T01:59", "2027-10-30T23:59:00.000Z", false],
    ["2027-10-31T02:00", "2027-10-31T00:00:00.000Z", true], // fold: first (summer) instant
    ["2027-10-31T02:30", "2027-10-31T00:30:00.000Z", true],
    ["2027-10-31T02:59", "2027-10-31T00:59:00.000Z", true],
    ["2027-10-31T03:00", "2027-10-31T02:00:00.000Z", false],
    ["2026-10-25T02:30", "2026-10-25T00:30:00.000Z", true],
    ["2028-10-29T02:30", "2028-10-29T00:30:00.000Z", true],
    ["2027-12-31T23:59", "2027-12-31T22:59:00.000Z", false],
  ] as const)("%s → %s", (local, expected, ambiguous) => {
    expect(parisToInstant(local)).toEqual({ ok: true, instant: new Date(expected), ambiguous });
  });

  it.each(["2027-03-28T02:00", "2027-03-28T02:01", "2027-03-28T02:30", "2027-03-28T02:59"])(
    "refuses %s, inside the spring-forward gap",
    (local) => {
      expect(parisToInstant(local)).toEqual({
        ok: false,
        reason: "DST_GAP",
        message: SPRING_2027_MESSAGE,
        gap: { start: "2027-03-28T02:00", end: "2027-03-28T03:00" },
      });
    },
  );

  it.each([
    ["2026-03-29T02:15", "29 mars 2026", { start: "2026-03-29T02:00", end: "2026-03-29T03:00" }],
    ["2028-03-26T02:45", "26 mars 2028", { start: "2028-03-26T02:00", end: "2028-03-26T03:00" }],
  ])("refuses %s with the date of that year's change", (local, day, gap) => {
    expect(parisToInstant(local)).toEqual({
      ok: false,
      reason: "DST_GAP",
      message: `Cette heure n'existe pas à Paris : le ${day}, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été).`,
      gap,
    });
  });

  it("refuses a malformed wall time", () => {
    expect(parisToInstant("2027-02-30T10:00")).toMatchObject({ ok: false, reason: "INVALID" });
  });

  it("maps every valid wall time of both 2027 transition days back to itself", () => {
    const checked: string[] = [];
    for (const day of ["2027-03-28", "2027-10-31"]) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 5) {
        const local = addMinutesLocal(`${day}T00:00`, minutes);
        const result = parisToInstant(local);
        if (result.ok) {
          expect(instantToParis(result.instant)).toBe(local);
          checked.push(local);
        }
      }
    }
    // 288 five-minute slots a day, 12 of them in the spring gap.
    expect(checked).toHaveLength(288 + 276);
  });
});

describe("isAmbiguousParisTime / isNonexistentParisTime", () => {
  it.each([
    ["2027-10-31T01:59", false, false],
    ["2027-10-31T02:00", true, false],
    ["2027-10-31T02:59", true, false],
    ["2027-10-31T03:00", false, false],
    ["2027-03-28T01:59", false, false],
    ["2027-03-28T02:00", false, true],
    ["2027-03-28T02:59", false, true],
    ["2027-03-28T03:00", false, false],
    ["2027-06-01T02:30", false, false],
    ["not a date", false, false],
  ])("%s: ambiguous %s, nonexistent %s", (local, ambiguous, nonexistent) => {
    expect(isAmbiguousParisTime(local)).toBe(ambiguous);
    expect(isNonexistentParisTime(local)).toBe(nonexistent);
  });
});

describe("instantToParis", () => {
  it.each([
    ["2027-03-23T13:00:00.000Z", "2027-03-23T14:00"],
    ["2027-03-28T00:59:00.000Z", "2027-03-28T01:59"],
    ["2027-03-28T01:00:00.000Z", "2027-03-28T03:00"], // the clocks jump
    ["2027-10-31T00:30:00.000Z", "2027-10-31T02:30"], // first pass through 02:30
    ["2027-10-31T01:30:00.000Z", "2027-10-31T02:30"], // second pass through 02:30
    ["2027-10-31T02:00:00.000Z", "2027-10-31T03:00"],
    ["2027-10-31T00:59:59.999Z", "2027-10-31T02:59"], // truncated to the minute
    ["2027-12-31T23:30:00.000Z", "2028-01-01T00:30"],
  ])("%s → %s", (instant, expected) => {
    expect(instantToParis(new Date(instant))).toBe(expected);
  });

  it("throws on an invalid Date", () => {
    expect(() => instantToParis(new Date("nope"))).toThrow(RangeError);
  });

  it("reads Luxon's Paris wall clock for any instant from 1970 to 2999, the hours around each change included", () => {
    const anyInstant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2999, 11, 31) });
    // Within two hours of 01:00Z on the last Sundays of March, September and October (the changes since 1976).
    const nearChange = fc
      .tuple(fc.integer({ min: 1976, max: 2999 }), fc.constantFrom(2, 8, 9), fc.integer({ min: -120, max: 120 }))
      .map(([year, month, minutes]) => {
        const lastDay = new Date(Date.UTC(year, month + 1, 0));
        const lastSunday = Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
        return lastSunday + minutes * 60_000;
      });
    fc.assert(
      fc.property(fc.oneof(anyInstant, nearChange), (ms) => {
        expect(instantToParis(new Date(ms))).toBe(DateTime.fromMillis(ms, { zone: PARIS_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm"));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("addParisDays", () => {
  it.each([
    ["2027-03-23T13:00:00.000Z", 7, "2027-03-30T12:00:00.000Z"], // across the spring change: same wall time 14:00
    ["2027-10-25T12:00:00.000Z", 7, "2027-11-01T13:00:00.000Z"], // across the autumn change
    ["2027-03-27T01:30:00.000Z", 1, "2027-03-28T01:30:00.000Z"], // 02:30 does not exist: 03:30, as Luxon
    ["2027-10-30T00:30:00.000Z", 1, "2027-10-31T00:30:00.000Z"], // 02:30 twice: the summer pass, as the instant's
    ["2027-11-01T01:30:00.000Z", -1, "2027-10-31T01:30:00.000Z"], // …the winter pass from a winter instant
    ["2027-01-31T10:15:42.123Z", 365, "2028-01-31T10:15:42.123Z"], // to the millisecond
    ["2027-05-01T10:00:00.000Z", 0, "2027-05-01T10:00:00.000Z"],
  ])("%s + %i days → %s", (instant, days, expected) => {
    expect(addParisDays(new Date(instant), days).toISOString()).toBe(expected);
  });

  it("gives Luxon's plus({ days }) in Europe/Paris for any instant and number of days", () => {
    // Instants from 2020 to 2035, dense around the changes of 2027 (where the rules bite).
    const anyInstant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
    const nearChange = fc
      .tuple(fc.constantFrom(Date.UTC(2027, 2, 28, 1), Date.UTC(2027, 9, 31, 1)), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }))
      .map(([change, delta]) => change + delta);
    const sameAsLuxon = (ms: number, days: number) => {
      const expected = DateTime.fromMillis(ms, { zone: PARIS_ZONE }).plus({ days }).toMillis();
      expect(addParisDays(new Date(ms), days).getTime()).toBe(expected);
    };
    fc.assert(fc.property(fc.oneof(anyInstant, nearChange), fc.integer({ min: -800, max: 800 }), sameAsLuxon), { numRuns: 2000 });
    // Results landing in a gap or a fold: the instant is that many days before a change.
    fc.assert(
      fc.property(nearChange.map((ms) => ms - (ms % 60_000)), fc.integer({ min: -400, max: 400 }), (target, days) => sameAsLuxon(target - days * 86_400_000, days)),
      { numRuns: 2000 },
    );
  });

  it("refuses an invalid Date or a fractional number of days", () => {
    expect(() => addParisDays(new Date("nope"), 1)).toThrow(RangeError);
    expect(() => addParisDays(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe("parisInstantOfDayMinute", () => {
  it.each([
    ["2027-03-23", 8 * 60, "2027-03-23T07:00:00.000Z"],
    ["2027-03-28", 0, "2027-03-27T23:00:00.000Z"], // midnight before the spring change: +01:00
    ["2027-03-28", 150, "2027-03-28T01:30:00.000Z"], // 02:30 does not exist: 03:30 +02:00
    ["2027-03-28", 8 * 60, "2027-03-28T06:00:00.000Z"],
    ["2027-10-31", 150, "2027-10-31T00:30:00.000Z"], // 02:30 twice: the first pass, +02:00
    ["2027-10-31", 18 * 60, "2027-10-31T17:00:00.000Z"],
    ["2027-10-31", 1440, "2027-10-31T23:00:00.000Z"], // the next midnight, +01:00
  ])("%s + %i min → %s", (date, minutes, expected) => {
    expect(new Date(parisInstantOfDayMinute(date, minutes)).toISOString()).toBe(expected);
  });
});

describe("wall-clock arithmetic", () => {
  it.each([
    ["2027-03-23T14:00", 120, "2027-03-23T16:00"],
    ["2027-03-28T01:30", 60, "2027-03-28T02:30"], // wall arithmetic: DST is ignored here
    ["2027-10-31T01:30", 90, "2027-10-31T03:00"],
    ["2027-12-31T23:30", 45, "2028-01-01T00:15"],
    ["2028-02-28T23:00", 120, "2028-02-29T01:00"],
    ["2027-03-01T00:15", -30, "2027-02-28T23:45"],
    ["2027-03-19T18:00", 2 * 24 * 60, "2027-03-21T18:00"],
  ])("addMinutesLocal(%s, %i) = %s", (local, minutes, expected) => {
    expect(addMinutesLocal(local, minutes)).toBe(expected);
  });

  it.each([
    ["2027-03-23T14:00", "2027-03-23T16:00", 120],
    ["2027-03-28T01:00", "2027-03-28T04:00", 180], // 2 hours elapse, 3 on the wall
    ["2027-10-31T01:00", "2027-10-31T04:00", 180], // 4 hours elapse
    ["2027-03-23T16:00", "2027-03-23T14:00", -120],
  ])("minutesBetweenLocal(%s, %s) = %i", (from, to, expected) => {
    expect(minutesBetweenLocal(from, to)).toBe(expected);
  });

  it.each([
    ["2027-03-23", 1, "2027-03-24"],
    ["2027-12-31", 1, "2028-01-01"],
    ["2028-03-01", -1, "2028-02-29"],
    ["2027-03-23", -23, "2027-02-28"],
  ])("addDaysLocal(%s, %i) = %s", (date, days, expected) => {
    expect(addDaysLocal(date, days)).toBe(expected);
  });

  it.each([
    [2027, 1, 31], [2027, 2, 28], [2028, 2, 29], [2100, 2, 28], [2000, 2, 29], [2027, 4, 30], [2027, 12, 31],
  ])("daysInMonth(%i, %i) = %i", (year, month, expected) => {
    expect(daysInMonth(year, month)).toBe(expected);
  });

  it.each([
    ["1970-01-01", 4],
    ["2000-01-01", 6],
    ["2027-03-22", 1],
    ["2027-03-23T14:00", 2],
    ["2027-03-24", 3],
    ["2027-03-25", 4],
    ["2027-03-26", 5],
    ["2027-03-27", 6],
    ["2027-03-28", 7],
    ["2028-02-29", 2],
  ])("isoWeekday(%s) = %i", (date, expected) => {
    expect(isoWeekday(date)).toBe(expected);
  });

  it.each([
    ["2027-03-23T14:30", "2027-03-23", "14:30", 870],
    ["2027-03-23T00:00", "2027-03-23", "00:00", 0],
    ["2027-03-23T23:59", "2027-03-23", "23:59", 1439],
  ])("%s has date %s, time %s, minute of day %i", (local, date, time, minutes) => {
    expect(localDate(local)).toBe(date);
    expect(localTime(local)).toBe(time);
    expect(minutesOfDay(local)).toBe(minutes);
  });
});

describe("localRangeToInstants", () => {
  it.each([
    ["an afternoon", "2027-03-23T14:00", "2027-03-23T16:00", "2027-03-23T13:00:00.000Z", "2027-03-23T15:00:00.000Z"],
    ["a night across spring forward (7 h)", "2027-03-27T22:00", "2027-03-28T06:00", "2027-03-27T21:00:00.000Z", "2027-03-28T04:00:00.000Z"],
    ["a night across fall back (9 h)", "2027-10-30T22:00", "2027-10-31T06:00", "2027-10-30T20:00:00.000Z", "2027-10-31T05:00:00.000Z"],
    ["inside the fold (first pass)", "2027-10-31T02:15", "2027-10-31T02:45", "2027-10-31T00:15:00.000Z", "2027-10-31T00:45:00.000Z"],
    ["from the fold to after it", "2027-10-31T02:30", "2027-10-31T03:30", "2027-10-31T00:30:00.000Z", "2027-10-31T02:30:00.000Z"],
    ["a weekend (multi-day)", "2027-03-26T18:00", "2027-03-28T18:00", "2027-03-26T17:00:00.000Z", "2027-03-28T16:00:00.000Z"],
  ])("%s", (_label, localStart, localEnd, startsAt, endsAt) => {
    expect(localRangeToInstants(localStart, localEnd)).toEqual({
      ok: true,
      startsAt: new Date(startsAt),
      endsAt: new Date(endsAt),
    });
  });

  it("refuses a start inside the spring gap", () => {
    expect(localRangeToInstants("2027-03-28T02:30", "2027-03-28T04:00")).toEqual({
      ok: false,
      field: "start",
      reason: "DST_GAP",
      message:
        "L'heure de début n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été).",
    });
  });

  it("refuses an end inside the spring gap", () => {
    expect(localRangeToInstants("2027-03-28T01:00", "2027-03-28T02:30")).toEqual({
      ok: false,
      field: "end",
      reason: "DST_GAP",
      message:
        "L'heure de fin n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été).",
    });
  });

  it.each([
    ["2027-03-23T14:00", "2027-03-23T14:00"],
    ["2027-03-23T16:00", "2027-03-23T14:00"],
  ])("refuses %s → %s (end not after start)", (localStart, localEnd) => {
    expect(localRangeToInstants(localStart, localEnd)).toEqual({
      ok: false,
      field: "end",
      reason: "END_NOT_AFTER_START",
      message: "La fin doit être postérieure au début.",
    });
  });

  it.each([
    ["2027-02-30T14:00", "2027-03-01T10:00", "start"],
    ["2027-03-01T10:00", "2027-03-01T25:00", "end"],
  ])("refuses a malformed %s → %s on the %s field", (localStart, localEnd, field) => {
    expect(localRangeToInstants(localStart, localEnd)).toMatchObject({ ok: false, field, reason: "INVALID" });
  });
});

describe("French formatting", () => {
  it.each([
    ["2027-03-23T13:00:00.000Z", "mardi 23 mars 2027 à 14:00"],
    ["2027-01-01T00:00:00.000Z", "vendredi 1er janvier 2027 à 01:00"],
    ["2027-08-15T08:05:00.000Z", "dimanche 15 août 2027 à 10:05"],
    ["2027-10-31T01:30:00.000Z", "dimanche 31 octobre 2027 à 02:30"],
    ["2027-12-31T23:00:00.000Z", "samedi 1er janvier 2028 à 00:00"],
  ])("formatParisDateTime(%s) = %s", (instant, expected) => {
    expect(formatParisDateTime(new Date(instant))).toBe(expected);
  });

  it.each([
    ["2027-02-01", "lundi 1er février 2027", "1er février 2027"],
    ["2027-04-14", "mercredi 14 avril 2027", "14 avril 2027"],
    ["2027-06-30", "mercredi 30 juin 2027", "30 juin 2027"],
    ["2027-09-02", "jeudi 2 septembre 2027", "2 septembre 2027"],
    ["2027-11-06", "samedi 6 novembre 2027", "6 novembre 2027"],
    ["2027-12-25", "samedi 25 décembre 2027", "25 décembre 2027"],
  ])("formatLocalDate(%s) = %s", (date, withWeekday, withoutWeekday) => {
    expect(formatLocalDate(date)).toBe(withWeekday);
    expect(formatDayMonthYear(date)).toBe(withoutWeekday);
  });

  it("formats a wall time without going through an instant", () => {
    expect(formatLocalDateTime("2027-03-28T02:30")).toBe("dimanche 28 mars 2027 à 02:30");
  });
});
