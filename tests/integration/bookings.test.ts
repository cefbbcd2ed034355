// Booking model operations on SQLite and (with TEST_POSTGRES_URL) PostgreSQL: creation with
// its conflict list, exceptions, approval, materialisation, and the no-double-booking guard.
import {
  cancelOccurrence,
  cancelSeries,
  changeFollowing,
  createBooking,
  decideBooking,
  extendMaterialisation,
  getSeriesForOrganization,
  listOrganizationOccurrences,
  moveOccurrence,
  previewBooking,
} from "~/models/booking.server";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

const NOW = new Date("2027-03-01T08:00:00Z");

describe.each(providers)("bookings on %s", (provider) => {
  let database: TestDatabase;
  let f: BookingFixtures;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    f = await bookingFixtures(database.db);
  });

  afterAll(async () => {
    await database.dispose();
  });

  const book = (spaceId: string, localStart: string, localEnd: string, extra: { rrule?: string; seats?: number; organizationId?: string; skip?: "NONE" | "ALL" | { recurrenceIds: string[] } } = {}) =>
    createBooking(database.db, {
      spaceId,
      organizationId: extra.organizationId ?? f.structureId,
      createdById: f.memberUserId,
      title: "Atelier numérique",
      request: { localStart, localEnd, rrule: extra.rrule ?? null, seats: extra.seats ?? 1 },
      skip: extra.skip ?? "NONE",
      now: NOW,
    });

  const activeOn = async (spaceId: string) =>
    database.db.occurrence.findMany({ where: { spaceId, status: { in: ["PENDING", "CONFIRMED"] } }, orderBy: { startsAt: "asc" } });

  it("books a one-off slot, refuses an overlapping one and accepts the one right after", async () => {
    const first = await book(f.roomId, "2027-03-02T10:00", "2027-03-02T12:00");
    expect(first.ok).toBe(true);
    const overlapping = await book(f.roomId, "2027-03-02T11:00", "2027-03-02T13:00", { organizationId: f.otherStructureId });
    expect(overlapping).toMatchObject({ ok: false, reason: "NOTHING_TO_BOOK" });
    if (overlapping.ok || overlapping.reason !== "NOTHING_TO_BOOK") throw new Error("unreachable");
    expect(overlapping.blocked[0].problems[0].message).toBe("Le créneau du mardi 2 mars 2027 de 11:00 à 13:00 est déjà réservé.");
    const backToBack = await book(f.roomId, "2027-03-02T12:00", "2027-03-02T13:00", { organizationId: f.otherStructureId });
    expect(backToBack.ok).toBe(true);
  });

  it("keeps the space's buffer between two bookings of a room", async () => {
    expect((await book(f.bufferedRoomId, "2027-03-03T10:00", "2027-03-03T11:00")).ok).toBe(true);
    expect((await book(f.bufferedRoomId, "2027-03-03T11:00", "2027-03-03T12:00")).ok).toBe(false);
    expect((await book(f.bufferedRoomId, "2027-03-03T11:30", "2027-03-03T12:30")).ok).toBe(true);
  });

  it("keeps a weekly 14:00–16:00 series at 14:00 local across the March DST change", async () => {
    const result = await book(f.roomId, "2027-03-16T14:00", "2027-03-16T16:00", { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4" });
    expect(result.ok).toBe(true);
    if (!result.ok) throw new Error("unreachable");
    const series = await getSeriesForOrganization(database.db, { organizationId: f.structureId, seriesId: result.seriesId });
    expect(series?.occurrences.map((o) => [o.localStart, o.startsAt.toISOString()])).toEqual([
      ["2027-03-16T14:00", "2027-03-16T13:00:00.000Z"],
      ["2027-03-23T14:00", "2027-03-23T13:00:00.000Z"],
      ["2027-03-30T14:00", "2027-03-30T12:00:00.000Z"],
      ["2027-04-06T14:00", "2027-04-06T12:00:00.000Z"],
    ]);
  });

  it("lists every conflicting date of a series before writing anything, then books the others as asked", async () => {
    await book(f.roomId, "2027-05-11T15:00", "2027-05-11T17:00", { organizationId: f.otherStructureId });
    const request = { localStart: "2027-05-04T14:00", localEnd: "2027-05-04T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3", seats: 1 };
    const preview = await previewBooking(database.db, { spaceId: f.roomId, request, now: NOW });
    expect(preview.ok).toBe(true);
    if (!preview.ok) throw new Error("unreachable");
    expect(preview.bookable.map((o) => o.recurrenceId)).toEqual(["2027-05-04T14:00", "2027-05-18T14:00"]);
    expect(preview.blocked.map((o) => o.recurrenceId)).toEqual(["2027-05-11T14:00"]);

    const seriesBefore = await database.db.bookingSeries.count();
    const refused = await book(f.roomId, request.localStart, request.localEnd, { rrule: request.rrule });
    expect(refused).toMatchObject({ ok: false, reason: "CONFLICTS", bookableCount: 2 });
    expect(await database.db.bookingSeries.count()).toBe(seriesBefore);

    const accepted = await book(f.roomId, request.localStart, request.localEnd, {
      rrule: request.rrule,
      skip: { recurrenceIds: ["2027-05-11T14:00"] },
    });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) throw new Error("unreachable");
    const series = await getSeriesForOrganization(database.db, { organizationId: f.structureId, seriesId: accepted.seriesId });
    expect(series?.occurrences.map((o) => [o.recurrenceId, o.status])).toEqual([
      ["2027-05-04T14:00", "CONFIRMED"],
      ["2027-05-11T14:00", "CANCELLED"],
      ["2027-05-18T14:00", "CONFIRMED"],
    ]);
    expect(series?.occurrences[1].skippedReason).toContain("déjà réservé");
  });

  it("answers CONFLICTS again when a date was taken after the preview the user accepted", async () => {
    const request = { localStart: "2027-06-01T09:00", localEnd: "2027-06-01T10:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3" };
    await book(f.roomId, "2027-06-08T09:00", "2027-06-08T10:00", { organizationId: f.otherStructureId });
    // The user saw no conflict (empty list) and confirms: the new one must be shown to them.
    const result = await book(f.roomId, request.localStart, request.localEnd, { rrule: request.rrule, skip: { recurrenceIds: [] } });
    expect(result).toMatchObject({ ok: false, reason: "CONFLICTS" });
  });

  it("refuses a start inside the DST gap with a clear message", async () => {
    const preview = await previewBooking(database.db, {
      spaceId: f.roomId,
      request: { localStart: "2027-03-28T02:30", localEnd: "2027-03-28T04:00", rrule: null, seats: 1 },
      now: NOW,
    });
    expect(preview).toEqual({
      ok: false,
      error: {
        field: "start",
        message: "L'heure de début n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été).",
      },
    });
  });

  it("counts desk-pool seats and refuses more seats than the pool has", async () => {
    expect((await book(f.poolId, "2027-04-01T09:00", "2027-04-01T12:00", { seats: 4 })).ok).toBe(true);
    expect((await book(f.poolId, "2027-04-01T10:00", "2027-04-01T11:00", { seats: 2 })).ok).toBe(true);
    const full = await book(f.poolId, "2027-04-01T10:30", "2027-04-01T11:30", { seats: 1 });
    expect(full).toMatchObject({ ok: false, reason: "NOTHING_TO_BOOK" });
    expect((await book(f.poolId, "2027-04-01T11:00", "2027-04-01T12:00", { seats: 2 })).ok).toBe(true);
    const tooMany = await book(f.poolId, "2027-04-02T09:00", "2027-04-02T10:00", { seats: 7 });
    expect(tooMany).toEqual({ ok: false, reason: "INVALID", error: { field: "seats", message: "Choisissez entre 1 et 6 postes." } });
  });

  it("cancels one occurrence (late inside the deadline), moves another, and cancels the rest of the series", async () => {
    const result = await book(f.approvalRoomId, "2027-03-02T09:00", "2027-03-02T10:00", { rrule: "FREQ=DAILY;COUNT=5" });
    if (!result.ok) throw new Error("booking failed");
    expect(result.status).toBe("PENDING");
    const seriesId = result.seriesId;
    const cancelLate = await cancelOccurrence(database.db, { organizationId: f.structureId, seriesId, recurrenceId: "2027-03-02T09:00", now: NOW });
    expect(cancelLate).toEqual({ ok: true, late: true });
    const cancelEarly = await cancelOccurrence(database.db, { organizationId: f.structureId, seriesId, recurrenceId: "2027-03-05T09:00", now: NOW });
    expect(cancelEarly).toEqual({ ok: true, late: false });
    const notMine = await cancelOccurrence(database.db, { organizationId: f.otherStructureId, seriesId, recurrenceId: "2027-03-04T09:00", now: NOW });
    expect(notMine).toEqual({ ok: false, reason: "NOT_FOUND" });

    const moved = await moveOccurrence(database.db, {
      organizationId: f.structureId,
      seriesId,
      recurrenceId: "2027-03-03T09:00",
      localStart: "2027-03-03T15:00",
      localEnd: "2027-03-03T16:30",
      now: NOW,
    });
    expect(moved).toEqual({ ok: true });

    const whole = await cancelSeries(database.db, { organizationId: f.structureId, seriesId, now: NOW });
    expect(whole.ok).toBe(true);
    const series = await getSeriesForOrganization(database.db, { organizationId: f.structureId, seriesId });
    expect(series?.status).toBe("CANCELLED");
    expect(series?.sequence).toBe(4);
    expect(series?.occurrences.map((o) => [o.recurrenceId, o.localStart, o.status, o.modified, o.lateCancellation])).toEqual([
      ["2027-03-02T09:00", "2027-03-02T09:00", "CANCELLED", false, true],
      // Moved to 15:00, 54 h after "now": no longer inside the 48 h deadline.
      ["2027-03-03T09:00", "2027-03-03T15:00", "CANCELLED", true, false],
      ["2027-03-04T09:00", "2027-03-04T09:00", "CANCELLED", false, false],
      ["2027-03-05T09:00", "2027-03-05T09:00", "CANCELLED", false, false],
      ["2027-03-06T09:00", "2027-03-06T09:00", "CANCELLED", false, false],
    ]);
  });

  it("refuses to move an occurrence onto another booking", async () => {
    await book(f.roomId, "2027-07-06T10:00", "2027-07-06T11:00", { organizationId: f.otherStructureId });
    const mine = await book(f.roomId, "2027-07-07T10:00", "2027-07-07T11:00");
    if (!mine.ok) throw new Error("booking failed");
    const moved = await moveOccurrence(database.db, {
      organizationId: f.structureId,
      seriesId: mine.seriesId,
      recurrenceId: "2027-07-07T10:00",
      localStart: "2027-07-06T10:30",
      localEnd: "2027-07-06T11:30",
      now: NOW,
    });
    expect(moved).toMatchObject({ ok: false, reason: "CONFLICTS" });
  });

  it("splits a series for 'this and all following' and keeps the union of dates", async () => {
    const result = await book(f.roomId, "2027-09-07T14:00", "2027-09-07T16:00", { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=6" });
    if (!result.ok) throw new Error("booking failed");
    await cancelOccurrence(database.db, { organizationId: f.structureId, seriesId: result.seriesId, recurrenceId: "2027-10-05T14:00", now: NOW });
    const change = await changeFollowing(database.db, {
      organizationId: f.structureId,
      seriesId: result.seriesId,
      fromRecurrenceId: "2027-09-21T14:00",
      localStart: "2027-09-21T15:00",
      localEnd: "2027-09-21T17:30",
      title: "Atelier numérique (nouvel horaire)",
      seats: 1,
      createdById: f.memberUserId,
      skip: "NONE",
      now: NOW,
    });
    expect(change).toMatchObject({ ok: true });
    const old = await getSeriesForOrganization(database.db, { organizationId: f.structureId, seriesId: result.seriesId });
    expect(old?.rrule).toBe("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270920T235959");
    expect(old?.occurrences.map((o) => o.recurrenceId)).toEqual(["2027-09-07T14:00", "2027-09-14T14:00"]);
    const next = await database.db.bookingSeries.findFirstOrThrow({ where: { splitFromId: result.seriesId }, include: { occurrences: { orderBy: { recurrenceId: "asc" } } } });
    expect(change).toEqual({ ok: true, seriesId: next.id });
    expect(next.rrule).toBe("FREQ=WEEKLY;BYDAY=TU;COUNT=4");
    expect(next.occurrences.map((o) => [o.localStart, o.localEnd, o.status])).toEqual([
      ["2027-09-21T15:00", "2027-09-21T17:30", "CONFIRMED"],
      ["2027-09-28T15:00", "2027-09-28T17:30", "CONFIRMED"],
      ["2027-10-05T15:00", "2027-10-05T17:30", "CANCELLED"],
      ["2027-10-12T15:00", "2027-10-12T17:30", "CONFIRMED"],
    ]);
  });

  it("lets the space's manager approve or reject a pending booking and notifies the booker", async () => {
    const pending = await book(f.approvalRoomId, "2027-08-02T10:00", "2027-08-02T12:00");
    const other = await book(f.approvalRoomId, "2027-08-03T10:00", "2027-08-03T12:00");
    if (!pending.ok || !other.ok) throw new Error("booking failed");
    // A pending booking holds its slot.
    expect((await book(f.approvalRoomId, "2027-08-02T11:00", "2027-08-02T12:00", { organizationId: f.otherStructureId })).ok).toBe(false);
    const wrongManager = await decideBooking(database.db, { managerOrganizationId: f.structureId, seriesId: pending.seriesId, decision: "APPROVE", reason: null, now: NOW });
    expect(wrongManager).toEqual({ ok: false, reason: "NOT_FOUND" });
    expect(await decideBooking(database.db, { managerOrganizationId: f.scicId, seriesId: pending.seriesId, decision: "APPROVE", reason: null, now: NOW })).toEqual({ ok: true });
    expect(await decideBooking(database.db, { managerOrganizationId: f.scicId, seriesId: other.seriesId, decision: "REJECT", reason: "Salle réservée pour le conseil municipal.", now: NOW })).toEqual({ ok: true });
    const notifications = await database.db.notification.findMany({ where: { userId: f.memberUserId }, orderBy: { createdAt: "asc" } });
    expect(notifications.map((n) => n.title)).toEqual(expect.arrayContaining(["Réservation acceptée : Atelier numérique", "Réservation refusée : Atelier numérique"]));
    expect(notifications.find((n) => n.title.startsWith("Réservation refusée"))?.body).toContain("Motif : Salle réservée pour le conseil municipal.");
    // The rejected slot is free again.
    expect((await book(f.approvalRoomId, "2027-08-03T10:00", "2027-08-03T12:00", { organizationId: f.otherStructureId })).ok).toBe(true);
  });

  it("materialises a long series up to the horizon and extends it idempotently as time passes", async () => {
    const shortHorizon = await database.db.space.create({
      data: { siteId: (await database.db.site.findFirstOrThrow()).id, organizationId: f.scicId, name: "Horizon 30 jours", kind: "ROOM", capacity: 4, horizonDays: 30, minNoticeMinutes: 0, openingHours: JSON.stringify({ 2: [{ open: "08:00", close: "20:00" }] }) },
    });
    const result = await createBooking(database.db, {
      spaceId: shortHorizon.id,
      organizationId: f.structureId,
      createdById: f.memberUserId,
      title: "Permanence",
      request: { localStart: "2027-03-02T10:00", localEnd: "2027-03-02T11:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=10", seats: 1 },
      skip: "NONE",
      now: NOW,
    });
    if (!result.ok) throw new Error("booking failed");
    expect(result.booked).toHaveLength(5);
    expect(result.continuesBeyondHorizon).toBe(true);
    // Someone takes a later date that was not materialised yet.
    await createBooking(database.db, {
      spaceId: shortHorizon.id,
      organizationId: f.otherStructureId,
      createdById: null,
      title: "Réunion",
      request: { localStart: "2027-04-13T10:00", localEnd: "2027-04-13T11:00", rrule: null, seats: 1 },
      skip: "NONE",
      now: new Date("2027-03-20T08:00:00Z"),
    });
    // The job runs late (2027-04-20): the past 2027-04-06 is still materialised, 04-13 is skipped.
    const later = new Date("2027-04-20T08:00:00Z");
    await extendMaterialisation(database.db, { now: later });
    expect(await extendMaterialisation(database.db, { now: later })).toEqual({ series: 0, booked: 0, skipped: 0 });
    const series = await getSeriesForOrganization(database.db, { organizationId: f.structureId, seriesId: result.seriesId });
    expect(series?.occurrences.map((o) => [o.recurrenceId, o.status])).toEqual([
      ["2027-03-02T10:00", "CONFIRMED"],
      ["2027-03-09T10:00", "CONFIRMED"],
      ["2027-03-16T10:00", "CONFIRMED"],
      ["2027-03-23T10:00", "CONFIRMED"],
      ["2027-03-30T10:00", "CONFIRMED"],
      ["2027-04-06T10:00", "CONFIRMED"],
      ["2027-04-13T10:00", "CANCELLED"],
      ["2027-04-20T10:00", "CONFIRMED"],
      ["2027-04-27T10:00", "CONFIRMED"],
      ["2027-05-04T10:00", "CONFIRMED"],
    ]);
    const notice = await database.db.notification.findFirstOrThrow({ where: { title: "Dates non réservées : Permanence" } });
    expect(notice.body).toContain("13 avril 2027");
    const listed = await listOrganizationOccurrences(database.db, { organizationId: f.structureId, from: new Date("2027-03-01T00:00Z"), to: new Date("2027-06-01T00:00Z") });
    expect(listed.filter((o) => o.seriesId === result.seriesId)).toHaveLength(9);
  });

  describe("never double-booked under concurrency", () => {
    it("lets exactly 1 of 50 concurrent attempts at the same room slot succeed", async () => {
      const attempts = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          book(f.roomId, "2027-11-02T10:00", "2027-11-02T12:00", { organizationId: index % 2 ? f.structureId : f.otherStructureId }),
        ),
      );
      expect(attempts.filter((a) => a.ok)).toHaveLength(1);
      expect(attempts.filter((a) => !a.ok && a.reason === "NOTHING_TO_BOOK")).toHaveLength(49);
      const active = (await activeOn(f.roomId)).filter((o) => o.localStart.startsWith("2027-11-02"));
      expect(active).toHaveLength(1);
    });

    it("fills a 6-seat pool with exactly 6 of 30 concurrent one-seat bookings", async () => {
      const attempts = await Promise.all(
        Array.from({ length: 30 }, () => book(f.poolId, "2027-11-03T09:00", "2027-11-03T17:00", { seats: 1 })),
      );
      expect(attempts.filter((a) => a.ok)).toHaveLength(6);
      const seats = (await activeOn(f.poolId)).filter((o) => o.localStart.startsWith("2027-11-03")).reduce((sum, o) => sum + o.seats, 0);
      expect(seats).toBe(6);
    });
  });
});
