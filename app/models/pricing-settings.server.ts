// A SCIC's pricing tiers, rate cards, billing settings and the tier of each organisation.
// Rules live in app/domain/pricing.ts and invoicing.ts; every query is scoped by the SCIC's id.
import type { Db, Prisma } from "~/db.server";
import { cancellationFeePolicySchema, type CancellationFeePolicy, type PaymentAccount, type VatRate } from "~/domain/invoicing";
import {
  surchargeRuleSchema,
  tierFor,
  validateTiers,
  type PricingTier,
  type RateCard,
  type RateCardTable,
  type SurchargeRule,
  type TierAssignment,
} from "~/domain/pricing";
import type { LocalDate } from "~/domain/time";
import { recordAudit } from "./audit.server";
import { organizationHoldsPaidShares } from "./cooperative.server";

type DbOrTx = Db | Prisma.TransactionClient;

export async function listTiers(db: DbOrTx, { scicId }: { scicId: string }): Promise<PricingTier[]> {
  const rows = await db.pricingTier.findMany({ where: { scicId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, includedMinutesPerMonth: r.includedMinutesPerMonth }));
}

export async function createTier(
  db: Db,
  { scicId, tier }: { scicId: string; tier: Omit<PricingTier, "id"> },
): Promise<{ ok: true; id: string } | { ok: false; errors: string[] }> {
  const existing = await listTiers(db, { scicId });
  const errors = validateTiers([...existing, { ...tier, id: "nouveau" }]).filter(
    // A SCIC builds its tiers one by one: the public tier may come later.
    (message) => !message.startsWith("Il faut un tarif public"),
  );
  if (errors.length > 0) return { ok: false, errors };
  const created = await db.pricingTier.create({
    data: { scicId, name: tier.name.trim(), role: tier.role, includedMinutesPerMonth: tier.includedMinutesPerMonth, position: existing.length },
    select: { id: true },
  });
  return { ok: true, id: created.id };
}

export type BillingSettingsView = {
  vatFranchise: boolean;
  vatRate: VatRate;
  vatNumber: string | null;
  vatExemptionText: string | null;
  rcs: string | null;
  paymentTermDays: number;
  paymentMethod: string;
  /** The account printed on invoices for transfers, if any. */
  paymentAccount: PaymentAccount | null;
  latePenaltyText: string | null;
  cancellationPolicy: CancellationFeePolicy;
  surchargeRule: SurchargeRule | null;
};

export const DEFAULT_BILLING_SETTINGS: BillingSettingsView = {
  // Franchise en base de TVA: no VAT can be charged, so the rate must be 0 (or every invoice is refused).
  vatFranchise: true,
  vatRate: 0,
  vatNumber: null,
  vatExemptionText: null,
  rcs: null,
  paymentTermDays: 30,
  paymentMethod: "virement bancaire",
  paymentAccount: null,
  latePenaltyText: null,
  cancellationPolicy: { kind: "NONE" },
  surchargeRule: null,
};

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export async function getBillingSettings(db: DbOrTx, { scicId }: { scicId: string }): Promise<BillingSettingsView> {
  const row = await db.billingSettings.findUnique({ where: { scicId } });
  if (!row) return DEFAULT_BILLING_SETTINGS;
  const policy = cancellationFeePolicySchema.safeParse(parseJson(row.cancellationPolicy));
  const surcharge = row.surchargeRule === null ? null : surchargeRuleSchema.safeParse(parseJson(row.surchargeRule));
  return {
    vatFranchise: row.vatFranchise,
    vatRate: (row.vatFranchise ? 0 : row.vatRate) as VatRate,
    vatNumber: row.vatNumber,
    vatExemptionText: row.vatExemptionText,
    rcs: row.rcs,
    paymentTermDays: row.paymentTermDays,
    paymentMethod: row.paymentMethod,
    paymentAccount: row.iban ? { iban: row.iban, bic: row.bic } : null,
    latePenaltyText: row.latePenaltyText,
    cancellationPolicy: policy.success ? policy.data : { kind: "NONE" },
    surchargeRule: surcharge && surcharge.success ? surcharge.data : null,
  };
}

export async function saveBillingSettings(db: DbOrTx, { scicId, settings }: { scicId: string; settings: BillingSettingsView }) {
  const data = {
    vatFranchise: settings.vatFranchise,
    vatRate: settings.vatRate,
    vatNumber: settings.vatNumber,
    vatExemptionText: settings.vatExemptionText,
    rcs: settings.rcs,
    paymentTermDays: settings.paymentTermDays,
    paymentMethod: settings.paymentMethod,
    iban: settings.paymentAccount?.iban ?? null,
    bic: settings.paymentAccount?.bic ?? null,
    latePenaltyText: settings.latePenaltyText,
    cancellationPolicy: JSON.stringify(settings.cancellationPolicy),
    surchargeRule: settings.surchargeRule ? JSON.stringify(settings.surchargeRule) : null,
  };
  await db.billingSettings.upsert({ where: { scicId }, create: { scicId, ...data }, update: data });
}

export type SellerIdentity = {
  legalForm: string;
  siret: string;
  /** Its address in the e-invoicing directory when finer than its SIREN (ADR 0011); null: the SIREN. */
  electronicInvoicingAddress: string | null;
  address: string;
  postalCode: string;
  city: string;
};

/** The SCIC's identity as printed on its invoices, and its billing settings. */
export async function getBillingProfile(db: DbOrTx, { scicId }: { scicId: string }) {
  const [identity, settings] = await Promise.all([
    db.organization.findUniqueOrThrow({
      where: { id: scicId },
      select: { name: true, legalForm: true, siret: true, electronicInvoicingAddress: true, address: true, postalCode: true, city: true },
    }),
    getBillingSettings(db, { scicId }),
  ]);
  return { identity, settings };
}

/**
 * Saves the seller identity (on the organisation) and the billing settings together, journaled.
 * Invoices already issued keep their snapshot (0009); the next ones use these values. A SIRET
 * already held by another organisation throws the database's unique violation.
 */
export async function saveBillingProfile(
  db: Db,
  input: { scicId: string; identity: SellerIdentity; settings: BillingSettingsView; actorUserId: string; now: Date },
) {
  await db.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: input.scicId }, data: input.identity, select: { id: true } });
    await saveBillingSettings(tx, { scicId: input.scicId, settings: input.settings });
    await recordAudit(tx, {
      organizationId: input.scicId,
      actorUserId: input.actorUserId,
      action: "billing_settings.updated",
      targetType: "Organization",
      targetId: input.scicId,
      details: {
        vatFranchise: input.settings.vatFranchise,
        vatRate: input.settings.vatRate,
        paymentTermDays: input.settings.paymentTermDays,
        cancellation: input.settings.cancellationPolicy.kind,
      },
      now: input.now,
    });
  });
}

export type RateCardRow = { spaceId: string; tierId: string } & Required<Omit<RateCard, "surcharge">>;

export async function listRateCards(db: DbOrTx, { scicId }: { scicId: string }): Promise<RateCardRow[]> {
  const rows = await db.rateCard.findMany({ where: { scicId, space: { organizationId: scicId } } });
  return rows.map((r) => ({
    spaceId: r.spaceId,
    tierId: r.tierId,
    hourCents: r.hourCents,
    halfDayCents: r.halfDayCents,
    dayCents: r.dayCents,
    monthCents: r.monthCents,
  }));
}

/** spaceId → tierId → card, with the SCIC's surcharge rule on every card. */
export function rateCardTable(rows: readonly RateCardRow[], surcharge: SurchargeRule | null): RateCardTable {
  const table: Record<string, Record<string, RateCard>> = {};
  for (const row of rows) {
    table[row.spaceId] ??= {};
    table[row.spaceId][row.tierId] = {
      hourCents: row.hourCents,
      halfDayCents: row.halfDayCents,
      dayCents: row.dayCents,
      monthCents: row.monthCents,
      surcharge,
    };
  }
  return table;
}

/** Sets (or clears, when every rate is null) the card of one of the SCIC's spaces for one of its tiers. */
export async function saveRateCard(
  db: Db,
  { scicId, spaceId, tierId, card }: { scicId: string; spaceId: string; tierId: string; card: Omit<RateCard, "surcharge"> },
): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  const [space, tier] = await Promise.all([
    db.space.findFirst({ where: { id: spaceId, organizationId: scicId }, select: { id: true } }),
    db.pricingTier.findFirst({ where: { id: tierId, scicId }, select: { id: true } }),
  ]);
  if (!space || !tier) return { ok: false, errors: ["Espace ou tarif inconnu dans cette coopérative."] };
  const data = {
    hourCents: card.hourCents ?? null,
    halfDayCents: card.halfDayCents ?? null,
    dayCents: card.dayCents ?? null,
    monthCents: card.monthCents ?? null,
  };
  if (Object.values(data).every((v) => v === null)) {
    await db.rateCard.deleteMany({ where: { scicId, spaceId, tierId } });
  } else {
    await db.rateCard.upsert({
      where: { spaceId_tierId: { spaceId, tierId } },
      create: { scicId, spaceId, tierId, ...data },
      update: data,
    });
  }
  return { ok: true };
}

/** The tier of `organizationId` at the SCIC on `date` (override, paid parts, ESS status, public). */
export async function assignTier(
  db: Db,
  { scicId, organizationId, date, tiers }: { scicId: string; organizationId: string; date: LocalDate; tiers?: readonly PricingTier[] },
): Promise<TierAssignment> {
  const [organization, override, holdsPaid, allTiers] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { essVerified: true } }),
    db.tierOverride.findUnique({ where: { scicId_organizationId: { scicId, organizationId } } }),
    organizationHoldsPaidShares(db, { scicId, organizationId, date }),
    tiers ? Promise.resolve(tiers) : listTiers(db, { scicId }),
  ]);
  return tierFor(
    { holdsPaidShares: holdsPaid, essVerified: organization.essVerified, override: override ? { tierId: override.tierId, reason: override.reason } : null },
    allTiers,
  );
}

/** A manager's tier choice for an organisation (null tier: back to the automatic tier), journaled. */
export async function setTierOverride(
  db: Db,
  input: { scicId: string; organizationId: string; tierId: string | null; reason: string; actorUserId: string; now: Date },
): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  const reason = input.reason.trim();
  if (reason.length < 3) return { ok: false, errors: ["Indiquez le motif du changement de tarif."] };
  const tier = input.tierId ? await db.pricingTier.findFirst({ where: { id: input.tierId, scicId: input.scicId } }) : null;
  if (input.tierId && !tier) return { ok: false, errors: ["Choisissez un tarif de la coopérative."] };
  await db.$transaction(async (tx) => {
    const key = { scicId_organizationId: { scicId: input.scicId, organizationId: input.organizationId } };
    if (tier) {
      const data = { tierId: tier.id, reason, byUserId: input.actorUserId, at: input.now };
      await tx.tierOverride.upsert({ where: key, create: { scicId: input.scicId, organizationId: input.organizationId, ...data }, update: data });
    } else {
      await tx.tierOverride.deleteMany({ where: { scicId: input.scicId, organizationId: input.organizationId } });
    }
    await recordAudit(tx, {
      organizationId: input.scicId,
      actorUserId: input.actorUserId,
      action: "pricing_tier.overridden",
      targetType: "Organization",
      targetId: input.organizationId,
      details: { tier: tier?.name ?? null, reason },
      now: input.now,
    });
  });
  return { ok: true };
}
