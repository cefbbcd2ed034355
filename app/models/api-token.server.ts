// An organisation's API tokens (see app/utils/api-auth.server.ts for their use). The clear
// token is returned once, by createApiToken, and never stored: only its SHA-256 is.
import type { Db } from "~/db.server";
import { generateToken, hashToken } from "~/utils/tokens.server";

export function listApiTokens(db: Db, { organizationId }: { organizationId: string }) {
  return db.apiToken.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Creates a token for the organisation; the returned `token` is the only copy of the clear value. */
export async function createApiToken(db: Db, { organizationId, name }: { organizationId: string; name: string }) {
  const token = generateToken();
  const created = await db.apiToken.create({
    data: { organizationId, name, tokenHash: hashToken(token) },
    select: { id: true, name: true },
  });
  return { ...created, token };
}

export type RevokeResult = "REVOKED" | "ALREADY_REVOKED" | "NOT_FOUND";

/** Revokes one of the organisation's tokens; another organisation's token id is NOT_FOUND. */
export async function revokeApiToken(
  db: Db,
  { organizationId, tokenId, now }: { organizationId: string; tokenId: string; now: Date },
): Promise<RevokeResult> {
  const { count } = await db.apiToken.updateMany({ where: { id: tokenId, organizationId, revokedAt: null }, data: { revokedAt: now } });
  if (count > 0) return "REVOKED";
  const existing = await db.apiToken.findFirst({ where: { id: tokenId, organizationId }, select: { id: true } });
  return existing ? "ALREADY_REVOKED" : "NOT_FOUND";
}
