import { capabilitiesFor, hasRole, type MembershipRole } from "~/domain/roles";

describe("hasRole", () => {
  it.each<[MembershipRole, MembershipRole, boolean]>([
    ["ADMIN", "ADMIN", true],
    ["ADMIN", "MANAGER", true],
    ["ADMIN", "MEMBER", true],
    ["MANAGER", "ADMIN", false],
    ["MANAGER", "MANAGER", true],
    ["MANAGER", "MEMBER", true],
    ["MEMBER", "ADMIN", false],
    ["MEMBER", "MANAGER", false],
    ["MEMBER", "MEMBER", true],
  ])("%s satisfies %s: %s", (actual, required, expected) => {
    expect(hasRole(actual, required)).toBe(expected);
  });
});

describe("capabilitiesFor", () => {
  it("gives a structure member booking but not account management", () => {
    expect(capabilitiesFor("STRUCTURE", "MEMBER").map((c) => c.key)).toEqual([
      "view-organization",
      "book-spaces",
      "follow-bookings",
    ]);
  });

  it("gives a SCIC manager space management and approvals, not access management", () => {
    expect(capabilitiesFor("SCIC", "MANAGER").map((c) => c.key)).toEqual([
      "view-organization",
      "manage-spaces",
      "approve-bookings",
      "manage-members",
    ]);
  });

  it("gives an admin everything of the kind", () => {
    expect(capabilitiesFor("COLLECTIVITE", "ADMIN").map((c) => c.key)).toEqual([
      "view-organization",
      "publish-premises",
      "manage-spaces",
      "manage-access",
    ]);
  });
});
