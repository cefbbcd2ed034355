import { bookableOccurrences, blockedOccurrences, bookingHorizonEnd, checkBookingRequest, planBooking, type PlanningSpace } from "~/domain/booking-plan";
import { DEFAULT_BOOKING_RULES, sameHoursEveryDay } from "~/domain/space-rules";

const NOW = new Date("2027-03-01T08:00:00Z");

const room: PlanningSpace = {
  kind: "ROOM",
  seats: 1,
  openingHours: sameHoursEveryDay([{ open: "08:00", close: "20:00" }]),
  closures: [{ startsOn: "2027-03-16", endsOn: "2027-03-16", reason: "Inventaire" }],
  rules: { ...DEFAULT_BOOKING_RULES, minNoticeMinutes: 0, horizonDays: 21, bufferMinutes: 0 },
};

describe("bookingHorizonEnd", () => {
  it.each([
    ["2027-03-01T08:00:00Z", 30, "2027-03-31T07:00:00.000Z"], // 09:00 Paris stays 09:00 Paris after the spring change
    ["2027-10-15T08:00:00Z", 30, "2027-11-14T09:00:00.000Z"], // and after the autumn one
    ["2027-03-01T08:00:00Z", 1, "2027-03-02T08:00:00.000Z"],
  ])("from %s plus %i Paris days is %s", (now, days, expected) => {
    expect(bookingHorizonEnd(new Date(now), days).toISOString()).toBe(expected);
  });
});

describe("checkBookingRequest", () => {
  it.each([
    [{ localStart: "2027-03-28T02:30", localEnd: "2027-03-28T04:00" }, 1, "start", "L'heure de début n'existe pas à Paris"],
    [{ localStart: "2027-03-28T01:00", localEnd: "2027-03-28T02:15" }, 1, "end", "L'heure de fin n'existe pas à Paris"],
    [{ localStart: "2027-03-02T10:00", localEnd: "2027-03-02T10:00" }, 1, "end", ""],
  ] as const)("refuses %j", (times, seats, field, message) => {
    const error = checkBookingRequest(room, { ...times, rrule: null, seats });
    expect(error?.field).toBe(field);
    expect(error?.message).toContain(message);
  });

  it("accepts 1..N seats in a desk pool only", () => {
    const pool = { ...room, kind: "DESK_POOL" as const, seats: 6 };
    const request = { localStart: "2027-03-02T10:00", localEnd: "2027-03-02T12:00", rrule: null };
    expect(checkBookingRequest(pool, { ...request, seats: 6 })).toBeNull();
    expect(checkBookingRequest(pool, { ...request, seats: 0 })).toEqual({ field: "seats", message: "Choisissez entre 1 et 6 postes." });
    expect(checkBookingRequest(pool, { ...request, seats: 7 })).toEqual({ field: "seats", message: "Choisissez entre 1 et 6 postes." });
  });
});

describe("planBooking", () => {
  it("plans a weekly series up to the horizon, with closures and conflicts as blocked dates", () => {
    const plan = planBooking({
      space: room,
      request: { localStart: "2027-03-02T14:00", localEnd: "2027-03-02T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", seats: 1 },
      existing: [{ id: "x", startsAt: new Date("2027-03-04T14:30:00Z"), endsAt: new Date("2027-03-04T15:00:00Z"), seats: 1, status: "CONFIRMED" }],
      now: NOW,
    });
    // Horizon: 21 days after 2027-03-01 09:00 Paris → up to 2027-03-22 09:00.
    expect(plan.occurrences.map((o) => o.recurrenceId)).toEqual([
      "2027-03-02T14:00",
      "2027-03-04T14:00",
      "2027-03-09T14:00",
      "2027-03-11T14:00",
      "2027-03-16T14:00",
      "2027-03-18T14:00",
    ]);
    expect(plan.continuesBeyondHorizon).toBe(true);
    expect(plan.materializedUntil.toISOString()).toBe("2027-03-22T08:00:00.001Z");
    expect(blockedOccurrences(plan).map((o) => [o.recurrenceId, o.problems.map((p) => p.code)])).toEqual([
      ["2027-03-04T14:00", ["ALREADY_BOOKED"]],
      ["2027-03-16T14:00", ["CLOSED"]],
    ]);
    expect(bookableOccurrences(plan)).toHaveLength(4);
  });

  it("reports a one-off booking beyond the horizon as blocked, not as missing", () => {
    const plan = planBooking({
      space: room,
      request: { localStart: "2027-06-01T10:00", localEnd: "2027-06-01T11:00", rrule: null, seats: 1 },
      existing: [],
      now: NOW,
    });
    expect(plan.occurrences).toHaveLength(1);
    expect(plan.occurrences[0].problems.map((p) => p.code)).toEqual(["BEYOND_HORIZON"]);
    expect(plan.continuesBeyondHorizon).toBe(false);
  });

  it("lists the dates of a rule that fall in the DST gap as impossible", () => {
    const nightOwl = { ...room, openingHours: null, closures: [], rules: { ...room.rules, horizonDays: 60 } };
    const plan = planBooking({
      space: nightOwl,
      request: { localStart: "2027-03-27T02:30", localEnd: "2027-03-27T03:30", rrule: "FREQ=DAILY;COUNT=3", seats: 1 },
      existing: [],
      now: NOW,
    });
    expect(plan.occurrences.map((o) => o.recurrenceId)).toEqual(["2027-03-27T02:30", "2027-03-29T02:30"]);
    expect(plan.impossible.map((o) => [o.recurrenceId, o.problems[0].code])).toEqual([["2027-03-28T02:30", "DST_GAP"]]);
  });
});

describe("continuesBeyondHorizon", () => {
  it("sees the dates after one that straddles the horizon", () => {
    const openAllDay = { ...room, openingHours: null, closures: [], rules: { ...room.rules, horizonDays: 1 } };
    const plan = planBooking({
      space: openAllDay,
      request: { localStart: "2027-01-04T08:00", localEnd: "2027-01-04T10:00", rrule: "FREQ=DAILY;COUNT=10", seats: 1 },
      existing: [],
      now: new Date("2027-01-04T08:00:00Z"),
    });
    expect(plan.occurrences.map((o) => o.recurrenceId)).toEqual(["2027-01-04T08:00", "2027-01-05T08:00"]);
    expect(plan.continuesBeyondHorizon).toBe(true);
  });
});
