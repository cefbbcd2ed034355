import { Prisma as PrismaSql, type Db } from "~/db.server";
import { capabilityMinRole, createsSites, hasRole, type MembershipRole, type OrganizationKind } from "~/domain/roles";
import { hasCapability } from "~/utils/capabilities.server";

// ---------------------------------------------------------------------------------------------
// Who may see and change sites and spaces
// ---------------------------------------------------------------------------------------------

/**
 * The "manage-spaces" capability of app/domain/roles.ts decides who runs premises: a SCIC, a
 * collectivité and a structure do (minimum role MANAGER); a structure only runs the sites opened
 * to booking from the biens it occupies and never creates one (`createsSites`, ADR 0013).
 *
 * Decisions:
 *   - "view": any member of the organisation may read the list of its sites and spaces
 *     (/organisations/:slug/sites), read-only — it is what they book; a structure running no
 *     site sees an empty list that says where its sites come from;
 *   - "manage": the forms (site page, new space, space page) and every write need the
 *     capability's role (MANAGER or ADMIN); a MEMBER gets 403;
 *   - "create" (new site): as "manage", and a structure gets 404 whatever the role (the page
 *     does not exist for it).
 *
 * Call it right after requireOrgRole(request, slug, "MEMBER"), which answers 404 to
 * non-members; every query is then scoped by access.organization.id, so another organisation's
 * site or space is a 404.
 * (It could live next to requireOrgRole in app/utils/auth.server.ts; kept here with its aggregate.)
 */
export function requireSpacesAccess(
  access: { role: MembershipRole; organization: { kind: OrganizationKind } },
  level: "view" | "manage" | "create",
): void {
  const minRole = capabilityMinRole(access.organization.kind, "manage-spaces");
  if (!minRole) throw new Response("Cette organisation ne gère pas de sites ni d'espaces.", { status: 404 });
  if (level === "create" && !createsSites(access.organization.kind)) {
    throw new Response("Une structure ne crée pas de site : ses sites viennent des biens qu'elle occupe, ouverts à la réservation.", { status: 404 });
  }
  if (level !== "view" && !hasRole(access.role, minRole)) {
    throw new Response("Votre rôle dans cette organisation ne permet pas cette action.", { status: 403 });
  }
}

/** True when this member may create sites (the "Nouveau site" button). */
export function canCreateSites(access: { role: MembershipRole; organization: { kind: OrganizationKind } }): boolean {
  return createsSites(access.organization.kind) && canManageSpaces(access);
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

/** Which of these organisations run at least one site (a structure: once one of its biens is opened). */
export async function organizationsRunningSites(db: Db, organizationIds: string[]): Promise<Set<string>> {
  if (organizationIds.length === 0) return new Set();
  // Raw: every dashboard asks it, and Prisma 6 compiles a model query anew each time (ADR 0014).
  const rows = await db.$queryRaw<Array<{ organizationId: string }>>`
    SELECT DISTINCT "organizationId" FROM "Site" WHERE "organizationId" IN (${PrismaSql.join(organizationIds)})`;
  return new Set(rows.map((row) => row.organizationId));
}

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
