// Monthly billing of a SCIC's spaces, credit notes, payments and reports.
// Rules (pricing, lines, legal content, numbering, ledger) live in app/domain/pricing.ts and
// app/domain/invoicing.ts; this module reads and writes rows, always scoped by the SCIC's id.
//
// Numbering (docs/decisions/0009-invoice-documents.md): each document is issued in ONE
// transaction that (1) increments InvoiceSequence(scicId, year) with an
// INSERT … ON CONFLICT DO UPDATE … RETURNING — on PostgreSQL that row stays locked until the
// transaction ends, on SQLite transactions are serialised — (2) re-checks the run key,
// (3) writes the invoice and its lines. A failure rolls the increment back, so numbers are
// gapless; the unique (scicId, number) and runKey constraints are the last line of defence.
import { Prisma as PrismaNamespace, type Db, type Prisma } from "~/db.server";
import {
  buildInvoice,
  creditNoteFor,
  formatInvoiceNumber,
  inKindValue,
  invoiceStandings,
  lateCancellationFee,
  lateCancellationLine,
  monthlyFlatLine,
  occurrenceLine,
  overdueInvoices,
  balance,
  type Buyer,
  type Invoice,
  type InvoiceLineInput,
  type LedgerCreditNote,
  type LedgerInvoice,
  type Payment,
  type Seller,
} from "~/domain/invoicing";
import { PAGE_SIZE, pageCount, pageOf, pageOffset } from "~/domain/pagination";
import { invoiceLinesCsv } from "~/domain/invoice-export";
import { serializeAuditDetails } from "~/domain/audit";
import { registerAt } from "~/domain/cooperative";
import { priceMonth, tierFor, type PricingTier, type PricedOccurrence } from "~/domain/pricing";
import { addDaysLocal, daysInMonth, instantToParis, localDate, parisToInstant, type LocalDate } from "~/domain/time";
import { insertRows, newId } from "~/utils/bulk-insert.server";
import { isUniqueViolation as isUniqueViolationFromDriver } from "~/utils/db-errors.server";
import { compareNames } from "~/domain/names";
import { recordAudit } from "./audit.server";
import { listShareMovements } from "./cooperative.server";
import { getBillingSettings, listRateCards, listTiers, rateCardTable, type BillingSettingsView } from "./pricing-settings.server";

type DbOrTx = Db | Prisma.TransactionClient;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isBillingMonth(month: string): boolean {
  return MONTH_RE.test(month);
}

/** First and last Paris dates of "YYYY-MM". */
export function monthBounds(month: string): { from: LocalDate; to: LocalDate } {
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  return { from: `${month}-01`, to: `${month}-${String(daysInMonth(year, monthNumber)).padStart(2, "0")}` };
}

export function runKeyOf(scicId: string, month: string, organizationId: string): string {
  return `${scicId}:${month}:${organizationId}`;
}

function siren(siret: string | null): string {
  return (siret ?? "").replace(/\s/g, "").slice(0, 9);
}

type OrganizationIdentity = {
  id: string;
  name: string;
  legalForm: string | null;
  siret: string | null;
  electronicInvoicingAddress: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
};

const IDENTITY_SELECT = {
  id: true,
  name: true,
  legalForm: true,
  siret: true,
  electronicInvoicingAddress: true,
  address: true,
  postalCode: true,
  city: true,
} as const;

function sellerOf(scic: OrganizationIdentity, settings: BillingSettingsView): Seller {
  return {
    name: scic.name,
    legalForm: scic.legalForm ?? "",
    address: { line1: scic.address ?? "", postalCode: scic.postalCode ?? "", city: scic.city ?? "", country: "FR" },
    siren: siren(scic.siret),
    siret: scic.siret,
    electronicAddress: scic.electronicInvoicingAddress,
    rcs: settings.rcs,
    vatNumber: settings.vatNumber,
    vatFranchise: settings.vatFranchise,
  };
}

function buyerOf(organization: OrganizationIdentity): Buyer {
  return {
    organizationId: organization.id,
    name: organization.name,
    address: { line1: organization.address ?? "", postalCode: organization.postalCode ?? "", city: organization.city ?? "", country: "FR" },
    siren: organization.siret ? siren(organization.siret) : null,
    siret: organization.siret,
    electronicAddress: organization.electronicInvoicingAddress,
    // Every buyer here is an organisation (association, company, public body): professional.
    professional: true,
  };
}

/** Increments and returns the SCIC's sequence for `year`; locks the row until the transaction ends. */
async function nextSequence(tx: Prisma.TransactionClient, scicId: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ lastNumber: number | bigint }>>`
    INSERT INTO "InvoiceSequence" ("scicId", "year", "lastNumber") VALUES (${scicId}, ${year}, 1)
    ON CONFLICT ("scicId", "year") DO UPDATE SET "lastNumber" = "InvoiceSequence"."lastNumber" + 1
    RETURNING "lastNumber"`;
  return Number(rows[0].lastNumber);
}

/** The Invoice row of an issued document: one mapping for the one-by-one and the batched writes. */
function invoiceRow(
  invoice: Invoice,
  meta: { scicId: string; month: string | null; runKey: string | null; correctsInvoiceId: string | null; tierName: string | null; actorUserId: string | null; now: Date },
) {
  return {
    scicId: meta.scicId,
    organizationId: invoice.buyer.organizationId,
    kind: invoice.kind,
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    servicePeriodFrom: invoice.servicePeriod.from,
    servicePeriodTo: invoice.servicePeriod.to,
    month: meta.month,
    runKey: meta.runKey,
    correctsInvoiceId: meta.correctsInvoiceId,
    creditReason: invoice.creditReason,
    tierName: meta.tierName,
    sellerSnapshot: JSON.stringify(invoice.seller),
    buyerSnapshot: JSON.stringify(invoice.buyer),
    document: JSON.stringify(invoice),
    totalHtCents: invoice.totals.htCents,
    totalVatCents: invoice.totals.vatCents,
    totalTtcCents: invoice.totals.ttcCents,
    issuedAt: meta.now,
    createdById: meta.actorUserId,
  };
}

/** The stored row of an invoice line: the same columns whether Prisma or a multi-row INSERT writes it. */
function invoiceLineRow(invoiceId: string, line: Invoice["lines"][number], position: number, publicPriceCents: number | null) {
  return {
    invoiceId,
    position,
    kind: line.kind,
    description: line.description,
    date: line.occurrence?.date ?? null,
    spaceName: line.occurrence?.spaceName ?? null,
    durationMinutes: line.occurrence?.durationMinutes ?? null,
    tierName: line.occurrence?.tierName ?? null,
    includedMinutes: line.occurrence?.includedMinutes ?? 0,
    quantityMillis: Math.round(line.quantity * 1000),
    unitPriceHtMillis: line.unitPriceHtMillis,
    vatRate: line.vatRate,
    amountHtCents: line.amountHtCents,
    vatCents: line.vatCents,
    amountTtcCents: line.amountTtcCents,
    occurrenceId: line.occurrence?.occurrenceId ?? null,
    creditedLineIndex: line.creditedLineIndex,
    publicPriceCents,
  };
}

async function writeDocument(
  tx: Prisma.TransactionClient,
  input: {
    scicId: string;
    invoice: Invoice;
    month: string | null;
    runKey: string | null;
    correctsInvoiceId: string | null;
    tierName: string | null;
    actorUserId: string | null;
    now: Date;
    publicPrices?: ReadonlyMap<number, number | null>;
  },
) {
  const { invoice } = input;
  const created = await tx.invoice.create({ data: invoiceRow(invoice, input), select: { id: true } });
  await tx.invoiceLine.createMany({
    data: invoice.lines.map((line, position) => invoiceLineRow(created.id, line, position, input.publicPrices?.get(position) ?? null)),
  });
  await recordAudit(tx, {
    organizationId: input.scicId,
    actorUserId: input.actorUserId,
    action: invoice.kind === "INVOICE" ? "invoice.issued" : "invoice.credit_note_issued",
    targetType: "Invoice",
    targetId: created.id,
    details: { number: invoice.number, buyer: invoice.buyer.name, totalTtcCents: invoice.totals.ttcCents },
    now: input.now,
  });
  return created;
}

// ---------------------------------------------------------------------------------------------
// Monthly run
// ---------------------------------------------------------------------------------------------

export type BillingProgress =
  | { kind: "created"; organizationName: string; number: string; totalTtcCents: number }
  | { kind: "skipped"; organizationName: string; reason: string }
  | { kind: "failed"; organizationName: string; errors: string[] };

export type BillingRunSummary = {
  scicId: string;
  month: string;
  created: Array<{ invoiceId: string; number: string; organizationName: string; totalTtcCents: number }>;
  skipped: Array<{ organizationName: string; reason: string }>;
  failed: Array<{ organizationName: string; errors: string[] }>;
  totalHtCents: number;
  totalTtcCents: number;
};

type MonthOccurrence = {
  id: string;
  spaceId: string;
  organizationId: string;
  localStart: string;
  localEnd: string;
  startsAt: Date;
  seats: number;
  status: string;
  cancelledAt: Date | null;
  lateCancellation: boolean;
};

function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaNamespace.PrismaClientKnownRequestError && error.code === "P2002";
}

/** What one organisation owes for the month, as invoice line inputs (no number yet). */
function linesFor(input: {
  occurrences: readonly MonthOccurrence[];
  tier: PricingTier;
  publicTier: PricingTier | undefined;
  cards: ReturnType<typeof rateCardTable>;
  spaces: ReadonlyMap<string, { name: string; cancellationDeadlineHours: number }>;
  settings: BillingSettingsView;
  month: string;
}): { ok: true; lines: InvoiceLineInput[]; publicPrices: Map<number, number | null> } | { ok: false; errors: string[] } {
  const { tier, cards, spaces, settings, month } = input;
  const vatRate = settings.vatRate;
  const spaceName = (id: string) => spaces.get(id)?.name ?? "Espace";
  const active = input.occurrences.filter((o) => o.status === "CONFIRMED");
  const late = input.occurrences.filter((o) => o.status === "CANCELLED" && o.lateCancellation && o.cancelledAt);
  const toPricing = (o: MonthOccurrence) => ({ id: o.id, spaceId: o.spaceId, localStart: o.localStart, localEnd: o.localEnd, seats: o.seats });
  const priced = priceMonth(active.map(toPricing), cards, tier);
  if (!priced.ok) return { ok: false, errors: priced.problems.map((p) => p.message) };
  const lines: InvoiceLineInput[] = [];
  const publicPrices = new Map<number, number | null>();
  const publicPriceOf = (line: PricedOccurrence): number | null => {
    if (!input.publicTier) return null;
    const result = priceMonth([{ id: line.occurrenceId, spaceId: line.spaceId, localStart: line.localStart, localEnd: line.localEnd, seats: line.seats }], cards, {
      ...input.publicTier,
      includedMinutesPerMonth: 0,
    });
    return result.ok ? result.totalCents : null;
  };
  for (const line of priced.lines) {
    publicPrices.set(lines.length, publicPriceOf(line));
    lines.push(occurrenceLine(line, { spaceName: spaceName(line.spaceId), tierName: tier.name, vatRate }));
  }
  for (const flat of priced.monthlyFlats) {
    lines.push(monthlyFlatLine(flat, { spaceName: spaceName(flat.spaceId), month, vatRate }));
  }
  if (settings.cancellationPolicy.kind !== "NONE") {
    for (const occurrence of late) {
      // A cancelled occurrence uses no included hours: priced alone at the tier without credits.
      const alone = priceMonth([toPricing(occurrence)], cards, { ...tier, includedMinutesPerMonth: 0 });
      if (!alone.ok) return { ok: false, errors: alone.problems.map((p) => p.message) };
      const fee = lateCancellationFee({
        policy: settings.cancellationPolicy,
        priceCents: alone.lines[0].priceCents,
        startsAt: occurrence.startsAt,
        cancelledAt: occurrence.cancelledAt as Date,
        cancellationDeadlineHours: spaces.get(occurrence.spaceId)?.cancellationDeadlineHours ?? 0,
      });
      if (fee.feeCents <= 0) continue;
      lines.push(
        lateCancellationLine({
          spaceName: spaceName(occurrence.spaceId),
          localStart: occurrence.localStart,
          localEnd: occurrence.localEnd,
          policy: settings.cancellationPolicy,
          feeCents: fee.feeCents,
          vatRate,
        }),
      );
    }
  }
  return { ok: true, lines, publicPrices };
}

/** An invoice ready to be numbered and written in a batch. */
type PendingInvoice = {
  organization: OrganizationIdentity;
  runKey: string;
  tierName: string;
  draftInput: Parameters<typeof buildInvoice>[0];
  publicPrices: Map<number, number | null>;
};

/** Invoices written per transaction, and the most lines one batch may carry. */
const BILLING_BATCH_INVOICES = 100;
const BILLING_BATCH_LINES = 5000;
const INVOICE_COLUMNS = [
  "id",
  "scicId",
  "organizationId",
  "kind",
  "number",
  "issueDate",
  "dueDate",
  "servicePeriodFrom",
  "servicePeriodTo",
  "month",
  "runKey",
  "correctsInvoiceId",
  "creditReason",
  "tierName",
  "sellerSnapshot",
  "buyerSnapshot",
  "document",
  "totalHtCents",
  "totalVatCents",
  "totalTtcCents",
  "issuedAt",
  "createdById",
  "createdAt",
] as const;
const INVOICE_LINE_COLUMNS = [
  "id",
  "invoiceId",
  "position",
  "kind",
  "description",
  "date",
  "spaceName",
  "durationMinutes",
  "tierName",
  "includedMinutes",
  "quantityMillis",
  "unitPriceHtMillis",
  "vatRate",
  "amountHtCents",
  "vatCents",
  "amountTtcCents",
  "occurrenceId",
  "creditedLineIndex",
  "publicPriceCents",
] as const;
const AUDIT_COLUMNS = ["id", "organizationId", "actorUserId", "action", "targetType", "targetId", "details", "createdAt"] as const;

/** Locks the SCIC's sequence row for `year` (created at 0) until the transaction ends; returns its last number. */
async function lockSequence(tx: Prisma.TransactionClient, scicId: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ lastNumber: number | bigint }>>`
    INSERT INTO "InvoiceSequence" ("scicId", "year", "lastNumber") VALUES (${scicId}, ${year}, 0)
    ON CONFLICT ("scicId", "year") DO UPDATE SET "lastNumber" = "InvoiceSequence"."lastNumber"
    RETURNING "lastNumber"`;
  return Number(rows[0].lastNumber);
}

/**
 * Numbers and writes a batch of invoices in ONE transaction: lock the sequence row, re-check
 * the run keys (a concurrent run may have billed some meanwhile), move the sequence by the
 * number written, insert invoices, lines and audit events with one raw statement each (in
 * chunks). A failure rolls everything back, numbers included: they stay gapless.
 */
async function writeBatch(
  db: Db,
  input: { scicId: string; month: string; year: number; batch: readonly PendingInvoice[]; actorUserId: string | null; now: Date },
) {
  const { scicId, month, year, now } = input;
  return db.$transaction(
    async (tx) => {
      const last = await lockSequence(tx, scicId, year);
      const billed = new Set(
        (await tx.invoice.findMany({ where: { runKey: { in: input.batch.map((p) => p.runKey) } }, select: { runKey: true } })).map((r) => r.runKey),
      );
      const fresh = input.batch.filter((p) => !billed.has(p.runKey));
      const skipped = input.batch.filter((p) => billed.has(p.runKey));
      if (fresh.length === 0) return { written: [], skipped };
      const built = fresh.map((pending, index) => {
        const number = formatInvoiceNumber(year, last + index + 1);
        const result = buildInvoice({ ...pending.draftInput, number });
        if (!result.ok) throw new Error(result.errors.join(" "));
        return { pending, number, invoice: result.invoice };
      });
      await tx.invoiceSequence.update({ where: { scicId_year: { scicId, year } }, data: { lastNumber: last + fresh.length } });
      // Raw multi-row INSERTs: Prisma's createMany spent ~1 ms of CPU per row here (issue 7).
      const written = built.map((b) => ({ ...b, id: newId() }));
      await insertRows(
        tx,
        "Invoice",
        INVOICE_COLUMNS,
        written.map(({ id, pending, invoice }) => ({
          id,
          ...invoiceRow(invoice, { scicId, month, runKey: pending.runKey, correctsInvoiceId: null, tierName: pending.tierName, actorUserId: input.actorUserId, now }),
          createdAt: now,
        })),
      );
      await insertRows(
        tx,
        "InvoiceLine",
        INVOICE_LINE_COLUMNS,
        written.flatMap(({ id, invoice, pending }) =>
          invoice.lines.map((line, position) => ({
            id: newId(),
            ...invoiceLineRow(id, line, position, pending.publicPrices.get(position) ?? null),
          })),
        ),
      );
      await insertRows(
        tx,
        "AuditEvent",
        AUDIT_COLUMNS,
        written.map(({ id, invoice }) => ({
          id: newId(),
          organizationId: scicId,
          actorUserId: input.actorUserId,
          action: "invoice.issued",
          targetType: "Invoice",
          targetId: id,
          details: serializeAuditDetails({ number: invoice.number, buyer: invoice.buyer.name, totalTtcCents: invoice.totals.ttcCents }),
          createdAt: now,
        })),
      );
      return { written, skipped };
    },
    { maxWait: 60_000, timeout: 120_000 },
  );
}

/**
 * Tier inputs of every organisation of the run in one query each (instead of four per
 * organisation): ESS status, overrides, and who holds paid shares on `date`.
 */
async function tiersFor(db: Db, { scicId, organizationIds, date, tiers }: { scicId: string; organizationIds: string[]; date: LocalDate; tiers: readonly PricingTier[] }) {
  const [organizations, overrides, associates, movements] = await Promise.all([
    db.organization.findMany({ where: { id: { in: organizationIds } }, select: { id: true, essVerified: true } }),
    db.tierOverride.findMany({ where: { scicId, organizationId: { in: organizationIds } }, select: { organizationId: true, tierId: true, reason: true } }),
    db.associate.findMany({ where: { scicId, organizationId: { in: organizationIds } }, select: { id: true, organizationId: true } }),
    listShareMovements(db, { scicId }),
  ]);
  const paidAssociates = new Set(registerAt(movements, date).filter((p) => p.paidCapitalCents > 0).map((p) => p.associateId));
  const holdsPaid = new Set(associates.filter((a) => paidAssociates.has(a.id)).map((a) => a.organizationId));
  const essVerified = new Map(organizations.map((o) => [o.id, o.essVerified]));
  const overrideOf = new Map(overrides.map((o) => [o.organizationId, o]));
  return (organizationId: string) => {
    const override = overrideOf.get(organizationId);
    return tierFor(
      {
        holdsPaidShares: holdsPaid.has(organizationId),
        essVerified: essVerified.get(organizationId) ?? false,
        override: override ? { tierId: override.tierId, reason: override.reason } : null,
      },
      tiers,
    );
  };
}

/**
 * Bills `month` ("YYYY-MM", Paris) for the SCIC: one invoice per organisation with confirmed or
 * late-cancelled occurrences of its spaces that month. Idempotent: an organisation already
 * billed for the month (runKey) is skipped, so re-running creates nothing twice.
 *
 * Cost (issue 7): the month's occurrences are read on the (spaceId, startsAt) index, the run
 * keys and tier inputs of all organisations with one query each, and invoices are written in
 * batches (writeBatch), so the run is a few dozen statements per hundred invoices.
 */
export async function runMonthlyBilling(
  db: Db,
  input: {
    scicId: string;
    month: string;
    now: Date;
    actorUserId?: string | null;
    onProgress?: (event: BillingProgress) => void;
    /** Invoices per transaction (default 100); tests use 1 to cross batch boundaries. */
    batchSize?: number;
  },
): Promise<BillingRunSummary> {
  if (!isBillingMonth(input.month)) throw new RangeError(`Mois invalide : « ${input.month} » (format attendu : AAAA-MM).`);
  const { scicId, month, now } = input;
  const report = input.onProgress ?? (() => undefined);
  const summary: BillingRunSummary = { scicId, month, created: [], skipped: [], failed: [], totalHtCents: 0, totalTtcCents: 0 };
  const bounds = monthBounds(month);
  const [scic, settings, tiers, cardRows, spaces] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: scicId }, select: IDENTITY_SELECT }),
    getBillingSettings(db, { scicId }),
    listTiers(db, { scicId }),
    listRateCards(db, { scicId }),
    db.space.findMany({ where: { organizationId: scicId }, select: { id: true, name: true, cancellationDeadlineHours: true } }),
  ]);
  const cards = rateCardTable(cardRows, settings.surchargeRule);
  const spaceMap = new Map(spaces.map((s) => [s.id, s]));
  const publicTier = tiers.find((t) => t.role === "PUBLIC");
  const localFrom = `${bounds.from}T00:00` as const;
  const localTo = `${addDaysLocal(bounds.to, 1)}T00:00` as const;
  // Paris midnight always exists (DST changes happen at 02:00/03:00): these are the month's instants.
  const [instantFrom, instantTo] = [parisToInstant(localFrom), parisToInstant(localTo)];
  if (!instantFrom.ok || !instantTo.ok) throw new RangeError(`Mois invalide : « ${month} ».`);
  const occurrences: MonthOccurrence[] =
    spaces.length === 0
      ? []
      : await db.occurrence.findMany({
          where: {
            spaceId: { in: spaces.map((s) => s.id) },
            organizationId: { not: scicId },
            // The indexed instant bounds the read; the wall-clock bounds keep the exact rule
            // (a DST-gap row has a nominal instant but its local date).
            startsAt: { gte: new Date(instantFrom.instant.getTime() - 3_600_000), lt: new Date(instantTo.instant.getTime() + 3_600_000) },
            localStart: { gte: localFrom, lt: localTo },
            OR: [{ status: "CONFIRMED" }, { status: "CANCELLED", lateCancellation: true }],
          },
          select: {
            id: true,
            spaceId: true,
            organizationId: true,
            localStart: true,
            localEnd: true,
            startsAt: true,
            seats: true,
            status: true,
            cancelledAt: true,
            lateCancellation: true,
          },
          orderBy: [{ localStart: "asc" }, { id: "asc" }],
        });
  const byOrganization = new Map<string, MonthOccurrence[]>();
  for (const o of occurrences) {
    const list = byOrganization.get(o.organizationId);
    if (list) list.push(o);
    else byOrganization.set(o.organizationId, [o]);
  }
  const organizationIds = [...byOrganization.keys()];
  const [organizations, alreadyBilled, tierOf] = await Promise.all([
    db.organization.findMany({ where: { id: { in: organizationIds } }, select: IDENTITY_SELECT, orderBy: { name: "asc" } }),
    db.invoice.findMany({ where: { runKey: { in: organizationIds.map((id) => runKeyOf(scicId, month, id)) } }, select: { runKey: true, number: true } }),
    tiersFor(db, { scicId, organizationIds, date: bounds.to, tiers }),
  ]);
  const billedNumber = new Map(alreadyBilled.map((b) => [b.runKey, b.number]));
  const issueDate = localDate(instantToParis(now));
  const year = Number(issueDate.slice(0, 4));
  const seller = sellerOf(scic, settings);

  let batch: PendingInvoice[] = [];
  let batchLines = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    batchLines = 0;
    let result: Awaited<ReturnType<typeof writeBatch>> | null = null;
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await writeBatch(db, { scicId, month, year, batch: pending, actorUserId: input.actorUserId ?? null, now });
      } catch (error) {
        // A run key taken between the re-check and the insert (it cannot happen while the
        // sequence row is locked, but the constraint is the last guard): try the batch again.
        if (!(isUniqueViolation(error) || isUniqueViolationFromDriver(error)) || attempt >= 3) throw error;
      }
    }
    const written = new Map(result.written.map((w) => [w.pending.runKey, w]));
    for (const item of pending) {
      const done = written.get(item.runKey);
      if (!done) {
        const skipped = { organizationName: item.organization.name, reason: "déjà facturé par une exécution simultanée" };
        summary.skipped.push(skipped);
        report({ kind: "skipped", ...skipped });
        continue;
      }
      const totals = done.invoice.totals;
      summary.created.push({ invoiceId: done.id, number: done.number, organizationName: item.organization.name, totalTtcCents: totals.ttcCents });
      summary.totalHtCents += totals.htCents;
      summary.totalTtcCents += totals.ttcCents;
      report({ kind: "created", organizationName: item.organization.name, number: done.number, totalTtcCents: totals.ttcCents });
    }
  };

  for (const organization of organizations) {
    const runKey = runKeyOf(scicId, month, organization.id);
    if (billedNumber.has(runKey)) {
      const skipped = { organizationName: organization.name, reason: `déjà facturé (${billedNumber.get(runKey) ?? "brouillon"})` };
      summary.skipped.push(skipped);
      report({ kind: "skipped", ...skipped });
      continue;
    }
    const fail = (errors: string[]) => {
      summary.failed.push({ organizationName: organization.name, errors });
      report({ kind: "failed", organizationName: organization.name, errors });
    };
    let assignment;
    try {
      assignment = tierOf(organization.id);
    } catch (error) {
      fail([error instanceof Error ? error.message : String(error)]);
      continue;
    }
    const lines = linesFor({
      occurrences: byOrganization.get(organization.id) ?? [],
      tier: assignment.tier,
      publicTier,
      cards,
      spaces: spaceMap,
      settings,
      month,
    });
    if (!lines.ok) {
      fail(lines.errors);
      continue;
    }
    if (lines.lines.length === 0) continue;
    const draftInput = {
      number: null,
      issueDate,
      servicePeriod: bounds,
      seller,
      buyer: buyerOf(organization),
      lines: lines.lines,
      paymentTermDays: settings.paymentTermDays,
      paymentMethod: settings.paymentMethod,
      paymentAccount: settings.paymentAccount,
      latePenaltyText: settings.latePenaltyText,
      vatExemptionText: settings.vatExemptionText,
    };
    const draft = buildInvoice(draftInput);
    if (!draft.ok) {
      fail(draft.errors);
      continue;
    }
    batch.push({ organization, runKey, tierName: assignment.tier.name, draftInput, publicPrices: lines.publicPrices });
    batchLines += lines.lines.length;
    if (batch.length >= Math.max(1, input.batchSize ?? BILLING_BATCH_INVOICES) || batchLines >= BILLING_BATCH_LINES) await flush();
  }
  await flush();
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Reading invoices
// ---------------------------------------------------------------------------------------------

/**
 * One page of a SCIC's invoices and credit notes, newest first (of the month of service when
 * `month` is given); `page` counts from 1. Ties (same day, drafts without number) in a stable
 * order, so no invoice shows on two pages.
 */
export async function listInvoices(db: Db, { scicId, month, page }: { scicId: string; month?: string | null; page: number }) {
  const where: Prisma.InvoiceWhereInput = { scicId, ...(month ? { servicePeriodFrom: { gte: `${month}-01`, lte: `${month}-31` } } : {}) };
  const [total, invoices] = await db.$transaction([
    db.invoice.count({ where }),
    db.invoice.findMany({
      where,
      select: {
        id: true,
        kind: true,
        number: true,
        issueDate: true,
        dueDate: true,
        month: true,
        totalHtCents: true,
        totalVatCents: true,
        totalTtcCents: true,
        organization: { select: { id: true, name: true } },
        correctsInvoice: { select: { id: true, number: true } },
      },
      orderBy: [{ issueDate: "desc" }, { number: "desc" }, { id: "desc" }],
      skip: pageOffset(page),
      take: PAGE_SIZE,
    }),
  ]);
  return { invoices, total, page, pageCount: pageCount(total) };
}

export async function getInvoice(db: Db, { scicId, invoiceId }: { scicId: string; invoiceId: string }) {
  const row = await db.invoice.findFirst({
    where: { id: invoiceId, scicId },
    include: {
      lines: { orderBy: { position: "asc" } },
      creditNotes: { select: { id: true, number: true, totalTtcCents: true, issueDate: true } },
      correctsInvoice: { select: { id: true, number: true } },
      payments: { orderBy: { receivedOn: "asc" } },
    },
  });
  if (!row) return null;
  return { ...row, document: JSON.parse(row.document) as Invoice };
}

/** Invoices and credit notes of the month (by service period) with their lines, for the accountant. */
export async function listInvoiceLinesForExport(db: Db, { scicId, month }: { scicId: string; month: string }) {
  const bounds = monthBounds(month);
  return db.invoice.findMany({
    where: { scicId, number: { not: null }, servicePeriodFrom: { gte: bounds.from, lte: bounds.to } },
    include: { lines: { orderBy: { position: "asc" } }, organization: { select: { name: true, siret: true } } },
    orderBy: { number: "asc" },
  });
}

// ---------------------------------------------------------------------------------------------
// Credit notes
// ---------------------------------------------------------------------------------------------

/**
 * Issues a credit note (avoir) for one of the SCIC's invoices: whole (no `lineIndexes` nor
 * `adjustments`) or partial, with its own number from the same gapless sequence.
 */
export async function issueCreditNote(
  db: Db,
  input: {
    scicId: string;
    invoiceId: string;
    reason: string;
    lineIndexes?: number[];
    adjustments?: InvoiceLineInput[];
    now: Date;
    actorUserId?: string | null;
  },
): Promise<{ ok: true; id: string; number: string } | { ok: false; errors: string[] }> {
  const original = await getInvoice(db, { scicId: input.scicId, invoiceId: input.invoiceId });
  if (!original || original.kind !== "INVOICE") return { ok: false, errors: ["Facture introuvable."] };
  const issueDate = localDate(instantToParis(input.now));
  const year = Number(issueDate.slice(0, 4));
  return db.$transaction(
    async (tx) => {
      const previous = await tx.invoice.findMany({ where: { scicId: input.scicId, correctsInvoiceId: original.id }, select: { document: true } });
      const previousCreditNotes = previous.map((p) => JSON.parse(p.document) as Invoice);
      const options = {
        issueDate,
        reason: input.reason,
        ...(input.lineIndexes ? { lineIndexes: input.lineIndexes } : {}),
        ...(input.adjustments ? { adjustments: input.adjustments } : {}),
        previousCreditNotes,
      };
      // Check with a placeholder number first: a refused credit note must not consume a number.
      const check = creditNoteFor(original.document, { ...options, number: formatInvoiceNumber(year, 1) });
      if (!check.ok) return { ok: false as const, errors: check.errors };
      const number = formatInvoiceNumber(year, await nextSequence(tx, input.scicId, year));
      const built = creditNoteFor(original.document, { ...options, number });
      if (!built.ok) throw new Error(built.errors.join(" "));
      const row = await writeDocument(tx, {
        scicId: input.scicId,
        invoice: built.invoice,
        month: original.month,
        runKey: null,
        correctsInvoiceId: original.id,
        tierName: original.tierName,
        actorUserId: input.actorUserId ?? null,
        now: input.now,
      });
      return { ok: true as const, id: row.id, number };
    },
    { maxWait: 60_000, timeout: 60_000 },
  );
}

// ---------------------------------------------------------------------------------------------
// Payments, balances, overdue invoices
// ---------------------------------------------------------------------------------------------

export async function recordPayment(
  db: Db,
  input: {
    scicId: string;
    organizationId: string;
    invoiceId: string | null;
    receivedOn: LocalDate;
    amountCents: number;
    method: string;
    note?: string | null;
    actorUserId?: string | null;
  },
): Promise<{ ok: true; id: string } | { ok: false; errors: string[] }> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) return { ok: false, errors: ["Le montant doit être positif."] };
  if (input.invoiceId) {
    const invoice = await db.invoice.findFirst({
      where: { id: input.invoiceId, scicId: input.scicId, organizationId: input.organizationId, kind: "INVOICE" },
      select: { id: true },
    });
    if (!invoice) return { ok: false, errors: ["Cette facture n'appartient pas à cette organisation."] };
  }
  const created = await db.payment.create({
    data: {
      scicId: input.scicId,
      organizationId: input.organizationId,
      invoiceId: input.invoiceId,
      receivedOn: input.receivedOn,
      amountCents: input.amountCents,
      method: input.method.trim(),
      note: input.note ?? null,
      createdById: input.actorUserId ?? null,
    },
    select: { id: true },
  });
  return { ok: true, id: created.id };
}

/**
 * The SCIC's issued documents and payments, as the allocation reads them; of one organisation
 * only when given: credit notes and payments only ever settle their own organisation's invoices,
 * so its standings need nothing else.
 */
async function ledger(db: Db, scicId: string, organizationId?: string) {
  const [documents, payments] = await Promise.all([
    db.invoice.findMany({
      where: { scicId, number: { not: null }, ...(organizationId ? { organizationId } : {}) },
      select: { kind: true, number: true, organizationId: true, issueDate: true, dueDate: true, totalTtcCents: true, correctsInvoice: { select: { number: true } } },
    }),
    db.payment.findMany({ where: { scicId, ...(organizationId ? { organizationId } : {}) }, select: { id: true, organizationId: true, receivedOn: true, amountCents: true, invoice: { select: { number: true } } } }),
  ]);
  const invoices: LedgerInvoice[] = documents
    .filter((d) => d.kind === "INVOICE")
    .map((d) => ({ number: d.number as string, organizationId: d.organizationId, issueDate: d.issueDate, dueDate: d.dueDate ?? d.issueDate, totalTtcCents: d.totalTtcCents }));
  const creditNotes: LedgerCreditNote[] = documents
    .filter((d) => d.kind === "CREDIT_NOTE")
    .map((d) => ({
      number: d.number as string,
      organizationId: d.organizationId,
      issueDate: d.issueDate,
      correctsInvoiceNumber: d.correctsInvoice?.number ?? "",
      totalTtcCents: d.totalTtcCents,
    }));
  const ledgerPayments: Payment[] = payments.map((p) => ({
    id: p.id,
    organizationId: p.organizationId,
    receivedOn: p.receivedOn,
    amountCents: p.amountCents,
    invoiceNumber: p.invoice?.number ?? null,
  }));
  return { invoices, creditNotes, payments: ledgerPayments };
}

async function organizationNames(db: Db, ids: readonly string[]) {
  const rows = await db.organization.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The payments page: a page of the organisations' balances (by name) and a page of the overdue
 * invoices (oldest due date first), with the totals of all, from ONE read of the SCIC's ledger
 * (both need every invoice, credit note and payment: the allocation runs over all of them).
 */
export async function paymentsOverview(
  db: Db,
  { scicId, today, balancesPage, overduePage }: { scicId: string; today: LocalDate; balancesPage: number; overduePage: number },
) {
  const l = await ledger(db, scicId);
  const balances = balance(l.invoices, l.creditNotes, l.payments);
  const overdue = overdueInvoices(l.invoices, l.creditNotes, l.payments, today);
  // Every organisation with an overdue invoice has a balance row: one read of names for both.
  const names = await organizationNames(db, balances.map((r) => r.organizationId));
  const nameOf = (organizationId: string) => names.get(organizationId) ?? organizationId;
  const byName = balances.map((r) => ({ ...r, organizationName: nameOf(r.organizationId) })).sort((a, b) => compareNames(a.organizationName, b.organizationName));
  return {
    balances: pageOf(byName, balancesPage),
    overdue: pageOf(
      overdue.map((r) => ({ ...r, organizationName: nameOf(r.organizationId) })),
      overduePage,
    ),
    totals: {
      balanceCents: balances.reduce((sum, r) => sum + r.balanceCents, 0),
      overdueCents: overdue.reduce((sum, r) => sum + r.remainingCents, 0),
    },
  };
}

/**
 * What is credited, paid and left to pay on one invoice at `asOf`, from its organisation's
 * documents and payments only (an invoice page reads one organisation's history, not the SCIC's).
 */
export async function invoiceStanding(
  db: Db,
  { scicId, organizationId, number, asOf }: { scicId: string; organizationId: string; number: string; asOf: LocalDate },
) {
  const l = await ledger(db, scicId, organizationId);
  return invoiceStandings(l.invoices, l.creditNotes, l.payments, asOf).find((s) => s.number === number) ?? null;
}

// ---------------------------------------------------------------------------------------------
// In-kind support
// ---------------------------------------------------------------------------------------------

/**
 * Value of in-kind support per organisation for `year`, from the billed occurrence lines: public
 * price − billed HT (credit notes add back what they credit). Lines without a public price (the
 * SCIC has no public card for that space) count for nothing.
 */
export async function inKindSupport(db: Db, { scicId, year }: { scicId: string; year: number }) {
  const lines = await db.invoiceLine.findMany({
    where: { invoice: { scicId, number: { not: null } }, kind: "OCCURRENCE", date: { gte: `${year}-01-01`, lte: `${year}-12-31` } },
    select: { date: true, amountHtCents: true, publicPriceCents: true, invoice: { select: { organizationId: true, kind: true } } },
  });
  const values = inKindValue(
    lines.map((line) => ({
      organizationId: line.invoice.organizationId,
      date: line.date as string,
      publicPriceCents: line.invoice.kind === "INVOICE" ? (line.publicPriceCents ?? line.amountHtCents) : 0,
      billedCents: line.amountHtCents,
    })),
  );
  const names = await organizationNames(db, values.map((v) => v.organizationId));
  return values.map((v) => ({ ...v, organizationName: names.get(v.organizationId) ?? v.organizationId }));
}

export type { DbOrTx };

/** The accountant's CSV of the month's invoices and credit notes (one row per line). */
export async function invoicesCsv(db: Db, { scicId, month }: { scicId: string; month: string }): Promise<string> {
  const invoices = await listInvoiceLinesForExport(db, { scicId, month });
  const numbers = new Map(
    (await db.invoice.findMany({ where: { scicId, id: { in: invoices.map((i) => i.correctsInvoiceId).filter((id): id is string => id !== null) } }, select: { id: true, number: true } })).map(
      (i) => [i.id, i.number],
    ),
  );
  return invoiceLinesCsv(
    invoices.flatMap((invoice) =>
      invoice.lines.map((line) => ({
        kind: invoice.kind,
        number: invoice.number as string,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        correctsNumber: invoice.correctsInvoiceId ? (numbers.get(invoice.correctsInvoiceId) ?? null) : null,
        buyerName: invoice.organization.name,
        buyerSiret: invoice.organization.siret,
        position: line.position,
        description: line.description,
        quantityMillis: line.quantityMillis,
        unitPriceHtMillis: line.unitPriceHtMillis,
        vatRate: line.vatRate,
        amountHtCents: line.amountHtCents,
        vatCents: line.vatCents,
        amountTtcCents: line.amountTtcCents,
        invoiceHtCents: invoice.totalHtCents,
        invoiceVatCents: invoice.totalVatCents,
        invoiceTtcCents: invoice.totalTtcCents,
      })),
    ),
  );
}
