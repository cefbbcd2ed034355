import { describe, expect, it } from "vitest";
import type { VatRate } from "~/domain/invoicing";
import type { PricingOccurrence, PricingTier, RateCard, RateCardTable, TierAssignment } from "~/domain/pricing";
import { includedMinutesUsedByMonth, quoteBooking, type BookingQuote, type QuoteMonth, type QuotePricing } from "~/domain/quote";

// Hand-checked reference card: 15 €/h, 50 € the half-day (4 h), 80 € the day.
const CARD: RateCard = { hourCents: 1500, halfDayCents: 5000, dayCents: 8000 };
// +25 % after 19:00 and on weekends.
const SURCHARGED: RateCard = { ...CARD, surcharge: { percent: 25, evening: { from: "19:00" }, weekend: true } };
// A desk: 15 € the day, 150 € the month per seat.
const DESK: RateCard = { hourCents: 500, dayCents: 1500, monthCents: 15000 };
// Only a monthly rate: it cannot price a single day.
const MONTH_ONLY: RateCard = { monthCents: 20000 };

const tier = (id: string, name: string, includedMinutesPerMonth = 0): PricingTier => ({ id, name, role: null, includedMinutesPerMonth });
const SOCIETAIRE = tier("soc", "Sociétaire", 120);
const PUBLIC = tier("pub", "Tarif public");
const assigned = (t: PricingTier): TierAssignment => ({ tier: t, source: "OVERRIDE", explanation: `Tarif « ${t.name} ».` });

const CARDS: RateCardTable = {
  room: { soc: CARD, pub: CARD },
  evening: { pub: SURCHARGED },
  desk: { pub: DESK },
  odd: { pub: { hourCents: 1505 } },
  monthOnly: { pub: MONTH_ONLY },
};
const NAMES = { room: "Salle Jaurès", evening: "Salle du soir", desk: "Open space", odd: "Salle impaire", monthOnly: "Bureau" };

const FRANCHISE = { franchise: true, rate: 0 as VatRate };
const VAT_20 = { franchise: false, rate: 2000 as VatRate };
const VAT_10 = { franchise: false, rate: 1000 as VatRate };

const scic = (t: PricingTier | null, extra: Partial<Extract<QuotePricing, { kind: "SCIC" }>> = {}): QuotePricing => ({
  kind: "SCIC",
  tier: t ? assigned(t) : null,
  cards: CARDS,
  vat: FRANCHISE,
  spaceNames: NAMES,
  ...extra,
});

const occ = (spaceId: string, localStart: string, localEnd: string, seats?: number): PricingOccurrence => ({
  id: localStart,
  spaceId,
  localStart,
  localEnd,
  ...(seats === undefined ? {} : { seats }),
});
const weekly = (spaceId: string, dates: string[], from: string, to: string) => dates.map((d) => occ(spaceId, `${d}T${from}`, `${d}T${to}`));

type Priced = Extract<BookingQuote, { status: "PRICED" }>;
function priced(quote: BookingQuote): Priced {
  if (quote.status !== "PRICED") throw new Error(`not priced: ${JSON.stringify(quote)}`);
  return quote;
}
const monthRows = (quote: Priced) => quote.months.map((m: QuoteMonth) => [m.month, m.occurrences, m.includedMinutesUsed, m.htCents, m.ttcCents]);

// March 2027: Tue 2, 9, 16, 23, 30; Fri 5; Sat 6. April 2027: Tue 6.
describe("quoteBooking — prices", () => {
  it.each<{
    name: string;
    occurrences: PricingOccurrence[];
    pricing: QuotePricing;
    ht: number;
    ttc: number;
    included: number;
    billed?: string[];
    months: Array<[string, number, number, number, number]>;
  }>([
    {
      name: "one-off 2 h at the public tier",
      occurrences: [occ("room", "2027-03-02T09:00", "2027-03-02T11:00")],
      pricing: scic(PUBLIC),
      ht: 3000,
      ttc: 3000,
      included: 0,
      billed: ["2 h"],
      months: [["2027-03", 1, 0, 3000, 3000]],
    },
    {
      name: "one-off 5 h = half-day + 1 h",
      occurrences: [occ("room", "2027-03-02T09:00", "2027-03-02T14:00")],
      pricing: scic(PUBLIC),
      ht: 6500,
      ttc: 6500,
      included: 0,
      billed: ["1 demi-journée + 1 h"],
      months: [["2027-03", 1, 0, 6500, 6500]],
    },
    {
      name: "7 h is capped at the day rate",
      occurrences: [occ("room", "2027-03-02T09:00", "2027-03-02T16:00")],
      pricing: scic(PUBLIC),
      ht: 8000,
      ttc: 8000,
      included: 0,
      billed: ["1 journée"],
      months: [["2027-03", 1, 0, 8000, 8000]],
    },
    {
      name: "5 h with VAT at 20 %: TTC = HT + VAT",
      occurrences: [occ("room", "2027-03-02T09:00", "2027-03-02T14:00")],
      pricing: scic(PUBLIC, { vat: VAT_20 }),
      ht: 6500,
      ttc: 7800,
      included: 0,
      months: [["2027-03", 1, 0, 6500, 7800]],
    },
    {
      name: "a weekly series spanning March and April, per month",
      occurrences: weekly("room", ["2027-03-23", "2027-03-30", "2027-04-06"], "14:00", "16:00"),
      pricing: scic(PUBLIC, { vat: VAT_20 }),
      ht: 9000,
      ttc: 10800,
      included: 0,
      months: [
        ["2027-03", 2, 0, 6000, 7200],
        ["2027-04", 1, 0, 3000, 3600],
      ],
    },
    {
      name: "included hours: 2 h a month, used first in date order, reset in April",
      occurrences: weekly("room", ["2027-03-30", "2027-03-23", "2027-04-06"], "14:00", "16:00"),
      pricing: scic(SOCIETAIRE),
      ht: 3000,
      ttc: 3000,
      included: 240,
      billed: ["", "2 h", ""],
      months: [
        ["2027-03", 2, 120, 3000, 3000],
        ["2027-04", 1, 120, 0, 0],
      ],
    },
    {
      name: "included hours partly used by other bookings this month (1 h of 2 h left)",
      occurrences: [occ("room", "2027-03-09T09:00", "2027-03-09T11:00")],
      pricing: scic(SOCIETAIRE, { includedMinutesUsedByMonth: { "2027-03": 60, "2027-04": 120 } }),
      ht: 1500,
      ttc: 1500,
      included: 60,
      billed: ["1 h"],
      months: [["2027-03", 1, 60, 1500, 1500]],
    },
    {
      name: "included hours all used this month: full price",
      occurrences: [occ("room", "2027-03-09T09:00", "2027-03-09T11:00")],
      pricing: scic(SOCIETAIRE, { includedMinutesUsedByMonth: { "2027-03": 180 } }),
      ht: 3000,
      ttc: 3000,
      included: 0,
      months: [["2027-03", 1, 0, 3000, 3000]],
    },
    {
      name: "evening surcharge: 18:00–20:00 on a Tuesday, 1 h of 2 in the evening (+25 % × ½)",
      occurrences: [occ("evening", "2027-03-02T18:00", "2027-03-02T20:00")],
      pricing: scic(PUBLIC),
      ht: 3375,
      ttc: 3375,
      included: 0,
      months: [["2027-03", 1, 0, 3375, 3375]],
    },
    {
      name: "weekend surcharge: Saturday 10:00–12:00 (+25 %)",
      occurrences: [occ("evening", "2027-03-06T10:00", "2027-03-06T12:00")],
      pricing: scic(PUBLIC),
      ht: 3750,
      ttc: 3750,
      included: 0,
      months: [["2027-03", 1, 0, 3750, 3750]],
    },
    {
      name: "VAT rounded per line like the invoice: 3 × 1 h 30 at 15,05 €/h, 10 %",
      occurrences: weekly("odd", ["2027-03-02", "2027-03-09", "2027-03-16"], "09:00", "10:30"),
      pricing: scic(PUBLIC, { vat: VAT_10 }),
      // 22,58 € a line (22,575 rounded once); VAT 2,26 € a line, not 6,77 € on the total.
      ht: 3 * 2258,
      ttc: 3 * (2258 + 226),
      included: 0,
      months: [["2027-03", 3, 0, 6774, 7452]],
    },
    {
      name: "a desk booked 11 days in March costs the monthly flat",
      occurrences: weekly(
        "desk",
        ["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04", "2027-03-05", "2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12", "2027-03-15"],
        "09:00",
        "17:00",
      ),
      pricing: scic(PUBLIC),
      ht: 15000,
      ttc: 15000,
      included: 0,
      months: [["2027-03", 11, 0, 15000, 15000]],
    },
  ])("$name", ({ occurrences, pricing, ht, ttc, included, billed, months }) => {
    const quote = priced(quoteBooking({ occurrences, pricing }));
    expect(quote.htCents).toBe(ht);
    expect(quote.ttcCents).toBe(ttc);
    expect(quote.vatCents).toBe(ttc - ht);
    expect(quote.includedMinutesUsed).toBe(included);
    expect(quote.occurrences).toBe(occurrences.length);
    if (billed) expect(quote.lines.map((l) => l.billed)).toEqual(billed);
    expect(monthRows(quote)).toEqual(months);
  });

  it("lines come back in date order, with their surcharge", () => {
    const quote = priced(quoteBooking({ occurrences: [occ("evening", "2027-03-06T10:00", "2027-03-06T12:00"), occ("evening", "2027-03-02T18:00", "2027-03-02T20:00")], pricing: scic(PUBLIC) }));
    expect(quote.lines.map((l) => [l.localStart, l.surchargeCents, l.htCents])).toEqual([
      ["2027-03-02T18:00", 375, 3375],
      ["2027-03-06T10:00", 750, 3750],
    ]);
  });

  it("names the tier, says whether VAT applies and gives the franchise mention", () => {
    const franchise = priced(quoteBooking({ occurrences: [occ("room", "2027-03-02T09:00", "2027-03-02T11:00")], pricing: scic(SOCIETAIRE) }));
    expect([franchise.tierName, franchise.tierExplanation, franchise.vatApplies, franchise.vatMention]).toEqual([
      "Sociétaire",
      "Tarif « Sociétaire ».",
      false,
      "TVA non applicable, art. 293 B du CGI",
    ]);
    const vat = priced(quoteBooking({ occurrences: [occ("room", "2027-03-02T09:00", "2027-03-02T11:00")], pricing: scic(PUBLIC, { vat: VAT_20 }) }));
    expect([vat.vatApplies, vat.vatRate, vat.vatMention]).toEqual([true, 2000, null]);
  });

  it("nothing to book: a zero quote, no month", () => {
    expect(quoteBooking({ occurrences: [], pricing: scic(PUBLIC) })).toMatchObject({ status: "PRICED", htCents: 0, ttcCents: 0, months: [], lines: [] });
  });
});

describe("quoteBooking — no price", () => {
  it.each<[string, PricingOccurrence[], QuotePricing, BookingQuote]>([
    [
      "a space without rate card for the tier",
      [occ("evening", "2027-03-02T09:00", "2027-03-02T11:00")],
      scic(SOCIETAIRE),
      {
        status: "UNDEFINED",
        message: "Tarif non défini : cet espace n'a pas de grille tarifaire pour le tarif « Sociétaire ». Le lieu vous indiquera son prix.",
      },
    ],
    [
      "a card with only a monthly rate",
      [occ("monthOnly", "2027-03-02T09:00", "2027-03-02T11:00")],
      scic(PUBLIC),
      {
        status: "UNDEFINED",
        message: "Tarif non défini : la grille tarifaire ne prévoit aucun tarif à l'heure, à la demi-journée ou à la journée. Le lieu vous indiquera son prix.",
      },
    ],
    [
      "a SCIC without tiers yet",
      [occ("room", "2027-03-02T09:00", "2027-03-02T11:00")],
      scic(null),
      { status: "UNDEFINED", message: "Tarif non défini : la coopérative n'a pas encore défini ses tarifs. Le lieu vous indiquera son prix." },
    ],
    [
      "a space not owned by a SCIC",
      [occ("room", "2027-03-02T09:00", "2027-03-02T11:00")],
      { kind: "FREE", reason: "NOT_A_SCIC" },
      { status: "FREE", message: "Gratuit : cet espace n'est pas facturé par une coopérative (SCIC)." },
    ],
    [
      "the SCIC booking its own space",
      [occ("room", "2027-03-02T09:00", "2027-03-02T11:00")],
      { kind: "FREE", reason: "OWN_SPACE" },
      { status: "FREE", message: "Gratuit : réservation d'un espace de votre propre coopérative, non facturée." },
    ],
  ])("%s", (_name, occurrences, pricing, expected) => {
    expect(quoteBooking({ occurrences, pricing })).toEqual(expected);
  });
});

describe("includedMinutesUsedByMonth", () => {
  it("counts minutes × seats per Paris month, capped at the tier's credit", () => {
    expect(
      includedMinutesUsedByMonth(
        [
          occ("room", "2027-03-02T09:00", "2027-03-02T10:00"),
          occ("desk", "2027-03-03T09:00", "2027-03-03T09:30", 2),
          occ("room", "2027-04-06T09:00", "2027-04-06T13:00"),
          // Starts in March, ends in April: March's.
          occ("room", "2027-03-31T23:00", "2027-04-01T00:30"),
        ],
        SOCIETAIRE,
      ),
    ).toEqual({ "2027-03": 120, "2027-04": 120 });
    expect(includedMinutesUsedByMonth([occ("room", "2027-03-02T09:00", "2027-03-02T10:00")], SOCIETAIRE)).toEqual({ "2027-03": 60 });
    expect(includedMinutesUsedByMonth([occ("room", "2027-03-02T09:00", "2027-03-02T10:00")], PUBLIC)).toEqual({ "2027-03": 0 });
  });
});
