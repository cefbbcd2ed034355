// JSON API authentication: `Authorization: Bearer <token>` with a per-organisation API token.
// Only the token's SHA-256 is stored; revoked tokens stop working at once.
import { db, driverSqlOf } from "~/db.server";
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
  // One raw join on the unique hash, on the driver: this runs on every API request, and
  // Prisma's compiled findUnique with its relation cost about twice as much CPU (issue 7),
  // Prisma's $queryRaw five times the driver's (ADR 0022).
  const [found] = await driverSqlOf(db).$queryRaw<Array<{ id: string; revokedAt: unknown; lastUsedAt: unknown } & { [K in `organization${"Id" | "Slug" | "Name" | "Kind"}`]: string }>>`
    SELECT t."id", t."revokedAt", t."lastUsedAt", o."id" AS "organizationId", o."slug" AS "organizationSlug",
           o."name" AS "organizationName", o."kind" AS "organizationKind"
    FROM "ApiToken" t JOIN "Organization" o ON o."id" = t."organizationId"
    WHERE t."tokenHash" = ${hashToken(token)}`;
  if (!found || found.revokedAt != null) throw apiError(401, "unauthorized", "Jeton d'API inconnu ou révoqué.");
  // Record use at most once a minute, so reads do not turn into a write per request.
  const now = new Date();
  const lastUsedAt = found.lastUsedAt == null ? null : new Date(found.lastUsedAt as string | number | Date);
  if (!lastUsedAt || Number.isNaN(lastUsedAt.getTime()) || now.getTime() - lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: now } });
  }
  return {
    tokenId: found.id,
    organization: { id: found.organizationId, slug: found.organizationSlug, name: found.organizationName, kind: found.organizationKind as ApiCaller["organization"]["kind"] },
  };
}
