import { isProduction } from "./env.server";

// Remix's inline hydration scripts need 'unsafe-inline' for scripts unless we thread a nonce
// through every <Scripts/>; everything else is locked to our own origin.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https://*.tile.openstreetmap.org",
  "connect-src 'self'" + (isProduction ? "" : " ws://localhost:*"),
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The security headers of every response: HTML documents get them in app/entry.server.tsx;
 * every other response (resource routes, API, files, errors of the HTTP server) from
 * scripts/security-headers.mjs, which adds those a route did not set itself.
 */
export const SECURITY_HEADERS: ReadonlyArray<readonly [name: string, value: string]> = [
  ["Content-Security-Policy", CONTENT_SECURITY_POLICY],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["X-Frame-Options", "DENY"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=()"],
  ...(isProduction ? [["Strict-Transport-Security", "max-age=31536000; includeSubDomains"] as const] : []),
];

export function applySecurityHeaders(headers: Headers): void {
  for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
}
