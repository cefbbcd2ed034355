import { describe, expect, it } from "vitest";
import {
  matchesFilters,
  prefetchWindow,
  searchAvailability,
  type AvailabilityCandidate,
  type AvailabilityFilters,
  type AvailabilitySpace,
} from "~/domain/availability";
import type { ExistingOccurrence } from "~/domain/conflicts";
import type { BookingRules, OpeningHours } from "~/domain/space-rules";

// Instants written by hand in UTC (Paris = UTC+1 until 2027-03-28, then UTC+2).
const z = (iso: string) => new Date(iso);

const RULES: BookingRules = {
  slotMinutes: 30,
  minDurationMinutes: 30,
  maxDurationMinutes: 480,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 90,
  requiresApproval: false,
  cancellationDeadlineHours: 24,
};
const WEEKDAYS_8_18 = [{ open: "08:00", close: "18:00" }];
const WEEKDAY_HOURS: OpeningHours = {
  1: WEEKDAYS_8_18,
  2: WEEKDAYS_8_18,
  3: WEEKDAYS_8_18,
  4: WEEKDAYS_8_18,
  5: WEEKDAYS_8_18,
  6: [],
  7: [],
};

function space(overrides: Partial<AvailabilitySpace> & Pick<AvailabilitySpace, "id" | "name">): AvailabilitySpace {
  return {
    kind: "ROOM",
    seats: 1,
    capacity: 10,
    accessible: true,
    siteId: "nord",
    openingHours: WEEKDAY_HOURS,
    closures: [],
    rules: RULES,
    ...overrides,
  };
}

const agora = space({ id: "agora", name: "Salle Agora", capacity: 20, siteId: "nord" });
const atelier = space({ id: "atelier", name: "Atelier", capacity: 8, accessible: false, siteId: "nord" });
const desks = space({ id: "desks", name: "Bureaux partagés", kind: "DESK_POOL", seats: 6, capacity: 6, siteId: "sud" });
const zenith = space({
  id: "zenith",
  name: "Salle Zénith",
  capacity: 12,
  siteId: "sud",
  closures: [{ startsOn: "2027-03-30", endsOn: "2027-03-30", reason: "Maintenance" }],
});
// Bookings of at most one hour: none of the 2-hour candidates fit.
const ecurie = space({ id: "ecurie", name: "Écurie", capacity: 4, rules: { ...RULES, maxDurationMinutes: 60 } });

const SPACES = [agora, atelier, desks, zenith, ecurie];

// A weekly series: every Tuesday 14:00–16:00 Paris, 4 occurrences.
const weekly: AvailabilityCandidate[] = [
  {
    recurrenceId: "2027-03-23T14:00",
    localStart: "2027-03-23T14:00",
    localEnd: "2027-03-23T16:00",
    startsAt: z("2027-03-23T13:00:00Z"),
    endsAt: z("2027-03-23T15:00:00Z"),
  },
  {
    recurrenceId: "2027-03-30T14:00",
    localStart: "2027-03-30T14:00",
    localEnd: "2027-03-30T16:00",
    startsAt: z("2027-03-30T12:00:00Z"),
    endsAt: z("2027-03-30T14:00:00Z"),
  },
  {
    recurrenceId: "2027-04-06T14:00",
    localStart: "2027-04-06T14:00",
    localEnd: "2027-04-06T16:00",
    startsAt: z("2027-04-06T12:00:00Z"),
    endsAt: z("2027-04-06T14:00:00Z"),
  },
  {
    recurrenceId: "2027-04-13T14:00",
    localStart: "2027-04-13T14:00",
    localEnd: "2027-04-13T16:00",
    startsAt: z("2027-04-13T12:00:00Z"),
    endsAt: z("2027-04-13T14:00:00Z"),
  },
];

const booking = (
  id: string,
  start: string,
  end: string,
  extra: Partial<ExistingOccurrence> = {}
): ExistingOccurrence => ({
  id,
  startsAt: z(start),
  endsAt: z(end),
  seats: 1,
  status: "CONFIRMED",
  ...extra,
});

const EXISTING = new Map<string, ExistingOccurrence[]>([
  // mardi 6 avril 15:00–16:00 Paris.
  ["agora", [booking("b1", "2027-04-06T13:00:00Z", "2027-04-06T14:00:00Z", { label: "AG de la SCIC" })]],
  // mardi 23 mars 10:00–12:00 Paris: no overlap.
  ["atelier", [booking("b2", "2027-03-23T09:00:00Z", "2027-03-23T11:00:00Z")]],
  // 5 of 6 desks, pending, on mardi 23 mars 14:00–16:00 Paris.
  ["desks", [booking("b3", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { seats: 5, status: "PENDING" })]],
  // A space that is not searched.
  ["elsewhere", [booking("b4", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z")]],
]);

/** lundi 1er mars 2027 10:00 Paris. */
const NOW = z("2027-03-01T09:00:00Z");

type Summary = [name: string, status: string, unavailableCount: number];
const summarize = (results: ReturnType<typeof searchAvailability>): Summary[] =>
  results.map((r) => [r.space.name, r.status, r.unavailableCount]);

describe("searchAvailability", () => {
  it.each<[string, AvailabilityFilters, boolean, Summary[]]>([
    [
      "fully free spaces only, by name",
      {},
      false,
      [
        ["Atelier", "FREE", 0],
        ["Bureaux partagés", "FREE", 0], // 5 pending + 1 ≤ 6
      ],
    ],
    [
      "with partially free spaces, fully free first",
      {},
      true,
      [
        ["Atelier", "FREE", 0],
        ["Bureaux partagés", "FREE", 0],
        ["Salle Agora", "PARTIAL", 1],
        ["Salle Zénith", "PARTIAL", 1],
      ],
    ],
    [
      "2 desks wanted: the pending booking leaves only one",
      { seats: 2 },
      true,
      [
        ["Atelier", "FREE", 0],
        ["Bureaux partagés", "PARTIAL", 1],
        ["Salle Agora", "PARTIAL", 1],
        ["Salle Zénith", "PARTIAL", 1],
      ],
    ],
    [
      "7 desks wanted: the pool is too small, rooms are not filtered by seats",
      { seats: 7 },
      false,
      [["Atelier", "FREE", 0]],
    ],
    [
      "minimum capacity",
      { minCapacity: 10 },
      true,
      [
        ["Salle Agora", "PARTIAL", 1],
        ["Salle Zénith", "PARTIAL", 1],
      ],
    ],
    ["accessible only", { accessibleOnly: true }, false, [["Bureaux partagés", "FREE", 0]]],
    [
      "one site",
      { siteId: "sud" },
      true,
      [
        ["Bureaux partagés", "FREE", 0],
        ["Salle Zénith", "PARTIAL", 1],
      ],
    ],
    ["filters combined", { siteId: "nord", minCapacity: 10 }, true, [["Salle Agora", "PARTIAL", 1]]],
  ])("%s", (_name, filters, includePartial, expected) => {
    const results = searchAvailability({
      spaces: SPACES,
      candidates: weekly,
      existingBySpace: EXISTING,
      filters,
      now: NOW,
      includePartial,
    });
    expect(summarize(results)).toEqual(expected);
  });

  it("explains every unavailable date", () => {
    const results = searchAvailability({
      spaces: SPACES,
      candidates: weekly,
      existingBySpace: EXISTING,
      filters: { seats: 2 },
      now: NOW,
      includePartial: true,
    });
    const byId = new Map(results.map((r) => [r.space.id, r]));
    expect(byId.get("agora")!.unavailable).toEqual([
      {
        recurrenceId: "2027-04-06T14:00",
        startsAt: z("2027-04-06T12:00:00Z"),
        endsAt: z("2027-04-06T14:00:00Z"),
        reasons: [
          {
            code: "ALREADY_BOOKED",
            message: "Le créneau du mardi 6 avril 2027 de 14:00 à 16:00 est déjà réservé (AG de la SCIC).",
          },
        ],
      },
    ]);
    expect(byId.get("zenith")!.unavailable).toEqual([
      {
        recurrenceId: "2027-03-30T14:00",
        startsAt: z("2027-03-30T12:00:00Z"),
        endsAt: z("2027-03-30T14:00:00Z"),
        reasons: [{ code: "CLOSED", message: "Le mardi 30 mars 2027 l'espace est fermé (Maintenance)." }],
      },
    ]);
    expect(byId.get("desks")!.unavailable[0].reasons).toEqual([
      {
        code: "NOT_ENOUGH_SEATS",
        message: "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 n'a plus qu'une place libre sur 6 (2 demandées).",
      },
    ]);
    expect(byId.get("agora")!.availableCount).toBe(3);
    expect(byId.has("ecurie")).toBe(false); // TOO_LONG for every date: never listed
  });

  it("sorts names with French collation (É between A and F)", () => {
    const spaces = [
      space({ id: "f", name: "Forge" }),
      space({ id: "e", name: "Écurie" }),
      space({ id: "a", name: "atelier bois" }),
      space({ id: "s10", name: "Salle 10" }),
      space({ id: "s2", name: "Salle 2" }),
    ];
    const results = searchAvailability({ spaces, candidates: weekly, existingBySpace: new Map(), now: NOW });
    expect(results.map((r) => r.space.name)).toEqual(["atelier bois", "Écurie", "Forge", "Salle 2", "Salle 10"]);
  });

  it("a date already started is unavailable everywhere (notice)", () => {
    const now = z("2027-03-23T14:00:00Z"); // mardi 23 mars 15:00 Paris
    expect(searchAvailability({ spaces: SPACES, candidates: weekly, existingBySpace: EXISTING, now })).toEqual([]);
    const partial = searchAvailability({
      spaces: [atelier],
      candidates: weekly,
      existingBySpace: EXISTING,
      now,
      includePartial: true,
    });
    expect(partial).toHaveLength(1);
    expect(partial[0].unavailable.map((u) => [u.recurrenceId, u.reasons.map((r) => r.code)])).toEqual([
      ["2027-03-23T14:00", ["TOO_SOON"]],
    ]);
  });

  it("a candidate that breaks a rule does not block an overlapping later one", () => {
    const offGrid: AvailabilityCandidate = {
      recurrenceId: "off-grid",
      localStart: "2027-03-23T13:45",
      localEnd: "2027-03-23T15:45",
      startsAt: z("2027-03-23T12:45:00Z"),
      endsAt: z("2027-03-23T14:45:00Z"),
    };
    const results = searchAvailability({
      spaces: [atelier],
      candidates: [weekly[0], offGrid],
      existingBySpace: new Map(),
      now: NOW,
      includePartial: true,
    });
    expect(
      results.map((r) => [
        r.status,
        r.availableCount,
        r.unavailable.map((u) => [u.recurrenceId, u.reasons.map((x) => x.code)]),
      ])
    ).toEqual([["PARTIAL", 1, [["off-grid", ["OFF_GRID"]]]]]);
  });

  it("candidates of the same request are checked against each other", () => {
    const overlapping: AvailabilityCandidate = {
      recurrenceId: "overlap",
      localStart: "2027-03-23T15:00",
      localEnd: "2027-03-23T17:00",
      startsAt: z("2027-03-23T14:00:00Z"),
      endsAt: z("2027-03-23T16:00:00Z"),
    };
    const results = searchAvailability({
      spaces: [atelier],
      candidates: [overlapping, weekly[0]],
      existingBySpace: new Map(),
      now: NOW,
      includePartial: true,
    });
    expect(results[0].unavailable.map((u) => [u.recurrenceId, u.reasons.map((r) => r.code)])).toEqual([
      ["overlap", ["ALREADY_BOOKED"]],
    ]);
  });

  it.each<[string, number | undefined, number, string]>([
    ["the rules' buffer applies by default", undefined, 30, "PARTIAL"],
    ["space.bufferMinutes overrides the rules", 0, 30, "FREE"],
    ["no buffer at all", undefined, 0, "FREE"],
  ])("%s", (_name, spaceBuffer, rulesBuffer, status) => {
    // A booking ending at 13:45 Paris, 15 minutes before the first candidate.
    const room = space({
      id: "r",
      name: "Salle",
      bufferMinutes: spaceBuffer,
      rules: { ...RULES, bufferMinutes: rulesBuffer },
    });
    const results = searchAvailability({
      spaces: [room],
      candidates: weekly,
      existingBySpace: new Map([["r", [booking("x", "2027-03-23T11:45:00Z", "2027-03-23T12:45:00Z")]]]),
      now: NOW,
      includePartial: true,
    });
    expect(results.map((r) => r.status)).toEqual([status]);
  });

  it("keeps the caller's space type", () => {
    const withPhoto = { ...atelier, photoUrl: "/atelier.jpg" };
    const [result] = searchAvailability({
      spaces: [withPhoto],
      candidates: weekly,
      existingBySpace: new Map(),
      now: NOW,
    });
    expect(result.space.photoUrl).toBe("/atelier.jpg");
  });

  it("no candidate, no result", () => {
    expect(searchAvailability({ spaces: SPACES, candidates: [], existingBySpace: EXISTING, now: NOW })).toEqual([]);
  });

  it("rejects duplicate recurrenceIds", () => {
    expect(() =>
      searchAvailability({ spaces: SPACES, candidates: [weekly[0], weekly[0]], existingBySpace: EXISTING, now: NOW })
    ).toThrow(RangeError);
  });
});

describe("matchesFilters", () => {
  it.each<[string, AvailabilitySpace, AvailabilityFilters, boolean]>([
    ["no filter", atelier, {}, true],
    ["capacity equal to the minimum", atelier, { minCapacity: 8 }, true],
    ["capacity below the minimum", atelier, { minCapacity: 9 }, false],
    ["not accessible", atelier, { accessibleOnly: true }, false],
    ["accessible", agora, { accessibleOnly: true }, true],
    ["other site", agora, { siteId: "sud" }, false],
    ["desk pool with enough seats", desks, { seats: 6 }, true],
    ["desk pool with too few seats", desks, { seats: 7 }, false],
    ["rooms ignore the seats filter", agora, { seats: 7 }, true],
  ])("%s", (_name, s, filters, expected) => {
    expect(matchesFilters(s, filters)).toBe(expected);
  });
});

describe("prefetchWindow", () => {
  it("spans the earliest start to the latest end, widened by the buffer", () => {
    const candidates = [
      { startsAt: z("2027-03-30T12:00:00Z"), endsAt: z("2027-03-30T14:00:00Z") },
      // Starts first but is not the last to end… and the latest end is not the last start.
      { startsAt: z("2027-03-23T13:00:00Z"), endsAt: z("2027-04-02T13:00:00Z") },
      { startsAt: z("2027-03-31T12:00:00Z"), endsAt: z("2027-03-31T14:00:00Z") },
    ];
    expect(prefetchWindow(candidates, 15)).toEqual({
      startsAt: z("2027-03-23T12:45:00Z"),
      endsAt: z("2027-04-02T13:15:00Z"),
    });
    expect(prefetchWindow(candidates)).toEqual({
      startsAt: z("2027-03-23T13:00:00Z"),
      endsAt: z("2027-04-02T13:00:00Z"),
    });
  });

  it("null without candidates", () => {
    expect(prefetchWindow([])).toBeNull();
  });
});

describe("what a search's unavailable dates share", () => {
  it("gives rooms that say the same of a date one list of reasons: the rules' of one set of rules, a closest booking's frozen", () => {
    const salleA = space({ id: "salle-a", name: "Salle A", capacity: 10, siteId: "nord" });
    const salleB = space({ id: "salle-b", name: "Salle B", capacity: 10, siteId: "nord" });
    const works = [{ startsOn: "2027-03-30", endsOn: "2027-03-30", reason: "Travaux" }];
    const closed = space({ id: "fermee", name: "Salle fermée le 30", capacity: 10, closures: works });
    const closedToo = space({ id: "fermee-2", name: "Salle fermée le 30 aussi", capacity: 10, closures: [...works] });
    const taken = booking("t", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z");
    const results = searchAvailability({
      spaces: [salleA, salleB, closed, closedToo],
      candidates: weekly,
      existingBySpace: new Map([
        ["salle-a", [{ ...taken, id: "ta" }]],
        ["salle-b", [{ ...taken, id: "tb" }]],
      ]),
      now: NOW,
      includePartial: true,
    });
    const reasonsOf = (id: string) => results.find((result) => result.space.id === id)?.unavailable.map((date) => date.reasons) ?? [];
    // Rooms known by their bookings (not by closest gaps) name the booking: nothing shared.
    expect(reasonsOf("salle-a")[0]).toEqual(reasonsOf("salle-b")[0]);
    // The rules say the same of both closed rooms' date: one list (spaces with the same rules share their checks).
    expect(reasonsOf("fermee")).toEqual([[{ code: "CLOSED", message: expect.stringContaining("Travaux") }]]);
    expect(reasonsOf("fermee")[0]).toBe(reasonsOf("fermee-2")[0]);

    // Rooms known by their closest bookings (a network-wide search): the same message, one frozen list.
    const gaps = new Map([["2027-03-23T14:00", -1]]);
    const fromGaps = searchAvailability({
      spaces: [salleA, salleB],
      candidates: weekly,
      existingBySpace: new Map(),
      closestBookingsBySpace: new Map([["salle-a", gaps], ["salle-b", gaps]]),
      now: NOW,
      includePartial: true,
    });
    const [a, b] = fromGaps.map((result) => result.unavailable[0].reasons);
    expect(a).toEqual([{ code: "ALREADY_BOOKED", message: expect.stringContaining("mardi 23 mars 2027") }]);
    expect(a).toBe(b);
    expect(Object.isFrozen(a) && Object.isFrozen(a[0])).toBe(true);
  });
});
