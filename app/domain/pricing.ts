/**
 * Pricing of bookings: rate cards per space and tier, the cheapest combination of day,
 * half-day and hourly rates, the evening/weekend surcharge, hours included per month, the
 * monthly desk rate, the automatic pricing tier, and the price summary of a series.
 *
 * Pure module: no Remix, no Prisma, no I/O. Times are Paris wall-clock strings (app/domain/time.ts).
 *
 * Decisions (docs/decisions/0007-pricing-and-invoicing-rules.md; tests/unit/pricing.test.ts):
 *   - Amounts are integer cents, excluding VAT (HT). Rates may be absent (null/undefined).
 *   - Durations are WALL-CLOCK minutes: 00:00–06:00 is 6 h even on a DST night (5 h or 7 h of
 *     physical time), as everywhere else in the app.
 *   - Hourly billing is PER STARTED HALF-HOUR at half the hourly rate: 1 h 10 is billed 1 h 30;
 *     n half-hours cost n × hour ÷ 2, rounded half-up to the cent once (1 h 30 at 15,05 €/h =
 *     22,58 €), not per half-hour.
 *   - Each CALENDAR DAY of a booking is priced on its own (a booking 20:00–02:00 is 4 h on the
 *     first day and 2 h on the next). A day costs the cheapest of: the day rate (it covers the
 *     whole day, whatever the duration), or k half-days (4 h each) plus the remaining started
 *     half-hours at the hourly rate, for every k from 0 to ⌈minutes ÷ 240⌉. So 5 h = half-day +
 *     1 h, 7 h is capped at the day rate, 9 h is the day rate. Ties prefer the day rate, then
 *     more half-days (the shorter description).
 *   - Surcharge rule (on the rate card, optional): `percent` on the minutes that fall in the
 *     evening window and/or on a Saturday or Sunday (a minute in both counts once). Per day,
 *     surcharge = day price × concerned minutes ÷ day minutes × percent ÷ 100, rounded half-up:
 *     the day's price spread evenly over its minutes. The evening window is [from, 24:00), plus
 *     [00:00, until) when `until` is earlier than or equal to `from` (it runs past midnight), or
 *     [from, until) when `until` is later.
 *   - Included hours (a tier's credit per month, e.g. 10 h for sociétaires) are consumed FIRST,
 *     by the month's occurrences in date order (start, then id), minute by minute, across all
 *     spaces; an occurrence of n seats uses them seat after seat. Credits cover the FIRST minutes
 *     of an occurrence; the rest (from start + credited minutes to the end) is priced as a
 *     booking of its own, surcharge included. Cancelled occurrences are not passed here and use
 *     no credit. Unused credits are lost at the end of the month.
 *   - An occurrence belongs to the Paris month of its start.
 *   - The monthly rate (desks) caps a space's month: when the month's occurrences of one space
 *     cost more than `monthCents` × the largest number of seats booked at once in one occurrence,
 *     the organisation pays that flat instead (its lines are marked `coveredByMonthlyFlat`).
 *     Credits are consumed before the cap is considered.
 *   - A rate card in force is the one of the organisation's tier (`tierFor`): an explicit
 *     manager override with a reason, else "Sociétaire" when it holds paid parts, else the ESS
 *     tier when its ESS status is verified, else the public tier.
 */
import { z } from "zod";
import { formatDurationFr } from "./space-rules";
import {
  addDaysLocal,
  addMinutesLocal,
  frenchMonthName,
  isLocalDateTime,
  isoWeekday,
  localDate,
  minutesBetweenLocal,
  minutesOfDay,
  type LocalDate,
  type LocalDateTime,
} from "./time";

export const HALF_DAY_MINUTES = 240;
export const BILLING_STEP_MINUTES = 30;
const MINUTES_PER_DAY = 1_440;

// ---------------------------------------------------------------------------------------------
// Money helpers (integer cents)
// ---------------------------------------------------------------------------------------------

/**
 * numerator ÷ denominator rounded to the nearest integer, halves away from zero
 * (2.5 → 3, -2.5 → -3), computed on integers (no floating-point error).
 */
export function divideRounded(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`divideRounded : entiers attendus (${numerator} / ${denominator}).`);
  }
  const abs = Math.abs(numerator);
  const quotient = Math.floor(abs / denominator);
  const rounded = 2 * (abs - quotient * denominator) >= denominator ? quotient + 1 : quotient;
  return numerator < 0 && rounded !== 0 ? -rounded : rounded; // never -0
}

/** "12,50" / "12.5" / "1 234" / "12" → cents; null when not a non-negative amount with at most 2 decimals. */
export function parseEurosToCents(input: unknown): number | null {
  const text =
    typeof input === "number" ? String(input) : typeof input === "string" ? input.replace(/[\s\u00a0\u202f]/g, "") : "";
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 123450 → "1 234,50 €", -550 → "-5,50 €" (plain spaces, like the app's other messages). */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${sign}${units},${String(abs % 100).padStart(2, "0")} €`;
}

// ---------------------------------------------------------------------------------------------
// Rate cards and surcharge
// ---------------------------------------------------------------------------------------------

export type SurchargeRule = {
  /** Integer percent, 1–100. */
  percent: number;
  /** Evening window: from "HH:mm"; `until` "HH:mm" (optional, see the module header). */
  evening?: { from: string; until?: string | null } | null;
  /** Saturdays and Sundays, all day. */
  weekend?: boolean;
};

export type RateCard = {
  hourCents?: number | null;
  /** 4 hours. */
  halfDayCents?: number | null;
  /** One calendar day, whatever the duration. */
  dayCents?: number | null;
  /** Month cap for desks (per seat). */
  monthCents?: number | null;
  surcharge?: SurchargeRule | null;
};

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function hhmmToMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const timeField = (label: string) =>
  z
    .string({ required_error: `Indiquez ${label}.`, invalid_type_error: `Indiquez ${label}.` })
    .regex(HH_MM, `${label.charAt(0).toUpperCase()}${label.slice(1)} doit être au format HH:mm, par exemple 19:00.`);

export const surchargeRuleSchema = z
  .object({
    percent: z.coerce
      .number({ invalid_type_error: "La majoration doit être un pourcentage entier entre 1 et 100." })
      .int("La majoration doit être un pourcentage entier entre 1 et 100.")
      .min(1, "La majoration doit être un pourcentage entier entre 1 et 100.")
      .max(100, "La majoration doit être un pourcentage entier entre 1 et 100."),
    evening: z
      .object({ from: timeField("l'heure de début de soirée"), until: timeField("l'heure de fin de soirée").nullish() })
      .nullish(),
    weekend: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    if (!rule.evening && !rule.weekend) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["evening"],
        message: "Choisissez quand la majoration s'applique : en soirée, le week-end, ou les deux.",
      });
    }
  });

const euroField = (label: string) =>
  z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value, ctx) => {
      if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return null;
      const cents = parseEurosToCents(value);
      if (cents === null) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `${label} doit être un montant en euros, par exemple 12,50.`,
        });
        return z.NEVER;
      }
      return cents;
    });

/** A rate card as entered in the form (euros, "12,50"), output in cents; empty fields are absent rates. */
export const rateCardSchema = z
  .object({
    hourCents: euroField("Le tarif horaire"),
    halfDayCents: euroField("Le tarif à la demi-journée"),
    dayCents: euroField("Le tarif à la journée"),
    monthCents: euroField("Le tarif mensuel"),
    surcharge: surchargeRuleSchema.nullish(),
  })
  .superRefine((card, ctx) => {
    if (card.hourCents === null && card.halfDayCents === null && card.dayCents === null) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["hourCents"],
        message: "Indiquez au moins un tarif : à l'heure, à la demi-journée ou à la journée.",
      });
    }
  });

// ---------------------------------------------------------------------------------------------
// Cheapest combination for one day
// ---------------------------------------------------------------------------------------------

export type PriceCombination = { days: number; halfDays: number; halfHours: number };

export type DayPriceResult =
  | { ok: true; priceCents: number; combination: PriceCombination }
  | { ok: false; message: string };

function present(value: number | null | undefined): value is number {
  return value !== null && value !== undefined;
}

/** Price of n started half-hours at the hourly rate: n × hour ÷ 2, rounded half-up once. */
export function halfHoursPrice(halfHours: number, hourCents: number): number {
  return divideRounded(halfHours * hourCents, 2);
}

/**
 * The cheapest price of `durationMinutes` (0–1440) of ONE calendar day: the day rate, or
 * half-days plus started half-hours (see the module header). `ok: false` when the card has no
 * hour, half-day or day rate (a card with only a monthly rate).
 */
export function cheapestPrice(durationMinutes: number, card: RateCard): DayPriceResult {
  if (!Number.isInteger(durationMinutes) || durationMinutes < 0 || durationMinutes > MINUTES_PER_DAY) {
    throw new RangeError(`cheapestPrice : durée invalide (${durationMinutes} min).`);
  }
  if (durationMinutes === 0) return { ok: true, priceCents: 0, combination: { days: 0, halfDays: 0, halfHours: 0 } };
  // Candidates in tie-break order: the day rate, then more half-days first.
  const candidates: Array<{ priceCents: number; combination: PriceCombination }> = [];
  if (present(card.dayCents)) candidates.push({ priceCents: card.dayCents, combination: { days: 1, halfDays: 0, halfHours: 0 } });
  for (let halfDays = Math.ceil(durationMinutes / HALF_DAY_MINUTES); halfDays >= 0; halfDays--) {
    if (halfDays > 0 && !present(card.halfDayCents)) continue;
    const rest = Math.max(0, durationMinutes - halfDays * HALF_DAY_MINUTES);
    const halfHours = Math.ceil(rest / BILLING_STEP_MINUTES);
    if (halfHours > 0 && !present(card.hourCents)) continue;
    const priceCents =
      (halfDays > 0 ? halfDays * (card.halfDayCents as number) : 0) +
      (halfHours > 0 ? halfHoursPrice(halfHours, card.hourCents as number) : 0);
    candidates.push({ priceCents, combination: { days: 0, halfDays, halfHours } });
  }
  const best = candidates.reduce<(typeof candidates)[number] | null>(
    (cheapest, candidate) => (cheapest === null || candidate.priceCents < cheapest.priceCents ? candidate : cheapest),
    null,
  );
  // Half-days alone always cover a day, so only a card without hour, half-day and day rates fails.
  if (best === null) {
    return { ok: false, message: "La grille tarifaire ne prévoit aucun tarif à l'heure, à la demi-journée ou à la journée." };
  }
  return { ok: true, priceCents: best.priceCents, combination: best.combination };
}

/** "1 journée", "2 demi-journées + 1 h 30", "30 min"; "" for nothing. */
export function describeCombination(combination: PriceCombination): string {
  const parts: string[] = [];
  if (combination.days > 0) parts.push(`${combination.days} ${combination.days > 1 ? "journées" : "journée"}`);
  if (combination.halfDays > 0) {
    parts.push(`${combination.halfDays} ${combination.halfDays > 1 ? "demi-journées" : "demi-journée"}`);
  }
  if (combination.halfHours > 0) parts.push(formatDurationFr(combination.halfHours * BILLING_STEP_MINUTES));
  return parts.join(" + ");
}

function addCombination(a: PriceCombination, b: PriceCombination): PriceCombination {
  return { days: a.days + b.days, halfDays: a.halfDays + b.halfDays, halfHours: a.halfHours + b.halfHours };
}

// ---------------------------------------------------------------------------------------------
// A wall-clock range, day by day, with the surcharge
// ---------------------------------------------------------------------------------------------

/** Minutes of [from, to) (minutes of the day, to ≤ 1440) inside the evening window. */
function eveningMinutes(from: number, to: number, evening: { from: string; until?: string | null }): number {
  const start = hhmmToMinutes(evening.from);
  const until = evening.until ? hhmmToMinutes(evening.until) : 0;
  const windows = until > start ? [[start, until]] : [[start, MINUTES_PER_DAY], [0, until]];
  return windows.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(to, b) - Math.max(from, a)), 0);
}

/** Minutes of [from, to) of `date` concerned by the surcharge rule. */
export function surchargeMinutes(date: LocalDate, from: number, to: number, rule: SurchargeRule): number {
  if (rule.weekend && isoWeekday(date) >= 6) return to - from;
  return rule.evening ? eveningMinutes(from, to, rule.evening) : 0;
}

export type DaySegmentPrice = {
  date: LocalDate;
  /** Minutes since midnight, [fromMinute, toMinute); toMinute 1440 = until midnight. */
  fromMinute: number;
  toMinute: number;
  minutes: number;
  combination: PriceCombination;
  baseCents: number;
  surchargeMinutes: number;
  surchargeCents: number;
};

export type RangePrice =
  | {
      ok: true;
      minutes: number;
      combination: PriceCombination;
      baseCents: number;
      surchargeCents: number;
      priceCents: number;
      days: DaySegmentPrice[];
    }
  | { ok: false; message: string };

/**
 * Price of one booking of the wall-clock range [localStart, localEnd): each calendar day at its
 * cheapest combination, plus the surcharge of each day.
 */
export function priceRange(localStart: LocalDateTime, localEnd: LocalDateTime, card: RateCard): RangePrice {
  if (!isLocalDateTime(localStart) || !isLocalDateTime(localEnd) || localEnd <= localStart) {
    throw new RangeError(`priceRange : créneau invalide (${localStart} → ${localEnd}).`);
  }
  const days: DaySegmentPrice[] = [];
  let cursor = localStart;
  while (cursor < localEnd) {
    const date = localDate(cursor);
    const nextMidnight = `${addDaysLocal(date, 1)}T00:00`;
    const segmentEnd = localEnd < nextMidnight ? localEnd : nextMidnight;
    const fromMinute = minutesOfDay(cursor);
    const minutes = minutesBetweenLocal(cursor, segmentEnd);
    const toMinute = fromMinute + minutes;
    const day = cheapestPrice(minutes, card);
    if (!day.ok) return day;
    const concerned = card.surcharge ? surchargeMinutes(date, fromMinute, toMinute, card.surcharge) : 0;
    const surchargeCents =
      card.surcharge && concerned > 0
        ? divideRounded(day.priceCents * concerned * card.surcharge.percent, 100 * minutes)
        : 0;
    days.push({
      date,
      fromMinute,
      toMinute,
      minutes,
      combination: day.combination,
      baseCents: day.priceCents,
      surchargeMinutes: concerned,
      surchargeCents,
    });
    cursor = segmentEnd;
  }
  const baseCents = days.reduce((sum, d) => sum + d.baseCents, 0);
  const surchargeCents = days.reduce((sum, d) => sum + d.surchargeCents, 0);
  return {
    ok: true,
    minutes: days.reduce((sum, d) => sum + d.minutes, 0),
    combination: days.reduce((sum, d) => addCombination(sum, d.combination), { days: 0, halfDays: 0, halfHours: 0 }),
    baseCents,
    surchargeCents,
    priceCents: baseCents + surchargeCents,
    days,
  };
}

// ---------------------------------------------------------------------------------------------
// Tiers
// ---------------------------------------------------------------------------------------------

/** Which automatic assignment a tier serves; null for tiers only given by a manager. */
export type TierRole = "SOCIETAIRE" | "ESS" | "PUBLIC";

export type PricingTier = {
  id: string;
  /** "Sociétaire", "Adhérent", "Structure ESS", "Collectivité", "Tarif public"… */
  name: string;
  role: TierRole | null;
  /** Hours included per month, in minutes (0: none). */
  includedMinutesPerMonth: number;
};

export type TierOverride = { tierId: string; reason: string };

export type TierAssignment = {
  tier: PricingTier;
  source: "OVERRIDE" | TierRole;
  /** Why this tier, in French, for the organisation page and the invoice. */
  explanation: string;
};

export const tierOverrideSchema = z.object({
  tierId: z
    .string({ required_error: "Choisissez un tarif.", invalid_type_error: "Choisissez un tarif." })
    .min(1, "Choisissez un tarif."),
  reason: z
    .string({
      required_error: "Indiquez le motif du changement de tarif.",
      invalid_type_error: "Indiquez le motif du changement de tarif.",
    })
    .trim()
    .min(3, "Indiquez le motif du changement de tarif.")
    .max(500, "Le motif ne doit pas dépasser 500 caractères."),
});

const ROLE_LABELS: Record<TierRole, string> = {
  SOCIETAIRE: "sociétaire",
  ESS: "structure ESS vérifiée",
  PUBLIC: "tarif public",
};

/** The tiers of a SCIC: distinct names, at most one tier per role, exactly one public tier, credits ≥ 0. */
export function validateTiers(tiers: readonly PricingTier[]): string[] {
  const messages: string[] = [];
  const names = new Set<string>();
  for (const tier of tiers) {
    const key = tier.name.trim().toLocaleLowerCase("fr-FR");
    if (names.has(key)) messages.push(`Deux tarifs portent le nom « ${tier.name.trim()} ».`);
    names.add(key);
    if (!Number.isSafeInteger(tier.includedMinutesPerMonth) || tier.includedMinutesPerMonth < 0) {
      messages.push(`Tarif « ${tier.name.trim()} » : les heures incluses doivent être un nombre positif ou nul.`);
    }
  }
  for (const role of ["SOCIETAIRE", "ESS", "PUBLIC"] as const) {
    const count = tiers.filter((t) => t.role === role).length;
    if (count > 1) messages.push(`Un seul tarif peut être attribué automatiquement au rôle « ${ROLE_LABELS[role]} ».`);
  }
  if (!tiers.some((t) => t.role === "PUBLIC")) {
    messages.push("Il faut un tarif public : c'est le tarif par défaut des organisations.");
  }
  return messages;
}

/**
 * The tier of an organisation. Priority: a manager's override (with its reason), then
 * "Sociétaire" if it holds paid parts, then the ESS tier if its ESS status is verified, then the
 * public tier. A role the SCIC has no tier for is skipped. Throws a RangeError for an unknown
 * override tier, an override without reason, or a SCIC without public tier.
 */
export function tierFor(
  input: { holdsPaidShares: boolean; essVerified: boolean; override?: TierOverride | null },
  tiers: readonly PricingTier[],
): TierAssignment {
  if (input.override) {
    const tier = tiers.find((t) => t.id === input.override?.tierId);
    if (!tier) throw new RangeError(`Tarif inconnu : « ${input.override.tierId} ».`);
    const reason = input.override.reason.trim();
    if (reason === "") throw new RangeError("Indiquez le motif du changement de tarif.");
    return { tier, source: "OVERRIDE", explanation: `Tarif « ${tier.name} » attribué par un gestionnaire : ${reason}` };
  }
  const byRole = (role: TierRole) => tiers.find((t) => t.role === role);
  const societaire = byRole("SOCIETAIRE");
  if (input.holdsPaidShares && societaire) {
    return {
      tier: societaire,
      source: "SOCIETAIRE",
      explanation: `Tarif « ${societaire.name} » : l'organisation détient des parts sociales libérées.`,
    };
  }
  const ess = byRole("ESS");
  if (input.essVerified && ess) {
    return { tier: ess, source: "ESS", explanation: `Tarif « ${ess.name} » : statut ESS vérifié.` };
  }
  const publicTier = byRole("PUBLIC");
  if (!publicTier) throw new RangeError("Il faut un tarif public : c'est le tarif par défaut des organisations.");
  return { tier: publicTier, source: "PUBLIC", explanation: `Tarif « ${publicTier.name} » : tarif par défaut.` };
}

// ---------------------------------------------------------------------------------------------
// A month of occurrences: included hours, monthly flat
// ---------------------------------------------------------------------------------------------

export type PricingOccurrence = {
  id: string;
  spaceId: string;
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  /** Desk-pool seats (default 1). */
  seats?: number;
};

/** spaceId → tierId → rate card. */
export type RateCardTable = Readonly<Record<string, Readonly<Record<string, RateCard>> | undefined>>;

export type PricedOccurrence = {
  occurrenceId: string;
  spaceId: string;
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  /** Wall-clock minutes of one seat. */
  durationMinutes: number;
  seats: number;
  /** Included minutes used, all seats together. */
  includedMinutes: number;
  /** What was priced after the included minutes, all seats together. */
  combination: PriceCombination;
  baseCents: number;
  surchargeCents: number;
  /** The occurrence's own price: baseCents + surchargeCents. */
  priceCents: number;
  /** The space's monthly flat replaces this line's price (the line is then billed 0). */
  coveredByMonthlyFlat: boolean;
};

export type MonthlyFlat = {
  spaceId: string;
  seats: number;
  unitPriceCents: number;
  totalCents: number;
  /** What the covered occurrences would have cost. */
  replacedCents: number;
};

export type MonthPricing = {
  /** "YYYY-MM" (Paris). */
  month: string;
  lines: PricedOccurrence[];
  monthlyFlats: MonthlyFlat[];
  includedMinutesAvailable: number;
  includedMinutesUsed: number;
  /** Lines not covered by a flat + the flats. */
  totalCents: number;
};

export type PricingProblem = { occurrenceId: string; message: string };

export type MonthPricingResult = ({ ok: true } & MonthPricing) | { ok: false; problems: PricingProblem[] };

/** Paris month "YYYY-MM" of a wall-clock time or date. */
export function monthOf(local: LocalDateTime | LocalDate): string {
  return local.slice(0, 7);
}

/** "2027-03" → "mars 2027". */
export function formatMonthFr(month: string): string {
  return `${frenchMonthName(Number(month.slice(5, 7)))} ${month.slice(0, 4)}`;
}

function byDateThenId(a: PricingOccurrence, b: PricingOccurrence): number {
  if (a.localStart !== b.localStart) return a.localStart < b.localStart ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Prices one organisation's occurrences of ONE Paris month at its tier: included minutes first
 * (date order), then each occurrence at its cheapest combination with surcharge, then the
 * monthly flat per space. `includedMinutesAlreadyUsed`: credits of that month already consumed
 * (a quote for a new booking). Lines come back in date order.
 */
export function priceMonth(
  occurrences: readonly PricingOccurrence[],
  cards: RateCardTable,
  tier: PricingTier,
  options: { includedMinutesAlreadyUsed?: number } = {},
): MonthPricingResult {
  if (occurrences.length === 0) throw new RangeError("priceMonth : aucune occurrence.");
  const month = monthOf(occurrences[0].localStart);
  if (occurrences.some((o) => monthOf(o.localStart) !== month)) {
    throw new RangeError("priceMonth : les occurrences doivent commencer dans le même mois.");
  }
  const sorted = [...occurrences].sort(byDateThenId);
  const available = Math.max(0, tier.includedMinutesPerMonth - (options.includedMinutesAlreadyUsed ?? 0));
  let credit = available;
  const lines: PricedOccurrence[] = [];
  const problems: PricingProblem[] = [];

  for (const occurrence of sorted) {
    const card = cards[occurrence.spaceId]?.[tier.id];
    if (!card) {
      problems.push({
        occurrenceId: occurrence.id,
        message: `Cet espace n'a pas de grille tarifaire pour le tarif « ${tier.name} ».`,
      });
      continue;
    }
    const seats = occurrence.seats ?? 1;
    if (!Number.isSafeInteger(seats) || seats < 1) throw new RangeError(`priceMonth : nombre de places invalide (${seats}).`);
    const durationMinutes = minutesBetweenLocal(occurrence.localStart, occurrence.localEnd);
    let includedMinutes = 0;
    let combination: PriceCombination = { days: 0, halfDays: 0, halfHours: 0 };
    let baseCents = 0;
    let surchargeCents = 0;
    let failure: string | null = null;
    for (let seat = 0; seat < seats && failure === null; seat++) {
      const used = Math.min(credit, durationMinutes);
      credit -= used;
      includedMinutes += used;
      if (used === durationMinutes) continue;
      const rest = priceRange(addMinutesLocal(occurrence.localStart, used), occurrence.localEnd, card);
      if (!rest.ok) {
        failure = rest.message;
        break;
      }
      combination = addCombination(combination, rest.combination);
      baseCents += rest.baseCents;
      surchargeCents += rest.surchargeCents;
    }
    if (failure !== null) {
      problems.push({ occurrenceId: occurrence.id, message: failure });
      continue;
    }
    lines.push({
      occurrenceId: occurrence.id,
      spaceId: occurrence.spaceId,
      localStart: occurrence.localStart,
      localEnd: occurrence.localEnd,
      durationMinutes,
      seats,
      includedMinutes,
      combination,
      baseCents,
      surchargeCents,
      priceCents: baseCents + surchargeCents,
      coveredByMonthlyFlat: false,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const monthlyFlats: MonthlyFlat[] = [];
  const spaceIds = [...new Set(lines.map((l) => l.spaceId))];
  for (const spaceId of spaceIds) {
    const monthCents = cards[spaceId]?.[tier.id]?.monthCents;
    if (!present(monthCents)) continue;
    const spaceLines = lines.filter((l) => l.spaceId === spaceId);
    const replacedCents = spaceLines.reduce((sum, l) => sum + l.priceCents, 0);
    const seats = Math.max(...spaceLines.map((l) => l.seats));
    const totalCents = monthCents * seats;
    if (replacedCents <= totalCents) continue;
    for (const line of spaceLines) line.coveredByMonthlyFlat = true;
    monthlyFlats.push({ spaceId, seats, unitPriceCents: monthCents, totalCents, replacedCents });
  }
  const totalCents =
    lines.filter((l) => !l.coveredByMonthlyFlat).reduce((sum, l) => sum + l.priceCents, 0) +
    monthlyFlats.reduce((sum, f) => sum + f.totalCents, 0);
  return {
    ok: true,
    month,
    lines,
    monthlyFlats,
    includedMinutesAvailable: available,
    includedMinutesUsed: available - credit,
    totalCents,
  };
}

export type OccurrencesPricingResult =
  | { ok: true; months: MonthPricing[]; totalCents: number }
  | { ok: false; problems: PricingProblem[] };

/**
 * Prices occurrences spanning any number of months: grouped by Paris month (credits reset
 * each month), each month priced with `priceMonth`. `includedMinutesUsedByMonth`: credits
 * already consumed per "YYYY-MM".
 */
export function priceOccurrences(
  occurrences: readonly PricingOccurrence[],
  cards: RateCardTable,
  tier: PricingTier,
  options: { includedMinutesUsedByMonth?: Readonly<Record<string, number>> } = {},
): OccurrencesPricingResult {
  const byMonth = new Map<string, PricingOccurrence[]>();
  for (const occurrence of [...occurrences].sort(byDateThenId)) {
    const month = monthOf(occurrence.localStart);
    byMonth.set(month, [...(byMonth.get(month) ?? []), occurrence]);
  }
  const months: MonthPricing[] = [];
  const problems: PricingProblem[] = [];
  for (const [month, monthOccurrences] of byMonth) {
    const result = priceMonth(monthOccurrences, cards, tier, {
      includedMinutesAlreadyUsed: options.includedMinutesUsedByMonth?.[month] ?? 0,
    });
    if (!result.ok) problems.push(...result.problems);
    else {
      const { ok: _ok, ...pricing } = result;
      months.push(pricing);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, months, totalCents: months.reduce((sum, m) => sum + m.totalCents, 0) };
}

export type SeriesPriceSummary = {
  totalCents: number;
  occurrences: number;
  months: Array<{ month: string; label: string; occurrences: number; includedMinutesUsed: number; totalCents: number }>;
};

/**
 * What the member sees before confirming a series: the total and the total per Paris month
 * (monthly flats included), from `priceOccurrences(...).months`.
 */
export function seriesPriceSummary(months: readonly MonthPricing[]): SeriesPriceSummary {
  const rows = [...months]
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
    .map((m) => ({
      month: m.month,
      label: formatMonthFr(m.month),
      occurrences: m.lines.length,
      includedMinutesUsed: m.includedMinutesUsed,
      totalCents: m.totalCents,
    }));
  return {
    totalCents: rows.reduce((sum, m) => sum + m.totalCents, 0),
    occurrences: rows.reduce((sum, m) => sum + m.occurrences, 0),
    months: rows,
  };
}
