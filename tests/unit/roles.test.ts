import { capabilitiesFor, capabilityHref, capabilityMinRole, hasRole, type MembershipRole } from "~/domain/roles";

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
      "approve-bookings",
      "manage-access",
    ]);
  });

  it("lets a collectivité's managers approve bookings of the spaces it runs, not its members", () => {
    expect(capabilitiesFor("COLLECTIVITE", "MANAGER").map((c) => c.key)).toContain("approve-bookings");
    expect(capabilitiesFor("COLLECTIVITE", "MEMBER").map((c) => c.key)).not.toContain("approve-bookings");
  });
});

describe("capabilityMinRole", () => {
  it("gives the role a capability needs, or null when the kind does not have it", () => {
    expect(capabilityMinRole("SCIC", "approve-bookings")).toBe("MANAGER");
    expect(capabilityMinRole("STRUCTURE", "book-spaces")).toBe("MEMBER");
    expect(capabilityMinRole("STRUCTURE", "approve-bookings")).toBeNull();
    expect(capabilityMinRole("SCIC", "book-spaces")).toBeNull();
  });
});

describe("capabilityHref", () => {
  it("links each capability that has a page, and none that has not", () => {
    const hrefs = Object.fromEntries(capabilitiesFor("STRUCTURE", "ADMIN").map((c) => [c.key, capabilityHref("savoirs-partages", c)]));
    expect(hrefs).toEqual({
      "view-organization": "/organisations/savoirs-partages",
      "book-spaces": "/organisations/savoirs-partages/reservations/nouvelle",
      "follow-bookings": "/organisations/savoirs-partages/reservations",
      "manage-access": "/organisations/savoirs-partages/membres",
    });
    const approve = capabilitiesFor("SCIC", "MANAGER").find((c) => c.key === "approve-bookings")!;
    expect(capabilityHref("fabrique-commune", approve)).toBe("/organisations/fabrique-commune/validations");
  });
});
