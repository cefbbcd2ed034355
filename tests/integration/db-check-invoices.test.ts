// The invoice invariants of `npm run db:check` on SQLite and (with TEST_POSTGRES_URL)
// PostgreSQL: invoices and credit notes written by the billing model pass; numbers, counters,
// totals and credit-note references damaged behind its back are reported, and the script
// then exits 1.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { FindingCode } from "~/domain/invariants";
import { issueCreditNote, runMonthlyBilling } from "~/models/billing.server";
import { createBooking } from "~/models/booking.server";
import { runInvariantChecks, type PageSizes } from "~/models/invariants.server";
import { billingFixtures, type BillingFixtures } from "../helpers/billing-fixtures";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

const run = promisify(execFile);
/** Tiny pages, so every keyset boundary is crossed. */
const SMALL_PAGES: PageSizes = { spaces: 1, occurrences: 2, series: 1, invoices: 1 };
const BOOKED_ON = new Date("2026-12-01T08:00:00Z");

describe.each(providers)("db:check invoice invariants on %s", (provider) => {
  let database: TestDatabase;
  let f: BillingFixtures;

  const book = async (spaceId: string, organizationId: string, localStart: string, localEnd: string, rrule: string | null = null) => {
    const result = await createBooking(database.db, {
      spaceId,
      organizationId,
      createdById: null,
      title: "Atelier",
      request: { localStart, localEnd, rrule, seats: 1 },
      skip: "NONE",
      now: BOOKED_ON,
    });
    if (!result.ok) throw new Error(`booking refused: ${JSON.stringify(result)}`);
  };

  const outcomesOf = async (pageSizes?: PageSizes) => (await runInvariantChecks(database.db, { pageSizes })).outcomes;
  const codes = async (pageSizes?: PageSizes): Promise<FindingCode[]> => (await outcomesOf(pageSizes)).flatMap((outcome) => outcome.examples.map((finding) => finding.code));
  const invoiceByNumber = (number: string) => database.db.invoice.findFirstOrThrow({ where: { scicId: f.scicId, number }, include: { lines: { orderBy: { position: "asc" } } } });

  const checkScript = () =>
    run("npm", ["run", "--silent", "db:check"], { env: { ...process.env, DATABASE_URL: database.url } }).then(
      ({ stdout }) => ({ exitCode: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ exitCode: error.code, stdout: error.stdout }),
    );

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    f = await billingFixtures(database.db);
    // Bookings as the booking model writes them (the fixtures' and the demo seed's are written
    // row by row, which the series check reports), so the whole database passes.
    await database.db.bookingSeries.deleteMany({});
    await book(f.roomId, f.structureId, "2027-01-05T09:00", "2027-01-05T14:00");
    await book(f.roomId, f.structureId, "2027-01-12T09:00", "2027-01-12T11:00", "FREQ=WEEKLY;COUNT=6");
    await book(f.bufferedRoomId, f.otherStructureId, "2027-01-07T10:00", "2027-01-07T12:00", "FREQ=WEEKLY;BYDAY=TH;COUNT=6");

    // January: 2027-000001 (Savoirs Partagés) and 2027-000002 (Vélo Solidaire); a partial credit
    // note 2027-000003; February: 2027-000004 and 2027-000005.
    const january = await runMonthlyBilling(database.db, { scicId: f.scicId, month: "2027-01", now: new Date("2027-02-03T09:00:00Z") });
    expect(january.created.map((c) => c.number)).toEqual(["2027-000001", "2027-000002"]);
    const credit = await issueCreditNote(database.db, {
      scicId: f.scicId,
      invoiceId: january.created[0].invoiceId,
      reason: "Salle indisponible une heure",
      lineIndexes: [1],
      now: new Date("2027-02-10T09:00:00Z"),
    });
    expect(credit).toMatchObject({ ok: true, number: "2027-000003" });
    const february = await runMonthlyBilling(database.db, { scicId: f.scicId, month: "2027-02", now: new Date("2027-03-03T09:00:00Z") });
    expect(february.created.map((c) => c.number)).toEqual(["2027-000004", "2027-000005"]);
  });

  afterAll(async () => {
    await database.dispose();
  });

  it("finds nothing wrong in invoices and credit notes written by the billing model, in large or tiny pages", async () => {
    expect((await outcomesOf()).map((outcome) => [outcome.name, outcome.violations])).toEqual([
      ["room-overlaps", 0],
      ["desk-pool-seats", 0],
      ["series-complete", 0],
      ["occurrence-copies", 0],
      ["invoice-numbers", 0],
      ["invoice-totals", 0],
      ["credit-notes", 0],
    ]);
    expect(await codes(SMALL_PAGES)).toEqual([]);
    expect(await database.db.invoice.count({ where: { kind: "CREDIT_NOTE" } })).toBe(1);
  });

  it("reports a gap in the numbers once one is renumbered, and a counter that no longer matches", async () => {
    const second = await invoiceByNumber("2027-000002");
    await database.db.invoice.update({ where: { id: second.id }, data: { number: "2027-000009" } });
    try {
      const numbering = (await outcomesOf(SMALL_PAGES)).find((outcome) => outcome.name === "invoice-numbers")!;
      expect(numbering.examples.map((finding) => finding.code)).toEqual(["INVOICE_NUMBER_GAP", "INVOICE_NUMBER_GAP", "INVOICE_SEQUENCE_MISMATCH"]);
      expect(numbering.examples[0].message).toContain("le numéro 2027-000002 manque entre 2027-000001 et 2027-000003");
      expect(numbering.examples[1].message).toContain("les numéros 2027-000006 à 2027-000008 manquent (3) entre 2027-000005 et 2027-000009");
    } finally {
      await database.db.invoice.update({ where: { id: second.id }, data: { number: "2027-000002" } });
    }
    expect(await codes()).toEqual([]);
  });

  it("reports a number consumed without a document (the counter ahead of the last number issued)", async () => {
    await database.db.invoiceSequence.update({ where: { scicId_year: { scicId: f.scicId, year: 2027 } }, data: { lastNumber: 6 } });
    try {
      const numbering = (await outcomesOf()).find((outcome) => outcome.name === "invoice-numbers")!;
      expect(numbering.violations).toBe(1);
      expect(numbering.examples[0]).toMatchObject({ code: "INVOICE_SEQUENCE_MISMATCH", ids: [f.scicId] });
      expect(numbering.examples[0].message).toContain("le compteur de 2027 est à 6 mais le dernier numéro émis est 2027-000005");
    } finally {
      await database.db.invoiceSequence.update({ where: { scicId_year: { scicId: f.scicId, year: 2027 } }, data: { lastNumber: 5 } });
    }
    expect(await codes()).toEqual([]);
  });

  it("reports an invoice whose total is not the sum of its lines, and a line rounded wrongly", async () => {
    const invoice = await invoiceByNumber("2027-000004");
    await database.db.invoice.update({ where: { id: invoice.id }, data: { totalHtCents: invoice.totalHtCents + 1 } });
    await database.db.invoiceLine.update({ where: { id: invoice.lines[0].id }, data: { amountTtcCents: invoice.lines[0].amountTtcCents + 1 } });
    try {
      const totals = (await outcomesOf(SMALL_PAGES)).find((outcome) => outcome.name === "invoice-totals")!;
      expect(totals.examples).toEqual([
        expect.objectContaining({ code: "INVOICE_LINE_AMOUNTS_DIFFER", ids: [invoice.id] }),
        expect.objectContaining({ code: "INVOICE_TOTALS_DIFFER", ids: [invoice.id] }),
      ]);
      expect(totals.examples[1].message).toContain(`HT ${invoice.totalHtCents + 1} ≠ ${invoice.totalHtCents}`);
    } finally {
      await database.db.invoice.update({ where: { id: invoice.id }, data: { totalHtCents: invoice.totalHtCents } });
      await database.db.invoiceLine.update({ where: { id: invoice.lines[0].id }, data: { amountTtcCents: invoice.lines[0].amountTtcCents } });
    }
    expect(await codes()).toEqual([]);
  });

  it("reports a credit note pointing at another buyer's invoice, or at nothing", async () => {
    const creditNote = await invoiceByNumber("2027-000003");
    const otherBuyers = await invoiceByNumber("2027-000002");
    await database.db.invoice.update({ where: { id: creditNote.id }, data: { correctsInvoiceId: otherBuyers.id } });
    try {
      const credits = (await outcomesOf(SMALL_PAGES)).find((outcome) => outcome.name === "credit-notes")!;
      expect(credits.examples).toEqual([expect.objectContaining({ code: "CREDIT_NOTE_REFERENCE_INVALID", ids: [creditNote.id, otherBuyers.id] })]);
      expect(credits.examples[0].message).toContain("elle est adressée à une autre organisation");
      await database.db.invoice.update({ where: { id: creditNote.id }, data: { correctsInvoiceId: null } });
      expect(await codes()).toEqual(["CREDIT_NOTE_UNREFERENCED"]);
    } finally {
      await database.db.invoice.update({ where: { id: creditNote.id }, data: { correctsInvoiceId: creditNote.correctsInvoiceId } });
    }
    expect(await codes()).toEqual([]);
  });

  it("runs as `npm run db:check`: exit 0 with 7 checks, exit 1 once an invoice total is damaged", async () => {
    const clean = await checkScript();
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toContain("Aucune anomalie (7 contrôles). / No violations (7 checks).");

    const invoice = await invoiceByNumber("2027-000001");
    await database.db.invoice.update({ where: { id: invoice.id }, data: { totalTtcCents: invoice.totalTtcCents + 100 } });
    const damaged = await checkScript();
    expect(damaged.exitCode).toBe(1);
    expect(damaged.stdout).toContain(`[INVOICE_TOTALS_DIFFER] Facture 2027-000001 (${invoice.id})`);
    expect(damaged.stdout).toContain("1 violation(s) found by 1 of 7 checks.");
  }, 120_000);
});
