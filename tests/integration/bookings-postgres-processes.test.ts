// PostgreSQL is the multi-instance mode: two app processes on one database must still never
// double-book, and the exclusion constraint must hold even for a write that skips the app's lock.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { isExclusionViolation } from "~/utils/db-errors.server";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { postgresAvailable, postgresTestDatabase, type TestDatabase } from "../helpers/databases";

const run = promisify(execFile);

describe.runIf(postgresAvailable)("bookings across two app processes on PostgreSQL", () => {
  let database: TestDatabase;
  let f: BookingFixtures;

  beforeAll(async () => {
    database = await postgresTestDatabase();
    f = await bookingFixtures(database.db);
  });

  afterAll(async () => {
    await database.dispose();
  });

  function bookFromProcess(organizationId: string) {
    return run(path.resolve("node_modules/.bin/tsx"), ["tests/scripts/book-same-slot.ts"], {
      env: { ...process.env, DATABASE_URL: database.url, SPACE_ID: f.roomId, ORGANIZATION_ID: organizationId, ATTEMPTS: "500", START: "2027-04-06T14:00", END: "2027-04-06T16:00" },
    });
  }

  it("lets exactly 1 of 1,000 attempts from two processes succeed", async () => {
    const outputs = await Promise.all([bookFromProcess(f.structureId), bookFromProcess(f.otherStructureId)]);
    const counts = outputs.map(({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1)!) as { succeeded: number; refused: number });
    expect(counts.reduce((sum, c) => sum + c.succeeded, 0)).toBe(1);
    expect(counts.reduce((sum, c) => sum + c.refused, 0)).toBe(999);
    const active = await database.db.occurrence.count({ where: { spaceId: f.roomId, status: { in: ["PENDING", "CONFIRMED"] } } });
    expect(active).toBe(1);
  }, 120_000);

  it("rejects an overlapping room occurrence written without the lock (exclusion constraint)", async () => {
    const series = await database.db.bookingSeries.findFirstOrThrow({ where: { spaceId: f.roomId } });
    const error = await database.db.occurrence
      .create({
        data: {
          seriesId: series.id,
          spaceId: f.roomId,
          organizationId: f.otherStructureId,
          recurrenceId: "2027-04-06T15:00",
          localStart: "2027-04-06T15:00",
          localEnd: "2027-04-06T17:00",
          startsAt: new Date("2027-04-06T13:00:00Z"),
          endsAt: new Date("2027-04-06T15:00:00Z"),
          blockedUntil: new Date("2027-04-06T15:00:00Z"),
          seats: 1,
          exclusive: true,
          status: "CONFIRMED",
        },
      })
      .catch((caught: unknown) => caught);
    expect(isExclusionViolation(error)).toBe(true);
    // Cancelled occurrences are outside the constraint: the same row, cancelled, is accepted.
    const cancelled = await database.db.occurrence.create({
      data: {
        seriesId: series.id,
        spaceId: f.roomId,
        organizationId: f.otherStructureId,
        recurrenceId: "2027-04-06T15:30",
        localStart: "2027-04-06T15:30",
        localEnd: "2027-04-06T17:00",
        startsAt: new Date("2027-04-06T13:30:00Z"),
        endsAt: new Date("2027-04-06T15:00:00Z"),
        blockedUntil: new Date("2027-04-06T15:00:00Z"),
        seats: 1,
        exclusive: true,
        status: "CANCELLED",
      },
    });
    expect(cancelled.status).toBe("CANCELLED");
  });
});
