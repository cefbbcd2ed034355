/**
 * Demand register and matching: the needs ESS structures publish, matching in both directions
 * (a bien → the needs it fits; a need → the biens and the bookable spaces that fit) with a French
 * explanation per criterion, and the demand aggregated by commune and kind for the collectivité.
 *
 * Pure module: no Remix, no Prisma, no I/O.
 *
 * What "fits" means for a BIEN (every criterion must hold; all are explained, met or not):
 *   - KIND: the bien's kind is one of the kinds sought;
 *   - COMMUNE: the bien is in one of the communes sought (premises.communeMatches: INSEE codes
 *     when both sides have one, arrondissements inside their commune, else names);
 *   - SURFACE: min ≤ surface ≤ max; above the max is still acceptable when the need accepts shared
 *     use (the structure would share the bien with others);
 *   - BUDGET: monthly redevance after the social-utility reduction (the need comes from an ESS
 *     structure, presumed eligible) plus charges ≤ budget; in shared use of a bigger bien, the
 *     cost is prorated to the maximum surface sought (rounded to the cent);
 *   - AVAILABILITY: the bien is available on the date the need starts
 *     (availableFrom ≤ need start ≤ availableUntil when set);
 *   - ACCESSIBILITY, only when the need requires it: the bien is fully accessible.
 *
 * What "fits" means for a BOOKABLE SPACE (rooms and desk pools booked by the slot):
 *   - SHARED_USE: the need accepts shared use (a bookable space is shared by nature);
 *   - KIND: a room suits a need for an office, an activity premises or a workshop; a desk pool
 *     suits a need for an office; no bookable space suits land, shops, warehouses or buildings;
 *   - SURFACE: the need's minimum surface is small (≤ SHARED_SPACE_MAX_NEED_M2), since spaces
 *     have no surface on record;
 *   - COMMUNE: the site is in one of the communes sought (by name: sites have no INSEE code yet);
 *   - CAPACITY: a room holds the people of the need, a desk pool has a seat for each;
 *   - ACCESSIBILITY, only when the need requires it.
 *   Booking prices are not compared with the budget: they are per slot and shown on the space.
 */
import { z } from "zod";
import { formatDayMonthYear } from "~/domain/time";
import {
  INSEE_CODE_PATTERN,
  PREMISES_KINDS,
  PREMISES_KIND_LABELS,
  communeMatches,
  formatEurosCompact,
  formatNumberFr,
  formatSurface,
  localDateField,
  normalizeCommuneName,
  optionalTextField,
  parentCommune,
  reducedRentCents,
  textField,
  type CommuneRef,
  type Premises,
  type PremisesKind,
  type PremisesState,
} from "~/domain/premises";

// ---------------------------------------------------------------------------------------------
// Needs
// ---------------------------------------------------------------------------------------------

export const MAX_NEED_COMMUNES = 30;

const surface = (label: string) =>
  z
    .number({ required_error: `Indiquez la surface ${label}.`, invalid_type_error: `La surface ${label} doit être un nombre.` })
    .gt(0, `La surface ${label} doit être supérieure à 0 m².`);

export const needCommuneSchema = z.object({
  inseeCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(INSEE_CODE_PATTERN, "Le code INSEE compte 5 caractères (par exemple 93048 ou 2A004).")
    .nullable()
    .default(null),
  name: textField("le nom de la commune", 1, 100),
});

export const needSchema = z
  .object({
    kinds: z
      .array(z.enum(PREMISES_KINDS, { errorMap: () => ({ message: "Choisissez parmi les types de biens proposés." }) }))
      .min(1, "Choisissez au moins un type de bien.")
      .refine((kinds) => new Set(kinds).size === kinds.length, "Chaque type de bien ne figure qu'une fois."),
    surfaceMinM2: surface("minimale"),
    surfaceMaxM2: surface("maximale"),
    communes: z
      .array(needCommuneSchema)
      .min(1, "Indiquez au moins une commune.")
      .max(MAX_NEED_COMMUNES, `Indiquez au plus ${MAX_NEED_COMMUNES} communes.`),
    /** Highest monthly cost (redevance + charges), in cents. */
    budgetMaxCents: z
      .number({ required_error: "Indiquez le budget mensuel maximal.", invalid_type_error: "Le budget doit être un nombre." })
      .int("Le budget s'exprime en centimes entiers.")
      .min(0, "Le budget ne peut pas être négatif."),
    /** The date from which the structure needs the premises. */
    availableFrom: localDateField("Indiquez à partir de quand vous avez besoin du local (AAAA-MM-JJ)."),
    sharedUseAcceptable: z.boolean().default(false),
    peopleCount: z
      .number({ required_error: "Indiquez le nombre de personnes à accueillir.", invalid_type_error: "Le nombre de personnes doit être un nombre." })
      .int("Le nombre de personnes est un nombre entier.")
      .min(1, "Indiquez au moins 1 personne."),
    accessibilityRequired: z.boolean().default(false),
    description: optionalTextField(2000),
  })
  .superRefine((need, ctx) => {
    if (need.surfaceMaxM2 < need.surfaceMinM2) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["surfaceMaxM2"],
        message: "La surface maximale doit être supérieure ou égale à la surface minimale.",
      });
    }
  });
export type NeedInput = z.input<typeof needSchema>;
export type Need = z.output<typeof needSchema>;
/** A published need: the structure that published it is public to the collectivité. */
export type NeedRecord = Need & { id: string; structureName: string };

// ---------------------------------------------------------------------------------------------
// Matching results
// ---------------------------------------------------------------------------------------------

export type MatchCriterion =
  | "KIND"
  | "COMMUNE"
  | "SURFACE"
  | "BUDGET"
  | "AVAILABILITY"
  | "ACCESSIBILITY"
  | "SHARED_USE"
  | "CAPACITY";

export type MatchReason = { criterion: MatchCriterion; ok: boolean; message: string };
export type MatchResult = { fits: boolean; reasons: MatchReason[] };

/** What matching reads of a bien. */
export type MatchablePremises = Pick<
  Premises,
  | "kind"
  | "surfaceM2"
  | "address"
  | "rentCents"
  | "chargesCents"
  | "socialUtilityReductionPercent"
  | "availableFrom"
  | "availableUntil"
  | "accessibility"
>;

function result(reasons: MatchReason[]): MatchResult {
  return { fits: reasons.every((reason) => reason.ok), reasons };
}

function kindList(kinds: readonly PremisesKind[]): string {
  return kinds.map((kind) => PREMISES_KIND_LABELS[kind]).join(", ");
}

function sought(count: number, singular: string, plural: string): string {
  return count === 1 ? singular : plural;
}

function communeReason(place: CommuneRef, wanted: readonly CommuneRef[]): MatchReason {
  const ok = wanted.some((commune) => communeMatches(place, commune));
  const names = wanted.map((commune) => commune.name).join(", ");
  return {
    criterion: "COMMUNE",
    ok,
    message: ok
      ? `Commune ${place.name} recherchée`
      : `Commune ${place.name} hors ${sought(wanted.length, "de la commune recherchée", "des communes recherchées")} (${names})`,
  };
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

// ---------------------------------------------------------------------------------------------
// Need ↔ bien
// ---------------------------------------------------------------------------------------------

/** Every criterion of a need against a bien, explained in French (see the module comment). */
export function matchNeedToBien(need: Need, bien: MatchablePremises): MatchResult {
  const reasons: MatchReason[] = [];

  const kindOk = need.kinds.includes(bien.kind);
  reasons.push({
    criterion: "KIND",
    ok: kindOk,
    message: kindOk
      ? `Type ${PREMISES_KIND_LABELS[bien.kind]} recherché`
      : `Type ${PREMISES_KIND_LABELS[bien.kind]} hors ${sought(need.kinds.length, "du type recherché", "des types recherchés")} (${kindList(need.kinds)})`,
  });

  reasons.push(communeReason({ inseeCode: bien.address.inseeCode, name: bien.address.commune }, need.communes));

  const range = `${formatNumberFr(need.surfaceMinM2)}–${formatSurface(need.surfaceMaxM2)}`;
  const sharedBigger = need.sharedUseAcceptable && bien.surfaceM2 > need.surfaceMaxM2;
  if (bien.surfaceM2 < need.surfaceMinM2) {
    reasons.push({
      criterion: "SURFACE",
      ok: false,
      message: `Surface ${formatSurface(bien.surfaceM2)} inférieure au minimum de ${formatSurface(need.surfaceMinM2)}`,
    });
  } else if (bien.surfaceM2 > need.surfaceMaxM2) {
    reasons.push({
      criterion: "SURFACE",
      ok: sharedBigger,
      message: sharedBigger
        ? `Surface ${formatSurface(bien.surfaceM2)} supérieure au maximum de ${formatSurface(need.surfaceMaxM2)}, acceptable en usage partagé`
        : `Surface ${formatSurface(bien.surfaceM2)} supérieure au maximum de ${formatSurface(need.surfaceMaxM2)}`,
    });
  } else {
    reasons.push({ criterion: "SURFACE", ok: true, message: `Surface ${formatSurface(bien.surfaceM2)} dans la fourchette ${range}` });
  }

  const percent = bien.socialUtilityReductionPercent;
  const rent = reducedRentCents(bien.rentCents, percent);
  const monthly = rent + bien.chargesCents;
  const compared = sharedBigger ? Math.round((monthly * need.surfaceMaxM2) / bien.surfaceM2) : monthly;
  let cost =
    percent === 0
      ? `Redevance ${formatEurosCompact(rent)}`
      : percent === 100
        ? `Redevance ${formatEurosCompact(0)} (gratuite au titre de l'utilité sociale)`
        : `Redevance ${formatEurosCompact(rent)} (${formatEurosCompact(bien.rentCents)} réduite de ${percent} % au titre de l'utilité sociale)`;
  if (bien.chargesCents > 0) cost += ` + charges ${formatEurosCompact(bien.chargesCents)} = ${formatEurosCompact(monthly)}`;
  if (sharedBigger) {
    cost += ` pour ${formatSurface(bien.surfaceM2)}, soit ${formatEurosCompact(compared)} pour ${formatSurface(need.surfaceMaxM2)} en usage partagé`;
  }
  const budgetOk = compared <= need.budgetMaxCents;
  reasons.push({
    criterion: "BUDGET",
    ok: budgetOk,
    message: `${cost} ${budgetOk ? "≤" : ">"} budget ${formatEurosCompact(need.budgetMaxCents)}`,
  });

  const wanted = formatDayMonthYear(need.availableFrom);
  if (bien.availableFrom > need.availableFrom) {
    reasons.push({
      criterion: "AVAILABILITY",
      ok: false,
      message: `Disponible seulement à partir du ${formatDayMonthYear(bien.availableFrom)}, après la date souhaitée (${wanted})`,
    });
  } else if (bien.availableUntil !== null && bien.availableUntil < need.availableFrom) {
    reasons.push({
      criterion: "AVAILABILITY",
      ok: false,
      message: `Disponible jusqu'au ${formatDayMonthYear(bien.availableUntil)} seulement, avant la date souhaitée (${wanted})`,
    });
  } else {
    reasons.push({
      criterion: "AVAILABILITY",
      ok: true,
      message:
        bien.availableUntil === null
          ? `Disponible dès le ${formatDayMonthYear(bien.availableFrom)} (besoin à partir du ${wanted})`
          : `Disponible du ${formatDayMonthYear(bien.availableFrom)} au ${formatDayMonthYear(bien.availableUntil)} (besoin à partir du ${wanted})`,
    });
  }

  if (need.accessibilityRequired) {
    const ok = bien.accessibility === "ACCESSIBLE";
    const detail: Record<typeof bien.accessibility, string> = {
      ACCESSIBLE: "Bien accessible aux personnes à mobilité réduite",
      PARTIAL: "Accessibilité requise : le bien n'est que partiellement accessible",
      NOT_ACCESSIBLE: "Accessibilité requise : le bien n'est pas accessible",
      UNKNOWN: "Accessibilité requise : l'accessibilité du bien n'est pas renseignée",
    };
    reasons.push({ criterion: "ACCESSIBILITY", ok, message: detail[bien.accessibility] });
  }

  return result(reasons);
}

/** For a bien: the needs it fits, in the given order, each with its explanation. */
export function matchBienToNeeds<N extends Need>(bien: MatchablePremises, needs: readonly N[]): Array<{ need: N; reasons: MatchReason[] }> {
  return needs.flatMap((need) => {
    const match = matchNeedToBien(need, bien);
    return match.fits ? [{ need, reasons: match.reasons }] : [];
  });
}

/**
 * For a need: the biens that fit, in the given order. Only biens whose call is open (PUBLISHED)
 * are proposed to a structure: drafts are private, attributed biens are taken.
 */
export function matchNeedToBiens<B extends MatchablePremises & { state: PremisesState }>(
  need: Need,
  biens: readonly B[],
): Array<{ bien: B; reasons: MatchReason[] }> {
  return biens.flatMap((bien) => {
    if (bien.state !== "PUBLISHED") return [];
    const match = matchNeedToBien(need, bien);
    return match.fits ? [{ bien, reasons: match.reasons }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Need ↔ bookable spaces
// ---------------------------------------------------------------------------------------------

/** Largest minimum surface a bookable space can serve: beyond it, the need is for premises. */
export const SHARED_SPACE_MAX_NEED_M2 = 50;

export type BookableSpaceKind = "ROOM" | "DESK_POOL";
export const BOOKABLE_SPACE_KIND_LABELS: Record<BookableSpaceKind, string> = {
  ROOM: "Salle",
  DESK_POOL: "Open space",
};

/** The kinds of bien a bookable space can stand in for. */
export const KINDS_SERVED_BY_SPACE: Record<BookableSpaceKind, readonly PremisesKind[]> = {
  ROOM: ["OFFICE", "ACTIVITY_PREMISES", "WORKSHOP"],
  DESK_POOL: ["OFFICE"],
};

export type BookableSpace = {
  id: string;
  name: string;
  kind: BookableSpaceKind;
  /** People the space holds. */
  capacity: number;
  /** Seats of a desk pool (1 for a room). */
  seats: number;
  accessible: boolean;
  site: { id: string; name: string; commune: string; inseeCode: string | null };
};

/** Every criterion of a need against a bookable space, explained in French (see the module comment). */
export function matchNeedToSpace(need: Need, space: BookableSpace): MatchResult {
  const reasons: MatchReason[] = [];
  reasons.push({
    criterion: "SHARED_USE",
    ok: need.sharedUseAcceptable,
    message: need.sharedUseAcceptable
      ? "Usage partagé accepté"
      : "Usage partagé non accepté, or un espace réservable est partagé",
  });

  const served = need.kinds.filter((kind) => KINDS_SERVED_BY_SPACE[space.kind].includes(kind));
  const label = BOOKABLE_SPACE_KIND_LABELS[space.kind];
  reasons.push({
    criterion: "KIND",
    ok: served.length > 0,
    message:
      served.length > 0
        ? `${label} compatible avec ${sought(served.length, "le type recherché", "les types recherchés")} (${kindList(served)})`
        : `${label} non compatible avec ${sought(need.kinds.length, "le type recherché", "les types recherchés")} (${kindList(need.kinds)})`,
  });

  const small = need.surfaceMinM2 <= SHARED_SPACE_MAX_NEED_M2;
  reasons.push({
    criterion: "SURFACE",
    ok: small,
    message: `Besoin à partir de ${formatSurface(need.surfaceMinM2)}, ${small ? "compatible avec" : "trop grand pour"} un espace réservable (${formatSurface(SHARED_SPACE_MAX_NEED_M2)} au plus)`,
  });

  reasons.push(communeReason({ inseeCode: space.site.inseeCode, name: space.site.commune }, need.communes));

  const people = plural(need.peopleCount, "personne");
  if (space.kind === "ROOM") {
    const ok = space.capacity >= need.peopleCount;
    reasons.push({
      criterion: "CAPACITY",
      ok,
      message: ok
        ? `Capacité ${plural(space.capacity, "personne")} pour ${people}`
        : `Capacité ${plural(space.capacity, "personne")}, insuffisante pour ${people}`,
    });
  } else {
    const ok = space.seats >= need.peopleCount;
    reasons.push({
      criterion: "CAPACITY",
      ok,
      message: ok
        ? `${plural(space.seats, "poste")} pour ${people}`
        : `${plural(space.seats, "poste")}, ${space.seats === 1 ? "insuffisant" : "insuffisants"} pour ${people}`,
    });
  }

  if (need.accessibilityRequired) {
    reasons.push({
      criterion: "ACCESSIBILITY",
      ok: space.accessible,
      message: space.accessible
        ? "Espace accessible aux personnes à mobilité réduite"
        : "Accessibilité requise : l'espace n'est pas accessible",
    });
  }
  return result(reasons);
}

/** For a need: the bookable spaces that fit, in the given order, each with its explanation. */
export function matchNeedToSpaces<S extends BookableSpace>(need: Need, spaces: readonly S[]): Array<{ space: S; reasons: MatchReason[] }> {
  return spaces.flatMap((space) => {
    const match = matchNeedToSpace(need, space);
    return match.fits ? [{ space, reasons: match.reasons }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Aggregated demand
// ---------------------------------------------------------------------------------------------

export type DemandByKind = {
  kind: PremisesKind;
  label: string;
  needCount: number;
  sharedUseCount: number;
  surfaceMinM2Total: number;
  surfaceMaxM2Total: number;
  budgetMaxCentsTotal: number;
};

export type DemandByCommune = {
  /** INSEE code of the commune (arrondissements rolled up), or "nom:<normalised name>" without code. */
  key: string;
  inseeCode: string | null;
  label: string;
  /** Distinct needs naming this commune. */
  needCount: number;
  byKind: DemandByKind[];
};

function communeKey(commune: CommuneRef): { key: string; inseeCode: string | null; label: string } {
  if (commune.inseeCode) {
    const parent = parentCommune(commune.inseeCode);
    return { key: parent.code, inseeCode: parent.code, label: parent.name ?? commune.name };
  }
  return { key: `nom:${normalizeCommuneName(commune.name)}`, inseeCode: null, label: commune.name };
}

/**
 * Demand by commune, then by kind. A need counts once in every (commune, kind) cell it names:
 * a need for offices or workshops in Montreuil or Bagnolet counts in four cells, and once in each
 * commune's `needCount`. Communes are keyed by INSEE code (Paris arrondissements count for Paris)
 * or, without a code, by normalised name; a code and a bare name of the same commune are not
 * merged. Sorted by number of needs (most first), then commune name; kinds likewise, then in
 * PREMISES_KINDS order.
 */
export function aggregateDemand(needs: readonly Need[]): DemandByCommune[] {
  const communes = new Map<string, { inseeCode: string | null; label: string; needCount: number; kinds: Map<PremisesKind, DemandByKind> }>();
  for (const need of needs) {
    const keys = new Map(need.communes.map((commune) => {
      const ref = communeKey(commune);
      return [ref.key, ref] as const;
    }));
    for (const ref of keys.values()) {
      let entry = communes.get(ref.key);
      if (!entry) {
        entry = { inseeCode: ref.inseeCode, label: ref.label, needCount: 0, kinds: new Map() };
        communes.set(ref.key, entry);
      }
      entry.needCount += 1;
      for (const kind of new Set(need.kinds)) {
        let cell = entry.kinds.get(kind);
        if (!cell) {
          cell = {
            kind,
            label: PREMISES_KIND_LABELS[kind],
            needCount: 0,
            sharedUseCount: 0,
            surfaceMinM2Total: 0,
            surfaceMaxM2Total: 0,
            budgetMaxCentsTotal: 0,
          };
          entry.kinds.set(kind, cell);
        }
        cell.needCount += 1;
        if (need.sharedUseAcceptable) cell.sharedUseCount += 1;
        cell.surfaceMinM2Total += need.surfaceMinM2;
        cell.surfaceMaxM2Total += need.surfaceMaxM2;
        cell.budgetMaxCentsTotal += need.budgetMaxCents;
      }
    }
  }
  return [...communes.entries()]
    .map(([key, entry]) => ({
      key,
      inseeCode: entry.inseeCode,
      label: entry.label,
      needCount: entry.needCount,
      byKind: [...entry.kinds.values()].sort(
        (a, b) => b.needCount - a.needCount || PREMISES_KINDS.indexOf(a.kind) - PREMISES_KINDS.indexOf(b.kind),
      ),
    }))
    .sort((a, b) => b.needCount - a.needCount || a.label.localeCompare(b.label, "fr"));
}
