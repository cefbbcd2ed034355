// The client's IP address, for per-IP limits (login throttling, calendar feeds).
//
// In order:
// 1. with TRUST_PROXY=true, the LAST X-Forwarded-For hop: the address our reverse proxy saw and
//    appended. Earlier hops are whatever the client chose to send, so they are never trusted.
//    (Express's `req.ip` under `trust proxy: true` is the FIRST hop, which the client controls:
//    that is why this comes before the load context.) This assumes exactly one proxy in front
//    of the app; behind two (CDN + proxy), the last hop is the CDN's and clients would share it;
// 2. `context.clientIp`, passed by scripts/server.mjs's getLoadContext (Express's `req.ip`: the
//    socket's address when the app is not behind a proxy);
// 3. otherwise UNKNOWN_CLIENT_IP, for which per-IP login throttling is off
//    (app/domain/login-throttle.ts): one key shared by every client would let anyone lock
//    everybody out. Per-account throttling still applies.

export const UNKNOWN_CLIENT_IP = "local";

// IPv4, IPv6 (with an optional zone) and IPv4-mapped IPv6: anything else is not an address.
const IP_ADDRESS = /^[0-9A-Fa-f:.]{2,45}(%[0-9A-Za-z_.-]{1,20})?$/;

function normalized(candidate: unknown): string | null {
  if (typeof candidate !== "string") return null;
  const address = candidate.trim();
  return IP_ADDRESS.test(address) ? address.toLowerCase() : null;
}

export function clientIp(request: Request, context?: unknown): string {
  if (process.env.TRUST_PROXY === "true") {
    const hops = (request.headers.get("X-Forwarded-For") ?? "").split(",");
    const fromProxy = normalized(hops[hops.length - 1]);
    if (fromProxy) return fromProxy;
  }
  const fromServer = normalized((context as { clientIp?: unknown } | null | undefined)?.clientIp);
  return fromServer ?? UNKNOWN_CLIENT_IP;
}

export function isKnownClientIp(ip: string): boolean {
  return ip !== UNKNOWN_CLIENT_IP;
}
