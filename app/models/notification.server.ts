import type { DbOrTx } from "./space-planning.server";

export type NewNotification = { userId: string | null; organizationId: string; title: string; body: string; link?: string };

export function notify(db: DbOrTx, notification: NewNotification) {
  return db.notification.create({ data: { ...notification, link: notification.link ?? null }, select: { id: true } });
}

export function listNotifications(db: DbOrTx, { userId, organizationIds }: { userId: string; organizationIds: string[] }) {
  return db.notification.findMany({
    where: { OR: [{ userId }, { userId: null, organizationId: { in: organizationIds } }] },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, title: true, body: true, link: true, readAt: true, createdAt: true },
  });
}
