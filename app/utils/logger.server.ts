// Structured logs (JSON lines, pino). Never log secrets or personal data: paths are logged
// without their query string and with secret segments (feed tokens) masked; no bodies, no
// cookies, no e-mail addresses.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "tiers-lieux" },
  redact: { paths: ["password", "token", "email", "*.password", "*.token", "*.email"], censor: "[masqué]" },
});

/** The path of a URL safe to log: no query string, secret feed tokens masked. */
export function loggablePath(url: string): string {
  const { pathname } = new URL(url, "http://localhost");
  return pathname.replace(/^\/calendrier\/[^/]+/, "/calendrier/[jeton]");
}

/** The request id the server assigned (scripts/server.mjs sets the header on every request). */
export function requestIdOf(request: Request): string | undefined {
  return request.headers.get("x-request-id") ?? undefined;
}
