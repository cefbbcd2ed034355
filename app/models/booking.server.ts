// Bookings: series + materialised occurrences (docs/decisions/0005-bookings-series-and-occurrences.md).
// The rules live in app/domain (booking-plan, conflicts, space-rules, recurrence); this module
// loads what they need, runs them inside the space's lock and writes the result in the same
// transaction. PostgreSQL's exclusion constraint on room occurrences is the last guard.
import { DateTime } from "luxon";
import { driverSqlOf, providerOf, type Db } from "~/db.server";
import { prefetchWindow } from "~/domain/availability";
import {
  bookableOccurrences,
  blockedOccurrences,
  checkBookingRequest,
  expandRequest,
  bookingHorizonEnd,
  planBooking,
  planOccurrences,
  type BookingPlan,
  type BookingRequest,
  type ImpossibleOccurrence,
  type PlannedOccurrence,
  type RequestError,
} from "~/domain/booking-plan";
import { expandOccurrences, splitSeries } from "~/domain/recurrence";
import { isLateCancellation, MAX_HORIZON_DAYS } from "~/domain/space-rules";
import { formatLocalDateTime, localDate, minutesBetweenLocal, addMinutesLocal, PARIS_ZONE, type LocalDateTime } from "~/domain/time";
import type { ExistingOccurrence } from "~/domain/conflicts";
import { insertParentAndChildren, insertRows, newId } from "~/utils/bulk-insert.server";
import type { RawSql } from "~/utils/driver-sql.server";
import { isExclusionViolation } from "~/utils/db-errors.server";
import { notify } from "./notification.server";
import {
  activeOccurrencesOverlapping,
  loadSpaceForBooking,
  withSpaceLock,
  withSpaceLockOnDriver,
  type DbOrTx,
  type SpaceForBooking,
  type Tx,
} from "./space-planning.server";

export type BookingStatus = "PENDING" | "CONFIRMED" | "REJECTED" | "CANCELLED";

/** What cannot be booked, for the conflict list shown before confirming. */
export type BlockedDate = { recurrenceId: LocalDateTime; startsAt: Date | null; endsAt: Date | null; problems: readonly { code: string; message: string }[] };

export type Preview =
  | { ok: true; space: SpaceForBooking; plan: BookingPlan; bookable: PlannedOccurrence[]; blocked: BlockedDate[] }
  | { ok: false; error: RequestError | { field: "space"; message: string } };

export type CreateResult =
  | { ok: true; seriesId: string; status: BookingStatus; booked: PlannedOccurrence[]; skipped: BlockedDate[]; continuesBeyondHorizon: boolean }
  | { ok: false; reason: "CONFLICTS"; blocked: BlockedDate[]; bookableCount: number }
  | { ok: false; reason: "NOTHING_TO_BOOK"; blocked: BlockedDate[] }
  | { ok: false; reason: "INVALID"; error: RequestError | { field: "space"; message: string } };

/** Which blocked dates the user accepted to leave out: all of them, or those they were shown. */
export type SkipPolicy = "NONE" | "ALL" | { recurrenceIds: readonly string[] };

const SPACE_NOT_FOUND = { field: "space" as const, message: "Cet espace n'existe pas ou n'est plus réservable." };

function blockedDates(plan: BookingPlan): BlockedDate[] {
  return [
    ...blockedOccurrences(plan).map(({ recurrenceId, startsAt, endsAt, problems }) => ({ recurrenceId, startsAt, endsAt, problems })),
    ...plan.impossible.map(({ recurrenceId, problems }: ImpossibleOccurrence) => ({ recurrenceId, startsAt: null, endsAt: null, problems })),
  ].sort((a, b) => a.recurrenceId.localeCompare(b.recurrenceId));
}

function accepts(skip: SkipPolicy, blocked: BlockedDate[]): boolean {
  if (blocked.length === 0 || skip === "ALL") return true;
  if (skip === "NONE") return false;
  const accepted = new Set(skip.recurrenceIds);
  return blocked.every((date) => accepted.has(date.recurrenceId));
}

async function planFor(db: DbOrTx, space: SpaceForBooking, request: BookingRequest, now: Date, excludeIds: string[] = []) {
  const { expansion } = expandRequest(space, request, now);
  const window = prefetchWindow(expansion.occurrences, space.rules.bufferMinutes);
  const existing = window ? await activeOccurrencesOverlapping(db, { spaceId: space.id, window, excludeIds }) : [];
  return planBooking({ space, request, existing, now });
}

/**
 * The occurrences a request would book and the dates it cannot: nothing is written. `space` may
 * be passed by a caller that has just loaded it (as to createBooking).
 */
export async function previewBooking(
  db: Db,
  input: { spaceId: string; request: BookingRequest; now: Date; space?: SpaceForBooking },
): Promise<Preview> {
  const { spaceId, request, now } = input;
  const space = input.space && input.space.id === spaceId ? input.space : await loadSpaceForBooking(db, spaceId);
  if (!space) return { ok: false, error: SPACE_NOT_FOUND };
  const error = checkBookingRequest(space, request);
  if (error) return { ok: false, error };
  const plan = await planFor(db, space, request, now);
  return { ok: true, space, plan, bookable: bookableOccurrences(plan), blocked: blockedDates(plan) };
}

/** A nominal instant for a wall time that does not exist (DST gap), for the skipped row only. */
function shiftedInstant(local: LocalDateTime): Date {
  return DateTime.fromISO(local, { zone: PARIS_ZONE }).toJSDate();
}

type SeriesFields = {
  spaceId: string;
  organizationId: string;
  createdById: string | null;
  title: string;
  request: BookingRequest;
  splitFromId?: string;
};

/**
 * The rows of planned dates: bookable ones take the series' status; blocked ones and dates
 * without an instant (DST gap) are kept as skipped CANCELLED rows, so the series stays complete.
 */
function occurrenceRows(input: {
  seriesId: string;
  space: SpaceForBooking;
  organizationId: string;
  seats: number;
  status: BookingStatus;
  occurrences: readonly PlannedOccurrence[];
  impossible: readonly ImpossibleOccurrence[];
}) {
  const { space } = input;
  const buffer = space.rules.bufferMinutes * 60_000;
  const common = { seriesId: input.seriesId, spaceId: space.id, organizationId: input.organizationId, seats: input.seats, exclusive: space.kind === "ROOM" };
  return [
    ...input.occurrences.map((o) => ({
      ...common,
      recurrenceId: o.recurrenceId,
      localStart: o.localStart,
      localEnd: o.localEnd,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      blockedUntil: new Date(o.endsAt.getTime() + buffer),
      status: o.problems.length === 0 ? input.status : ("CANCELLED" as const),
      skippedReason: o.problems.length === 0 ? null : o.problems.map((p) => p.message).join(" "),
    })),
    ...input.impossible.map((o) => {
      const startsAt = shiftedInstant(o.recurrenceId);
      return {
        ...common,
        recurrenceId: o.recurrenceId,
        localStart: o.recurrenceId,
        localEnd: o.recurrenceId,
        startsAt,
        endsAt: startsAt,
        blockedUntil: startsAt,
        status: "CANCELLED" as const,
        skippedReason: o.problems.map((p) => p.message).join(" "),
      };
    }),
  ];
}

/** Writes a planned series: bookable dates take the series' status, blocked ones are kept as skipped exceptions. */
async function insertSeries(tx: RawSql, postgres: boolean, space: SpaceForBooking, fields: SeriesFields, plan: BookingPlan) {
  const status: BookingStatus = space.rules.requiresApproval ? "PENDING" : "CONFIRMED";
  const seats = space.kind === "DESK_POOL" ? fields.request.seats : 1;
  // Raw, series and occurrences in one statement on PostgreSQL (ADR 0014): columns left out take
  // their database defaults.
  const series = { id: newId() };
  const now = new Date();
  const seriesRows = [
    {
      id: series.id,
      spaceId: space.id,
      organizationId: fields.organizationId,
      createdById: fields.createdById,
      title: fields.title,
      seats,
      status,
      localStart: fields.request.localStart,
      localEnd: fields.request.localEnd,
      rrule: fields.request.rrule,
      materializedUntil: plan.materializedUntil,
      splitFromId: fields.splitFromId ?? null,
      createdAt: now,
      updatedAt: now,
    },
  ];
  const rows = occurrenceRows({ seriesId: series.id, space, organizationId: fields.organizationId, seats, status, occurrences: plan.occurrences, impossible: plan.impossible });
  await insertParentAndChildren(
    tx,
    postgres,
    { table: "BookingSeries", columns: SERIES_COLUMNS, rows: seriesRows },
    { table: "Occurrence", columns: OCCURRENCE_COLUMNS, rows: occurrenceRowsToInsert(rows) },
  );
  return { seriesId: series.id, status };
}

const SERIES_COLUMNS = [
  "id",
  "spaceId",
  "organizationId",
  "createdById",
  "title",
  "seats",
  "status",
  "localStart",
  "localEnd",
  "rrule",
  "materializedUntil",
  "splitFromId",
  "createdAt",
  "updatedAt",
] as const;

const OCCURRENCE_COLUMNS = [
  "id",
  "seriesId",
  "spaceId",
  "organizationId",
  "recurrenceId",
  "localStart",
  "localEnd",
  "startsAt",
  "endsAt",
  "blockedUntil",
  "seats",
  "exclusive",
  "status",
  "skippedReason",
  "updatedAt",
] as const;

/** The planned rows in one INSERT (an 18-month series is ~80 rows: createMany spent most of its time compiling them). */
/** Occurrence rows with their ids and updatedAt, every column given (insertRows). */
function occurrenceRowsToInsert(rows: ReturnType<typeof occurrenceRows>) {
  const updatedAt = new Date();
  return rows.map((row) => ({ ...row, id: newId(), updatedAt }));
}

async function insertOccurrences(tx: Tx, rows: ReturnType<typeof occurrenceRows>) {
  await insertRows(tx, "Occurrence", OCCURRENCE_COLUMNS, occurrenceRowsToInsert(rows));
}

function conflictResult(plan: BookingPlan): CreateResult {
  const blocked = blockedDates(plan);
  const bookableCount = bookableOccurrences(plan).length;
  return bookableCount === 0 ? { ok: false, reason: "NOTHING_TO_BOOK", blocked } : { ok: false, reason: "CONFLICTS", blocked, bookableCount };
}

/** Same ids: the lock saw exactly the occurrences the plan was made against. */
function sameOccurrences(a: readonly ExistingOccurrence[], b: readonly ExistingOccurrence[]): boolean {
  if (a.length !== b.length) return false;
  const ids = new Set(a.map((o) => `${o.id}|${o.status}|${o.seats}|${o.startsAt.getTime()}|${o.endsAt.getTime()}`));
  return b.every((o) => ids.has(`${o.id}|${o.status}|${o.seats}|${o.startsAt.getTime()}|${o.endsAt.getTime()}`));
}

/**
 * Books a space for an organisation. The space is loaded and a series planned before the
 * space's lock is taken (pure work and reads that do not need it); inside the lock, one range
 * query reads the window's active occurrences again, and the plan is made again only if they
 * changed. So what is written is checked against what the database holds at that moment;
 * dates that became unavailable since the preview make it answer CONFLICTS again unless the
 * user accepted to skip them. `space` may be passed by a caller that has just loaded it.
 */
export async function createBooking(
  db: Db,
  input: SeriesFields & { skip: SkipPolicy; now: Date; space?: SpaceForBooking },
): Promise<CreateResult> {
  // Every statement of a new booking runs on the database driver (ADR 0022).
  const driver = driverSqlOf(db);
  const space = input.space && input.space.id === input.spaceId ? input.space : await loadSpaceForBooking(driver, input.spaceId);
  if (!space) return { ok: false, reason: "INVALID", error: SPACE_NOT_FOUND };
  const error = checkBookingRequest(space, input.request);
  if (error) return { ok: false, reason: "INVALID", error };
  const expanded = expandRequest(space, input.request, input.now);
  const window = prefetchWindow(expanded.expansion.occurrences, space.rules.bufferMinutes);
  // A series is planned before the lock (its planning is the costly part); a one-off only
  // inside it, where planning costs less than the extra read would.
  let firstPlan: { existing: ExistingOccurrence[]; plan: BookingPlan } | null = null;
  if (input.request.rrule) {
    const existing = window ? await activeOccurrencesOverlapping(driver, { spaceId: space.id, window }) : [];
    firstPlan = { existing, plan: planBooking({ space, request: input.request, existing, now: input.now, expanded }) };
    // Refused on what was committed a moment ago: as if the request had come then (nothing written).
    if (bookableOccurrences(firstPlan.plan).length === 0 || !accepts(input.skip, blockedDates(firstPlan.plan))) return conflictResult(firstPlan.plan);
  }
  try {
    return await withSpaceLockOnDriver(db, input.spaceId, async (tx) => {
      const existing = window ? await activeOccurrencesOverlapping(tx, { spaceId: space.id, window }) : [];
      const plan =
        firstPlan && sameOccurrences(firstPlan.existing, existing)
          ? firstPlan.plan
          : planBooking({ space, request: input.request, existing, now: input.now, expanded });
      const blocked = blockedDates(plan);
      if (bookableOccurrences(plan).length === 0 || !accepts(input.skip, blocked)) return conflictResult(plan);
      const { seriesId, status } = await insertSeries(tx, providerOf(db) === "postgres", space, input, plan);
      return {
        ok: true,
        seriesId,
        status,
        booked: bookableOccurrences(plan),
        skipped: blocked,
        continuesBeyondHorizon: plan.continuesBeyondHorizon,
      } as const;
    });
  } catch (error) {
    // Only reachable if a write bypassed the lock: the constraint held, explain it like a conflict.
    if (!isExclusionViolation(error)) throw error;
    const preview = await previewBooking(db, { spaceId: input.spaceId, request: input.request, now: input.now, space });
    return preview.ok ? conflictResult(preview.plan) : { ok: false, reason: "INVALID", error: preview.error };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

const occurrenceListSelect = {
  id: true,
  seriesId: true,
  spaceId: true,
  organizationId: true,
  recurrenceId: true,
  localStart: true,
  localEnd: true,
  startsAt: true,
  endsAt: true,
  seats: true,
  status: true,
  modified: true,
  lateCancellation: true,
  skippedReason: true,
  series: { select: { title: true, rrule: true, status: true, createdById: true } },
  space: { select: { name: true, kind: true, site: { select: { name: true } } } },
  organization: { select: { name: true } },
} as const;

/** An organisation's occurrences in [from, to), for its bookings list, calendar and API: at most `limit`. */
export function listOrganizationOccurrences(
  db: DbOrTx,
  {
    organizationId,
    from,
    to,
    includeCancelled = false,
    limit = 2000,
  }: { organizationId: string; from: Date; to: Date; includeCancelled?: boolean; limit?: number },
) {
  return db.occurrence.findMany({
    where: {
      organizationId,
      startsAt: { lt: to },
      endsAt: { gt: from },
      ...(includeCancelled ? { skippedReason: null } : { status: { in: ["PENDING", "CONFIRMED"] } }),
    },
    orderBy: { startsAt: "asc" },
    take: limit,
    select: occurrenceListSelect,
  });
}

/** One series of the organisation, with its occurrences (scoped: another organisation's id gives null). */
export function getSeriesForOrganization(db: DbOrTx, { organizationId, seriesId }: { organizationId: string; seriesId: string }) {
  return db.bookingSeries.findFirst({
    where: { id: seriesId, organizationId },
    select: {
      id: true,
      title: true,
      seats: true,
      status: true,
      localStart: true,
      localEnd: true,
      rrule: true,
      sequence: true,
      decisionReason: true,
      spaceId: true,
      splitFromId: true,
      space: { select: { name: true, kind: true, seats: true, site: { select: { name: true } } } },
      occurrences: {
        orderBy: { recurrenceId: "asc" },
        select: {
          id: true,
          recurrenceId: true,
          localStart: true,
          localEnd: true,
          startsAt: true,
          endsAt: true,
          status: true,
          modified: true,
          lateCancellation: true,
          skippedReason: true,
        },
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Changing and cancelling
// ---------------------------------------------------------------------------------------------

export type ChangeResult =
  | { ok: true; late?: boolean; /** changeFollowing: the new series */ seriesId?: string }
  | { ok: false; reason: "NOT_FOUND" }
  | { ok: false; reason: "NOT_ACTIVE"; message: string }
  | { ok: false; reason: "CONFLICTS"; blocked: BlockedDate[] }
  | { ok: false; reason: "INVALID"; error: RequestError | { field: "space" | "date"; message: string } };

async function bumpSeriesSequence(tx: Tx, seriesId: string) {
  await tx.bookingSeries.update({ where: { id: seriesId }, data: { sequence: { increment: 1 } } });
}

/** Cancels one occurrence of the organisation's series; late when past the space's deadline. */
export async function cancelOccurrence(
  db: Db,
  { organizationId, seriesId, recurrenceId, now }: { organizationId: string; seriesId: string; recurrenceId: string; now: Date },
): Promise<ChangeResult> {
  return db.$transaction(async (tx) => {
    const occurrence = await tx.occurrence.findFirst({
      where: { seriesId, recurrenceId, organizationId },
      select: { id: true, status: true, startsAt: true, endsAt: true, space: { select: { cancellationDeadlineHours: true } } },
    });
    if (!occurrence) return { ok: false, reason: "NOT_FOUND" } as const;
    if (occurrence.status !== "PENDING" && occurrence.status !== "CONFIRMED") {
      return { ok: false, reason: "NOT_ACTIVE", message: "Cette occurrence est déjà annulée ou refusée." } as const;
    }
    if (occurrence.endsAt <= now) return { ok: false, reason: "NOT_ACTIVE", message: "Cette occurrence est déjà passée." } as const;
    const late = isLateCancellation({ startsAt: occurrence.startsAt, now, cancellationDeadlineHours: occurrence.space.cancellationDeadlineHours });
    await tx.occurrence.update({
      where: { id: occurrence.id },
      data: { status: "CANCELLED", cancelledAt: now, lateCancellation: late, sequence: { increment: 1 } },
    });
    await bumpSeriesSequence(tx, seriesId);
    return { ok: true, late } as const;
  });
}

/** Cancels every occurrence still to come of the organisation's series, and the series. */
export async function cancelSeries(
  db: Db,
  { organizationId, seriesId, now }: { organizationId: string; seriesId: string; now: Date },
): Promise<ChangeResult> {
  return db.$transaction(async (tx) => {
    const series = await tx.bookingSeries.findFirst({
      where: { id: seriesId, organizationId },
      select: { id: true, status: true, space: { select: { cancellationDeadlineHours: true } } },
    });
    if (!series) return { ok: false, reason: "NOT_FOUND" } as const;
    if (series.status === "CANCELLED" || series.status === "REJECTED") {
      return { ok: false, reason: "NOT_ACTIVE", message: "Cette réservation est déjà annulée ou refusée." } as const;
    }
    const upcoming = await tx.occurrence.findMany({
      where: { seriesId, status: { in: ["PENDING", "CONFIRMED"] }, startsAt: { gt: now } },
      select: { id: true, startsAt: true },
    });
    const deadline = series.space.cancellationDeadlineHours;
    const late = upcoming.filter((o) => isLateCancellation({ startsAt: o.startsAt, now, cancellationDeadlineHours: deadline })).map((o) => o.id);
    await tx.occurrence.updateMany({
      where: { id: { in: upcoming.map((o) => o.id) } },
      data: { status: "CANCELLED", cancelledAt: now, sequence: { increment: 1 } },
    });
    if (late.length > 0) await tx.occurrence.updateMany({ where: { id: { in: late } }, data: { lateCancellation: true } });
    await tx.bookingSeries.update({
      where: { id: seriesId },
      data: { status: "CANCELLED", cancelledAt: now, sequence: { increment: 1 } },
    });
    return { ok: true, late: late.length > 0 } as const;
  });
}

/** Moves or changes one occurrence (new times on the wall clock); it keeps its recurrence id. */
export async function moveOccurrence(
  db: Db,
  input: { organizationId: string; seriesId: string; recurrenceId: string; localStart: LocalDateTime; localEnd: LocalDateTime; now: Date },
): Promise<ChangeResult> {
  const owned = await db.occurrence.findFirst({
    where: { seriesId: input.seriesId, recurrenceId: input.recurrenceId, organizationId: input.organizationId },
    select: { spaceId: true },
  });
  if (!owned) return { ok: false, reason: "NOT_FOUND" };
  return withSpaceLock(db, owned.spaceId, async (tx) => {
    const occurrence = await tx.occurrence.findFirst({
      where: { seriesId: input.seriesId, recurrenceId: input.recurrenceId, organizationId: input.organizationId },
      select: { id: true, status: true, seats: true, series: { select: { status: true } } },
    });
    if (!occurrence) return { ok: false, reason: "NOT_FOUND" } as const;
    if (occurrence.status !== "PENDING" && occurrence.status !== "CONFIRMED") {
      return { ok: false, reason: "NOT_ACTIVE", message: "Une occurrence annulée ou refusée ne peut pas être déplacée." } as const;
    }
    const space = await loadSpaceForBooking(tx, owned.spaceId);
    if (!space) return { ok: false, reason: "NOT_FOUND" } as const;
    const request: BookingRequest = { localStart: input.localStart, localEnd: input.localEnd, rrule: null, seats: occurrence.seats };
    const error = checkBookingRequest(space, request);
    if (error) return { ok: false, reason: "INVALID", error } as const;
    const plan = await planFor(tx, space, request, input.now, [occurrence.id]);
    const [moved] = plan.occurrences;
    if (!moved || moved.problems.length > 0) return { ok: false, reason: "CONFLICTS", blocked: blockedDates(plan) } as const;
    // A moved occurrence of a pending booking waits for approval like the rest of it.
    await tx.occurrence.update({
      where: { id: occurrence.id },
      data: {
        localStart: moved.localStart,
        localEnd: moved.localEnd,
        startsAt: moved.startsAt,
        endsAt: moved.endsAt,
        blockedUntil: new Date(moved.endsAt.getTime() + space.rules.bufferMinutes * 60_000),
        modified: true,
        sequence: { increment: 1 },
      },
    });
    await bumpSeriesSequence(tx, input.seriesId);
    return { ok: true } as const;
  });
}

export type FollowingChange = {
  organizationId: string;
  seriesId: string;
  /** The first occurrence to change; it and all following move to a new series. */
  fromRecurrenceId: LocalDateTime;
  /** New wall-clock times of that first occurrence (same date); later ones follow the rule. */
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  title: string;
  seats: number;
  createdById: string | null;
  skip: SkipPolicy;
  now: Date;
};

/**
 * "Cette occurrence et les suivantes": the series ends (UNTIL) before `fromRecurrenceId` and a
 * new series (new UID) continues with the changes. Cancelled dates of the tail stay cancelled.
 * All or nothing: on conflicts nothing is written.
 */
export async function changeFollowing(db: Db, input: FollowingChange): Promise<ChangeResult> {
  const owned = await db.bookingSeries.findFirst({ where: { id: input.seriesId, organizationId: input.organizationId }, select: { spaceId: true } });
  if (!owned) return { ok: false, reason: "NOT_FOUND" };
  if (localDate(input.localStart) !== localDate(input.fromRecurrenceId)) {
    return { ok: false, reason: "INVALID", error: { field: "date", message: "Pour changer de jour, modifiez une seule occurrence." } };
  }
  return withSpaceLock(db, owned.spaceId, async (tx) => {
    const series = await tx.bookingSeries.findFirst({
      where: { id: input.seriesId, organizationId: input.organizationId },
      select: { id: true, status: true, localStart: true, rrule: true, occurrences: { select: { id: true, recurrenceId: true, status: true, modified: true } } },
    });
    if (!series) return { ok: false, reason: "NOT_FOUND" } as const;
    if (!series.rrule || (series.status !== "PENDING" && series.status !== "CONFIRMED")) {
      return { ok: false, reason: "NOT_ACTIVE", message: "Seule une réservation récurrente active peut être modifiée pour la suite." } as const;
    }
    const exdates = series.occurrences.filter((o) => o.status === "CANCELLED" || o.status === "REJECTED").map((o) => o.recurrenceId);
    const split = splitSeries({ localStart: series.localStart, rrule: series.rrule, atRecurrenceId: input.fromRecurrenceId, exdates });
    if (!split.ok) return { ok: false, reason: "INVALID", error: { field: "date", message: split.message } } as const;
    const space = await loadSpaceForBooking(tx, owned.spaceId);
    if (!space) return { ok: false, reason: "NOT_FOUND" } as const;

    const tail = series.occurrences.filter((o) => o.recurrenceId >= input.fromRecurrenceId);
    const request: BookingRequest = { localStart: input.localStart, localEnd: input.localEnd, rrule: split.after.rrule, seats: input.seats };
    const error = checkBookingRequest(space, request);
    if (error) return { ok: false, reason: "INVALID", error } as const;
    // The tail's dates that were cancelled stay cancelled in the new series (same date, new time).
    const shift = minutesBetweenLocal(input.fromRecurrenceId, input.localStart);
    const cancelledInTail = new Set(split.after.exdates.map((exdate) => addMinutesLocal(exdate, shift)));
    const plan = await planFor(tx, space, request, input.now, tail.map((o) => o.id));
    const kept = { ...plan, occurrences: plan.occurrences.filter((o) => !cancelledInTail.has(o.recurrenceId)) };
    const blocked = blockedDates(kept);
    if (bookableOccurrences(kept).length === 0 || !accepts(input.skip, blocked)) return { ok: false, reason: "CONFLICTS", blocked } as const;

    await tx.occurrence.deleteMany({ where: { id: { in: tail.map((o) => o.id) } } });
    if (split.before) {
      await tx.bookingSeries.update({ where: { id: series.id }, data: { rrule: split.before.rrule, sequence: { increment: 1 } } });
    } else {
      await tx.bookingSeries.update({ where: { id: series.id }, data: { status: "CANCELLED", cancelledAt: input.now, sequence: { increment: 1 } } });
    }
    const { seriesId } = await insertSeries(
      tx,
      providerOf(db) === "postgres",
      space,
      { spaceId: space.id, organizationId: input.organizationId, createdById: input.createdById, title: input.title, request, splitFromId: series.id },
      kept,
    );
    if (cancelledInTail.size > 0) {
      const cancelled = plan.occurrences.filter((o) => cancelledInTail.has(o.recurrenceId));
      await tx.occurrence.createMany({
        data: cancelled.map((o) => ({
          seriesId,
          spaceId: space.id,
          organizationId: input.organizationId,
          recurrenceId: o.recurrenceId,
          localStart: o.localStart,
          localEnd: o.localEnd,
          startsAt: o.startsAt,
          endsAt: o.endsAt,
          blockedUntil: o.endsAt,
          seats: space.kind === "DESK_POOL" ? request.seats : 1,
          exclusive: space.kind === "ROOM",
          status: "CANCELLED" as const,
          cancelledAt: input.now,
        })),
      });
    }
    return { ok: true, seriesId } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Approval
// ---------------------------------------------------------------------------------------------

/** Pending series on the spaces a managing organisation runs. */
export function listPendingForManager(db: DbOrTx, { managerOrganizationId }: { managerOrganizationId: string }) {
  return db.bookingSeries.findMany({
    where: { status: "PENDING", space: { organizationId: managerOrganizationId } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      title: true,
      localStart: true,
      localEnd: true,
      rrule: true,
      seats: true,
      createdAt: true,
      organization: { select: { name: true } },
      space: { select: { name: true, site: { select: { name: true } } } },
      _count: { select: { occurrences: { where: { status: "PENDING" } } } },
    },
  });
}

/** A manager approves or rejects a pending series on one of their spaces; the booker is notified. */
export async function decideBooking(
  db: Db,
  input: { managerOrganizationId: string; seriesId: string; decision: "APPROVE" | "REJECT"; reason: string | null; now: Date },
): Promise<ChangeResult> {
  return db.$transaction(async (tx) => {
    const series = await tx.bookingSeries.findFirst({
      where: { id: input.seriesId, space: { organizationId: input.managerOrganizationId } },
      select: { id: true, status: true, title: true, organizationId: true, createdById: true, localStart: true, space: { select: { name: true } } },
    });
    if (!series) return { ok: false, reason: "NOT_FOUND" } as const;
    if (series.status !== "PENDING") return { ok: false, reason: "NOT_ACTIVE", message: "Cette réservation a déjà été traitée." } as const;
    const status = input.decision === "APPROVE" ? "CONFIRMED" : "REJECTED";
    await tx.occurrence.updateMany({ where: { seriesId: series.id, status: "PENDING" }, data: { status, sequence: { increment: 1 } } });
    await tx.bookingSeries.update({
      where: { id: series.id },
      data: { status, decisionReason: input.reason, decidedAt: input.now, sequence: { increment: 1 } },
    });
    const when = formatLocalDateTime(series.localStart);
    await notify(tx, {
      userId: series.createdById,
      organizationId: series.organizationId,
      title: input.decision === "APPROVE" ? `Réservation acceptée : ${series.title}` : `Réservation refusée : ${series.title}`,
      body:
        (input.decision === "APPROVE"
          ? `Votre réservation « ${series.title} » (${series.space.name}, à partir du ${when}) est confirmée.`
          : `Votre réservation « ${series.title} » (${series.space.name}, à partir du ${when}) n'a pas été acceptée.`) +
        (input.reason ? ` Motif : ${input.reason}` : ""),
      link: `/reservations/${series.id}`,
    });
    return { ok: true } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Materialisation as the horizon moves
// ---------------------------------------------------------------------------------------------

/**
 * Books the next occurrences of active recurring series whose horizon has moved since they
 * were materialised. Idempotent: a series is extended from its `materializedUntil` only, and
 * that is moved in the same transaction. Dates taken in the meantime are skipped and the
 * organisation is notified. Returns the number of occurrences booked and skipped.
 */
export async function extendMaterialisation(db: Db, { now }: { now: Date }) {
  const totals = { series: 0, booked: 0, skipped: 0 };
  const candidates = await db.bookingSeries.findMany({
    where: { rrule: { not: null }, status: { in: ["PENDING", "CONFIRMED"] } },
    select: { id: true, spaceId: true, materializedUntil: true, space: { select: { horizonDays: true } } },
  });
  for (const candidate of candidates) {
    if (candidate.materializedUntil > bookingHorizonEnd(now, candidate.space.horizonDays)) continue;
    const result = await withSpaceLock(db, candidate.spaceId, async (tx) => {
      const series = await tx.bookingSeries.findUnique({
        where: { id: candidate.id },
        select: {
          id: true,
          status: true,
          title: true,
          seats: true,
          localStart: true,
          localEnd: true,
          rrule: true,
          materializedUntil: true,
          organizationId: true,
          createdById: true,
        },
      });
      const space = await loadSpaceForBooking(tx, candidate.spaceId);
      if (!series?.rrule || !space || (series.status !== "PENDING" && series.status !== "CONFIRMED")) return null;
      const until = new Date(bookingHorizonEnd(now, space.rules.horizonDays).getTime() + 1);
      if (until <= series.materializedUntil) return null;
      const expansion = expandOccurrences({
        localStart: series.localStart,
        localEnd: series.localEnd,
        rrule: series.rrule,
        from: series.materializedUntil,
        until,
      });
      // Dates already stored (those straddling the old bound, DST-gap rows) are left alone.
      const stored = new Set(
        (await tx.occurrence.findMany({ where: { seriesId: series.id }, select: { recurrenceId: true } })).map((o) => o.recurrenceId),
      );
      const fresh = expansion.occurrences.filter((o) => !stored.has(o.recurrenceId));
      const impossible = expansion.invalid
        .filter((o) => !stored.has(o.recurrenceId))
        .map(({ recurrenceId, message }) => ({ recurrenceId, problems: [{ code: "DST_GAP" as const, message }] }));
      const window = prefetchWindow(fresh, space.rules.bufferMinutes);
      const existing = window ? await activeOccurrencesOverlapping(tx, { spaceId: space.id, window }) : [];
      // Notice and horizon were accepted when the series was booked, and a late run of this job
      // must not drop dates that are already past: only conflicts, closures and opening hours
      // count now. Checking "as of" the earliest new date turns the time-relative rules off.
      const asOf = fresh[0]?.startsAt ?? now;
      const relaxedSpace = { ...space, rules: { ...space.rules, minNoticeMinutes: 0, horizonDays: MAX_HORIZON_DAYS } };
      const planned = planOccurrences({ space: relaxedSpace, candidates: fresh, existing, seats: series.seats, now: asOf });
      await insertOccurrences(
        tx,
        occurrenceRows({
          seriesId: series.id,
          space,
          organizationId: series.organizationId,
          seats: series.seats,
          status: series.status,
          occurrences: planned,
          impossible,
        }),
      );
      // The exported RRULE's UNTIL follows materializedUntil: calendar clients must see a change.
      await tx.bookingSeries.update({ where: { id: series.id }, data: { materializedUntil: until, sequence: { increment: 1 } } });
      const skipped = [...planned.filter((o) => o.problems.length > 0), ...impossible];
      if (skipped.length > 0) {
        await notify(tx, {
          userId: series.createdById,
          organizationId: series.organizationId,
          title: `Dates non réservées : ${series.title}`,
          body: `Ces dates de votre réservation récurrente n'ont pas pu être réservées : ${skipped.map((o) => o.problems[0].message).join(" ")}`,
          link: `/reservations/${series.id}`,
        });
      }
      return { booked: planned.filter((o) => o.problems.length === 0).length, skipped: skipped.length };
    });
    if (result) {
      totals.series += 1;
      totals.booked += result.booked;
      totals.skipped += result.skipped;
    }
  }
  return totals;
}
