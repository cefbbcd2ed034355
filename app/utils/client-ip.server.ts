// The client's IP address, for per-IP login throttling.
//
// Our Express server (scripts/server.mjs) does not put the socket's address on the Fetch
// Request, so, in order:
// 1. `context.clientIp`, when the server's getLoadContext passes it (Express's `req.ip`, which
//    already honours TRUST_PROXY);
// 2. with TRUST_PROXY=true, the LAST X-Forwarded-For hop: the address our reverse proxy saw and
//    appended. Earlier hops are whatever the client chose to send, so they are never trusted.
//    This assumes exactly one proxy in front of the app; behind two (CDN + proxy), the last hop
//    is the CDN's and every client would share it;
// 3. otherwise UNKNOWN_CLIENT_IP, for which per-IP throttling is off (app/domain/login-throttle.ts):
//    one key shared by every client would let anyone lock everybody out. Per-account throttling
//    still applies. So behind a proxy, set TRUST_PROXY=true to get per-IP throttling.

export const UNKNOWN_CLIENT_IP = "local";

// IPv4, IPv6 (with an optional zone) and IPv4-mapped IPv6: anything else is not an address.
const IP_ADDRESS = /^[0-9A-Fa-f:.]{2,45}(%[0-9A-Za-z_.-]{1,20})?$/;

function normalized(candidate: unknown): string | null {
  if (typeof candidate !== "string") return null;
  const address = candidate.trim();
  return IP_ADDRESS.test(address) ? address.toLowerCase() : null;
}

export function clientIp(request: Request, context?: unknown): string {
  const fromServer = normalized((context as { clientIp?: unknown } | null | undefined)?.clientIp);
  if (fromServer) return fromServer;
  if (process.env.TRUST_PROXY === "true") {
    const hops = (request.headers.get("X-Forwarded-For") ?? "").split(",");
    const fromProxy = normalized(hops[hops.length - 1]);
    if (fromProxy) return fromProxy;
  }
  return UNKNOWN_CLIENT_IP;
}

export function isKnownClientIp(ip: string): boolean {
  return ip !== UNKNOWN_CLIENT_IP;
}
