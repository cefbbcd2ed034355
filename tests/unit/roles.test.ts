import { capabilitiesFor, capabilityHref, capabilityMinRole, createsSites, hasRole, ORGANIZATION_KINDS, type MembershipRole } from "~/domain/roles";

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
      "apply-premises",
    ]);
  });

  it("gives a SCIC manager space management and approvals, not access management", () => {
    expect(capabilitiesFor("SCIC", "MANAGER").map((c) => c.key)).toEqual([
      "view-organization",
      "manage-spaces",
      "approve-bookings",
      "manage-members",
      "bill-bookings",
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

  it("gives a structure's managers its sites and their approvals once it runs a site (opened from a bien), never its members", () => {
    const keys = (role: MembershipRole, runsSites: boolean) => capabilitiesFor("STRUCTURE", role, { runsSites }).map((c) => c.key);
    expect(keys("MANAGER", false)).toEqual(["view-organization", "book-spaces", "follow-bookings", "apply-premises"]);
    expect(keys("MANAGER", true)).toEqual(["view-organization", "book-spaces", "follow-bookings", "apply-premises", "manage-spaces", "approve-bookings"]);
    expect(keys("ADMIN", true)).toEqual([
      "view-organization",
      "book-spaces",
      "follow-bookings",
      "apply-premises",
      "manage-spaces",
      "approve-bookings",
      "manage-access",
    ]);
    expect(keys("MEMBER", true)).toEqual(keys("MEMBER", false));
    expect(keys("MEMBER", true)).not.toContain("manage-spaces");
    // Not told otherwise, an organisation is taken to run no site.
    expect(capabilitiesFor("STRUCTURE", "MANAGER").map((c) => c.key)).toEqual(keys("MANAGER", false));
    const links = Object.fromEntries(capabilitiesFor("STRUCTURE", "MANAGER", { runsSites: true }).map((c) => [c.key, capabilityHref("savoirs-partages", c)]));
    expect(links["manage-spaces"]).toBe("/organisations/savoirs-partages/sites");
    expect(links["approve-bookings"]).toBe("/organisations/savoirs-partages/validations");
  });

  it("lists the same for a SCIC or a collectivité whether or not it runs a site yet", () => {
    for (const kind of ["SCIC", "COLLECTIVITE"] as const) {
      for (const role of ["MEMBER", "MANAGER", "ADMIN"] as const) {
        expect(capabilitiesFor(kind, role, { runsSites: false })).toEqual(capabilitiesFor(kind, role, { runsSites: true }));
      }
    }
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
    expect(capabilityMinRole("STRUCTURE", "approve-bookings")).toBe("MANAGER");
    expect(capabilityMinRole("STRUCTURE", "manage-spaces")).toBe("MANAGER");
    expect(capabilityMinRole("STRUCTURE", "bill-bookings")).toBeNull();
    expect(capabilityMinRole("SCIC", "book-spaces")).toBeNull();
  });
});

describe("createsSites", () => {
  it("lets a SCIC and a collectivité create sites; a structure only runs those opened from the biens it occupies", () => {
    expect(Object.fromEntries(ORGANIZATION_KINDS.map((kind) => [kind, createsSites(kind)]))).toEqual({
      COLLECTIVITE: true,
      SCIC: true,
      STRUCTURE: false,
    });
  });
});

describe("capabilityHref", () => {
  it("links each capability that has a page, and none that has not", () => {
    const hrefs = Object.fromEntries(capabilitiesFor("STRUCTURE", "ADMIN").map((c) => [c.key, capabilityHref("savoirs-partages", c)]));
    expect(hrefs).toEqual({
      "view-organization": "/organisations/savoirs-partages",
      "book-spaces": "/organisations/savoirs-partages/reservations/nouvelle",
      "follow-bookings": "/organisations/savoirs-partages/reservations",
      "apply-premises": "/organisations/savoirs-partages/candidatures",
      "manage-access": "/organisations/savoirs-partages/membres",
    });
    const approve = capabilitiesFor("SCIC", "MANAGER").find((c) => c.key === "approve-bookings")!;
    expect(capabilityHref("fabrique-commune", approve)).toBe("/organisations/fabrique-commune/validations");
    const billing = capabilitiesFor("SCIC", "MANAGER").find((c) => c.key === "bill-bookings")!;
    expect(capabilityHref("fabrique-commune", billing)).toBe("/organisations/fabrique-commune/facturation");
    const premises = capabilitiesFor("COLLECTIVITE", "MANAGER").find((c) => c.key === "publish-premises")!;
    expect(capabilityHref("ville-de-bellerive", premises)).toBe("/organisations/ville-de-bellerive/biens");
  });
});
