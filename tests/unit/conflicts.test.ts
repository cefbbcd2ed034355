import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bookingSpans,
  closestBookingGaps,
  findConflicts,
  freeIntervals,
  openingIntervals,
  overlaps,
  type CandidateOccurrence,
  type ConflictSpace,
  type ExistingOccurrence,
} from "~/domain/conflicts";
import { DateTime } from "luxon";
import { openingRangesOf, sameHoursEveryDay, type Closure, type IsoWeekday, type OpeningHours } from "~/domain/space-rules";
import { PARIS_ZONE } from "~/domain/time";

// Instants are written by hand in UTC. Paris = UTC+1 until 2027-03-28 02:00 local, then UTC+2
// until 2027-10-31 03:00 local, then UTC+1. "mardi 23 mars 2027 14:00" = 2027-03-23T13:00Z.
const z = (iso: string) => new Date(iso);
const T = (hhmm: string, day = "2027-03-23") => z(`${day}T${hhmm}:00Z`);

function existing(
  id: string,
  start: string,
  end: string,
  extra: Partial<Pick<ExistingOccurrence, "seats" | "status" | "label">> = {}
): ExistingOccurrence {
  return {
    id,
    startsAt: z(start),
    endsAt: z(end),
    seats: extra.seats ?? 1,
    status: extra.status ?? "CONFIRMED",
    label: extra.label,
  };
}

function candidate(recurrenceId: string, start: string, end: string, seats = 1): CandidateOccurrence {
  return { recurrenceId, startsAt: z(start), endsAt: z(end), seats };
}

const ROOM: ConflictSpace = { kind: "ROOM", seats: 1, bufferMinutes: 0 };
const ROOM_BUFFER_15: ConflictSpace = { kind: "ROOM", seats: 1, bufferMinutes: 15 };
const DESKS_4: ConflictSpace = { kind: "DESK_POOL", seats: 4, bufferMinutes: 0 };

describe("overlaps", () => {
  const a = { startsAt: T("13:00"), endsAt: T("15:00") };
  it.each([
    ["back-to-back before", T("11:00"), T("13:00"), 0, false],
    ["back-to-back after", T("15:00"), T("17:00"), 0, false],
    ["one minute of overlap", T("14:59"), T("16:00"), 0, true],
    ["inside", T("13:30"), T("14:00"), 0, true],
    ["enclosing", T("12:00"), T("16:00"), 0, true],
    ["back-to-back with a buffer", T("15:00"), T("16:00"), 15, true],
    ["exactly the buffer after", T("15:15"), T("16:00"), 15, false],
    ["exactly the buffer before", T("11:00"), T("12:45"), 15, false],
  ])("%s", (_name, startsAt, endsAt, buffer, expected) => {
    expect(overlaps(a, { startsAt, endsAt }, buffer)).toBe(expected);
    expect(overlaps({ startsAt, endsAt }, a, buffer)).toBe(expected);
  });
});

// -----------------------------------------------------------------------------------------------
// Rooms
// -----------------------------------------------------------------------------------------------

describe("findConflicts — rooms", () => {
  // Existing: mardi 23 mars 2027 14:00–16:00 Paris.
  const booked = [existing("a", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z")];

  it.each<[string, ConflictSpace, string, string, string | null]>([
    ["back-to-back before (half-open)", ROOM, "11:00", "13:00", null],
    ["back-to-back after (half-open)", ROOM, "15:00", "17:00", null],
    [
      "one minute over the start",
      ROOM,
      "12:00",
      "13:01",
      "Le créneau du mardi 23 mars 2027 de 13:00 à 14:01 est déjà réservé.",
    ],
    [
      "one minute over the end",
      ROOM,
      "14:59",
      "16:00",
      "Le créneau du mardi 23 mars 2027 de 15:59 à 17:00 est déjà réservé.",
    ],
    ["inside", ROOM, "13:30", "14:00", "Le créneau du mardi 23 mars 2027 de 14:30 à 15:00 est déjà réservé."],
    ["enclosing", ROOM, "12:00", "16:00", "Le créneau du mardi 23 mars 2027 de 13:00 à 17:00 est déjà réservé."],
    ["the same slot", ROOM, "13:00", "15:00", "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 est déjà réservé."],
    [
      "right after, within the buffer",
      ROOM_BUFFER_15,
      "15:00",
      "16:00",
      "Le créneau du mardi 23 mars 2027 de 16:00 à 17:00 est trop proche d'une autre réservation : il faut laisser 15 min entre deux réservations.",
    ],
    [
      "14 minutes after, within the buffer",
      ROOM_BUFFER_15,
      "15:14",
      "16:00",
      "Le créneau du mardi 23 mars 2027 de 16:14 à 17:00 est trop proche d'une autre réservation : il faut laisser 15 min entre deux réservations.",
    ],
    ["exactly the buffer after", ROOM_BUFFER_15, "15:15", "16:00", null],
    ["exactly the buffer before", ROOM_BUFFER_15, "11:00", "12:45", null],
    [
      "one minute into the buffer before",
      ROOM_BUFFER_15,
      "11:00",
      "12:46",
      "Le créneau du mardi 23 mars 2027 de 12:00 à 13:46 est trop proche d'une autre réservation : il faut laisser 15 min entre deux réservations.",
    ],
    [
      "a real overlap with a buffer says 'déjà réservé'",
      ROOM_BUFFER_15,
      "14:00",
      "16:00",
      "Le créneau du mardi 23 mars 2027 de 15:00 à 17:00 est déjà réservé.",
    ],
  ])("%s", (_name, space, start, end, expectedMessage) => {
    const conflicts = findConflicts({
      space,
      candidates: [{ recurrenceId: "c", startsAt: T(start), endsAt: T(end), seats: 1 }],
      existing: booked,
    });
    if (expectedMessage === null) {
      expect(conflicts).toEqual([]);
    } else {
      expect(conflicts).toEqual([
        {
          recurrenceId: "c",
          startsAt: T(start),
          endsAt: T(end),
          reason: "ALREADY_BOOKED",
          message: expectedMessage,
          conflictingIds: ["a"],
          conflictingRecurrenceIds: [],
        },
      ]);
    }
  });

  it("a PENDING booking holds its slot like a CONFIRMED one", () => {
    const conflicts = findConflicts({
      space: ROOM,
      candidates: [candidate("c", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z")],
      existing: [existing("p", "2027-03-23T14:00:00Z", "2027-03-23T16:00:00Z", { status: "PENDING" })],
    });
    expect(conflicts.map((c) => [c.reason, c.conflictingIds])).toEqual([["ALREADY_BOOKED", ["p"]]]);
  });

  it("names the blocking bookings' labels", () => {
    const conflicts = findConflicts({
      space: ROOM,
      candidates: [candidate("c", "2027-03-23T09:00:00Z", "2027-03-23T15:00:00Z")],
      existing: [
        existing("b", "2027-03-23T13:00:00Z", "2027-03-23T14:00:00Z", { label: "AG de la SCIC" }),
        existing("a", "2027-03-23T09:00:00Z", "2027-03-23T11:00:00Z", { label: "Atelier couture" }),
        existing("x", "2027-03-23T16:00:00Z", "2027-03-23T17:00:00Z", { label: "Plus tard" }),
      ],
    });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0].message).toBe(
      "Le créneau du mardi 23 mars 2027 de 10:00 à 16:00 est déjà réservé (Atelier couture, AG de la SCIC)."
    );
    expect(conflicts[0].conflictingIds).toEqual(["a", "b"]);
  });

  it("names the slot in Paris time on DST days and at midnight", () => {
    const conflicts = findConflicts({
      space: ROOM,
      candidates: [
        candidate("spring", "2027-03-28T12:00:00Z", "2027-03-28T14:00:00Z"),
        candidate("autumn", "2027-10-31T13:00:00Z", "2027-10-31T15:00:00Z"),
        candidate("late", "2027-03-23T19:00:00Z", "2027-03-23T23:00:00Z"),
      ],
      existing: [
        existing("e1", "2027-03-28T12:00:00Z", "2027-03-28T14:00:00Z"),
        existing("e2", "2027-10-31T13:00:00Z", "2027-10-31T15:00:00Z"),
        existing("e3", "2027-03-23T22:00:00Z", "2027-03-23T23:00:00Z"),
      ],
    });
    expect(conflicts.map((c) => c.message)).toEqual([
      "Le créneau du dimanche 28 mars 2027 de 14:00 à 16:00 est déjà réservé.",
      "Le créneau du dimanche 31 octobre 2027 de 14:00 à 16:00 est déjà réservé.",
      "Le créneau du mardi 23 mars 2027 de 20:00 à 24:00 est déjà réservé.",
    ]);
  });

  it("finds every blocking booking even when existing bookings overlap each other", () => {
    // A long (legacy) booking followed by short ones: the prefix max of the ends must not
    // hide anything.
    const conflicts = findConflicts({
      space: ROOM,
      candidates: [candidate("c", "2027-03-23T16:00:00Z", "2027-03-23T17:00:00Z")],
      existing: [
        existing("long", "2027-03-23T07:00:00Z", "2027-03-23T18:00:00Z"),
        existing("s1", "2027-03-23T08:00:00Z", "2027-03-23T09:00:00Z"),
        existing("s2", "2027-03-23T16:30:00Z", "2027-03-23T19:00:00Z"),
        existing("s3", "2027-03-23T17:00:00Z", "2027-03-23T19:00:00Z"),
      ],
    });
    expect(conflicts[0].conflictingIds).toEqual(["long", "s2"]);
  });

  it("ignores zero-length existing occurrences", () => {
    const conflicts = findConflicts({
      space: ROOM,
      candidates: [candidate("c", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z")],
      existing: [existing("empty", "2027-03-23T14:00:00Z", "2027-03-23T14:00:00Z")],
    });
    expect(conflicts).toEqual([]);
  });

  it("returns nothing without candidates", () => {
    expect(findConflicts({ space: ROOM, candidates: [], existing: booked })).toEqual([]);
  });

  it.each([
    ["an end before the start", candidate("c", "2027-03-23T15:00:00Z", "2027-03-23T13:00:00Z")],
    ["an empty interval", candidate("c", "2027-03-23T15:00:00Z", "2027-03-23T15:00:00Z")],
    ["zero seats", candidate("c", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", 0)],
    ["fractional seats", candidate("c", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", 1.5)],
  ])("rejects a candidate with %s", (_name, bad) => {
    expect(() => findConflicts({ space: DESKS_4, candidates: [bad], existing: [] })).toThrow(RangeError);
  });
});

// -----------------------------------------------------------------------------------------------
// Desk pools
// -----------------------------------------------------------------------------------------------

describe("findConflicts — desk pools (sweep line)", () => {
  // Two bookings of 2 seats that do NOT overlap each other: 14:00–16:00 and 16:00–18:00 Paris.
  const sequential = [
    existing("e1", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { seats: 2 }),
    existing("e2", "2027-03-23T15:00:00Z", "2027-03-23T17:00:00Z", { seats: 2 }),
  ];
  // Two bookings of 2 seats that DO overlap: 14:00–16:00 and 15:00–17:00 Paris.
  const overlapping = [
    existing("e1", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { seats: 2 }),
    existing("e3", "2027-03-23T14:00:00Z", "2027-03-23T16:00:00Z", { seats: 2, status: "PENDING" }),
  ];

  it.each<
    [string, ExistingOccurrence[], string, string, number, null | { freeSeats: number; ids: string[]; message: string }]
  >([
    ["sequential bookings use max(seats), not the sum", sequential, "13:00", "17:00", 2, null],
    [
      "sequential bookings, one seat too many",
      sequential,
      "13:00",
      "17:00",
      3,
      {
        freeSeats: 2,
        ids: ["e1", "e2"],
        message: "Le créneau du mardi 23 mars 2027 de 14:00 à 18:00 n'a plus que 2 places libres sur 4 (3 demandées).",
      },
    ],
    [
      "overlapping bookings (one PENDING) fill the pool",
      overlapping,
      "13:00",
      "17:00",
      1,
      {
        freeSeats: 0,
        ids: ["e1", "e3"],
        message: "Le créneau du mardi 23 mars 2027 de 14:00 à 18:00 est complet : les 4 places sont déjà réservées.",
      },
    ],
    ["overlapping bookings, after the busy hour", overlapping, "15:00", "17:00", 2, null],
    [
      "overlapping bookings, after the busy hour, 3 seats",
      overlapping,
      "15:00",
      "17:00",
      3,
      {
        freeSeats: 2,
        ids: ["e3"],
        message: "Le créneau du mardi 23 mars 2027 de 16:00 à 18:00 n'a plus que 2 places libres sur 4 (3 demandées).",
      },
    ],
    ["back-to-back before, all seats", overlapping, "12:00", "13:00", 4, null],
    ["back-to-back after the busy hour, all seats minus the other", overlapping, "16:00", "18:00", 4, null],
    [
      "one free seat left",
      [existing("e", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { seats: 3 })],
      "14:00",
      "16:00",
      2,
      {
        freeSeats: 1,
        ids: ["e"],
        message: "Le créneau du mardi 23 mars 2027 de 15:00 à 17:00 n'a plus qu'une place libre sur 4 (2 demandées).",
      },
    ],
    [
      "more seats than the pool has",
      [],
      "13:00",
      "15:00",
      5,
      {
        freeSeats: 4,
        ids: [],
        message:
          "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 demande 5 places alors que l'espace n'en compte que 4.",
      },
    ],
  ])("%s", (_name, existingOccurrences, start, end, seats, expected) => {
    const conflicts = findConflicts({
      space: DESKS_4,
      candidates: [{ recurrenceId: "c", startsAt: T(start), endsAt: T(end), seats }],
      existing: existingOccurrences,
    });
    if (expected === null) {
      expect(conflicts).toEqual([]);
    } else {
      expect(conflicts).toEqual([
        {
          recurrenceId: "c",
          startsAt: T(start),
          endsAt: T(end),
          reason: "NOT_ENOUGH_SEATS",
          message: expected.message,
          freeSeats: expected.freeSeats,
          conflictingIds: expected.ids,
          conflictingRecurrenceIds: [],
        },
      ]);
    }
  });

  it("the buffer does not apply to desk pools", () => {
    const conflicts = findConflicts({
      space: { kind: "DESK_POOL", seats: 4, bufferMinutes: 30 },
      candidates: [candidate("c", "2027-03-23T15:00:00Z", "2027-03-23T16:00:00Z", 4)],
      existing: [existing("e", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { seats: 4 })],
    });
    expect(conflicts).toEqual([]);
  });

  it("a single-desk pool says 'la place'", () => {
    const conflicts = findConflicts({
      space: { kind: "DESK_POOL", seats: 1, bufferMinutes: 0 },
      candidates: [candidate("c", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z")],
      existing: [existing("e", "2027-03-23T14:00:00Z", "2027-03-23T15:00:00Z")],
    });
    expect(conflicts[0].message).toBe(
      "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 est complet : la place est déjà réservée."
    );
  });
});

// -----------------------------------------------------------------------------------------------
// Candidates of the same request against each other
// -----------------------------------------------------------------------------------------------

describe("findConflicts — candidates against each other", () => {
  // A daily series whose occurrences last 2 days (09:00 → 09:00 two days later, Paris).
  const c1 = candidate("2027-03-22T09:00", "2027-03-22T08:00:00Z", "2027-03-24T08:00:00Z");
  const c2 = candidate("2027-03-23T09:00", "2027-03-23T08:00:00Z", "2027-03-25T08:00:00Z");
  const c3 = candidate("2027-03-24T09:00", "2027-03-24T08:00:00Z", "2027-03-26T08:00:00Z");

  it("a daily series with 2-day occurrences overlaps itself: earlier dates win", () => {
    expect(findConflicts({ space: ROOM, candidates: [c1, c2, c3], existing: [] })).toEqual([
      {
        recurrenceId: "2027-03-23T09:00",
        startsAt: c2.startsAt,
        endsAt: c2.endsAt,
        reason: "ALREADY_BOOKED",
        message:
          "Le créneau du mardi 23 mars 2027 à 09:00 au jeudi 25 mars 2027 à 09:00 chevauche le créneau du lundi 22 mars 2027 à 09:00 au mercredi 24 mars 2027 à 09:00 de la même demande.",
        conflictingIds: [],
        conflictingRecurrenceIds: ["2027-03-22T09:00"],
      },
    ]);
  });

  it("with a buffer, back-to-back occurrences of the series conflict too", () => {
    const conflicts = findConflicts({ space: ROOM_BUFFER_15, candidates: [c1, c2, c3], existing: [] });
    expect(conflicts.map((c) => [c.recurrenceId, c.conflictingRecurrenceIds])).toEqual([
      ["2027-03-23T09:00", ["2027-03-22T09:00"]],
      ["2027-03-24T09:00", ["2027-03-22T09:00"]],
    ]);
    expect(conflicts[1].message).toBe(
      "Le créneau du mercredi 24 mars 2027 à 09:00 au vendredi 26 mars 2027 à 09:00 est trop proche du créneau du lundi 22 mars 2027 à 09:00 au mercredi 24 mars 2027 à 09:00 de la même demande : il faut laisser 15 min entre deux réservations."
    );
  });

  it("the result follows the input order, the decision follows the chronological order", () => {
    const conflicts = findConflicts({ space: ROOM_BUFFER_15, candidates: [c3, c2, c1], existing: [] });
    expect(conflicts.map((c) => c.recurrenceId)).toEqual(["2027-03-24T09:00", "2027-03-23T09:00"]);
  });

  it("a candidate rejected because of an existing booking does not block the next one", () => {
    const conflicts = findConflicts({
      space: ROOM,
      candidates: [
        candidate("first", "2027-03-22T08:30:00Z", "2027-03-22T10:00:00Z"),
        candidate("second", "2027-03-22T09:30:00Z", "2027-03-22T11:00:00Z"),
      ],
      existing: [existing("e", "2027-03-22T08:00:00Z", "2027-03-22T09:00:00Z")],
    });
    expect(conflicts.map((c) => [c.recurrenceId, c.conflictingIds])).toEqual([["first", ["e"]]]);
  });

  it("desk pool: accepted candidates take seats from the later ones", () => {
    const conflicts = findConflicts({
      space: { kind: "DESK_POOL", seats: 2, bufferMinutes: 0 },
      candidates: [c1, c2, c3],
      existing: [existing("e", "2027-03-22T00:00:00Z", "2027-03-27T00:00:00Z")],
    });
    expect(conflicts).toEqual([
      {
        recurrenceId: "2027-03-23T09:00",
        startsAt: c2.startsAt,
        endsAt: c2.endsAt,
        reason: "NOT_ENOUGH_SEATS",
        message:
          "Le créneau du mardi 23 mars 2027 à 09:00 au jeudi 25 mars 2027 à 09:00 est complet : les 2 places sont déjà réservées.",
        freeSeats: 0,
        conflictingIds: ["e"],
        conflictingRecurrenceIds: ["2027-03-22T09:00"],
      },
    ]);
  });

  it("a weekly series without overlap has no conflict", () => {
    const weekly = [
      candidate("w1", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z"),
      candidate("w2", "2027-03-30T12:00:00Z", "2027-03-30T14:00:00Z"),
      candidate("w3", "2027-04-06T12:00:00Z", "2027-04-06T14:00:00Z"),
    ];
    expect(findConflicts({ space: ROOM_BUFFER_15, candidates: weekly, existing: [] })).toEqual([]);
  });
});

// -----------------------------------------------------------------------------------------------
// Large inputs (correctness only, no timing assertion)
// -----------------------------------------------------------------------------------------------

describe("findConflicts — large inputs", () => {
  const HOUR = 3_600_000;
  const t0 = Date.parse("2027-01-04T08:00:00Z");

  it("room: 10 000 existing bookings, 500 candidates", () => {
    // Existing i: [t0 + 2h·i, t0 + 2h·i + 1h) — one busy hour every two hours.
    const many: ExistingOccurrence[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `e${i}`,
      startsAt: new Date(t0 + 2 * HOUR * i),
      endsAt: new Date(t0 + 2 * HOUR * i + HOUR),
      seats: 1,
      status: i % 2 === 0 ? "CONFIRMED" : "PENDING",
    }));
    // Candidate j (1 h) starts 40 h·j after t0, plus 1 h (exactly the free hour after e(20j))
    // or plus 30 min when j is a multiple of 3 (overlaps e(20j) only).
    const candidates: CandidateOccurrence[] = Array.from({ length: 500 }, (_, j) => {
      const start = t0 + 40 * HOUR * j + (j % 3 === 0 ? HOUR / 2 : HOUR);
      return { recurrenceId: `c${j}`, startsAt: new Date(start), endsAt: new Date(start + HOUR), seats: 1 };
    });
    // Shuffle deterministically: the input order must not matter.
    const shuffled = [...candidates].sort(
      (a, b) => ((Number(a.recurrenceId.slice(1)) * 7919) % 500) - ((Number(b.recurrenceId.slice(1)) * 7919) % 500)
    );

    const conflicts = findConflicts({ space: ROOM, candidates, existing: [...many].reverse() });
    const expected = Array.from({ length: 167 }, (_, k) => 3 * k); // 0, 3, …, 498
    expect(conflicts.map((c) => c.recurrenceId)).toEqual(expected.map((j) => `c${j}`));
    expect(conflicts.map((c) => c.conflictingIds)).toEqual(expected.map((j) => [`e${20 * j}`]));

    const fromShuffled = findConflicts({ space: ROOM, candidates: shuffled, existing: many });
    expect(new Set(fromShuffled.map((c) => c.recurrenceId))).toEqual(new Set(expected.map((j) => `c${j}`)));
  });

  it("desk pool: 10 000 existing bookings, 500 candidates", () => {
    // Existing i: 1 seat on [t0 + i h, t0 + i h + 2 h): from t0 + 1 h, exactly 2 seats are used
    // at any moment, although a 90-minute slot overlaps 3 bookings.
    const many: ExistingOccurrence[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `e${i}`,
      startsAt: new Date(t0 + HOUR * i),
      endsAt: new Date(t0 + HOUR * i + 2 * HOUR),
      seats: 1,
      status: "CONFIRMED",
    }));
    // Candidate j: 90 min from t0 + (10 + 19 j) h (never overlapping each other),
    // 1 seat when j is even (2 + 1 ≤ 3), 2 seats when odd (2 + 2 > 3).
    const candidates: CandidateOccurrence[] = Array.from({ length: 500 }, (_, j) => {
      const start = t0 + (10 + 19 * j) * HOUR;
      return {
        recurrenceId: `c${j}`,
        startsAt: new Date(start),
        endsAt: new Date(start + 1.5 * HOUR),
        seats: j % 2 === 0 ? 1 : 2,
      };
    });
    const conflicts = findConflicts({
      space: { kind: "DESK_POOL", seats: 3, bufferMinutes: 0 },
      candidates,
      existing: many,
    });
    const odd = Array.from({ length: 250 }, (_, k) => 2 * k + 1);
    expect(conflicts.map((c) => c.recurrenceId)).toEqual(odd.map((j) => `c${j}`));
    expect(conflicts.every((c) => c.freeSeats === 1 && c.reason === "NOT_ENOUGH_SEATS")).toBe(true);
    // Candidate j overlaps the bookings starting at (9 + 19 j), (10 + 19 j) and (11 + 19 j) h.
    expect(conflicts.map((c) => c.conflictingIds)).toEqual(
      odd.map((j) => [`e${9 + 19 * j}`, `e${10 + 19 * j}`, `e${11 + 19 * j}`])
    );
  });

  it("agrees with a brute-force reference on random inputs", () => {
    // Deterministic pseudo-random generator (mulberry32).
    let seed = 20270323;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const QUARTER = 15 * 60_000;
    const interval = () => {
      const start = t0 + Math.floor(random() * 2000) * QUARTER;
      return [start, start + (1 + Math.floor(random() * 16)) * QUARTER] as const;
    };

    for (const space of [
      { kind: "ROOM", seats: 1, bufferMinutes: 15 },
      { kind: "DESK_POOL", seats: 5, bufferMinutes: 0 },
    ] as ConflictSpace[]) {
      const ex: ExistingOccurrence[] = Array.from({ length: 300 }, (_, i) => {
        const [s, e] = interval();
        return {
          id: `e${i}`,
          startsAt: new Date(s),
          endsAt: new Date(e),
          seats: 1 + Math.floor(random() * 2),
          status: "CONFIRMED",
        };
      });
      const cands: CandidateOccurrence[] = Array.from({ length: 100 }, (_, j) => {
        const [s, e] = interval();
        return {
          recurrenceId: `c${j}`,
          startsAt: new Date(s),
          endsAt: new Date(e),
          seats: 1 + Math.floor(random() * 2),
        };
      });

      // Brute force: same greedy, chronological, checking every instant boundary.
      const buffer = space.kind === "ROOM" ? space.bufferMinutes * 60_000 : 0;
      const accepted: CandidateOccurrence[] = [];
      const expectedIds = new Set<string>();
      const order = cands
        .map((c, i) => ({ c, i }))
        .sort((a, b) => a.c.startsAt.getTime() - b.c.startsAt.getTime() || a.i - b.i);
      for (const { c } of order) {
        const s = c.startsAt.getTime();
        const e = c.endsAt.getTime();
        const others = [...ex, ...accepted];
        let ok: boolean;
        if (space.kind === "ROOM") {
          ok = others.every((o) => !(o.startsAt.getTime() < e + buffer && s < o.endsAt.getTime() + buffer));
        } else {
          const points = [s, ...others.map((o) => o.startsAt.getTime()).filter((p) => p > s && p < e)];
          const peak = Math.max(
            ...points.map((p) =>
              others.filter((o) => o.startsAt.getTime() <= p && p < o.endsAt.getTime()).reduce((n, o) => n + o.seats, 0)
            )
          );
          ok = peak + c.seats <= space.seats;
        }
        if (ok) accepted.push(c);
        else expectedIds.add(c.recurrenceId);
      }

      const conflicts = findConflicts({ space, candidates: cands, existing: ex });
      expect(conflicts.map((c) => c.recurrenceId)).toEqual(
        cands.filter((c) => expectedIds.has(c.recurrenceId)).map((c) => c.recurrenceId)
      );
      expect(expectedIds.size).toBeGreaterThan(0);
      expect(expectedIds.size).toBeLessThan(cands.length);
    }
  });
});

// -----------------------------------------------------------------------------------------------
// A room's closest bookings instead of its bookings (what a network-wide search reads)
// -----------------------------------------------------------------------------------------------

describe("closestBookingGaps", () => {
  const c = candidate("c", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z");

  it("is negative when a booking overlaps, zero when it touches, the gap otherwise", () => {
    const overlapping = closestBookingGaps([c], bookingSpans([existing("a", "2027-03-23T14:00:00Z", "2027-03-23T16:00:00Z")]), 30 * 60_000);
    expect(overlapping.get("c")).toBe(-60 * 60_000);
    const touching = closestBookingGaps([c], bookingSpans([existing("a", "2027-03-23T15:00:00Z", "2027-03-23T16:00:00Z")]), 30 * 60_000);
    expect(touching.get("c")).toBe(0);
    const before = closestBookingGaps([c], bookingSpans([existing("a", "2027-03-23T11:00:00Z", "2027-03-23T12:50:00Z")]), 30 * 60_000);
    expect(before.get("c")).toBe(10 * 60_000);
  });

  it("keeps the closest booking, ignores zero-length ones and those not closer than withinMs", () => {
    const gaps = closestBookingGaps(
      [c, candidate("d", "2027-03-24T13:00:00Z", "2027-03-24T15:00:00Z")],
      bookingSpans([
        existing("far", "2027-03-23T15:20:00Z", "2027-03-23T16:00:00Z"),
        existing("near", "2027-03-23T15:05:00Z", "2027-03-23T16:00:00Z"),
        existing("empty", "2027-03-23T14:00:00Z", "2027-03-23T14:00:00Z"),
        existing("beyond", "2027-03-24T15:30:00Z", "2027-03-24T16:00:00Z"),
      ]),
      30 * 60_000,
    );
    expect([...gaps]).toEqual([["c", 5 * 60_000]]);
  });
});

describe("findConflicts with a room's closest bookings", () => {
  it("says booked when the closest booking overlaps, too close when it is within the buffer", () => {
    const candidates = [
      candidate("overlap", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z"),
      candidate("near", "2027-03-24T13:00:00Z", "2027-03-24T15:00:00Z"),
      candidate("free", "2027-03-25T13:00:00Z", "2027-03-25T15:00:00Z"),
    ];
    const conflicts = findConflicts({
      space: ROOM_BUFFER_15,
      candidates,
      existing: [],
      closestBookings: new Map([
        ["overlap", -30 * 60_000],
        ["near", 10 * 60_000],
        ["free", 15 * 60_000],
      ]),
    });
    expect(conflicts.map(({ recurrenceId, reason, conflictingIds, message }) => ({ recurrenceId, reason, conflictingIds, message }))).toEqual([
      {
        recurrenceId: "overlap",
        reason: "ALREADY_BOOKED",
        conflictingIds: [],
        message: "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 est déjà réservé.",
      },
      {
        recurrenceId: "near",
        reason: "ALREADY_BOOKED",
        conflictingIds: [],
        message: "Le créneau du mercredi 24 mars 2027 de 14:00 à 16:00 est trop proche d'une autre réservation : il faut laisser 15 min entre deux réservations.",
      },
    ]);
  });

  it("gives each room its own message when rooms share the candidates (as a search's spaces do)", () => {
    const candidates = [candidate("date", "2027-03-24T13:00:00Z", "2027-03-24T15:00:00Z")];
    const messageFor = (space: ConflictSpace, gapMinutes: number) =>
      findConflicts({ space, candidates, existing: [], closestBookings: new Map([["date", gapMinutes * 60_000]]) }).map((conflict) => conflict.message);
    const slot = "Le créneau du mercredi 24 mars 2027 de 14:00 à 16:00";
    expect(messageFor(ROOM_BUFFER_15, 10)).toEqual([`${slot} est trop proche d'une autre réservation : il faut laisser 15 min entre deux réservations.`]);
    expect(messageFor({ ...ROOM_BUFFER_15, bufferMinutes: 30 }, 10)).toEqual([`${slot} est trop proche d'une autre réservation : il faut laisser 30 min entre deux réservations.`]);
    expect(messageFor(ROOM_BUFFER_15, -10)).toEqual([`${slot} est déjà réservé.`]);
    expect(messageFor(ROOM_BUFFER_15, 10)).toEqual([`${slot} est trop proche d'une autre réservation : il faut laisser 15 min entre deux réservations.`]);
  });

  it("is for rooms only", () => {
    expect(() =>
      findConflicts({ space: DESKS_4, candidates: [], existing: [], closestBookings: new Map() }),
    ).toThrow(RangeError);
  });

  /** Intervals of 0 to 12 quarter hours over two days (as [startMs, endMs]). */
  const QUARTER = 15 * 60_000;
  const interval = fc
    .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 12 }))
    .map(([from, quarters]) => [Date.parse("2027-03-22T06:00:00Z") + from * QUARTER, Date.parse("2027-03-22T06:00:00Z") + (from + quarters) * QUARTER] as const);
  const nonEmptyInterval = interval.filter(([from, to]) => to > from);

  it("answers a room with nothing booked near its dates as the full check does", () => {
    // A booking years away: changes no answer, but takes the full check.
    const faraway: ExistingOccurrence = { id: "far", startsAt: z("2001-01-01T08:00:00Z"), endsAt: z("2001-01-01T09:00:00Z"), seats: 1, status: "CONFIRMED" };
    fc.assert(
      fc.property(
        fc.constantFrom(0, 15, 30),
        fc.array(nonEmptyInterval, { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 12 }),
        fc.boolean(),
        (bufferMinutes, asked, gapMinutes, sorted) => {
          const space: ConflictSpace = { kind: "ROOM", seats: 1, bufferMinutes };
          const ordered = sorted ? [...asked].sort((a, b) => a[0] - b[0]) : asked;
          const candidates = ordered.map(([from, to], j): CandidateOccurrence => ({ recurrenceId: `c${j}`, startsAt: new Date(from), endsAt: new Date(to), seats: 1 }));
          const closestBookings = new Map(candidates.flatMap((c, j) => (j < gapMinutes.length ? [[c.recurrenceId, gapMinutes[j] * 60_000] as const] : [])));
          expect(findConflicts({ space, candidates, existing: [], closestBookings })).toEqual(
            findConflicts({ space, candidates, existing: [faraway], closestBookings }),
          );
        },
      ),
      { seed: 20271124, numRuns: 400 },
    );
  });

  it("finds the same conflicts, with the same messages, as the room's bookings themselves", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 15, 30),
        fc.array(interval, { maxLength: 25 }),
        fc.array(nonEmptyInterval, { maxLength: 12 }),
        (bufferMinutes, bookings, asked) => {
          const space: ConflictSpace = { kind: "ROOM", seats: 1, bufferMinutes };
          const ex = bookings.map(([from, to], i): ExistingOccurrence => ({
            id: `e${i}`,
            startsAt: new Date(from),
            endsAt: new Date(to),
            seats: 1,
            status: "CONFIRMED",
          }));
          const candidates = asked.map(([from, to], j): CandidateOccurrence => ({
            recurrenceId: `c${j}`,
            startsAt: new Date(from),
            endsAt: new Date(to),
            seats: 1,
          }));
          const shown = (conflicts: ReturnType<typeof findConflicts>) =>
            conflicts.map(({ recurrenceId, reason, message, conflictingRecurrenceIds }) => ({ recurrenceId, reason, message, conflictingRecurrenceIds }));
          // Read as far as the network's largest buffer (30 minutes), as the search does.
          const closestBookings = closestBookingGaps(candidates, bookingSpans(ex), 30 * 60_000);
          expect(shown(findConflicts({ space, candidates, existing: [], closestBookings }))).toEqual(
            shown(findConflicts({ space, candidates, existing: ex })),
          );
        },
      ),
      { seed: 20271123, numRuns: 400 },
    );
  });
});

describe("findConflicts with a desk pool's busiest seats", () => {
  it("says full or how many seats are left from the busiest moment of each date, naming no booking", () => {
    const candidates = [
      candidate("full", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z"),
      candidate("short", "2027-03-30T13:00:00Z", "2027-03-30T15:00:00Z", 2),
      candidate("fits", "2027-04-06T13:00:00Z", "2027-04-06T15:00:00Z", 2),
      candidate("nothing", "2027-04-13T13:00:00Z", "2027-04-13T15:00:00Z", 4),
    ];
    const conflicts = findConflicts({
      space: DESKS_4,
      candidates,
      existing: [],
      busiestSeats: new Map([
        ["full", 4],
        ["short", 3],
        ["fits", 2],
      ]),
    });
    expect(conflicts.map(({ recurrenceId, reason, freeSeats, conflictingIds, conflictingRecurrenceIds, message }) => ({ recurrenceId, reason, freeSeats, conflictingIds, conflictingRecurrenceIds, message }))).toEqual([
      {
        recurrenceId: "full",
        reason: "NOT_ENOUGH_SEATS",
        freeSeats: 0,
        conflictingIds: [],
        conflictingRecurrenceIds: [],
        message: "Le créneau du mardi 23 mars 2027 de 14:00 à 16:00 est complet : les 4 places sont déjà réservées.",
      },
      {
        recurrenceId: "short",
        reason: "NOT_ENOUGH_SEATS",
        freeSeats: 1,
        conflictingIds: [],
        conflictingRecurrenceIds: [],
        message: "Le créneau du mardi 30 mars 2027 de 15:00 à 17:00 n'a plus qu'une place libre sur 4 (2 demandées).",
      },
    ]);
    // The same candidates in pools of other sizes (a search's pools share them): each its own message.
    const messagesIn = (seats: number, busiest: number) =>
      findConflicts({ space: { ...DESKS_4, seats }, candidates: candidates.slice(1, 2), existing: [], busiestSeats: new Map([["short", busiest]]) }).map((conflict) => conflict.message);
    expect(messagesIn(6, 5)).toEqual(["Le créneau du mardi 30 mars 2027 de 15:00 à 17:00 n'a plus qu'une place libre sur 6 (2 demandées)."]);
    expect(messagesIn(6, 6)).toEqual(["Le créneau du mardi 30 mars 2027 de 15:00 à 17:00 est complet : les 6 places sont déjà réservées."]);
    expect(messagesIn(4, 3)).toEqual(["Le créneau du mardi 30 mars 2027 de 15:00 à 17:00 n'a plus qu'une place libre sur 4 (2 demandées)."]);
  });

  it("is for desk pools, instead of their bookings, and dates that do not overlap", () => {
    const busiestSeats = new Map<string, number>();
    const monday = candidate("a", "2027-03-22T13:00:00Z", "2027-03-22T15:00:00Z");
    expect(() => findConflicts({ space: ROOM, candidates: [monday], existing: [], busiestSeats })).toThrow(RangeError);
    expect(() => findConflicts({ space: DESKS_4, candidates: [monday], existing: [existing("e", "2027-03-22T13:00:00Z", "2027-03-22T14:00:00Z")], busiestSeats })).toThrow(RangeError);
    const overlapping = candidate("b", "2027-03-22T14:00:00Z", "2027-03-22T16:00:00Z");
    expect(() => findConflicts({ space: DESKS_4, candidates: [monday, overlapping], existing: [], busiestSeats })).toThrow(RangeError);
    const before = candidate("c", "2027-03-21T13:00:00Z", "2027-03-21T15:00:00Z");
    expect(() => findConflicts({ space: DESKS_4, candidates: [monday, before], existing: [], busiestSeats })).toThrow(RangeError);
  });
});

// -----------------------------------------------------------------------------------------------
// Opening intervals and free intervals
// -----------------------------------------------------------------------------------------------

const WEEKDAY_RANGES = [
  { open: "08:30", close: "12:30" },
  { open: "13:30", close: "18:00" },
];
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

type Expected = Array<[string, string, number]>;
const asTuples = (intervals: Array<{ startsAt: Date; endsAt: Date; freeSeats?: number }>) =>
  intervals.map((i) => [i.startsAt.toISOString(), i.endsAt.toISOString(), i.freeSeats ?? 1]);
const iso = (hhmm: string, day = "2027-03-23") => `${day}T${hhmm}:00.000Z`;

describe("openingIntervals", () => {
  it("office hours with a lunch break, over a weekend", () => {
    // From vendredi 19 mars 2027 12:00 Paris to lundi 22 mars 09:00 Paris.
    const intervals = openingIntervals({
      from: z("2027-03-19T11:00:00Z"),
      to: z("2027-03-22T08:00:00Z"),
      openingHours: WEEK_HOURS,
    });
    expect(asTuples(intervals)).toEqual([
      [iso("11:00", "2027-03-19"), iso("11:30", "2027-03-19"), 1],
      [iso("12:30", "2027-03-19"), iso("17:00", "2027-03-19"), 1],
      [iso("08:00", "2027-03-20"), iso("12:00", "2027-03-20"), 1], // samedi 09:00–13:00
      [iso("07:30", "2027-03-22"), iso("08:00", "2027-03-22"), 1], // lundi 08:30 → window end
    ]);
  });

  it("ranges chained at midnight are merged", () => {
    const intervals = openingIntervals({
      from: z("2027-03-22T00:00:00Z"),
      to: z("2027-03-24T00:00:00Z"),
      openingHours: { ...WEEK_HOURS, 1: [{ open: "20:00", close: "24:00" }], 2: [{ open: "00:00", close: "06:00" }] },
    });
    expect(asTuples(intervals)).toEqual([[iso("19:00", "2027-03-22"), iso("05:00", "2027-03-23"), 1]]);
  });

  it.each<[string, string, string, Expected]>([
    [
      "the spring DST day",
      "2027-03-27T23:00:00Z",
      "2027-03-28T22:00:00Z",
      [[iso("06:00", "2027-03-28"), iso("16:00", "2027-03-28"), 1]],
    ],
    [
      "the autumn DST day",
      "2027-10-30T22:00:00Z",
      "2027-10-31T23:00:00Z",
      [[iso("07:00", "2027-10-31"), iso("17:00", "2027-10-31"), 1]],
    ],
  ])("08:00–18:00 on %s", (_name, from, to, expected) => {
    expect(asTuples(openingIntervals({ from: z(from), to: z(to), openingHours: OFFICE_HOURS }))).toEqual(expected);
  });

  it("without opening hours: open around the clock except closed dates", () => {
    const intervals = openingIntervals({
      from: z("2027-03-23T12:00:00Z"),
      to: z("2027-03-25T12:00:00Z"),
      openingHours: null,
      closures: [{ startsOn: "2027-03-24", endsOn: "2027-03-24", reason: "Maintenance" }],
    });
    // Closed from mercredi 24 mars 00:00 Paris (23 mars 23:00Z) to jeudi 25 mars 00:00 Paris.
    expect(asTuples(intervals)).toEqual([
      [iso("12:00", "2027-03-23"), iso("23:00", "2027-03-23"), 1],
      [iso("23:00", "2027-03-24"), iso("12:00", "2027-03-25"), 1],
    ]);
  });

  it("are, for any window, hours and closures, what Luxon's day-by-day wall clock gives", () => {
    // The former implementation, on Luxon's DateTime in Europe/Paris: the oracle.
    const withLuxon = (from: number, to: number, openingHours: OpeningHours | null, closures: Closure[]) => {
      const spans: Array<[number, number]> = [];
      const lastDay = DateTime.fromMillis(to - 1, { zone: PARIS_ZONE }).startOf("day");
      for (let day = DateTime.fromMillis(from, { zone: PARIS_ZONE }).startOf("day"); day <= lastDay; day = day.plus({ days: 1 })) {
        const date = day.toISODate()!;
        if (closures.some((c) => c.startsOn <= date && date <= c.endsOn)) continue;
        for (const r of openingHours ? openingRangesOf(openingHours, day.weekday as IsoWeekday) : [{ open: 0, close: 1440 }]) {
          const start = day.set({ hour: Math.floor(r.open / 60), minute: r.open % 60 }).toMillis();
          const end = r.close === 1440 ? day.plus({ days: 1 }).startOf("day").toMillis() : day.set({ hour: Math.floor(r.close / 60), minute: r.close % 60 }).toMillis();
          if (Math.min(end, to) > Math.max(start, from)) spans.push([Math.max(start, from), Math.min(end, to)]);
        }
      }
      const merged: Array<[number, number]> = [];
      for (const span of spans.sort((a, b) => a[0] - b[0])) {
        const last = merged.at(-1);
        if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
        else merged.push([...span]);
      }
      return merged;
    };
    const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    // Bounds on the quarter hour, many of them in the night when the clocks change.
    const range = fc
      .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 96 }))
      .filter(([a, b]) => a < b)
      .map(([a, b]) => ({ open: hhmm(a * 15), close: hhmm(b * 15) }));
    const dayHours = fc.array(range, { maxLength: 3 });
    const hours = fc.option(
      fc.tuple(dayHours, dayHours, dayHours, dayHours, dayHours, dayHours, dayHours).map(([mon, tue, wed, thu, fri, sat, sun]): OpeningHours => ({ 1: mon, 2: tue, 3: wed, 4: thu, 5: fri, 6: sat, 7: sun })),
    );
    const change = fc.constantFrom(Date.UTC(2027, 2, 28, 1), Date.UTC(2027, 9, 31, 1), Date.UTC(2028, 2, 26, 1));
    const window = fc
      .tuple(change, fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }), fc.integer({ min: 0, max: 4 * 24 * 60 }))
      .map(([at, startMinutes, lengthMinutes]) => [at + startMinutes * 60_000, at + (startMinutes + lengthMinutes) * 60_000] as const);
    const closures = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 })).map(([first, days]): Closure => ({ startsOn: `2027-03-${String(23 + first).padStart(2, "0")}`, endsOn: `2027-03-${String(23 + first + days).padStart(2, "0")}`, reason: "Fermé" })),
      { maxLength: 2 },
    );
    fc.assert(
      fc.property(window, hours, closures, ([from, to], openingHours, closed) => {
        const intervals = openingIntervals({ from: new Date(from), to: new Date(to), openingHours, closures: closed });
        expect(intervals.map((i) => [i.startsAt.getTime(), i.endsAt.getTime()])).toEqual(withLuxon(from, to, openingHours, closed));
      }),
      { numRuns: 1500 },
    );
  });

  it("an empty window", () => {
    expect(
      openingIntervals({ from: z("2027-03-23T12:00:00Z"), to: z("2027-03-23T12:00:00Z"), openingHours: null })
    ).toEqual([]);
  });
});

describe("freeIntervals", () => {
  // Window: mardi 23 mars 2027 08:00–20:00 Paris. Bookings 10:00–11:00 and 14:00–16:00 Paris.
  const from = T("07:00");
  const to = T("19:00");
  const bookings = [
    existing("r1", "2027-03-23T09:00:00Z", "2027-03-23T10:00:00Z"),
    existing("r2", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { status: "PENDING" }),
  ];

  it.each<[string, Parameters<typeof freeIntervals>[0], Expected]>([
    [
      "room, no buffer, no opening hours",
      { from, to, existing: bookings, space: ROOM },
      [
        [iso("07:00"), iso("09:00"), 1],
        [iso("10:00"), iso("13:00"), 1],
        [iso("15:00"), iso("19:00"), 1],
      ],
    ],
    [
      "room with a 15-minute buffer",
      { from, to, existing: bookings, space: ROOM_BUFFER_15 },
      [
        [iso("07:00"), iso("08:45"), 1],
        [iso("10:15"), iso("12:45"), 1],
        [iso("15:15"), iso("19:00"), 1],
      ],
    ],
    [
      "room within opening hours (two ranges a day)",
      { from, to, existing: bookings, space: ROOM, openingHours: WEEK_HOURS },
      [
        [iso("07:30"), iso("09:00"), 1],
        [iso("10:00"), iso("11:30"), 1],
        [iso("12:30"), iso("13:00"), 1],
        [iso("15:00"), iso("17:00"), 1],
      ],
    ],
    [
      "room on a closed date",
      {
        from,
        to,
        existing: bookings,
        space: ROOM,
        openingHours: WEEK_HOURS,
        closures: [{ startsOn: "2027-03-20", endsOn: "2027-03-23", reason: "Travaux" }],
      },
      [],
    ],
    [
      "room, back-to-back bookings leave no empty interval",
      {
        from: T("08:00"),
        to: T("12:00"),
        existing: [existing("a", iso("09:00"), iso("10:00")), existing("b", iso("10:00"), iso("11:00"))],
        space: ROOM,
      },
      [
        [iso("08:00"), iso("09:00"), 1],
        [iso("11:00"), iso("12:00"), 1],
      ],
    ],
    [
      "room, bookings partly outside the window are clipped",
      {
        from: T("08:00"),
        to: T("12:00"),
        existing: [existing("a", iso("06:00"), iso("09:00")), existing("b", iso("11:30"), iso("13:00"))],
        space: ROOM,
      },
      [[iso("09:00"), iso("11:30"), 1]],
    ],
    ["an empty window", { from: T("12:00"), to: T("12:00"), existing: [], space: ROOM }, []],
  ])("%s", (_name, input, expected) => {
    expect(asTuples(freeIntervals(input))).toEqual(expected);
  });

  // Desk pool of 4: 2 seats 14:00–16:00 and 1 seat 15:00–17:00 Paris.
  // Free seats: 12–14: 4, 14–15: 2, 15–16: 1, 16–17: 3, 17–18: 4 (Paris).
  const deskBookings = [
    existing("d1", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z", { seats: 2 }),
    existing("d2", "2027-03-23T14:00:00Z", "2027-03-23T16:00:00Z", { seats: 1, status: "PENDING" }),
  ];
  it.each<[number, ConflictSpace, Expected]>([
    [1, DESKS_4, [[iso("11:00"), iso("17:00"), 1]]],
    [
      2,
      DESKS_4,
      [
        [iso("11:00"), iso("14:00"), 2],
        [iso("15:00"), iso("17:00"), 3],
      ],
    ],
    [
      3,
      DESKS_4,
      [
        [iso("11:00"), iso("13:00"), 4],
        [iso("15:00"), iso("17:00"), 3],
      ],
    ],
    [
      4,
      DESKS_4,
      [
        [iso("11:00"), iso("13:00"), 4],
        [iso("16:00"), iso("17:00"), 4],
      ],
    ],
    [5, DESKS_4, []],
    // The buffer does not apply to desk pools.
    [
      4,
      { kind: "DESK_POOL", seats: 4, bufferMinutes: 30 },
      [
        [iso("11:00"), iso("13:00"), 4],
        [iso("16:00"), iso("17:00"), 4],
      ],
    ],
  ])("desk pool, %i seat(s) wanted", (seatsWanted, space, expected) => {
    expect(
      asTuples(freeIntervals({ from: T("11:00"), to: T("17:00"), existing: deskBookings, space, seatsWanted }))
    ).toEqual(expected);
  });

  it("desk pool: the minimum free count is taken after intersecting with opening hours", () => {
    // Open 08:30–12:30 and 13:30–18:00 Paris; window 12:00–18:00 Paris.
    const intervals = freeIntervals({
      from: T("11:00"),
      to: T("17:00"),
      existing: deskBookings,
      space: DESKS_4,
      openingHours: WEEK_HOURS,
      seatsWanted: 2,
    });
    expect(asTuples(intervals)).toEqual([
      [iso("11:00"), iso("11:30"), 4],
      [iso("12:30"), iso("14:00"), 2],
      [iso("15:00"), iso("17:00"), 3],
    ]);
  });

  it.each<[string, string, string, Expected]>([
    [
      "spring DST day",
      "2027-03-27T23:00:00Z",
      "2027-03-28T22:00:00Z",
      [
        [iso("06:00", "2027-03-28"), iso("12:00", "2027-03-28"), 1],
        [iso("14:00", "2027-03-28"), iso("16:00", "2027-03-28"), 1],
      ],
    ],
    [
      "autumn DST day",
      "2027-10-30T22:00:00Z",
      "2027-10-31T23:00:00Z",
      [
        [iso("07:00", "2027-10-31"), iso("13:00", "2027-10-31"), 1],
        [iso("15:00", "2027-10-31"), iso("17:00", "2027-10-31"), 1],
      ],
    ],
  ])("room open 08:00–18:00 booked 14:00–16:00 on the %s", (_name, dayFrom, dayTo, expected) => {
    const day = dayFrom.startsWith("2027-03") ? "2027-03-28" : "2027-10-31";
    const booking =
      day === "2027-03-28"
        ? existing("dst", "2027-03-28T12:00:00Z", "2027-03-28T14:00:00Z")
        : existing("dst", "2027-10-31T13:00:00Z", "2027-10-31T15:00:00Z");
    const intervals = freeIntervals({
      from: z(dayFrom),
      to: z(dayTo),
      existing: [booking],
      space: ROOM,
      openingHours: OFFICE_HOURS,
    });
    expect(asTuples(intervals)).toEqual(expected);
  });
});
