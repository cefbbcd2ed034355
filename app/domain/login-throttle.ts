// When a login attempt is refused before the password is even checked. Pure: the caller loads
// the recent attempts (app/models/login-attempt.server.ts) and passes `now`.
//
// Two counters, each over the last hour:
// - per account (e-mail, known or not): failures since that account's last successful login.
//   5 of them lock the account; a success proves the password and starts the count again.
// - per client IP: every failure, whatever the account and whatever succeeded in between (an
//   attacker could otherwise reset the count by logging in to an account of their own).
//   20 of them lock the IP. Off when the IP is unknown: a key shared by every client would let
//   anyone lock everybody out.
// A lock lasts from the latest failure for 1 minute at the threshold, doubling with every
// further failure (1, 2, 4, 8 min) up to 15 minutes. The counting window (1 hour) is longer than
// the longest lock on purpose: were it as short, waiting out a lock would also wipe the count,
// and the delay would never grow.

export const MINUTE_MS = 60_000;

/**
 * Attempts stamped up to this much after `now` still count: a concurrent request (or another
 * app instance, whose clock may be a little ahead) may have written them. Later ones are
 * ignored, so a clock set back cannot lock anyone out for longer than the longest lock.
 */
export const CLOCK_SKEW_MS = MINUTE_MS;

export type ThrottleRule = {
  /** Failures within the window that start a lock. */
  maxFailures: number;
  windowMs: number;
  /** Whether a successful login clears the failures before it (per account, not per IP). */
  resetBySuccess: boolean;
};

export type ThrottlePolicy = {
  account: ThrottleRule;
  ip: ThrottleRule;
  baseDelayMs: number;
  maxDelayMs: number;
};

export const LOGIN_THROTTLE_POLICY: ThrottlePolicy = {
  account: { maxFailures: 5, windowMs: 60 * MINUTE_MS, resetBySuccess: true },
  ip: { maxFailures: 20, windowMs: 60 * MINUTE_MS, resetBySuccess: false },
  baseDelayMs: 1 * MINUTE_MS,
  maxDelayMs: 15 * MINUTE_MS,
};

/** The longest window any rule looks back over: older attempts never matter. */
export function throttleLookbackMs(policy: ThrottlePolicy = LOGIN_THROTTLE_POLICY): number {
  return Math.max(policy.account.windowMs, policy.ip.windowMs);
}

export type PastAttempt = { at: Date; succeeded: boolean };

export type ThrottleDecision =
  | { allowed: true }
  /** `by` is for logs and tests only: users get the same answer whichever counter tripped. */
  | { allowed: false; retryAfterMs: number; by: "ACCOUNT" | "IP" };

/** The lock after `failures` failures: none below the threshold, then doubling up to the cap. */
export function lockDurationMs(failures: number, maxFailures: number, policy: ThrottlePolicy = LOGIN_THROTTLE_POLICY): number {
  if (failures < maxFailures) return 0;
  // Capping the exponent first keeps 2 ** n finite whatever the count.
  const doublings = Math.min(failures - maxFailures, 32);
  return Math.min(policy.baseDelayMs * 2 ** doublings, policy.maxDelayMs);
}

/** How long one counter keeps refusing attempts from `now` (0 when it does not). */
function remainingLockMs(attempts: PastAttempt[], rule: ThrottleRule, now: Date, policy: ThrottlePolicy): number {
  const windowStart = now.getTime() - rule.windowMs;
  const latestCounted = now.getTime() + CLOCK_SKEW_MS;
  let countFrom = windowStart;
  if (rule.resetBySuccess) {
    for (const attempt of attempts) {
      const at = attempt.at.getTime();
      if (attempt.succeeded && at >= countFrom && at <= latestCounted) countFrom = at;
    }
  }
  let failures = 0;
  let latestFailure = -Infinity;
  for (const attempt of attempts) {
    const at = attempt.at.getTime();
    // A failure at the very instant of the success that reset the count is counted: it is not
    // known to be older.
    if (attempt.succeeded || at <= windowStart || at < countFrom || at > latestCounted) continue;
    failures += 1;
    latestFailure = Math.max(latestFailure, at);
  }
  const lock = lockDurationMs(failures, rule.maxFailures, policy);
  return lock === 0 ? 0 : Math.min(policy.maxDelayMs, Math.max(0, latestFailure + lock - now.getTime()));
}

/**
 * Whether a new login attempt may go on to the password check. `ipAttempts` is null when the
 * client's IP is unknown (no per-IP counter then). The attempt being decided is not in the lists.
 */
export function decideLoginThrottle(
  {
    now,
    accountAttempts,
    ipAttempts,
  }: { now: Date; accountAttempts: PastAttempt[]; ipAttempts: PastAttempt[] | null },
  policy: ThrottlePolicy = LOGIN_THROTTLE_POLICY,
): ThrottleDecision {
  const byAccount = remainingLockMs(accountAttempts, policy.account, now, policy);
  const byIp = ipAttempts ? remainingLockMs(ipAttempts, policy.ip, now, policy) : 0;
  if (byAccount === 0 && byIp === 0) return { allowed: true };
  return byAccount >= byIp ? { allowed: false, retryAfterMs: byAccount, by: "ACCOUNT" } : { allowed: false, retryAfterMs: byIp, by: "IP" };
}

/** Whole minutes to wait, rounded up: "2 minutes" must never be too short. */
export function retryAfterMinutes(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / MINUTE_MS));
}

/** The one message for a throttled attempt: it says nothing about whether the account exists. */
export function throttledMessage(retryAfterMs: number): string {
  const minutes = retryAfterMinutes(retryAfterMs);
  return `Trop de tentatives. Réessayez dans ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
