import { describe, expect, it } from "vitest";
import {
  cheapestPrice,
  describeCombination,
  divideRounded,
  formatEuros,
  formatMonthFr,
  halfHoursPrice,
  monthOf,
  parseEurosToCents,
  priceMonth,
  priceOccurrences,
  priceRange,
  rateCardSchema,
  seriesPriceSummary,
  surchargeMinutes,
  surchargeRuleSchema,
  tierFor,
  tierOverrideSchema,
  validateTiers,
  type MonthPricing,
  type PriceCombination,
  type PricingOccurrence,
  type PricingTier,
  type RateCard,
  type RateCardTable,
} from "~/domain/pricing";

// Hand-checked reference card: 15 €/h, 50 € the half-day (4 h), 80 € the day.
const CARD: RateCard = { hourCents: 1500, halfDayCents: 5000, dayCents: 8000 };
// Evening after 19:00 and weekends, +25 %.
const SURCHARGED: RateCard = { ...CARD, surcharge: { percent: 25, evening: { from: "19:00" }, weekend: true } };
const combo = (days: number, halfDays: number, halfHours: number): PriceCombination => ({ days, halfDays, halfHours });

// March 2027: Mon 22, Tue 23, Fri 26, Sat 27, Sun 28 (spring DST change, 02:00 → 03:00).
// October 2027: Sun 31 (autumn DST change, 03:00 → 02:00).

describe("money helpers", () => {
  it.each([
    [5, 2, 3],
    [-5, 2, -3],
    [4, 2, 2],
    [7, 3, 2],
    [8, 3, 3],
    [-7, 3, -2],
    [-8, 3, -3],
    [1, 3, 0],
    [0, 5, 0],
    [100005, 10, 10001],
  ])("divideRounded(%i, %i) = %i (halves away from zero)", (numerator, denominator, expected) => {
    expect(divideRounded(numerator, denominator)).toBe(expected);
  });

  it("divideRounded never returns -0", () => {
    expect(Object.is(divideRounded(-1, 3), 0)).toBe(true);
  });

  it("divideRounded refuses non-integers and non-positive denominators", () => {
    expect(() => divideRounded(1.5, 2)).toThrow(RangeError);
    expect(() => divideRounded(1, 0)).toThrow(RangeError);
  });

  it.each<[unknown, number | null]>([
    ["12,50", 1250],
    ["12.5", 1250],
    ["1 234", 123400],
    ["0", 0],
    [12.5, 1250],
    ["12,345", null],
    ["-3", null],
    ["", null],
    ["douze", null],
  ])("parseEurosToCents(%j) = %j", (input, expected) => {
    expect(parseEurosToCents(input)).toBe(expected);
  });

  it.each([
    [123450, "1 234,50 €"],
    [-550, "-5,50 €"],
    [0, "0,00 €"],
    [100000000, "1 000 000,00 €"],
  ])("formatEuros(%i) = %s", (cents, expected) => {
    expect(formatEuros(cents)).toBe(expected);
  });

  it.each([
    [3, 1505, 2258], // 3 × 15,05 € ÷ 2 = 22,575 € → 22,58 €
    [1, 1505, 753],
    [2, 1505, 1505],
    [3, 1500, 2250],
  ])("halfHoursPrice(%i, %i) = %i", (halfHours, hourCents, expected) => {
    expect(halfHoursPrice(halfHours, hourCents)).toBe(expected);
  });
});

describe("cheapestPrice (one calendar day)", () => {
  it.each<[string, number, number, PriceCombination]>([
    ["30 min", 30, 750, combo(0, 0, 1)],
    ["1 h", 60, 1500, combo(0, 0, 2)],
    ["70 min is billed 1 h 30 (started half-hour)", 70, 2250, combo(0, 0, 3)],
    ["90 min", 90, 2250, combo(0, 0, 3)],
    ["3 h 30 costs a half-day when it is cheaper than hours", 210, 5000, combo(0, 1, 0)],
    ["4 h = a half-day", 240, 5000, combo(0, 1, 0)],
    ["5 h = half-day + 1 h", 300, 6500, combo(0, 1, 2)],
    ["5 h 30 = half-day + 1 h 30", 330, 7250, combo(0, 1, 3)],
    ["6 h ties with the day: the day is chosen", 360, 8000, combo(1, 0, 0)],
    ["7 h is capped at the day rate", 420, 8000, combo(1, 0, 0)],
    ["9 h = the day", 540, 8000, combo(1, 0, 0)],
    ["24 h = the day", 1440, 8000, combo(1, 0, 0)],
    ["nothing", 0, 0, combo(0, 0, 0)],
  ])("%s", (_label, minutes, priceCents, combination) => {
    expect(cheapestPrice(minutes, CARD)).toEqual({ ok: true, priceCents, combination });
  });

  it.each<[string, RateCard, number, number, PriceCombination]>([
    ["no day rate: 9 h = 2 half-days + 1 h", { hourCents: 1500, halfDayCents: 5000 }, 540, 11500, combo(0, 2, 2)],
    ["hourly only: 9 h = 18 half-hours", { hourCents: 1500 }, 540, 13500, combo(0, 0, 18)],
    ["half-day only: 5 h = 2 half-days", { halfDayCents: 5000 }, 300, 10000, combo(0, 2, 0)],
    ["half-day only: 1 h = 1 half-day", { halfDayCents: 5000 }, 60, 5000, combo(0, 1, 0)],
    ["day only: 1 h = the day", { dayCents: 8000 }, 60, 8000, combo(1, 0, 0)],
    ["no half-day rate: 5 h at the hour is below the day", { hourCents: 1500, dayCents: 8000, halfDayCents: null }, 300, 7500, combo(0, 0, 10)],
    ["odd hourly rate: 1 h 30 at 15,05 €", { hourCents: 1505 }, 90, 2258, combo(0, 0, 3)],
    ["free tier", { hourCents: 0, halfDayCents: 0, dayCents: 0 }, 300, 0, combo(1, 0, 0)],
    ["a tie between 8 half-hours and a half-day: the half-day is chosen", { hourCents: 1250, halfDayCents: 5000 }, 240, 5000, combo(0, 1, 0)],
  ])("missing rates — %s", (_label, card, minutes, priceCents, combination) => {
    expect(cheapestPrice(minutes, card)).toEqual({ ok: true, priceCents, combination });
  });

  it.each<[string, RateCard]>([
    ["an empty card", {}],
    ["a card with only a monthly rate", { monthCents: 15000 }],
    ["a card with null rates", { hourCents: null, halfDayCents: null, dayCents: null }],
  ])("fails on %s", (_label, card) => {
    expect(cheapestPrice(60, card)).toEqual({
      ok: false,
      message: "La grille tarifaire ne prévoit aucun tarif à l'heure, à la demi-journée ou à la journée.",
    });
  });

  it.each([-1, 1441, 1.5])("refuses the duration %s", (minutes) => {
    expect(() => cheapestPrice(minutes, CARD)).toThrow(RangeError);
  });
});

describe("describeCombination", () => {
  it.each<[PriceCombination, string]>([
    [combo(1, 0, 0), "1 journée"],
    [combo(2, 1, 3), "2 journées + 1 demi-journée + 1 h 30"],
    [combo(0, 2, 0), "2 demi-journées"],
    [combo(0, 1, 2), "1 demi-journée + 1 h"],
    [combo(0, 0, 1), "30 min"],
    [combo(0, 0, 0), ""],
  ])("%j → %s", (combination, expected) => {
    expect(describeCombination(combination)).toBe(expected);
  });
});

describe("priceRange (calendar days, surcharge)", () => {
  it("prices a two-hour meeting", () => {
    expect(priceRange("2027-03-23T14:00", "2027-03-23T16:00", CARD)).toEqual({
      ok: true,
      minutes: 120,
      combination: combo(0, 0, 4),
      baseCents: 3000,
      surchargeCents: 0,
      priceCents: 3000,
      days: [
        {
          date: "2027-03-23",
          fromMinute: 840,
          toMinute: 960,
          minutes: 120,
          combination: combo(0, 0, 4),
          baseCents: 3000,
          surchargeMinutes: 0,
          surchargeCents: 0,
        },
      ],
    });
  });

  it("prices two whole days as two days", () => {
    const price = priceRange("2027-03-23T00:00", "2027-03-25T00:00", CARD);
    expect(price.ok && [price.priceCents, price.combination, price.days.map((d) => [d.date, d.minutes, d.baseCents])]).toEqual([
      16000,
      combo(2, 0, 0),
      [
        ["2027-03-23", 1440, 8000],
        ["2027-03-24", 1440, 8000],
      ],
    ]);
  });

  it("prices each calendar day on its own (20:00 → 02:00 = 4 h + 2 h)", () => {
    const price = priceRange("2027-03-23T20:00", "2027-03-24T02:00", CARD);
    expect(price.ok && [price.priceCents, price.combination, price.days.map((d) => [d.date, d.fromMinute, d.toMinute, d.baseCents])]).toEqual([
      8000,
      combo(0, 1, 4),
      [
        ["2027-03-23", 1200, 1440, 5000],
        ["2027-03-24", 0, 120, 3000],
      ],
    ]);
  });

  it("prices a booking from 09:00 to 11:00 the next day as two days", () => {
    const price = priceRange("2027-03-22T09:00", "2027-03-23T11:00", CARD);
    expect(price.ok && price.priceCents).toBe(16000);
  });

  it.each([
    ["spring: 01:00 → 06:00 is 5 h on the wall clock (4 h elapsed)", "2027-03-28T01:00", "2027-03-28T06:00"],
    ["autumn: 01:00 → 06:00 is 5 h on the wall clock (6 h elapsed)", "2027-10-31T01:00", "2027-10-31T06:00"],
  ])("DST — %s", (_label, start, end) => {
    const price = priceRange(start, end, CARD);
    expect(price.ok && [price.minutes, price.priceCents, price.combination]).toEqual([300, 6500, combo(0, 1, 2)]);
  });

  it.each<[string, string, string, RateCard, number, number, number]>([
    // 4 h: half-day 50 €; 180 of 240 min after 19:00: 5000 × 180/240 × 25 % = 937,5 → 938.
    ["evening: 18:00–22:00 on a Tuesday", "2027-03-23T18:00", "2027-03-23T22:00", SURCHARGED, 5000, 180, 938],
    ["nothing before 19:00 on a weekday", "2027-03-23T14:00", "2027-03-23T16:00", SURCHARGED, 3000, 0, 0],
    ["ends exactly at 19:00", "2027-03-23T17:00", "2027-03-23T19:00", SURCHARGED, 3000, 0, 0],
    ["weekend: Saturday morning, all minutes", "2027-03-27T10:00", "2027-03-27T12:00", SURCHARGED, 3000, 120, 750],
    // 3 h at the hour (45 €) beats the half-day; weekend and evening minutes count once.
    ["Saturday evening counts each minute once", "2027-03-27T18:00", "2027-03-27T21:00", SURCHARGED, 4500, 180, 1125],
    ["weekend only rule on a Tuesday evening", "2027-03-23T19:00", "2027-03-23T21:00", { ...CARD, surcharge: { percent: 25, weekend: true } }, 3000, 0, 0],
    ["evening only rule on a Saturday morning", "2027-03-27T10:00", "2027-03-27T12:00", { ...CARD, surcharge: { percent: 25, evening: { from: "19:00" } } }, 3000, 0, 0],
    ["10 % on 1 h 30 after 19:00", "2027-03-23T19:00", "2027-03-23T20:30", { ...CARD, surcharge: { percent: 10, evening: { from: "19:00" } } }, 2250, 90, 225],
    // 6 h = day (80 €); window 19:00–23:00 = 240 of 360 min: 8000 × 240/360 × 25 % = 1333,33 → 1333.
    ["evening window 19:00–23:00", "2027-03-23T18:00", "2027-03-24T00:00", { ...CARD, surcharge: { percent: 25, evening: { from: "19:00", until: "23:00" } } }, 8000, 240, 1333],
  ])("surcharge — %s", (_label, start, end, card, baseCents, minutes, surchargeCents) => {
    const price = priceRange(start, end, card);
    expect(price.ok && [price.baseCents, price.days[0].surchargeMinutes, price.surchargeCents, price.priceCents]).toEqual([
      baseCents,
      minutes,
      surchargeCents,
      baseCents + surchargeCents,
    ]);
  });

  it("surcharge — Friday 22:00 to Saturday 02:00: evening on Friday, weekend on Saturday", () => {
    const price = priceRange("2027-03-26T22:00", "2027-03-27T02:00", SURCHARGED);
    expect(price.ok && price.days.map((d) => [d.date, d.baseCents, d.surchargeMinutes, d.surchargeCents])).toEqual([
      ["2027-03-26", 3000, 120, 750],
      ["2027-03-27", 3000, 120, 750],
    ]);
    expect(price.ok && price.priceCents).toBe(7500);
  });

  it("surcharge — an evening window running past midnight until 08:00", () => {
    const card: RateCard = { ...CARD, surcharge: { percent: 25, evening: { from: "22:00", until: "08:00" } } };
    const price = priceRange("2027-03-23T22:00", "2027-03-24T10:00", card);
    // Tue 22–24: 2 h (30 €), all evening: 7,50 €. Wed 00–10: day (80 €), 480 of 600 min: 16 €.
    expect(price.ok && price.days.map((d) => [d.date, d.baseCents, d.surchargeMinutes, d.surchargeCents])).toEqual([
      ["2027-03-23", 3000, 120, 750],
      ["2027-03-24", 8000, 480, 1600],
    ]);
    expect(price.ok && price.priceCents).toBe(13350);
  });

  it.each<[string, number, number, number]>([
    ["weekday evening 18:00–22:00", 1080, 1320, 180],
    ["weekday morning", 540, 720, 0],
  ])("surchargeMinutes — %s", (_label, from, to, expected) => {
    expect(surchargeMinutes("2027-03-23", from, to, { percent: 25, evening: { from: "19:00" } })).toBe(expected);
  });

  it("surchargeMinutes — weekend, and a rule with no window", () => {
    expect(surchargeMinutes("2027-03-28", 540, 720, { percent: 25, weekend: true })).toBe(180);
    expect(surchargeMinutes("2027-03-28", 540, 720, { percent: 25 })).toBe(0);
  });

  it("reports a card that cannot price", () => {
    expect(priceRange("2027-03-23T14:00", "2027-03-23T16:00", { monthCents: 15000 })).toEqual({
      ok: false,
      message: "La grille tarifaire ne prévoit aucun tarif à l'heure, à la demi-journée ou à la journée.",
    });
  });

  it("refuses an empty or reversed range", () => {
    expect(() => priceRange("2027-03-23T16:00", "2027-03-23T16:00", CARD)).toThrow(RangeError);
    expect(() => priceRange("2027-03-23T16:00", "2027-03-23T14:00", CARD)).toThrow(RangeError);
  });
});

// -----------------------------------------------------------------------------------------------
// Months: included hours, monthly flat
// -----------------------------------------------------------------------------------------------

const DESK: RateCard = { hourCents: 300, halfDayCents: 1000, dayCents: 1500, monthCents: 15000 };

const tier = (id: string, name: string, role: PricingTier["role"], includedMinutesPerMonth = 0): PricingTier => ({
  id,
  name,
  role,
  includedMinutesPerMonth,
});
const SOCIETAIRE = tier("soc", "Sociétaire", "SOCIETAIRE", 600);
const PUBLIC = tier("pub", "Tarif public", "PUBLIC");

const CARDS: RateCardTable = {
  jaures: { soc: CARD, pub: CARD },
  open: { soc: DESK, pub: DESK },
  late: { soc: SURCHARGED },
};

const occ = (id: string, spaceId: string, localStart: string, localEnd: string, seats?: number): PricingOccurrence => ({
  id,
  spaceId,
  localStart,
  localEnd,
  ...(seats === undefined ? {} : { seats }),
});

function okMonth(result: ReturnType<typeof priceMonth>) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
}

describe("priceMonth — included hours", () => {
  // Given out of date order on purpose: credits follow the date order.
  const march = [
    occ("o3", "jaures", "2027-03-16T14:00", "2027-03-16T16:00"),
    occ("o1", "jaures", "2027-03-02T09:00", "2027-03-02T12:00"),
    occ("o4", "jaures", "2027-03-23T14:00", "2027-03-23T15:30"),
    occ("o2", "jaures", "2027-03-09T09:00", "2027-03-09T17:00"),
  ];

  it("consumes the 10 included hours first, in date order", () => {
    const result = okMonth(priceMonth(march, CARDS, SOCIETAIRE));
    expect(result.lines.map((l) => [l.occurrenceId, l.includedMinutes, l.combination, l.priceCents])).toEqual([
      ["o1", 180, combo(0, 0, 0), 0],
      // 7 h credited of 8 h: the last hour (16:00–17:00) is billed.
      ["o2", 420, combo(0, 0, 2), 1500],
      ["o3", 0, combo(0, 0, 4), 3000],
      ["o4", 0, combo(0, 0, 3), 2250],
    ]);
    expect([result.month, result.includedMinutesAvailable, result.includedMinutesUsed, result.totalCents]).toEqual(["2027-03", 600, 600, 6750]);
  });

  it("without included hours the same month costs more", () => {
    const result = okMonth(priceMonth(march, CARDS, PUBLIC));
    expect(result.lines.map((l) => l.priceCents)).toEqual([4500, 8000, 3000, 2250]);
    expect([result.includedMinutesUsed, result.totalCents]).toEqual([0, 17750]);
  });

  it("takes credits already used this month into account", () => {
    const result = okMonth(priceMonth(march, CARDS, SOCIETAIRE, { includedMinutesAlreadyUsed: 500 }));
    // 100 min left: o1 (3 h) keeps 80 min billed → 1 h 30.
    expect(result.lines.map((l) => [l.occurrenceId, l.includedMinutes, l.priceCents])).toEqual([
      ["o1", 100, 2250],
      ["o2", 0, 8000],
      ["o3", 0, 3000],
      ["o4", 0, 2250],
    ]);
    expect([result.includedMinutesAvailable, result.includedMinutesUsed, result.totalCents]).toEqual([100, 100, 15500]);
  });

  it("orders same-start occurrences by id", () => {
    const result = okMonth(
      priceMonth(
        [occ("b", "jaures", "2027-03-02T09:00", "2027-03-02T19:00"), occ("a", "jaures", "2027-03-02T09:00", "2027-03-02T10:00")],
        CARDS,
        SOCIETAIRE,
      ),
    );
    // "a" takes 60 min; "b" gets 540 of 600 min: 1 h billed.
    expect(result.lines.map((l) => [l.occurrenceId, l.includedMinutes, l.priceCents])).toEqual([
      ["a", 60, 0],
      ["b", 540, 1500],
    ]);
  });

  it("credits cover the first minutes, so the evening surcharge applies to the billed rest", () => {
    const result = okMonth(priceMonth([occ("e", "late", "2027-03-23T17:00", "2027-03-23T21:00")], CARDS, tier("soc", "Sociétaire", "SOCIETAIRE", 120)));
    // 17:00–19:00 included; 19:00–21:00 billed 30 € + 25 %.
    expect(result.lines.map((l) => [l.includedMinutes, l.baseCents, l.surchargeCents, l.priceCents])).toEqual([[120, 3000, 750, 3750]]);
  });

  it("a multi-seat desk booking uses the credits seat after seat", () => {
    const result = okMonth(priceMonth([occ("d", "open", "2027-03-23T09:00", "2027-03-23T13:00", 2)], CARDS, tier("soc", "Sociétaire", "SOCIETAIRE", 300)));
    // Seat 1: 240 min included. Seat 2: 60 min included, 10:00–13:00 billed 6 half-hours at 3 €/h = 9 €.
    expect(result.lines.map((l) => [l.seats, l.durationMinutes, l.includedMinutes, l.combination, l.priceCents])).toEqual([
      [2, 240, 300, combo(0, 0, 6), 900],
    ]);
  });

  it("reports occurrences without rate card for the tier", () => {
    expect(
      priceMonth(
        [occ("x", "late", "2027-03-23T14:00", "2027-03-23T16:00"), occ("y", "nowhere", "2027-03-24T14:00", "2027-03-24T16:00")],
        CARDS,
        PUBLIC,
      ),
    ).toEqual({
      ok: false,
      problems: [
        { occurrenceId: "x", message: "Cet espace n'a pas de grille tarifaire pour le tarif « Tarif public »." },
        { occurrenceId: "y", message: "Cet espace n'a pas de grille tarifaire pour le tarif « Tarif public »." },
      ],
    });
  });

  it("reports a rate card that cannot price", () => {
    expect(priceMonth([occ("x", "m", "2027-03-23T14:00", "2027-03-23T16:00")], { m: { pub: { monthCents: 100 } } }, PUBLIC)).toEqual({
      ok: false,
      problems: [{ occurrenceId: "x", message: "La grille tarifaire ne prévoit aucun tarif à l'heure, à la demi-journée ou à la journée." }],
    });
  });

  it("refuses occurrences of different months, no occurrence, or no seat", () => {
    expect(() =>
      priceMonth([occ("a", "jaures", "2027-03-31T09:00", "2027-03-31T10:00"), occ("b", "jaures", "2027-04-01T09:00", "2027-04-01T10:00")], CARDS, PUBLIC),
    ).toThrow(new RangeError("priceMonth : les occurrences doivent commencer dans le même mois."));
    expect(() => priceMonth([], CARDS, PUBLIC)).toThrow(RangeError);
    expect(() => priceMonth([occ("a", "open", "2027-03-31T09:00", "2027-03-31T10:00", 0)], CARDS, PUBLIC)).toThrow(RangeError);
  });
});

describe("priceMonth — monthly desk rate", () => {
  const deskDays = (count: number, seats = 1) =>
    Array.from({ length: count }, (_, i) => {
      const day = String(i + 1).padStart(2, "0");
      return occ(`d${day}`, "open", `2027-03-${day}T09:00`, `2027-03-${day}T17:00`, seats);
    });

  it("10 desk days (10 × 15 €) equal the month: no flat", () => {
    const result = okMonth(priceMonth(deskDays(10), CARDS, PUBLIC));
    expect([result.totalCents, result.monthlyFlats, result.lines.every((l) => !l.coveredByMonthlyFlat)]).toEqual([15000, [], true]);
  });

  it("11 desk days cost the monthly rate", () => {
    const result = okMonth(priceMonth(deskDays(11), CARDS, PUBLIC));
    expect(result.monthlyFlats).toEqual([{ spaceId: "open", seats: 1, unitPriceCents: 15000, totalCents: 15000, replacedCents: 16500 }]);
    expect([result.totalCents, result.lines.every((l) => l.coveredByMonthlyFlat)]).toEqual([15000, true]);
  });

  it("the cap is the monthly rate times the most seats booked at once", () => {
    const occurrences = [...deskDays(11), occ("two", "open", "2027-03-20T09:00", "2027-03-20T17:00", 2)];
    // 11 × 15 € + 2 × 15 € = 195 € < 2 × 150 €: no flat.
    const result = okMonth(priceMonth(occurrences, CARDS, PUBLIC));
    expect([result.totalCents, result.monthlyFlats]).toEqual([19500, []]);
  });

  it("only the desk's lines are covered; the room is billed as usual", () => {
    const result = okMonth(priceMonth([...deskDays(12), occ("room", "jaures", "2027-03-23T14:00", "2027-03-23T16:00")], CARDS, PUBLIC));
    expect(result.monthlyFlats).toEqual([{ spaceId: "open", seats: 1, unitPriceCents: 15000, totalCents: 15000, replacedCents: 18000 }]);
    expect(result.lines.filter((l) => l.coveredByMonthlyFlat).length).toBe(12);
    expect(result.lines.find((l) => l.occurrenceId === "room")?.coveredByMonthlyFlat).toBe(false);
    expect(result.totalCents).toBe(18000);
  });
});

describe("priceOccurrences and seriesPriceSummary", () => {
  const twoHours = tier("soc", "Sociétaire", "SOCIETAIRE", 120);
  const series = [
    occ("apr1", "jaures", "2027-04-01T09:00", "2027-04-01T11:00"),
    occ("mar30", "jaures", "2027-03-30T09:00", "2027-03-30T11:00"),
    occ("mar31", "jaures", "2027-03-31T09:00", "2027-03-31T10:00"),
  ];

  it("groups by Paris month and resets the credits each month", () => {
    const result = priceOccurrences(series, CARDS, twoHours);
    expect(result.ok && result.months.map((m) => [m.month, m.lines.map((l) => [l.occurrenceId, l.priceCents]), m.totalCents])).toEqual([
      ["2027-03", [["mar30", 0], ["mar31", 1500]], 1500],
      ["2027-04", [["apr1", 0]], 0],
    ]);
    expect(result.ok && result.totalCents).toBe(1500);
  });

  it("takes credits already used per month", () => {
    const result = priceOccurrences(series, CARDS, twoHours, { includedMinutesUsedByMonth: { "2027-04": 60 } });
    expect(result.ok && result.months.map((m) => m.totalCents)).toEqual([1500, 1500]);
  });

  it("puts an occurrence in the month it starts", () => {
    const result = priceOccurrences([occ("night", "jaures", "2027-03-31T22:00", "2027-04-01T01:00")], CARDS, PUBLIC);
    // 2 h on 31 March + 1 h on 1 April, all in March.
    expect(result.ok && result.months.map((m) => [m.month, m.totalCents])).toEqual([["2027-03", 4500]]);
  });

  it("collects the problems of every month", () => {
    expect(priceOccurrences([occ("x", "late", "2027-03-02T09:00", "2027-03-02T10:00"), occ("y", "late", "2027-04-02T09:00", "2027-04-02T10:00")], CARDS, PUBLIC)).toEqual({
      ok: false,
      problems: [
        { occurrenceId: "x", message: "Cet espace n'a pas de grille tarifaire pour le tarif « Tarif public »." },
        { occurrenceId: "y", message: "Cet espace n'a pas de grille tarifaire pour le tarif « Tarif public »." },
      ],
    });
  });

  it("summarises a series: total and per month", () => {
    const result = priceOccurrences(series, CARDS, twoHours);
    const months = result.ok ? result.months : [];
    expect(seriesPriceSummary([...months].reverse() as MonthPricing[])).toEqual({
      totalCents: 1500,
      occurrences: 3,
      months: [
        { month: "2027-03", label: "mars 2027", occurrences: 2, includedMinutesUsed: 120, totalCents: 1500 },
        { month: "2027-04", label: "avril 2027", occurrences: 1, includedMinutesUsed: 120, totalCents: 0 },
      ],
    });
  });

  it("a weekly series over three months, public tariff", () => {
    // Tuesdays 14:00–16:00 from 2 March to 27 April 2027: 5 in March, 4 in April; and 4 May.
    const tuesdays = ["2027-03-02", "2027-03-09", "2027-03-16", "2027-03-23", "2027-03-30", "2027-04-06", "2027-04-13", "2027-04-20", "2027-04-27", "2027-05-04"];
    const result = priceOccurrences(
      tuesdays.map((d) => occ(d, "jaures", `${d}T14:00`, `${d}T16:00`)),
      CARDS,
      PUBLIC,
    );
    const summary = seriesPriceSummary(result.ok ? result.months : []);
    expect(summary).toEqual({
      totalCents: 30000,
      occurrences: 10,
      months: [
        { month: "2027-03", label: "mars 2027", occurrences: 5, includedMinutesUsed: 0, totalCents: 15000 },
        { month: "2027-04", label: "avril 2027", occurrences: 4, includedMinutesUsed: 0, totalCents: 12000 },
        { month: "2027-05", label: "mai 2027", occurrences: 1, includedMinutesUsed: 0, totalCents: 3000 },
      ],
    });
  });

  it("monthOf / formatMonthFr", () => {
    expect(monthOf("2027-03-31T22:00")).toBe("2027-03");
    expect(monthOf("2027-12-01")).toBe("2027-12");
    expect(formatMonthFr("2027-08")).toBe("août 2027");
  });
});

// -----------------------------------------------------------------------------------------------
// Tiers
// -----------------------------------------------------------------------------------------------

describe("tierFor", () => {
  const tiers: PricingTier[] = [
    tier("soc", "Sociétaire", "SOCIETAIRE", 600),
    tier("adh", "Adhérent", null),
    tier("ess", "Structure ESS", "ESS"),
    tier("col", "Collectivité", null),
    tier("pub", "Tarif public", "PUBLIC"),
  ];

  it.each<[boolean, boolean, string, string, string]>([
    [true, true, "soc", "SOCIETAIRE", "Tarif « Sociétaire » : l'organisation détient des parts sociales libérées."],
    [true, false, "soc", "SOCIETAIRE", "Tarif « Sociétaire » : l'organisation détient des parts sociales libérées."],
    [false, true, "ess", "ESS", "Tarif « Structure ESS » : statut ESS vérifié."],
    [false, false, "pub", "PUBLIC", "Tarif « Tarif public » : tarif par défaut."],
  ])("paid shares %s, ESS verified %s → %s", (holdsPaidShares, essVerified, tierId, source, explanation) => {
    const assignment = tierFor({ holdsPaidShares, essVerified }, tiers);
    expect([assignment.tier.id, assignment.source, assignment.explanation]).toEqual([tierId, source, explanation]);
  });

  it("a manager's override wins, with its reason", () => {
    const assignment = tierFor({ holdsPaidShares: true, essVerified: true, override: { tierId: "col", reason: " Convention 2027 avec la métropole " } }, tiers);
    expect([assignment.tier.id, assignment.source, assignment.explanation]).toEqual([
      "col",
      "OVERRIDE",
      "Tarif « Collectivité » attribué par un gestionnaire : Convention 2027 avec la métropole",
    ]);
  });

  it("skips a role the SCIC has no tier for", () => {
    const noSocietaire = tiers.filter((t) => t.role !== "SOCIETAIRE");
    expect(tierFor({ holdsPaidShares: true, essVerified: true }, noSocietaire).tier.id).toBe("ess");
    expect(tierFor({ holdsPaidShares: true, essVerified: false }, noSocietaire).tier.id).toBe("pub");
  });

  it("refuses an unknown override, an override without reason, a SCIC without public tier", () => {
    expect(() => tierFor({ holdsPaidShares: false, essVerified: false, override: { tierId: "zz", reason: "test" } }, tiers)).toThrow(
      new RangeError("Tarif inconnu : « zz »."),
    );
    expect(() => tierFor({ holdsPaidShares: false, essVerified: false, override: { tierId: "adh", reason: "  " } }, tiers)).toThrow(
      new RangeError("Indiquez le motif du changement de tarif."),
    );
    expect(() => tierFor({ holdsPaidShares: false, essVerified: false }, tiers.slice(0, 4))).toThrow(
      new RangeError("Il faut un tarif public : c'est le tarif par défaut des organisations."),
    );
  });

  it("validateTiers", () => {
    expect(validateTiers(tiers)).toEqual([]);
    expect(
      validateTiers([tier("a", "Public", "PUBLIC"), tier("b", " public ", "PUBLIC"), tier("c", "Adhérent", null, -60)]),
    ).toEqual([
      "Deux tarifs portent le nom « public ».",
      "Tarif « Adhérent » : les heures incluses doivent être un nombre positif ou nul.",
      "Un seul tarif peut être attribué automatiquement au rôle « tarif public ».",
    ]);
    expect(validateTiers([tier("a", "Adhérent", null)])).toEqual(["Il faut un tarif public : c'est le tarif par défaut des organisations."]);
  });

  it("tierOverrideSchema requires a reason", () => {
    const result = tierOverrideSchema.safeParse({ tierId: "adh", reason: "  " });
    expect(result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["reason", "Indiquez le motif du changement de tarif."],
    ]);
    expect(tierOverrideSchema.safeParse({ tierId: "adh", reason: " Tarif solidaire " }).data).toEqual({ tierId: "adh", reason: "Tarif solidaire" });
  });
});

// -----------------------------------------------------------------------------------------------
// Schemas
// -----------------------------------------------------------------------------------------------

describe("rateCardSchema and surchargeRuleSchema", () => {
  const issues = (result: { success: boolean; error?: { issues: Array<{ path: (string | number)[]; message: string }> } }) =>
    (result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]);

  it("parses euros into cents; empty fields are absent rates", () => {
    expect(rateCardSchema.safeParse({ hourCents: "15", halfDayCents: "50,00", dayCents: "", monthCents: undefined }).data).toEqual({
      hourCents: 1500,
      halfDayCents: 5000,
      dayCents: null,
      monthCents: null,
    });
  });

  it("requires one of the hour, half-day or day rates", () => {
    expect(issues(rateCardSchema.safeParse({ hourCents: "", halfDayCents: "", dayCents: "", monthCents: "150" }))).toEqual([
      ["hourCents", "Indiquez au moins un tarif : à l'heure, à la demi-journée ou à la journée."],
    ]);
  });

  it("explains a malformed amount", () => {
    expect(issues(rateCardSchema.safeParse({ hourCents: "12,345", dayCents: "80" }))).toEqual([
      ["hourCents", "Le tarif horaire doit être un montant en euros, par exemple 12,50."],
    ]);
  });

  it("parses a surcharge rule", () => {
    expect(surchargeRuleSchema.safeParse({ percent: "25", evening: { from: "19:00" } }).data).toEqual({
      percent: 25,
      evening: { from: "19:00" },
      weekend: false,
    });
    expect(surchargeRuleSchema.safeParse({ percent: 10, weekend: true }).data).toEqual({ percent: 10, weekend: true });
  });

  it.each<[string, unknown, string[][]]>([
    ["a zero percent", { percent: 0, weekend: true }, [["percent", "La majoration doit être un pourcentage entier entre 1 et 100."]]],
    ["a fractional percent", { percent: 12.5, weekend: true }, [["percent", "La majoration doit être un pourcentage entier entre 1 et 100."]]],
    ["no window", { percent: 25 }, [["evening", "Choisissez quand la majoration s'applique : en soirée, le week-end, ou les deux."]]],
    [
      "a malformed time",
      { percent: 25, evening: { from: "7pm" } },
      [["evening.from", "L'heure de début de soirée doit être au format HH:mm, par exemple 19:00."]],
    ],
  ])("refuses %s", (_label, input, expected) => {
    expect(issues(surchargeRuleSchema.safeParse(input))).toEqual(expected);
  });
});
