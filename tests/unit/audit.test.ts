import { describe, expect, it } from "vitest";
import {
  AUDIT_ACTIONS,
  auditActionLabel,
  describeAuditEvent,
  parseAuditDetails,
  secretKeysIn,
  serializeAuditDetails,
} from "~/domain/audit";

describe("audit labels and descriptions", () => {
  it.each([
    [AUDIT_ACTIONS.apiTokenCreated, { name: "Site web" }, "Jeton d'API créé", "Jeton « Site web » créé."],
    [AUDIT_ACTIONS.apiTokenRevoked, { name: "Site web" }, "Jeton d'API révoqué", "Jeton « Site web » révoqué."],
    [
      AUDIT_ACTIONS.membershipAdded,
      { userName: "Lucas Martin", userEmail: "membre@savoirs-partages.fr", role: "MEMBER" },
      "Membre ajouté",
      "Lucas Martin (membre@savoirs-partages.fr) ajouté·e avec le rôle Membre.",
    ],
    [
      AUDIT_ACTIONS.membershipRoleChanged,
      { userName: "Lucas Martin", userEmail: "membre@savoirs-partages.fr", from: "MEMBER", to: "ADMIN" },
      "Rôle modifié",
      "Lucas Martin (membre@savoirs-partages.fr) : Membre → Administrateur·rice.",
    ],
    [
      AUDIT_ACTIONS.membershipRemoved,
      { userEmail: "membre@savoirs-partages.fr", role: "MANAGER" },
      "Membre retiré",
      "membre@savoirs-partages.fr retiré·e (rôle Gestionnaire).",
    ],
    ["invoice.issued", { number: "2027-000001", total: 120 }, "Facture émise", "number : 2027-000001, total : 120"],
    ["account.deleted", { userName: "Lucas Martin", role: "MEMBER" }, "Compte supprimé", "Lucas Martin a supprimé son compte (rôle Membre) ; ses réservations restent, anonymisées."],
    // An action this version does not know shows as its code, details as they are.
    ["premises.archived", { reference: "B-12" }, "premises.archived", "reference : B-12"],
  ])("%s", (action, details, label, description) => {
    expect(auditActionLabel(action)).toBe(label);
    expect(describeAuditEvent(action, details)).toBe(description);
  });

  it("shows an unknown role as a question mark rather than a raw value", () => {
    expect(describeAuditEvent(AUDIT_ACTIONS.membershipRoleChanged, { userName: "X", from: "OWNER", to: "ADMIN" })).toBe(
      "X : ? → Administrateur·rice.",
    );
  });
});

describe("audit details", () => {
  it("round-trips flat details", () => {
    const details = { name: "Site web", count: 2, active: true, note: null };
    expect(parseAuditDetails(serializeAuditDetails(details))).toEqual(details);
  });

  it.each([["token"], ["Password"], ["tokenHash"], ["secret"]])("refuses a secret under %s", (key) => {
    expect(secretKeysIn({ [key]: "x", name: "ok" })).toEqual([key]);
    expect(() => serializeAuditDetails({ [key]: "x" })).toThrow(/must not carry secrets/);
  });

  it.each([["not json"], ["[1,2]"], ["null"], ['"text"']])("reads %s as no details", (stored) => {
    expect(parseAuditDetails(stored)).toEqual({});
  });

  it("drops nested values it cannot show", () => {
    expect(parseAuditDetails('{"name":"a","nested":{"b":1}}')).toEqual({ name: "a" });
  });
});
