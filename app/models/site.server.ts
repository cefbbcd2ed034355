import type { Db } from "~/db.server";
import { capabilityMinRole, hasRole, type MembershipRole, type OrganizationKind } from "~/domain/roles";
import { hasCapability } from "~/utils/capabilities.server";

// ---------------------------------------------------------------------------------------------
// Who may see and change sites and spaces
// ---------------------------------------------------------------------------------------------

/**
 * The "manage-spaces" capability of app/domain/roles.ts decides who runs premises: a SCIC or a
 * collectivité does (minimum role MANAGER), a STRUCTURE does not.
 *
 * Decisions:
 *   - a STRUCTURE gets 404 on every sites/spaces page and action, whatever the user's role
 *     (the pages do not exist for it);
 *   - "view": any member of a SCIC/collectivité may read the list of sites and spaces
 *     (/organisations/:slug/sites), read-only — it is what they book;
 *   - "manage": the forms (new site, site page, new space, space page) and every write need the
 *     capability's role (MANAGER or ADMIN); a MEMBER gets 403.
 *
 * Call it right after requireOrgRole(request, slug, "MEMBER"), which answers 404 to
 * non-members; every query is then scoped by access.organization.id.
 * (It could live next to requireOrgRole in app/utils/auth.server.ts; kept here with its aggregate.)
 */
export function requireSpacesAccess(
  access: { role: MembershipRole; organization: { kind: OrganizationKind } },
  level: "view" | "manage",
): void {
  const minRole = capabilityMinRole(access.organization.kind, "manage-spaces");
  if (!minRole) throw new Response("Cette organisation ne gère pas de sites ni d'espaces.", { status: 404 });
  if (level === "manage" && !hasRole(access.role, minRole)) {
    throw new Response("Votre rôle dans cette organisation ne permet pas cette action.", { status: 403 });
  }
}

/** True when this member may change the organisation's sites and spaces. */
export function canManageSpaces(access: { role: MembershipRole; organization: { kind: OrganizationKind } }): boolean {
  return hasCapability(access, "manage-spaces");
}

// ---------------------------------------------------------------------------------------------
// Sites, always scoped by the managing organisation
// ---------------------------------------------------------------------------------------------

export type SiteFields = {
  name: string;
  address: string;
  postalCode: string;
  city: string;
  description: string;
};

const siteSelect = {
  id: true,
  name: true,
  address: true,
  postalCode: true,
  city: true,
  description: true,
  spaces: {
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true, capacity: true, seats: true, accessible: true },
  },
} as const;

/** The organisation's sites with their spaces, by name. */
export function listSites(db: Db, { organizationId }: { organizationId: string }) {
  return db.site.findMany({ where: { organizationId }, orderBy: { name: "asc" }, select: siteSelect });
}

/** One site of the organisation; null when it does not exist or belongs to another organisation. */
export function getSite(db: Db, { organizationId, siteId }: { organizationId: string; siteId: string }) {
  return db.site.findFirst({ where: { id: siteId, organizationId }, select: siteSelect });
}

export function createSite(db: Db, { organizationId, site }: { organizationId: string; site: SiteFields }) {
  return db.site.create({ data: { ...site, organizationId }, select: { id: true } });
}

/** False when the site does not exist or belongs to another organisation (nothing is written). */
export async function updateSite(
  db: Db,
  { organizationId, siteId, site }: { organizationId: string; siteId: string; site: SiteFields },
): Promise<boolean> {
  const { count } = await db.site.updateMany({ where: { id: siteId, organizationId }, data: site });
  return count === 1;
}

/**
 * Deletes a site that has no space, in one statement (a space cannot be deleted yet, see
 * app/models/space.server.ts, so neither can a site holding one).
 */
export async function deleteEmptySite(
  db: Db,
  { organizationId, siteId }: { organizationId: string; siteId: string },
): Promise<"deleted" | "has-spaces" | "not-found"> {
  const { count } = await db.site.deleteMany({ where: { id: siteId, organizationId, spaces: { none: {} } } });
  if (count === 1) return "deleted";
  const site = await db.site.findFirst({ where: { id: siteId, organizationId }, select: { id: true } });
  return site ? "has-spaces" : "not-found";
}
