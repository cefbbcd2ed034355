// GET/HEAD /calendrier/<token>.ics — a calendar subscription feed. The token is the only
// credential (calendar clients send no cookies). Unknown and revoked tokens get the same 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { findFeedByToken, openFeed } from "~/models/calendar-feed.server";
import { isNotModified } from "~/utils/conditional-get.server";
import { clientIp, isKnownClientIp } from "~/utils/client-ip.server";
import { TokenBucketLimiter, tooManyRequests } from "~/utils/rate-limit.server";
import { hashToken } from "~/utils/tokens.server";

// Clients poll hourly (REFRESH-INTERVAL): a burst of 30 then one request every 20 s per URL is
// far above normal use; per address, room for a whole office behind one NAT.
const perToken = new TokenBucketLimiter({ capacity: 30, refillPerSecond: 1 / 20 });
const perAddress = new TokenBucketLimiter({ capacity: 300, refillPerSecond: 2 });

function notFound(): Response {
  return new Response("Calendrier introuvable.", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  // Without a known address (no proxy information), one bucket shared by every client would let
  // anyone block everybody's feeds: only the per-URL limit applies then.
  const address = clientIp(request, context);
  const limits = [...(isKnownClientIp(address) ? [perAddress.take(address)] : []), perToken.take(hashToken(token))];
  for (const limit of limits) {
    if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds);
  }
  const feed = await findFeedByToken(db, token);
  // The validators come first and cheap: a conditional request that matches loads no booking.
  const calendar = feed ? await openFeed(db, { feed, origin: new URL(request.url).origin, now: new Date() }) : null;
  if (!calendar) return notFound();

  const headers = new Headers({
    ETag: calendar.etag,
    "Last-Modified": calendar.lastModified.toUTCString(),
    // Stored by the client only, and checked again (cheaply, with the ETag) on every poll.
    "Cache-Control": "private, no-cache",
    // The URL is a secret: keep it out of search engines and Referer headers.
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
  });
  if (isNotModified(request, calendar)) return new Response(null, { status: 304, headers });
  const body = await calendar.body();
  headers.set("Content-Type", "text/calendar; charset=utf-8");
  headers.set("Content-Length", String(Buffer.byteLength(body, "utf8")));
  return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
}
