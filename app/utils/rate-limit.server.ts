// Small in-memory token buckets, for public endpoints such as the calendar feeds (the client's
// address for per-IP keys comes from app/utils/client-ip.server.ts).
// Per process: each app instance (and each test file) counts on its own, and a restart forgets.
// That is enough to stop one client or one leaked URL from hammering an instance; limits shared
// by several instances would need a shared store.

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBucketLimiter {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, { tokens: number; updatedAt: number }>();

  /**
   * `capacity` requests at once, then one more every `1 / refillPerSecond` seconds. At most
   * `maxKeys` buckets are kept: full ones are dropped first, then the oldest.
   */
  constructor({ capacity, refillPerSecond, maxKeys = 10_000 }: { capacity: number; refillPerSecond: number; maxKeys?: number }) {
    if (capacity < 1 || refillPerSecond <= 0) throw new RangeError("TokenBucketLimiter : capacité ≥ 1 et débit > 0 attendus.");
    this.#capacity = capacity;
    this.#refillPerMs = refillPerSecond / 1000;
    this.#maxKeys = maxKeys;
  }

  /** Takes one token from `key`'s bucket, or says how long to wait for one. */
  take(key: string, now: number = Date.now()): RateLimitResult {
    const bucket = this.#buckets.get(key);
    const tokens = bucket
      ? Math.min(this.#capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.#refillPerMs)
      : this.#capacity;
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, updatedAt: now });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.#refillPerMs / 1000)) };
    }
    if (!bucket && this.#buckets.size >= this.#maxKeys) this.#evict(now);
    // Re-inserted so the map's order is least recently used first.
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens: tokens - 1, updatedAt: now });
    return { ok: true };
  }

  #evict(now: number) {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs >= this.#capacity) this.#buckets.delete(key);
    }
    while (this.#buckets.size >= this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest === undefined) break;
      this.#buckets.delete(oldest);
    }
  }
}

export function tooManyRequests(retryAfterSeconds: number): Response {
  return new Response("Trop de requêtes : réessayez dans quelques instants.", {
    status: 429,
    headers: { "Retry-After": String(retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
