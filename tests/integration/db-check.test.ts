// `npm run db:check` on SQLite and (with TEST_POSTGRES_URL) PostgreSQL: data written by the
// booking model passes every invariant; a database damaged behind the model's back is reported,
// and scripts/db-check.ts then exits 1.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { FindingCode } from "~/domain/invariants";
import { cancelOccurrence, changeFollowing, createBooking, extendMaterialisation, moveOccurrence } from "~/models/booking.server";
import { runInvariantChecks, type PageSizes } from "~/models/invariants.server";
import { isExclusionViolation } from "~/utils/db-errors.server";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

const run = promisify(execFile);
const NOW = new Date("2027-03-01T08:00:00Z");
/** Tiny pages, so every keyset boundary is crossed many times. */
const SMALL_PAGES: PageSizes = { spaces: 1, occurrences: 2, series: 1, invoices: 1 };
const OPEN_ALL_DAY = JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ open: "00:00", close: "24:00" }]])));

describe.each(providers)("db:check on %s", (provider) => {
  let database: TestDatabase;
  let f: BookingFixtures;
  let weeklySeriesId: string;
  let nightSeriesId: string;

  const book = async (spaceId: string, localStart: string, localEnd: string, extra: { rrule?: string; seats?: number; skip?: "NONE" | "ALL"; now?: Date } = {}) => {
    const result = await createBooking(database.db, {
      spaceId,
      organizationId: f.structureId,
      createdById: f.memberUserId,
      title: "Atelier numérique",
      request: { localStart, localEnd, rrule: extra.rrule ?? null, seats: extra.seats ?? 1 },
      skip: extra.skip ?? "NONE",
      now: extra.now ?? NOW,
    });
    if (!result.ok) throw new Error(`booking refused: ${JSON.stringify(result)}`);
    return result.seriesId;
  };

  const codes = async (pageSizes?: PageSizes): Promise<FindingCode[]> => {
    const { outcomes } = await runInvariantChecks(database.db, { pageSizes });
    return outcomes.flatMap((outcome) => outcome.examples.map((finding) => finding.code));
  };

  const checkScript = () =>
    run(process.execPath, [path.resolve("node_modules/.bin/tsx"), "scripts/db-check.ts"], {
      env: { ...process.env, DATABASE_URL: database.url, TZ: "UTC" },
    }).then(
      ({ stdout }) => ({ exitCode: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ exitCode: error.code, stdout: error.stdout }),
    );

  /** A separate one-off booking row pair written directly, as a buggy or manual write would. */
  const writeOneOff = async (spaceId: string, slot: { localStart: string; localEnd: string; startsAt: string; endsAt: string; seats?: number }) => {
    const series = await database.db.bookingSeries.create({
      data: {
        spaceId,
        organizationId: f.otherStructureId,
        title: "Écrit à la main",
        seats: slot.seats ?? 1,
        status: "CONFIRMED",
        localStart: slot.localStart,
        localEnd: slot.localEnd,
        materializedUntil: new Date("2029-03-01T00:00:00Z"),
      },
    });
    await database.db.occurrence.create({
      data: {
        seriesId: series.id,
        spaceId,
        organizationId: f.otherStructureId,
        recurrenceId: slot.localStart,
        localStart: slot.localStart,
        localEnd: slot.localEnd,
        startsAt: new Date(slot.startsAt),
        endsAt: new Date(slot.endsAt),
        blockedUntil: new Date(slot.endsAt),
        seats: slot.seats ?? 1,
        exclusive: spaceId !== f.poolId,
        status: "CONFIRMED",
      },
    });
    return series.id;
  };
  const removeSeries = (id: string) => database.db.bookingSeries.delete({ where: { id } });

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    f = await bookingFixtures(database.db);
    // The demo seed's billing examples are written row by row (one-off series holding several
    // dates), which the booking model never does and db:check rightly reports: this suite is
    // about what the booking model writes.
    await database.db.bookingSeries.deleteMany({});

    // A weekly series with a cancelled date, a moved date, and "this and following" changed.
    weeklySeriesId = await book(f.roomId, "2027-03-02T10:00", "2027-03-02T12:00", { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=8" });
    const owner = { organizationId: f.structureId, seriesId: weeklySeriesId, now: NOW };
    expect(await cancelOccurrence(database.db, { ...owner, recurrenceId: "2027-03-09T10:00" })).toMatchObject({ ok: true });
    expect(
      await moveOccurrence(database.db, { ...owner, recurrenceId: "2027-03-16T10:00", localStart: "2027-03-17T14:00", localEnd: "2027-03-17T16:00" }),
    ).toMatchObject({ ok: true });
    expect(
      await changeFollowing(database.db, {
        ...owner,
        fromRecurrenceId: "2027-04-06T10:00",
        localStart: "2027-04-06T13:00",
        localEnd: "2027-04-06T15:00",
        title: "Atelier numérique (nouvel horaire)",
        seats: 1,
        createdById: f.memberUserId,
        skip: "NONE",
      }),
    ).toMatchObject({ ok: true });

    // A series split at its first occurrence: the original is left cancelled, without rows.
    const splitAtFirst = await book(f.roomId, "2027-05-03T10:00", "2027-05-03T11:00", { rrule: "FREQ=WEEKLY;BYDAY=MO;COUNT=3" });
    expect(
      await changeFollowing(database.db, {
        organizationId: f.structureId,
        seriesId: splitAtFirst,
        fromRecurrenceId: "2027-05-03T10:00",
        localStart: "2027-05-03T15:00",
        localEnd: "2027-05-03T16:00",
        title: "Atelier numérique",
        seats: 1,
        createdById: f.memberUserId,
        skip: "NONE",
        now: NOW,
      }),
    ).toMatchObject({ ok: true });

    // Buffer respected, seats exactly full, a pending series, a date skipped for a conflict.
    await book(f.bufferedRoomId, "2027-03-03T10:00", "2027-03-03T11:00");
    await book(f.bufferedRoomId, "2027-03-03T11:30", "2027-03-03T12:30");
    await book(f.poolId, "2027-03-04T09:00", "2027-03-04T12:00", { seats: 3 });
    await book(f.poolId, "2027-03-04T10:00", "2027-03-04T13:00", { seats: 3 });
    await book(f.approvalRoomId, "2027-03-05T09:00", "2027-03-05T10:00", { rrule: "FREQ=WEEKLY;COUNT=3" });
    await book(f.roomId, "2027-03-10T09:00", "2027-03-10T10:00");
    await book(f.roomId, "2027-03-03T09:00", "2027-03-03T10:00", { rrule: "FREQ=WEEKLY;BYDAY=WE;COUNT=3", skip: "ALL" });

    // A date that does not exist in Paris (spring DST change) is stored as a skipped row.
    const night = await database.db.space.create({
      data: { siteId: (await database.db.site.findFirstOrThrow()).id, organizationId: f.scicId, name: "Salle de nuit", kind: "ROOM", capacity: 4, openingHours: OPEN_ALL_DAY, minNoticeMinutes: 0, horizonDays: 730 },
    });
    nightSeriesId = await book(night.id, "2027-03-21T02:30", "2027-03-21T03:30", { rrule: "FREQ=WEEKLY;COUNT=3", skip: "ALL" });

    // A series booked up to a short horizon, then extended as the horizon moves.
    const shortHorizon = await database.db.space.create({
      data: { siteId: night.siteId, organizationId: f.scicId, name: "Salle à horizon court", kind: "ROOM", capacity: 4, openingHours: OPEN_ALL_DAY, minNoticeMinutes: 0, horizonDays: 14 },
    });
    await book(shortHorizon.id, "2027-03-02T18:00", "2027-03-02T19:00", { rrule: "FREQ=WEEKLY;COUNT=10" });
    // Extended across the spring DST change: 28 March 02:30 does not exist and is stored as skipped.
    await book(shortHorizon.id, "2027-03-14T02:30", "2027-03-14T03:30", { rrule: "FREQ=WEEKLY;COUNT=4" });
    expect(await extendMaterialisation(database.db, { now: new Date("2027-03-20T08:00:00Z") })).toMatchObject({ booked: 4, skipped: 1 });
  });

  afterAll(async () => {
    await database.dispose();
  });

  it("finds nothing wrong in data written by the booking model, in large or tiny pages", async () => {
    const report = await runInvariantChecks(database.db);
    expect(report.outcomes.map((outcome) => [outcome.name, outcome.violations])).toEqual([
      ["room-overlaps", 0],
      ["desk-pool-seats", 0],
      ["series-complete", 0],
      ["occurrence-copies", 0],
      ["invoice-numbers", 0],
      ["invoice-totals", 0],
      ["credit-notes", 0],
    ]);
    expect(report.ok).toBe(true);
    expect(await codes(SMALL_PAGES)).toEqual([]);
    // The data covers what the series check must accept: a DST-gap date kept as a skipped row…
    const night = await database.db.occurrence.findMany({ where: { seriesId: nightSeriesId }, orderBy: { recurrenceId: "asc" } });
    expect(night.map((o) => [o.recurrenceId, o.status, o.skippedReason !== null])).toEqual([
      ["2027-03-21T02:30", "CONFIRMED", false],
      ["2027-03-28T02:30", "CANCELLED", true],
      ["2027-04-04T02:30", "CONFIRMED", false],
    ]);
    // …and a series split at its first occurrence, left cancelled without rows.
    const emptied = await database.db.bookingSeries.findMany({ where: { status: "CANCELLED", occurrences: { none: {} } } });
    expect(emptied).toHaveLength(1);
  });

  it("reports a series missing one of its occurrences, then passes again once it is back", async () => {
    const victim = await database.db.occurrence.findFirstOrThrow({ where: { seriesId: weeklySeriesId, recurrenceId: "2027-03-23T10:00" } });
    await database.db.occurrence.delete({ where: { id: victim.id } });
    try {
      const { outcomes } = await runInvariantChecks(database.db, { pageSizes: SMALL_PAGES });
      const series = outcomes.find((outcome) => outcome.name === "series-complete")!;
      expect(series.violations).toBe(1);
      expect(series.examples[0]).toMatchObject({ code: "OCCURRENCE_MISSING", ids: [weeklySeriesId] });
      expect(series.examples[0].message).toContain("2027-03-23T10:00");
    } finally {
      await database.db.occurrence.create({ data: { ...victim, updatedAt: undefined } });
    }
    expect(await codes()).toEqual([]);
  });

  it("reports a split series whose first part no longer ends before its successor", async () => {
    const original = await database.db.bookingSeries.findUniqueOrThrow({ where: { id: weeklySeriesId } });
    await database.db.bookingSeries.update({ where: { id: weeklySeriesId }, data: { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=8" } });
    try {
      expect(await codes()).toEqual(expect.arrayContaining(["SPLIT_SERIES_NOT_ENDED", "OCCURRENCE_MISSING"]));
    } finally {
      await database.db.bookingSeries.update({ where: { id: weeklySeriesId }, data: { rrule: original.rrule } });
    }
    expect(await codes()).toEqual([]);
  });

  it("reports an occurrence whose organisation is not its series'", async () => {
    const occurrence = await database.db.occurrence.findFirstOrThrow({ where: { seriesId: weeklySeriesId }, orderBy: { recurrenceId: "desc" } });
    await database.db.occurrence.update({ where: { id: occurrence.id }, data: { organizationId: f.otherStructureId } });
    try {
      const { outcomes } = await runInvariantChecks(database.db, { pageSizes: SMALL_PAGES });
      expect(outcomes.find((outcome) => outcome.name === "occurrence-copies")?.examples).toEqual([
        expect.objectContaining({ code: "DENORMALISED_FIELDS_DIFFER", ids: [occurrence.id, weeklySeriesId] }),
      ]);
    } finally {
      await database.db.occurrence.update({ where: { id: occurrence.id }, data: { organizationId: occurrence.organizationId } });
    }
  });

  it("reports a desk pool booked beyond its seats", async () => {
    // 3 + 3 seats are taken 10:00–12:00 (Paris) on 4 March; one more seat makes 7 of 6.
    const extra = await writeOneOff(f.poolId, {
      localStart: "2027-03-04T11:00",
      localEnd: "2027-03-04T11:30",
      startsAt: "2027-03-04T10:00:00Z",
      endsAt: "2027-03-04T10:30:00Z",
    });
    try {
      const { outcomes } = await runInvariantChecks(database.db, { pageSizes: SMALL_PAGES });
      const seats = outcomes.find((outcome) => outcome.name === "desk-pool-seats")!;
      expect(seats.violations).toBe(1);
      expect(seats.examples[0].message).toContain("le jeudi 4 mars 2027 à 11:00, 7 postes sont réservés pour 6 disponibles");
    } finally {
      await removeSeries(extra);
    }
  });

  if (provider === "sqlite") {
    it("reports two active bookings of a room that overlap within its buffer", async () => {
      // The buffered room (30 min) is booked 10:00–11:00 on 3 March; 11:15 starts inside its buffer.
      const extra = await writeOneOff(f.bufferedRoomId, {
        localStart: "2027-03-03T11:15",
        localEnd: "2027-03-03T11:25",
        startsAt: "2027-03-03T10:15:00Z",
        endsAt: "2027-03-03T10:25:00Z",
      });
      try {
        const { outcomes } = await runInvariantChecks(database.db, { pageSizes: SMALL_PAGES });
        const rooms = outcomes.find((outcome) => outcome.name === "room-overlaps")!;
        expect(rooms.examples.map((finding) => finding.code)).toEqual(["ROOM_OVERLAP"]);
        expect(rooms.examples[0].message).toContain("marge comprise jusqu'à 11:30");
      } finally {
        await removeSeries(extra);
      }
    });
  } else {
    it("cannot even store overlapping active room bookings: the exclusion constraint refuses them", async () => {
      const error = await writeOneOff(f.bufferedRoomId, {
        localStart: "2027-03-03T11:15",
        localEnd: "2027-03-03T11:25",
        startsAt: "2027-03-03T10:15:00Z",
        endsAt: "2027-03-03T10:25:00Z",
      }).catch((caught: unknown) => caught);
      expect(isExclusionViolation(error)).toBe(true);
      await database.db.bookingSeries.deleteMany({ where: { title: "Écrit à la main" } });
    });
  }

  it("runs as a script: exit 0 with a French/English report, exit 1 once a date is missing", async () => {
    const clean = await checkScript();
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toContain("Aucune anomalie (7 contrôles). / No violations (7 checks).");

    const victim = await database.db.occurrence.findFirstOrThrow({ where: { seriesId: weeklySeriesId, recurrenceId: "2027-03-30T10:00" } });
    await database.db.occurrence.delete({ where: { id: victim.id } });
    const damaged = await checkScript();
    expect(damaged.exitCode).toBe(1);
    expect(damaged.stdout).toContain(`[OCCURRENCE_MISSING] Série ${weeklySeriesId}`);
    expect(damaged.stdout).toContain("1 violation(s) found by 1 of 7 checks.");
  }, 120_000);
});
