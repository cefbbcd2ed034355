// What the booking pages read besides the booking model itself (app/models/booking.server.ts):
// where a notification link leads, the series that continue another one, and the approval
// count of the dashboard. Which spaces may be booked is decided in bookable-space.server.ts.
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

/** Pending series on the spaces a managing organisation runs (the dashboard's count). */
export function countPendingForManager(db: DbOrTx, { managerOrganizationId }: { managerOrganizationId: string }) {
  return db.bookingSeries.count({ where: { status: "PENDING", space: { organizationId: managerOrganizationId } } });
}
