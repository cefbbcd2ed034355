// The append-only audit journal (AuditEvent). Callers record an event with the same transaction
// client as the change it describes, so both are written or neither is. The database refuses
// to change or delete an event (a trigger on SQLite, rules on PostgreSQL): nothing here tries.
import type { Db, Prisma } from "~/db.server";
import { parseAuditDetails, serializeAuditDetails, type AuditDetails } from "~/domain/audit";
import { PAGE_SIZE, pageCount, pageOffset } from "~/domain/pagination";

type DbOrTx = Db | Prisma.TransactionClient;

export type AuditEventInput = {
  organizationId: string | null;
  actorUserId: string | null;
  /** One of AUDIT_ACTIONS (app/domain/audit.ts), e.g. "membership.role_changed". */
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** What matters to a reader later (names, roles), never secrets. */
  details?: AuditDetails;
  /** Defaults to the current time. */
  now?: Date;
};

export async function recordAudit(db: DbOrTx, input: AuditEventInput) {
  return db.auditEvent.create({
    data: {
      organizationId: input.organizationId,
      actorUserId: input.actorUserId,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      details: serializeAuditDetails(input.details ?? {}),
      createdAt: input.now ?? new Date(),
    },
    select: { id: true },
  });
}

export type AuditPage = {
  events: {
    id: string;
    action: string;
    targetType: string | null;
    targetId: string | null;
    details: AuditDetails;
    createdAt: Date;
    actorUserId: string | null;
    /** Null when the event has no actor, or their account is gone (events outlive accounts). */
    actor: { id: string; name: string; email: string } | null;
  }[];
  total: number;
  page: number;
  pageCount: number;
};

/** One page of an organisation's journal, newest first; `page` counts from 1. */
export async function listAuditEvents(db: Db, { organizationId, page }: { organizationId: string; page: number }): Promise<AuditPage> {
  const [total, rows] = await db.$transaction([
    db.auditEvent.count({ where: { organizationId } }),
    db.auditEvent.findMany({
      where: { organizationId },
      // Ties (same millisecond) in a stable order, so no event shows on two pages.
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: pageOffset(page),
      take: PAGE_SIZE,
    }),
  ]);
  const actorIds = [...new Set(rows.map((row) => row.actorUserId).filter((id): id is string => id !== null))];
  const actors = actorIds.length
    ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } })
    : [];
  const actorsById = new Map(actors.map((actor) => [actor.id, actor]));
  return {
    events: rows.map((row) => ({
      id: row.id,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      details: parseAuditDetails(row.details),
      createdAt: row.createdAt,
      actorUserId: row.actorUserId,
      actor: row.actorUserId ? (actorsById.get(row.actorUserId) ?? null) : null,
    })),
    total,
    page,
    pageCount: pageCount(total),
  };
}
