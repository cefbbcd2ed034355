import { describe, expect, it } from "vitest";
import {
  availabilityCandidates,
  bookingFormQuery,
  describeAvailability,
  describeCandidates,
  resultsPage,
  RESULTS_PER_PAGE,
  type AvailabilityRequest,
} from "~/domain/availability-search";

// Instants written by hand in UTC (Paris = UTC+1 until 2027-03-28 02:00, then UTC+2).
const z = (iso: string) => new Date(iso);

const request = (overrides: Partial<AvailabilityRequest>): AvailabilityRequest => ({
  date: "2027-03-23",
  startTime: "14:00",
  endTime: "16:00",
  weeks: null,
  weekdays: [],
  ...overrides,
});

describe("availabilityCandidates", () => {
  it.each([
    {
      name: "a single date",
      input: request({}),
      expected: [["2027-03-23T14:00", "2027-03-23T13:00:00.000Z", "2027-03-23T15:00:00.000Z"]],
    },
    {
      name: "Tuesdays for 4 weeks, 14:00 on the wall clock across the change to summer time",
      input: request({ weeks: 4, weekdays: ["TU"] }),
      expected: [
        ["2027-03-23T14:00", "2027-03-23T13:00:00.000Z", "2027-03-23T15:00:00.000Z"],
        ["2027-03-30T14:00", "2027-03-30T12:00:00.000Z", "2027-03-30T14:00:00.000Z"],
        ["2027-04-06T14:00", "2027-04-06T12:00:00.000Z", "2027-04-06T14:00:00.000Z"],
        ["2027-04-13T14:00", "2027-04-13T12:00:00.000Z", "2027-04-13T14:00:00.000Z"],
      ],
    },
    {
      name: "without weekdays, the date's own weekday",
      input: request({ date: "2027-03-24", weeks: 2 }),
      expected: [
        ["2027-03-24T14:00", "2027-03-24T13:00:00.000Z", "2027-03-24T15:00:00.000Z"],
        ["2027-03-31T14:00", "2027-03-31T12:00:00.000Z", "2027-03-31T14:00:00.000Z"],
      ],
    },
    {
      name: "from a Monday, Tuesdays and Thursdays of 2 weeks",
      input: request({ date: "2027-03-22", weeks: 2, weekdays: ["TH", "TU"] }),
      expected: [
        ["2027-03-23T14:00", "2027-03-23T13:00:00.000Z", "2027-03-23T15:00:00.000Z"],
        ["2027-03-25T14:00", "2027-03-25T13:00:00.000Z", "2027-03-25T15:00:00.000Z"],
        ["2027-03-30T14:00", "2027-03-30T12:00:00.000Z", "2027-03-30T14:00:00.000Z"],
        ["2027-04-01T14:00", "2027-04-01T12:00:00.000Z", "2027-04-01T14:00:00.000Z"],
      ],
    },
    {
      name: "a week runs 7 days from the date: from a Tuesday, the next Sunday and Monday",
      input: request({ date: "2027-03-23", weeks: 1, weekdays: ["MO", "SU"] }),
      expected: [
        ["2027-03-28T14:00", "2027-03-28T12:00:00.000Z", "2027-03-28T14:00:00.000Z"],
        ["2027-03-29T14:00", "2027-03-29T12:00:00.000Z", "2027-03-29T14:00:00.000Z"],
      ],
    },
    {
      name: "across the autumn change, 14:00 stays 14:00",
      input: request({ date: "2027-10-24", weeks: 2, weekdays: ["SU"] }),
      expected: [
        ["2027-10-24T14:00", "2027-10-24T12:00:00.000Z", "2027-10-24T14:00:00.000Z"],
        ["2027-10-31T14:00", "2027-10-31T13:00:00.000Z", "2027-10-31T15:00:00.000Z"],
      ],
    },
  ])("$name", ({ input, expected }) => {
    const result = availabilityCandidates(input);
    if (!result.ok) throw new Error(result.message);
    expect(result.candidates.map((c) => [c.recurrenceId, c.startsAt.toISOString(), c.endsAt.toISOString()])).toEqual(expected);
    expect(result.impossible).toEqual([]);
  });

  it("lists the weekly dates that fall in the spring DST gap and searches the others", () => {
    const result = availabilityCandidates(request({ date: "2027-03-21", startTime: "02:30", endTime: "04:00", weeks: 2 }));
    if (!result.ok) throw new Error(result.message);
    expect(result.candidates.map((c) => c.recurrenceId)).toEqual(["2027-03-21T02:30"]);
    expect(result.impossible.map((date) => date.recurrenceId)).toEqual(["2027-03-28T02:30"]);
    expect(result.impossible[0].message).toMatch(/^L'occurrence du dimanche 28 mars 2027 à 02:30 ne peut pas avoir lieu\./);
  });

  it.each([
    {
      name: "a single start in the spring DST gap",
      input: request({ date: "2027-03-28", startTime: "02:30", endTime: "04:00" }),
      field: "start",
      message: /^L'heure de début n'existe pas à Paris : le 28 mars 2027/,
    },
    {
      name: "an end before the start",
      input: request({ startTime: "16:00", endTime: "14:00" }),
      field: "end",
      message: /^La fin doit être postérieure au début\.$/,
    },
    {
      name: "an end before the start, weekly",
      input: request({ startTime: "16:00", endTime: "16:00", weeks: 3 }),
      field: "end",
      message: /^La fin doit être postérieure au début\.$/,
    },
  ])("refuses $name", ({ input, field, message }) => {
    const result = availabilityCandidates(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.field).toBe(field);
    expect(result.message).toMatch(message);
  });
});

describe("French descriptions", () => {
  const unavailable = (...recurrenceIds: string[]) =>
    recurrenceIds.map((recurrenceId) => ({ recurrenceId, startsAt: z("2027-03-30T12:00:00Z"), endsAt: z("2027-03-30T14:00:00Z"), reasons: [] }));

  it.each([
    [{ status: "FREE" as const, availableCount: 1, unavailableCount: 0, unavailable: [] }, "libre sur ce créneau"],
    [{ status: "FREE" as const, availableCount: 4, unavailableCount: 0, unavailable: [] }, "libre pour toutes les dates"],
    [
      { status: "PARTIAL" as const, availableCount: 3, unavailableCount: 1, unavailable: unavailable("2027-03-30T14:00") },
      "libre pour 3 dates sur 4 (indisponible : mardi 30 mars 2027)",
    ],
    [
      { status: "PARTIAL" as const, availableCount: 1, unavailableCount: 2, unavailable: unavailable("2027-03-30T14:00", "2027-04-06T14:00") },
      "libre pour 1 date sur 3 (indisponible : mardi 30 mars 2027, mardi 6 avril 2027)",
    ],
  ])("%o reads « %s »", (result, text) => {
    expect(describeAvailability(result)).toBe(text);
  });

  it.each([
    [[], "aucune date"],
    [[{ localStart: "2027-03-23T14:00", localEnd: "2027-03-23T16:00" }], "le mardi 23 mars 2027 de 14:00 à 16:00"],
    [
      [
        { localStart: "2027-03-23T14:00", localEnd: "2027-03-23T16:00" },
        { localStart: "2027-04-13T14:00", localEnd: "2027-04-13T16:00" },
      ],
      "2 dates de 14:00 à 16:00, du mardi 23 mars 2027 au mardi 13 avril 2027",
    ],
  ])("describes the searched dates %o as « %s »", (candidates, text) => {
    expect(describeCandidates(candidates)).toBe(text);
  });

  it("prefills the booking form", () => {
    const query = new URLSearchParams(bookingFormQuery({ spaceId: "abc", date: "2027-03-23", startTime: "14:00", endTime: "16:00" }));
    expect(Object.fromEntries(query)).toEqual({ espace: "abc", date: "2027-03-23", debut: "14:00", fin: "16:00" });
  });
});

describe("resultsPage", () => {
  it.each([
    // total, page asked, expected
    [0, null, { page: 1, pageCount: 1, first: 0, last: 0 }],
    [1, null, { page: 1, pageCount: 1, first: 1, last: 1 }],
    [50, null, { page: 1, pageCount: 1, first: 1, last: 50 }],
    [51, null, { page: 1, pageCount: 2, first: 1, last: 50 }],
    [51, "2", { page: 2, pageCount: 2, first: 51, last: 51 }],
    [623, "13", { page: 13, pageCount: 13, first: 601, last: 623 }],
    [623, "7", { page: 7, pageCount: 13, first: 301, last: 350 }],
  ] as const)("%i results, page %s", (total, asked, expected) => {
    expect(resultsPage(total, asked)).toEqual(expected);
  });

  it("shows the last page for a page beyond it (the results may have shrunk)", () => {
    expect(resultsPage(60, "9")).toEqual({ page: 2, pageCount: 2, first: 51, last: 60 });
  });

  it.each(["0", "-1", "deux", "1.5", "", " 2", "1234567"])("reads %j as page 1", (asked) => {
    expect(resultsPage(120, asked).page).toBe(1);
  });

  it("shows 50 spaces a page", () => {
    expect(RESULTS_PER_PAGE).toBe(50);
  });
});
