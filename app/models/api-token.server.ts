// An organisation's API tokens (see app/utils/api-auth.server.ts for their use). The clear
// token is returned once, by createApiToken, and never stored: only its SHA-256 is.
// Creating and revoking a token are recorded in the audit journal, in the same transaction.
import type { Db } from "~/db.server";
import { AUDIT_ACTIONS } from "~/domain/audit";
import { generateToken, hashToken } from "~/utils/tokens.server";
import { recordAudit } from "./audit.server";

export function listApiTokens(db: Db, { organizationId }: { organizationId: string }) {
  return db.apiToken.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Creates a token for the organisation; the returned `token` is the only copy of the clear value. */
export async function createApiToken(
  db: Db,
  { organizationId, name, actorUserId, now }: { organizationId: string; name: string; actorUserId: string; now: Date },
) {
  const token = generateToken();
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { organizationId, name, tokenHash: hashToken(token), createdAt: now },
      select: { id: true, name: true },
    });
    await recordAudit(tx, {
      organizationId,
      actorUserId,
      action: AUDIT_ACTIONS.apiTokenCreated,
      targetType: "ApiToken",
      targetId: row.id,
      details: { name: row.name },
      now,
    });
    return row;
  });
  return { ...created, token };
}

export type RevokeResult = "REVOKED" | "ALREADY_REVOKED" | "NOT_FOUND";

/** Revokes one of the organisation's tokens; another organisation's token id is NOT_FOUND. */
export async function revokeApiToken(
  db: Db,
  { organizationId, tokenId, actorUserId, now }: { organizationId: string; tokenId: string; actorUserId: string; now: Date },
): Promise<RevokeResult> {
  return db.$transaction(async (tx) => {
    const existing = await tx.apiToken.findFirst({ where: { id: tokenId, organizationId }, select: { id: true, name: true } });
    if (!existing) return "NOT_FOUND";
    // Conditional, so two concurrent revocations record one event.
    const { count } = await tx.apiToken.updateMany({ where: { id: tokenId, organizationId, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) return "ALREADY_REVOKED";
    await recordAudit(tx, {
      organizationId,
      actorUserId,
      action: AUDIT_ACTIONS.apiTokenRevoked,
      targetType: "ApiToken",
      targetId: existing.id,
      details: { name: existing.name },
      now,
    });
    return "REVOKED";
  });
}
