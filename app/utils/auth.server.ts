// The one place that decides who may see or change an organisation's pages.
// Every loader and action of an organisation calls requireOrgRole(); its result carries the
// organisation id that every query is then scoped by.
import { redirect } from "@remix-run/node";
import { db } from "~/db.server";
import { findMembership, type MembershipWithOrganization } from "~/models/organization.server";
import { hasRole, type MembershipRole } from "~/domain/roles";
import type { ActiveSession } from "~/models/user.server";
import { getSession, getSessionUser } from "./session.server";

export type CurrentUser = { id: string; name: string; email: string };

export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  return getSessionUser(request);
}

/** The logged-in user's session, or a redirect to the login page that comes back here afterwards. */
export async function requireSession(request: Request): Promise<ActiveSession> {
  const session = await getSession(request);
  if (!session) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/connexion?${params}`);
  }
  return session;
}

/** The logged-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  return (await requireSession(request)).user;
}

export type OrgAccess = MembershipWithOrganization & { user: CurrentUser };

/**
 * The user's access to the organisation with this slug, if their role is at least `minRole`.
 * Not a member → 404 (we do not confirm the organisation's private pages exist);
 * a member with too small a role → 403.
 */
export async function requireOrgRole(request: Request, organizationSlug: string | undefined, minRole: MembershipRole): Promise<OrgAccess> {
  const user = await requireUser(request);
  const membership = organizationSlug ? await findMembership(db, { userId: user.id, organizationSlug }) : null;
  if (!membership) throw new Response("Organisation introuvable.", { status: 404 });
  if (!hasRole(membership.role, minRole)) {
    throw new Response("Votre rôle dans cette organisation ne permet pas cette action.", { status: 403 });
  }
  return { ...membership, user };
}
