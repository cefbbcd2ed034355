// Login attempts, for throttling per account and per IP (the rule: app/domain/login-throttle.ts).
//
// An attempt is written BEFORE the password is checked, as a failure, and turned into a success
// afterwards if the password was right. Each request counts the others' rows after writing its
// own, so a burst of parallel guesses cannot all pass the check before any failure is stored:
// at most the threshold of them ever reach the password check. A refused attempt deletes its row:
// it was never checked, and hammering a locked account must not keep its owner locked out longer.
//
// Rows hold e-mail addresses and IPs: they are kept one day only (enough to look into a recent
// attack), then deleted.
import type { Db } from "~/db.server";
import { decideLoginThrottle, throttleLookbackMs, type PastAttempt } from "~/domain/login-throttle";
import { isKnownClientIp } from "~/utils/client-ip.server";

const RETENTION_MS = 24 * 60 * 60 * 1000;

export type LoginAttemptStart =
  | { status: "ALLOWED"; attemptId: string }
  | { status: "THROTTLED"; retryAfterMs: number; by: "ACCOUNT" | "IP" };

/** The e-mail as the account table stores it, so "Nom@Exemple.fr " and "nom@exemple.fr" count together. */
export function normalizeLoginEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toPastAttempts(rows: { createdAt: Date; succeeded: boolean }[]): PastAttempt[] {
  return rows.map((row) => ({ at: row.createdAt, succeeded: row.succeeded }));
}

/**
 * Records the start of a login attempt and says whether it may go on to the password check.
 * When allowed, call finishLoginAttempt() with the outcome.
 */
export async function beginLoginAttempt(
  db: Db,
  { email, ip, now }: { email: string; ip: string; now: Date },
): Promise<LoginAttemptStart> {
  const key = normalizeLoginEmail(email);
  await db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - RETENTION_MS) } } });
  // Not in a transaction: the row must be visible to concurrent attempts at once.
  const attempt = await db.loginAttempt.create({ data: { email: key, ip, succeeded: false, createdAt: now }, select: { id: true } });
  const since = new Date(now.getTime() - throttleLookbackMs());
  const select = { createdAt: true, succeeded: true } as const;
  const [accountRows, ipRows] = await Promise.all([
    db.loginAttempt.findMany({ where: { email: key, createdAt: { gt: since }, id: { not: attempt.id } }, select }),
    isKnownClientIp(ip)
      ? db.loginAttempt.findMany({ where: { ip, createdAt: { gt: since }, id: { not: attempt.id } }, select })
      : Promise.resolve(null),
  ]);
  const decision = decideLoginThrottle({
    now,
    accountAttempts: toPastAttempts(accountRows),
    ipAttempts: ipRows ? toPastAttempts(ipRows) : null,
  });
  if (decision.allowed) return { status: "ALLOWED", attemptId: attempt.id };
  await db.loginAttempt.delete({ where: { id: attempt.id } });
  return { status: "THROTTLED", retryAfterMs: decision.retryAfterMs, by: decision.by };
}

/** Records the outcome of an allowed attempt (it is stored as a failure until then). */
export async function finishLoginAttempt(db: Db, { attemptId, succeeded }: { attemptId: string; succeeded: boolean }): Promise<void> {
  if (!succeeded) return;
  await db.loginAttempt.updateMany({ where: { id: attemptId }, data: { succeeded: true } });
}
