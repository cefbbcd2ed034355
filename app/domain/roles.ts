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

export type Capability = { key: string; label: string; minRole: MembershipRole };

/**
 * What a member can do for an organisation, by its kind. The dashboard lists these; the
 * routes enforce the same minimum roles through requireOrgRole().
 */
const CAPABILITIES: Record<OrganizationKind, Capability[]> = {
  SCIC: [
    { key: "view-organization", label: "Consulter la fiche de la coopérative", minRole: "MEMBER" },
    { key: "manage-spaces", label: "Gérer les sites, espaces, horaires et fermetures", minRole: "MANAGER" },
    { key: "approve-bookings", label: "Valider les réservations en attente", minRole: "MANAGER" },
    { key: "manage-members", label: "Gérer les sociétaires et la facturation", minRole: "MANAGER" },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN" },
  ],
  STRUCTURE: [
    { key: "view-organization", label: "Consulter la fiche de la structure", minRole: "MEMBER" },
    { key: "book-spaces", label: "Réserver des salles et des postes de travail", minRole: "MEMBER" },
    { key: "follow-bookings", label: "Suivre les réservations de la structure", minRole: "MEMBER" },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN" },
  ],
  COLLECTIVITE: [
    { key: "view-organization", label: "Consulter la fiche de la collectivité", minRole: "MEMBER" },
    { key: "publish-premises", label: "Publier des biens vacants et lancer des appels à candidatures", minRole: "MANAGER" },
    { key: "manage-spaces", label: "Gérer les sites et espaces réservables", minRole: "MANAGER" },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN" },
  ],
};

export function capabilitiesFor(kind: OrganizationKind, role: MembershipRole): Capability[] {
  return CAPABILITIES[kind].filter((capability) => hasRole(role, capability.minRole));
}
