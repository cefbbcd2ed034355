// The invoice invariants of `npm run db:check` (app/domain/invariants.ts), table-driven.
import { describe, expect, it } from "vitest";
import {
  checkCreditedAmount,
  checkDocumentReference,
  checkInvoiceNumbering,
  checkInvoiceTotals,
  expectedLineAmounts,
  invoiceNumberingSweep,
  type DocumentReference,
  type FindingCode,
  type InvoiceSequenceRow,
  type InvoiceToCheck,
  type NumberedDocument,
  type StoredInvoiceLine,
} from "~/domain/invariants";
import { computeLine, computeTotals, creditNoteFor, buildInvoice, type InvoiceLineInput } from "~/domain/invoicing";

const SCIC = { id: "scic", name: "La Fabrique Commune" };

/** "2027-000003" issued in its own year, id = number. */
const doc = (number: string, extra: Partial<NumberedDocument> = {}): NumberedDocument => ({
  id: `id-${number}`,
  kind: "INVOICE",
  number,
  issueDate: `${number.slice(0, 4)}-02-03`,
  ...extra,
});

describe("checkInvoiceNumbering", () => {
  const cases: Array<{ name: string; documents: NumberedDocument[]; sequences: InvoiceSequenceRow[]; codes: FindingCode[]; message?: string }> = [
    { name: "nothing issued, no counter", documents: [], sequences: [], codes: [] },
    { name: "a counter at 0 and no document (a run that issued nothing)", documents: [], sequences: [{ year: 2027, lastNumber: 0 }], codes: [] },
    {
      name: "invoices and credit notes sharing one gapless sequence, in any order",
      documents: [doc("2027-000002", { kind: "CREDIT_NOTE" }), doc("2027-000001"), doc("2027-000003")],
      sequences: [{ year: 2027, lastNumber: 3 }],
      codes: [],
    },
    {
      name: "each year restarts at 000001",
      documents: [doc("2027-000001"), doc("2027-000002"), doc("2028-000001")],
      sequences: [
        { year: 2027, lastNumber: 2 },
        { year: 2028, lastNumber: 1 },
      ],
      codes: [],
    },
    {
      name: "one number missing",
      documents: [doc("2027-000001"), doc("2027-000003")],
      sequences: [{ year: 2027, lastNumber: 3 }],
      codes: ["INVOICE_NUMBER_GAP"],
      message: "SCIC « La Fabrique Commune » (scic) : le numéro 2027-000002 manque entre 2027-000001 et 2027-000003.",
    },
    {
      name: "several numbers missing",
      documents: [doc("2027-000001"), doc("2027-000005")],
      sequences: [{ year: 2027, lastNumber: 5 }],
      codes: ["INVOICE_NUMBER_GAP"],
      message: "SCIC « La Fabrique Commune » (scic) : les numéros 2027-000002 à 2027-000004 manquent (3) entre 2027-000001 et 2027-000005.",
    },
    {
      name: "a year that does not start at 000001",
      documents: [doc("2027-000001"), doc("2028-000002")],
      sequences: [
        { year: 2027, lastNumber: 1 },
        { year: 2028, lastNumber: 2 },
      ],
      codes: ["INVOICE_NUMBER_GAP"],
      message: "SCIC « La Fabrique Commune » (scic) : le numéro 2028-000001 manque avant 2028-000002, premier numéro de 2028.",
    },
    {
      name: "one number on two documents",
      documents: [doc("2027-000001"), doc("2027-000002"), doc("2027-000002", { id: "other", kind: "CREDIT_NOTE" })],
      sequences: [{ year: 2027, lastNumber: 2 }],
      codes: ["INVOICE_NUMBER_DUPLICATE"],
      message: "SCIC « La Fabrique Commune » (scic) : le numéro 2027-000002 est porté par deux documents (id-2027-000002 et other).",
    },
    {
      name: "a number that is not YYYY-NNNNNN",
      documents: [doc("2027-000001"), doc("F-42")],
      sequences: [{ year: 2027, lastNumber: 1 }],
      codes: ["INVOICE_NUMBER_INVALID"],
    },
    {
      name: "a number of another year than the issue date",
      documents: [doc("2027-000001", { issueDate: "2028-01-02" })],
      sequences: [{ year: 2027, lastNumber: 1 }],
      codes: ["INVOICE_NUMBER_YEAR_DIFFERS"],
    },
    {
      name: "a counter ahead of the last number (consumed without a document: the next one leaves a gap)",
      documents: [doc("2027-000001"), doc("2027-000002")],
      sequences: [{ year: 2027, lastNumber: 3 }],
      codes: ["INVOICE_SEQUENCE_MISMATCH"],
      message:
        "SCIC « La Fabrique Commune » (scic) : le compteur de 2027 est à 3 mais le dernier numéro émis est 2027-000002 ; " +
        "1 numéro(s) consommé(s) sans document laisseraient un trou.",
    },
    {
      name: "a counter with no document at all",
      documents: [],
      sequences: [{ year: 2027, lastNumber: 2 }],
      codes: ["INVOICE_SEQUENCE_MISMATCH"],
    },
    {
      name: "a counter behind the last number (the next issue reuses a number)",
      documents: [doc("2027-000001"), doc("2027-000002")],
      sequences: [{ year: 2027, lastNumber: 1 }],
      codes: ["INVOICE_SEQUENCE_MISMATCH"],
    },
    {
      name: "no counter for a year with documents",
      documents: [doc("2027-000001")],
      sequences: [],
      codes: ["INVOICE_SEQUENCE_MISMATCH"],
    },
  ];

  it.each(cases)("$name", ({ documents, sequences, codes, message }) => {
    const findings = checkInvoiceNumbering(SCIC, documents, sequences);
    expect(findings.map((f) => f.code)).toEqual(codes);
    if (message) expect(findings[0].message).toBe(message);
  });

  it("refuses documents out of number order, which would hide gaps", () => {
    const sweep = invoiceNumberingSweep(SCIC);
    sweep.add(doc("2027-000002"));
    expect(() => sweep.add(doc("2027-000001"))).toThrow(RangeError);
  });
});

const line = (quantityMillis: number, unitPriceHtMillis: number, vatRate: number, amounts?: Partial<StoredInvoiceLine>): StoredInvoiceLine => ({
  position: 0,
  quantityMillis,
  unitPriceHtMillis,
  vatRate,
  ...expectedLineAmounts({ quantityMillis, unitPriceHtMillis, vatRate }),
  ...amounts,
});

function invoiceOf(lines: StoredInvoiceLine[], totals?: Partial<InvoiceToCheck>): InvoiceToCheck {
  const positioned = lines.map((l, position) => ({ ...l, position }));
  const ht = positioned.reduce((sum, l) => sum + l.amountHtCents, 0);
  const vat = positioned.reduce((sum, l) => sum + l.vatCents, 0);
  return { id: "inv", kind: "INVOICE", number: "2027-000001", totalHtCents: ht, totalVatCents: vat, totalTtcCents: ht + vat, lines: positioned, ...totals };
}

describe("expectedLineAmounts", () => {
  // The same rounding as computeLine (docs/decisions/0007): per line, halves away from zero.
  const cases: Array<{ quantity: number; unitPriceHtMillis: number; vatRate: 2000 | 1000 | 550 | 0 }> = [
    { quantity: 3, unitPriceHtMillis: 33_335, vatRate: 2000 },
    { quantity: 1, unitPriceHtMillis: 50, vatRate: 1000 },
    { quantity: 2.5, unitPriceHtMillis: 12_345, vatRate: 550 },
    { quantity: 1, unitPriceHtMillis: 65_000, vatRate: 0 },
    { quantity: 0.333, unitPriceHtMillis: 1_001, vatRate: 2000 },
  ];
  it.each(cases)("agrees with computeLine for $quantity × $unitPriceHtMillis at $vatRate", ({ quantity, unitPriceHtMillis, vatRate }) => {
    const computed = computeLine({ kind: "OTHER", description: "x", quantity, unitPriceHtMillis, vatRate });
    expect(expectedLineAmounts({ quantityMillis: Math.round(quantity * 1000), unitPriceHtMillis, vatRate })).toEqual({
      amountHtCents: computed.amountHtCents,
      vatCents: computed.vatCents,
      amountTtcCents: computed.amountTtcCents,
    });
  });

  it("gives 3 × 33,335 € = 100,01 € HT and 20,00 € VAT", () => {
    expect(expectedLineAmounts({ quantityMillis: 3000, unitPriceHtMillis: 33_335, vatRate: 2000 })).toEqual({ amountHtCents: 10_001, vatCents: 2_000, amountTtcCents: 12_001 });
  });
});

describe("checkInvoiceTotals", () => {
  const cases: Array<{ name: string; invoice: InvoiceToCheck; codes: FindingCode[] }> = [
    { name: "lines and totals that agree", invoice: invoiceOf([line(1000, 65_000, 0), line(3000, 33_335, 2000)]), codes: [] },
    {
      name: "a credit note: negative quantities, amounts rounded symmetrically",
      invoice: invoiceOf([line(-3000, 33_335, 2000), line(-1000, 50, 1000)], { kind: "CREDIT_NOTE" }),
      codes: [],
    },
    { name: "an issued document without lines", invoice: invoiceOf([], { totalHtCents: 0 }), codes: ["INVOICE_WITHOUT_LINES"] },
    { name: "a total HT that is not the sum of the lines", invoice: invoiceOf([line(1000, 65_000, 0)], { totalHtCents: 6_400, totalTtcCents: 6_400 }), codes: ["INVOICE_TOTALS_DIFFER"] },
    { name: "a total VAT that is not the sum of the lines", invoice: invoiceOf([line(1000, 10_000, 2000)], { totalVatCents: 201, totalTtcCents: 1_201 }), codes: ["INVOICE_TOTALS_DIFFER"] },
    { name: "TTC ≠ HT + VAT", invoice: invoiceOf([line(1000, 10_000, 2000)], { totalTtcCents: 1_199 }), codes: ["INVOICE_TOTALS_DIFFER"] },
    {
      name: "a line rounded the other way (100,02 € instead of 100,01 €), totals following it",
      invoice: invoiceOf([line(3000, 33_335, 0, { amountHtCents: 10_002, amountTtcCents: 10_002 })]),
      codes: ["INVOICE_LINE_AMOUNTS_DIFFER"],
    },
    {
      name: "a line's VAT computed on the total instead of per line",
      invoice: invoiceOf([line(1000, 50, 1000, { vatCents: 0, amountTtcCents: 5 })]),
      codes: ["INVOICE_LINE_AMOUNTS_DIFFER"],
    },
    {
      name: "a line whose TTC is not HT + VAT, under totals that are",
      invoice: invoiceOf([line(1000, 10_000, 2000, { amountTtcCents: 1_000 })]),
      codes: ["INVOICE_LINE_AMOUNTS_DIFFER", "INVOICE_TOTALS_DIFFER"],
    },
  ];

  it.each(cases)("$name", ({ invoice, codes }) => {
    expect(checkInvoiceTotals(invoice).map((f) => f.code)).toEqual(codes);
  });

  it("names the wrong lines and the totals that differ, in cents", () => {
    const findings = checkInvoiceTotals(
      invoiceOf([line(1000, 10_000, 2000), line(3000, 33_335, 0, { amountHtCents: 10_002, amountTtcCents: 10_002 })], { totalHtCents: 1 }),
    );
    expect(findings.map((f) => f.message)).toEqual([
      "Facture 2027-000001 (inv) : 1 ligne(s) dont les montants HT/TVA/TTC (centimes) ne suivent pas l'arrondi par ligne : ligne 2 : 10002/0/10002 au lieu de 10001/0/10001.",
      "Facture 2027-000001 (inv) : totaux différents de la somme de ses 2 ligne(s), en centimes (HT 1 ≠ 11002, TTC 11202 ≠ HT + TVA 201).",
    ]);
  });

  it("accepts what buildInvoice and creditNoteFor produce", () => {
    const inputs: InvoiceLineInput[] = [
      { kind: "OTHER", description: "a", quantity: 3, unitPriceHtMillis: 33_335, vatRate: 2000 },
      { kind: "OTHER", description: "b", quantity: 1, unitPriceHtMillis: 50, vatRate: 1000 },
      { kind: "OTHER", description: "c", quantity: 1, unitPriceHtMillis: 50, vatRate: 1000 },
    ];
    const lines = inputs.map(computeLine);
    const toStored = (document: { lines: ReturnType<typeof computeLine>[]; totals: ReturnType<typeof computeTotals> }, kind: InvoiceToCheck["kind"]): InvoiceToCheck => ({
      id: kind,
      kind,
      number: null,
      totalHtCents: document.totals.htCents,
      totalVatCents: document.totals.vatCents,
      totalTtcCents: document.totals.ttcCents,
      lines: document.lines.map((l, position) => ({ ...l, position, quantityMillis: Math.round(l.quantity * 1000) })),
    });
    expect(checkInvoiceTotals(toStored({ lines, totals: computeTotals(lines) }, "INVOICE"))).toEqual([]);
    const built = buildInvoice(sampleInvoiceInput(inputs));
    if (!built.ok) throw new Error(built.errors.join(" "));
    const credit = creditNoteFor(built.invoice, { number: "2027-000002", issueDate: "2027-02-10", reason: "Erreur de tarif", lineIndexes: [0, 2] });
    if (!credit.ok) throw new Error(credit.errors.join(" "));
    expect(checkInvoiceTotals(toStored(credit.invoice, "CREDIT_NOTE"))).toEqual([]);
  });
});

function sampleInvoiceInput(lines: InvoiceLineInput[]) {
  const address = { line1: "1 rue des Halles", postalCode: "44000", city: "Nantes", country: "FR" };
  return {
    number: "2027-000001",
    issueDate: "2027-02-03",
    servicePeriod: { from: "2027-01-01", to: "2027-01-31" },
    seller: { name: "La Fabrique Commune", legalForm: "SCIC SAS", address, siren: "899123456", siret: "89912345600011", rcs: "RCS Nantes", vatNumber: "FR12899123456", vatFranchise: false },
    buyer: { organizationId: "org", name: "Savoirs Partagés", address, siren: null, siret: null, professional: true },
    lines,
    paymentTermDays: 30,
    paymentMethod: "virement",
    latePenaltyText: null,
    vatExemptionText: null,
  };
}

describe("checkDocumentReference", () => {
  const invoice = { id: "inv", kind: "INVOICE" as const, number: "2027-000001", scicId: "scic", organizationId: "org", issueDate: "2027-02-03" };
  const creditNote: DocumentReference = { id: "av", kind: "CREDIT_NOTE", number: "2027-000002", scicId: "scic", organizationId: "org", issueDate: "2027-02-10", correctsInvoice: invoice };

  const cases: Array<{ name: string; document: DocumentReference; code: FindingCode | null; mentions?: string }> = [
    { name: "a credit note of an issued invoice of the same SCIC and buyer", document: creditNote, code: null },
    { name: "a credit note issued the same day as its invoice", document: { ...creditNote, issueDate: "2027-02-03" }, code: null },
    { name: "an invoice that references nothing", document: { ...invoice, correctsInvoice: null }, code: null },
    { name: "a credit note that references nothing", document: { ...creditNote, correctsInvoice: null }, code: "CREDIT_NOTE_UNREFERENCED" },
    {
      name: "a credit note of a credit note",
      document: { ...creditNote, correctsInvoice: { ...invoice, kind: "CREDIT_NOTE" } },
      code: "CREDIT_NOTE_REFERENCE_INVALID",
      mentions: "ce n'est pas une facture mais un avoir",
    },
    { name: "a credit note of a draft", document: { ...creditNote, correctsInvoice: { ...invoice, number: null } }, code: "CREDIT_NOTE_REFERENCE_INVALID", mentions: "sans numéro" },
    { name: "a credit note of another SCIC's invoice", document: { ...creditNote, correctsInvoice: { ...invoice, scicId: "other" } }, code: "CREDIT_NOTE_REFERENCE_INVALID", mentions: "une autre SCIC" },
    {
      name: "a credit note of another buyer's invoice",
      document: { ...creditNote, correctsInvoice: { ...invoice, organizationId: "other" } },
      code: "CREDIT_NOTE_REFERENCE_INVALID",
      mentions: "une autre organisation",
    },
    { name: "a credit note older than its invoice", document: { ...creditNote, issueDate: "2027-02-01" }, code: "CREDIT_NOTE_REFERENCE_INVALID", mentions: "émise après l'avoir" },
    { name: "an invoice that references a document", document: { ...invoice, id: "inv2", correctsInvoice: invoice }, code: "CREDIT_NOTE_REFERENCE_INVALID" },
  ];

  it.each(cases)("$name", ({ document, code, mentions }) => {
    const finding = checkDocumentReference(document);
    expect(finding?.code ?? null).toBe(code);
    if (mentions) expect(finding?.message).toContain(mentions);
  });
});

describe("checkCreditedAmount", () => {
  const invoice = { id: "inv", number: "2027-000001", totalTtcCents: 11_000 };
  const cases: Array<{ name: string; credits: number[]; exceeds: boolean }> = [
    { name: "no credit note", credits: [], exceeds: false },
    { name: "a partial credit note", credits: [-1_500], exceeds: false },
    { name: "credit notes cancelling it exactly", credits: [-1_500, -9_500], exceeds: false },
    { name: "credit notes one cent beyond it", credits: [-1_500, -9_501], exceeds: true },
  ];

  it.each(cases)("$name", ({ credits, exceeds }) => {
    const creditNotes = credits.map((totalTtcCents, index) => ({ id: `av${index}`, number: `2027-00000${index + 2}`, totalTtcCents }));
    const finding = checkCreditedAmount(invoice, creditNotes);
    expect(finding?.code ?? null).toBe(exceeds ? "CREDIT_NOTES_EXCEED_INVOICE" : null);
    if (finding) expect(finding.message).toBe("Facture 2027-000001 (inv) : ses avoirs (2027-000002, 2027-000003) créditent 110,01 €, plus que son montant TTC de 110,00 €.");
  });
});
