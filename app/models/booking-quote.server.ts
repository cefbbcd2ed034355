// The price of a booking before it is confirmed (issue #5). Loads what the billing run would use
// — the owner SCIC's tiers, rate cards, billing settings, the organisation's tier and the included
// hours its other bookings already use — and prices with app/domain/quote.ts, which reuses the
// billing run's own functions (docs/decisions/0007-pricing-and-invoicing-rules.md). Read only,
// every query scoped by the SCIC that owns the space.
import type { Db } from "~/db.server";
import type { PricingOccurrence } from "~/domain/pricing";
import { includedMinutesUsedByMonth, quoteBooking, type BookingQuote } from "~/domain/quote";
import { addDaysLocal, type LocalDate, type LocalDateTime } from "~/domain/time";
import { monthBounds } from "./billing.server";
import { assignTier, getBillingSettings, listRateCards, listTiers, rateCardTable } from "./pricing-settings.server";
import { ACTIVE_STATUSES } from "./space-planning.server";

/**
 * The quote of `occurrences` (the bookable dates of a preview) of `spaceId` for `organizationId`.
 * The tier is the one the billing run would apply to the first month (read at its last day);
 * included hours already used are those of the organisation's pending and confirmed bookings of
 * the SCIC's spaces in each month.
 */
export async function quoteForBooking(
  db: Db,
  input: {
    spaceId: string;
    organizationId: string;
    occurrences: ReadonlyArray<{ localStart: LocalDateTime; localEnd: LocalDateTime }>;
    seats: number;
    today: LocalDate;
  },
): Promise<BookingQuote> {
  const space = await db.space.findUnique({
    where: { id: input.spaceId },
    select: { id: true, kind: true, organization: { select: { id: true, kind: true } } },
  });
  if (!space || space.organization.kind !== "SCIC") return quoteBooking({ occurrences: [], pricing: { kind: "FREE", reason: "NOT_A_SCIC" } });
  const scicId = space.organization.id;
  if (scicId === input.organizationId) return quoteBooking({ occurrences: [], pricing: { kind: "FREE", reason: "OWN_SPACE" } });

  const occurrences: PricingOccurrence[] = input.occurrences.map((o) => ({
    id: o.localStart,
    spaceId: space.id,
    localStart: o.localStart,
    localEnd: o.localEnd,
    // As createBooking: a room is booked whole (1), a desk pool by its seats.
    seats: space.kind === "DESK_POOL" ? input.seats : 1,
  }));
  const months = [...new Set(occurrences.map((o) => o.localStart.slice(0, 7)))].sort();
  const [settings, tiers, cardRows, spaces] = await Promise.all([
    getBillingSettings(db, { scicId }),
    listTiers(db, { scicId }),
    listRateCards(db, { scicId }),
    db.space.findMany({ where: { organizationId: scicId }, select: { id: true, name: true } }),
  ]);
  // As runMonthlyBilling: the tier at the last day of the (first) month billed.
  const tierDate = months.length > 0 ? monthBounds(months[0]).to : input.today;
  let tier;
  try {
    tier = await assignTier(db, { scicId, organizationId: input.organizationId, date: tierDate, tiers });
  } catch (error) {
    // No public tier yet, or an override to a deleted tier: no price rather than a 500.
    if (!(error instanceof RangeError)) throw error;
    tier = null;
  }
  const used =
    tier && tier.tier.includedMinutesPerMonth > 0 && months.length > 0
      ? includedMinutesUsedByMonth(
          await db.occurrence.findMany({
            where: {
              organizationId: input.organizationId,
              space: { organizationId: scicId },
              status: { in: [...ACTIVE_STATUSES] },
              localStart: { gte: `${months[0]}-01T00:00`, lt: `${addDaysLocal(monthBounds(months[months.length - 1]).to, 1)}T00:00` },
            },
            select: { id: true, spaceId: true, localStart: true, localEnd: true, seats: true },
          }),
          tier.tier,
        )
      : {};
  return quoteBooking({
    occurrences,
    pricing: {
      kind: "SCIC",
      tier,
      cards: rateCardTable(cardRows, settings.surchargeRule),
      vat: { franchise: settings.vatFranchise, rate: settings.vatRate },
      includedMinutesUsedByMonth: used,
      spaceNames: Object.fromEntries(spaces.map((s) => [s.id, s.name])),
    },
  });
}
