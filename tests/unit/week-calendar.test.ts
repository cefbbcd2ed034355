import { describe, expect, it } from "vitest";
import type { OpeningHours } from "~/domain/space-rules";
import {
  buildWeekCalendar,
  canSeeBookingDetails,
  formatIsoWeek,
  hoursInParisDay,
  isoWeekOfDate,
  isoWeekOfInstant,
  nextWeek,
  parseIsoWeek,
  parseWeekInput,
  previousWeek,
  weekCaption,
  weekDates,
  weekMonday,
  weekCalendarData,
  weekCalendarFromData,
  weekWindow,
  weeksInIsoYear,
  type CalendarOccurrence,
  type CalendarSpace,
  type IsoWeek,
} from "~/domain/week-calendar";

// Instants are written by hand in UTC: Paris is UTC+1 until 2027-03-28 02:00 (then UTC+2),
// and UTC+1 again from 2027-10-31 03:00.
const z = (iso: string) => new Date(iso);
const W = (year: number, week: number): IsoWeek => ({ year, week });

const EIGHT_TO_EIGHT = [{ open: "08:00", close: "20:00" }];
const WEEKDAYS_8_TO_20: OpeningHours = { 1: EIGHT_TO_EIGHT, 2: EIGHT_TO_EIGHT, 3: EIGHT_TO_EIGHT, 4: EIGHT_TO_EIGHT, 5: EIGHT_TO_EIGHT, 6: [], 7: [] };
const MORNING_AFTERNOON = [
  { open: "13:30", close: "19:00" },
  { open: "08:30", close: "12:30" },
];
const OPEN_SPACE_HOURS: OpeningHours = {
  1: MORNING_AFTERNOON,
  2: MORNING_AFTERNOON,
  3: MORNING_AFTERNOON,
  4: MORNING_AFTERNOON,
  5: MORNING_AFTERNOON,
  6: [{ open: "09:00", close: "13:00" }],
  7: [],
};

const ROOM: CalendarSpace = { id: "room", kind: "ROOM", openingHours: null, closures: [] };

function occurrence(startsAt: string, endsAt: string, extra: Partial<CalendarOccurrence> = {}): CalendarOccurrence {
  return { spaceId: "room", startsAt: z(startsAt), endsAt: z(endsAt), status: "CONFIRMED", seats: 1, label: null, ...extra };
}

/** Blocks of the room per date, as [date, startMinute, endMinute, text]. */
function blocksOf(week: IsoWeek, occurrences: CalendarOccurrence[], space: CalendarSpace = ROOM) {
  return buildWeekCalendar({ week, spaces: [space], occurrences }).days.flatMap((day) =>
    day.spaces[0].blocks.map((block) => [day.date, block.startMinute, block.endMinute, block.text]),
  );
}

describe("ISO weeks", () => {
  it.each([
    ["2027-03-23", "2027-W12"],
    ["2027-03-22", "2027-W12"],
    ["2027-03-28", "2027-W12"],
    ["2027-03-29", "2027-W13"],
    ["2027-10-31", "2027-W43"],
    ["2027-01-01", "2026-W53"],
    ["2027-01-04", "2027-W01"],
    ["2027-12-31", "2027-W52"],
    ["2028-01-02", "2027-W52"],
    ["2028-01-03", "2028-W01"],
    ["2020-12-31", "2020-W53"],
  ])("%s is in week %s", (date, expected) => {
    expect(formatIsoWeek(isoWeekOfDate(date))).toBe(expected);
  });

  it.each([
    [W(2027, 12), "2027-03-22", "2027-03-28", "Semaine du 22 au 28 mars 2027"],
    [W(2027, 13), "2027-03-29", "2027-04-04", "Semaine du 29 mars au 4 avril 2027"],
    [W(2027, 43), "2027-10-25", "2027-10-31", "Semaine du 25 au 31 octobre 2027"],
    [W(2026, 53), "2026-12-28", "2027-01-03", "Semaine du 28 décembre 2026 au 3 janvier 2027"],
    [W(2027, 1), "2027-01-04", "2027-01-10", "Semaine du 4 au 10 janvier 2027"],
    [W(2027, 9), "2027-03-01", "2027-03-07", "Semaine du 1er au 7 mars 2027"],
  ])("%o runs from %s to %s: %s", (week, monday, sunday, caption) => {
    expect(weekMonday(week)).toBe(monday);
    expect(weekDates(week)).toHaveLength(7);
    expect(weekDates(week)[6]).toBe(sunday);
    expect(weekCaption(week)).toBe(caption);
  });

  it.each([
    [2020, 53],
    [2026, 53],
    [2027, 52],
    [2032, 53],
  ])("%i has %i weeks", (year, weeks) => {
    expect(weeksInIsoYear(year)).toBe(weeks);
  });

  it.each([
    ["2027-W12", W(2027, 12)],
    ["2027-w12", W(2027, 12)],
    [" 2027-W01 ", W(2027, 1)],
    ["2026-W53", W(2026, 53)],
    ["2027-W53", null],
    ["2027-W00", null],
    ["2027-W1", null],
    ["2027-12", null],
    ["1970-W10", null],
    ["", null],
    [12, null],
    [undefined, null],
  ])("parseIsoWeek(%o) is %o", (input, expected) => {
    expect(parseIsoWeek(input)).toEqual(expected);
  });

  it.each([
    ["2027-W12", W(2027, 12)],
    ["2027-03-23", W(2027, 12)],
    ["2027-01-02", W(2026, 53)],
    ["2027-02-30", null],
    ["mardi", null],
  ])("parseWeekInput(%o) is %o", (input, expected) => {
    expect(parseWeekInput(input)).toEqual(expected);
  });

  it.each([
    [W(2027, 12), "2027-W11", "2027-W13"],
    [W(2027, 1), "2026-W53", "2027-W02"],
    [W(2026, 53), "2026-W52", "2027-W01"],
    [W(2027, 52), "2027-W51", "2028-W01"],
  ])("around %o: previous %s, next %s", (week, previous, next) => {
    expect(formatIsoWeek(previousWeek(week))).toBe(previous);
    expect(formatIsoWeek(nextWeek(week))).toBe(next);
  });

  it.each([
    // Monday 00:00 Paris to next Monday 00:00 Paris: 167 hours in the spring week, 169 in the autumn one.
    [W(2027, 11), "2027-03-14T23:00:00.000Z", "2027-03-21T23:00:00.000Z"],
    [W(2027, 12), "2027-03-21T23:00:00.000Z", "2027-03-28T22:00:00.000Z"],
    [W(2027, 43), "2027-10-24T22:00:00.000Z", "2027-10-31T23:00:00.000Z"],
  ])("the window of %o is [%s, %s)", (week, startsAt, endsAt) => {
    const window = weekWindow(week);
    expect([window.startsAt.toISOString(), window.endsAt.toISOString()]).toEqual([startsAt, endsAt]);
  });

  it.each([
    ["2027-03-23", 24],
    ["2027-03-28", 23],
    ["2027-10-31", 25],
    ["2027-11-01", 24],
  ])("%s has %i hours", (date, hours) => {
    expect(hoursInParisDay(date)).toBe(hours);
  });

  it.each([
    // The week follows the Paris wall clock: Sunday 23:30 in Paris is still that week.
    ["2027-03-21T22:30:00Z", "2027-W11"],
    ["2027-03-21T23:00:00Z", "2027-W12"],
    ["2027-03-28T21:59:00Z", "2027-W12"],
    ["2027-03-28T22:00:00Z", "2027-W13"],
  ])("the instant %s is in Paris week %s", (instant, expected) => {
    expect(formatIsoWeek(isoWeekOfInstant(z(instant)))).toBe(expected);
  });
});

describe("booking blocks on the wall clock", () => {
  it.each([
    {
      name: "a winter 14:00–16:00 booking",
      week: W(2027, 12),
      occurrences: [occurrence("2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z")],
      expected: [["2027-03-23", 840, 960, "14:00–16:00 · Réservé"]],
    },
    {
      name: "14:00–16:00 on the 23-hour day (2027-03-28)",
      week: W(2027, 12),
      occurrences: [occurrence("2027-03-28T12:00:00Z", "2027-03-28T14:00:00Z")],
      expected: [["2027-03-28", 840, 960, "14:00–16:00 · Réservé"]],
    },
    {
      name: "01:00–04:00 across the spring gap: 2 hours elapsed, 01:00–04:00 on the wall",
      week: W(2027, 12),
      occurrences: [occurrence("2027-03-28T00:00:00Z", "2027-03-28T02:00:00Z")],
      expected: [["2027-03-28", 60, 240, "01:00–04:00 · Réservé"]],
    },
    {
      name: "14:00–16:00 on the 25-hour day (2027-10-31)",
      week: W(2027, 43),
      occurrences: [occurrence("2027-10-31T13:00:00Z", "2027-10-31T15:00:00Z")],
      expected: [["2027-10-31", 840, 960, "14:00–16:00 · Réservé"]],
    },
    {
      name: "a summer-time 14:00–16:00 of the autumn week",
      week: W(2027, 43),
      occurrences: [occurrence("2027-10-26T12:00:00Z", "2027-10-26T14:00:00Z")],
      expected: [["2027-10-26", 840, 960, "14:00–16:00 · Réservé"]],
    },
    {
      name: "01:30–03:30 across the autumn fold: 3 hours elapsed, 01:30–03:30 on the wall",
      week: W(2027, 43),
      occurrences: [occurrence("2027-10-30T23:30:00Z", "2027-10-31T02:30:00Z")],
      expected: [["2027-10-31", 90, 210, "01:30–03:30 · Réservé"]],
    },
    {
      name: "a night booking clipped to each day",
      week: W(2027, 12),
      occurrences: [occurrence("2027-03-26T19:00:00Z", "2027-03-27T09:00:00Z")],
      expected: [
        ["2027-03-26", 1200, 1440, "20:00–24:00 · Réservé · se poursuit le lendemain"],
        ["2027-03-27", 0, 600, "00:00–10:00 · Réservé · suite de la veille"],
      ],
    },
    {
      name: "a three-day booking fills the middle day",
      week: W(2027, 12),
      occurrences: [occurrence("2027-03-23T17:00:00Z", "2027-03-25T08:00:00Z")],
      expected: [
        ["2027-03-23", 1080, 1440, "18:00–24:00 · Réservé · se poursuit le lendemain"],
        ["2027-03-24", 0, 1440, "00:00–24:00 · Réservé · suite de la veille · se poursuit le lendemain"],
        ["2027-03-25", 0, 540, "00:00–09:00 · Réservé · suite de la veille"],
      ],
    },
    {
      name: "a booking started the Sunday before shows on Monday only",
      week: W(2027, 12),
      occurrences: [occurrence("2027-03-21T21:00:00Z", "2027-03-22T01:00:00Z")],
      expected: [["2027-03-22", 0, 120, "00:00–02:00 · Réservé · suite de la veille"]],
    },
    {
      name: "ending at midnight does not touch the next day",
      week: W(2027, 12),
      occurrences: [occurrence("2027-03-24T19:00:00Z", "2027-03-24T23:00:00Z")],
      expected: [["2027-03-24", 1200, 1440, "20:00–24:00 · Réservé"]],
    },
    {
      name: "bookings outside the week or of another space are left out",
      week: W(2027, 12),
      occurrences: [
        occurrence("2027-03-29T08:00:00Z", "2027-03-29T09:00:00Z"),
        occurrence("2027-03-21T08:00:00Z", "2027-03-21T09:00:00Z"),
        occurrence("2027-03-23T08:00:00Z", "2027-03-23T09:00:00Z", { spaceId: "elsewhere" }),
      ],
      expected: [],
    },
    {
      name: "a visible pending booking names itself and says it waits",
      week: W(2027, 12),
      occurrences: [
        occurrence("2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", {
          status: "PENDING",
          label: "Atelier numérique (Association Savoirs Partagés)",
        }),
      ],
      expected: [["2027-03-23", 840, 960, "14:00–16:00 · Atelier numérique (Association Savoirs Partagés) · en attente"]],
    },
    {
      name: "blocks of a day come in chronological order",
      week: W(2027, 12),
      occurrences: [
        occurrence("2027-03-23T15:00:00Z", "2027-03-23T16:00:00Z", { label: "Après-midi" }),
        occurrence("2027-03-23T08:00:00Z", "2027-03-23T09:00:00Z", { label: "Matin" }),
      ],
      expected: [
        ["2027-03-23", 540, 600, "09:00–10:00 · Matin"],
        ["2027-03-23", 960, 1020, "16:00–17:00 · Après-midi"],
      ],
    },
  ])("$name", ({ week, occurrences, expected }) => {
    expect(blocksOf(week, occurrences)).toEqual(expected);
  });

  it("gives the seats taken in a desk pool", () => {
    const pool: CalendarSpace = { id: "pool", kind: "DESK_POOL", openingHours: OPEN_SPACE_HOURS, closures: [] };
    const occurrences = [
      occurrence("2027-03-23T08:00:00Z", "2027-03-23T11:00:00Z", { spaceId: "pool", seats: 3 }),
      occurrence("2027-03-23T12:30:00Z", "2027-03-23T14:00:00Z", { spaceId: "pool", seats: 1, label: "Permanence" }),
    ];
    expect(blocksOf(W(2027, 12), occurrences, pool)).toEqual([
      ["2027-03-23", 540, 720, "09:00–12:00 · Réservé · 3 postes"],
      ["2027-03-23", 810, 900, "13:30–15:00 · Permanence · 1 poste"],
    ]);
  });

  it("keeps every field of a block", () => {
    const calendar = buildWeekCalendar({
      week: W(2027, 12),
      spaces: [ROOM],
      occurrences: [occurrence("2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { status: "PENDING", seats: 1 })],
    });
    expect(calendar.days[1].spaces[0].blocks).toEqual([
      {
        startMinute: 840,
        endMinute: 960,
        startTime: "14:00",
        endTime: "16:00",
        startsBeforeDay: false,
        endsAfterDay: false,
        status: "PENDING",
        seats: 1,
        label: null,
        text: "14:00–16:00 · Réservé · en attente",
      },
    ]);
  });
});

describe("days, opening hours and closures", () => {
  it("describes the DST week day by day", () => {
    const calendar = buildWeekCalendar({ week: W(2027, 12), spaces: [], occurrences: [] });
    expect(calendar).toMatchObject({
      week: "2027-W12",
      caption: "Semaine du 22 au 28 mars 2027",
      previousWeek: "2027-W11",
      nextWeek: "2027-W13",
      firstDate: "2027-03-22",
      lastDate: "2027-03-28",
    });
    expect(calendar.days.map((day) => [day.date, day.label, day.hours])).toEqual([
      ["2027-03-22", "lundi 22 mars", 24],
      ["2027-03-23", "mardi 23 mars", 24],
      ["2027-03-24", "mercredi 24 mars", 24],
      ["2027-03-25", "jeudi 25 mars", 24],
      ["2027-03-26", "vendredi 26 mars", 24],
      ["2027-03-27", "samedi 27 mars", 24],
      ["2027-03-28", "dimanche 28 mars", 23],
    ]);
    const autumn = buildWeekCalendar({ week: W(2027, 43), spaces: [], occurrences: [] });
    expect(autumn.days.map((day) => day.hours)).toEqual([24, 24, 24, 24, 24, 24, 25]);
  });

  it.each([
    {
      name: "weekday hours, none at the weekend",
      space: { id: "s", kind: "ROOM", openingHours: WEEKDAYS_8_TO_20, closures: [] } satisfies CalendarSpace,
      expected: [
        ["2027-03-29", "Ouvert 08:00–20:00", false, []],
        ["2027-04-03", "Pas d'ouverture ce jour", true, []],
      ],
    },
    {
      name: "two ranges a day, sorted",
      space: { id: "s", kind: "DESK_POOL", openingHours: OPEN_SPACE_HOURS, closures: [] } satisfies CalendarSpace,
      expected: [
        ["2027-03-29", "Ouvert 08:30–12:30 et 13:30–19:00", false, []],
        ["2027-04-03", "Ouvert 09:00–13:00", false, []],
      ],
    },
    {
      name: "no opening hours at all: open all day",
      space: { id: "s", kind: "ROOM", openingHours: null, closures: [] } satisfies CalendarSpace,
      expected: [
        ["2027-03-29", "Ouvert toute la journée", false, []],
        ["2027-04-03", "Ouvert toute la journée", false, []],
      ],
    },
    {
      name: "Easter Monday and a closure spanning the weekend",
      space: {
        id: "s",
        kind: "ROOM",
        openingHours: WEEKDAYS_8_TO_20,
        closures: [
          { startsOn: "2027-03-29", endsOn: "2027-03-29", reason: "Lundi de Pâques" },
          { startsOn: "2027-04-02", endsOn: "2027-04-12", reason: "Travaux" },
        ],
      } satisfies CalendarSpace,
      expected: [
        ["2027-03-29", "Ouvert 08:00–20:00", true, ["Fermé : Lundi de Pâques"]],
        ["2027-04-03", "Pas d'ouverture ce jour", true, ["Fermé : Travaux"]],
      ],
    },
  ])("$name", ({ space, expected }) => {
    const calendar = buildWeekCalendar({ week: W(2027, 13), spaces: [space], occurrences: [] });
    const monday = calendar.days[0].spaces[0];
    const saturday = calendar.days[5].spaces[0];
    expect([
      [calendar.days[0].date, monday.openingText, monday.closed, monday.closures.map((c) => c.text)],
      [calendar.days[5].date, saturday.openingText, saturday.closed, saturday.closures.map((c) => c.text)],
    ]).toEqual(expected);
  });

  it("gives the opening ranges in minutes", () => {
    const pool: CalendarSpace = { id: "pool", kind: "DESK_POOL", openingHours: OPEN_SPACE_HOURS, closures: [] };
    const calendar = buildWeekCalendar({ week: W(2027, 12), spaces: [pool], occurrences: [] });
    expect(calendar.days[0].spaces[0].openingRanges).toEqual([
      { open: 510, close: 750, text: "08:30–12:30" },
      { open: 810, close: 1140, text: "13:30–19:00" },
    ]);
    expect(calendar.days[6].spaces[0].openingRanges).toEqual([]);
  });

  it("lays several spaces side by side, in the order given", () => {
    const other: CalendarSpace = { id: "other", kind: "ROOM", openingHours: WEEKDAYS_8_TO_20, closures: [] };
    const calendar = buildWeekCalendar({
      week: W(2027, 12),
      spaces: [other, ROOM],
      occurrences: [occurrence("2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { spaceId: "other" })],
    });
    const tuesday = calendar.days[1];
    expect(tuesday.spaces.map((space) => [space.spaceId, space.blocks.map((block) => block.text)])).toEqual([
      ["other", ["14:00–16:00 · Réservé"]],
      ["room", []],
    ]);
  });
});

describe("who may read a booking's details", () => {
  it.each([
    { viewer: ["scic"], manager: "scic", booker: "savoirs", visible: true },
    { viewer: ["savoirs"], manager: "scic", booker: "savoirs", visible: true },
    { viewer: ["velo"], manager: "scic", booker: "savoirs", visible: false },
    { viewer: ["velo", "savoirs"], manager: "scic", booker: "savoirs", visible: true },
    { viewer: [], manager: "scic", booker: "savoirs", visible: false },
  ])("a member of $viewer sees a booking of $booker on a space of $manager: $visible", ({ viewer, manager, booker, visible }) => {
    expect(
      canSeeBookingDetails({ viewerOrganizationIds: new Set(viewer), managingOrganizationId: manager, bookingOrganizationId: booker }),
    ).toBe(visible);
  });
});

describe("the data a page sends", () => {
  it("builds, after a trip through JSON, the very calendar built from the rows, across the change to summer time", () => {
    const input = {
      week: W(2027, 12),
      spaces: [
        { ...ROOM, openingHours: WEEKDAYS_8_TO_20, closures: [{ startsOn: "2027-03-26", endsOn: "2027-03-26", reason: "Inventaire" }] },
        { id: "pool", kind: "DESK_POOL" as const, openingHours: OPEN_SPACE_HOURS, closures: [] },
      ],
      occurrences: [
        occurrence("2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { label: "Atelier (Savoirs Partagés)" }),
        occurrence("2027-03-27T22:00:00Z", "2027-03-28T09:00:00Z", { status: "PENDING" }),
        occurrence("2027-03-22T08:00:00Z", "2027-03-22T11:00:00Z", { spaceId: "pool", seats: 3 }),
      ],
    };
    const sent = JSON.parse(JSON.stringify(weekCalendarData(input)));
    expect(sent.week).toBe("2027-W12");
    expect(sent.occurrences[1]).toEqual({ spaceId: "room", startsAt: "2027-03-27T22:00:00.000Z", endsAt: "2027-03-28T09:00:00.000Z", status: "PENDING", seats: 1, label: null });
    expect(weekCalendarFromData(sent)).toEqual(buildWeekCalendar(input));
    expect(() => weekCalendarFromData({ ...sent, week: "2027-W54" })).toThrow("Not an ISO week");
  });
});
