// A person's own account (RGPD): everything we hold about them, and deleting it. Bookings they
// made stay with their organisation, anonymised (BookingSeries.createdById becomes null).
import type { Db } from "~/db.server";
import { AUDIT_ACTIONS } from "~/domain/audit";
import { recordAudit } from "./audit.server";

/** The data export: the person's own data only, never other people's. */
export async function exportPersonalData(db: Db, { userId }: { userId: string }) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      email: true,
      name: true,
      createdAt: true,
      memberships: { select: { role: true, createdAt: true, organization: { select: { name: true, kind: true } } } },
      bookings: {
        orderBy: { createdAt: "asc" },
        select: {
          title: true,
          localStart: true,
          localEnd: true,
          rrule: true,
          status: true,
          createdAt: true,
          organization: { select: { name: true } },
          space: { select: { name: true, site: { select: { name: true } } } },
        },
      },
      notifications: { orderBy: { createdAt: "asc" }, select: { title: true, body: true, createdAt: true, readAt: true } },
      sessions: { select: { createdAt: true, expiresAt: true } },
      calendarFeeds: { select: { scope: true, createdAt: true, revokedAt: true } },
    },
  });
  const loginAttempts = await db.loginAttempt.findMany({
    where: { email: user.email },
    orderBy: { createdAt: "asc" },
    select: { ip: true, succeeded: true, createdAt: true },
  });
  return { exportedAt: new Date().toISOString(), ...user, loginAttempts };
}

export type DeleteAccountResult = { ok: true } | { ok: false; lastAdminOf: string[] };

/**
 * Deletes the account in one transaction: memberships, sessions, notifications and feeds go
 * with it (cascades), login attempts too; bookings stay, anonymised. Refused while the person
 * is the last admin of an organisation, which would be left without one.
 */
export async function deleteAccount(db: Db, { userId, now }: { userId: string; now: Date }): Promise<DeleteAccountResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, name: true, memberships: { select: { role: true, organizationId: true, organization: { select: { name: true } } } } },
    });
    const lastAdminOf: string[] = [];
    for (const membership of user.memberships.filter((m) => m.role === "ADMIN")) {
      const admins = await tx.membership.count({ where: { organizationId: membership.organizationId, role: "ADMIN" } });
      if (admins <= 1) lastAdminOf.push(membership.organization.name);
    }
    if (lastAdminOf.length > 0) return { ok: false, lastAdminOf } as const;
    for (const membership of user.memberships) {
      await recordAudit(tx, {
        organizationId: membership.organizationId,
        actorUserId: userId,
        action: AUDIT_ACTIONS.accountDeleted,
        targetType: "user",
        targetId: userId,
        details: { userName: user.name, role: membership.role },
        now,
      });
    }
    await tx.loginAttempt.deleteMany({ where: { email: user.email } });
    await tx.user.delete({ where: { id: userId } });
    return { ok: true } as const;
  });
}
