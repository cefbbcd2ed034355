// A SCIC ready to bill January 2027: tiers, rate cards for the fixture spaces, settings with a
// late-cancellation fee, an associate holding paid parts, and occurrences of two organisations.
import type { Db } from "~/db.server";
import { localRangeToInstants } from "~/domain/time";
import { saveBillingSettings, DEFAULT_BILLING_SETTINGS } from "~/models/pricing-settings.server";
import { bookingFixtures, type BookingFixtures } from "./booking-fixtures";

export type BillingFixtures = BookingFixtures & { tierIds: { societaire: string; ess: string; public: string } };

/** A series with one occurrence per slot, written like insertSeries does (createBooking refuses past dates). */
export async function insertOccurrences(
  db: Db,
  input: {
    spaceId: string;
    organizationId: string;
    slots: Array<{ localStart: string; localEnd: string; status?: "CONFIRMED" | "CANCELLED"; cancelledAt?: Date; lateCancellation?: boolean }>;
    seats?: number;
    exclusive?: boolean;
  },
) {
  const first = input.slots[0];
  const series = await db.bookingSeries.create({
    data: {
      spaceId: input.spaceId,
      organizationId: input.organizationId,
      title: "Réservation de test",
      seats: input.seats ?? 1,
      status: "CONFIRMED",
      localStart: first.localStart,
      localEnd: first.localEnd,
      materializedUntil: new Date("2030-01-01T00:00:00Z"),
    },
  });
  await db.occurrence.createMany({
    data: input.slots.map((slot) => {
      const range = localRangeToInstants(slot.localStart, slot.localEnd);
      if (!range.ok) throw new Error(range.message);
      return {
        seriesId: series.id,
        spaceId: input.spaceId,
        organizationId: input.organizationId,
        recurrenceId: slot.localStart,
        localStart: slot.localStart,
        localEnd: slot.localEnd,
        startsAt: range.startsAt,
        endsAt: range.endsAt,
        blockedUntil: range.endsAt,
        seats: input.seats ?? 1,
        exclusive: input.exclusive ?? true,
        status: slot.status ?? "CONFIRMED",
        cancelledAt: slot.cancelledAt ?? null,
        lateCancellation: slot.lateCancellation ?? false,
      };
    }),
  });
  return series.id;
}

export async function billingFixtures(db: Db): Promise<BillingFixtures> {
  const base = await bookingFixtures(db);
  const scicId = base.scicId;
  // The demo seed may already hold tiers for the SCIC: reuse them by role.
  const tierOf = async (role: "SOCIETAIRE" | "ESS" | "PUBLIC", name: string, includedMinutesPerMonth: number) =>
    (await db.pricingTier.findFirst({ where: { scicId, role } })) ??
    (await db.pricingTier.create({ data: { scicId, role, name, includedMinutesPerMonth } }));
  const societaire = await tierOf("SOCIETAIRE", "Sociétaire", 120);
  const ess = await tierOf("ESS", "Structure ESS", 0);
  const publicTier = await tierOf("PUBLIC", "Tarif public", 0);
  await db.pricingTier.update({ where: { id: societaire.id }, data: { includedMinutesPerMonth: 120 } });
  await db.pricingTier.update({ where: { id: ess.id }, data: { includedMinutesPerMonth: 0 } });
  const cards: Array<[string, number, number, number]> = [
    [societaire.id, 1000, 3500, 6000],
    [ess.id, 1500, 5000, 9000],
    [publicTier.id, 2500, 8000, 15000],
  ];
  for (const spaceId of [base.roomId, base.bufferedRoomId, base.approvalRoomId, base.poolId]) {
    for (const [tierId, hourCents, halfDayCents, dayCents] of cards) {
      await db.rateCard.create({ data: { scicId, spaceId, tierId, hourCents, halfDayCents, dayCents } });
    }
  }
  await saveBillingSettings(db, {
    scicId,
    settings: { ...DEFAULT_BILLING_SETTINGS, cancellationPolicy: { kind: "PERCENT", percent: 50 }, rcs: "RCS Nantes" },
  });
  // savoirs-partages: ESS verified → ESS tier; velo-solidaire: plain → public tier.
  await db.organization.update({ where: { id: base.structureId }, data: { essVerified: true } });
  await db.organization.update({ where: { id: base.otherStructureId }, data: { essVerified: false } });
  await db.tierOverride.deleteMany({ where: { scicId } });
  await db.associate.deleteMany({ where: { scicId, organizationId: { in: [base.structureId, base.otherStructureId] } } });

  await insertOccurrences(db, {
    spaceId: base.roomId,
    organizationId: base.structureId,
    slots: [
      { localStart: "2027-01-05T09:00", localEnd: "2027-01-05T14:00" }, // 5 h = half-day + 1 h = 65 €
      { localStart: "2027-01-12T09:00", localEnd: "2027-01-12T11:00" }, // 2 h = 30 €
      // Cancelled 1 h before: late, 50 % of 2 h at 15 € = 15 €.
      { localStart: "2027-01-19T09:00", localEnd: "2027-01-19T11:00", status: "CANCELLED", cancelledAt: new Date("2027-01-19T07:00:00Z"), lateCancellation: true },
    ],
  });
  await insertOccurrences(db, {
    spaceId: base.bufferedRoomId,
    organizationId: base.otherStructureId,
    slots: [{ localStart: "2027-01-07T10:00", localEnd: "2027-01-07T12:00" }], // 2 h public = 50 €
  });
  await insertOccurrences(db, {
    spaceId: base.bufferedRoomId,
    organizationId: base.otherStructureId,
    slots: [{ localStart: "2027-02-04T10:00", localEnd: "2027-02-04T11:00" }], // February: 25 €
  });
  return { ...base, tierIds: { societaire: societaire.id, ess: ess.id, public: publicTier.id } };
}
