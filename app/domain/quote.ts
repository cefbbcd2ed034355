/**
 * The price a member sees before confirming a booking: for a one-off its price HT (and TTC when
 * VAT applies), for a series the total and the amount of each Paris month, the tier applied and
 * the included hours the booking would use.
 *
 * Pure module: no Remix, no Prisma, no I/O. It prices with the very functions the monthly
 * billing run uses (app/models/billing.server.ts): `priceOccurrences` → `priceMonth` for the
 * amounts, then `occurrenceLine` / `monthlyFlatLine` / `computeLine` / `computeTotals` for the
 * invoice lines, their per-line VAT rounding and the totals. So a month holding only these
 * occurrences is invoiced exactly what the quote says, to the cent
 * (docs/decisions/0007-pricing-and-invoicing-rules.md).
 *
 * What stays an estimate (stated in the ADR): included hours already used by other bookings of
 * the month (`includedMinutesUsedByMonth`) are taken as used before this booking, whatever their
 * dates; the billing run consumes them in date order, so an earlier booking added or cancelled
 * later can move credits between bookings. The caller chooses the tier (the models read it at the
 * last day of the first month, as the billing run does).
 */
import {
  computeLine,
  computeTotals,
  monthlyFlatLine,
  occurrenceLine,
  VAT_FRANCHISE_MENTION,
  type VatRate,
} from "./invoicing";
import {
  describeCombination,
  formatMonthFr,
  monthOf,
  priceOccurrences,
  type PricingOccurrence,
  type PricingTier,
  type RateCardTable,
  type TierAssignment,
} from "./pricing";
import { minutesBetweenLocal, type LocalDateTime } from "./time";

/** Why a booking is not billed at all. */
export type FreeReason =
  /** The space belongs to a collectivité or a structure, not to a SCIC: the app bills nothing. */
  | "NOT_A_SCIC"
  /** The SCIC books its own space: the billing run never invoices it. */
  | "OWN_SPACE";

export type QuotePricing =
  | { kind: "FREE"; reason: FreeReason }
  | {
      kind: "SCIC";
      /** The organisation's tier (`tierFor`), null when the SCIC has no tier for it (no public tier yet). */
      tier: TierAssignment | null;
      cards: RateCardTable;
      vat: { franchise: boolean; rate: VatRate };
      /** Included minutes already used per Paris month "YYYY-MM" by the organisation's other bookings. */
      includedMinutesUsedByMonth?: Readonly<Record<string, number>>;
      /** spaceId → name, for the line descriptions (the same as on the invoice). */
      spaceNames?: Readonly<Record<string, string>>;
    };

export type QuoteLine = {
  occurrenceId: string;
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  includedMinutes: number;
  /** "1 demi-journée + 1 h", "" when included hours cover it all. */
  billed: string;
  surchargeCents: number;
  coveredByMonthlyFlat: boolean;
  htCents: number;
  ttcCents: number;
};

export type QuoteMonth = {
  /** "YYYY-MM" (Paris). */
  month: string;
  /** "mars 2027". */
  label: string;
  occurrences: number;
  includedMinutesAvailable: number;
  includedMinutesUsed: number;
  /** A monthly desk flat replaces the occurrences' prices this month. */
  monthlyFlat: boolean;
  htCents: number;
  vatCents: number;
  ttcCents: number;
};

export type BookingQuote =
  | { status: "FREE"; message: string }
  /** The price cannot be computed (no tier, no rate card): said in French, never thrown. */
  | { status: "UNDEFINED"; message: string }
  | {
      status: "PRICED";
      tierName: string;
      tierExplanation: string;
      /** VAT is charged (not under the franchise, rate above 0): show TTC next to HT. */
      vatApplies: boolean;
      vatRate: VatRate;
      /** "TVA non applicable, art. 293 B du CGI" under the franchise, else null. */
      vatMention: string | null;
      occurrences: number;
      includedMinutesUsed: number;
      htCents: number;
      vatCents: number;
      ttcCents: number;
      /** Chronological. */
      months: QuoteMonth[];
      /** Chronological, one per occurrence. */
      lines: QuoteLine[];
    };

export const FREE_MESSAGES: Record<FreeReason, string> = {
  NOT_A_SCIC: "Gratuit : cet espace n'est pas facturé par une coopérative (SCIC).",
  OWN_SPACE: "Gratuit : réservation d'un espace de votre propre coopérative, non facturée.",
};

export const UNDEFINED_PREFIX = "Tarif non défini";

function undefinedQuote(reason: string): BookingQuote {
  return {
    status: "UNDEFINED",
    message: `${UNDEFINED_PREFIX} : ${reason.charAt(0).toLowerCase()}${reason.slice(1).replace(/\.$/, "")}. Le lieu vous indiquera son prix.`,
  };
}

/**
 * Included minutes the organisation's existing bookings use in each Paris month: per month,
 * min(credit of the tier, Σ wall-clock minutes × seats) — what `priceMonth` consumes from them.
 */
export function includedMinutesUsedByMonth(existing: readonly PricingOccurrence[], tier: PricingTier): Record<string, number> {
  const minutes: Record<string, number> = {};
  for (const occurrence of existing) {
    const month = monthOf(occurrence.localStart);
    minutes[month] = (minutes[month] ?? 0) + minutesBetweenLocal(occurrence.localStart, occurrence.localEnd) * (occurrence.seats ?? 1);
  }
  return Object.fromEntries(Object.entries(minutes).map(([month, used]) => [month, Math.min(used, tier.includedMinutesPerMonth)]));
}

/**
 * The quote of the planned (bookable) occurrences of one request. Never throws for missing
 * prices: a SCIC without tier for the organisation, or a space without rate card for its tier,
 * gives `UNDEFINED` with a French message.
 */
export function quoteBooking(input: { occurrences: readonly PricingOccurrence[]; pricing: QuotePricing }): BookingQuote {
  const { pricing } = input;
  if (pricing.kind === "FREE") return { status: "FREE", message: FREE_MESSAGES[pricing.reason] };
  if (!pricing.tier) return undefinedQuote("La coopérative n'a pas encore défini ses tarifs.");
  const { tier, explanation } = pricing.tier;
  const vatApplies = !pricing.vat.franchise && pricing.vat.rate > 0;
  const vatRate: VatRate = pricing.vat.franchise ? 0 : pricing.vat.rate;
  const base = {
    status: "PRICED" as const,
    tierName: tier.name,
    tierExplanation: explanation,
    vatApplies,
    vatRate,
    vatMention: pricing.vat.franchise ? VAT_FRANCHISE_MENTION : null,
  };
  if (input.occurrences.length === 0) {
    return { ...base, occurrences: 0, includedMinutesUsed: 0, htCents: 0, vatCents: 0, ttcCents: 0, months: [], lines: [] };
  }
  const priced = priceOccurrences(input.occurrences, pricing.cards, tier, {
    includedMinutesUsedByMonth: pricing.includedMinutesUsedByMonth ?? {},
  });
  if (!priced.ok) return undefinedQuote(priced.problems[0].message);

  const spaceName = (spaceId: string) => pricing.spaceNames?.[spaceId] ?? "Espace";
  const months: QuoteMonth[] = [];
  const lines: QuoteLine[] = [];
  for (const month of priced.months) {
    // The invoice lines of the month, exactly as runMonthlyBilling writes them.
    const occurrenceLines = month.lines.map((line) =>
      computeLine(occurrenceLine(line, { spaceName: spaceName(line.spaceId), tierName: tier.name, vatRate })),
    );
    const flatLines = month.monthlyFlats.map((flat) =>
      computeLine(monthlyFlatLine(flat, { spaceName: spaceName(flat.spaceId), month: month.month, vatRate })),
    );
    const totals = computeTotals([...occurrenceLines, ...flatLines]);
    months.push({
      month: month.month,
      label: formatMonthFr(month.month),
      occurrences: month.lines.length,
      includedMinutesAvailable: month.includedMinutesAvailable,
      includedMinutesUsed: month.includedMinutesUsed,
      monthlyFlat: flatLines.length > 0,
      htCents: totals.htCents,
      vatCents: totals.vatCents,
      ttcCents: totals.ttcCents,
    });
    month.lines.forEach((line, index) => {
      lines.push({
        occurrenceId: line.occurrenceId,
        localStart: line.localStart,
        localEnd: line.localEnd,
        includedMinutes: line.includedMinutes,
        billed: describeCombination(line.combination),
        surchargeCents: line.surchargeCents,
        coveredByMonthlyFlat: line.coveredByMonthlyFlat,
        htCents: occurrenceLines[index].amountHtCents,
        ttcCents: occurrenceLines[index].amountTtcCents,
      });
    });
  }
  const total = (pick: (month: QuoteMonth) => number) => months.reduce((acc, month) => acc + pick(month), 0);
  return {
    ...base,
    occurrences: lines.length,
    includedMinutesUsed: total((m) => m.includedMinutesUsed),
    htCents: total((m) => m.htCents),
    vatCents: total((m) => m.vatCents),
    ttcCents: total((m) => m.ttcCents),
    months,
    lines,
  };
}
