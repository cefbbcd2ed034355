// Secrets we hand out (session cookies, API tokens, feed URLs) are random, shown once, and
// stored only as their SHA-256: a database leak does not leak usable credentials.
import crypto from "node:crypto";

/** 32 random bytes (256 bits), URL-safe. */
export function generateToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
