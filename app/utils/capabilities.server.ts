// Page access by capability (app/domain/roles.ts): the same table the dashboard lists decides
// who may open a page. Call it right after requireOrgRole(request, slug, "MEMBER").
import { capabilityMinRole, hasRole, type MembershipRole, type OrganizationKind } from "~/domain/roles";

type MemberAccess = { role: MembershipRole; organization: { kind: OrganizationKind } };

/**
 * Throws unless the member's organisation has the capability and their role reaches it:
 * an organisation of a kind without it → 404 (the page does not exist for it, e.g. approvals for
 * an ESS structure); a role too small → 403.
 */
export function requireCapability(access: MemberAccess, key: string): void {
  const minRole = capabilityMinRole(access.organization.kind, key);
  if (!minRole) throw new Response("Cette page n'existe pas pour cette organisation.", { status: 404 });
  if (!hasRole(access.role, minRole)) {
    throw new Response("Votre rôle dans cette organisation ne permet pas cette action.", { status: 403 });
  }
}

export function hasCapability(access: MemberAccess, key: string): boolean {
  const minRole = capabilityMinRole(access.organization.kind, key);
  return minRole !== null && hasRole(access.role, minRole);
}
