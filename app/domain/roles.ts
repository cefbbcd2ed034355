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
 * `whileRunningSites`: listed only for an organisation that runs at least one site. A structure
 * runs no site of its own making: it runs the sites opened to booking from the biens it occupies
 * (ADR 0013), and its managers manage those.
 */
export type Capability = { key: string; label: string; minRole: MembershipRole; path?: string; whileRunningSites?: true };

/** What the capability list needs to know of an organisation besides its kind. */
export type OrganizationSituation = { runsSites: boolean };

/**
 * What a member can do for an organisation, by its kind. The dashboard lists these; the
 * routes enforce the same minimum roles through requireOrgRole().
 */
const CAPABILITIES: Record<OrganizationKind, Capability[]> = {
  SCIC: [
    { key: "view-organization", label: "Consulter la fiche de la coopérative", minRole: "MEMBER", path: "" },
    { key: "manage-spaces", label: "Gérer les sites, espaces, horaires et fermetures", minRole: "MANAGER", path: "sites" },
    { key: "approve-bookings", label: "Valider les réservations en attente", minRole: "MANAGER", path: "validations" },
    { key: "manage-members", label: "Gérer les sociétaires, les parts sociales et les tarifs", minRole: "MANAGER", path: "societaires" },
    { key: "bill-bookings", label: "Facturer les réservations et suivre les paiements", minRole: "MANAGER", path: "facturation" },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN", path: "membres" },
  ],
  STRUCTURE: [
    { key: "view-organization", label: "Consulter la fiche de la structure", minRole: "MEMBER", path: "" },
    { key: "book-spaces", label: "Réserver des salles et des postes de travail", minRole: "MEMBER", path: "reservations/nouvelle" },
    { key: "follow-bookings", label: "Suivre les réservations de la structure", minRole: "MEMBER", path: "reservations" },
    { key: "apply-premises", label: "Candidater pour des locaux vacants et suivre les candidatures", minRole: "MEMBER", path: "candidatures" },
    // The sites opened to booking from the biens the structure occupies: it runs them (ADR 0013).
    {
      key: "manage-spaces",
      label: "Gérer les sites ouverts depuis vos locaux : espaces, horaires et fermetures",
      minRole: "MANAGER",
      path: "sites",
      whileRunningSites: true,
    },
    { key: "approve-bookings", label: "Valider les réservations en attente de vos sites", minRole: "MANAGER", path: "validations", whileRunningSites: true },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN", path: "membres" },
  ],
  COLLECTIVITE: [
    { key: "view-organization", label: "Consulter la fiche de la collectivité", minRole: "MEMBER", path: "" },
    { key: "publish-premises", label: "Publier des biens vacants et lancer des appels à candidatures", minRole: "MANAGER", path: "biens" },
    { key: "manage-spaces", label: "Gérer les sites et espaces réservables", minRole: "MANAGER", path: "sites" },
    // A collectivité runs bookable spaces too, so its managers decide on the bookings that need it.
    { key: "approve-bookings", label: "Valider les réservations en attente", minRole: "MANAGER", path: "validations" },
    { key: "manage-access", label: "Gérer les comptes et les jetons d'API", minRole: "ADMIN", path: "membres" },
  ],
};

/**
 * What a member with this role can do, as the dashboard and the organisation page list it. The
 * capabilities `whileRunningSites` are left out unless the organisation runs a site (by default
 * it is taken to run none; the kinds that create sites have none of these).
 */
export function capabilitiesFor(
  kind: OrganizationKind,
  role: MembershipRole,
  situation: OrganizationSituation = { runsSites: false },
): Capability[] {
  return CAPABILITIES[kind].filter(
    (capability) => hasRole(role, capability.minRole) && (!capability.whileRunningSites || situation.runsSites),
  );
}

/**
 * Whether an organisation of this kind creates sites of its own. A SCIC or a collectivité does; a
 * structure never does: its sites are the occupied biens opened to booking (ADR 0013), so a
 * structure running no site has nothing to manage until one of its biens is opened.
 */
export function createsSites(kind: OrganizationKind): boolean {
  return kind !== "STRUCTURE";
}

/**
 * The role a capability needs in an organisation of this kind; null when the kind does not have it
 * at all. The pages check this: a structure's managers reach its sites pages even while it runs
 * none (they show an empty list that says where its sites come from).
 */
export function capabilityMinRole(kind: OrganizationKind, key: string): MembershipRole | null {
  return CAPABILITIES[kind].find((capability) => capability.key === key)?.minRole ?? null;
}

/** The URL of a capability's page for the organisation with this slug, or null when it has none. */
export function capabilityHref(organizationSlug: string, capability: Pick<Capability, "path">): string | null {
  if (capability.path === undefined) return null;
  const base = `/organisations/${organizationSlug}`;
  return capability.path === "" ? base : `${base}/${capability.path}`;
}
