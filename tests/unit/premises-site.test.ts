// An occupied bien opened to booking: only OCCUPIED biens, and the site and first space drawn
// from the bien (app/domain/premises-site.ts).
import { PREMISES_STATES } from "~/domain/premises";
import { planSiteFromPremises, type PremisesForSite } from "~/domain/premises-site";

const BIEN: PremisesForSite = {
  state: "OCCUPIED",
  title: "Ancienne poste du centre",
  kind: "WORKSHOP",
  surfaceM2: 90,
  accessibility: "ACCESSIBLE",
  addressLine: "12 rue des Lilas",
  postalCode: "44400",
  commune: "Bellerive-sur-Loire",
  inseeCode: "44999",
  latitude: 47.2184,
  longitude: -1.5536,
};

describe("planSiteFromPremises", () => {
  it.each(PREMISES_STATES.filter((state) => state !== "OCCUPIED"))("refuses a bien at step %s", (state) => {
    const result = planSiteFromPremises({ ...BIEN, state });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^Seul un bien occupé peut être ouvert à la réservation \(ce bien est à l'étape « .+ »\)\.$/);
  });

  it("gives an occupied workshop a site at its address and coordinates, and a room of one person per 4 m²", () => {
    const result = planSiteFromPremises(BIEN);
    expect(result).toEqual({
      ok: true,
      plan: {
        site: {
          name: "Ancienne poste du centre",
          address: "12 rue des Lilas",
          postalCode: "44400",
          city: "Bellerive-sur-Loire",
          description: "Ouvert à la réservation par son occupant : atelier de 90 m².",
          inseeCode: "44999",
          latitude: 47.2184,
          longitude: -1.5536,
        },
        space: { name: "Atelier (90 m²)", kind: "ROOM", capacity: 22, seats: 1, accessible: true },
        openingHours: {
          1: [{ open: "09:00", close: "18:00" }],
          2: [{ open: "09:00", close: "18:00" }],
          3: [{ open: "09:00", close: "18:00" }],
          4: [{ open: "09:00", close: "18:00" }],
          5: [{ open: "09:00", close: "18:00" }],
          6: [],
          7: [],
        },
      },
    });
  });

  it.each([
    ["an office of 125 m² → 12 desks", { kind: "OFFICE", surfaceM2: 125 }, { name: "Bureaux partagés — 12 postes", kind: "DESK_POOL", capacity: 12, seats: 12 }],
    ["an office of 6 m² → 1 desk at least", { kind: "OFFICE", surfaceM2: 6 }, { name: "Bureaux partagés — 1 poste", kind: "DESK_POOL", capacity: 1, seats: 1 }],
    ["a warehouse of 5,000 m² → 200 people at most", { kind: "WAREHOUSE", surfaceM2: 5000 }, { name: "Entrepôt (5 000 m²)", kind: "ROOM", capacity: 200, seats: 1 }],
    ["a shop of 3 m² → 1 person at least", { kind: "GROUND_FLOOR_SHOP", surfaceM2: 3 }, { name: "Commerce en rez-de-chaussée (3 m²)", kind: "ROOM", capacity: 1, seats: 1 }],
  ] as const)("sizes the first space: %s", (_label, overrides, expected) => {
    const result = planSiteFromPremises({ ...BIEN, ...overrides });
    expect(result.ok && result.plan.space).toMatchObject(expected);
  });

  it("marks the space accessible only when the bien is fully accessible, and keeps missing coordinates missing", () => {
    for (const accessibility of ["PARTIAL", "NOT_ACCESSIBLE", "UNKNOWN"] as const) {
      const result = planSiteFromPremises({ ...BIEN, accessibility });
      expect(result.ok && result.plan.space.accessible).toBe(false);
    }
    const pending = planSiteFromPremises({ ...BIEN, inseeCode: null, latitude: null, longitude: null });
    expect(pending.ok && [pending.plan.site.inseeCode, pending.plan.site.latitude, pending.plan.site.longitude]).toEqual([null, null, null]);
  });
});
