// The audit journal's vocabulary: which actions are recorded, what their details may hold, and
// how the journal page says them in French. Pure: recording is app/models/audit.server.ts.
import { MEMBERSHIP_ROLES, ROLE_LABELS, type MembershipRole } from "./roles";

export const AUDIT_ACTIONS = {
  apiTokenCreated: "api_token.created",
  apiTokenRevoked: "api_token.revoked",
  membershipAdded: "membership.added",
  membershipRoleChanged: "membership.role_changed",
  membershipRemoved: "membership.removed",
  pricingTierOverridden: "pricing_tier.overridden",
  invoiceIssued: "invoice.issued",
  creditNoteIssued: "invoice.credit_note_issued",
  billingSettingsUpdated: "billing_settings.updated",
  accountDeleted: "account.deleted",
} as const;

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  [AUDIT_ACTIONS.apiTokenCreated]: "Jeton d'API créé",
  [AUDIT_ACTIONS.apiTokenRevoked]: "Jeton d'API révoqué",
  [AUDIT_ACTIONS.membershipAdded]: "Membre ajouté",
  [AUDIT_ACTIONS.membershipRoleChanged]: "Rôle modifié",
  [AUDIT_ACTIONS.membershipRemoved]: "Membre retiré",
  [AUDIT_ACTIONS.pricingTierOverridden]: "Tarif d'une organisation modifié",
  [AUDIT_ACTIONS.invoiceIssued]: "Facture émise",
  [AUDIT_ACTIONS.creditNoteIssued]: "Avoir émis",
  [AUDIT_ACTIONS.billingSettingsUpdated]: "Paramètres de facturation modifiés",
  [AUDIT_ACTIONS.accountDeleted]: "Compte supprimé",
};

/** The French label of an action; an action this version does not know shows as its code. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Flat JSON: what the journal needs to stay readable after the target is gone. */
export type AuditDetails = Record<string, string | number | boolean | null>;

// Names a secret would be stored under. A guard against mistakes, not a filter: recordAudit()
// refuses details carrying any of them.
const SECRET_KEYS = new Set(["password", "passwordhash", "token", "tokenhash", "secret", "csrf", "session", "sessionid"]);

export function secretKeysIn(details: AuditDetails): string[] {
  return Object.keys(details).filter((key) => SECRET_KEYS.has(key.toLowerCase()));
}

/** Details as stored; throws on a secret key (a programming error, never user input). */
export function serializeAuditDetails(details: AuditDetails): string {
  const secrets = secretKeysIn(details);
  if (secrets.length > 0) throw new Error(`Audit details must not carry secrets (${secrets.join(", ")})`);
  return JSON.stringify(details);
}

/** Stored details back; anything unreadable shows as no details rather than breaking the page. */
export function parseAuditDetails(stored: string): AuditDetails {
  try {
    const value: unknown = JSON.parse(stored);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string | number | boolean | null] =>
          entry[1] === null || ["string", "number", "boolean"].includes(typeof entry[1]),
      ),
    );
  } catch {
    return {};
  }
}

function roleLabel(value: unknown): string {
  return typeof value === "string" && (MEMBERSHIP_ROLES as readonly string[]).includes(value)
    ? ROLE_LABELS[value as MembershipRole]
    : "?";
}

function personOf(details: AuditDetails): string {
  const name = typeof details.userName === "string" ? details.userName : null;
  const email = typeof details.userEmail === "string" ? details.userEmail : null;
  if (name && email) return `${name} (${email})`;
  return name ?? email ?? "un compte";
}

/** One French sentence about the event, for the journal page. */
export function describeAuditEvent(action: string, details: AuditDetails): string {
  switch (action) {
    case AUDIT_ACTIONS.apiTokenCreated:
      return `Jeton « ${String(details.name ?? "?")} » créé.`;
    case AUDIT_ACTIONS.apiTokenRevoked:
      return `Jeton « ${String(details.name ?? "?")} » révoqué.`;
    case AUDIT_ACTIONS.membershipAdded:
      return `${personOf(details)} ajouté·e avec le rôle ${roleLabel(details.role)}.`;
    case AUDIT_ACTIONS.membershipRoleChanged:
      return `${personOf(details)} : ${roleLabel(details.from)} → ${roleLabel(details.to)}.`;
    case AUDIT_ACTIONS.membershipRemoved:
      return `${personOf(details)} retiré·e (rôle ${roleLabel(details.role)}).`;
    case AUDIT_ACTIONS.accountDeleted:
      return `${personOf(details)} a supprimé son compte (rôle ${roleLabel(details.role)}) ; ses réservations restent, anonymisées.`;
    default:
      return Object.entries(details)
        .map(([key, value]) => `${key} : ${String(value)}`)
        .join(", ");
  }
}
