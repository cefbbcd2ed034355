import type { Db } from "~/db.server";
import { searchByName } from "~/domain/names";
import type { MembershipRole, OrganizationKind } from "~/domain/roles";

/** An organisation the user belongs to, with their role in it. */
export type UserMembership = {
  role: MembershipRole;
  organization: { id: string; slug: string; name: string; kind: OrganizationKind; city: string | null };
};

/**
 * The user's memberships with their organisations, by organisation name. Raw: the dashboard,
 * the calendars and most organisation pages ask it on every request, and Prisma 6 compiles
 * the relation query anew each time (docs/decisions/0014).
 */
export async function listMembershipsOfUser(db: Db, userId: string): Promise<UserMembership[]> {
  const rows = await db.$queryRaw<Array<{ role: MembershipRole; id: string; slug: string; name: string; kind: OrganizationKind; city: string | null }>>`
    SELECT m."role", o."id", o."slug", o."name", o."kind", o."city"
    FROM "Membership" m JOIN "Organization" o ON o."id" = m."organizationId"
    WHERE m."userId" = ${userId}
    ORDER BY o."name" ASC`;
  return rows.map(({ role, ...organization }) => ({ role, organization }));
}

/** The user's membership in the organisation with this slug; null when they are not a member. */
export function findMembership(db: Db, { userId, organizationSlug }: { userId: string; organizationSlug: string }) {
  return db.membership.findFirst({
    where: { userId, organization: { slug: organizationSlug } },
    select: { role: true, organization: { select: { id: true, slug: true, name: true, kind: true } } },
  });
}

/** The organisation page, scoped by membership: a non-member gets nothing. */
export function getOrganizationForMember(db: Db, { organizationId }: { organizationId: string }) {
  return db.organization.findUnique({
    where: { id: organizationId },
    select: {
      id: true,
      slug: true,
      name: true,
      kind: true,
      legalForm: true,
      siret: true,
      electronicInvoicingAddress: true,
      address: true,
      postalCode: true,
      city: true,
      email: true,
      description: true,
      essVerified: true,
      memberships: {
        orderBy: { user: { name: "asc" } },
        select: { role: true, user: { select: { id: true, name: true, email: true } } },
      },
      sites: {
        orderBy: { name: "asc" },
        select: {
          id: true,
          name: true,
          address: true,
          postalCode: true,
          city: true,
          spaces: {
            orderBy: { name: "asc" },
            select: { id: true, name: true, kind: true, capacity: true, seats: true, accessible: true },
          },
        },
      },
    },
  });
}

export type MembershipWithOrganization = {
  role: MembershipRole;
  organization: { id: string; slug: string; name: string; kind: "COLLECTIVITE" | "SCIC" | "STRUCTURE" };
};

export type OrganizationProfile = {
  name: string;
  legalForm: string | null;
  siret: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  email: string | null;
  description: string | null;
  electronicInvoicingAddress: string | null;
};

export async function getOrganizationProfile(db: Db, { organizationId }: { organizationId: string }) {
  return db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: {
      name: true,
      legalForm: true,
      siret: true,
      address: true,
      postalCode: true,
      city: true,
      email: true,
      description: true,
      electronicInvoicingAddress: true,
    },
  });
}

export function updateOrganizationProfile(
  db: Db,
  { organizationId, profile }: { organizationId: string; profile: OrganizationProfile },
) {
  return db.organization.update({ where: { id: organizationId }, data: profile, select: { id: true } });
}

/** How many organisations a search gives at most (a SCIC's pages offer them in a list). */
export const ORGANIZATION_SEARCH_LIMIT = 50;

/**
 * The platform's organisations whose name holds every word of `query` (accents and case
 * aside), but `excludeId`, in French order: at most ORGANIZATION_SEARCH_LIMIT, and how many
 * match. Names are compared in the domain (no portable accent-insensitive SQL on both
 * databases): a network's 2,000 names are one light query.
 */
export async function searchOrganizations(db: Db, { query, excludeId }: { query: string; excludeId: string }) {
  const organizations = await db.organization.findMany({ where: { id: { not: excludeId } }, select: { id: true, name: true } });
  return searchByName(organizations, query, ORGANIZATION_SEARCH_LIMIT);
}
