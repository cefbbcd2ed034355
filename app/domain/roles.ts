// Who may do what in an organisation. Pure: no Remix, no Prisma.

export const ORGANIZATION_KINDS = ["COLLECTIVITE", "SCIC", "STRUCTURE"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const MEMBERSHIP_ROLES = ["ADMIN", "MANAGER", "MEMBER"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

const ROLE_RANK: Record<MembershipRole, number> = { MEMBER: 1, MANAGER: 2, ADMIN: 3 };

/** ADMIN can do everything a MANAGER can, who can do everything a MEMBER can. */
export function hasRole(actual: MembershipRole, required: MembershipRole): boolean {
  return ROLE_RANK[actual] >= ROLE_RANK[required];
}

export const ROLE_LABELS: Record<MembershipRole, string> = {
  ADMIN: "Administrateur·rice",
  MANAGER: "Gestionnaire",
  MEMBER: "Membre",
};

export const KIND_LABELS: Record<OrganizationKind, string> = {
  COLLECTIVITE: "Collectivité",
  SCIC: "SCIC (tiers-lieu)",
  STRUCTURE: "Structure de l'ESS",
};

/**
 * `path`: the capability's page, relative to /organisations/:slug ("" is the organisation page
 * itself); absent while the capability has no page yet.
 */
export type Capability = { key: string; label: string; minRole: MembershipRole; path?: string };

/**
 * What a member can do for an organisation, by its kind. The dashboard lists these; the
 * routes enforce the same minimum roles through requireOrgRole().
 */
const CAPABILITIES: Record<OrganizationKind, Capability[]> = {
  SCIC: [
    { key: "view-organization", label: "Consulter la fiche de la coopérative", minRole: "MEMBER", path: "" },
    { key: "manage-spaces", label: "Gérer les sites, espaces, horaires et fermetures", minRole: "MANAGER", path: "sites" },
    { key: "approve-bookings", label: "Valider les réservations en attente", minRole: "MANAGER", path: "validations" },
    { key: "manage-members", label: "Gérer les sociétaires et la facturation", minRole: "MANAGER", path: "societaires" },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN", path: "membres" },
  ],
  STRUCTURE: [
    { key: "view-organization", label: "Consulter la fiche de la structure", minRole: "MEMBER", path: "" },
    { key: "book-spaces", label: "Réserver des salles et des postes de travail", minRole: "MEMBER", path: "reservations/nouvelle" },
    { key: "follow-bookings", label: "Suivre les réservations de la structure", minRole: "MEMBER", path: "reservations" },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN", path: "membres" },
  ],
  COLLECTIVITE: [
    { key: "view-organization", label: "Consulter la fiche de la collectivité", minRole: "MEMBER", path: "" },
    { key: "publish-premises", label: "Publier des biens vacants et lancer des appels à candidatures", minRole: "MANAGER" },
    { key: "manage-spaces", label: "Gérer les sites et espaces réservables", minRole: "MANAGER", path: "sites" },
    // A collectivité runs bookable spaces too, so its managers decide on the bookings that need it.
    { key: "approve-bookings", label: "Valider les réservations en attente", minRole: "MANAGER", path: "validations" },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN", path: "membres" },
  ],
};

export function capabilitiesFor(kind: OrganizationKind, role: MembershipRole): Capability[] {
  return CAPABILITIES[kind].filter((capability) => hasRole(role, capability.minRole));
}

/** The role a capability needs in an organisation of this kind; null when the kind does not have it at all. */
export function capabilityMinRole(kind: OrganizationKind, key: string): MembershipRole | null {
  return CAPABILITIES[kind].find((capability) => capability.key === key)?.minRole ?? null;
}

/** The URL of a capability's page for the organisation with this slug, or null when it has none. */
export function capabilityHref(organizationSlug: string, capability: Pick<Capability, "path">): string | null {
  if (capability.path === undefined) return null;
  const base = `/organisations/${organizationSlug}`;
  return capability.path === "" ? base : `${base}/${capability.path}`;
}
