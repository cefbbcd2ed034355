import {
  allowedEvents,
  communeMatches,
  describeHistoryEntry,
  filterPublicPremises,
  formatEurosCompact,
  formatNumberFr,
  formatSurface,
  isDeadlinePassed,
  isPublicState,
  joinFr,
  normalizeCommuneName,
  parentCommune,
  premisesSchema,
  PREMISES_EVENTS,
  PREMISES_KIND_LABELS,
  PREMISES_STATES,
  PUBLIC_STATES,
  publicPremisesFiltersSchema,
  reducedRentCents,
  sortHistory,
  transition,
  type Actor,
  type HistoryEntry,
  type LifecycleSnapshot,
  type PremisesEvent,
  type PremisesEventType,
  type PremisesInput,
  type PremisesRecord,
  type PremisesState,
} from "~/domain/premises";

// Instants are written by hand in UTC. Paris is UTC+1 until 2027-03-28 01:00Z, then UTC+2
// until 2027-10-31 01:00Z. The call deadline "2027-05-31T12:00" (Paris) is 2027-05-31T10:00Z.
const utc = (iso: string) => new Date(iso);

type Issue = { path: string; message: string };
function issuesOf(result: { success: boolean; error?: { issues: Array<{ path: (string | number)[]; message: string }> } }): Issue[] {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const validBien: PremisesInput = {
  title: "Ancienne poste de la rue des Lilas",
  description: "Rez-de-chaussée lumineux avec vitrine.",
  kind: "GROUND_FLOOR_SHOP",
  domain: "PUBLIC",
  address: {
    line: "12 rue des Lilas",
    postalCode: "93100",
    commune: "Montreuil",
    inseeCode: "93048",
    latitude: 48.8589,
    longitude: 2.4417,
  },
  surfaceM2: 120,
  levels: 1,
  condition: "TO_REFRESH",
  accessibility: "ACCESSIBLE",
  utilities: ["ELECTRICITY", "WATER"],
  photos: [{ url: "https://images.example.org/lilas.jpg", alt: "Façade vitrée sur rue" }],
  availableFrom: "2027-05-01",
  availableUntil: "2029-12-31",
  occupationType: "TEMPORARY_OCCUPATION",
  rentCents: 30000,
  chargesCents: 5000,
  socialUtilityReductionPercent: 50,
  insuranceRequired: true,
  worksAllowed: "LIGHT",
  otherConditions: "",
  visits: ["2027-04-06T10:00", "2027-04-13T14:30"],
};

function withChanges(changes: Partial<PremisesInput>, address: Partial<PremisesInput["address"]> = {}): PremisesInput {
  return { ...validBien, ...changes, address: { ...validBien.address, ...address } };
}

// -----------------------------------------------------------------------------------------------
// French formatting
// -----------------------------------------------------------------------------------------------

describe("French formatting", () => {
  it.each([
    [0, "0 €"],
    [5, "0,05 €"],
    [30000, "300 €"],
    [31250, "312,50 €"],
    [120000, "1 200 €"],
    [123456789, "1 234 567,89 €"],
    [-2500, "-25 €"],
  ])("formatEurosCompact(%i) = %s", (cents, expected) => {
    expect(formatEurosCompact(cents)).toBe(expected);
  });

  it("uses plain spaces between thousands and before the unit, like the app's other messages", () => {
    expect(formatEurosCompact(120000)).toBe("1\u0020200\u0020€");
    expect(formatSurface(85.5)).toBe("85,5\u0020m²");
    expect(formatNumberFr(1234.5)).toBe("1\u0020234,5");
  });

  it.each([
    [120, "120"],
    [85.5, "85,5"],
    [0.25, "0,25"],
    [1234.567, "1 234,57"],
    [1_000_000, "1 000 000"],
    [-0.001, "0"],
  ])("formatNumberFr(%d) = %s", (value, expected) => {
    expect(formatNumberFr(value)).toBe(expected);
  });

  it.each([
    [[], ""],
    [["a"], "a"],
    [["a", "b"], "a et b"],
    [["a", "b", "c"], "a, b et c"],
  ])("joinFr(%j) = %s", (items, expected) => {
    expect(joinFr(items)).toBe(expected);
  });
});

describe("reducedRentCents", () => {
  it.each([
    [30000, 0, 30000],
    [30000, 50, 15000],
    [33300, 50, 16650],
    [30000, 100, 0],
    [75, 50, 38], // 37,5 centimes, rounded half up
    [1, 50, 1],
    [99999, 33, 66999], // 669,9933 €
  ])("%i cents reduced by %i %% = %i cents", (rent, percent, expected) => {
    expect(reducedRentCents(rent, percent)).toBe(expected);
  });
});

// -----------------------------------------------------------------------------------------------
// Communes
// -----------------------------------------------------------------------------------------------

describe("communes", () => {
  it.each([
    ["Saint-Denis", "saint denis"],
    ["St Denis", "saint denis"],
    ["ST-DENIS", "saint denis"],
    ["L'Île-Saint-Denis", "l ile saint denis"],
    ["  Évry  ", "evry"],
    ["Ste-Geneviève-des-Bois", "sainte genevieve des bois"],
    ["Montreuil", "montreuil"],
  ])("normalizeCommuneName(%s) = %s", (name, expected) => {
    expect(normalizeCommuneName(name)).toBe(expected);
  });

  it.each([
    ["75101", { code: "75056", name: "Paris" }],
    ["75111", { code: "75056", name: "Paris" }],
    ["75120", { code: "75056", name: "Paris" }],
    ["69385", { code: "69123", name: "Lyon" }],
    ["13216", { code: "13055", name: "Marseille" }],
    ["75056", { code: "75056", name: null }],
    ["93048", { code: "93048", name: null }],
    ["2A004", { code: "2A004", name: null }],
  ])("parentCommune(%s)", (code, expected) => {
    expect(parentCommune(code)).toEqual(expected);
  });

  it.each([
    ["same code", { inseeCode: "93048", name: "Montreuil" }, { inseeCode: "93048", name: "Montreuil" }, true],
    ["arrondissement in its commune", { inseeCode: "75111", name: "Paris" }, { inseeCode: "75056", name: "Paris" }, true],
    ["commune is not one arrondissement", { inseeCode: "75056", name: "Paris" }, { inseeCode: "75111", name: "Paris" }, false],
    ["homonyms told apart by code", { inseeCode: "93066", name: "Saint-Denis" }, { inseeCode: "97411", name: "Saint-Denis" }, false],
    ["names when the place has no code", { inseeCode: null, name: "Saint-Denis" }, { inseeCode: "93066", name: "St Denis" }, true],
    ["names when the wanted commune has no code", { inseeCode: "93048", name: "Montreuil" }, { inseeCode: null, name: "montreuil" }, true],
    ["different names", { inseeCode: null, name: "Montreuil" }, { inseeCode: null, name: "Bagnolet" }, false],
  ])("communeMatches: %s", (_label, place, wanted, expected) => {
    expect(communeMatches(place, wanted)).toBe(expected);
  });
});

// -----------------------------------------------------------------------------------------------
// Schema of a bien
// -----------------------------------------------------------------------------------------------

describe("premisesSchema", () => {
  it("accepts a complete bien", () => {
    const result = premisesSchema.safeParse(validBien);
    expect(issuesOf(result)).toEqual([]);
    expect(result.data?.address.inseeCode).toBe("93048");
  });

  it("fills the optional fields with their defaults (geocoding pending)", () => {
    const result = premisesSchema.safeParse({
      title: "Terrain de la Croix-de-Chavaux",
      kind: "BARE_LAND",
      domain: "PRIVATE",
      address: { line: "Rue Kléber", postalCode: "93100", commune: "Montreuil" },
      surfaceM2: 2000,
      levels: 0,
      condition: "GOOD",
      accessibility: "UNKNOWN",
      availableFrom: "2027-09-01",
      occupationType: "LEASE",
      rentCents: 0,
      chargesCents: 0,
      worksAllowed: "NONE",
    });
    expect(issuesOf(result)).toEqual([]);
    expect(result.data).toEqual({
      title: "Terrain de la Croix-de-Chavaux",
      description: "",
      kind: "BARE_LAND",
      domain: "PRIVATE",
      address: { line: "Rue Kléber", postalCode: "93100", commune: "Montreuil", inseeCode: null, latitude: null, longitude: null },
      surfaceM2: 2000,
      levels: 0,
      condition: "GOOD",
      accessibility: "UNKNOWN",
      utilities: [],
      photos: [],
      availableFrom: "2027-09-01",
      availableUntil: null,
      occupationType: "LEASE",
      rentCents: 0,
      chargesCents: 0,
      socialUtilityReductionPercent: 0,
      insuranceRequired: true,
      worksAllowed: "NONE",
      otherConditions: "",
      visits: [],
    });
  });

  it("upper-cases a Corsican INSEE code", () => {
    const result = premisesSchema.safeParse(withChanges({}, { inseeCode: "2a004" }));
    expect(result.data?.address.inseeCode).toBe("2A004");
  });

  it.each<[string, PremisesInput]>([
    ["availability ending on its first day", withChanges({ availableUntil: "2027-05-01" })],
    ["a visit on the last day of availability", withChanges({ visits: ["2029-12-31T10:00"] })],
    ["a bail on the domaine privé", withChanges({ domain: "PRIVATE", occupationType: "LEASE" })],
    ["a free bien without reduction", withChanges({ rentCents: 0, socialUtilityReductionPercent: 0 })],
    ["a visit before availability starts", withChanges({ visits: ["2027-03-02T09:00"] })],
    ["a whole building on 100 levels", withChanges({ kind: "WHOLE_BUILDING", levels: 100 })],
  ])("accepts %s", (_label, input) => {
    expect(issuesOf(premisesSchema.safeParse(input))).toEqual([]);
  });

  it.each<[string, PremisesInput, Issue]>([
    ["a zero surface", withChanges({ surfaceM2: 0 }), { path: "surfaceM2", message: "La surface doit être supérieure à 0 m²." }],
    ["a negative surface", withChanges({ surfaceM2: -5 }), { path: "surfaceM2", message: "La surface doit être supérieure à 0 m²." }],
    [
      "a surface given as text",
      withChanges({ surfaceM2: "120" as unknown as number }),
      { path: "surfaceM2", message: "La surface doit être un nombre." },
    ],
    [
      "availability ending before it starts",
      withChanges({ availableUntil: "2027-04-30" }),
      {
        path: "availableUntil",
        message: "La fin de disponibilité (30 avril 2027) doit être postérieure ou égale au début (1er mai 2027).",
      },
    ],
    [
      "an impossible start date",
      withChanges({ availableFrom: "2027-02-30" }),
      { path: "availableFrom", message: "Indiquez la date de début de disponibilité (AAAA-MM-JJ)." },
    ],
    [
      "an impossible end date",
      withChanges({ availableUntil: "2029-13-01" }),
      { path: "availableUntil", message: "La date de fin de disponibilité est invalide (AAAA-MM-JJ)." },
    ],
    ["a negative redevance", withChanges({ rentCents: -1 }), { path: "rentCents", message: "La redevance ne peut pas être négative." }],
    [
      "a redevance in fractions of cents",
      withChanges({ rentCents: 12.5 }),
      { path: "rentCents", message: "La redevance s'exprime en centimes entiers." },
    ],
    [
      "negative charges",
      withChanges({ chargesCents: -100 }),
      { path: "chargesCents", message: "La provision pour charges ne peut pas être négative." },
    ],
    [
      "a reduction above 100 %",
      withChanges({ socialUtilityReductionPercent: 101 }),
      { path: "socialUtilityReductionPercent", message: "La réduction est comprise entre 0 et 100 %." },
    ],
    [
      "a negative reduction",
      withChanges({ socialUtilityReductionPercent: -10 }),
      { path: "socialUtilityReductionPercent", message: "La réduction est comprise entre 0 et 100 %." },
    ],
    [
      "a fractional reduction",
      withChanges({ socialUtilityReductionPercent: 12.5 }),
      { path: "socialUtilityReductionPercent", message: "La réduction est un pourcentage entier." },
    ],
    [
      "a reduction of a zero redevance",
      withChanges({ rentCents: 0, socialUtilityReductionPercent: 20 }),
      { path: "socialUtilityReductionPercent", message: "Sans redevance, il n'y a pas de réduction à appliquer : indiquez 0 %." },
    ],
    [
      "a visit after the end of availability",
      withChanges({ visits: ["2027-04-06T10:00", "2027-04-13T14:30", "2030-01-05T10:00"] }),
      {
        path: "visits.2",
        message: "La visite du samedi 5 janvier 2030 à 10:00 a lieu après la fin de disponibilité (31 décembre 2029).",
      },
    ],
    [
      "the same visit twice",
      withChanges({ visits: ["2027-04-06T10:00", "2027-04-06T10:00"] }),
      { path: "visits.1", message: "La visite du mardi 6 avril 2027 à 10:00 figure deux fois." },
    ],
    [
      "a visit at a time that does not exist in Paris",
      withChanges({ visits: ["2027-03-28T02:30"] }),
      { path: "visits.0", message: "Cette heure n'existe pas à Paris (passage à l'heure d'été) : choisissez une autre heure." },
    ],
    [
      "a visit without time",
      withChanges({ visits: ["2027-04-06"] }),
      { path: "visits.0", message: "Date de visite invalide (AAAA-MM-JJTHH:mm)." },
    ],
    [
      "a latitude without longitude",
      withChanges({}, { latitude: 48.85, longitude: null }),
      {
        path: "address.longitude",
        message: "Indiquez la latitude et la longitude ensemble, ou aucune des deux (géocodage en attente).",
      },
    ],
    [
      "a longitude without latitude",
      withChanges({}, { latitude: null, longitude: 2.44 }),
      {
        path: "address.latitude",
        message: "Indiquez la latitude et la longitude ensemble, ou aucune des deux (géocodage en attente).",
      },
    ],
    [
      "a latitude out of range",
      withChanges({}, { latitude: 91 }),
      { path: "address.latitude", message: "La latitude est comprise entre -90 et 90." },
    ],
    [
      "a longitude out of range",
      withChanges({}, { longitude: -181 }),
      { path: "address.longitude", message: "La longitude est comprise entre -180 et 180." },
    ],
    [
      "a short INSEE code",
      withChanges({}, { inseeCode: "9304" }),
      { path: "address.inseeCode", message: "Le code INSEE compte 5 caractères (par exemple 93048 ou 2A004)." },
    ],
    ["a short postal code", withChanges({}, { postalCode: "9310" }), { path: "address.postalCode", message: "Le code postal compte 5 chiffres." }],
    ["a blank commune", withChanges({}, { commune: "  " }), { path: "address.commune", message: "Indiquez la commune." }],
    ["an empty address", withChanges({}, { line: "" }), { path: "address.line", message: "Indiquez l'adresse." }],
    [
      "a terrain nu with levels",
      withChanges({ kind: "BARE_LAND", levels: 1 }),
      { path: "levels", message: "Un terrain nu n'a pas de niveau : indiquez 0." },
    ],
    ["an office without levels", withChanges({ kind: "OFFICE", levels: 0 }), { path: "levels", message: "Un bâtiment compte au moins 1 niveau." }],
    ["half a level", withChanges({ levels: 1.5 }), { path: "levels", message: "Le nombre de niveaux est un nombre entier." }],
    ["101 levels", withChanges({ levels: 101 }), { path: "levels", message: "Le nombre de niveaux ne doit pas dépasser 100." }],
    [
      "a bail on the domaine public",
      withChanges({ occupationType: "LEASE" }),
      {
        path: "occupationType",
        message: "Un bail ne peut pas être consenti sur le domaine public : choisissez une convention d'occupation.",
      },
    ],
    ["an unknown kind", withChanges({ kind: "CASTLE" as PremisesInput["kind"] }), { path: "kind", message: "Choisissez le type de bien." }],
    [
      "a photo over http",
      withChanges({ photos: [{ url: "http://images.example.org/a.jpg", alt: "Vitrine" }] }),
      { path: "photos.0.url", message: "L'adresse de la photo doit commencer par https:// ou /." },
    ],
    [
      "a photo without text alternative",
      withChanges({ photos: [{ url: "/uploads/a.jpg", alt: " " }] }),
      { path: "photos.0.alt", message: "Indiquez le texte alternatif de la photo." },
    ],
    [
      "the same utility twice",
      withChanges({ utilities: ["WATER", "WATER"] }),
      { path: "utilities", message: "Chaque équipement ne figure qu'une fois." },
    ],
    ["a two-letter title", withChanges({ title: "Ab" }), { path: "title", message: "L'intitulé du bien doit compter au moins 3 caractères." }],
    ["no title", withChanges({ title: undefined }), { path: "title", message: "Indiquez l'intitulé du bien." }],
  ])("refuses %s", (_label, input, expected) => {
    expect(issuesOf(premisesSchema.safeParse(input))).toEqual([expected]);
  });
});

// -----------------------------------------------------------------------------------------------
// Lifecycle
// -----------------------------------------------------------------------------------------------

const claire: Actor = { id: "user-claire", name: "Claire Martin" };

function snapshot(state: PremisesState, changes: Partial<LifecycleSnapshot> = {}): LifecycleSnapshot {
  return {
    state,
    addressLine: "12 rue des Lilas",
    commune: "Montreuil",
    availableUntil: "2029-12-31",
    callDeadline: "2027-05-31T12:00",
    rankedApplicationIds: ["app-1", "app-2"],
    ...changes,
  };
}

// Paris 10:00 on 1 April 2027, before the deadline.
const BEFORE_DEADLINE = utc("2027-04-01T08:00:00Z");
// Exactly the deadline, 12:00 Paris on 31 May 2027.
const AT_DEADLINE = utc("2027-05-31T10:00:00Z");
// Paris 10:00 on 1 July 2027.
const JULY_FIRST = utc("2027-07-01T08:00:00Z");

describe("lifecycle vocabulary", () => {
  it("lists the states and the public ones", () => {
    expect(PREMISES_STATES).toEqual(["DRAFT", "PUBLISHED", "UNDER_REVIEW", "ATTRIBUTED", "OCCUPIED", "ENDED", "WITHDRAWN"]);
    expect(PUBLIC_STATES).toEqual(["PUBLISHED", "UNDER_REVIEW", "ATTRIBUTED", "OCCUPIED"]);
  });

  it.each<[PremisesState, boolean]>([
    ["DRAFT", false],
    ["PUBLISHED", true],
    ["UNDER_REVIEW", true],
    ["ATTRIBUTED", true],
    ["OCCUPIED", true],
    ["ENDED", false],
    ["WITHDRAWN", false],
  ])("isPublicState(%s) = %s", (state, expected) => {
    expect(isPublicState(state)).toBe(expected);
  });

  it.each<[PremisesState, PremisesEventType[]]>([
    ["DRAFT", ["PUBLISH", "WITHDRAW"]],
    ["PUBLISHED", ["CLOSE_CALL", "WITHDRAW"]],
    ["UNDER_REVIEW", ["ATTRIBUTE", "WITHDRAW"]],
    ["ATTRIBUTED", ["START_OCCUPATION"]],
    ["OCCUPIED", ["END_OCCUPATION"]],
    ["ENDED", []],
    ["WITHDRAWN", []],
  ])("allowedEvents(%s)", (state, expected) => {
    expect(allowedEvents(state)).toEqual(expected);
  });

  it("labels the kinds in French", () => {
    expect(PREMISES_KIND_LABELS).toEqual({
      BARE_LAND: "terrain nu",
      ACTIVITY_PREMISES: "local d'activité",
      OFFICE: "bureau",
      GROUND_FLOOR_SHOP: "commerce en rez-de-chaussée",
      WORKSHOP: "atelier",
      WAREHOUSE: "entrepôt",
      WHOLE_BUILDING: "bâtiment entier",
      OTHER: "autre",
    });
  });
});

describe("isDeadlinePassed", () => {
  it.each([
    ["one minute before", "2027-05-31T09:59:00Z", false],
    ["at the deadline", "2027-05-31T10:00:00Z", true],
    ["after", "2027-06-01T00:00:00Z", true],
  ])("deadline 2027-05-31 12:00 Paris, %s", (_label, at, expected) => {
    expect(isDeadlinePassed("2027-05-31T12:00", utc(at))).toBe(expected);
  });

  it("reads a winter deadline at +01:00", () => {
    expect(isDeadlinePassed("2027-02-15T17:30", utc("2027-02-15T16:29:00Z"))).toBe(false);
    expect(isDeadlinePassed("2027-02-15T17:30", utc("2027-02-15T16:30:00Z"))).toBe(true);
  });
});

describe("transition: the state graph", () => {
  // A payload and an instant that satisfy every precondition of each event.
  const GOOD: Record<PremisesEventType, { event: PremisesEvent; at: Date }> = {
    PUBLISH: { event: { type: "PUBLISH" }, at: BEFORE_DEADLINE },
    CLOSE_CALL: { event: { type: "CLOSE_CALL" }, at: AT_DEADLINE },
    ATTRIBUTE: { event: { type: "ATTRIBUTE", applicationId: "app-1" }, at: JULY_FIRST },
    START_OCCUPATION: { event: { type: "START_OCCUPATION", conventionSignedOn: "2027-06-28" }, at: JULY_FIRST },
    END_OCCUPATION: { event: { type: "END_OCCUPATION" }, at: JULY_FIRST },
    WITHDRAW: { event: { type: "WITHDRAW", reason: "Vente du bâtiment décidée en conseil municipal" }, at: BEFORE_DEADLINE },
  };

  // Written by hand: the state reached, or null when the event is refused from that state.
  const EXPECTED: Record<PremisesState, Record<PremisesEventType, PremisesState | null>> = {
    DRAFT: { PUBLISH: "PUBLISHED", CLOSE_CALL: null, ATTRIBUTE: null, START_OCCUPATION: null, END_OCCUPATION: null, WITHDRAW: "WITHDRAWN" },
    PUBLISHED: { PUBLISH: null, CLOSE_CALL: "UNDER_REVIEW", ATTRIBUTE: null, START_OCCUPATION: null, END_OCCUPATION: null, WITHDRAW: "WITHDRAWN" },
    UNDER_REVIEW: { PUBLISH: null, CLOSE_CALL: null, ATTRIBUTE: "ATTRIBUTED", START_OCCUPATION: null, END_OCCUPATION: null, WITHDRAW: "WITHDRAWN" },
    ATTRIBUTED: { PUBLISH: null, CLOSE_CALL: null, ATTRIBUTE: null, START_OCCUPATION: "OCCUPIED", END_OCCUPATION: null, WITHDRAW: null },
    OCCUPIED: { PUBLISH: null, CLOSE_CALL: null, ATTRIBUTE: null, START_OCCUPATION: null, END_OCCUPATION: "ENDED", WITHDRAW: null },
    ENDED: { PUBLISH: null, CLOSE_CALL: null, ATTRIBUTE: null, START_OCCUPATION: null, END_OCCUPATION: null, WITHDRAW: null },
    WITHDRAWN: { PUBLISH: null, CLOSE_CALL: null, ATTRIBUTE: null, START_OCCUPATION: null, END_OCCUPATION: null, WITHDRAW: null },
  };

  const REFUSAL_PREFIX: Record<PremisesEventType, string> = {
    PUBLISH: "Impossible de publier ce bien",
    CLOSE_CALL: "Impossible de clore l'appel à candidatures",
    ATTRIBUTE: "Impossible d'attribuer ce bien",
    START_OCCUPATION: "Impossible de déclarer l'entrée dans les lieux",
    END_OCCUPATION: "Impossible de terminer l'occupation",
    WITHDRAW: "Impossible de retirer ce bien",
  };
  const STATE_LABEL: Record<PremisesState, string> = {
    DRAFT: "Brouillon",
    PUBLISHED: "Publié, appel à candidatures ouvert",
    UNDER_REVIEW: "Candidatures en cours d'examen",
    ATTRIBUTED: "Attribué",
    OCCUPIED: "Occupé",
    ENDED: "Occupation terminée",
    WITHDRAWN: "Retiré",
  };

  const cases = PREMISES_STATES.flatMap((state) => PREMISES_EVENTS.map((event) => [state, event, EXPECTED[state][event]] as const));

  it("covers the 42 pairs (state, event)", () => {
    expect(cases).toHaveLength(42);
    expect(cases.filter(([, , to]) => to !== null)).toHaveLength(8);
  });

  it.each(cases)("from %s, %s → %s", (state, eventType, expected) => {
    const { event, at } = GOOD[eventType];
    const result = transition(snapshot(state), event, { actor: claire, at });
    if (expected === null) {
      expect(result).toEqual({
        ok: false,
        code: "NOT_ALLOWED_FROM_STATE",
        message: `${REFUSAL_PREFIX[eventType]} : il est à l'état « ${STATE_LABEL[state]} ».`,
      });
    } else {
      expect(result.ok && result.state).toBe(expected);
      expect(result.ok && result.historyEntry.from).toBe(state);
      expect(result.ok && result.historyEntry.to).toBe(expected);
      expect(result.ok && result.historyEntry.event).toBe(eventType);
    }
  });

  it("spells out a refusal in full", () => {
    expect(transition(snapshot("DRAFT"), { type: "ATTRIBUTE", applicationId: "app-1" }, { actor: claire, at: JULY_FIRST })).toEqual({
      ok: false,
      code: "NOT_ALLOWED_FROM_STATE",
      message: "Impossible d'attribuer ce bien : il est à l'état « Brouillon ».",
    });
    expect(transition(snapshot("WITHDRAWN"), { type: "PUBLISH" }, { actor: claire, at: BEFORE_DEADLINE })).toEqual({
      ok: false,
      code: "NOT_ALLOWED_FROM_STATE",
      message: "Impossible de publier ce bien : il est à l'état « Retiré ».",
    });
  });

  it("walks a bien from draft to the end of its occupation", () => {
    const steps: Array<[PremisesEvent, Date]> = [
      [{ type: "PUBLISH" }, BEFORE_DEADLINE],
      [{ type: "CLOSE_CALL" }, AT_DEADLINE],
      [{ type: "ATTRIBUTE", applicationId: "app-2" }, utc("2027-06-15T08:00:00Z")],
      [{ type: "START_OCCUPATION", conventionSignedOn: "2027-06-28" }, JULY_FIRST],
      [{ type: "END_OCCUPATION", reason: "Terme de la convention" }, utc("2029-06-01T08:00:00Z")],
    ];
    let state: PremisesState = "DRAFT";
    const history: HistoryEntry[] = [];
    for (const [event, at] of steps) {
      const result = transition(snapshot(state), event, { actor: claire, at });
      if (!result.ok) throw new Error(result.message);
      state = result.state;
      history.push(result.historyEntry);
    }
    expect(state).toBe("ENDED");
    expect(history.map((entry) => `${entry.from}→${entry.to}`)).toEqual([
      "DRAFT→PUBLISHED",
      "PUBLISHED→UNDER_REVIEW",
      "UNDER_REVIEW→ATTRIBUTED",
      "ATTRIBUTED→OCCUPIED",
      "OCCUPIED→ENDED",
    ]);
    expect(history[2].applicationId).toBe("app-2");
    expect(history[3].conventionSignedOn).toBe("2027-06-28");
    expect(history[4].note).toBe("Terme de la convention");
  });
});

describe("transition: preconditions", () => {
  const run = (bien: LifecycleSnapshot, event: PremisesEvent, at: Date, actor: Actor = claire) =>
    transition(bien, event, { actor, at });

  describe("PUBLISH", () => {
    it("records who published and when; coordinates are not needed", () => {
      expect(run(snapshot("DRAFT"), { type: "PUBLISH" }, BEFORE_DEADLINE)).toEqual({
        ok: true,
        state: "PUBLISHED",
        historyEntry: {
          event: "PUBLISH",
          from: "DRAFT",
          to: "PUBLISHED",
          actor: { id: "user-claire", name: "Claire Martin" },
          at: utc("2027-04-01T08:00:00Z"),
          note: null,
          applicationId: null,
          conventionSignedOn: null,
        },
      });
    });

    it.each<[string, Partial<LifecycleSnapshot>, Date, string]>([
      ["no address", { addressLine: null }, BEFORE_DEADLINE, "Impossible de publier ce bien : indiquez son adresse."],
      [
        "blank address and commune",
        { addressLine: " ", commune: "" },
        BEFORE_DEADLINE,
        "Impossible de publier ce bien : indiquez son adresse et indiquez sa commune.",
      ],
      ["no deadline", { callDeadline: null }, BEFORE_DEADLINE, "Impossible de publier ce bien : fixez la date limite de l'appel à candidatures."],
      [
        "a deadline reached",
        {},
        AT_DEADLINE,
        "Impossible de publier ce bien : la date limite de candidature (lundi 31 mai 2027 à 12:00) est déjà passée.",
      ],
      [
        "availability over (Paris date: 00:30 on 1 April)",
        { availableUntil: "2027-03-31" },
        utc("2027-03-31T22:30:00Z"),
        "Impossible de publier ce bien : sa disponibilité a pris fin le 31 mars 2027.",
      ],
      [
        "everything missing",
        { addressLine: null, commune: null, callDeadline: null, availableUntil: "2027-03-31" },
        BEFORE_DEADLINE,
        "Impossible de publier ce bien : indiquez son adresse, indiquez sa commune, fixez la date limite de l'appel à candidatures et sa disponibilité a pris fin le 31 mars 2027.",
      ],
    ])("refuses with %s", (_label, changes, at, message) => {
      expect(run(snapshot("DRAFT", changes), { type: "PUBLISH" }, at)).toEqual({ ok: false, code: "INCOMPLETE_PREMISES", message });
    });

    it.each<[string, Partial<LifecycleSnapshot>, Date]>([
      ["one minute before the deadline", {}, utc("2027-05-31T09:59:00Z")],
      ["on the last day of availability (Paris)", { availableUntil: "2027-03-31" }, utc("2027-03-31T21:30:00Z")],
      ["without end of availability", { availableUntil: null }, BEFORE_DEADLINE],
    ])("accepts %s", (_label, changes, at) => {
      expect(run(snapshot("DRAFT", changes), { type: "PUBLISH" }, at)).toMatchObject({ ok: true, state: "PUBLISHED" });
    });
  });

  describe("CLOSE_CALL", () => {
    it("refuses before the deadline unless closed early", () => {
      expect(run(snapshot("PUBLISHED"), { type: "CLOSE_CALL" }, BEFORE_DEADLINE)).toEqual({
        ok: false,
        code: "DEADLINE_NOT_PASSED",
        message:
          "Impossible de clore l'appel à candidatures : il reste ouvert jusqu'au lundi 31 mai 2027 à 12:00. Pour le clore plus tôt, choisissez la clôture anticipée et donnez-en le motif.",
      });
    });

    it("refuses without a deadline unless closed early", () => {
      expect(run(snapshot("PUBLISHED", { callDeadline: null }), { type: "CLOSE_CALL" }, BEFORE_DEADLINE)).toEqual({
        ok: false,
        code: "DEADLINE_NOT_PASSED",
        message:
          "Impossible de clore l'appel à candidatures : il reste ouvert. Pour le clore plus tôt, choisissez la clôture anticipée et donnez-en le motif.",
      });
    });

    it.each([
      ["no reason", undefined],
      ["a blank reason", "   "],
      ["a null reason", null],
    ])("refuses an early closing with %s", (_label, reason) => {
      expect(run(snapshot("PUBLISHED"), { type: "CLOSE_CALL", early: true, reason }, BEFORE_DEADLINE)).toEqual({
        ok: false,
        code: "MISSING_REASON",
        message: "Impossible de clore l'appel à candidatures : indiquez le motif de la clôture anticipée.",
      });
    });

    it("closes early with a reason, recorded in the history", () => {
      const result = run(
        snapshot("PUBLISHED"),
        { type: "CLOSE_CALL", early: true, reason: "  Bien requis pour un relogement d'urgence " },
        BEFORE_DEADLINE,
      );
      expect(result).toMatchObject({ ok: true, state: "UNDER_REVIEW", historyEntry: { note: "Bien requis pour un relogement d'urgence" } });
    });

    it("closes at the deadline without a reason", () => {
      expect(run(snapshot("PUBLISHED"), { type: "CLOSE_CALL" }, AT_DEADLINE)).toMatchObject({
        ok: true,
        state: "UNDER_REVIEW",
        historyEntry: { note: null },
      });
    });

    it("keeps the note of a closing marked early after the deadline", () => {
      expect(run(snapshot("PUBLISHED"), { type: "CLOSE_CALL", early: true, reason: "Clôture manuelle" }, AT_DEADLINE)).toMatchObject({
        ok: true,
        historyEntry: { note: "Clôture manuelle" },
      });
    });
  });

  describe("ATTRIBUTE", () => {
    it.each([
      ["no application", undefined, "MISSING_APPLICATION", "Impossible d'attribuer ce bien : choisissez la candidature retenue."],
      ["a blank application", "  ", "MISSING_APPLICATION", "Impossible d'attribuer ce bien : choisissez la candidature retenue."],
      [
        "an application that is not ranked",
        "app-9",
        "UNKNOWN_APPLICATION",
        "Impossible d'attribuer ce bien : cette candidature n'est pas classée pour ce bien (elle doit avoir été déposée et notée sur tous les critères).",
      ],
    ])("refuses %s", (_label, applicationId, code, message) => {
      expect(run(snapshot("UNDER_REVIEW"), { type: "ATTRIBUTE", applicationId }, JULY_FIRST)).toEqual({ ok: false, code, message });
    });

    it("records the chosen application", () => {
      expect(run(snapshot("UNDER_REVIEW"), { type: "ATTRIBUTE", applicationId: "app-2" }, JULY_FIRST)).toMatchObject({
        ok: true,
        state: "ATTRIBUTED",
        historyEntry: { applicationId: "app-2", note: null, conventionSignedOn: null },
      });
    });
  });

  describe("START_OCCUPATION", () => {
    it.each([
      ["no signature date", undefined],
      ["an impossible date", "2027-02-30"],
      ["a date-time", "2027-06-28T10:00"],
    ])("refuses %s", (_label, conventionSignedOn) => {
      expect(run(snapshot("ATTRIBUTED"), { type: "START_OCCUPATION", conventionSignedOn }, JULY_FIRST)).toEqual({
        ok: false,
        code: "MISSING_SIGNATURE_DATE",
        message: "Impossible de déclarer l'entrée dans les lieux : indiquez la date de signature de la convention (AAAA-MM-JJ).",
      });
    });

    it("refuses a signature in the future", () => {
      expect(run(snapshot("ATTRIBUTED"), { type: "START_OCCUPATION", conventionSignedOn: "2027-07-02" }, JULY_FIRST)).toEqual({
        ok: false,
        code: "SIGNATURE_IN_FUTURE",
        message:
          "Impossible de déclarer l'entrée dans les lieux : la convention doit être signée ; la date indiquée (2 juillet 2027) est postérieure à aujourd'hui (1er juillet 2027).",
      });
    });

    it("accepts a signature today in Paris while it is still the day before in UTC", () => {
      expect(
        run(snapshot("ATTRIBUTED"), { type: "START_OCCUPATION", conventionSignedOn: "2027-07-01" }, utc("2027-06-30T22:30:00Z")),
      ).toMatchObject({ ok: true, state: "OCCUPIED", historyEntry: { conventionSignedOn: "2027-07-01" } });
    });
  });

  describe("END_OCCUPATION and WITHDRAW", () => {
    it("ends an occupation with or without a reason", () => {
      expect(run(snapshot("OCCUPIED"), { type: "END_OCCUPATION" }, JULY_FIRST)).toMatchObject({ ok: true, historyEntry: { note: null } });
      expect(run(snapshot("OCCUPIED"), { type: "END_OCCUPATION", reason: "Départ anticipé" }, JULY_FIRST)).toMatchObject({
        ok: true,
        state: "ENDED",
        historyEntry: { note: "Départ anticipé" },
      });
    });

    it("withdraws a draft without a reason", () => {
      expect(run(snapshot("DRAFT"), { type: "WITHDRAW" }, BEFORE_DEADLINE)).toMatchObject({
        ok: true,
        state: "WITHDRAWN",
        historyEntry: { note: null },
      });
    });

    it.each<PremisesState>(["PUBLISHED", "UNDER_REVIEW"])("requires a reason to withdraw a bien %s", (state) => {
      expect(run(snapshot(state), { type: "WITHDRAW", reason: " " }, BEFORE_DEADLINE)).toEqual({
        ok: false,
        code: "MISSING_REASON",
        message: "Impossible de retirer ce bien : indiquez le motif du retrait, il sera communiqué aux candidats.",
      });
    });
  });

  it.each([
    ["without author", { id: "", name: "" }, BEFORE_DEADLINE],
    ["with an invalid date", claire, new Date("not a date")],
  ])("refuses a change %s", (_label, actor, at) => {
    expect(run(snapshot("DRAFT"), { type: "PUBLISH" }, at, actor)).toEqual({
      ok: false,
      code: "MISSING_ACTOR",
      message: "Impossible de publier ce bien : chaque changement est enregistré avec son auteur et sa date.",
    });
  });
});

describe("history", () => {
  const entry = (changes: Partial<HistoryEntry>): HistoryEntry => ({
    event: "PUBLISH",
    from: "DRAFT",
    to: "PUBLISHED",
    actor: claire,
    at: BEFORE_DEADLINE,
    note: null,
    applicationId: null,
    conventionSignedOn: null,
    ...changes,
  });

  it.each<[string, HistoryEntry, string]>([
    [
      "a publication",
      entry({}),
      "Publication par Claire Martin, le jeudi 1er avril 2027 à 10:00 (Brouillon → Publié, appel à candidatures ouvert).",
    ],
    [
      "a withdrawal in winter, with its reason",
      entry({ event: "WITHDRAW", to: "WITHDRAWN", at: utc("2027-01-15T09:00:00Z"), note: "Vente du bâtiment décidée en conseil municipal" }),
      "Retrait par Claire Martin, le vendredi 15 janvier 2027 à 10:00 (Brouillon → Retiré). Motif : Vente du bâtiment décidée en conseil municipal",
    ],
    [
      "an entry into the premises",
      entry({ event: "START_OCCUPATION", from: "ATTRIBUTED", to: "OCCUPIED", at: JULY_FIRST, conventionSignedOn: "2027-06-28" }),
      "Entrée dans les lieux par Claire Martin, le jeudi 1er juillet 2027 à 10:00 (Attribué → Occupé). Convention signée le 28 juin 2027.",
    ],
  ])("describes %s", (_label, value, expected) => {
    expect(describeHistoryEntry(value)).toBe(expected);
  });

  it("sorts entries oldest first without changing the input", () => {
    const later = entry({ event: "CLOSE_CALL", from: "PUBLISHED", to: "UNDER_REVIEW", at: AT_DEADLINE });
    const earlier = entry({});
    const input = [later, earlier];
    expect(sortHistory(input)).toEqual([earlier, later]);
    expect(input).toEqual([later, earlier]);
  });
});

// -----------------------------------------------------------------------------------------------
// Public list
// -----------------------------------------------------------------------------------------------

describe("public list filters", () => {
  const record = (id: string, changes: Partial<PremisesRecord>, address: Partial<PremisesRecord["address"]> = {}): PremisesRecord => {
    const base = premisesSchema.parse(validBien);
    return { ...base, id, state: "PUBLISHED", ...changes, address: { ...base.address, ...address } };
  };
  const A = record("A", { kind: "OFFICE", surfaceM2: 120, availableFrom: "2027-05-01", availableUntil: "2029-12-31" });
  const B = record(
    "B",
    { state: "UNDER_REVIEW", kind: "WAREHOUSE", surfaceM2: 800, availableFrom: "2027-03-01", availableUntil: null },
    { commune: "Paris", inseeCode: "75111", postalCode: "75011", line: "3 rue Oberkampf" },
  );
  const C = record("C", { state: "DRAFT", kind: "OFFICE", surfaceM2: 100 });
  const D = record(
    "D",
    { state: "OCCUPIED", kind: "GROUND_FLOOR_SHOP", surfaceM2: 60, availableFrom: "2026-09-01", availableUntil: "2027-08-31" },
    { commune: "Saint-Denis", inseeCode: null, latitude: null, longitude: null, postalCode: "93200" },
  );
  const E = record("E", { state: "WITHDRAWN" });
  const F = record("F", { state: "ENDED" });
  const all = [A, B, C, D, E, F];

  it.each<[string, Record<string, string>, string[]]>([
    ["no filter: public states only", {}, ["A", "B", "D"]],
    ["empty query values", { commune: "", kind: "", surfaceMin: "", surfaceMax: "", availableFrom: "" }, ["A", "B", "D"]],
    ["commune by name, any case", { commune: "montreuil" }, ["A"]],
    ["commune by INSEE code", { commune: "93048" }, ["A"]],
    ["Paris includes its arrondissements", { commune: "75056" }, ["B"]],
    ["Paris by name", { commune: "Paris" }, ["B"]],
    ["a commune without code, by a variant name", { commune: "St-Denis" }, ["D"]],
    ["kind", { kind: "OFFICE" }, ["A"]],
    ["minimum surface, inclusive", { surfaceMin: "120" }, ["A", "B"]],
    ["maximum surface, inclusive", { surfaceMax: "120" }, ["A", "D"]],
    ["surface range", { surfaceMin: "60", surfaceMax: "120" }, ["A", "D"]],
    ["available on 1 April 2027", { availableFrom: "2027-04-01" }, ["B", "D"]],
    ["available on 1 September 2027", { availableFrom: "2027-09-01" }, ["A", "B"]],
    ["combined filters", { commune: "Montreuil", kind: "OFFICE", surfaceMin: "100", availableFrom: "2027-05-01" }, ["A"]],
    ["nothing matches", { commune: "Bagnolet" }, []],
  ])("%s", (_label, query, expectedIds) => {
    const filters = publicPremisesFiltersSchema.parse(query);
    expect(filterPublicPremises(all, filters).map((bien) => bien.id)).toEqual(expectedIds);
  });

  it("coerces the query string", () => {
    expect(publicPremisesFiltersSchema.parse({ surfaceMin: "80", surfaceMax: "150.5", kind: "OFFICE" })).toEqual({
      surfaceMin: 80,
      surfaceMax: 150.5,
      kind: "OFFICE",
    });
  });

  it.each<[Record<string, string>, Issue]>([
    [{ surfaceMin: "abc" }, { path: "surfaceMin", message: "La surface minimale doit être un nombre." }],
    [{ surfaceMin: "-1" }, { path: "surfaceMin", message: "La surface minimale ne peut pas être négative." }],
    [{ surfaceMax: "0" }, { path: "surfaceMax", message: "La surface maximale doit être supérieure à 0 m²." }],
    [
      { surfaceMin: "150", surfaceMax: "80" },
      { path: "surfaceMax", message: "La surface maximale doit être supérieure ou égale à la surface minimale." },
    ],
    [{ kind: "CASTLE" }, { path: "kind", message: "Type de bien inconnu." }],
    [{ availableFrom: "2027-13-01" }, { path: "availableFrom", message: "Date de disponibilité invalide (AAAA-MM-JJ)." }],
  ])("refuses %j", (query, expected) => {
    expect(issuesOf(publicPremisesFiltersSchema.safeParse(query))).toEqual([expected]);
  });
});
