import {
  aggregateDemand,
  matchBienToNeeds,
  matchNeedToBien,
  matchNeedToBiens,
  matchNeedToSpace,
  matchNeedToSpaces,
  needSchema,
  SHARED_SPACE_MAX_NEED_M2,
  type BookableSpace,
  type MatchablePremises,
  type MatchCriterion,
  type Need,
  type NeedInput,
} from "~/domain/matching";
import { type PremisesState } from "~/domain/premises";

type Issue = { path: string; message: string };
function issuesOf(result: { success: boolean; error?: { issues: Array<{ path: (string | number)[]; message: string }> } }): Issue[] {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/** Reasons as [criterion, ok, message], for compact expectations. */
function explained(result: { reasons: Array<{ criterion: MatchCriterion; ok: boolean; message: string }> }) {
  return result.reasons.map((reason) => [reason.criterion, reason.ok, reason.message]);
}

const needInput: NeedInput = {
  kinds: ["OFFICE", "ACTIVITY_PREMISES"],
  surfaceMinM2: 80,
  surfaceMaxM2: 150,
  communes: [
    { inseeCode: "93048", name: "Montreuil" },
    { inseeCode: "75056", name: "Paris" },
  ],
  budgetMaxCents: 25000,
  availableFrom: "2027-06-01",
  sharedUseAcceptable: false,
  peopleCount: 6,
  accessibilityRequired: false,
};
const baseNeed: Need = needSchema.parse(needInput);
const need = (changes: Partial<Need>): Need => ({ ...baseNeed, ...changes });

const baseBien: MatchablePremises = {
  kind: "OFFICE",
  surfaceM2: 120,
  address: { line: "12 rue des Lilas", postalCode: "93100", commune: "Montreuil", inseeCode: "93048", latitude: 48.8589, longitude: 2.4417 },
  rentCents: 20000,
  chargesCents: 0,
  socialUtilityReductionPercent: 0,
  availableFrom: "2027-05-01",
  availableUntil: "2029-04-30",
  accessibility: "ACCESSIBLE",
};
const bien = (changes: Partial<MatchablePremises>, address: Partial<MatchablePremises["address"]> = {}): MatchablePremises => ({
  ...baseBien,
  ...changes,
  address: { ...baseBien.address, ...address },
});

// -----------------------------------------------------------------------------------------------
// Needs
// -----------------------------------------------------------------------------------------------

describe("needSchema", () => {
  it("accepts a need and fills its defaults", () => {
    const { sharedUseAcceptable: _shared, accessibilityRequired: _access, ...minimal } = needInput;
    expect(needSchema.parse({ ...minimal, communes: [{ name: "Bagnolet" }] })).toEqual({
      kinds: ["OFFICE", "ACTIVITY_PREMISES"],
      surfaceMinM2: 80,
      surfaceMaxM2: 150,
      communes: [{ inseeCode: null, name: "Bagnolet" }],
      budgetMaxCents: 25000,
      availableFrom: "2027-06-01",
      sharedUseAcceptable: false,
      peopleCount: 6,
      accessibilityRequired: false,
      description: "",
    });
  });

  it("accepts a range of one value", () => {
    expect(issuesOf(needSchema.safeParse({ ...needInput, surfaceMinM2: 100, surfaceMaxM2: 100 }))).toEqual([]);
  });

  it.each<[string, Partial<NeedInput>, Issue]>([
    [
      "a maximum below the minimum",
      { surfaceMinM2: 150, surfaceMaxM2: 80 },
      { path: "surfaceMaxM2", message: "La surface maximale doit être supérieure ou égale à la surface minimale." },
    ],
    ["a zero minimum", { surfaceMinM2: 0 }, { path: "surfaceMinM2", message: "La surface minimale doit être supérieure à 0 m²." }],
    ["no kind", { kinds: [] }, { path: "kinds", message: "Choisissez au moins un type de bien." }],
    ["the same kind twice", { kinds: ["OFFICE", "OFFICE"] }, { path: "kinds", message: "Chaque type de bien ne figure qu'une fois." }],
    ["no commune", { communes: [] }, { path: "communes", message: "Indiquez au moins une commune." }],
    [
      "a bad INSEE code",
      { communes: [{ inseeCode: "750", name: "Paris" }] },
      { path: "communes.0.inseeCode", message: "Le code INSEE compte 5 caractères (par exemple 93048 ou 2A004)." },
    ],
    ["a commune without name", { communes: [{ inseeCode: "93048", name: "" }] }, { path: "communes.0.name", message: "Indiquez le nom de la commune." }],
    ["a negative budget", { budgetMaxCents: -1 }, { path: "budgetMaxCents", message: "Le budget ne peut pas être négatif." }],
    [
      "an impossible date",
      { availableFrom: "2027-02-29" },
      { path: "availableFrom", message: "Indiquez à partir de quand vous avez besoin du local (AAAA-MM-JJ)." },
    ],
    ["nobody", { peopleCount: 0 }, { path: "peopleCount", message: "Indiquez au moins 1 personne." }],
  ])("refuses %s", (_label, changes, expected) => {
    expect(issuesOf(needSchema.safeParse({ ...needInput, ...changes }))).toEqual([expected]);
  });
});

// -----------------------------------------------------------------------------------------------
// Need ↔ bien
// -----------------------------------------------------------------------------------------------

describe("matchNeedToBien", () => {
  it("explains every criterion of a bien that fits", () => {
    const result = matchNeedToBien(baseNeed, baseBien);
    expect(result.fits).toBe(true);
    expect(explained(result)).toEqual([
      ["KIND", true, "Type bureau recherché"],
      ["COMMUNE", true, "Commune Montreuil recherchée"],
      ["SURFACE", true, "Surface 120 m² dans la fourchette 80–150 m²"],
      ["BUDGET", true, "Redevance 200 € ≤ budget 250 €"],
      ["AVAILABILITY", true, "Disponible du 1er mai 2027 au 30 avril 2029 (besoin à partir du 1er juin 2027)"],
    ]);
  });

  it.each<[string, Need, MatchablePremises, MatchCriterion, boolean, string]>([
    ["another kind", baseNeed, bien({ kind: "WAREHOUSE" }), "KIND", false, "Type entrepôt hors des types recherchés (bureau, local d'activité)"],
    ["another kind, one sought", need({ kinds: ["OFFICE"] }), bien({ kind: "WAREHOUSE" }), "KIND", false, "Type entrepôt hors du type recherché (bureau)"],
    ["a second kind sought", baseNeed, bien({ kind: "ACTIVITY_PREMISES" }), "KIND", true, "Type local d'activité recherché"],
    [
      "another commune",
      baseNeed,
      bien({}, { commune: "Bagnolet", inseeCode: "93006" }),
      "COMMUNE",
      false,
      "Commune Bagnolet hors des communes recherchées (Montreuil, Paris)",
    ],
    [
      "another commune, one sought",
      need({ communes: [{ inseeCode: "93048", name: "Montreuil" }] }),
      bien({}, { commune: "Bagnolet", inseeCode: "93006" }),
      "COMMUNE",
      false,
      "Commune Bagnolet hors de la commune recherchée (Montreuil)",
    ],
    ["an arrondissement of Paris", baseNeed, bien({}, { commune: "Paris", inseeCode: "75111" }), "COMMUNE", true, "Commune Paris recherchée"],
    ["a commune not geocoded yet", baseNeed, bien({}, { inseeCode: null }), "COMMUNE", true, "Commune Montreuil recherchée"],
    ["a surface below the range", baseNeed, bien({ surfaceM2: 60 }), "SURFACE", false, "Surface 60 m² inférieure au minimum de 80 m²"],
    ["the minimum surface", baseNeed, bien({ surfaceM2: 80 }), "SURFACE", true, "Surface 80 m² dans la fourchette 80–150 m²"],
    ["the maximum surface", baseNeed, bien({ surfaceM2: 150 }), "SURFACE", true, "Surface 150 m² dans la fourchette 80–150 m²"],
    ["a decimal surface", baseNeed, bien({ surfaceM2: 85.5 }), "SURFACE", true, "Surface 85,5 m² dans la fourchette 80–150 m²"],
    ["a surface above the range", baseNeed, bien({ surfaceM2: 200 }), "SURFACE", false, "Surface 200 m² supérieure au maximum de 150 m²"],
    [
      "a surface above the range in shared use",
      need({ sharedUseAcceptable: true }),
      bien({ surfaceM2: 200 }),
      "SURFACE",
      true,
      "Surface 200 m² supérieure au maximum de 150 m², acceptable en usage partagé",
    ],
    [
      "a surface below the range in shared use",
      need({ sharedUseAcceptable: true }),
      bien({ surfaceM2: 60 }),
      "SURFACE",
      false,
      "Surface 60 m² inférieure au minimum de 80 m²",
    ],
    ["a redevance over budget", baseNeed, bien({ rentCents: 30000 }), "BUDGET", false, "Redevance 300 € > budget 250 €"],
    ["a redevance equal to the budget", baseNeed, bien({ rentCents: 25000 }), "BUDGET", true, "Redevance 250 € ≤ budget 250 €"],
    [
      "charges pushing over budget",
      baseNeed,
      bien({ rentCents: 25000, chargesCents: 5000 }),
      "BUDGET",
      false,
      "Redevance 250 € + charges 50 € = 300 € > budget 250 €",
    ],
    [
      "a social-utility reduction bringing it within budget",
      baseNeed,
      bien({ rentCents: 40000, socialUtilityReductionPercent: 50, chargesCents: 5000 }),
      "BUDGET",
      true,
      "Redevance 200 € (400 € réduite de 50 % au titre de l'utilité sociale) + charges 50 € = 250 € ≤ budget 250 €",
    ],
    [
      "a free bien for social utility",
      baseNeed,
      bien({ rentCents: 40000, socialUtilityReductionPercent: 100 }),
      "BUDGET",
      true,
      "Redevance 0 € (gratuite au titre de l'utilité sociale) ≤ budget 250 €",
    ],
    ["a bien without redevance", need({ budgetMaxCents: 0 }), bien({ rentCents: 0 }), "BUDGET", true, "Redevance 0 € ≤ budget 0 €"],
    [
      "a bien available too late",
      baseNeed,
      bien({ availableFrom: "2027-07-01" }),
      "AVAILABILITY",
      false,
      "Disponible seulement à partir du 1er juillet 2027, après la date souhaitée (1er juin 2027)",
    ],
    [
      "a bien no longer available",
      baseNeed,
      bien({ availableUntil: "2027-05-31" }),
      "AVAILABILITY",
      false,
      "Disponible jusqu'au 31 mai 2027 seulement, avant la date souhaitée (1er juin 2027)",
    ],
    [
      "a bien available from the day needed, without end",
      baseNeed,
      bien({ availableFrom: "2027-06-01", availableUntil: null }),
      "AVAILABILITY",
      true,
      "Disponible dès le 1er juin 2027 (besoin à partir du 1er juin 2027)",
    ],
    [
      "a bien available until the day needed",
      baseNeed,
      bien({ availableUntil: "2027-06-01" }),
      "AVAILABILITY",
      true,
      "Disponible du 1er mai 2027 au 1er juin 2027 (besoin à partir du 1er juin 2027)",
    ],
    [
      "an accessible bien",
      need({ accessibilityRequired: true }),
      baseBien,
      "ACCESSIBILITY",
      true,
      "Bien accessible aux personnes à mobilité réduite",
    ],
    [
      "a partly accessible bien",
      need({ accessibilityRequired: true }),
      bien({ accessibility: "PARTIAL" }),
      "ACCESSIBILITY",
      false,
      "Accessibilité requise : le bien n'est que partiellement accessible",
    ],
    [
      "an inaccessible bien",
      need({ accessibilityRequired: true }),
      bien({ accessibility: "NOT_ACCESSIBLE" }),
      "ACCESSIBILITY",
      false,
      "Accessibilité requise : le bien n'est pas accessible",
    ],
    [
      "a bien of unknown accessibility",
      need({ accessibilityRequired: true }),
      bien({ accessibility: "UNKNOWN" }),
      "ACCESSIBILITY",
      false,
      "Accessibilité requise : l'accessibilité du bien n'est pas renseignée",
    ],
  ])("%s", (_label, theNeed, theBien, criterion, ok, message) => {
    const result = matchNeedToBien(theNeed, theBien);
    const reason = result.reasons.find((r) => r.criterion === criterion);
    expect(reason && [reason.ok, reason.message]).toEqual([ok, message]);
    // Every other criterion holds in these cases, so the whole match follows this one.
    expect(result.fits).toBe(ok);
  });

  it("does not mention accessibility when the need does not require it", () => {
    const result = matchNeedToBien(baseNeed, bien({ accessibility: "NOT_ACCESSIBLE" }));
    expect(result.reasons.map((reason) => reason.criterion)).toEqual(["KIND", "COMMUNE", "SURFACE", "BUDGET", "AVAILABILITY"]);
    expect(result.fits).toBe(true);
  });

  it("prorates the cost of a bigger bien shared with others", () => {
    const shared = need({ sharedUseAcceptable: true });
    const big = bien({ surfaceM2: 400, rentCents: 120000, chargesCents: 20000 });
    // 1 400 € for 400 m², so 1 400 × 150 / 400 = 525 € for the 150 m² sought.
    expect(explained(matchNeedToBien(shared, big))[3]).toEqual([
      "BUDGET",
      false,
      "Redevance 1 200 € + charges 200 € = 1 400 € pour 400 m², soit 525 € pour 150 m² en usage partagé > budget 250 €",
    ]);
    const richer = need({ sharedUseAcceptable: true, budgetMaxCents: 60000 });
    const result = matchNeedToBien(richer, big);
    expect(explained(result)[3]).toEqual([
      "BUDGET",
      true,
      "Redevance 1 200 € + charges 200 € = 1 400 € pour 400 m², soit 525 € pour 150 m² en usage partagé ≤ budget 600 €",
    ]);
    expect(result.fits).toBe(true);
  });

  it("rounds the prorated cost to the cent: 1 000 € × 150 / 450 = 333,33 €", () => {
    const result = matchNeedToBien(need({ sharedUseAcceptable: true, budgetMaxCents: 40000 }), bien({ surfaceM2: 450, rentCents: 100000 }));
    expect(explained(result)[3]).toEqual([
      "BUDGET",
      true,
      "Redevance 1 000 € pour 450 m², soit 333,33 € pour 150 m² en usage partagé ≤ budget 400 €",
    ]);
  });

  it("explains several failures at once", () => {
    const result = matchNeedToBien(baseNeed, bien({ kind: "BARE_LAND", surfaceM2: 2000, rentCents: 50000 }, { commune: "Bagnolet", inseeCode: "93006" }));
    expect(result.fits).toBe(false);
    expect(result.reasons.filter((reason) => !reason.ok).map((reason) => reason.criterion)).toEqual(["KIND", "COMMUNE", "SURFACE", "BUDGET"]);
  });
});

describe("matchBienToNeeds and matchNeedToBiens", () => {
  const needs = [
    { ...baseNeed, id: "n1", structureName: "Atelier Vélo Solidaire" },
    { ...baseNeed, id: "n2", structureName: "Recyclerie", kinds: ["WAREHOUSE" as const] },
    { ...baseNeed, id: "n3", structureName: "Compagnie Les Lilas", budgetMaxCents: 40000 },
  ];

  it("returns the needs a bien fits, in order, with their explanation", () => {
    const matches = matchBienToNeeds(baseBien, needs);
    expect(matches.map((match) => match.need.id)).toEqual(["n1", "n3"]);
    expect(matches[1].reasons[3].message).toBe("Redevance 200 € ≤ budget 400 €");
  });

  it("proposes to a need only the biens whose call is open", () => {
    const biens: Array<MatchablePremises & { id: string; state: PremisesState }> = [
      { ...baseBien, id: "open", state: "PUBLISHED" },
      { ...baseBien, id: "draft", state: "DRAFT" },
      { ...bien({ surfaceM2: 30 }), id: "small", state: "PUBLISHED" },
      { ...baseBien, id: "reviewing", state: "UNDER_REVIEW" },
      { ...baseBien, id: "taken", state: "ATTRIBUTED" },
    ];
    const matches = matchNeedToBiens(baseNeed, biens);
    expect(matches.map((match) => match.bien.id)).toEqual(["open"]);
    expect(matches[0].reasons).toHaveLength(5);
  });
});

// -----------------------------------------------------------------------------------------------
// Need ↔ bookable spaces
// -----------------------------------------------------------------------------------------------

describe("matchNeedToSpace", () => {
  const smallNeed = need({
    kinds: ["OFFICE"],
    surfaceMinM2: 10,
    surfaceMaxM2: 40,
    communes: [{ inseeCode: "93048", name: "Montreuil" }],
    sharedUseAcceptable: true,
    peopleCount: 6,
  });
  const room: BookableSpace = {
    id: "room",
    name: "Salle Louise Michel",
    kind: "ROOM",
    capacity: 12,
    seats: 1,
    accessible: true,
    site: { id: "site-1", name: "La Fabrique", commune: "Montreuil", inseeCode: null },
  };
  const desks: BookableSpace = { ...room, id: "desks", name: "Open space du 1er", kind: "DESK_POOL", capacity: 10, seats: 8 };

  it("explains a room that fits", () => {
    const result = matchNeedToSpace(smallNeed, room);
    expect(result.fits).toBe(true);
    expect(explained(result)).toEqual([
      ["SHARED_USE", true, "Usage partagé accepté"],
      ["KIND", true, "Salle compatible avec le type recherché (bureau)"],
      ["SURFACE", true, "Besoin à partir de 10 m², compatible avec un espace réservable (50 m² au plus)"],
      ["COMMUNE", true, "Commune Montreuil recherchée"],
      ["CAPACITY", true, "Capacité 12 personnes pour 6 personnes"],
    ]);
  });

  it("names the bound on the need's surface", () => {
    expect(SHARED_SPACE_MAX_NEED_M2).toBe(50);
  });

  it.each<[string, Need, BookableSpace, MatchCriterion, boolean, string]>([
    [
      "a need refusing shared use",
      need({ ...smallNeed, sharedUseAcceptable: false }),
      room,
      "SHARED_USE",
      false,
      "Usage partagé non accepté, or un espace réservable est partagé",
    ],
    ["a desk pool with enough seats", smallNeed, desks, "CAPACITY", true, "8 postes pour 6 personnes"],
    ["a desk pool short of seats", smallNeed, { ...desks, seats: 4 }, "CAPACITY", false, "4 postes, insuffisants pour 6 personnes"],
    ["a desk pool of one seat", smallNeed, { ...desks, seats: 1 }, "CAPACITY", false, "1 poste, insuffisant pour 6 personnes"],
    ["a room too small", smallNeed, { ...room, capacity: 4 }, "CAPACITY", false, "Capacité 4 personnes, insuffisante pour 6 personnes"],
    ["one person in a one-person room", need({ ...smallNeed, peopleCount: 1 }), { ...room, capacity: 1 }, "CAPACITY", true, "Capacité 1 personne pour 1 personne"],
    [
      "a need for land or a warehouse",
      need({ ...smallNeed, kinds: ["WAREHOUSE", "BARE_LAND"] }),
      room,
      "KIND",
      false,
      "Salle non compatible avec les types recherchés (entrepôt, terrain nu)",
    ],
    [
      "a desk pool for an activity premises",
      need({ ...smallNeed, kinds: ["ACTIVITY_PREMISES"] }),
      desks,
      "KIND",
      false,
      "Open space non compatible avec le type recherché (local d'activité)",
    ],
    [
      "a room for offices or workshops",
      need({ ...smallNeed, kinds: ["OFFICE", "WORKSHOP", "WAREHOUSE"] }),
      room,
      "KIND",
      true,
      "Salle compatible avec les types recherchés (bureau, atelier)",
    ],
    [
      "a need of 50 m² at least",
      need({ ...smallNeed, surfaceMinM2: 50, surfaceMaxM2: 80 }),
      room,
      "SURFACE",
      true,
      "Besoin à partir de 50 m², compatible avec un espace réservable (50 m² au plus)",
    ],
    [
      "a need of 51 m² at least",
      need({ ...smallNeed, surfaceMinM2: 51, surfaceMaxM2: 80 }),
      room,
      "SURFACE",
      false,
      "Besoin à partir de 51 m², trop grand pour un espace réservable (50 m² au plus)",
    ],
    [
      "a site in another commune",
      smallNeed,
      { ...room, site: { ...room.site, commune: "Bagnolet" } },
      "COMMUNE",
      false,
      "Commune Bagnolet hors de la commune recherchée (Montreuil)",
    ],
    [
      "a site whose commune is typed differently",
      smallNeed,
      { ...room, site: { ...room.site, commune: "MONTREUIL" } },
      "COMMUNE",
      true,
      "Commune MONTREUIL recherchée",
    ],
    [
      "an accessible space",
      need({ ...smallNeed, accessibilityRequired: true }),
      room,
      "ACCESSIBILITY",
      true,
      "Espace accessible aux personnes à mobilité réduite",
    ],
    [
      "an inaccessible space",
      need({ ...smallNeed, accessibilityRequired: true }),
      { ...room, accessible: false },
      "ACCESSIBILITY",
      false,
      "Accessibilité requise : l'espace n'est pas accessible",
    ],
  ])("%s", (_label, theNeed, space, criterion, ok, message) => {
    const result = matchNeedToSpace(theNeed, space);
    const reason = result.reasons.find((r) => r.criterion === criterion);
    expect(reason && [reason.ok, reason.message]).toEqual([ok, message]);
    expect(result.fits).toBe(ok);
  });

  it("returns the spaces that fit, in order", () => {
    const spaces = [room, { ...room, id: "tiny", capacity: 2 }, desks, { ...desks, id: "far", site: { ...room.site, commune: "Pantin" } }];
    expect(matchNeedToSpaces(smallNeed, spaces).map((match) => match.space.id)).toEqual(["room", "desks"]);
    expect(matchNeedToSpaces(need({ ...smallNeed, sharedUseAcceptable: false }), spaces)).toEqual([]);
  });
});

// -----------------------------------------------------------------------------------------------
// Aggregated demand
// -----------------------------------------------------------------------------------------------

describe("aggregateDemand", () => {
  const n = (changes: Partial<Need>): Need => need({ sharedUseAcceptable: false, ...changes });
  const needs: Need[] = [
    n({
      kinds: ["OFFICE", "WORKSHOP"],
      communes: [
        { inseeCode: "93048", name: "Montreuil" },
        { inseeCode: "75056", name: "Paris" },
      ],
      surfaceMinM2: 80,
      surfaceMaxM2: 150,
      budgetMaxCents: 25000,
    }),
    n({
      kinds: ["OFFICE"],
      communes: [{ inseeCode: "75111", name: "Paris 11e Arrondissement" }],
      surfaceMinM2: 20,
      surfaceMaxM2: 40,
      budgetMaxCents: 60000,
      sharedUseAcceptable: true,
    }),
    n({ kinds: ["WAREHOUSE"], communes: [{ inseeCode: null, name: "Bagnolet" }], surfaceMinM2: 300, surfaceMaxM2: 500, budgetMaxCents: 100000 }),
    n({
      kinds: ["OFFICE"],
      communes: [
        { inseeCode: null, name: "bagnolet" },
        { inseeCode: "93048", name: "Montreuil" },
      ],
      surfaceMinM2: 50,
      surfaceMaxM2: 80,
      budgetMaxCents: 40000,
      sharedUseAcceptable: true,
    }),
    // Paris and one of its arrondissements: counted once for Paris.
    n({
      kinds: ["OFFICE"],
      communes: [
        { inseeCode: "75056", name: "Paris" },
        { inseeCode: "75111", name: "Paris 11e" },
      ],
      surfaceMinM2: 10,
      surfaceMaxM2: 20,
      budgetMaxCents: 30000,
      sharedUseAcceptable: true,
    }),
  ];

  it("counts needs by commune and kind, most demanded first", () => {
    expect(aggregateDemand(needs)).toEqual([
      {
        key: "75056",
        inseeCode: "75056",
        label: "Paris",
        needCount: 3,
        byKind: [
          {
            kind: "OFFICE",
            label: "bureau",
            needCount: 3,
            sharedUseCount: 2,
            surfaceMinM2Total: 110,
            surfaceMaxM2Total: 210,
            budgetMaxCentsTotal: 115000,
          },
          {
            kind: "WORKSHOP",
            label: "atelier",
            needCount: 1,
            sharedUseCount: 0,
            surfaceMinM2Total: 80,
            surfaceMaxM2Total: 150,
            budgetMaxCentsTotal: 25000,
          },
        ],
      },
      {
        key: "nom:bagnolet",
        inseeCode: null,
        label: "Bagnolet",
        needCount: 2,
        byKind: [
          { kind: "OFFICE", label: "bureau", needCount: 1, sharedUseCount: 1, surfaceMinM2Total: 50, surfaceMaxM2Total: 80, budgetMaxCentsTotal: 40000 },
          {
            kind: "WAREHOUSE",
            label: "entrepôt",
            needCount: 1,
            sharedUseCount: 0,
            surfaceMinM2Total: 300,
            surfaceMaxM2Total: 500,
            budgetMaxCentsTotal: 100000,
          },
        ],
      },
      {
        key: "93048",
        inseeCode: "93048",
        label: "Montreuil",
        needCount: 2,
        byKind: [
          { kind: "OFFICE", label: "bureau", needCount: 2, sharedUseCount: 1, surfaceMinM2Total: 130, surfaceMaxM2Total: 230, budgetMaxCentsTotal: 65000 },
          { kind: "WORKSHOP", label: "atelier", needCount: 1, sharedUseCount: 0, surfaceMinM2Total: 80, surfaceMaxM2Total: 150, budgetMaxCentsTotal: 25000 },
        ],
      },
    ]);
  });

  it("names an arrondissement-only demand after its commune", () => {
    expect(aggregateDemand([needs[1]]).map((entry) => [entry.key, entry.label, entry.needCount])).toEqual([["75056", "Paris", 1]]);
  });

  it("is empty without needs", () => {
    expect(aggregateDemand([])).toEqual([]);
  });
});
