// Loading what the booking planner needs about a space, and the space lock that makes
// "check, then write" safe: PostgreSQL locks the space row (concurrent bookings of one space
// queue up, other spaces are unaffected); SQLite mode serialises every transaction of the
// one app process (app/utils/sqlite-serialized.server.ts).
import { providerOf, type Db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import type { ExistingOccurrence, Interval } from "~/domain/conflicts";
import type { PlanningSpace } from "~/domain/booking-plan";
import { MAX_BOOKING_DURATION_MINUTES, openingHoursSchema, type OpeningHours } from "~/domain/space-rules";

export type Tx = Prisma.TransactionClient;
export type DbOrTx = Db | Tx;

export const ACTIVE_STATUSES = ["PENDING", "CONFIRMED"] as const;

export type SpaceForBooking = PlanningSpace & {
  id: string;
  name: string;
  organizationId: string;
  siteId: string;
  siteName: string;
  siteAddress: string;
  capacity: number;
  accessible: boolean;
};

/** Parses the stored JSON; hours that no longer validate mean "no restriction" rather than a 500. */
export function parseOpeningHours(json: string): OpeningHours | null {
  try {
    const parsed = openingHoursSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as OpeningHours) : null;
  } catch {
    return null;
  }
}

const spaceSelect = {
  id: true,
  name: true,
  organizationId: true,
  siteId: true,
  kind: true,
  seats: true,
  capacity: true,
  accessible: true,
  openingHours: true,
  slotMinutes: true,
  minDurationMinutes: true,
  maxDurationMinutes: true,
  bufferMinutes: true,
  minNoticeMinutes: true,
  horizonDays: true,
  requiresApproval: true,
  cancellationDeadlineHours: true,
  site: { select: { name: true, address: true, postalCode: true, city: true } },
  closures: { select: { startsOn: true, endsOn: true, reason: true }, orderBy: { startsOn: "asc" } },
} satisfies Prisma.SpaceSelect;

type SpaceRow = Prisma.SpaceGetPayload<{ select: typeof spaceSelect }>;

function toSpaceForBooking(row: SpaceRow): SpaceForBooking {
  return {
    id: row.id,
    name: row.name,
    organizationId: row.organizationId,
    siteId: row.siteId,
    siteName: row.site.name,
    siteAddress: `${row.site.address}, ${row.site.postalCode} ${row.site.city}`,
    kind: row.kind,
    seats: row.kind === "DESK_POOL" ? row.seats : 1,
    capacity: row.capacity,
    accessible: row.accessible,
    openingHours: parseOpeningHours(row.openingHours),
    closures: row.closures,
    rules: {
      slotMinutes: row.slotMinutes,
      minDurationMinutes: row.minDurationMinutes,
      maxDurationMinutes: row.maxDurationMinutes,
      bufferMinutes: row.kind === "ROOM" ? row.bufferMinutes : 0,
      minNoticeMinutes: row.minNoticeMinutes,
      horizonDays: row.horizonDays,
      requiresApproval: row.requiresApproval,
      cancellationDeadlineHours: row.cancellationDeadlineHours,
    },
  };
}

export async function loadSpaceForBooking(db: DbOrTx, spaceId: string): Promise<SpaceForBooking | null> {
  const row = await db.space.findUnique({ where: { id: spaceId }, select: spaceSelect });
  return row ? toSpaceForBooking(row) : null;
}

export async function loadSpacesForBooking(db: DbOrTx, where: Prisma.SpaceWhereInput): Promise<SpaceForBooking[]> {
  const rows = await db.space.findMany({ where, select: spaceSelect, orderBy: [{ site: { name: "asc" } }, { name: "asc" }] });
  return rows.map(toSpaceForBooking);
}

/**
 * The Prisma filter for occurrences overlapping a window. No occurrence lasts longer than the
 * longest booking a space may allow, so `startsAt` is bounded below too: the (spaceId, startsAt)
 * index then reads only the window, not every occurrence since the beginning.
 */
export function overlappingWindow(window: Interval) {
  return {
    startsAt: { lt: window.endsAt, gt: new Date(window.startsAt.getTime() - MAX_BOOKING_DURATION_MINUTES * 60_000) },
    endsAt: { gt: window.startsAt },
  };
}

/** Active (pending or confirmed) occurrences of a space overlapping a window: an indexed range query. */
export async function activeOccurrencesOverlapping(
  db: DbOrTx,
  { spaceId, window, excludeIds = [] }: { spaceId: string; window: Interval; excludeIds?: string[] },
): Promise<ExistingOccurrence[]> {
  const rows = await db.occurrence.findMany({
    where: {
      spaceId,
      status: { in: [...ACTIVE_STATUSES] },
      ...overlappingWindow(window),
      ...(excludeIds.length > 0 ? { id: { notIn: excludeIds } } : {}),
    },
    select: { id: true, startsAt: true, endsAt: true, seats: true, status: true },
  });
  return rows.map((row) => ({ ...row, status: row.status as ExistingOccurrence["status"] }));
}

/** Runs fn in a transaction that holds the space's booking lock (see the file comment). */
export function withSpaceLock<T>(db: Db, spaceId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const postgres = providerOf(db) === "postgres";
  return db.$transaction(
    async (tx) => {
      if (postgres) await tx.$queryRaw`SELECT "id" FROM "Space" WHERE "id" = ${spaceId} FOR UPDATE`;
      return fn(tx);
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}
