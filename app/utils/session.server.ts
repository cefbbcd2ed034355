// Cookie sessions backed by the Session table: the httpOnly cookie holds a random token, the
// database its hash. Logging in always creates a new session (rotation) and drops the old one.
import { createCookie, redirect } from "@remix-run/node";
import { db } from "~/db.server";
import { findSession, type ActiveSession, type SessionUser } from "~/models/user.server";
import { secureCookies, sessionSecret } from "./env.server";
import { generateToken, hashToken } from "./tokens.server";

const SESSION_DAYS = 30;

const sessionCookie = createCookie("__session", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: secureCookies,
  secrets: [sessionSecret],
  maxAge: SESSION_DAYS * 24 * 60 * 60,
});

async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Lookups of a session still waiting for the database. A page runs the root's loader and its
 * own at the same time, and both ask who the user is: they share one query. Only a lookup in
 * flight is shared, so nothing is remembered once the answer has come back.
 */
const sessionsInFlight = new Map<string, Promise<ActiveSession | null>>();

/** The request's unexpired session (its user and end), or null (see findSession). */
export async function getSession(request: Request): Promise<ActiveSession | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const sessionIdHash = hashToken(token);
  const inFlight = sessionsInFlight.get(sessionIdHash);
  if (inFlight) return inFlight;
  const lookup = findSession(db, sessionIdHash).finally(() => sessionsInFlight.delete(sessionIdHash));
  sessionsInFlight.set(sessionIdHash, lookup);
  return lookup;
}

/** The user of the request's unexpired session, or null. */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

/** Starts a fresh session for userId (revoking the one the request came with) and redirects. */
export async function createUserSession(request: Request, userId: string, redirectTo: string): Promise<Response> {
  const previous = await readSessionToken(request);
  const token = generateToken();
  await db.$transaction([
    ...(previous ? [db.session.deleteMany({ where: { id: hashToken(previous) } })] : []),
    db.session.create({
      data: { id: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000) },
    }),
  ]);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionCookie.serialize(token) } });
}

export async function destroyUserSession(request: Request, redirectTo = "/"): Promise<Response> {
  const token = await readSessionToken(request);
  if (token) await db.session.deleteMany({ where: { id: hashToken(token) } });
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0 }) } });
}

/** Only same-site paths: never let ?redirectTo= send a user to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/tableau-de-bord"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
