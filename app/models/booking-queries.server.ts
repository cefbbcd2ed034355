// What the booking pages read besides the booking model itself (app/models/booking.server.ts):
// where a notification link leads, the series that continue another one, and the approval
// count of the dashboard. Which spaces may be booked is decided in bookable-space.server.ts.
import { Prisma as PrismaSql } from "~/db.server";
import type { DbOrTx } from "./space-planning.server";

/**
 * A series the user may open from a notification: booked by one of `bookerOrganizationIds`, or on
 * a space run by one of `managerOrganizationIds`. Null otherwise (the caller answers 404).
 */
export function findSeriesForUser(
  db: DbOrTx,
  { seriesId, bookerOrganizationIds, managerOrganizationIds }: { seriesId: string; bookerOrganizationIds: string[]; managerOrganizationIds: string[] },
) {
  return db.bookingSeries.findFirst({
    where: {
      id: seriesId,
      OR: [{ organizationId: { in: bookerOrganizationIds } }, { space: { organizationId: { in: managerOrganizationIds } } }],
    },
    select: { organizationId: true, space: { select: { organizationId: true } } },
  });
}

/** The series that continue this one after "cette date et les suivantes" changes, by start. */
export function listContinuations(db: DbOrTx, { organizationId, seriesId }: { organizationId: string; seriesId: string }) {
  return db.bookingSeries.findMany({
    where: { organizationId, splitFromId: seriesId },
    orderBy: { localStart: "asc" },
    select: { id: true, title: true, localStart: true, localEnd: true },
  });
}

/** The continuation that starts at `localStart` (the one a change just created). */
export function findContinuation(
  db: DbOrTx,
  { organizationId, seriesId, localStart }: { organizationId: string; seriesId: string; localStart: string },
) {
  return db.bookingSeries.findFirst({
    where: { organizationId, splitFromId: seriesId, localStart },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
}

/**
 * Pending series on the spaces each managing organisation runs (the dashboard's counts), in one
 * raw query: every dashboard asks it (ADR 0014). Organisations without any are absent.
 */
export async function countPendingByManager(db: DbOrTx, managerOrganizationIds: readonly string[]): Promise<Map<string, number>> {
  if (managerOrganizationIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ organizationId: string; pending: number | bigint }>>`
    SELECT s."organizationId", COUNT(*) AS "pending"
    FROM "BookingSeries" b JOIN "Space" s ON s."id" = b."spaceId"
    WHERE b."status" = 'PENDING' AND s."organizationId" IN (${PrismaSql.join(managerOrganizationIds)})
    GROUP BY s."organizationId"`;
  return new Map(rows.map((row) => [row.organizationId, Number(row.pending)]));
}
