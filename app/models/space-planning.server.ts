// Loading what the booking planner needs about a space, and the space lock that makes
// "check, then write" safe: PostgreSQL locks the space row (concurrent bookings of one space
// queue up, other spaces are unaffected); SQLite mode serialises every transaction of the
// one app process (app/utils/sqlite-serialized.server.ts).
import { driverSqlOf, Prisma as PrismaSql, providerOf, type Db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import type { ExistingOccurrence, Interval } from "~/domain/conflicts";
import type { PlanningSpace } from "~/domain/booking-plan";
import { memoizeBounded } from "~/domain/memo";
import { MAX_BOOKING_DURATION_MINUTES, openingHoursSchema, type OpeningHours } from "~/domain/space-rules";
import type { RawSql } from "~/utils/driver-sql.server";
import { rawBoolean, rawDate } from "~/utils/raw-values.server";

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

function parseOpeningHoursUncached(json: string): OpeningHours | null {
  try {
    const parsed = openingHoursSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as OpeningHours) : null;
  } catch {
    return null;
  }
}

/**
 * Parses the stored JSON; hours that no longer validate mean "no restriction" rather than a 500.
 * Memoised by the text: many spaces share a few schedules, and zod is slow (the result is
 * shared: callers only read it).
 */
export const parseOpeningHours: (json: string) => OpeningHours | null = memoizeBounded(parseOpeningHoursUncached, (json) => json);

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

type RawSpaceRow = Omit<SpaceRow, "site" | "closures" | "accessible" | "requiresApproval"> & {
  accessible: unknown;
  requiresApproval: unknown;
  siteName: string;
  siteAddress: string;
  sitePostalCode: string;
  siteCity: string;
};

type RawClosureRow = { spaceId: string; startsOn: string; endsOn: string; reason: string };

/** The columns of RAW_SPACE_SELECT, as the JSON keys SQLite packs them under. */
const RAW_SPACE_COLUMNS = [
  "id", "name", "organizationId", "siteId", "kind", "seats", "capacity", "accessible", "openingHours", "slotMinutes",
  "minDurationMinutes", "maxDurationMinutes", "bufferMinutes", "minNoticeMinutes", "horizonDays", "requiresApproval",
  "cancellationDeadlineHours", "siteName", "siteAddress", "sitePostalCode", "siteCity",
] as const satisfies ReadonlyArray<keyof RawSpaceRow>;

const RAW_SPACE_SELECT = PrismaSql.sql`
  SELECT s."id", s."name", s."organizationId", s."siteId", s."kind", s."seats", s."capacity", s."accessible",
         s."openingHours", s."slotMinutes", s."minDurationMinutes", s."maxDurationMinutes", s."bufferMinutes",
         s."minNoticeMinutes", s."horizonDays", s."requiresApproval", s."cancellationDeadlineHours",
         t."name" AS "siteName", t."address" AS "siteAddress", t."postalCode" AS "sitePostalCode", t."city" AS "siteCity"
  FROM "Space" s JOIN "Site" t ON t."id" = s."siteId"`;

/** A raw space row (numbers may come back as bigint, booleans as 0/1) as the planner's space. */
function fromRawRow(row: RawSpaceRow, closures: readonly RawClosureRow[]): SpaceForBooking {
  return toSpaceForBooking({
    ...row,
    seats: Number(row.seats),
    capacity: Number(row.capacity),
    slotMinutes: Number(row.slotMinutes),
    minDurationMinutes: Number(row.minDurationMinutes),
    maxDurationMinutes: Number(row.maxDurationMinutes),
    bufferMinutes: Number(row.bufferMinutes),
    minNoticeMinutes: Number(row.minNoticeMinutes),
    horizonDays: Number(row.horizonDays),
    cancellationDeadlineHours: Number(row.cancellationDeadlineHours),
    accessible: rawBoolean(row.accessible),
    requiresApproval: rawBoolean(row.requiresApproval),
    site: { name: row.siteName, address: row.siteAddress, postalCode: row.sitePostalCode, city: row.siteCity },
    closures: closures.map(({ startsOn, endsOn, reason }) => ({ startsOn, endsOn, reason })),
  });
}

/**
 * One space with what the planner needs, in one raw query rather than Prisma's three compiled
 * ones: this runs on every booking (issue 7). The space's columns come once per closure (a left
 * join: once, with null closure columns, when it has none). Same result as
 * `loadSpacesForBooking` for that id.
 */
export async function loadSpaceForBooking(db: RawSql, spaceId: string): Promise<SpaceForBooking | null> {
  const rows = await db.$queryRaw<Array<RawSpaceRow & { closureStartsOn: string | null; closureEndsOn: string | null; closureReason: string | null }>>`
    SELECT q.*, c."startsOn" AS "closureStartsOn", c."endsOn" AS "closureEndsOn", c."reason" AS "closureReason"
    FROM (${RAW_SPACE_SELECT} WHERE s."id" = ${spaceId}) q
    LEFT JOIN "Closure" c ON c."spaceId" = q."id"
    ORDER BY c."startsOn" ASC`;
  if (rows.length === 0) return null;
  const closures: RawClosureRow[] = rows.flatMap((row) =>
    row.closureStartsOn === null || row.closureEndsOn === null || row.closureReason === null
      ? []
      : [{ spaceId, startsOn: row.closureStartsOn, endsOn: row.closureEndsOn, reason: row.closureReason }],
  );
  return fromRawRow(rows[0], closures);
}

/** What the availability search filters spaces on, in SQL. */
export type SpaceSearchFilters = { siteId?: string; minCapacity?: number; accessibleOnly?: boolean };

/** The filters as a condition on the "Space" table aliased `s` (shared by the search's queries). */
export function spaceSearchConditions(filters: SpaceSearchFilters) {
  const conditions = [
    ...(filters.siteId !== undefined ? [PrismaSql.sql`s."siteId" = ${filters.siteId}`] : []),
    ...(filters.minCapacity !== undefined ? [PrismaSql.sql`s."capacity" >= ${filters.minCapacity}`] : []),
    // A bare boolean column: true on PostgreSQL, 1 on SQLite.
    ...(filters.accessibleOnly ? [PrismaSql.sql`s."accessible"`] : []),
  ];
  return conditions.length > 0 ? PrismaSql.join(conditions, " AND ") : PrismaSql.sql`1 = 1`;
}

/**
 * The spaces an availability search covers, ordered by site and name: the same rows as
 * `loadSpacesForBooking` with the equivalent filter, in two raw queries, because a search
 * over a whole network loads about a thousand spaces and Prisma's objects cost more than the
 * query (issue 7).
 */
export async function loadSpacesForSearch(db: Db, filters: SpaceSearchFilters): Promise<SpaceForBooking[]> {
  const where = PrismaSql.sql`WHERE ${spaceSearchConditions(filters)}`;
  // The rows packed by the database into one JSON text (Prisma's per-value decoding of a
  // thousand rows of twenty columns cost more than the query), and the closures of the same
  // spaces at the same time.
  const packRows =
    providerOf(db) === "postgres"
      ? PrismaSql.sql`SELECT json_agg(q ORDER BY q."siteName", q."name")::text AS "packed" FROM (${RAW_SPACE_SELECT} ${where}) q`
      : PrismaSql.sql`SELECT json_group_array(json_object(${PrismaSql.raw(RAW_SPACE_COLUMNS.map((column) => `'${column}', q."${column}"`).join(", "))})) AS "packed"
          FROM (${RAW_SPACE_SELECT} ${where} ORDER BY t."name" ASC, s."name" ASC) q`;
  const [[{ packed }], closures] = await Promise.all([
    db.$queryRaw<Array<{ packed: string | null }>>(packRows),
    db.$queryRaw<RawClosureRow[]>`
      SELECT c."spaceId", c."startsOn", c."endsOn", c."reason" FROM "Closure" c JOIN "Space" s ON s."id" = c."spaceId"
      ${where} ORDER BY c."startsOn" ASC`,
  ]);
  const closuresBySpace = new Map<string, RawClosureRow[]>();
  for (const closure of closures) {
    const list = closuresBySpace.get(closure.spaceId);
    if (list) list.push(closure);
    else closuresBySpace.set(closure.spaceId, [closure]);
  }
  return (JSON.parse(packed ?? "[]") as RawSpaceRow[]).map((row) => fromRawRow(row, closuresBySpace.get(row.id) ?? []));
}

export async function loadSpacesForBooking(db: DbOrTx, where: Prisma.SpaceWhereInput): Promise<SpaceForBooking[]> {
  const rows = await db.space.findMany({ where, select: spaceSelect, orderBy: [{ site: { name: "asc" } }, { name: "asc" }] });
  return rows.map(toSpaceForBooking);
}

/**
 * The earliest start an occurrence overlapping a window starting at `windowStart` can have. No
 * occurrence lasts longer than the longest booking a space may allow, so every range query
 * bounds `startsAt` below too: the (spaceId, startsAt, …) index then reads only around the
 * window, not every occurrence since the beginning.
 */
export function earliestOverlappingStart(windowStart: Date): Date {
  return new Date(windowStart.getTime() - MAX_BOOKING_DURATION_MINUTES * 60_000);
}

/**
 * Active (pending or confirmed) occurrences of a space overlapping a window: an indexed range
 * query (bounded below, see earliestOverlappingStart), raw because every booking runs it twice
 * (issue 7).
 */
export async function activeOccurrencesOverlapping(
  db: RawSql,
  { spaceId, window, excludeIds = [] }: { spaceId: string; window: Interval; excludeIds?: string[] },
): Promise<ExistingOccurrence[]> {
  const earliestStart = earliestOverlappingStart(window.startsAt);
  const rows = await db.$queryRaw<Array<{ id: string; startsAt: Date | string; endsAt: Date | string; seats: number | bigint; status: string }>>`
    SELECT "id", "startsAt", "endsAt", "seats", "status" FROM "Occurrence"
    WHERE "spaceId" = ${spaceId} AND "status" IN ('PENDING', 'CONFIRMED')
      AND "startsAt" < ${window.endsAt} AND "startsAt" > ${earliestStart} AND "endsAt" > ${window.startsAt}
      ${excludeIds.length > 0 ? PrismaSql.sql`AND "id" NOT IN (${PrismaSql.join(excludeIds)})` : PrismaSql.empty}`;
  return rows.map((row) => ({
    id: row.id,
    startsAt: rawDate(row.startsAt),
    endsAt: rawDate(row.endsAt),
    seats: Number(row.seats),
    status: row.status as ExistingOccurrence["status"],
  }));
}

const lockSpace = (tx: RawSql, spaceId: string) => tx.$queryRaw`SELECT "id" FROM "Space" WHERE "id" = ${spaceId} FOR UPDATE`;

/** Runs fn in a transaction that holds the space's booking lock (see the file comment). */
export function withSpaceLock<T>(db: Db, spaceId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const postgres = providerOf(db) === "postgres";
  return db.$transaction(
    async (tx) => {
      if (postgres) await lockSpace(tx, spaceId);
      return fn(tx);
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}

/**
 * The same lock in a transaction on the database driver, for raw statements only (a new
 * booking, ADR 0022). On SQLite, fn must not use Prisma: the process's lock is held.
 */
export function withSpaceLockOnDriver<T>(db: Db, spaceId: string, fn: (tx: RawSql) => Promise<T>): Promise<T> {
  const postgres = providerOf(db) === "postgres";
  return driverSqlOf(db).transaction(async (tx) => {
    if (postgres) await lockSpace(tx, spaceId);
    return fn(tx);
  });
}
