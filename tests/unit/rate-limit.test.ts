// The in-memory token buckets behind the calendar feeds' rate limit.
import { TokenBucketLimiter, tooManyRequests } from "~/utils/rate-limit.server";

describe("TokenBucketLimiter", () => {
  it("lets a burst of `capacity` through, then one request per refill period", () => {
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 1 / 20 });
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("feed", t0).ok)).toEqual([true, true, true]);
    expect(limiter.take("feed", t0)).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take("feed", t0 + 15_000)).toEqual({ ok: false, retryAfterSeconds: 5 });
    expect(limiter.take("feed", t0 + 20_000)).toEqual({ ok: true });
    expect(limiter.take("feed", t0 + 20_000).ok).toBe(false);
  });

  it("counts each key on its own and never refills beyond the capacity", () => {
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 1 });
    expect(limiter.take("a", 0).ok).toBe(true);
    expect(limiter.take("a", 0).ok).toBe(true);
    expect(limiter.take("a", 0).ok).toBe(false);
    expect(limiter.take("b", 0).ok).toBe(true);
    // An hour later, still only `capacity` at once.
    expect([1, 2, 3].map(() => limiter.take("b", 3_600_000).ok)).toEqual([true, true, false]);
  });

  it("keeps at most maxKeys buckets, forgetting full ones first, then the least recently used", () => {
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 0.001, maxKeys: 2 });
    limiter.take("old", 0);
    limiter.take("old", 0);
    limiter.take("recent", 1);
    limiter.take("new", 2); // evicts "old", the least recently used
    expect(limiter.take("recent", 3).ok).toBe(true);
    expect(limiter.take("recent", 3).ok).toBe(false);
    // "old" was forgotten: it starts again with a full bucket.
    expect(limiter.take("old", 4).ok).toBe(true);
  });

  it("refuses a meaningless configuration", () => {
    expect(() => new TokenBucketLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});

describe("tooManyRequests", () => {
  it("answers 429 with Retry-After and a French message", async () => {
    const response = tooManyRequests(12);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("12");
    expect(await response.text()).toBe("Trop de requêtes : réessayez dans quelques instants.");
  });
});
