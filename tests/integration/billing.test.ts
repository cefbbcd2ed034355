// Monthly billing, numbering, credit notes and payments on SQLite and (when TEST_POSTGRES_URL is
// set) PostgreSQL.
import { createDb } from "~/db.server";
import { findNumberingGaps } from "~/domain/invoicing";
import {
  getInvoice,
  inKindSupport,
  issueCreditNote,
  invoiceStanding,
  paymentsOverview,
  recordPayment,
  runMonthlyBilling,
} from "~/models/billing.server";
import { billingFixtures, type BillingFixtures } from "../helpers/billing-fixtures";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

const BILLED_ON = new Date("2027-02-03T09:00:00Z");

describe.each(providers)("billing on %s", (provider) => {
  let database: TestDatabase;
  let fixtures: BillingFixtures;

  beforeEach(async () => {
    database = await openTestDatabase(provider);
    fixtures = await billingFixtures(database.db);
  });

  afterEach(async () => {
    await database.dispose();
  });

  async function numbers() {
    const rows = await database.db.invoice.findMany({ where: { scicId: fixtures.scicId }, select: { number: true } });
    return rows.map((r) => r.number as string).sort();
  }

  it("bills a month once per organisation, with tier prices, included hours and late-cancellation fees", async () => {
    const progress: string[] = [];
    const summary = await runMonthlyBilling(database.db, {
      scicId: fixtures.scicId,
      month: "2027-01",
      now: BILLED_ON,
      onProgress: (event) => progress.push(event.kind),
    });
    expect(summary.failed).toEqual([]);
    expect(summary.created.map((c) => [c.organizationName, c.number, c.totalTtcCents])).toEqual([
      ["Association Savoirs Partagés", "2027-000001", 6500 + 3000 + 1500],
      ["Coopérative Vélo Solidaire", "2027-000002", 5000],
    ]);
    expect(progress).toEqual(["created", "created"]);
    const invoice = await getInvoice(database.db, { scicId: fixtures.scicId, invoiceId: summary.created[0].invoiceId });
    expect(invoice?.lines.map((l) => [l.kind, l.amountHtCents, l.tierName])).toEqual([
      ["OCCURRENCE", 6500, "Structure ESS"],
      ["OCCURRENCE", 3000, "Structure ESS"],
      ["LATE_CANCELLATION", 1500, null],
    ]);
    expect(invoice?.document.mentions).toContain("TVA non applicable, art. 293 B du CGI");
    expect(invoice?.dueDate).toBe("2027-03-05");
    expect(invoice?.document.seller.siren).toBe("899123456");
  });

  it("creates nothing the second time a month is billed", async () => {
    const first = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON });
    const before = await database.db.invoice.findMany({ orderBy: { number: "asc" }, include: { lines: true } });
    const second = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: new Date("2027-02-10T09:00:00Z") });
    expect(second.created).toEqual([]);
    expect(second.skipped.map((s) => s.organizationName)).toEqual(first.created.map((c) => c.organizationName));
    expect(await database.db.invoice.findMany({ orderBy: { number: "asc" }, include: { lines: true } })).toEqual(before);
    expect(await database.db.invoiceSequence.findMany({ select: { year: true, lastNumber: true } })).toEqual([{ year: 2027, lastNumber: 2 }]);
  });

  it("gives gapless unique numbers to concurrent runs", async () => {
    // PostgreSQL: separate clients (as separate app instances), so the transactions really run
    // side by side. SQLite is one app process with one serialised client (docs/decisions/0002).
    const clients =
      provider === "postgres" ? [createDb(database.url), createDb(database.url), createDb(database.url)] : [database.db, database.db, database.db];
    try {
      const runs = await Promise.all([
        runMonthlyBilling(clients[0], { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON }),
        runMonthlyBilling(clients[1], { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON }),
        runMonthlyBilling(clients[2], { scicId: fixtures.scicId, month: "2027-02", now: BILLED_ON }),
      ]);
      const created = runs.flatMap((r) => r.created.map((c) => c.number)).sort();
      expect(created).toEqual(["2027-000001", "2027-000002", "2027-000003"]);
      expect(runs[0].created.length + runs[1].created.length).toBe(2);
      expect(runs[0].skipped.length + runs[1].skipped.length).toBe(2);
      expect(await numbers()).toEqual(created);
      expect(findNumberingGaps(await numbers())).toEqual({ missing: [], duplicates: [], invalid: [] });
    } finally {
      if (provider === "postgres") await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });

  it("numbers invoices written in several batches without gaps, the same as in one batch", async () => {
    const summarize = (run: Awaited<ReturnType<typeof runMonthlyBilling>>) =>
      run.created.map((c) => [c.organizationName, c.number, c.totalTtcCents]);
    const batched = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON, batchSize: 1 });
    const next = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-02", now: BILLED_ON, batchSize: 1 });
    expect(summarize(batched)).toEqual([
      ["Association Savoirs Partagés", "2027-000001", 6500 + 3000 + 1500],
      ["Coopérative Vélo Solidaire", "2027-000002", 5000],
    ]);
    expect(next.created.map((c) => c.number)).toEqual(["2027-000003"]);
    expect(findNumberingGaps(await numbers())).toEqual({ missing: [], duplicates: [], invalid: [] });
    expect(await database.db.invoiceSequence.findMany({ select: { year: true, lastNumber: true } })).toEqual([{ year: 2027, lastNumber: 3 }]);
    // Every invoice has its lines and one audit event, as when written one by one.
    const invoices = await database.db.invoice.findMany({ where: { scicId: fixtures.scicId }, include: { lines: true } });
    for (const invoice of invoices) {
      expect(invoice.lines.reduce((sum, line) => sum + line.amountTtcCents, 0)).toBe(invoice.totalTtcCents);
      expect(invoice.lines.map((line) => line.position).sort()).toEqual(invoice.lines.map((_, index) => index));
    }
    const audits = await database.db.auditEvent.findMany({ where: { action: "invoice.issued", targetId: { in: invoices.map((i) => i.id) } } });
    expect(audits).toHaveLength(invoices.length);
    const again = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON, batchSize: 1 });
    expect(again.created).toEqual([]);
    expect(again.skipped).toHaveLength(2);
  });

  it("gives gapless unique numbers to concurrent runs writing one invoice per batch", async () => {
    const clients =
      provider === "postgres" ? [createDb(database.url), createDb(database.url), createDb(database.url)] : [database.db, database.db, database.db];
    try {
      const runs = await Promise.all([
        runMonthlyBilling(clients[0], { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON, batchSize: 1 }),
        runMonthlyBilling(clients[1], { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON, batchSize: 1 }),
        runMonthlyBilling(clients[2], { scicId: fixtures.scicId, month: "2027-02", now: BILLED_ON, batchSize: 1 }),
      ]);
      const created = runs.flatMap((r) => r.created.map((c) => c.number)).sort();
      expect(created).toEqual(["2027-000001", "2027-000002", "2027-000003"]);
      expect(runs[0].created.length + runs[1].created.length).toBe(2);
      expect(await numbers()).toEqual(created);
    } finally {
      if (provider === "postgres") await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });

  it("cancels an invoice's total with a full credit note, numbered in the same sequence", async () => {
    const run = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON });
    const invoiceId = run.created[0].invoiceId;
    const result = await issueCreditNote(database.db, {
      scicId: fixtures.scicId,
      invoiceId,
      reason: "Erreur de tarif",
      now: new Date("2027-02-15T10:00:00Z"),
    });
    expect(result).toMatchObject({ ok: true, number: "2027-000003" });
    const invoice = await database.db.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
    const credit = await database.db.invoice.findFirstOrThrow({ where: { correctsInvoiceId: invoiceId } });
    expect(credit.kind).toBe("CREDIT_NOTE");
    expect(credit.totalTtcCents + invoice.totalTtcCents).toBe(0);
    expect(credit.totalHtCents + invoice.totalHtCents).toBe(0);
    // Nothing left to credit: refused, and no number consumed.
    const again = await issueCreditNote(database.db, { scicId: fixtures.scicId, invoiceId, reason: "Encore", now: new Date("2027-02-16T10:00:00Z") });
    expect(again.ok).toBe(false);
    expect(findNumberingGaps(await numbers()).missing).toEqual([]);
    const { balances } = await paymentsOverview(database.db, { scicId: fixtures.scicId, today: "2027-03-01", balancesPage: 1, overduePage: 1 });
    expect(balances.rows.find((b) => b.organizationId === fixtures.structureId)?.balanceCents).toBe(0);
  });

  it("credits part of an invoice", async () => {
    const run = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON });
    const result = await issueCreditNote(database.db, {
      scicId: fixtures.scicId,
      invoiceId: run.created[0].invoiceId,
      reason: "Frais d'annulation offerts",
      lineIndexes: [2],
      now: new Date("2027-02-15T10:00:00Z"),
    });
    expect(result.ok).toBe(true);
    const credit = await database.db.invoice.findFirstOrThrow({ where: { kind: "CREDIT_NOTE" } });
    expect(credit.totalTtcCents).toBe(-1500);
  });

  it("records partial payments, balances and overdue invoices", async () => {
    const run = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON });
    const [first, second] = run.created;
    const paid = await recordPayment(database.db, {
      scicId: fixtures.scicId,
      organizationId: fixtures.structureId,
      invoiceId: first.invoiceId,
      receivedOn: "2027-02-20",
      amountCents: 4000,
      method: "virement",
    });
    expect(paid.ok).toBe(true);
    const wrongOrganization = await recordPayment(database.db, {
      scicId: fixtures.scicId,
      organizationId: fixtures.otherStructureId,
      invoiceId: first.invoiceId,
      receivedOn: "2027-02-20",
      amountCents: 100,
      method: "virement",
    });
    expect(wrongOrganization.ok).toBe(false);
    const overview = () => paymentsOverview(database.db, { scicId: fixtures.scicId, today: "2027-03-10", balancesPage: 1, overduePage: 1 });
    const before = await overview();
    expect(before.balances.rows.find((b) => b.organizationId === fixtures.structureId)).toMatchObject({ invoicedCents: 11000, paidCents: 4000, balanceCents: 7000 });
    // By name in French order (accents and case aside), not by id nor by code point: the first
    // organisation by id is renamed last by name, the next one an accented small letter.
    const [firstById, secondById] = [...before.balances.rows].map((b) => b.organizationId).sort();
    await database.db.organization.update({ where: { id: firstById }, data: { name: "Zéphyr coopérative" } });
    await database.db.organization.update({ where: { id: secondById }, data: { name: "élan solidaire" } });
    const { balances, overdue, totals } = await overview();
    const names = balances.rows.map((b) => b.organizationName);
    expect(names[0]).toBe("élan solidaire");
    expect(names.at(-1)).toBe("Zéphyr coopérative");
    expect(overdue.rows.map((o) => [o.number, o.remainingCents, o.daysLate])).toEqual([
      [first.number, 7000, 5],
      [second.number, 5000, 5],
    ]);
    expect(overdue.rows.every((o) => o.organizationName !== o.organizationId)).toBe(true);
    expect(totals).toEqual({
      balanceCents: balances.rows.reduce((sum, b) => sum + b.balanceCents, 0),
      overdueCents: 12000,
    });
    expect([balances.page, balances.pageCount, overdue.total]).toEqual([1, 1, 2]);
  });

  it("gives one invoice's standing from its organisation's history alone, as the whole ledger does", async () => {
    const run = await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON });
    const invoices = await database.db.invoice.findMany({ where: { id: { in: run.created.map((c) => c.invoiceId) } }, select: { number: true, organizationId: true, totalTtcCents: true } });
    expect(new Set(invoices.map((i) => i.organizationId)).size).toBeGreaterThan(1);
    // A payment naming no invoice, from each organisation: it settles only its own invoices.
    for (const organizationId of new Set(invoices.map((i) => i.organizationId))) {
      expect((await recordPayment(database.db, { scicId: fixtures.scicId, organizationId, invoiceId: null, receivedOn: "2027-02-20", amountCents: 3000, method: "virement" })).ok).toBe(true);
    }
    const { overdue } = await paymentsOverview(database.db, { scicId: fixtures.scicId, today: "2027-06-30", balancesPage: 1, overduePage: 1 });
    const paidByOrganization = new Map<string, number>();
    for (const invoice of invoices) {
      const standing = await invoiceStanding(database.db, { scicId: fixtures.scicId, organizationId: invoice.organizationId, number: invoice.number as string, asOf: "2027-06-30" });
      expect(standing?.remainingCents).toBe(overdue.rows.find((row) => row.number === invoice.number)?.remainingCents ?? 0);
      paidByOrganization.set(invoice.organizationId, (paidByOrganization.get(invoice.organizationId) ?? 0) + (standing?.paidCents ?? 0));
    }
    // Each organisation's 30 € went to its own invoices, none to another's.
    for (const [organizationId, paid] of paidByOrganization) {
      const owed = invoices.filter((i) => i.organizationId === organizationId).reduce((sum, i) => sum + i.totalTtcCents, 0);
      expect(paid).toBe(Math.min(3000, owed));
    }
    expect(overdue.rows.some((row) => row.paidCents > 0 && row.remainingCents > 0)).toBe(true);
  });

  it("reports the value of in-kind support per organisation and year", async () => {
    await runMonthlyBilling(database.db, { scicId: fixtures.scicId, month: "2027-01", now: BILLED_ON });
    const rows = await inKindSupport(database.db, { scicId: fixtures.scicId, year: 2027 });
    // Savoirs partagés: public 5 h = 80 + 25 = 105 €, 2 h = 50 € → 155 € public vs 95 € billed.
    expect(rows.find((r) => r.organizationId === fixtures.structureId)).toMatchObject({ publicValueCents: 15500, billedCents: 9500, inKindCents: 6000 });
    expect(rows.find((r) => r.organizationId === fixtures.otherStructureId)).toMatchObject({ inKindCents: 0 });
  });
});
