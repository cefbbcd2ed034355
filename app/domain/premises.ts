/**
 * Vacant premises ("biens") a collectivité makes available for transitional urbanism: the
 * vocabulary (French labels), the validation schema of a bien, the lifecycle state machine, the
 * public list filters, and the small French formatting helpers the other premises modules share
 * (calls, matching, open data, convention).
 *
 * Pure module: no Remix, no Prisma, no I/O. See docs/decisions/0008-premises-lifecycle.md.
 *
 * Conventions:
 *   - amounts are integer euro cents; redevance and charges are MONTHLY amounts;
 *   - surfaces are square metres (decimals allowed);
 *   - dates of the bien (availability) are Paris calendar dates (`LocalDate`), visits and the
 *     call deadline Paris wall-clock times (`LocalDateTime`), the moment of a transition an
 *     instant (`Date`), all through app/domain/time.ts;
 *   - French text uses plain spaces between a number and its unit and between thousands
 *     ("1 200 €", "120 m²"), like the app's other messages.
 */
import { z } from "zod";
import {
  formatDayMonthYear,
  formatLocalDateTime,
  formatParisDateTime,
  instantToParis,
  isLocalDate,
  isLocalDateTime,
  isNonexistentParisTime,
  localDate,
  parisToInstant,
  type LocalDate,
  type LocalDateTime,
} from "~/domain/time";

// ---------------------------------------------------------------------------------------------
// French formatting shared by the premises modules
// ---------------------------------------------------------------------------------------------

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** French number: "1 234,5", "120", "0,25" (at most `maxDecimals` decimals, no trailing zeros). */
export function formatNumberFr(value: number, maxDecimals = 2): string {
  const fixed = Math.abs(value).toFixed(maxDecimals);
  const [integer, decimals = ""] = fixed.split(".");
  const trimmed = decimals.replace(/0+$/, "");
  const sign = value < 0 && Number(fixed) !== 0 ? "-" : "";
  return `${sign}${groupThousands(integer)}${trimmed ? `,${trimmed}` : ""}`;
}

/**
 * Euros from cents for prose: "300 €", "1 200 €", "312,50 €" (cents shown only when not zero).
 * For price lists and invoices, where every amount shows its cents, see pricing.formatEuros.
 */
export function formatEurosCompact(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(Math.round(cents));
  const euros = groupThousands(String(Math.floor(absolute / 100)));
  const rest = absolute % 100;
  return `${sign}${euros}${rest === 0 ? "" : `,${String(rest).padStart(2, "0")}`} €`;
}

/** "120 m²", "85,5 m²". */
export function formatSurface(squareMetres: number): string {
  return `${formatNumberFr(squareMetres)} m²`;
}

/** "a", "a et b", "a, b et c". */
export function joinFr(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} et ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

export const PREMISES_KINDS = [
  "BARE_LAND",
  "ACTIVITY_PREMISES",
  "OFFICE",
  "GROUND_FLOOR_SHOP",
  "WORKSHOP",
  "WAREHOUSE",
  "WHOLE_BUILDING",
  "OTHER",
] as const;
export type PremisesKind = (typeof PREMISES_KINDS)[number];
export const PREMISES_KIND_LABELS: Record<PremisesKind, string> = {
  BARE_LAND: "terrain nu",
  ACTIVITY_PREMISES: "local d'activité",
  OFFICE: "bureau",
  GROUND_FLOOR_SHOP: "commerce en rez-de-chaussée",
  WORKSHOP: "atelier",
  WAREHOUSE: "entrepôt",
  WHOLE_BUILDING: "bâtiment entier",
  OTHER: "autre",
};

/** Public domain (precarious and revocable occupation, CG3P) or private domain of the collectivité. */
export const PROPERTY_DOMAINS = ["PUBLIC", "PRIVATE"] as const;
export type PropertyDomain = (typeof PROPERTY_DOMAINS)[number];
export const PROPERTY_DOMAIN_LABELS: Record<PropertyDomain, string> = {
  PUBLIC: "domaine public",
  PRIVATE: "domaine privé",
};

export const OCCUPATION_TYPES = ["TEMPORARY_OCCUPATION", "PRECARIOUS_OCCUPATION", "LEASE"] as const;
export type OccupationType = (typeof OCCUPATION_TYPES)[number];
export const OCCUPATION_TYPE_LABELS: Record<OccupationType, string> = {
  TEMPORARY_OCCUPATION: "convention d'occupation temporaire",
  PRECARIOUS_OCCUPATION: "convention d'occupation précaire",
  LEASE: "bail",
};

/** State of repair of the bien. */
export const PREMISES_CONDITIONS = ["GOOD", "TO_REFRESH", "WORKS_NEEDED", "SHELL"] as const;
export type PremisesCondition = (typeof PREMISES_CONDITIONS)[number];
export const PREMISES_CONDITION_LABELS: Record<PremisesCondition, string> = {
  GOOD: "bon état",
  TO_REFRESH: "à rafraîchir",
  WORKS_NEEDED: "travaux à prévoir",
  SHELL: "brut, à aménager",
};

export const ACCESSIBILITY_LEVELS = ["ACCESSIBLE", "PARTIAL", "NOT_ACCESSIBLE", "UNKNOWN"] as const;
export type AccessibilityLevel = (typeof ACCESSIBILITY_LEVELS)[number];
export const ACCESSIBILITY_LABELS: Record<AccessibilityLevel, string> = {
  ACCESSIBLE: "accessible aux personnes à mobilité réduite",
  PARTIAL: "partiellement accessible",
  NOT_ACCESSIBLE: "non accessible",
  UNKNOWN: "accessibilité non renseignée",
};

export const UTILITIES = ["ELECTRICITY", "WATER", "HEATING", "SANITARY", "INTERNET"] as const;
export type Utility = (typeof UTILITIES)[number];
export const UTILITY_LABELS: Record<Utility, string> = {
  ELECTRICITY: "électricité",
  WATER: "eau",
  HEATING: "chauffage",
  SANITARY: "sanitaires",
  INTERNET: "internet",
};

/** Occupation condition: what the occupant may change in the bien. */
export const WORKS_ALLOWED = ["NONE", "LIGHT", "WITH_APPROVAL"] as const;
export type WorksAllowed = (typeof WORKS_ALLOWED)[number];
export const WORKS_ALLOWED_LABELS: Record<WorksAllowed, string> = {
  NONE: "aucuns travaux",
  LIGHT: "aménagements légers et réversibles",
  WITH_APPROVAL: "travaux soumis à l'accord préalable de la collectivité",
};

export const MAX_PHOTOS = 20;
export const MAX_VISITS = 20;
export const MAX_SURFACE_M2 = 1_000_000;
export const MAX_LEVELS = 100;

/** INSEE commune code ("code officiel géographique"): 5 digits, or 2A/2B + 3 digits in Corsica. */
export const INSEE_CODE_PATTERN = /^(\d{5}|2[AB]\d{3})$/;

// ---------------------------------------------------------------------------------------------
// Communes
// ---------------------------------------------------------------------------------------------

/**
 * The BAN returns the code of the municipal arrondissement for Paris, Lyon and Marseille
 * (75111 for Paris 11e); a need or a filter naming the commune (75056) must still match.
 */
const ARRONDISSEMENT_PARENTS: ReadonlyArray<{ from: number; to: number; commune: string; name: string }> = [
  { from: 75101, to: 75120, commune: "75056", name: "Paris" },
  { from: 69381, to: 69389, commune: "69123", name: "Lyon" },
  { from: 13201, to: 13216, commune: "13055", name: "Marseille" },
];

/** Commune of an INSEE code: 75111 → { code: "75056", name: "Paris" }; other codes → themselves (name null). */
export function parentCommune(inseeCode: string): { code: string; name: string | null } {
  const numeric = Number(inseeCode);
  const parent = ARRONDISSEMENT_PARENTS.find((p) => numeric >= p.from && numeric <= p.to);
  return parent ? { code: parent.commune, name: parent.name } : { code: inseeCode, name: null };
}

/** Commune name for comparisons: no accents, no case, hyphens and apostrophes as spaces, "St" → "saint". */
export function normalizeCommuneName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’\-.]/g, " ")
    .replace(/\bst\b/g, "saint")
    .replace(/\bste\b/g, "sainte")
    .replace(/\s+/g, " ")
    .trim();
}

export type CommuneRef = { inseeCode: string | null; name: string };

/**
 * Does the commune of a bien (or site) fall in the commune a user asked for?
 * When both sides have an INSEE code the codes decide (homonyms: Saint-Denis 93066 / 97411):
 * equal codes, or the wanted code is the commune of the place's arrondissement (75056 ⊃ 75111).
 * Otherwise the normalised names must be equal.
 */
export function communeMatches(place: CommuneRef, wanted: CommuneRef): boolean {
  if (place.inseeCode && wanted.inseeCode) {
    return place.inseeCode === wanted.inseeCode || parentCommune(place.inseeCode).code === wanted.inseeCode;
  }
  return normalizeCommuneName(place.name) === normalizeCommuneName(wanted.name);
}

// ---------------------------------------------------------------------------------------------
// The bien: validation schema
// ---------------------------------------------------------------------------------------------

/** Required trimmed text with French messages built from `label` ("l'intitulé du bien"). */
export const textField = (label: string, min: number, max: number) =>
  z
    .string({ required_error: `Indiquez ${label}.`, invalid_type_error: `Indiquez ${label}.` })
    .trim()
    .superRefine((value, ctx) => {
      // One message per field: "Indiquez…" when empty, the length rule otherwise.
      const message =
        value.length === 0
          ? `Indiquez ${label}.`
          : value.length < min
            ? `${capitalize(label)} doit compter au moins ${min} caractères.`
            : value.length > max
              ? `${capitalize(label)} ne doit pas dépasser ${formatNumberFr(max)} caractères.`
              : null;
      if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    });

/** Optional trimmed text, "" when absent. */
export const optionalTextField = (max: number) =>
  z.string().trim().max(max, `Ce champ ne doit pas dépasser ${formatNumberFr(max)} caractères.`).default("");

/** A Paris calendar date "YYYY-MM-DD". */
export const localDateField = (message: string) =>
  z.string({ required_error: message, invalid_type_error: message }).refine(isLocalDate, message);

/** A Paris wall time that exists (not in the spring DST gap). */
export const localDateTimeField = (message: string) =>
  z
    .string({ required_error: message, invalid_type_error: message })
    .refine(isLocalDateTime, message)
    .refine(
      (value) => !isNonexistentParisTime(value),
      "Cette heure n'existe pas à Paris (passage à l'heure d'été) : choisissez une autre heure.",
    );

const cents = (label: string) =>
  z
    .number({ required_error: `Indiquez ${label}.`, invalid_type_error: `${capitalize(label)} doit être un nombre.` })
    .int(`${capitalize(label)} s'exprime en centimes entiers.`)
    .min(0, `${capitalize(label)} ne peut pas être négative.`);

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

const enumField = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.enum(values, { errorMap: () => ({ message }) });

export const addressSchema = z.object({
  /** Street line as returned by the BAN ("12 rue des Lilas"). */
  line: textField("l'adresse", 1, 200),
  postalCode: z
    .string({ required_error: "Indiquez le code postal.", invalid_type_error: "Indiquez le code postal." })
    .trim()
    .regex(/^\d{5}$/, "Le code postal compte 5 chiffres."),
  commune: textField("la commune", 1, 100),
  /** Null while the BAN geocoding is pending. */
  inseeCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(INSEE_CODE_PATTERN, "Le code INSEE compte 5 caractères (par exemple 93048 ou 2A004).")
    .nullable()
    .default(null),
  latitude: z
    .number({ invalid_type_error: "La latitude doit être un nombre." })
    .min(-90, "La latitude est comprise entre -90 et 90.")
    .max(90, "La latitude est comprise entre -90 et 90.")
    .nullable()
    .default(null),
  longitude: z
    .number({ invalid_type_error: "La longitude doit être un nombre." })
    .min(-180, "La longitude est comprise entre -180 et 180.")
    .max(180, "La longitude est comprise entre -180 et 180.")
    .nullable()
    .default(null),
});
export type PremisesAddress = z.infer<typeof addressSchema>;

export const photoSchema = z.object({
  url: z
    .string({ required_error: "Indiquez l'adresse de la photo." })
    .trim()
    .regex(/^(https:\/\/|\/)\S+$/, "L'adresse de la photo doit commencer par https:// ou /."),
  /** Text alternative, read by screen readers: required. */
  alt: textField("le texte alternatif de la photo", 1, 300),
});

/**
 * A bien as the asset manager publishes it. Cross-field rules (French messages on the field):
 *   - the availability window ends on or after it starts (`availableUntil`, null = open-ended);
 *   - latitude and longitude come together (both null while geocoding is pending);
 *   - a terrain nu has 0 levels, any building at least 1;
 *   - a bail cannot be granted on the domaine public (only a convention d'occupation);
 *   - a social-utility reduction needs a redevance to reduce;
 *   - visits are distinct and take place no later than the last day of availability
 *     (no lower bound: a vacant bien is visited before the occupation starts; the visits after
 *     the call deadline are reported by calls.checkCallAgainstPremises).
 */
export const premisesSchema = z
  .object({
    title: textField("l'intitulé du bien", 3, 120),
    description: optionalTextField(5000),
    kind: enumField(PREMISES_KINDS, "Choisissez le type de bien."),
    domain: enumField(PROPERTY_DOMAINS, "Précisez si le bien relève du domaine public ou du domaine privé."),
    address: addressSchema,
    surfaceM2: z
      .number({ required_error: "Indiquez la surface.", invalid_type_error: "La surface doit être un nombre." })
      .gt(0, "La surface doit être supérieure à 0 m².")
      .max(MAX_SURFACE_M2, `La surface ne doit pas dépasser ${formatSurface(MAX_SURFACE_M2)}.`),
    levels: z
      .number({ required_error: "Indiquez le nombre de niveaux.", invalid_type_error: "Le nombre de niveaux doit être un nombre." })
      .int("Le nombre de niveaux est un nombre entier.")
      .min(0, "Le nombre de niveaux ne peut pas être négatif.")
      .max(MAX_LEVELS, `Le nombre de niveaux ne doit pas dépasser ${MAX_LEVELS}.`),
    condition: enumField(PREMISES_CONDITIONS, "Choisissez l'état du bien."),
    accessibility: enumField(ACCESSIBILITY_LEVELS, "Précisez l'accessibilité du bien."),
    utilities: z
      .array(enumField(UTILITIES, "Choisissez parmi les équipements proposés."))
      .default([])
      .refine((list) => new Set(list).size === list.length, "Chaque équipement ne figure qu'une fois."),
    photos: z.array(photoSchema).max(MAX_PHOTOS, `Ajoutez au plus ${MAX_PHOTOS} photos.`).default([]),
    availableFrom: localDateField("Indiquez la date de début de disponibilité (AAAA-MM-JJ)."),
    availableUntil: localDateField("La date de fin de disponibilité est invalide (AAAA-MM-JJ).").nullable().default(null),
    occupationType: enumField(OCCUPATION_TYPES, "Choisissez le type d'occupation."),
    /** Monthly redevance before any social-utility reduction. */
    rentCents: cents("la redevance"),
    /** Monthly charges (never reduced). */
    chargesCents: cents("la provision pour charges"),
    /** Reduction of the redevance for a project of social utility: 0 (none) to 100 (free). */
    socialUtilityReductionPercent: z
      .number({ invalid_type_error: "La réduction doit être un nombre." })
      .int("La réduction est un pourcentage entier.")
      .min(0, "La réduction est comprise entre 0 et 100 %.")
      .max(100, "La réduction est comprise entre 0 et 100 %.")
      .default(0),
    insuranceRequired: z.boolean().default(true),
    worksAllowed: enumField(WORKS_ALLOWED, "Précisez les travaux autorisés."),
    otherConditions: optionalTextField(2000),
    visits: z
      .array(localDateTimeField("Date de visite invalide (AAAA-MM-JJTHH:mm)."))
      .max(MAX_VISITS, `Proposez au plus ${MAX_VISITS} visites.`)
      .default([]),
  })
  .superRefine((bien, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });

    if (bien.availableUntil !== null && bien.availableUntil < bien.availableFrom) {
      issue(
        ["availableUntil"],
        `La fin de disponibilité (${formatDayMonthYear(bien.availableUntil)}) doit être postérieure ou égale au début (${formatDayMonthYear(bien.availableFrom)}).`,
      );
    }
    if ((bien.address.latitude === null) !== (bien.address.longitude === null)) {
      issue(
        ["address", bien.address.latitude === null ? "latitude" : "longitude"],
        "Indiquez la latitude et la longitude ensemble, ou aucune des deux (géocodage en attente).",
      );
    }
    if (bien.kind === "BARE_LAND" && bien.levels !== 0) {
      issue(["levels"], "Un terrain nu n'a pas de niveau : indiquez 0.");
    }
    if (bien.kind !== "BARE_LAND" && bien.levels < 1) {
      issue(["levels"], "Un bâtiment compte au moins 1 niveau.");
    }
    if (bien.domain === "PUBLIC" && bien.occupationType === "LEASE") {
      issue(
        ["occupationType"],
        "Un bail ne peut pas être consenti sur le domaine public : choisissez une convention d'occupation.",
      );
    }
    if (bien.rentCents === 0 && bien.socialUtilityReductionPercent > 0) {
      issue(["socialUtilityReductionPercent"], "Sans redevance, il n'y a pas de réduction à appliquer : indiquez 0 %.");
    }
    const seen = new Set<string>();
    bien.visits.forEach((visit, index) => {
      if (seen.has(visit)) {
        issue(["visits", index], `La visite du ${formatLocalDateTime(visit)} figure deux fois.`);
      }
      seen.add(visit);
      if (bien.availableUntil !== null && localDate(visit) > bien.availableUntil) {
        issue(
          ["visits", index],
          `La visite du ${formatLocalDateTime(visit)} a lieu après la fin de disponibilité (${formatDayMonthYear(bien.availableUntil)}).`,
        );
      }
    });
  });

export type PremisesInput = z.input<typeof premisesSchema>;
export type Premises = z.output<typeof premisesSchema>;

/** A stored bien: the validated data, its id and its lifecycle state. */
export type PremisesRecord = Premises & { id: string; state: PremisesState };

/**
 * Monthly redevance after the social-utility reduction, rounded half up to the cent:
 * 333 € reduced by 50 % → 166,50 €; 0,75 € reduced by 50 % → 0,38 €.
 */
export function reducedRentCents(rentCents: number, reductionPercent: number): number {
  return Math.floor((rentCents * (100 - reductionPercent) + 50) / 100);
}

// ---------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------

export const PREMISES_STATES = [
  "DRAFT",
  "PUBLISHED",
  "UNDER_REVIEW",
  "ATTRIBUTED",
  "OCCUPIED",
  "ENDED",
  "WITHDRAWN",
] as const;
export type PremisesState = (typeof PREMISES_STATES)[number];
export const PREMISES_STATE_LABELS: Record<PremisesState, string> = {
  DRAFT: "Brouillon",
  PUBLISHED: "Publié, appel à candidatures ouvert",
  UNDER_REVIEW: "Candidatures en cours d'examen",
  ATTRIBUTED: "Attribué",
  OCCUPIED: "Occupé",
  ENDED: "Occupation terminée",
  WITHDRAWN: "Retiré",
};

/**
 * States shown to the public (list, detail page, open-data exports): from publication to the
 * occupation, so the public also sees what became of a bien. Drafts, withdrawn biens and ended
 * occupations are not shown (a bien vacant again is published anew).
 */
export const PUBLIC_STATES: readonly PremisesState[] = ["PUBLISHED", "UNDER_REVIEW", "ATTRIBUTED", "OCCUPIED"];

export function isPublicState(state: PremisesState): boolean {
  return PUBLIC_STATES.includes(state);
}

export const PREMISES_EVENTS = [
  "PUBLISH",
  "CLOSE_CALL",
  "ATTRIBUTE",
  "START_OCCUPATION",
  "END_OCCUPATION",
  "WITHDRAW",
] as const;
export type PremisesEventType = (typeof PREMISES_EVENTS)[number];

/** The state graph. Preconditions are checked by `transition`. */
export const PREMISES_TRANSITIONS: Record<PremisesEventType, { from: readonly PremisesState[]; to: PremisesState }> = {
  PUBLISH: { from: ["DRAFT"], to: "PUBLISHED" },
  CLOSE_CALL: { from: ["PUBLISHED"], to: "UNDER_REVIEW" },
  ATTRIBUTE: { from: ["UNDER_REVIEW"], to: "ATTRIBUTED" },
  START_OCCUPATION: { from: ["ATTRIBUTED"], to: "OCCUPIED" },
  END_OCCUPATION: { from: ["OCCUPIED"], to: "ENDED" },
  WITHDRAW: { from: ["DRAFT", "PUBLISHED", "UNDER_REVIEW"], to: "WITHDRAWN" },
};

/** Name of the event in the history ("Publication"). */
export const PREMISES_EVENT_LABELS: Record<PremisesEventType, string> = {
  PUBLISH: "Publication",
  CLOSE_CALL: "Clôture de l'appel à candidatures",
  ATTRIBUTE: "Attribution",
  START_OCCUPATION: "Entrée dans les lieux",
  END_OCCUPATION: "Fin de l'occupation",
  WITHDRAW: "Retrait",
};

/** Start of every refusal message of an event. */
const REFUSAL_PREFIX: Record<PremisesEventType, string> = {
  PUBLISH: "Impossible de publier ce bien",
  CLOSE_CALL: "Impossible de clore l'appel à candidatures",
  ATTRIBUTE: "Impossible d'attribuer ce bien",
  START_OCCUPATION: "Impossible de déclarer l'entrée dans les lieux",
  END_OCCUPATION: "Impossible de terminer l'occupation",
  WITHDRAW: "Impossible de retirer ce bien",
};

/** Events possible from a state (before preconditions), in the order of PREMISES_EVENTS. */
export function allowedEvents(state: PremisesState): PremisesEventType[] {
  return PREMISES_EVENTS.filter((event) => PREMISES_TRANSITIONS[event].from.includes(state));
}

/**
 * Events carry what their preconditions need. Fields are optional in the type because they come
 * from forms; `transition` refuses an event that lacks them.
 */
export type PremisesEvent =
  | { type: "PUBLISH" }
  /** `early`: closed before the deadline, with a mandatory `reason`. */
  | { type: "CLOSE_CALL"; early?: boolean; reason?: string | null }
  | { type: "ATTRIBUTE"; applicationId?: string | null }
  | { type: "START_OCCUPATION"; conventionSignedOn?: LocalDate | null }
  | { type: "END_OCCUPATION"; reason?: string | null }
  /** `reason` is mandatory once published: applicants are told. */
  | { type: "WITHDRAW"; reason?: string | null };

/** What `transition` needs to know about a bien; drafts may still be incomplete. */
export type LifecycleSnapshot = {
  state: PremisesState;
  addressLine: string | null;
  commune: string | null;
  availableUntil: LocalDate | null;
  /** Deadline of the bien's call for applications (Paris wall clock), null while not set. */
  callDeadline: LocalDateTime | null;
  /** Applications that can be chosen: those ranked by calls.rankApplications. */
  rankedApplicationIds: readonly string[];
};

export type Actor = { id: string; name: string };

export type HistoryEntry = {
  event: PremisesEventType;
  from: PremisesState;
  to: PremisesState;
  actor: Actor;
  at: Date;
  /** Reason of a withdrawal, an early closing or an end; null otherwise. */
  note: string | null;
  applicationId: string | null;
  conventionSignedOn: LocalDate | null;
};

export type TransitionRefusal =
  | "NOT_ALLOWED_FROM_STATE"
  | "MISSING_ACTOR"
  | "INCOMPLETE_PREMISES"
  | "DEADLINE_NOT_PASSED"
  | "MISSING_REASON"
  | "MISSING_APPLICATION"
  | "UNKNOWN_APPLICATION"
  | "MISSING_SIGNATURE_DATE"
  | "SIGNATURE_IN_FUTURE";

export type TransitionResult =
  | { ok: true; state: PremisesState; historyEntry: HistoryEntry }
  | { ok: false; code: TransitionRefusal; message: string };

/**
 * True once the call deadline has come: applications are accepted while `at` is strictly before
 * the deadline instant (Paris wall clock). A deadline in the autumn fold is the first of the two
 * instants (app/domain/time.ts).
 */
export function isDeadlinePassed(deadline: LocalDateTime, at: Date): boolean {
  const instant = parisToInstant(deadline);
  if (!instant.ok) throw new RangeError(`Date limite invalide : ${deadline}`);
  return at.getTime() >= instant.instant.getTime();
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Applies `event` to a bien at the instant `at`, by `actor`. Checks the state graph, then the
 * preconditions:
 *   - PUBLISH: an address line, a commune and a call deadline in the future; coordinates are not
 *     required (geocoding may be pending); the availability must not have ended already;
 *   - CLOSE_CALL: the deadline has passed, or `early: true` with a reason;
 *   - ATTRIBUTE: a chosen application among the ranked ones;
 *   - START_OCCUPATION: the date the convention was signed, not after today (Paris);
 *   - END_OCCUPATION: none;
 *   - WITHDRAW: a reason, except for a draft.
 * On success returns the new state and the history entry to record.
 */
export function transition(
  bien: LifecycleSnapshot,
  event: PremisesEvent,
  { actor, at }: { actor: Actor; at: Date },
): TransitionResult {
  const prefix = REFUSAL_PREFIX[event.type];
  const refuse = (code: TransitionRefusal, detail: string): TransitionResult => ({
    ok: false,
    code,
    message: `${prefix} : ${detail}`,
  });
  const rule = PREMISES_TRANSITIONS[event.type];
  if (!rule.from.includes(bien.state)) {
    return refuse("NOT_ALLOWED_FROM_STATE", `il est à l'état « ${PREMISES_STATE_LABELS[bien.state]} ».`);
  }
  if (!nonEmpty(actor.id) || Number.isNaN(at.getTime())) {
    return refuse("MISSING_ACTOR", "chaque changement est enregistré avec son auteur et sa date.");
  }

  let note: string | null = null;
  let applicationId: string | null = null;
  let conventionSignedOn: LocalDate | null = null;
  const today = localDate(instantToParis(at));

  switch (event.type) {
    case "PUBLISH": {
      const missing: string[] = [];
      if (!nonEmpty(bien.addressLine)) missing.push("indiquez son adresse");
      if (!nonEmpty(bien.commune)) missing.push("indiquez sa commune");
      if (bien.callDeadline === null) {
        missing.push("fixez la date limite de l'appel à candidatures");
      } else if (isDeadlinePassed(bien.callDeadline, at)) {
        missing.push(`la date limite de candidature (${formatLocalDateTime(bien.callDeadline)}) est déjà passée`);
      }
      if (bien.availableUntil !== null && bien.availableUntil < today) {
        missing.push(`sa disponibilité a pris fin le ${formatDayMonthYear(bien.availableUntil)}`);
      }
      if (missing.length > 0) return refuse("INCOMPLETE_PREMISES", `${joinFr(missing)}.`);
      break;
    }
    case "CLOSE_CALL": {
      const deadlinePassed = bien.callDeadline !== null && isDeadlinePassed(bien.callDeadline, at);
      note = nonEmpty(event.reason);
      if (!deadlinePassed) {
        if (!event.early) {
          const until = bien.callDeadline ? ` jusqu'au ${formatLocalDateTime(bien.callDeadline)}` : "";
          return refuse(
            "DEADLINE_NOT_PASSED",
            `il reste ouvert${until}. Pour le clore plus tôt, choisissez la clôture anticipée et donnez-en le motif.`,
          );
        }
        if (note === null) return refuse("MISSING_REASON", "indiquez le motif de la clôture anticipée.");
      }
      break;
    }
    case "ATTRIBUTE": {
      applicationId = nonEmpty(event.applicationId);
      if (applicationId === null) return refuse("MISSING_APPLICATION", "choisissez la candidature retenue.");
      if (!bien.rankedApplicationIds.includes(applicationId)) {
        return refuse(
          "UNKNOWN_APPLICATION",
          "cette candidature n'est pas classée pour ce bien (elle doit avoir été déposée et notée sur tous les critères).",
        );
      }
      break;
    }
    case "START_OCCUPATION": {
      const signed = nonEmpty(event.conventionSignedOn);
      if (signed === null || !isLocalDate(signed)) {
        return refuse("MISSING_SIGNATURE_DATE", "indiquez la date de signature de la convention (AAAA-MM-JJ).");
      }
      if (signed > today) {
        return refuse(
          "SIGNATURE_IN_FUTURE",
          `la convention doit être signée ; la date indiquée (${formatDayMonthYear(signed)}) est postérieure à aujourd'hui (${formatDayMonthYear(today)}).`,
        );
      }
      conventionSignedOn = signed;
      break;
    }
    case "END_OCCUPATION": {
      note = nonEmpty(event.reason);
      break;
    }
    case "WITHDRAW": {
      note = nonEmpty(event.reason);
      if (bien.state !== "DRAFT" && note === null) {
        return refuse("MISSING_REASON", "indiquez le motif du retrait, il sera communiqué aux candidats.");
      }
      break;
    }
  }

  return {
    ok: true,
    state: rule.to,
    historyEntry: {
      event: event.type,
      from: bien.state,
      to: rule.to,
      actor: { id: actor.id, name: actor.name },
      at,
      note,
      applicationId,
      conventionSignedOn,
    },
  };
}

/**
 * One line of the visible history:
 * "Publication par Claire Martin, le mardi 23 mars 2027 à 14:00 (Brouillon → Publié, appel à candidatures ouvert)."
 * followed by " Motif : …" or " Convention signée le …" when relevant.
 */
export function describeHistoryEntry(entry: HistoryEntry): string {
  const base =
    `${PREMISES_EVENT_LABELS[entry.event]} par ${entry.actor.name}, le ${formatParisDateTime(entry.at)} ` +
    `(${PREMISES_STATE_LABELS[entry.from]} → ${PREMISES_STATE_LABELS[entry.to]}).`;
  const extras: string[] = [];
  if (entry.conventionSignedOn) extras.push(`Convention signée le ${formatDayMonthYear(entry.conventionSignedOn)}.`);
  if (entry.note) extras.push(`Motif : ${entry.note}`);
  return [base, ...extras].join(" ");
}

/** History, oldest first (stable for entries at the same instant). */
export function sortHistory(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((a, b) => a.at.getTime() - b.at.getTime());
}

// ---------------------------------------------------------------------------------------------
// Public list filters
// ---------------------------------------------------------------------------------------------

/** Empty query-string values ("?surfaceMin=") mean "no filter". */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/**
 * Filters of the public list, read from the query string (strings are coerced):
 * commune (name or INSEE code), kind, surface range in m², "available from" date.
 */
export const publicPremisesFiltersSchema = z
  .object({
    commune: z.preprocess(blankToUndefined, z.string().trim().max(100, "Le nom de commune est trop long.").optional()),
    kind: z.preprocess(blankToUndefined, enumField(PREMISES_KINDS, "Type de bien inconnu.").optional()),
    surfaceMin: z.preprocess(
      blankToUndefined,
      z.coerce.number({ invalid_type_error: "La surface minimale doit être un nombre." }).min(0, "La surface minimale ne peut pas être négative.").optional(),
    ),
    surfaceMax: z.preprocess(
      blankToUndefined,
      z.coerce.number({ invalid_type_error: "La surface maximale doit être un nombre." }).gt(0, "La surface maximale doit être supérieure à 0 m².").optional(),
    ),
    availableFrom: z.preprocess(
      blankToUndefined,
      localDateField("Date de disponibilité invalide (AAAA-MM-JJ).").optional(),
    ),
  })
  .superRefine((filters, ctx) => {
    if (filters.surfaceMin !== undefined && filters.surfaceMax !== undefined && filters.surfaceMax < filters.surfaceMin) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["surfaceMax"],
        message: "La surface maximale doit être supérieure ou égale à la surface minimale.",
      });
    }
  });
export type PublicPremisesFilters = z.output<typeof publicPremisesFiltersSchema>;

/**
 * The public list: biens in PUBLIC_STATES matching every given filter, in the given order.
 *   - commune: INSEE code (arrondissements included in their commune) or name (accents and case ignored);
 *   - surface: surfaceMin ≤ surface ≤ surfaceMax (inclusive);
 *   - availableFrom D: the bien is available on D (availableFrom ≤ D, and D ≤ availableUntil if set).
 */
export function filterPublicPremises<T extends Pick<PremisesRecord, "state" | "kind" | "surfaceM2" | "address" | "availableFrom" | "availableUntil">>(
  biens: readonly T[],
  filters: PublicPremisesFilters,
): T[] {
  const commune = filters.commune ? filters.commune.trim() : "";
  const wanted: CommuneRef | null = commune
    ? INSEE_CODE_PATTERN.test(commune.toUpperCase())
      ? { inseeCode: commune.toUpperCase(), name: "" }
      : { inseeCode: null, name: commune }
    : null;
  return biens.filter((bien) => {
    if (!isPublicState(bien.state)) return false;
    if (wanted && !communeMatches({ inseeCode: bien.address.inseeCode, name: bien.address.commune }, wanted)) return false;
    if (filters.kind && bien.kind !== filters.kind) return false;
    if (filters.surfaceMin !== undefined && bien.surfaceM2 < filters.surfaceMin) return false;
    if (filters.surfaceMax !== undefined && bien.surfaceM2 > filters.surfaceMax) return false;
    if (filters.availableFrom) {
      if (bien.availableFrom > filters.availableFrom) return false;
      if (bien.availableUntil !== null && bien.availableUntil < filters.availableFrom) return false;
    }
    return true;
  });
}
