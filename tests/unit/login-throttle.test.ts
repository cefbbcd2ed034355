import { describe, expect, it } from "vitest";
import {
  LOGIN_THROTTLE_POLICY,
  MINUTE_MS,
  decideLoginThrottle,
  lockDurationMs,
  retryAfterMinutes,
  throttleLookbackMs,
  throttledMessage,
  type PastAttempt,
} from "~/domain/login-throttle";

const NOW = new Date("2027-03-10T09:00:00Z");
const SECOND_MS = 1000;

/** Attempts at these offsets before NOW (in minutes): "F" failed, "S" succeeded. */
function attempts(...entries: Array<[minutesAgo: number, outcome: "F" | "S"]>): PastAttempt[] {
  return entries.map(([minutesAgo, outcome]) => ({ at: new Date(NOW.getTime() - minutesAgo * MINUTE_MS), succeeded: outcome === "S" }));
}

/** `count` failures, the latest `latestMinutesAgo` before NOW, one second apart going back. */
function failures(count: number, latestMinutesAgo = 0): PastAttempt[] {
  return Array.from({ length: count }, (_, i) => ({
    at: new Date(NOW.getTime() - latestMinutesAgo * MINUTE_MS - i * SECOND_MS),
    succeeded: false,
  }));
}

describe("lockDurationMs", () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1],
    [6, 2],
    [7, 4],
    [8, 8],
    [9, 15],
    [10, 15],
    [1000, 15],
  ])("%i account failures lock for %i minutes", (count, minutes) => {
    expect(lockDurationMs(count, LOGIN_THROTTLE_POLICY.account.maxFailures)).toBe(minutes * MINUTE_MS);
  });

  it.each([
    [19, 0],
    [20, 1],
    [21, 2],
    [24, 15],
  ])("%i IP failures lock for %i minutes", (count, minutes) => {
    expect(lockDurationMs(count, LOGIN_THROTTLE_POLICY.ip.maxFailures)).toBe(minutes * MINUTE_MS);
  });
});

describe("decideLoginThrottle", () => {
  type Case = {
    name: string;
    account: PastAttempt[];
    ip: PastAttempt[] | null;
    expected: { allowed: true } | { allowed: false; retryAfterMs: number; by: "ACCOUNT" | "IP" };
  };

  const cases: Case[] = [
    { name: "no history", account: [], ip: [], expected: { allowed: true } },
    { name: "4 recent account failures", account: failures(4), ip: null, expected: { allowed: true } },
    {
      name: "5 account failures just now: 1 minute",
      account: failures(5),
      ip: null,
      expected: { allowed: false, retryAfterMs: MINUTE_MS, by: "ACCOUNT" },
    },
    {
      name: "5 account failures, the latest 30 s ago: 30 s left",
      account: failures(5, 0.5),
      ip: null,
      expected: { allowed: false, retryAfterMs: 30 * SECOND_MS, by: "ACCOUNT" },
    },
    { name: "5 account failures, the latest 1 minute ago: lock over", account: failures(5, 1), ip: null, expected: { allowed: true } },
    {
      name: "6 account failures, the latest 1 minute ago: 1 minute of 2 left",
      account: failures(6, 1),
      ip: null,
      expected: { allowed: false, retryAfterMs: MINUTE_MS, by: "ACCOUNT" },
    },
    {
      name: "9 account failures just now: capped at 15 minutes",
      account: failures(9),
      ip: null,
      expected: { allowed: false, retryAfterMs: 15 * MINUTE_MS, by: "ACCOUNT" },
    },
    { name: "12 account failures, the latest 15 minutes ago: lock over", account: failures(12, 15), ip: null, expected: { allowed: true } },
    {
      name: "failures spread over the hour still count (waiting out a lock does not reset the count)",
      account: attempts([50, "F"], [40, "F"], [30, "F"], [20, "F"], [10, "F"], [1, "F"]),
      ip: null,
      expected: { allowed: false, retryAfterMs: MINUTE_MS, by: "ACCOUNT" },
    },
    {
      name: "failures older than an hour are forgotten",
      account: attempts([70, "F"], [65, "F"], [61, "F"], [3, "F"], [2, "F"], [1, "F"]),
      ip: null,
      expected: { allowed: true },
    },
    {
      name: "a success clears the account's earlier failures",
      account: attempts([10, "F"], [9, "F"], [8, "F"], [7, "F"], [6, "F"], [5, "S"], [0, "F"]),
      ip: null,
      expected: { allowed: true },
    },
    {
      name: "failures after a success count again",
      account: [...attempts([10, "S"]), ...failures(5)],
      ip: null,
      expected: { allowed: false, retryAfterMs: MINUTE_MS, by: "ACCOUNT" },
    },
    { name: "19 failures from one IP", account: [], ip: failures(19), expected: { allowed: true } },
    {
      name: "20 failures from one IP, whatever the accounts",
      account: [],
      ip: failures(20),
      expected: { allowed: false, retryAfterMs: MINUTE_MS, by: "IP" },
    },
    {
      name: "a success does not clear an IP's failures",
      account: [],
      ip: [...failures(21, 1), ...attempts([0.5, "S"])],
      expected: { allowed: false, retryAfterMs: MINUTE_MS, by: "IP" },
    },
    {
      name: "unknown IP: no per-IP counter",
      account: [],
      ip: null,
      expected: { allowed: true },
    },
    {
      name: "both locked: the longer wait is given",
      account: failures(5),
      ip: failures(22),
      expected: { allowed: false, retryAfterMs: 4 * MINUTE_MS, by: "IP" },
    },
  ];

  it.each(cases)("$name", ({ account, ip, expected }) => {
    expect(decideLoginThrottle({ now: NOW, accountAttempts: account, ipAttempts: ip })).toEqual(expected);
  });

  it("counts a concurrent attempt stamped a little after now", () => {
    const concurrent = [...failures(4), { at: new Date(NOW.getTime() + 5), succeeded: false }];
    expect(decideLoginThrottle({ now: NOW, accountAttempts: concurrent, ipAttempts: null })).toEqual({
      allowed: false,
      retryAfterMs: MINUTE_MS + 5,
      by: "ACCOUNT",
    });
  });

  it("ignores attempts stamped well after now (a clock set back), and never asks for more than 15 minutes", () => {
    const later = (minutes: number) => ({ at: new Date(NOW.getTime() + minutes * MINUTE_MS), succeeded: false });
    expect(decideLoginThrottle({ now: NOW, accountAttempts: Array.from({ length: 9 }, () => later(60 * 24)), ipAttempts: null })).toEqual({
      allowed: true,
    });
    expect(decideLoginThrottle({ now: NOW, accountAttempts: Array.from({ length: 9 }, () => later(0.5)), ipAttempts: null })).toEqual({
      allowed: false,
      retryAfterMs: 15 * MINUTE_MS,
      by: "ACCOUNT",
    });
  });

  it("looks back as far as the longest window", () => {
    expect(throttleLookbackMs()).toBe(60 * MINUTE_MS);
  });
});

describe("throttledMessage", () => {
  it.each([
    [1, "Trop de tentatives. Réessayez dans 1 minute."],
    [30 * SECOND_MS, "Trop de tentatives. Réessayez dans 1 minute."],
    [MINUTE_MS, "Trop de tentatives. Réessayez dans 1 minute."],
    [MINUTE_MS + 1, "Trop de tentatives. Réessayez dans 2 minutes."],
    [2 * MINUTE_MS, "Trop de tentatives. Réessayez dans 2 minutes."],
    [15 * MINUTE_MS, "Trop de tentatives. Réessayez dans 15 minutes."],
  ])("%i ms → %s", (ms, message) => {
    expect(throttledMessage(ms)).toBe(message);
    expect(retryAfterMinutes(ms)).toBeGreaterThanOrEqual(ms / MINUTE_MS);
  });
});
