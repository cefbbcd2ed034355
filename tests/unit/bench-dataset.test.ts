// The benchmark's generator must be deterministic and respect the booking invariants by
// construction, and its double-booking sweep must catch overlaps (bench/dataset.ts, bench/http.ts).
import { describe, expect, it } from "vitest";
import { generateDataset, prng, sizeAt, type Row } from "../../bench/dataset";
import { countDoubleBookings } from "../../bench/http";

async function tinyDataset(seed = 7) {
  const tables = new Map<string, Row[]>();
  await generateDataset(sizeAt(0.002), async (table, rows) => void tables.set(table, [...(tables.get(table) ?? []), ...rows]), { seed, passwordHash: "hash", chunk: 97 });
  return tables;
}

describe("benchmark dataset", () => {
  it("is the same for the same seed", async () => {
    const [first, second] = [await tinyDataset(), await tinyDataset()];
    expect(second.get("Occurrence")).toEqual(first.get("Occurrence"));
    expect(prng(1)()).toBe(prng(1)());
  });

  it("writes every series before its occurrences and never double-books", async () => {
    const tables = await tinyDataset();
    const spaces = new Map((tables.get("Space") ?? []).map((space) => [space.id as string, space]));
    const occurrences = tables.get("Occurrence") ?? [];
    expect(occurrences.length).toBeGreaterThan(1000);
    const seriesIds = new Set((tables.get("BookingSeries") ?? []).map((series) => series.id));
    expect(occurrences.every((occurrence) => seriesIds.has(occurrence.seriesId))).toBe(true);
    const active = occurrences
      .filter((occurrence) => occurrence.status !== "CANCELLED")
      .map((occurrence) => ({
        spaceId: occurrence.spaceId as string,
        startsAt: occurrence.startsAt as Date,
        endsAt: occurrence.endsAt as Date,
        blockedUntil: occurrence.blockedUntil as Date,
        seats: occurrence.seats as number,
        exclusive: occurrence.exclusive as boolean,
        capacity: spaces.get(occurrence.spaceId as string)!.seats as number,
      }));
    expect(countDoubleBookings(active)).toBe(0);
  });
});

describe("countDoubleBookings", () => {
  const at = (hour: number) => new Date(Date.UTC(2027, 2, 2, hour));
  const room = (start: number, end: number, buffer = 0) => ({ spaceId: "room", startsAt: at(start), endsAt: at(end), blockedUntil: new Date(at(end).getTime() + buffer * 60_000), seats: 1, exclusive: true, capacity: 1 });
  const desk = (start: number, end: number, seats: number) => ({ spaceId: "desk", startsAt: at(start), endsAt: at(end), blockedUntil: at(end), seats, exclusive: false, capacity: 4 });

  it("counts a room overlap, the buffer included, and accepts back-to-back bookings", () => {
    expect(countDoubleBookings([room(9, 10), room(10, 11)])).toBe(0);
    expect(countDoubleBookings([room(9, 10, 15), room(10, 11)])).toBe(1);
    expect(countDoubleBookings([room(9, 12), room(10, 11)])).toBe(1);
  });

  it("counts desk pools by seats", () => {
    expect(countDoubleBookings([desk(9, 12, 2), desk(10, 11, 2)])).toBe(0);
    expect(countDoubleBookings([desk(9, 12, 2), desk(10, 11, 3)])).toBe(1);
  });
});
