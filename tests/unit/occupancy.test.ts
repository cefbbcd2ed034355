import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestBookingGaps, findConflicts, lowerBound, lowerBoundFrom, type CandidateOccurrence, type ConflictSpace, type ExistingOccurrence } from "~/domain/conflicts";
import {
  buildOccupancy,
  EMPTY_OCCUPANCY,
  occupancyBusiestSeats,
  occupancyGaps,
  occupancyOverlapping,
  type OccupancyRow,
} from "~/domain/occupancy";

const HOUR = 60 * 60_000;
const at = (iso: string) => new Date(iso).getTime();
const candidate = (recurrenceId: string, start: string, end: string) => ({ recurrenceId, startsAt: new Date(start), endsAt: new Date(end) });

describe("buildOccupancy", () => {
  it("sorts the bookings by start and keeps their seats, status and the longest one", () => {
    const occupancy = buildOccupancy([
      [at("2027-03-24T13:00:00Z"), at("2027-03-24T15:00:00Z"), 3, 0, "b"],
      [at("2027-03-23T08:00:00Z"), at("2027-03-23T18:00:00Z"), 1, 1, "a"],
    ]);
    expect([...occupancy.starts]).toEqual([at("2027-03-23T08:00:00Z"), at("2027-03-24T13:00:00Z")]);
    expect([...occupancy.ends]).toEqual([at("2027-03-23T18:00:00Z"), at("2027-03-24T15:00:00Z")]);
    expect([...occupancy.seats]).toEqual([1, 3]);
    expect([...occupancy.pending]).toEqual([1, 0]);
    expect(occupancy.ids).toEqual(["a", "b"]);
    expect(occupancy.longestMs).toBe(10 * HOUR);
  });

  it("keeps no ids for a room's rows, and shares one empty occupancy", () => {
    expect(buildOccupancy([[at("2027-03-23T08:00:00Z"), at("2027-03-23T09:00:00Z"), 1, 0, 0]]).ids).toBeNull();
    expect(buildOccupancy([])).toBe(EMPTY_OCCUPANCY);
  });
});

describe("occupancyGaps", () => {
  const c = candidate("c", "2027-03-23T13:00:00Z", "2027-03-23T15:00:00Z");

  it("finds a long booking that started days before the date", () => {
    const occupancy = buildOccupancy([
      [at("2027-03-20T08:00:00Z"), at("2027-03-23T14:00:00Z"), 1, 0, 0],
      [at("2027-03-23T10:00:00Z"), at("2027-03-23T11:00:00Z"), 1, 0, 0],
    ]);
    expect([...occupancyGaps(occupancy, [c], 30 * 60_000)]).toEqual([["c", -HOUR]]);
  });

  it("stops at the first booking too far after the date, and ignores zero-length ones", () => {
    const occupancy = buildOccupancy([
      [at("2027-03-23T14:00:00Z"), at("2027-03-23T14:00:00Z"), 1, 0, 0],
      [at("2027-03-23T15:10:00Z"), at("2027-03-23T16:00:00Z"), 1, 0, 0],
      [at("2027-03-30T13:00:00Z"), at("2027-03-30T15:00:00Z"), 1, 0, 0],
    ]);
    expect([...occupancyGaps(occupancy, [c], 30 * 60_000)]).toEqual([["c", 10 * 60_000]]);
    expect(occupancyGaps(occupancy, [c], 10 * 60_000).size).toBe(0);
  });

  // Bookings on a grid of quarter hours over a few days, so that they touch, overlap and nest.
  const span = fc
    .tuple(fc.integer({ min: 0, max: 4 * 24 * 3 }), fc.integer({ min: 0, max: 4 * 30 }))
    .map(([start, length]): [number, number] => [at("2027-03-22T00:00:00Z") + start * 15 * 60_000, at("2027-03-22T00:00:00Z") + (start + length) * 15 * 60_000]);

  it("gives the same gaps as closestBookingGaps over every booking", () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 40 }), fc.array(span, { minLength: 1, maxLength: 8 }), fc.constantFrom(0, 15, 60, 240), (bookings, asked, bufferMinutes) => {
        const candidates = asked
          .filter(([start, end]) => end > start)
          .map(([start, end], index) => ({ recurrenceId: String(index), startsAt: new Date(start), endsAt: new Date(end) }));
        const occupancy = buildOccupancy(bookings.map(([start, end]) => [start, end, 1, 0, 0]));
        const expected = closestBookingGaps(candidates, bookings.flat(), bufferMinutes * 60_000);
        expect(occupancyGaps(occupancy, candidates, bufferMinutes * 60_000)).toEqual(expected);
      }),
    );
  });
});

describe("occupancyOverlapping", () => {
  it("returns each booking overlapping some range once, by start, as the conflict check reads them", () => {
    const occupancy = buildOccupancy([
      [at("2027-03-23T12:00:00Z"), at("2027-03-23T16:00:00Z"), 2, 1, "both"],
      [at("2027-03-23T09:00:00Z"), at("2027-03-23T10:00:00Z"), 1, 0, "before"],
      [at("2027-03-23T14:00:00Z"), at("2027-03-23T15:00:00Z"), 3, 0, "inside"],
      [at("2027-03-23T16:00:00Z"), at("2027-03-23T17:00:00Z"), 1, 0, "touching"],
    ]);
    const ranges = [
      { startsAt: new Date("2027-03-23T13:00:00Z"), endsAt: new Date("2027-03-23T14:30:00Z") },
      { startsAt: new Date("2027-03-23T15:00:00Z"), endsAt: new Date("2027-03-23T16:00:00Z") },
    ];
    expect(occupancyOverlapping(occupancy, ranges)).toEqual<ExistingOccurrence[]>([
      { id: "both", startsAt: new Date("2027-03-23T12:00:00Z"), endsAt: new Date("2027-03-23T16:00:00Z"), seats: 2, status: "PENDING" },
      { id: "inside", startsAt: new Date("2027-03-23T14:00:00Z"), endsAt: new Date("2027-03-23T15:00:00Z"), seats: 3, status: "CONFIRMED" },
    ]);
  });

  it("agrees with a scan of every booking", () => {
    const moment = fc.integer({ min: 0, max: 200 }).map((quarter) => at("2027-03-22T00:00:00Z") + quarter * 15 * 60_000);
    const interval = fc.tuple(moment, moment).map(([a, b]) => ({ startsAt: new Date(Math.min(a, b)), endsAt: new Date(Math.max(a, b)) }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), fc.array(interval, { maxLength: 5 }), (bookings, ranges) => {
        const rows: OccupancyRow[] = bookings.map((booking, index) => [booking.startsAt.getTime(), booking.endsAt.getTime(), 1, 0, `o${index}`]);
        const found = occupancyOverlapping(buildOccupancy(rows), ranges).map((occurrence) => occurrence.id);
        const expected = bookings.flatMap((booking, index) =>
          ranges.some((range) => booking.startsAt < range.endsAt && booking.endsAt > range.startsAt) ? [`o${index}`] : [],
        );
        expect(new Set(found)).toEqual(new Set(expected));
        expect(found).toHaveLength(expected.length);
      }),
    );
  });

  it("refuses a room's occupancy, which names no booking", () => {
    const room = buildOccupancy([[at("2027-03-23T12:00:00Z"), at("2027-03-23T13:00:00Z"), 1, 0, 0]]);
    expect(() => occupancyOverlapping(room, [{ startsAt: new Date("2027-03-23T12:00:00Z"), endsAt: new Date("2027-03-23T13:00:00Z") }])).toThrow(RangeError);
  });
});

describe("occupancyBusiestSeats", () => {
  it("finds the busiest moment of each date, not the sum of the bookings overlapping it", () => {
    const occupancy = buildOccupancy([
      // Three days long, from before the date: reached through the longest booking.
      [at("2027-03-20T08:00:00Z"), at("2027-03-23T14:00:00Z"), 2, 0, "long"],
      [at("2027-03-23T14:00:00Z"), at("2027-03-23T15:00:00Z"), 3, 1, "after-long"],
      [at("2027-03-23T14:30:00Z"), at("2027-03-23T16:00:00Z"), 1, 0, "overlapping"],
      [at("2027-03-23T15:00:00Z"), at("2027-03-23T15:00:00Z"), 9, 0, "empty"],
      [at("2027-03-23T16:00:00Z"), at("2027-03-23T17:00:00Z"), 5, 0, "touching"],
    ]);
    const busiest = occupancyBusiestSeats(occupancy, [
      candidate("c", "2027-03-23T13:00:00Z", "2027-03-23T16:00:00Z"),
      candidate("free", "2027-03-24T13:00:00Z", "2027-03-24T16:00:00Z"),
    ]);
    // 14:30–15:00: 3 + 1 seats; the long booking (2) ended at 14:00; pending bookings count.
    expect([...busiest]).toEqual([["c", 4]]);
  });

  it("lets a desk pool's conflict check answer as it does from the bookings themselves", () => {
    const quarter = fc.integer({ min: 0, max: 300 }).map((count) => at("2027-03-22T00:00:00Z") + count * 15 * 60_000);
    const booking = fc.tuple(quarter, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 4 }));
    fc.assert(
      fc.property(
        fc.array(booking, { maxLength: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (bookings, steps, poolSeats, wanted) => {
          const rows: OccupancyRow[] = bookings.map(([start, quarters, seats], index) => [start, start + quarters * 15 * 60_000, seats, 0, `o${index}`]);
          // Dates one after the other, apart or touching, as a search's.
          let end = at("2027-03-22T00:00:00Z");
          const candidates = steps.map(([quarters, pause], index): CandidateOccurrence => {
            const startsAt = new Date(end + pause * 15 * 60_000);
            end = startsAt.getTime() + quarters * 15 * 60_000;
            return { recurrenceId: `c${index}`, startsAt, endsAt: new Date(end), seats: wanted };
          });
          const space: ConflictSpace = { kind: "DESK_POOL", seats: poolSeats, bufferMinutes: 0 };
          const existing: ExistingOccurrence[] = rows.map(([start, finish, seats, , id]) => ({ id: String(id), startsAt: new Date(start), endsAt: new Date(finish), seats, status: "CONFIRMED" }));
          const shown = (conflicts: ReturnType<typeof findConflicts>) => conflicts.map(({ recurrenceId, freeSeats, message }) => ({ recurrenceId, freeSeats, message }));
          const busiestSeats = occupancyBusiestSeats(buildOccupancy(rows), candidates);
          expect(shown(findConflicts({ space, candidates, existing: [], busiestSeats }))).toEqual(shown(findConflicts({ space, candidates, existing })));
        },
      ),
      { seed: 20271125, numRuns: 500 },
    );
  });
});

describe("lowerBoundFrom", () => {
  it("finds what lowerBound finds, from any index, for values asked in any order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), fc.array(fc.integer({ min: -5, max: 55 }), { maxLength: 20 }), fc.nat(), (values, asked, start) => {
        const sorted = Float64Array.from(values).sort();
        let from = start % (sorted.length + 1);
        for (const x of asked) {
          const expected = lowerBound(sorted, x);
          expect(lowerBoundFrom(sorted, x, from)).toBe(expected);
          from = expected;
        }
      }),
      { seed: 20271126, numRuns: 500 },
    );
  });
});
