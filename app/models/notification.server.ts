// In-app notifications and a user's inbox. A notification without user belongs to its whole
// organisation, so marking it read marks it for every member (one readAt per notification).
import { Prisma as PrismaSql } from "~/db.server";
import type { DbOrTx } from "./space-planning.server";

export type NewNotification = { userId: string | null; organizationId: string; title: string; body: string; link?: string };

export function notify(db: DbOrTx, notification: NewNotification) {
  return db.notification.create({ data: { ...notification, link: notification.link ?? null }, select: { id: true } });
}

type InboxScope = { userId: string; organizationIds: string[] };

/** What a user sees: their own notifications, and their organisations' without user. */
function visibleTo({ userId, organizationIds }: InboxScope) {
  return { OR: [{ userId }, { userId: null, organizationId: { in: organizationIds } }] };
}

export function listNotifications(db: DbOrTx, scope: InboxScope) {
  return db.notification.findMany({
    where: visibleTo(scope),
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, title: true, body: true, link: true, readAt: true, createdAt: true },
  });
}

/** Raw, the same rule as visibleTo: every dashboard asks it (ADR 0014). */
export async function countUnreadNotifications(db: DbOrTx, { userId, organizationIds }: InboxScope): Promise<number> {
  const ofOrganizations =
    organizationIds.length === 0
      ? PrismaSql.empty
      : PrismaSql.sql`OR ("userId" IS NULL AND "organizationId" IN (${PrismaSql.join(organizationIds)}))`;
  const [row] = await db.$queryRaw<Array<{ unread: number | bigint }>>`
    SELECT COUNT(*) AS "unread" FROM "Notification" WHERE "readAt" IS NULL AND ("userId" = ${userId} ${ofOrganizations})`;
  return Number(row.unread);
}

export function markAllNotificationsRead(db: DbOrTx, scope: InboxScope & { now: Date }) {
  return db.notification.updateMany({ where: { ...visibleTo(scope), readAt: null }, data: { readAt: scope.now } });
}
