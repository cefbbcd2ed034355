// A user's notification inbox: what listNotifications (notification.server.ts) shows, counted
// and marked as read. A notification without user belongs to its whole organisation, so marking
// it read marks it for every member (the schema keeps one readAt per notification).
import type { DbOrTx } from "./space-planning.server";

type InboxScope = { userId: string; organizationIds: string[] };

/** The same scope as listNotifications: the user's own, and their organisations' without user. */
function visibleTo({ userId, organizationIds }: InboxScope) {
  return { OR: [{ userId }, { userId: null, organizationId: { in: organizationIds } }] };
}

export function countUnreadNotifications(db: DbOrTx, scope: InboxScope) {
  return db.notification.count({ where: { ...visibleTo(scope), readAt: null } });
}

export function markAllNotificationsRead(db: DbOrTx, scope: InboxScope & { now: Date }) {
  return db.notification.updateMany({ where: { ...visibleTo(scope), readAt: null }, data: { readAt: scope.now } });
}
