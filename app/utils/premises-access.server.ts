// Access to the premises pages: the asset managers of a collectivité (MANAGER and above of a
// COLLECTIVITE organisation), and the members of an ESS structure.
import { requireOrgRole, type OrgAccess } from "~/utils/auth.server";
import type { MembershipRole } from "~/domain/roles";

/** Another kind of organisation has no premises pages: 404, like a non-member. */
export async function requireCollectivite(request: Request, slug: string | undefined, minRole: MembershipRole = "MANAGER"): Promise<OrgAccess> {
  const access = await requireOrgRole(request, slug, minRole);
  if (access.organization.kind !== "COLLECTIVITE") throw new Response("Page introuvable.", { status: 404 });
  return access;
}

export async function requireStructure(request: Request, slug: string | undefined, minRole: MembershipRole = "MEMBER"): Promise<OrgAccess> {
  const access = await requireOrgRole(request, slug, minRole);
  if (access.organization.kind !== "STRUCTURE") throw new Response("Page introuvable.", { status: 404 });
  return access;
}
