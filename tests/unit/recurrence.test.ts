import {
  describeRRule,
  expandOccurrences,
  type Expansion,
  type ExpandInput,
  MAX_FORM_INTERVAL,
  MAX_HORIZON_YEARS,
  MAX_INTERVAL,
  MAX_OCCURRENCES,
  parseRRule,
  type RecurrenceForm,
  recurrenceFormSchema,
  recurrenceFromForm,
  type RecurrenceRule,
  rruleToForm,
  splitSeries,
  toRRule,
  untilToUtc,
} from "~/domain/recurrence";
import { RRule } from "~/domain/rrule-interop";
import { addDaysLocal, addMinutesLocal, minutesBetweenLocal, parisToInstant } from "~/domain/time";

// Europe/Paris in 2027: CET (+01:00) until 2027-03-28 02:00 → 03:00 CEST (+02:00),
// back to CET on 2027-10-31 03:00 → 02:00. Expected instants below are written by hand.

const FAR = new Date("2040-01-01T00:00:00Z");

function expand(input: Partial<ExpandInput> & Pick<ExpandInput, "localStart" | "localEnd">): Expansion {
  return expandOccurrences({ until: FAR, ...input });
}

/** Occurrence as [local start, local end, start instant, end instant]. */
function rows(expansion: Expansion): string[][] {
  return expansion.occurrences.map((o) => [o.localStart, o.localEnd, o.startsAt.toISOString(), o.endsAt.toISOString()]);
}

function startIds(expansion: Expansion): string[] {
  return expansion.occurrences.map((o) => o.recurrenceId);
}

/** Every generated occurrence, valid or in a DST gap, in wall-clock order. */
function allIds(expansion: Expansion): string[] {
  return [...startIds(expansion), ...expansion.invalid.map((o) => o.recurrenceId)].sort();
}

const at = (time: string) => (date: string) => `${date}T${time}`;

describe("limits", () => {
  it("are exported with their documented values", () => {
    expect({ MAX_OCCURRENCES, MAX_INTERVAL, MAX_FORM_INTERVAL, MAX_HORIZON_YEARS }).toEqual({
      MAX_OCCURRENCES: 520,
      MAX_INTERVAL: 52,
      MAX_FORM_INTERVAL: 12,
      MAX_HORIZON_YEARS: 10,
    });
  });
});

describe("rrule interop module", () => {
  it("gives a working RRule class under Vitest (the reference implementation of the differential test)", () => {
    const rule = new RRule({ freq: RRule.WEEKLY, count: 2, dtstart: new Date(Date.UTC(2027, 2, 23, 14)) });
    expect(rule.all().map((d) => d.toISOString())).toEqual(["2027-03-23T14:00:00.000Z", "2027-03-30T14:00:00.000Z"]);
  });
});

describe("a weekly Tuesday 14:00–16:00 series from March to November 2027", () => {
  const expansion = expand({
    localStart: "2027-03-02T14:00",
    localEnd: "2027-03-02T16:00",
    rrule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271130T235959",
  });

  // [date, UTC start, UTC end]: 13:00Z in winter (+01:00), 12:00Z in summer (+02:00).
  const expected = [
    ["2027-03-02", "13:00", "15:00"], ["2027-03-09", "13:00", "15:00"], ["2027-03-16", "13:00", "15:00"],
    ["2027-03-23", "13:00", "15:00"],
    // 2027-03-28: clocks go forward
    ["2027-03-30", "12:00", "14:00"], ["2027-04-06", "12:00", "14:00"], ["2027-04-13", "12:00", "14:00"],
    ["2027-04-20", "12:00", "14:00"], ["2027-04-27", "12:00", "14:00"], ["2027-05-04", "12:00", "14:00"],
    ["2027-05-11", "12:00", "14:00"], ["2027-05-18", "12:00", "14:00"], ["2027-05-25", "12:00", "14:00"],
    ["2027-06-01", "12:00", "14:00"], ["2027-06-08", "12:00", "14:00"], ["2027-06-15", "12:00", "14:00"],
    ["2027-06-22", "12:00", "14:00"], ["2027-06-29", "12:00", "14:00"], ["2027-07-06", "12:00", "14:00"],
    ["2027-07-13", "12:00", "14:00"], ["2027-07-20", "12:00", "14:00"], ["2027-07-27", "12:00", "14:00"],
    ["2027-08-03", "12:00", "14:00"], ["2027-08-10", "12:00", "14:00"], ["2027-08-17", "12:00", "14:00"],
    ["2027-08-24", "12:00", "14:00"], ["2027-08-31", "12:00", "14:00"], ["2027-09-07", "12:00", "14:00"],
    ["2027-09-14", "12:00", "14:00"], ["2027-09-21", "12:00", "14:00"], ["2027-09-28", "12:00", "14:00"],
    ["2027-10-05", "12:00", "14:00"], ["2027-10-12", "12:00", "14:00"], ["2027-10-19", "12:00", "14:00"],
    ["2027-10-26", "12:00", "14:00"],
    // 2027-10-31: clocks go back
    ["2027-11-02", "13:00", "15:00"], ["2027-11-09", "13:00", "15:00"], ["2027-11-16", "13:00", "15:00"],
    ["2027-11-23", "13:00", "15:00"], ["2027-11-30", "13:00", "15:00"],
  ];

  it("has the 40 Tuesdays, always 14:00–16:00 on the wall clock, with the instants shifting with DST", () => {
    expect(rows(expansion)).toEqual(
      expected.map(([date, start, end]) => [
        `${date}T14:00`,
        `${date}T16:00`,
        `${date}T${start}:00.000Z`,
        `${date}T${end}:00.000Z`,
      ]),
    );
    expect(expansion.invalid).toEqual([]);
    expect(expansion.truncated).toBe(false);
  });

  it("uses the original local start as the recurrence id", () => {
    expect(startIds(expansion).slice(3, 6)).toEqual(["2027-03-23T14:00", "2027-03-30T14:00", "2027-04-06T14:00"]);
  });
});

describe("DST gap and fold", () => {
  it("reports the daily 02:30 occurrence of 2027-03-28 as invalid instead of shifting it", () => {
    const expansion = expand({
      localStart: "2027-03-26T02:30",
      localEnd: "2027-03-26T03:30",
      rrule: "FREQ=DAILY;COUNT=5",
    });
    expect(rows(expansion)).toEqual([
      ["2027-03-26T02:30", "2027-03-26T03:30", "2027-03-26T01:30:00.000Z", "2027-03-26T02:30:00.000Z"],
      ["2027-03-27T02:30", "2027-03-27T03:30", "2027-03-27T01:30:00.000Z", "2027-03-27T02:30:00.000Z"],
      ["2027-03-29T02:30", "2027-03-29T03:30", "2027-03-29T00:30:00.000Z", "2027-03-29T01:30:00.000Z"],
      ["2027-03-30T02:30", "2027-03-30T03:30", "2027-03-30T00:30:00.000Z", "2027-03-30T01:30:00.000Z"],
    ]);
    expect(expansion.invalid).toEqual([
      {
        recurrenceId: "2027-03-28T02:30",
        reason: "DST_GAP",
        message:
          "L'occurrence du dimanche 28 mars 2027 à 02:30 ne peut pas avoir lieu. " +
          "L'heure de début n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été).",
      },
    ]);
  });

  it("reports an occurrence whose end falls in the gap", () => {
    const expansion = expand({ localStart: "2027-03-27T01:00", localEnd: "2027-03-27T02:30", rrule: "FREQ=DAILY;COUNT=3" });
    expect(rows(expansion)).toEqual([
      ["2027-03-27T01:00", "2027-03-27T02:30", "2027-03-27T00:00:00.000Z", "2027-03-27T01:30:00.000Z"],
      ["2027-03-29T01:00", "2027-03-29T02:30", "2027-03-28T23:00:00.000Z", "2027-03-29T00:30:00.000Z"],
    ]);
    expect(expansion.invalid).toEqual([
      {
        recurrenceId: "2027-03-28T01:00",
        reason: "DST_GAP",
        message:
          "L'occurrence du dimanche 28 mars 2027 à 01:00 ne peut pas avoir lieu. " +
          "L'heure de fin n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été).",
      },
    ]);
  });

  it("takes the first 02:30 in the autumn fold; the 2-hour wall range then lasts 2 hours too", () => {
    const expansion = expand({ localStart: "2027-10-30T02:30", localEnd: "2027-10-30T03:30", rrule: "FREQ=DAILY;COUNT=3" });
    expect(rows(expansion)).toEqual([
      ["2027-10-30T02:30", "2027-10-30T03:30", "2027-10-30T00:30:00.000Z", "2027-10-30T01:30:00.000Z"],
      ["2027-10-31T02:30", "2027-10-31T03:30", "2027-10-31T00:30:00.000Z", "2027-10-31T02:30:00.000Z"],
      ["2027-11-01T02:30", "2027-11-01T03:30", "2027-11-01T01:30:00.000Z", "2027-11-01T02:30:00.000Z"],
    ]);
    expect(expansion.invalid).toEqual([]);
  });

  it("lets an exdate remove an occurrence that falls in the gap", () => {
    const expansion = expand({
      localStart: "2027-03-26T02:30",
      localEnd: "2027-03-26T03:30",
      rrule: "FREQ=DAILY;COUNT=5",
      exdates: ["2027-03-28T02:30"],
    });
    expect(startIds(expansion)).toEqual(["2027-03-26T02:30", "2027-03-27T02:30", "2027-03-29T02:30", "2027-03-30T02:30"]);
    expect(expansion.invalid).toEqual([]);
  });
});

describe("month ends", () => {
  it.each([
    // RFC 5545: invalid dates (31 June…) are skipped, never moved to the last day.
    ["the 31st skips 30-day months and February", "2027-01-31", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=7",
      ["2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31", "2027-08-31", "2027-10-31", "2027-12-31"]],
    ["no BYMONTHDAY: the day of DTSTART, skipped the same way", "2027-01-31", "FREQ=MONTHLY;COUNT=4",
      ["2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31"]],
    ["the 30th skips February", "2027-01-30", "FREQ=MONTHLY;BYMONTHDAY=30;COUNT=4",
      ["2027-01-30", "2027-03-30", "2027-04-30", "2027-05-30"]],
    ["the 29th skips February 2027", "2027-01-29", "FREQ=MONTHLY;BYMONTHDAY=29;COUNT=3",
      ["2027-01-29", "2027-03-29", "2027-04-29"]],
    ["the 29th includes February 2028", "2028-01-29", "FREQ=MONTHLY;BYMONTHDAY=29;COUNT=3",
      ["2028-01-29", "2028-02-29", "2028-03-29"]],
    ["the last day (BYMONTHDAY=-1)", "2027-01-31", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6",
      ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30"]],
    ["the last day in a leap year", "2028-01-31", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3",
      ["2028-01-31", "2028-02-29", "2028-03-31"]],
    ["every 2 months on the 31st", "2027-01-31", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31;COUNT=4",
      ["2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31"]],
  ])("%s", (_label, startDate, rrule, dates) => {
    const expansion = expand({ localStart: `${startDate}T10:00`, localEnd: `${startDate}T12:00`, rrule });
    expect(startIds(expansion)).toEqual(dates.map(at("10:00")));
  });

  it("keeps 10:00 local on the 31st across both DST changes", () => {
    const expansion = expand({ localStart: "2027-01-31T10:00", localEnd: "2027-01-31T12:00", rrule: "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=7" });
    expect(expansion.occurrences.map((o) => o.startsAt.toISOString())).toEqual([
      "2027-01-31T09:00:00.000Z",
      "2027-03-31T08:00:00.000Z",
      "2027-05-31T08:00:00.000Z",
      "2027-07-31T08:00:00.000Z",
      "2027-08-31T08:00:00.000Z",
      "2027-10-31T09:00:00.000Z",
      "2027-12-31T09:00:00.000Z",
    ]);
  });
});

describe("positions in the month (BYSETPOS, ordinal BYDAY)", () => {
  it.each([
    ["2nd Tuesday until 30 June", "2027-01-12", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959",
      ["2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08"]],
    ["2nd Tuesday written 2TU", "2027-01-12", "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630T235959",
      ["2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08"]],
    ["last Friday", "2027-01-29", "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=6",
      ["2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28", "2027-06-25"]],
    ["last Friday written -1FR", "2027-01-29", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=6",
      ["2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28", "2027-06-25"]],
    ["last weekday of the month", "2027-01-29", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6",
      ["2027-01-29", "2027-02-26", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30"]],
    ["5th Tuesday: months without one are skipped", "2027-03-30", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=5;COUNT=4",
      ["2027-03-30", "2027-06-29", "2027-08-31", "2027-11-30"]],
    ["1st and 3rd Monday", "2027-03-01", "FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=4",
      ["2027-03-01", "2027-03-15", "2027-04-05", "2027-04-19"]],
    ["2nd Tuesday every 3 months", "2027-01-12", "FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=2;COUNT=4",
      ["2027-01-12", "2027-04-13", "2027-07-13", "2027-10-12"]],
    // In a month with 4 Mondays, positions 4 and -1 are the same day: counted once (a set).
    ["positions of both signs selecting the same day", "2026-12-14", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=3,4,-1,-3;COUNT=6",
      ["2026-12-14", "2026-12-21", "2026-12-28", "2027-01-11", "2027-01-18", "2027-01-25"]],
  ])("%s", (_label, startDate, rrule, dates) => {
    const expansion = expand({ localStart: `${startDate}T18:00`, localEnd: `${startDate}T20:00`, rrule });
    expect(startIds(expansion)).toEqual(dates.map(at("18:00")));
  });
});

describe("examples of RFC 5545 §3.8.5.3 (expected lists copied from the RFC)", () => {
  it.each([
    ["every 10 days, 5 occurrences", "1997-09-02", "FREQ=DAILY;INTERVAL=10;COUNT=5",
      ["1997-09-02", "1997-09-12", "1997-09-22", "1997-10-02", "1997-10-12"]],
    ["weekly on Tuesday and Thursday for five weeks", "1997-09-02", "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
      ["1997-09-02", "1997-09-04", "1997-09-09", "1997-09-11", "1997-09-16", "1997-09-18", "1997-09-23", "1997-09-25",
        "1997-09-30", "1997-10-02"]],
    ["every other week on Monday, Wednesday and Friday until 24 December 1997", "1997-09-01",
      "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
      ["1997-09-01", "1997-09-03", "1997-09-05", "1997-09-15", "1997-09-17", "1997-09-19", "1997-09-29", "1997-10-01",
        "1997-10-03", "1997-10-13", "1997-10-15", "1997-10-17", "1997-10-27", "1997-10-29", "1997-10-31", "1997-11-10",
        "1997-11-12", "1997-11-14", "1997-11-24", "1997-11-26", "1997-11-28", "1997-12-08", "1997-12-10", "1997-12-12",
        "1997-12-22"]],
    ["every other week on Tuesday and Sunday, week starting on Monday", "1997-08-05",
      "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
      ["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"]],
    ["the same, week starting on Sunday", "1997-08-05", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
      ["1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"]],
    ["monthly on the first Friday until 24 December 1997", "1997-09-05", "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR",
      ["1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05"]],
    ["every other month on the first and last Sunday, 10 occurrences", "1997-09-07",
      "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
      ["1997-09-07", "1997-09-28", "1997-11-02", "1997-11-30", "1998-01-04", "1998-01-25", "1998-03-01", "1998-03-29",
        "1998-05-03", "1998-05-31"]],
    ["monthly on the second-to-last Monday, 6 months", "1997-09-22", "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
      ["1997-09-22", "1997-10-20", "1997-11-17", "1997-12-22", "1998-01-19", "1998-02-16"]],
    ["monthly on the third-to-last day", "1997-09-28", "FREQ=MONTHLY;BYMONTHDAY=-3;COUNT=6",
      ["1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29", "1998-01-29", "1998-02-26"]],
    ["monthly on the 2nd and 15th, 10 occurrences", "1997-09-02", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
      ["1997-09-02", "1997-09-15", "1997-10-02", "1997-10-15", "1997-11-02", "1997-11-15", "1997-12-02", "1997-12-15",
        "1998-01-02", "1998-01-15"]],
    ["monthly on the first and last day, 10 occurrences", "1997-09-30", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1",
      ["1997-09-30", "1997-10-01", "1997-10-31", "1997-11-01", "1997-11-30", "1997-12-01", "1997-12-31", "1998-01-01",
        "1998-01-31", "1998-02-01"]],
    ["every 18 months on the 10th to the 15th, 10 occurrences", "1997-09-10",
      "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15",
      ["1997-09-10", "1997-09-11", "1997-09-12", "1997-09-13", "1997-09-14", "1997-09-15", "1999-03-10", "1999-03-11",
        "1999-03-12", "1999-03-13"]],
    ["the third of Tuesday, Wednesday or Thursday, 3 months", "1997-09-04", "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
      ["1997-09-04", "1997-10-07", "1997-11-06"]],
    ["the second-to-last weekday of the month", "1997-09-29", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2;COUNT=7",
      ["1997-09-29", "1997-10-30", "1997-11-27", "1997-12-30", "1998-01-29", "1998-02-26", "1998-03-30"]],
    ["yearly in June and July, 10 occurrences", "1997-06-10", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7",
      ["1997-06-10", "1997-07-10", "1998-06-10", "1998-07-10", "1999-06-10", "1999-07-10", "2000-06-10", "2000-07-10",
        "2001-06-10", "2001-07-10"]],
    ["every 20th Monday of the year", "1997-05-19", "FREQ=YEARLY;BYDAY=20MO;COUNT=3",
      ["1997-05-19", "1998-05-18", "1999-05-17"]],
    ["every Thursday in March", "1997-03-13", "FREQ=YEARLY;BYMONTH=3;BYDAY=TH;COUNT=11",
      ["1997-03-13", "1997-03-20", "1997-03-27", "1998-03-05", "1998-03-12", "1998-03-19", "1998-03-26", "1999-03-04",
        "1999-03-11", "1999-03-18", "1999-03-25"]],
  ])("%s", (_label, startDate, rrule, dates) => {
    const expansion = expand({ localStart: `${startDate}T09:00`, localEnd: `${startDate}T10:00`, rrule });
    expect(startIds(expansion)).toEqual(dates.map(at("09:00")));
  });
});

describe("UNTIL and COUNT", () => {
  const weeklyTuesday = (rrule: string) =>
    startIds(expand({ localStart: "2027-03-02T14:00", localEnd: "2027-03-02T16:00", rrule }));

  it.each([
    ["COUNT=3", "FREQ=WEEKLY;BYDAY=TU;COUNT=3", ["2027-03-02", "2027-03-09", "2027-03-16"]],
    ["UNTIL at the end of the last day", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270316T235959", ["2027-03-02", "2027-03-09", "2027-03-16"]],
    ["UNTIL as a date alone (end of that day)", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270316", ["2027-03-02", "2027-03-09", "2027-03-16"]],
    ["UNTIL exactly at the last start is inclusive", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270316T140000", ["2027-03-02", "2027-03-09", "2027-03-16"]],
    ["UNTIL one second before the last start", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270316T135959", ["2027-03-02", "2027-03-09"]],
    ["UNTIL in UTC, 13:00Z = 14:00 Paris", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270316T130000Z", ["2027-03-02", "2027-03-09", "2027-03-16"]],
    ["UNTIL in UTC, one second earlier", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270316T125959Z", ["2027-03-02", "2027-03-09"]],
    ["UNTIL on the day of DTSTART", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270302T235959", ["2027-03-02"]],
    ["COUNT=1", "FREQ=WEEKLY;BYDAY=TU;COUNT=1", ["2027-03-02"]],
  ])("%s", (_label, rrule, dates) => {
    expect(weeklyTuesday(rrule)).toEqual(dates.map(at("14:00")));
  });
});

describe("intervals", () => {
  it.each([
    ["every 2 weeks on Tuesday and Thursday", "2027-03-23", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10",
      ["2027-03-23", "2027-03-25", "2027-04-06", "2027-04-08", "2027-04-20", "2027-04-22", "2027-05-04", "2027-05-06",
        "2027-05-18", "2027-05-20"]],
    ["the same, starting on the Thursday", "2027-03-25", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4",
      ["2027-03-25", "2027-04-06", "2027-04-08", "2027-04-20"]],
    ["every 2 days", "2027-03-27", "FREQ=DAILY;INTERVAL=2;COUNT=4", ["2027-03-27", "2027-03-29", "2027-03-31", "2027-04-02"]],
    ["every 3 weeks without BYDAY (weekday of DTSTART)", "2027-03-23", "FREQ=WEEKLY;INTERVAL=3;COUNT=3",
      ["2027-03-23", "2027-04-13", "2027-05-04"]],
    ["every 2 months on the 15th", "2027-01-15", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15;COUNT=3",
      ["2027-01-15", "2027-03-15", "2027-05-15"]],
    ["every 2 years", "2027-07-14", "FREQ=YEARLY;INTERVAL=2;COUNT=3", ["2027-07-14", "2029-07-14", "2031-07-14"]],
    ["weekdays only, daily", "2027-03-26", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=4",
      ["2027-03-26", "2027-03-29", "2027-03-30", "2027-03-31"]],
    ["Saturdays in July and August only", "2027-07-03", "FREQ=WEEKLY;BYDAY=SA;BYMONTH=7,8;COUNT=10",
      ["2027-07-03", "2027-07-10", "2027-07-17", "2027-07-24", "2027-07-31", "2027-08-07", "2027-08-14", "2027-08-21",
        "2027-08-28", "2028-07-01"]],
  ])("%s", (_label, startDate, rrule, dates) => {
    const expansion = expand({ localStart: `${startDate}T14:00`, localEnd: `${startDate}T16:00`, rrule });
    expect(startIds(expansion)).toEqual(dates.map(at("14:00")));
  });
});

describe("exdates", () => {
  const base = { localStart: "2027-03-02T14:00", localEnd: "2027-03-02T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=10" };

  it("are applied after COUNT: COUNT=10 with one exdate yields 9", () => {
    expect(startIds(expand({ ...base, exdates: ["2027-03-16T14:00"] }))).toEqual(
      ["2027-03-02", "2027-03-09", "2027-03-23", "2027-03-30", "2027-04-06", "2027-04-13", "2027-04-20", "2027-04-27", "2027-05-04"].map(
        at("14:00"),
      ),
    );
  });

  it("can remove the first occurrence", () => {
    expect(startIds(expand({ ...base, exdates: ["2027-03-02T14:00"] }))[0]).toBe("2027-03-09T14:00");
  });

  it.each([
    ["another time of day", "2027-03-16T15:00"],
    ["another day", "2027-03-17T14:00"],
    ["after the end of the series", "2027-05-11T14:00"],
  ])("ignore an exdate at %s", (_label, exdate) => {
    expect(startIds(expand({ ...base, exdates: [exdate] }))).toHaveLength(10);
  });
});

describe("multi-day events", () => {
  it("keeps a Friday 18:00 → Sunday 18:00 weekend on the wall clock across the spring change", () => {
    const expansion = expand({ localStart: "2027-03-19T18:00", localEnd: "2027-03-21T18:00", rrule: "FREQ=WEEKLY;COUNT=3" });
    expect(rows(expansion)).toEqual([
      ["2027-03-19T18:00", "2027-03-21T18:00", "2027-03-19T17:00:00.000Z", "2027-03-21T17:00:00.000Z"],
      ["2027-03-26T18:00", "2027-03-28T18:00", "2027-03-26T17:00:00.000Z", "2027-03-28T16:00:00.000Z"],
      ["2027-04-02T18:00", "2027-04-04T18:00", "2027-04-02T16:00:00.000Z", "2027-04-04T16:00:00.000Z"],
    ]);
  });

  it("includes an occurrence that started before the window and is still running", () => {
    const expansion = expandOccurrences({
      localStart: "2027-03-19T18:00",
      localEnd: "2027-03-21T18:00",
      rrule: "FREQ=WEEKLY;COUNT=3",
      from: new Date("2027-03-27T12:00:00Z"),
      until: new Date("2027-04-01T00:00:00Z"),
    });
    expect(startIds(expansion)).toEqual(["2027-03-26T18:00"]);
  });

  it("reports a multi-day occurrence ending in the gap", () => {
    const expansion = expand({ localStart: "2027-03-20T02:30", localEnd: "2027-03-21T02:30", rrule: "FREQ=WEEKLY;COUNT=2" });
    expect(rows(expansion)).toEqual([
      ["2027-03-20T02:30", "2027-03-21T02:30", "2027-03-20T01:30:00.000Z", "2027-03-21T01:30:00.000Z"],
    ]);
    expect(expansion.invalid.map((o) => [o.recurrenceId, o.reason])).toEqual([["2027-03-27T02:30", "DST_GAP"]]);
    expect(expansion.invalid[0].message).toContain("L'heure de fin n'existe pas à Paris");
  });
});

describe("one-off bookings", () => {
  it.each([undefined, null, ""])("a booking with rrule %s has a single occurrence", (rrule) => {
    const expansion = expand({ localStart: "2027-03-23T14:00", localEnd: "2027-03-23T16:00", rrule });
    expect(rows(expansion)).toEqual([
      ["2027-03-23T14:00", "2027-03-23T16:00", "2027-03-23T13:00:00.000Z", "2027-03-23T15:00:00.000Z"],
    ]);
    expect(expansion).toMatchObject({ invalid: [], truncated: false });
  });

  it("a one-off booking in the gap is reported invalid", () => {
    const expansion = expand({ localStart: "2027-03-28T02:00", localEnd: "2027-03-28T04:00" });
    expect(expansion.occurrences).toEqual([]);
    expect(expansion.invalid.map((o) => o.recurrenceId)).toEqual(["2027-03-28T02:00"]);
  });

  it("a one-off booking outside the window gives nothing", () => {
    const expansion = expandOccurrences({
      localStart: "2027-03-23T14:00",
      localEnd: "2027-03-23T16:00",
      from: new Date("2027-03-23T15:00:00Z"),
      until: FAR,
    });
    expect(expansion).toEqual({ occurrences: [], invalid: [], truncated: false });
  });
});

describe("window, horizon and truncation", () => {
  const unboundedTuesdays = { localStart: "2027-03-02T14:00", localEnd: "2027-03-02T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU" };

  it.each([
    ["June", "2027-06-01T00:00:00Z", "2027-06-30T00:00:00Z", ["2027-06-01", "2027-06-08", "2027-06-15", "2027-06-22", "2027-06-29"]],
    ["the window end is exclusive", "2027-06-01T00:00:00Z", "2027-06-29T12:00:00Z", ["2027-06-01", "2027-06-08", "2027-06-15", "2027-06-22"]],
    ["an occurrence ending at the window start is out", "2027-06-01T14:00:00Z", "2027-06-16T00:00:00Z", ["2027-06-08", "2027-06-15"]],
    ["an occurrence still running at the window start is in", "2027-06-01T13:59:00Z", "2027-06-09T00:00:00Z", ["2027-06-01", "2027-06-08"]],
    ["a window before the series", "2026-01-01T00:00:00Z", "2027-03-01T00:00:00Z", []],
  ])("%s", (_label, from, until, dates) => {
    const expansion = expandOccurrences({ ...unboundedTuesdays, from: new Date(from), until: new Date(until) });
    expect(startIds(expansion)).toEqual(dates.map(at("14:00")));
    expect(expansion.truncated).toBe(false);
  });

  it("stops at maxOccurrences and says so", () => {
    const expansion = expandOccurrences({ ...unboundedTuesdays, until: FAR, maxOccurrences: 3 });
    expect(startIds(expansion)).toEqual(["2027-03-02", "2027-03-09", "2027-03-16"].map(at("14:00")));
    expect(expansion.truncated).toBe(true);
  });

  it("is not truncated when the series ends before maxOccurrences", () => {
    const expansion = expandOccurrences({ ...unboundedTuesdays, rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3", until: FAR, maxOccurrences: 3 });
    expect(expansion.occurrences).toHaveLength(3);
    expect(expansion.truncated).toBe(false);
  });

  it("never returns more than MAX_OCCURRENCES", () => {
    const expansion = expandOccurrences({
      localStart: "2027-01-01T09:00",
      localEnd: "2027-01-01T10:00",
      rrule: "FREQ=DAILY",
      until: FAR,
      maxOccurrences: 10_000,
    });
    expect(expansion.occurrences).toHaveLength(520);
    expect(expansion.occurrences[519].recurrenceId).toBe("2028-06-03T09:00");
    expect(expansion.truncated).toBe(true);
  });

  it("never expands a series beyond MAX_HORIZON_YEARS after its start", () => {
    const expansion = expandOccurrences({
      localStart: "2027-06-01T09:00",
      localEnd: "2027-06-01T10:00",
      rrule: "FREQ=YEARLY",
      until: new Date("2060-01-01T00:00:00Z"),
    });
    expect(startIds(expansion)).toEqual(
      ["2027", "2028", "2029", "2030", "2031", "2032", "2033", "2034", "2035", "2036", "2037"].map((year) => `${year}-06-01T09:00`),
    );
    expect(expansion.truncated).toBe(true);
  });

  it("is not truncated by the horizon when the window ends before it", () => {
    const expansion = expandOccurrences({
      localStart: "2027-06-01T09:00",
      localEnd: "2027-06-01T10:00",
      rrule: "FREQ=YEARLY",
      until: new Date("2030-01-01T00:00:00Z"),
    });
    expect(startIds(expansion)).toEqual(["2027-06-01T09:00", "2028-06-01T09:00", "2029-06-01T09:00"]);
    expect(expansion.truncated).toBe(false);
  });

  it("returns quickly for a rule that matches nothing (rrule.js would loop to the year 9999)", () => {
    const started = performance.now();
    const expansion = expandOccurrences({
      localStart: "2027-03-23T14:00",
      localEnd: "2027-03-23T16:00",
      rrule: "FREQ=DAILY;INTERVAL=7;BYDAY=MO",
      until: FAR,
    });
    expect(expansion.occurrences).toEqual([]);
    expect(expansion.truncated).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("expandOccurrences refuses unvalidated input", () => {
  it.each([
    ["a malformed start", { localStart: "2027-03-23 14:00", localEnd: "2027-03-23T16:00" }],
    ["a malformed end", { localStart: "2027-03-23T14:00", localEnd: "2027-03-23T25:00" }],
    ["an end before the start", { localStart: "2027-03-23T14:00", localEnd: "2027-03-23T13:00" }],
    ["an empty range", { localStart: "2027-03-23T14:00", localEnd: "2027-03-23T14:00" }],
    ["an invalid rule", { localStart: "2027-03-23T14:00", localEnd: "2027-03-23T16:00", rrule: "FREQ=HOURLY" }],
    ["maxOccurrences 0", { localStart: "2027-03-23T14:00", localEnd: "2027-03-23T16:00", maxOccurrences: 0 }],
    ["an invalid horizon", { localStart: "2027-03-23T14:00", localEnd: "2027-03-23T16:00", until: new Date("nope") }],
  ])("throws RangeError on %s", (_label, input) => {
    expect(() => expand(input)).toThrow(RangeError);
  });
});

describe("parseRRule", () => {
  it.each([
    ["FREQ=WEEKLY;BYDAY=TU;COUNT=20", "FREQ=WEEKLY;BYDAY=TU;COUNT=20"],
    ["RRULE:FREQ=WEEKLY;BYDAY=TH,TU;INTERVAL=2;COUNT=10", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10"],
    ["freq=monthly;bysetpos=2;byday=tu;until=20270630T235959", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959"],
    ["FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959"],
    ["FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T120000Z", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T140000"],
    ["FREQ=WEEKLY;BYDAY=TU;UNTIL=20271215T120000Z", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271215T130000"],
    ["FREQ=DAILY;INTERVAL=1;COUNT=3", "FREQ=DAILY;COUNT=3"],
    ["FREQ=WEEKLY;WKST=MO;BYDAY=MO;COUNT=2", "FREQ=WEEKLY;BYDAY=MO;COUNT=2"],
    ["FREQ=WEEKLY;WKST=SU;BYDAY=SU,MO;INTERVAL=2;COUNT=4", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU;COUNT=4"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1,15,1,15;COUNT=3", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1;COUNT=3"],
    ["FREQ=MONTHLY;BYDAY=+2TU,-1FR;COUNT=3", "FREQ=MONTHLY;BYDAY=2TU,-1FR;COUNT=3"],
    ["FREQ=YEARLY;BYMONTH=7,6;BYDAY=2TU;COUNT=3", "FREQ=YEARLY;BYMONTH=6,7;BYDAY=2TU;COUNT=3"],
    ["  FREQ=DAILY;COUNT=3;  ", "FREQ=DAILY;COUNT=3"],
    ["FREQ=DAILY;COUNT=520", "FREQ=DAILY;COUNT=520"],
    ["FREQ=WEEKLY;INTERVAL=52;BYDAY=MO;COUNT=2", "FREQ=WEEKLY;INTERVAL=52;BYDAY=MO;COUNT=2"],
  ])("accepts %s as %s", (input, canonical) => {
    const result = parseRRule(input);
    expect(result).toMatchObject({ ok: true, rrule: canonical });
  });

  it("returns the parsed rule", () => {
    const result = parseRRule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959");
    expect(result).toEqual({
      ok: true,
      rrule: "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959",
      rule: {
        freq: "MONTHLY",
        interval: 1,
        byMonth: [],
        byMonthDay: [],
        byDay: [{ weekday: "TU" }],
        bySetPos: [2],
        wkst: "MO",
        until: "2027-06-30T23:59:59",
      } satisfies RecurrenceRule,
    });
  });

  it.each([
    ["FREQ=HOURLY;COUNT=3", "FREQ=HOURLY n'est pas accepté : une réservation se répète au plus une fois par jour."],
    ["FREQ=MINUTELY;COUNT=3", "FREQ=MINUTELY n'est pas accepté : une réservation se répète au plus une fois par jour."],
    ["FREQ=SECONDLY;COUNT=3", "FREQ=SECONDLY n'est pas accepté : une réservation se répète au plus une fois par jour."],
    ["FREQ=FORTNIGHTLY;COUNT=3", "FREQ=FORTNIGHTLY : fréquence inconnue (DAILY, WEEKLY, MONTHLY ou YEARLY)."],
    ["COUNT=3", "FREQ est obligatoire (DAILY, WEEKLY, MONTHLY ou YEARLY)."],
    ["FREQ=WEEKLY;BYDAY=TU", "La récurrence doit avoir une fin : ajoutez COUNT (nombre d'occurrences) ou UNTIL (date de fin)."],
    ["FREQ=WEEKLY;COUNT=521", "COUNT=521 : la valeur doit être un nombre entier entre 1 et 520."],
    ["FREQ=WEEKLY;COUNT=0", "COUNT=0 : la valeur doit être un nombre entier entre 1 et 520."],
    ["FREQ=WEEKLY;COUNT=-1", "COUNT=-1 : la valeur doit être un nombre entier entre 1 et 520."],
    ["FREQ=WEEKLY;COUNT=1.5", "COUNT=1.5 : la valeur doit être un nombre entier entre 1 et 520."],
    ["FREQ=WEEKLY;COUNT=abc", "COUNT=ABC : la valeur doit être un nombre entier entre 1 et 520."],
    ["FREQ=WEEKLY;INTERVAL=0;COUNT=1", "INTERVAL=0 : la valeur doit être un nombre entier entre 1 et 52."],
    ["FREQ=WEEKLY;INTERVAL=53;COUNT=1", "INTERVAL=53 : la valeur doit être un nombre entier entre 1 et 52."],
    ["FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "COUNT et UNTIL ne peuvent pas être utilisés ensemble."],
    ["FREQ=WEEKLY;COUNT=3;COUNT=4", "COUNT apparaît plusieurs fois."],
    ["FREQ=WEEKLY;BYHOUR=3;COUNT=2", "BYHOUR n'est pas pris en charge."],
    ["FREQ=YEARLY;BYWEEKNO=20;COUNT=2", "BYWEEKNO n'est pas pris en charge."],
    ["FREQ=YEARLY;BYYEARDAY=100;COUNT=2", "BYYEARDAY n'est pas pris en charge."],
    ["FREQ=WEEKLY;FOO=1;COUNT=1", "Élément inconnu dans la règle : « FOO »."],
    ["FREQ=WEEKLY;COUNT", "« COUNT » n'est pas de la forme NOM=VALEUR."],
    ["", "La règle de récurrence est vide."],
    ["RRULE:", "La règle de récurrence est vide."],
    ["FREQ=WEEKLY;BYDAY=XX;COUNT=1", "BYDAY=XX : jour inconnu (attendu MO, TU, WE, TH, FR, SA ou SU)."],
    ["FREQ=WEEKLY;BYDAY=TUE;COUNT=1", "BYDAY=TUE : « TUE » n'est pas un jour valide (ex. TU, 2TU, -1FR)."],
    ["FREQ=MONTHLY;BYDAY=0TU;COUNT=1", "BYDAY=0TU : le rang 0 n'existe pas."],
    ["FREQ=MONTHLY;BYDAY=6TU;COUNT=1", "BYDAY : le rang 6 est hors limites (±5 au plus)."],
    ["FREQ=YEARLY;BYDAY=54MO;COUNT=1", "BYDAY : le rang 54 est hors limites (±53 au plus)."],
    ["FREQ=WEEKLY;BYDAY=2TU;COUNT=1", "Un rang dans BYDAY (ex. 2TU) n'est accepté qu'avec FREQ=MONTHLY ou FREQ=YEARLY."],
    ["FREQ=MONTHLY;BYMONTHDAY=32;COUNT=1", "BYMONTHDAY=32 : la valeur doit être un nombre entier entre 1 et 31 ou entre -31 et -1."],
    ["FREQ=MONTHLY;BYMONTHDAY=0;COUNT=1", "BYMONTHDAY=0 : la valeur doit être un nombre entier entre 1 et 31 ou entre -31 et -1."],
    ["FREQ=DAILY;BYMONTHDAY=3;COUNT=3", "BYMONTHDAY n'est accepté qu'avec FREQ=MONTHLY ou FREQ=YEARLY."],
    ["FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=2", "BYMONTHDAY et BYDAY ne peuvent pas être combinés."],
    ["FREQ=MONTHLY;BYMONTH=13;COUNT=1", "BYMONTH=13 : la valeur doit être un nombre entier entre 1 et 12."],
    ["FREQ=MONTHLY;BYSETPOS=2;COUNT=3",
      "BYSETPOS n'est accepté qu'avec FREQ=MONTHLY ou FREQ=YEARLY et une liste BYDAY sans rang (ex. BYDAY=TU;BYSETPOS=2)."],
    ["FREQ=WEEKLY;BYDAY=TU,TH;BYSETPOS=1;COUNT=3",
      "BYSETPOS n'est accepté qu'avec FREQ=MONTHLY ou FREQ=YEARLY et une liste BYDAY sans rang (ex. BYDAY=TU;BYSETPOS=2)."],
    ["FREQ=MONTHLY;UNTIL=2027;COUNT=1", "UNTIL=2027 : date invalide (attendu AAAAMMJJ, AAAAMMJJTHHMMSS ou AAAAMMJJTHHMMSSZ)."],
    ["FREQ=MONTHLY;UNTIL=20270230", "UNTIL=20270230 : date invalide (attendu AAAAMMJJ, AAAAMMJJTHHMMSS ou AAAAMMJJTHHMMSSZ)."],
    ["FREQ=MONTHLY;UNTIL=20270630T246000", "UNTIL=20270630T246000 : date invalide (attendu AAAAMMJJ, AAAAMMJJTHHMMSS ou AAAAMMJJTHHMMSSZ)."],
    ["FREQ=WEEKLY;WKST=XX;COUNT=1", "WKST=XX : jour inconnu (attendu MO, TU, WE, TH, FR, SA ou SU)."],
    ["DTSTART:20270101T000000\nRRULE:FREQ=DAILY;COUNT=2",
      "Une seule règle est attendue, sans DTSTART ni saut de ligne (ex. FREQ=WEEKLY;BYDAY=TU;COUNT=20)."],
    ["FREQ=DAILY;COUNT=2\nEXDATE:20270101T000000",
      "Une seule règle est attendue, sans DTSTART ni saut de ligne (ex. FREQ=WEEKLY;BYDAY=TU;COUNT=20)."],
    [`FREQ=DAILY;COUNT=2;${"X".repeat(500)}`, "La règle de récurrence est trop longue (500 caractères au plus)."],
  ])("refuses %j", (input, message) => {
    expect(parseRRule(input)).toEqual({ ok: false, message });
  });

  it.each([null, undefined, 42, {}, ["FREQ=DAILY"]])("refuses the non-string %j", (input) => {
    expect(parseRRule(input)).toEqual({ ok: false, message: "La règle de récurrence doit être une chaîne de caractères." });
  });

  it("accepts a rule without end when the caller bounds it", () => {
    expect(parseRRule("FREQ=WEEKLY;BYDAY=TU", { allowUnbounded: true })).toMatchObject({ ok: true, rrule: "FREQ=WEEKLY;BYDAY=TU" });
  });

  it("never throws, whatever the input", () => {
    const alphabet = "FREQ=WEKLYDAIMONTHBYSP;,:-+0123456789TZUNCLRX\n ";
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(random() * 60);
      let input = i % 2 === 0 ? "FREQ=" : "";
      for (let j = 0; j < length; j++) input += alphabet[Math.floor(random() * alphabet.length)];
      const result = parseRRule(input, { allowUnbounded: i % 3 === 0 });
      expect(typeof result.ok).toBe("boolean");
      if (result.ok) {
        accepted += 1;
        expect(parseRRule(result.rrule, { allowUnbounded: true })).toMatchObject({ ok: true, rrule: result.rrule });
      } else {
        expect(result.message.length).toBeGreaterThan(0);
      }
    }
    expect(accepted).toBeLessThan(2000);
  });

  describe("with the series' first occurrence", () => {
    it.each([
      ["FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", "2027-03-23T14:00"],
      ["FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959", "2027-01-12T18:00"],
      ["FREQ=YEARLY;COUNT=11", "2027-03-22T14:00"], // the 11th is exactly 10 years later
      ["FREQ=WEEKLY;BYDAY=TU;UNTIL=20270323T140000", "2027-03-23T14:00"], // UNTIL = DTSTART
      ["FREQ=DAILY", "2027-03-23T14:00"], // unbounded, when allowed
    ])("accepts %s from %s", (rrule, localStart) => {
      expect(parseRRule(rrule, { localStart, allowUnbounded: true })).toMatchObject({ ok: true });
    });

    it.each([
      ["FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", "2027-03-22T14:00",
        "La date de début (lundi 22 mars 2027 à 14:00) ne correspond pas à la règle : sa première occurrence serait le mardi 23 mars 2027 à 14:00."],
      ["FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=3", "2027-01-05T18:00",
        "La date de début (mardi 5 janvier 2027 à 18:00) ne correspond pas à la règle : sa première occurrence serait le mardi 12 janvier 2027 à 18:00."],
      ["FREQ=DAILY;UNTIL=20270101", "2027-03-22T14:00",
        "La fin de la récurrence (1er janvier 2027) précède son début (lundi 22 mars 2027 à 14:00)."],
      ["FREQ=DAILY;UNTIL=20300101", "2027-03-22T14:00",
        "Cette récurrence compterait plus de 520 occurrences : choisissez une date de fin plus proche."],
      ["FREQ=YEARLY;COUNT=12", "2027-03-22T14:00", "La récurrence ne peut pas s'étendre sur plus de 10 ans après son début."],
      ["FREQ=YEARLY;UNTIL=20400101", "2027-03-22T14:00", "La récurrence ne peut pas s'étendre sur plus de 10 ans après son début."],
      ["FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31;COUNT=2", "2027-04-30T14:00",
        "Cette règle ne produit aucune occurrence dans les 10 ans suivant le début."],
      ["FREQ=DAILY;COUNT=2", "2027-03-22",
        "Date et heure invalides : « 2027-03-22 » (format attendu : AAAA-MM-JJTHH:mm, par exemple 2027-03-23T14:00)."],
    ])("refuses %s from %s", (rrule, localStart, message) => {
      expect(parseRRule(rrule, { localStart })).toEqual({ ok: false, message });
    });
  });
});

describe("recurrence form", () => {
  const forms: Array<[string, RecurrenceForm, string]> = [
    ["every day, 5 times", { frequency: "DAILY", interval: 1, end: { kind: "count", count: 5 } }, "FREQ=DAILY;COUNT=5"],
    ["every 2 weeks on Tuesday and Thursday",
      { frequency: "WEEKLY", interval: 2, weekdays: ["TU", "TH"], end: { kind: "count", count: 10 } },
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10"],
    ["2nd Tuesday until 30 June 2027",
      { frequency: "MONTHLY_BY_POSITION", interval: 1, position: 2, weekday: "TU", end: { kind: "until", until: "2027-06-30" } },
      "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959"],
    ["last Friday, 12 times",
      { frequency: "MONTHLY_BY_POSITION", interval: 1, position: -1, weekday: "FR", end: { kind: "count", count: 12 } },
      "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=12"],
    ["the 31st, 7 times",
      { frequency: "MONTHLY_BY_DAY", interval: 1, dayOfMonth: 31, end: { kind: "count", count: 7 } },
      "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=7"],
    ["the last day every 3 months",
      { frequency: "MONTHLY_BY_DAY", interval: 3, dayOfMonth: -1, end: { kind: "until", until: "2028-12-31" } },
      "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;UNTIL=20281231T235959"],
  ];

  it.each(forms)("%s: the schema accepts it and toRRule gives the rule", (_label, form, rrule) => {
    expect(recurrenceFormSchema.parse(form)).toEqual(form);
    expect(toRRule(form)).toBe(rrule);
  });

  it.each(forms)("%s: rruleToForm gives the form back", (_label, form, rrule) => {
    expect(rruleToForm(rrule)).toEqual(form);
  });

  it("orders and deduplicates weekdays", () => {
    expect(toRRule({ frequency: "WEEKLY", interval: 1, weekdays: ["SU", "TH", "TU", "TH"], end: { kind: "count", count: 3 } })).toBe(
      "FREQ=WEEKLY;BYDAY=TU,TH,SU;COUNT=3",
    );
  });

  it.each([
    ["BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2TU;COUNT=3",
      { frequency: "MONTHLY_BY_POSITION", interval: 1, position: 2, weekday: "TU", end: { kind: "count", count: 3 } }],
    ["yearly", "FREQ=YEARLY;COUNT=3", null],
    ["no end", "FREQ=WEEKLY;BYDAY=TU", null],
    ["UNTIL not at the end of a day", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T140000", null],
    ["interval above the form's maximum", "FREQ=DAILY;INTERVAL=13;COUNT=3", null],
    ["BYMONTH", "FREQ=WEEKLY;BYDAY=SA;BYMONTH=7,8;COUNT=3", null],
    ["several positions", "FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=3", null],
    ["BYSETPOS over several weekdays", "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1;COUNT=3", null],
    ["weekly without BYDAY", "FREQ=WEEKLY;COUNT=3", null],
    ["garbage", "garbage", null],
  ])("rruleToForm with %s", (_label, rrule, form) => {
    expect(rruleToForm(rrule)).toEqual(form);
  });

  it.each([
    ["no weekday", { frequency: "WEEKLY", interval: 1, weekdays: [], end: { kind: "count", count: 3 } },
      "weekdays", "Choisissez au moins un jour de la semaine."],
    ["missing weekdays", { frequency: "WEEKLY", interval: 1, end: { kind: "count", count: 3 } },
      "weekdays", "Choisissez au moins un jour de la semaine."],
    ["an unknown weekday", { frequency: "MONTHLY_BY_POSITION", interval: 1, position: 2, weekday: "XX", end: { kind: "count", count: 3 } },
      "weekday", "Jour de la semaine invalide."],
    ["interval 13", { frequency: "DAILY", interval: 13, end: { kind: "count", count: 3 } },
      "interval", "L'intervalle ne peut pas dépasser 12."],
    ["interval 0", { frequency: "DAILY", interval: 0, end: { kind: "count", count: 3 } },
      "interval", "L'intervalle doit être d'au moins 1."],
    ["interval 1.5", { frequency: "DAILY", interval: 1.5, end: { kind: "count", count: 3 } },
      "interval", "L'intervalle doit être un nombre entier."],
    ["interval as text", { frequency: "DAILY", interval: "2", end: { kind: "count", count: 3 } },
      "interval", "L'intervalle doit être un nombre."],
    ["no interval", { frequency: "DAILY", end: { kind: "count", count: 3 } },
      "interval", "Indiquez l'intervalle de répétition."],
    ["an unknown frequency", { frequency: "HOURLY", interval: 1, end: { kind: "count", count: 3 } },
      "frequency", "Choisissez une fréquence : chaque jour, chaque semaine ou chaque mois."],
    ["position 5", { frequency: "MONTHLY_BY_POSITION", interval: 1, position: 5, weekday: "TU", end: { kind: "count", count: 3 } },
      "position", "Choisissez la position : 1er, 2e, 3e, 4e ou dernier."],
    ["day of month 0", { frequency: "MONTHLY_BY_DAY", interval: 1, dayOfMonth: 0, end: { kind: "count", count: 3 } },
      "dayOfMonth", "Le jour du mois doit être compris entre 1 et 31 (ou « dernier jour »)."],
    ["day of month 32", { frequency: "MONTHLY_BY_DAY", interval: 1, dayOfMonth: 32, end: { kind: "count", count: 3 } },
      "dayOfMonth", "Le jour du mois doit être compris entre 1 et 31 (ou « dernier jour »)."],
    ["count 0", { frequency: "DAILY", interval: 1, end: { kind: "count", count: 0 } },
      "end.count", "Il faut au moins 1 occurrence."],
    ["count 521", { frequency: "DAILY", interval: 1, end: { kind: "count", count: 521 } },
      "end.count", "520 occurrences au plus."],
    ["an impossible end date", { frequency: "DAILY", interval: 1, end: { kind: "until", until: "2027-02-30" } },
      "end.until", "Date de fin invalide (format attendu : AAAA-MM-JJ)."],
    ["no end date", { frequency: "DAILY", interval: 1, end: { kind: "until" } },
      "end.until", "Indiquez la date de fin."],
    ["an unknown end", { frequency: "DAILY", interval: 1, end: { kind: "never" } },
      "end.kind", "Choisissez la fin de la récurrence : un nombre d'occurrences ou une date."],
    ["no end", { frequency: "DAILY", interval: 1 },
      "end", "Choisissez la fin de la récurrence : un nombre d'occurrences ou une date."],
  ])("the schema refuses %s in French", (_label, input, path, message) => {
    const result = recurrenceFormSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([[path, message]]);
  });

  it("recurrenceFromForm checks the rule against the first occurrence", () => {
    const form: RecurrenceForm = { frequency: "WEEKLY", interval: 2, weekdays: ["TU", "TH"], end: { kind: "count", count: 10 } };
    expect(recurrenceFromForm(form, "2027-03-23T14:00")).toMatchObject({ ok: true, rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10" });
    expect(recurrenceFromForm(form, "2027-03-22T14:00")).toEqual({
      ok: false,
      message:
        "La date de début (lundi 22 mars 2027 à 14:00) ne correspond pas à la règle : sa première occurrence serait le mardi 23 mars 2027 à 14:00.",
    });
    expect(recurrenceFromForm({ ...form, end: { kind: "until", until: "2027-03-01" } }, "2027-03-23T14:00")).toEqual({
      ok: false,
      message: "La fin de la récurrence (1er mars 2027) précède son début (mardi 23 mars 2027 à 14:00).",
    });
  });
});

describe("describeRRule", () => {
  it.each([
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10", undefined, "toutes les 2 semaines le mardi et le jeudi, 10 fois"],
    ["FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959", undefined, "le 2e mardi de chaque mois jusqu'au 30 juin 2027"],
    ["FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630T235959", undefined, "le 2e mardi de chaque mois jusqu'au 30 juin 2027"],
    ["FREQ=WEEKLY;BYDAY=TU;COUNT=1", undefined, "chaque semaine le mardi, une seule fois"],
    ["FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270701T235959", undefined,
      "chaque semaine le lundi, le mercredi et le vendredi jusqu'au 1er juillet 2027"],
    ["FREQ=WEEKLY;BYDAY=TU", undefined, "chaque semaine le mardi, sans date de fin"],
    ["FREQ=WEEKLY;COUNT=4", "2027-03-23T14:00", "chaque semaine le mardi, 4 fois"],
    ["FREQ=DAILY;COUNT=5", undefined, "tous les jours, 5 fois"],
    ["FREQ=DAILY;INTERVAL=3;UNTIL=20270701T120000", undefined, "tous les 3 jours jusqu'au 1er juillet 2027 à 12:00"],
    ["FREQ=DAILY;BYDAY=MO,TU;COUNT=20", undefined, "tous les jours, uniquement le lundi et le mardi, 20 fois"],
    ["FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=12", undefined, "le dernier vendredi de chaque mois, 12 fois"],
    ["FREQ=MONTHLY;BYDAY=1MO;COUNT=12", undefined, "le 1er lundi de chaque mois, 12 fois"],
    ["FREQ=MONTHLY;BYDAY=-2TH,3MO;COUNT=3", undefined, "le 3e lundi et l'avant-dernier jeudi de chaque mois, 3 fois"],
    ["FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3", undefined,
      "le dernier lundi, mardi, mercredi, jeudi ou vendredi de chaque mois, 3 fois"],
    ["FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15;COUNT=6", undefined, "le 15, tous les 2 mois, 6 fois"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6", undefined, "le dernier jour de chaque mois, 6 fois"],
    ["FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=6", undefined, "le 1er et le 15 de chaque mois, 6 fois"],
    ["FREQ=MONTHLY;COUNT=3", "2027-01-31T10:00", "le 31 de chaque mois, 3 fois"],
    ["FREQ=MONTHLY;COUNT=3", undefined, "chaque mois, 3 fois"],
    ["FREQ=MONTHLY;BYDAY=MO;COUNT=3", undefined, "tous les lundis, 3 fois"],
    ["FREQ=WEEKLY;BYDAY=SA;BYMONTH=7,8;COUNT=3", undefined, "chaque semaine le samedi, uniquement en juillet et août, 3 fois"],
    ["FREQ=YEARLY;COUNT=3", "2027-07-14T10:00", "chaque année, le 14 juillet, 3 fois"],
    ["FREQ=YEARLY;INTERVAL=2;COUNT=3", "2027-10-05T10:00", "tous les 2 ans, le 5 octobre, 3 fois"],
    ["FREQ=YEARLY;BYMONTH=6;BYDAY=2TU;COUNT=3", undefined, "chaque année, le 2e mardi de juin, 3 fois"],
    ["FREQ=YEARLY;BYMONTH=4;BYDAY=-1FR;COUNT=3", undefined, "chaque année, le dernier vendredi d'avril, 3 fois"],
    ["FREQ=YEARLY;BYMONTH=6,7;BYMONTHDAY=14;COUNT=3", undefined, "chaque année, le 14 des mois de juin et juillet, 3 fois"],
    ["FREQ=YEARLY;BYDAY=20MO;COUNT=3", undefined, "chaque année, le 20e lundi de l'année, 3 fois"],
    ["not a rule", undefined, "Règle de récurrence non valide"],
  ])("%s → %s", (rrule, localStart, expected) => {
    expect(describeRRule(rrule, localStart)).toBe(expected);
  });
});

describe("untilToUtc", () => {
  it.each([
    ["summer: 23:59:59 +02:00", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T215959Z"],
    ["winter: 23:59:59 +01:00", "FREQ=DAILY;UNTIL=20271231T235959", "FREQ=DAILY;UNTIL=20271231T225959Z"],
    ["inside the spring gap: the last second before it", "FREQ=DAILY;UNTIL=20270328T023000", "FREQ=DAILY;UNTIL=20270328T005959Z"],
    ["inside the autumn fold: the first pass", "FREQ=DAILY;UNTIL=20271031T023000", "FREQ=DAILY;UNTIL=20271031T003000Z"],
    ["no UNTIL: canonical rule unchanged", "FREQ=DAILY;INTERVAL=1;COUNT=2", "FREQ=DAILY;COUNT=2"],
    ["UTC in, UTC out", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T120000Z", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T120000Z"],
  ])("%s", (_label, rrule, expected) => {
    expect(untilToUtc(rrule)).toBe(expected);
  });

  it("keeps the last occurrence and excludes the next one, in instants", () => {
    // Weekly Tuesday 14:00 (12:00Z in June) until 29 June end of day.
    const utcRule = untilToUtc("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T235959");
    expect(utcRule).toBe("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T215959Z");
    const until = new Date("2027-06-29T21:59:59Z");
    expect(new Date("2027-06-29T12:00:00Z") <= until && new Date("2027-07-06T12:00:00Z") > until).toBe(true);
  });

  it("throws on an invalid rule", () => {
    expect(() => untilToUtc("FREQ=HOURLY")).toThrow(RangeError);
  });
});

describe("splitSeries", () => {
  it("count-based: before ends with UNTIL the day before, after keeps the remaining COUNT", () => {
    expect(
      splitSeries({
        localStart: "2027-03-02T14:00",
        rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=10",
        atRecurrenceId: "2027-03-23T14:00",
        exdates: ["2027-04-06T14:00", "2027-03-09T14:00"],
      }),
    ).toEqual({
      ok: true,
      before: { localStart: "2027-03-02T14:00", rrule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270322T235959", exdates: ["2027-03-09T14:00"] },
      after: { localStart: "2027-03-23T14:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=7", exdates: ["2027-04-06T14:00"] },
    });
  });

  it("until-based: after keeps the original UNTIL", () => {
    expect(
      splitSeries({
        localStart: "2027-01-12T18:00",
        rrule: "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959",
        atRecurrenceId: "2027-04-13T18:00",
      }),
    ).toEqual({
      ok: true,
      before: { localStart: "2027-01-12T18:00", rrule: "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270412T235959", exdates: [] },
      after: { localStart: "2027-04-13T18:00", rrule: "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;UNTIL=20270630T235959", exdates: [] },
    });
  });

  it("unbounded, every 2 weeks, split on a Thursday", () => {
    const result = splitSeries({ localStart: "2027-03-23T14:00", rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", atRecurrenceId: "2027-04-08T14:00" });
    expect(result).toEqual({
      ok: true,
      before: { localStart: "2027-03-23T14:00", rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270407T235959", exdates: [] },
      after: { localStart: "2027-04-08T14:00", rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", exdates: [] },
    });
    const after = expand({ localStart: "2027-04-08T14:00", localEnd: "2027-04-08T16:00", rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", until: new Date("2027-05-01T00:00:00Z") });
    expect(startIds(after)).toEqual(["2027-04-08", "2027-04-20", "2027-04-22"].map(at("14:00")));
  });

  it("at the first occurrence: nothing before", () => {
    expect(splitSeries({ localStart: "2027-03-02T14:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=10", atRecurrenceId: "2027-03-02T14:00" })).toEqual({
      ok: true,
      before: null,
      after: { localStart: "2027-03-02T14:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=10", exdates: [] },
    });
  });

  it("at the last occurrence: COUNT=1 after", () => {
    const result = splitSeries({ localStart: "2027-03-02T14:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=10", atRecurrenceId: "2027-05-04T14:00" });
    expect(result).toMatchObject({ ok: true, after: { localStart: "2027-05-04T14:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=1" } });
  });

  it("at an exdated occurrence", () => {
    const result = splitSeries({
      localStart: "2027-03-02T14:00",
      rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=10",
      atRecurrenceId: "2027-03-16T14:00",
      exdates: ["2027-03-16T14:00"],
    });
    expect(result).toMatchObject({ ok: true, after: { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=8", exdates: ["2027-03-16T14:00"] } });
  });

  it.each([
    ["not an occurrence", "FREQ=WEEKLY;BYDAY=TU;COUNT=10", "2027-03-24T14:00",
      "Le mercredi 24 mars 2027 à 14:00 n'est pas une occurrence de cette série."],
    ["after the end", "FREQ=WEEKLY;BYDAY=TU;COUNT=10", "2027-05-11T14:00",
      "Le mardi 11 mai 2027 à 14:00 n'est pas une occurrence de cette série."],
    ["before the start", "FREQ=WEEKLY;BYDAY=TU;COUNT=10", "2027-02-23T14:00",
      "Le mardi 23 février 2027 à 14:00 n'est pas une occurrence de cette série."],
    ["an invalid rule", "FREQ=HOURLY", "2027-03-09T14:00",
      "FREQ=HOURLY n'est pas accepté : une réservation se répète au plus une fois par jour."],
    ["a malformed split point", "FREQ=WEEKLY;BYDAY=TU;COUNT=10", "2027-03-09",
      "Date et heure invalides : « 2027-03-09 » (format attendu : AAAA-MM-JJTHH:mm, par exemple 2027-03-23T14:00)."],
  ])("refuses %s", (_label, rrule, atRecurrenceId, message) => {
    expect(splitSeries({ localStart: "2027-03-02T14:00", rrule, atRecurrenceId })).toEqual({ ok: false, message });
  });
});

// ---------------------------------------------------------------------------------------------
// Property-style checks over many generated rules
// ---------------------------------------------------------------------------------------------

/** Deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T,>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const some = <T,>(items: readonly T[]): T[] => {
    for (;;) {
      const chosen = items.filter(() => next() < 0.3);
      if (chosen.length) return chosen;
    }
  };
  return { next, int, pick, some };
}

const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

interface GeneratedSeries {
  localStart: string;
  localEnd: string;
  rrule: string;
}

/** A random valid series. BYSETPOS stays within ±4, which every period of a generated rule can satisfy. */
function generateSeries(random: ReturnType<typeof randomSource>): GeneratedSeries {
  const freq = random.pick(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const);
  const parts = [`FREQ=${freq}`];
  if (random.next() < 0.5) parts.push(`INTERVAL=${random.next() < 0.8 ? random.int(1, 4) : random.int(5, 52)}`);
  if (freq === "DAILY") {
    if (random.next() < 0.4) parts.push(`BYDAY=${random.some(WEEKDAYS).join(",")}`);
    if (random.next() < 0.2) parts.push(`BYMONTH=${random.some(MONTHS).join(",")}`);
  } else if (freq === "WEEKLY") {
    if (random.next() < 0.8) parts.push(`BYDAY=${random.some(WEEKDAYS).join(",")}`);
    if (random.next() < 0.1) parts.push(`BYMONTH=${random.some(MONTHS).join(",")}`);
    if (random.next() < 0.3) parts.push(`WKST=${random.pick(WEEKDAYS)}`);
  } else {
    const selection = random.int(0, 4);
    if (selection === 1) parts.push(`BYMONTHDAY=${random.some([1, 2, 15, 28, 29, 30, 31, -1, -2, -3]).join(",")}`);
    if (selection === 2) {
      parts.push(`BYDAY=${random.some(WEEKDAYS).join(",")}`);
      // Positions of one sign only: rrule.js counts a day twice when a positive and a negative
      // position select it (covered by a hand-written case above).
      parts.push(`BYSETPOS=${random.some(random.next() < 0.5 ? [1, 2, 3, 4] : [-1, -2, -3, -4]).join(",")}`);
    }
    if (selection === 3) parts.push(`BYDAY=${random.some(WEEKDAYS).map((day) => `${random.pick([1, 2, 3, 4, -1, -2])}${day}`).join(",")}`);
    if (selection === 4) parts.push(`BYDAY=${random.some(WEEKDAYS).join(",")}`);
    if (random.next() < (freq === "YEARLY" ? 0.6 : 0.15)) parts.push(`BYMONTH=${random.some(MONTHS).join(",")}`);
  }
  const end = random.int(0, 2);
  if (end === 0) parts.push(`COUNT=${random.int(1, 60)}`);
  if (end === 1) parts.push(`UNTIL=${random.int(2027, 2029)}${String(random.int(1, 12)).padStart(2, "0")}${String(random.int(1, 28)).padStart(2, "0")}T235959`);

  const date = `${random.int(2026, 2028)}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
  // 02:30 lands in the spring gap once a year; 23:00 + 5 h crosses midnight.
  const localStart = `${date}T${random.pick(["14:00", "09:30", "02:30", "00:00", "23:00"])}`;
  const localEnd = addMinutesLocal(localStart, random.pick([60, 120, 300, 2 * 24 * 60]));
  return { localStart, localEnd, rrule: parts.join(";") };
}

/** rrule.js, fed with floating wall times (no tzid), as the reference expansion. */
function expandWithRRuleJs(rule: RecurrenceRule, localStart: string, untilLocal: string): string[] {
  const floating = (wall: string) => new Date(`${wall.length === 16 ? `${wall}:00` : wall}Z`);
  const weekday = { MO: RRule.MO, TU: RRule.TU, WE: RRule.WE, TH: RRule.TH, FR: RRule.FR, SA: RRule.SA, SU: RRule.SU };
  const frequency = { DAILY: RRule.DAILY, WEEKLY: RRule.WEEKLY, MONTHLY: RRule.MONTHLY, YEARLY: RRule.YEARLY };
  const reference = new RRule({
    freq: frequency[rule.freq],
    interval: rule.interval,
    wkst: weekday[rule.wkst],
    byweekday: rule.byDay.length ? rule.byDay.map((d) => (d.ordinal ? weekday[d.weekday].nth(d.ordinal) : weekday[d.weekday])) : null,
    bymonthday: rule.byMonthDay.length ? rule.byMonthDay : null,
    bymonth: rule.byMonth.length ? rule.byMonth : null,
    bysetpos: rule.bySetPos.length ? rule.bySetPos : null,
    count: rule.count ?? null,
    until: rule.until ? floating(rule.until) : null,
    dtstart: floating(localStart),
  });
  return reference.between(floating(localStart), floating(untilLocal), true).map((d) => d.toISOString().slice(0, 16));
}

describe("property: our expansion equals rrule.js on floating wall times", () => {
  it("agrees on 400 generated rules", () => {
    const random = randomSource(20270328);
    let compared = 0;
    let withOccurrences = 0;
    for (let i = 0; i < 400; i++) {
      const series = generateSeries(random);
      const parsed = parseRRule(series.rrule, { allowUnbounded: true });
      if (!parsed.ok) throw new Error(`generated an invalid rule: ${series.rrule}: ${parsed.message}`);
      const rule = parsed.rule;
      // A 400-day window keeps every series under MAX_OCCURRENCES.
      const untilLocal = `${addDaysLocal(series.localStart.slice(0, 10), 400)}T00:00`;
      const expansion = expandOccurrences({ ...series, until: new Date(`${untilLocal}:00Z`) });
      const ours = allIds(expansion).filter((id) => id < untilLocal.slice(0, 10));
      const reference = expandWithRRuleJs(rule, series.localStart, untilLocal).filter((id) => id < untilLocal.slice(0, 10));
      expect({ rrule: series.rrule, localStart: series.localStart, ids: ours }).toEqual({
        rrule: series.rrule,
        localStart: series.localStart,
        ids: reference,
      });
      compared += 1;
      if (ours.length) withOccurrences += 1;
    }
    expect(compared).toBe(400);
    expect(withOccurrences).toBeGreaterThan(300);
  });
});

describe("property: splitting a series loses and adds nothing", () => {
  it("before ∪ after equals the original, on 300 generated series split at random occurrences", () => {
    const random = randomSource(20271031);
    const horizon = (localStart: string) => new Date(`${addDaysLocal(localStart.slice(0, 10), 400)}T00:00:00Z`);
    let splits = 0;
    for (let i = 0; i < 300; i++) {
      const series = generateSeries(random);
      const until = horizon(series.localStart);
      const original = expandOccurrences({ ...series, until });
      const ids = allIds(original);
      if (ids.length === 0) continue;
      const exdates = ids.filter(() => random.next() < 0.15);
      const originalWithExdates = expandOccurrences({ ...series, exdates, until });
      const atRecurrenceId = random.pick(ids);

      const result = splitSeries({ localStart: series.localStart, rrule: series.rrule, atRecurrenceId, exdates });
      if (!result.ok) throw new Error(`${series.rrule} from ${series.localStart} at ${atRecurrenceId}: ${result.message}`);
      const duration = minutesBetweenLocal(series.localStart, series.localEnd);
      const part = (p: { localStart: string; rrule: string; exdates: string[] }) =>
        expandOccurrences({ localStart: p.localStart, localEnd: addMinutesLocal(p.localStart, duration), rrule: p.rrule, exdates: p.exdates, until });
      const before = result.before ? part(result.before) : { occurrences: [], invalid: [], truncated: false };
      const after = part(result.after);

      const context = `${series.rrule} from ${series.localStart}, split at ${atRecurrenceId}`;
      expect({ context, parts: [...rows(before), ...rows(after)] }).toEqual({ context, parts: rows(originalWithExdates) });
      expect({ context, invalid: [...before.invalid, ...after.invalid] }).toEqual({ context, invalid: originalWithExdates.invalid });
      expect(before.occurrences.every((o) => o.recurrenceId < atRecurrenceId)).toBe(true);
      expect(result.after.localStart).toBe(atRecurrenceId);
      splits += 1;
    }
    expect(splits).toBeGreaterThan(250);
  });
});

describe("parisToInstant is what expandOccurrences uses", () => {
  it("gives the same instants for a series as converting each local start by hand", () => {
    const expansion = expand({ localStart: "2027-10-24T02:30", localEnd: "2027-10-24T03:00", rrule: "FREQ=DAILY;COUNT=14" });
    for (const occurrence of expansion.occurrences) {
      const converted = parisToInstant(occurrence.localStart);
      expect(converted.ok && converted.instant.toISOString()).toBe(occurrence.startsAt.toISOString());
    }
    expect(expansion.occurrences).toHaveLength(14);
  });
});
