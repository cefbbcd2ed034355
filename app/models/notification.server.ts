// In-app notifications and a user's inbox. A notification without user belongs to its whole
// organisation, so marking it read marks it for every member (one readAt per notification).
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

export function countUnreadNotifications(db: DbOrTx, scope: InboxScope) {
  return db.notification.count({ where: { ...visibleTo(scope), readAt: null } });
}

export function markAllNotificationsRead(db: DbOrTx, scope: InboxScope & { now: Date }) {
  return db.notification.updateMany({ where: { ...visibleTo(scope), readAt: null }, data: { readAt: scope.now } });
}
