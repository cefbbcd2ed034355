// An organisation's members, managed by its admins: add an existing account, change a role,
// remove someone. Each change is one transaction that also records the audit event and ends
// the member's sessions (see endSessionsOnPrivilegeChange).
import { providerOf, type Db, type Prisma } from "~/db.server";
import { AUDIT_ACTIONS } from "~/domain/audit";
import { membershipChangeProblem, type MembershipChange } from "~/domain/membership";
import type { MembershipRole } from "~/domain/roles";
import { isUniqueViolation } from "~/utils/db-errors.server";
import { recordAudit } from "./audit.server";

type Tx = Prisma.TransactionClient;

export function listMembers(db: Db, { organizationId }: { organizationId: string }) {
  return db.membership.findMany({
    where: { organizationId },
    orderBy: [{ user: { name: "asc" } }, { id: "asc" }],
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
}

/**
 * Runs fn in a transaction holding the organisation's membership lock, so that two admins
 * demoting each other at the same moment cannot leave it without an admin. On PostgreSQL the
 * organisation's row is locked; SQLite mode already runs one transaction at a time.
 */
function withOrganizationLock<T>(db: Db, organizationId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const postgres = providerOf(db) === "postgres";
  return db.$transaction(async (tx) => {
    if (postgres) await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
    return fn(tx);
  });
}

/**
 * Any change to a user's memberships logs them out everywhere. Roles are read from the database
 * on every request, so this is not what makes a new role take effect; it is what OWASP means by
 * renewing the session on a privilege change: a session opened (or stolen) before a promotion
 * must not carry the new rights, so the person proves who they are again before using them.
 * Demotions and removals get the same treatment so the rule stays one simple sentence.
 */
function endSessionsOnPrivilegeChange(tx: Tx, userId: string) {
  return tx.session.deleteMany({ where: { userId } });
}

function adminCount(tx: Tx, organizationId: string) {
  return tx.membership.count({ where: { organizationId, role: "ADMIN" } });
}

type Actor = { organizationId: string; actorUserId: string; now: Date };
type Member = { id: string; role: MembershipRole; user: { id: string; name: string; email: string } };

function findMember(tx: Tx, organizationId: string, membershipId: string): Promise<Member | null> {
  return tx.membership.findFirst({
    where: { id: membershipId, organizationId },
    select: { id: true, role: true, user: { select: { id: true, name: true, email: true } } },
  });
}

function checkChange(tx: Tx, organizationId: string, change: MembershipChange) {
  return adminCount(tx, organizationId).then((admins) => membershipChangeProblem(change, admins));
}

export type AddMemberResult = { ok: true; userId: string } | { ok: false; reason: "NO_ACCOUNT" | "ALREADY_MEMBER" };

/** Adds the account with this e-mail to the organisation (no invitation e-mail: it must exist). */
export async function addMember(
  db: Db,
  { organizationId, actorUserId, now, email, role }: Actor & { email: string; role: MembershipRole },
): Promise<AddMemberResult> {
  try {
    return await withOrganizationLock(db, organizationId, async (tx) => {
      // Accounts store their e-mail trimmed and lower-cased (app/models/user.server.ts).
      const user = await tx.user.findUnique({
        where: { email: email.trim().toLowerCase() },
        select: { id: true, name: true, email: true },
      });
      if (!user) return { ok: false, reason: "NO_ACCOUNT" } as const;
      const existing = await tx.membership.findFirst({ where: { organizationId, userId: user.id }, select: { id: true } });
      if (existing) return { ok: false, reason: "ALREADY_MEMBER" } as const;
      await tx.membership.create({ data: { organizationId, userId: user.id, role, createdAt: now } });
      await endSessionsOnPrivilegeChange(tx, user.id);
      await recordAudit(tx, {
        organizationId,
        actorUserId,
        action: AUDIT_ACTIONS.membershipAdded,
        targetType: "User",
        targetId: user.id,
        details: { userName: user.name, userEmail: user.email, role },
        now,
      });
      return { ok: true, userId: user.id } as const;
    });
  } catch (error) {
    // Only another app process can get there first (SQLite mode's lock is per process).
    if (isUniqueViolation(error)) return { ok: false, reason: "ALREADY_MEMBER" };
    throw error;
  }
}

export type ChangeMemberResult =
  | { ok: true; userId: string; changed: boolean }
  | { ok: false; reason: "NOT_FOUND" | "LAST_ADMIN" };

/** Gives a member another role; the organisation's last admin keeps theirs. */
export async function changeMemberRole(
  db: Db,
  { organizationId, actorUserId, now, membershipId, role }: Actor & { membershipId: string; role: MembershipRole },
): Promise<ChangeMemberResult> {
  return withOrganizationLock(db, organizationId, async (tx) => {
    const member = await findMember(tx, organizationId, membershipId);
    if (!member) return { ok: false, reason: "NOT_FOUND" } as const;
    if (member.role === role) return { ok: true, userId: member.user.id, changed: false } as const;
    if (await checkChange(tx, organizationId, { kind: "CHANGE_ROLE", from: member.role, to: role })) {
      return { ok: false, reason: "LAST_ADMIN" } as const;
    }
    await tx.membership.update({ where: { id: member.id }, data: { role } });
    await endSessionsOnPrivilegeChange(tx, member.user.id);
    await recordAudit(tx, {
      organizationId,
      actorUserId,
      action: AUDIT_ACTIONS.membershipRoleChanged,
      targetType: "User",
      targetId: member.user.id,
      details: { userName: member.user.name, userEmail: member.user.email, from: member.role, to: role },
      now,
    });
    return { ok: true, userId: member.user.id, changed: true } as const;
  });
}

export type RemoveMemberResult = { ok: true; userId: string } | { ok: false; reason: "NOT_FOUND" | "LAST_ADMIN" };

/** Removes someone from the organisation (their account stays); never its last admin. */
export async function removeMember(
  db: Db,
  { organizationId, actorUserId, now, membershipId }: Actor & { membershipId: string },
): Promise<RemoveMemberResult> {
  return withOrganizationLock(db, organizationId, async (tx) => {
    const member = await findMember(tx, organizationId, membershipId);
    if (!member) return { ok: false, reason: "NOT_FOUND" } as const;
    if (await checkChange(tx, organizationId, { kind: "REMOVE", role: member.role })) return { ok: false, reason: "LAST_ADMIN" } as const;
    await tx.membership.delete({ where: { id: member.id } });
    await endSessionsOnPrivilegeChange(tx, member.user.id);
    await recordAudit(tx, {
      organizationId,
      actorUserId,
      action: AUDIT_ACTIONS.membershipRemoved,
      targetType: "User",
      targetId: member.user.id,
      details: { userName: member.user.name, userEmail: member.user.email, role: member.role },
      now,
    });
    return { ok: true, userId: member.user.id } as const;
  });
}
