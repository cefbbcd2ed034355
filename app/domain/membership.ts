// Rules for changing who belongs to an organisation, and with which role. Pure.
import type { MembershipRole } from "./roles";

export type MembershipChange =
  | { kind: "CHANGE_ROLE"; from: MembershipRole; to: MembershipRole }
  | { kind: "REMOVE"; role: MembershipRole };

export type MembershipChangeProblem = "LAST_ADMIN";

/**
 * Whether the change may happen, given how many admins the organisation has now. An
 * organisation always keeps an admin: without one, nobody could manage its members and tokens.
 */
export function membershipChangeProblem(change: MembershipChange, adminCount: number): MembershipChangeProblem | null {
  const losesAdmin = change.kind === "REMOVE" ? change.role === "ADMIN" : change.from === "ADMIN" && change.to !== "ADMIN";
  return losesAdmin && adminCount <= 1 ? "LAST_ADMIN" : null;
}

export const LAST_ADMIN_MESSAGES: Record<MembershipChange["kind"], string> = {
  CHANGE_ROLE:
    "C'est le dernier administrateur ou la dernière administratrice de l'organisation : nommez d'abord quelqu'un d'autre à ce rôle.",
  REMOVE:
    "On ne peut pas retirer le dernier administrateur ou la dernière administratrice de l'organisation : nommez d'abord quelqu'un d'autre à ce rôle.",
};
