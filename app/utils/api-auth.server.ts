// JSON API authentication: `Authorization: Bearer <token>` with a per-organisation API token.
// Only the token's SHA-256 is stored; revoked tokens stop working at once.
import { db } from "~/db.server";
import { hashToken } from "./tokens.server";

export type ApiCaller = {
  tokenId: string;
  organization: { id: string; slug: string; name: string; kind: "COLLECTIVITE" | "SCIC" | "STRUCTURE" };
};

/** JSON error bodies of the API: `{ "error": { "code", "message" } }` with French messages. */
export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: { "Cache-Control": "no-store" } });
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("Authorization") ?? "";
  const match = /^Bearer\s+(\S{8,256})\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** The organisation behind the request's API token; throws a 401 JSON response otherwise. */
export async function requireApiCaller(request: Request): Promise<ApiCaller> {
  const token = bearerToken(request);
  if (!token) {
    throw apiError(401, "unauthorized", "Jeton d'API manquant : envoyez l'en-tête « Authorization: Bearer <jeton> ».");
  }
  const found = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, organization: { select: { id: true, slug: true, name: true, kind: true } } },
  });
  if (!found || found.revokedAt) throw apiError(401, "unauthorized", "Jeton d'API inconnu ou révoqué.");
  // Record use at most once a minute, so reads do not turn into a write per request.
  const now = new Date();
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: found.id, organization: found.organization };
}
