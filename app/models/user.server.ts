import argon2 from "argon2";
import type { Db } from "~/db.server";
import { rawDate } from "~/utils/raw-values.server";

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane).
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

// Verified against when the e-mail is unknown, so both failures take the same time.
let decoyHash: Promise<string> | undefined;

/** The user whose e-mail and password match, or null. Never tells which of the two was wrong. */
export async function verifyLogin(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, name: true, email: true, passwordHash: true },
  });
  if (!user) {
    decoyHash ??= hashPassword("decoy-password-for-timing");
    await argon2.verify(await decoyHash, password);
    return null;
  }
  if (!(await argon2.verify(user.passwordHash, password))) return null;
  return { id: user.id, name: user.name, email: user.email };
}

export async function createUser(db: Db, input: { email: string; name: string; password: string }) {
  return db.user.create({
    data: { email: input.email.trim().toLowerCase(), name: input.name, passwordHash: await hashPassword(input.password) },
    select: { id: true, email: true, name: true },
  });
}

export type SessionUser = { id: string; name: string; email: string };

/** A session that has not expired: its user, and when it ends (a page kept for it ends then too). */
export type ActiveSession = { user: SessionUser; expiresAt: Date };

/**
 * The unexpired session with this token hash and its user, or null. One raw join: every page
 * asks it at least twice (root and route loaders), and with Prisma 6's query compiler two
 * compiled queries (session, then user) cost about four times its CPU (docs/decisions/0014).
 */
export async function findSession(db: Db, sessionIdHash: string, now = new Date()): Promise<ActiveSession | null> {
  const [row] = await db.$queryRaw<Array<SessionUser & { expiresAt: Date | string | number }>>`
    SELECT u."id", u."name", u."email", s."expiresAt" FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sessionIdHash}`;
  if (!row) return null;
  const expiresAt = rawDate(row.expiresAt);
  if (expiresAt.getTime() <= now.getTime()) return null;
  return { user: { id: row.id, name: row.name, email: row.email }, expiresAt };
}
