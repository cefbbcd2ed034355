import { describe, expect, it } from "vitest";
import {
  balance,
  buildInvoice,
  cancellationFeePolicySchema,
  centsToMillis,
  computeLine,
  computeTotals,
  creditNoteFor,
  DEFAULT_LATE_PENALTY_TEXT,
  findNumberingGaps,
  formatInvoiceNumber,
  formatVatRate,
  inKindValue,
  invoiceEditError,
  invoiceStandings,
  lateCancellationFee,
  lateCancellationLine,
  monthlyFlatLine,
  nextInvoiceNumber,
  occurrenceLine,
  overdueInvoices,
  parseInvoiceNumber,
  RECOVERY_INDEMNITY_MENTION,
  toLedgerCreditNote,
  toLedgerInvoice,
  VAT_FRANCHISE_MENTION,
  type Buyer,
  type Invoice,
  type InvoiceInput,
  type InvoiceLineInput,
  type LedgerCreditNote,
  type LedgerInvoice,
  type Payment,
  type Seller,
  type VatRate,
} from "~/domain/invoicing";
import { priceMonth, type PricedOccurrence, type PricingTier, type RateCardTable } from "~/domain/pricing";

// -----------------------------------------------------------------------------------------------
// Numbering
// -----------------------------------------------------------------------------------------------

describe("invoice numbers", () => {
  it.each([
    [2027, 42, "2027-000042"],
    [2027, 1, "2027-000001"],
    [2028, 999999, "2028-999999"],
  ])("formatInvoiceNumber(%i, %i) = %s", (year, sequence, expected) => {
    expect(formatInvoiceNumber(year, sequence)).toBe(expected);
  });

  it.each([
    [2027, 0],
    [2027, 1_000_000],
    [2027, 1.5],
    [99, 1],
  ])("formatInvoiceNumber(%s, %s) throws", (year, sequence) => {
    expect(() => formatInvoiceNumber(year, sequence)).toThrow(RangeError);
  });

  it.each<[string, { year: number; sequence: number } | null]>([
    ["2027-000042", { year: 2027, sequence: 42 }],
    ["2027-999999", { year: 2027, sequence: 999999 }],
    ["2027-42", null],
    ["2027-000000", null],
    ["2027-0000421", null],
    ["AV-2027-000001", null],
    ["", null],
  ])("parseInvoiceNumber(%j) = %j", (text, expected) => {
    expect(parseInvoiceNumber(text)).toEqual(expected);
  });

  it.each<[number, string | null, string]>([
    [2027, null, "2027-000001"],
    [2027, "2027-000041", "2027-000042"],
    [2027, "2027-000999", "2027-001000"],
  ])("nextInvoiceNumber(%i, %j) = %s", (year, last, expected) => {
    expect(nextInvoiceNumber(year, last)).toBe(expected);
  });

  it("nextInvoiceNumber refuses another year's number, a malformed one, the end of the sequence", () => {
    expect(() => nextInvoiceNumber(2028, "2027-000120")).toThrow(new RangeError("Le numéro 2027-000120 n'appartient pas à l'année 2028."));
    expect(() => nextInvoiceNumber(2027, "F-12")).toThrow(new RangeError("Numéro de facture invalide : « F-12 »."));
    expect(() => nextInvoiceNumber(2027, "2027-999999")).toThrow(RangeError);
  });

  it("findNumberingGaps reports missing numbers per year, duplicates and invalid strings", () => {
    expect(
      findNumberingGaps(["2027-000001", "2027-000002", "2027-000004", "2027-000004", "2027-000007", "2026-000003", "2026-000001", "F-1"]),
    ).toEqual({
      missing: ["2026-000002", "2027-000003", "2027-000005", "2027-000006"],
      duplicates: ["2027-000004"],
      invalid: ["F-1"],
    });
  });

  it("findNumberingGaps finds nothing in a gapless sequence, in any order", () => {
    expect(findNumberingGaps(["2027-000003", "2027-000001", "2027-000002", "2028-000001"])).toEqual({ missing: [], duplicates: [], invalid: [] });
    expect(findNumberingGaps([])).toEqual({ missing: [], duplicates: [], invalid: [] });
  });

  it("findNumberingGaps: a year starting at 3 misses 1 and 2", () => {
    expect(findNumberingGaps(["2027-000003"]).missing).toEqual(["2027-000001", "2027-000002"]);
  });
});

// -----------------------------------------------------------------------------------------------
// Lines and totals
// -----------------------------------------------------------------------------------------------

const line = (quantity: number, unitPriceHtMillis: number, vatRate: VatRate, description = "Prestation"): InvoiceLineInput => ({
  kind: "OTHER",
  description,
  quantity,
  unitPriceHtMillis,
  vatRate,
});

describe("computeLine (rounding per line, half-up to the cent)", () => {
  it.each<[string, InvoiceLineInput, number, number, number]>([
    // 3 × 33,335 € = 100,005 € → 100,01 € (not 3 × 33,34 € = 100,02 €); VAT 20,002 € → 20,00 €.
    ["3 × 33,335 € at 20 %", line(3, 33335, 2000), 10001, 2000, 12001],
    ["1 × 45 € at 20 %", line(1, 45000, 2000), 4500, 900, 5400],
    // 2,5 × 12,345 € = 30,8625 € → 30,86 €; VAT 5,5 % = 1,6973 € → 1,70 €.
    ["2,5 × 12,345 € at 5,5 %", line(2.5, 12345, 550), 3086, 170, 3256],
    ["1 × 19,99 € at 10 %", line(1, 19990, 1000), 1999, 200, 2199],
    // VAT exactly half a cent: 5,5 % of 1 € = 0,055 € → 0,06 €.
    ["1 € at 5,5 %: VAT half a cent rounds up", line(1, 1000, 550), 100, 6, 106],
    ["0,333 × 10 € at 20 %", line(0.333, 10000, 2000), 333, 67, 400],
    ["1 × 12,50 € at 0 %", line(1, 12500, 0), 1250, 0, 1250],
    // A discount line: halves go away from zero. -0,005 € → -0,01 €.
    ["a discount of 0,005 €", line(1, -5, 2000), -1, 0, -1],
  ])("%s", (_label, input, ht, vat, ttc) => {
    const computed = computeLine(input);
    expect([computed.amountHtCents, computed.vatCents, computed.amountTtcCents, computed.creditedLineIndex]).toEqual([ht, vat, ttc, null]);
  });

  it("refuses a quantity with more than 3 decimals or a fractional unit price", () => {
    expect(() => computeLine(line(1.2345, 1000, 2000))).toThrow(RangeError);
    expect(() => computeLine(line(1, 10.5, 2000))).toThrow(RangeError);
  });

  it("centsToMillis", () => {
    expect(centsToMillis(1500)).toBe(15000);
  });

  it.each([
    [2000, "20 %"],
    [1000, "10 %"],
    [550, "5,5 %"],
    [0, "0 %"],
  ])("formatVatRate(%i) = %s", (rate, expected) => {
    expect(formatVatRate(rate)).toBe(expected);
  });
});

describe("computeTotals", () => {
  it("sums per VAT rate (highest first) and overall", () => {
    const lines = [line(3, 33335, 2000), line(1, 45000, 2000), line(2.5, 12345, 550), line(1, 19990, 1000)].map(computeLine);
    expect(computeTotals(lines)).toEqual({
      htCents: 19586,
      vatCents: 3270,
      ttcCents: 22856,
      byRate: [
        { vatRate: 2000, baseHtCents: 14501, vatCents: 2900 },
        { vatRate: 1000, baseHtCents: 1999, vatCents: 200 },
        { vatRate: 550, baseHtCents: 3086, vatCents: 170 },
      ],
    });
  });

  it("VAT is the sum of the rounded line VATs, not the VAT of the total", () => {
    // Three lines of 0,05 € at 10 %: 0,005 € → 0,01 € each, 0,03 € in all (0,015 € → 0,02 € on the total).
    const lines = [line(1, 50, 1000), line(1, 50, 1000), line(1, 50, 1000)].map(computeLine);
    expect(computeTotals(lines)).toEqual({ htCents: 15, vatCents: 3, ttcCents: 18, byRate: [{ vatRate: 1000, baseHtCents: 15, vatCents: 3 }] });
  });

  it("no line, no total", () => {
    expect(computeTotals([])).toEqual({ htCents: 0, vatCents: 0, ttcCents: 0, byRate: [] });
  });
});

// -----------------------------------------------------------------------------------------------
// Invoices
// -----------------------------------------------------------------------------------------------

const SELLER: Seller = {
  name: "SCIC La Fabrique Commune",
  legalForm: "SCIC SAS à capital variable",
  address: { line1: "12 rue des Tanneurs", postalCode: "69001", city: "Lyon" },
  siren: "123456789",
  siret: "12345678900017",
  rcs: "RCS Lyon",
  vatNumber: "FR32123456789",
  vatFranchise: false,
};

const FRANCHISE_SELLER: Seller = { ...SELLER, vatNumber: null, vatFranchise: true };

const BUYER: Buyer = {
  organizationId: "org-ateliers",
  name: "Association Les Ateliers",
  address: { line1: "3 place Bellecour", postalCode: "69002", city: "Lyon" },
  siret: "98765432100021",
  professional: true,
};

const INPUT: InvoiceInput = {
  number: "2027-000042",
  issueDate: "2027-04-05",
  servicePeriod: { from: "2027-03-01", to: "2027-03-31" },
  seller: SELLER,
  buyer: BUYER,
  lines: [line(3, 33335, 2000, "A"), line(1, 45000, 2000, "B"), line(2.5, 12345, 550, "C"), line(1, 19990, 1000, "D")],
  paymentTermDays: 30,
  paymentMethod: "virement bancaire",
};

function built(input: InvoiceInput): Invoice {
  const result = buildInvoice(input);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.invoice;
}

const INVOICE = built(INPUT);

describe("buildInvoice", () => {
  it("computes the legal content of an invoice to a professional buyer", () => {
    expect(INVOICE.kind).toBe("INVOICE");
    expect(INVOICE.status).toBe("ISSUED");
    expect(INVOICE.number).toBe("2027-000042");
    expect(INVOICE.dueDate).toBe("2027-05-05");
    expect(INVOICE.seller).toEqual(SELLER);
    expect(INVOICE.buyer).toEqual(BUYER);
    expect(INVOICE.lines.map((l) => [l.description, l.amountHtCents, l.vatCents, l.amountTtcCents])).toEqual([
      ["A", 10001, 2000, 12001],
      ["B", 4500, 900, 5400],
      ["C", 3086, 170, 3256],
      ["D", 1999, 200, 2199],
    ]);
    expect(INVOICE.totals).toEqual({
      htCents: 19586,
      vatCents: 3270,
      ttcCents: 22856,
      byRate: [
        { vatRate: 2000, baseHtCents: 14501, vatCents: 2900 },
        { vatRate: 1000, baseHtCents: 1999, vatCents: 200 },
        { vatRate: 550, baseHtCents: 3086, vatCents: 170 },
      ],
    });
    expect(INVOICE.recoveryIndemnityCents).toBe(4000);
    expect(INVOICE.mentions).toEqual([
      "Facture n° 2027-000042",
      "Date d'émission : 5 avril 2027",
      "Dates de la prestation : du 1er au 31 mars 2027",
      "Nature des opérations : prestations de services",
      "Date d'échéance : 5 mai 2027",
      "Conditions de paiement : paiement à 30 jours à compter de la date d'émission, par virement bancaire. Pas d'escompte pour paiement anticipé.",
      "Pénalités de retard : taux d'intérêt appliqué par la Banque centrale européenne à son opération de refinancement la plus récente, majoré de 10 points, exigibles dès le lendemain de la date d'échéance.",
      "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : 40 € (art. L441-10 et D441-5 du Code de commerce).",
    ]);
    expect([INVOICE.latePenalty, INVOICE.correctsInvoice, INVOICE.creditReason, INVOICE.vatExemptionText]).toEqual([
      DEFAULT_LATE_PENALTY_TEXT,
      null,
      null,
      null,
    ]);
  });

  it("under the VAT franchise: no VAT, the art. 293 B mention, no VAT number needed", () => {
    const invoice = built({ ...INPUT, seller: FRANCHISE_SELLER, lines: [line(3, 33335, 0), line(1, 45000, 0)] });
    expect(invoice.totals).toEqual({ htCents: 14501, vatCents: 0, ttcCents: 14501, byRate: [{ vatRate: 0, baseHtCents: 14501, vatCents: 0 }] });
    expect(invoice.mentions.slice(3, 5)).toEqual(["Nature des opérations : prestations de services", "TVA non applicable, art. 293 B du CGI"]);
    expect(VAT_FRANCHISE_MENTION).toBe("TVA non applicable, art. 293 B du CGI");
  });

  it("prints the account to pay by transfer after the payment terms, and keeps it in the document", () => {
    const paymentAccount = { iban: "FR7630006000011234567890189", bic: "AGRIFRPP" };
    const invoice = built({ ...INPUT, paymentAccount });
    expect(invoice.paymentAccount).toEqual(paymentAccount);
    const terms = invoice.mentions.findIndex((mention) => mention.startsWith("Conditions de paiement"));
    expect(invoice.mentions[terms + 1]).toBe("Paiement par virement sur le compte IBAN FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPP).");
    expect(built({ ...INPUT, paymentAccount: { ...paymentAccount, bic: null } }).mentions).toContain(
      "Paiement par virement sur le compte IBAN FR76 3000 6000 0112 3456 7890 189.",
    );
    expect(INVOICE.paymentAccount).toBeNull();
    expect(INVOICE.mentions.some((mention) => mention.includes("IBAN"))).toBe(false);
    expect(credited(invoice, { number: "2027-000043", issueDate: "2027-04-10", reason: "Erreur", lineIndexes: [0] }).paymentAccount).toBeNull();
  });

  it("refuses an account whose IBAN or BIC is not valid", () => {
    expect(buildInvoice({ ...INPUT, paymentAccount: { iban: "FR7630006000011234567890188", bic: null } })).toEqual({
      ok: false,
      errors: ["L'IBAN du compte de paiement n'est pas valide."],
    });
    expect(buildInvoice({ ...INPUT, paymentAccount: { iban: "FR7630006000011234567890189", bic: "AGRI" } })).toEqual({
      ok: false,
      errors: ["Le BIC du compte de paiement n'est pas valide."],
    });
  });

  it("without the franchise, no art. 293 B mention", () => {
    expect(INVOICE.mentions).not.toContain(VAT_FRANCHISE_MENTION);
  });

  it("a private buyer: late penalties but no €40 indemnity", () => {
    const invoice = built({ ...INPUT, buyer: { ...BUYER, professional: false } });
    expect(invoice.recoveryIndemnityCents).toBeNull();
    expect(invoice.mentions).not.toContain(RECOVERY_INDEMNITY_MENTION);
    expect(invoice.mentions.at(-1)).toBe(DEFAULT_LATE_PENALTY_TEXT);
  });

  it("a contractual penalty text, payment on receipt, a single service date", () => {
    const invoice = built({
      ...INPUT,
      paymentTermDays: 0,
      paymentMethod: "chèque ou virement",
      servicePeriod: { from: "2027-03-23", to: "2027-03-23" },
      latePenaltyText: "Pénalités de retard : 12 % l'an.",
    });
    expect(invoice.dueDate).toBe("2027-04-05");
    expect(invoice.mentions).toEqual([
      "Facture n° 2027-000042",
      "Date d'émission : 5 avril 2027",
      "Date de la prestation : le 23 mars 2027",
      "Nature des opérations : prestations de services",
      "Date d'échéance : 5 avril 2027",
      "Conditions de paiement : paiement à réception, par chèque ou virement. Pas d'escompte pour paiement anticipé.",
      "Pénalités de retard : 12 % l'an.",
      RECOVERY_INDEMNITY_MENTION,
    ]);
  });

  it("the due date crosses months and years", () => {
    expect(built({ ...INPUT, number: "2027-000050", issueDate: "2027-12-15", paymentTermDays: 45 }).dueDate).toBe("2028-01-29");
  });

  it("an exempt line outside the franchise carries its exemption text", () => {
    const invoice = built({
      ...INPUT,
      lines: [line(1, 100000, 0, "Location de locaux nus"), line(1, 10000, 2000, "Ménage")],
      vatExemptionText: "Exonération de TVA, art. 261 D 2° du CGI",
    });
    expect(invoice.mentions[4]).toBe("Exonération de TVA, art. 261 D 2° du CGI");
    expect(invoice.vatExemptionText).toBe("Exonération de TVA, art. 261 D 2° du CGI");
    expect(invoice.totals).toEqual({
      htCents: 11000,
      vatCents: 200,
      ttcCents: 11200,
      byRate: [
        { vatRate: 2000, baseHtCents: 1000, vatCents: 200 },
        { vatRate: 0, baseHtCents: 10000, vatCents: 0 },
      ],
    });
  });

  it("a draft has no number and says so", () => {
    const draft = built({ ...INPUT, number: null });
    expect([draft.status, draft.number, draft.mentions[0]]).toEqual(["DRAFT", null, "Facture (brouillon : le numéro est attribué à l'émission)"]);
    expect(draft.totals.ttcCents).toBe(22856);
  });

  it("accepts identifiers written with spaces", () => {
    expect(buildInvoice({ ...INPUT, seller: { ...SELLER, siren: "123 456 789", siret: "123 456 789 00017" } }).ok).toBe(true);
  });

  it.each<[string, Partial<InvoiceInput>, string[]]>([
    ["a number of another year", { number: "2026-000042" }, ["Le numéro 2026-000042 ne correspond pas à l'année d'émission 2027."]],
    ["a malformed number", { number: "42" }, ["Numéro invalide : « 42 » (format attendu : 2027-000042)."]],
    ["an impossible issue date", { number: null, issueDate: "2027-02-30" }, ["Date d'émission invalide : « 2027-02-30 »."]],
    ["a reversed service period", { servicePeriod: { from: "2027-03-31", to: "2027-03-01" } }, ["La période de la prestation est invalide."]],
    ["no line", { lines: [] }, ["Une facture doit comporter au moins une ligne."]],
    [
      "a payment term beyond 60 days",
      { paymentTermDays: 61 },
      ["Le délai de paiement doit être compris entre 0 et 60 jours (art. L441-10 du Code de commerce)."],
    ],
    ["no payment method", { paymentMethod: " " }, ["Indiquez le moyen de paiement."]],
    [
      "bad lines",
      { lines: [line(0, 1000, 2000), line(1.2345, 1000, 2000, " "), line(1, 1000, 1960 as VatRate), line(1, 1000.5, 2000)] },
      [
        "Ligne 1 : la quantité doit être un nombre positif avec au plus 3 décimales.",
        "Ligne 2 : la désignation est obligatoire.",
        "Ligne 2 : la quantité doit être un nombre positif avec au plus 3 décimales.",
        "Ligne 3 : taux de TVA non autorisé (20 %, 10 %, 5,5 % ou 0 %).",
        "Ligne 4 : le prix unitaire doit être un montant entier en millièmes d'euro.",
      ],
    ],
    [
      "VAT under the franchise",
      { seller: FRANCHISE_SELLER, lines: [line(1, 1000, 0), line(1, 1000, 2000)] },
      ["Ligne 2 : sous franchise en base de TVA (art. 293 B du CGI), aucune TVA ne peut être facturée."],
    ],
    [
      "a 0 % line without exemption text outside the franchise",
      { lines: [line(1, 1000, 0)] },
      ["Ligne 1 : une ligne sans TVA doit être justifiée par une mention d'exonération."],
    ],
    [
      "a seller without VAT number outside the franchise",
      { seller: { ...SELLER, vatNumber: null } },
      ["Le numéro de TVA intracommunautaire du vendeur est obligatoire hors franchise en base de TVA."],
    ],
    [
      "a seller without identity",
      { seller: { ...SELLER, name: "", legalForm: "", siren: "", siret: null, address: { line1: "", postalCode: "69001", city: "Lyon" } } },
      [
        "Le nom du vendeur est obligatoire.",
        "L'adresse du vendeur est incomplète (rue, code postal et ville).",
        "Le SIREN du vendeur est obligatoire.",
        "La forme juridique du vendeur est obligatoire.",
      ],
    ],
    [
      "malformed SIREN and SIRET",
      { seller: { ...SELLER, siren: "12345", siret: "99999999900017" } },
      ["Le SIREN du vendeur doit comporter 9 chiffres.", "Le SIRET du vendeur doit comporter 14 chiffres et commencer par son SIREN."],
    ],
    [
      "a buyer without address",
      { buyer: { ...BUYER, name: " ", address: { line1: "3 place Bellecour", postalCode: "69002", city: "" }, siret: "123" } },
      [
        "Le nom du client est obligatoire.",
        "L'adresse du client est incomplète (rue, code postal et ville).",
        "Le SIRET du client doit comporter 14 chiffres et commencer par son SIREN.",
      ],
    ],
    [
      "electronic addresses that are not the party's SIREN or SIREN_complement (the buyer's SIREN from its SIRET)",
      { seller: { ...SELLER, electronicAddress: "987654321_FACTURES" }, buyer: { ...BUYER, electronicAddress: "987654321_compta é" } },
      [
        "L'adresse de facturation électronique du vendeur doit être son SIREN, seul ou suivi de « _ » et d'un complément (lettres sans accent, chiffres, - _ .).",
        "L'adresse de facturation électronique du client doit être son SIREN, seul ou suivi de « _ » et d'un complément (lettres sans accent, chiffres, - _ .).",
      ],
    ],
    [
      "a buyer's electronic address without SIREN or SIRET to check it",
      { buyer: { ...BUYER, siret: null, electronicAddress: "987654321" } },
      ["L'adresse de facturation électronique du client doit être son SIREN, seul ou suivi de « _ » et d'un complément (lettres sans accent, chiffres, - _ .)."],
    ],
    [
      "a negative total",
      { lines: [line(1, 10000, 2000), line(1, -20000, 2000, "Remise")] },
      ["Le total d'une facture ne peut pas être négatif : établissez un avoir."],
    ],
  ])("refuses %s", (_label, change, errors) => {
    expect(buildInvoice({ ...INPUT, ...change })).toEqual({ ok: false, errors });
  });

  it("an issued document cannot be edited; a draft can", () => {
    expect(invoiceEditError({ kind: "INVOICE", number: null })).toBeNull();
    expect(invoiceEditError(INVOICE)).toBe(
      "La facture 2027-000042 est émise : elle ne peut plus être modifiée. Établissez un avoir pour la corriger.",
    );
    expect(invoiceEditError({ kind: "CREDIT_NOTE", number: "2027-000043" })).toBe("L'avoir 2027-000043 est émis : il ne peut plus être modifié.");
  });
});

// -----------------------------------------------------------------------------------------------
// Credit notes
// -----------------------------------------------------------------------------------------------

function credited(invoice: Invoice, input: Parameters<typeof creditNoteFor>[1]): Invoice {
  const result = creditNoteFor(invoice, input);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.invoice;
}

describe("creditNoteFor", () => {
  const base = { number: "2027-000043", issueDate: "2027-04-20", reason: "Erreur de tarif" };

  it("a full credit note nets the invoice to zero, rate by rate", () => {
    const note = credited(INVOICE, base);
    expect([note.kind, note.status, note.number, note.dueDate, note.correctsInvoice, note.creditReason]).toEqual([
      "CREDIT_NOTE",
      "ISSUED",
      "2027-000043",
      null,
      { number: "2027-000042", issueDate: "2027-04-05" },
      "Erreur de tarif",
    ]);
    expect(note.lines.map((l) => [l.description, l.quantity, l.amountHtCents, l.vatCents, l.amountTtcCents, l.creditedLineIndex])).toEqual([
      ["A", -3, -10001, -2000, -12001, 0],
      ["B", -1, -4500, -900, -5400, 1],
      ["C", -2.5, -3086, -170, -3256, 2],
      ["D", -1, -1999, -200, -2199, 3],
    ]);
    expect(note.totals).toEqual({
      htCents: -19586,
      vatCents: -3270,
      ttcCents: -22856,
      byRate: [
        { vatRate: 2000, baseHtCents: -14501, vatCents: -2900 },
        { vatRate: 1000, baseHtCents: -1999, vatCents: -200 },
        { vatRate: 550, baseHtCents: -3086, vatCents: -170 },
      ],
    });
    expect(INVOICE.totals.ttcCents + note.totals.ttcCents).toBe(0);
    expect(note.mentions).toEqual([
      "Avoir n° 2027-000043",
      "Avoir se rapportant à la facture n° 2027-000042 du 5 avril 2027",
      "Motif : Erreur de tarif",
      "Date d'émission : 20 avril 2027",
      "Dates de la prestation : du 1er au 31 mars 2027",
      "Nature des opérations : prestations de services",
    ]);
    expect([note.paymentTerms, note.latePenalty, note.recoveryIndemnityCents]).toEqual([null, null, null]);
  });

  it("a full credit note of a franchise invoice keeps the art. 293 B mention", () => {
    const invoice = built({ ...INPUT, seller: FRANCHISE_SELLER, lines: [line(3, 33335, 0)] });
    const note = credited(invoice, base);
    expect(note.totals).toEqual({ htCents: -10001, vatCents: 0, ttcCents: -10001, byRate: [{ vatRate: 0, baseHtCents: -10001, vatCents: 0 }] });
    expect(note.mentions.at(-1)).toBe(VAT_FRANCHISE_MENTION);
  });

  it("credits chosen lines, then the rest, never a line twice", () => {
    const first = credited(INVOICE, { ...base, lineIndexes: [1] });
    expect([first.lines.length, first.totals.ttcCents]).toEqual([1, -5400]);
    expect(creditNoteFor(INVOICE, { ...base, number: "2027-000044", lineIndexes: [1], previousCreditNotes: [first] })).toEqual({
      ok: false,
      errors: ["La ligne 2 de la facture 2027-000042 a déjà fait l'objet d'un avoir."],
    });
    const rest = credited(INVOICE, { ...base, number: "2027-000044", lineIndexes: [0, 2, 3], previousCreditNotes: [first] });
    expect(INVOICE.totals.ttcCents + first.totals.ttcCents + rest.totals.ttcCents).toBe(0);
  });

  it("credits a partial amount (commercial gesture), rounded like an invoice line", () => {
    const note = credited(INVOICE, { ...base, adjustments: [line(3, 3335, 2000, "Geste commercial")] });
    // 3 × 3,335 € = 10,005 € → 10,01 €; VAT 2,002 € → 2,00 €.
    expect(note.lines.map((l) => [l.description, l.amountHtCents, l.vatCents, l.amountTtcCents, l.creditedLineIndex])).toEqual([
      ["Geste commercial", -1001, -200, -1201, null],
    ]);
  });

  it("refuses to credit more than what remains", () => {
    // 300 € HT + 20 % = 360 € TTC > 228,56 €.
    expect(creditNoteFor(INVOICE, { ...base, adjustments: [line(1, 300000, 2000, "Trop")] })).toEqual({
      ok: false,
      errors: ["L'avoir (360,00 €) dépasse le montant restant de la facture 2027-000042 (228,56 €)."],
    });
  });

  it("refuses to credit what remains plus one cent, accepts exactly what remains", () => {
    const first = credited(INVOICE, { ...base, lineIndexes: [0, 1, 2] }); // 120,01 + 54,00 + 32,56 = 206,57 €
    const remaining = INVOICE.totals.ttcCents + first.totals.ttcCents;
    expect(remaining).toBe(2199);
    // 18,33 € HT + 20 % = 21,996 → VAT 3,67 €: 22,00 € TTC, one cent too many.
    expect(creditNoteFor(INVOICE, { ...base, number: "2027-000044", adjustments: [line(1, 18330, 2000)], previousCreditNotes: [first] })).toEqual({
      ok: false,
      errors: ["L'avoir (22,00 €) dépasse le montant restant de la facture 2027-000042 (21,99 €)."],
    });
    const last = credited(INVOICE, { ...base, number: "2027-000044", lineIndexes: [3], previousCreditNotes: [first] });
    expect(last.totals.ttcCents).toBe(-2199);
  });

  it.each<[string, Invoice, Partial<Parameters<typeof creditNoteFor>[1]>, string[]]>([
    ["a draft", built({ ...INPUT, number: null }), {}, ["Seule une facture émise peut faire l'objet d'un avoir."]],
    ["a credit note", credited(INVOICE, { number: "2027-000043", issueDate: "2027-04-20", reason: "x" }), {}, ["Seule une facture émise peut faire l'objet d'un avoir."]],
    ["no reason", INVOICE, { reason: "  " }, ["Indiquez le motif de l'avoir."]],
    ["a date before the invoice", INVOICE, { issueDate: "2027-04-04" }, ["L'avoir ne peut pas être antérieur à la facture qu'il corrige."]],
    ["a number of another year", INVOICE, { number: "2026-000001" }, ["Le numéro 2026-000001 ne correspond pas à l'année d'émission 2027."]],
    ["a line that does not exist", INVOICE, { lineIndexes: [7] }, ["La facture 2027-000042 n'a pas de ligne 8."]],
    ["the same line twice", INVOICE, { lineIndexes: [1, 1] }, ["Une même ligne ne peut être créditée qu'une fois."]],
    ["no line", INVOICE, { lineIndexes: [] }, ["Un avoir doit comporter au moins une ligne."]],
  ])("refuses %s", (_label, invoice, change, errors) => {
    expect(creditNoteFor(invoice, { number: "2027-000043", issueDate: "2027-04-20", reason: "Erreur de tarif", ...change })).toEqual({
      ok: false,
      errors,
    });
  });
});

// -----------------------------------------------------------------------------------------------
// Lines from pricing, late cancellation
// -----------------------------------------------------------------------------------------------

describe("invoice lines from pricing", () => {
  const tier: PricingTier = { id: "soc", name: "Sociétaire", role: "SOCIETAIRE", includedMinutesPerMonth: 600 };
  const cards: RateCardTable = { jaures: { soc: { hourCents: 1500, halfDayCents: 5000, dayCents: 8000 } } };
  const march = priceMonth(
    [
      { id: "o1", spaceId: "jaures", localStart: "2027-03-02T09:00", localEnd: "2027-03-02T12:00" },
      { id: "o2", spaceId: "jaures", localStart: "2027-03-09T09:00", localEnd: "2027-03-09T17:00" },
      { id: "o3", spaceId: "jaures", localStart: "2027-03-16T14:00", localEnd: "2027-03-16T16:00" },
    ],
    cards,
    tier,
  );
  const lines = march.ok ? march.lines : [];
  const context = { spaceName: "Salle Jaurès", tierName: "Sociétaire", vatRate: 2000 as const };

  it("an occurrence line carries date, space, duration, tier, included hours and price", () => {
    expect(occurrenceLine(lines[1], context)).toEqual({
      kind: "OCCURRENCE",
      description: "Salle Jaurès — réservation du mardi 9 mars 2027 de 09:00 à 17:00 (8 h ; tarif Sociétaire ; heures incluses : 7 h ; facturé : 1 h)",
      quantity: 1,
      unitPriceHtMillis: 15000,
      vatRate: 2000,
      occurrence: {
        occurrenceId: "o2",
        date: "2027-03-09",
        spaceName: "Salle Jaurès",
        durationMinutes: 480,
        seats: 1,
        tierName: "Sociétaire",
        includedMinutes: 420,
      },
    });
  });

  it.each<[string, PricedOccurrence, string, number]>([
    [
      "fully included",
      lines[0],
      "Salle Jaurès — réservation du mardi 2 mars 2027 de 09:00 à 12:00 (3 h ; tarif Sociétaire ; heures incluses : 3 h)",
      0,
    ],
    [
      "no included hours",
      lines[2],
      "Salle Jaurès — réservation du mardi 16 mars 2027 de 14:00 à 16:00 (2 h ; tarif Sociétaire ; facturé : 2 h)",
      30000,
    ],
    [
      "covered by the monthly flat, two seats",
      { ...lines[2], seats: 2, coveredByMonthlyFlat: true },
      "Salle Jaurès — réservation du mardi 16 mars 2027 de 14:00 à 16:00 (2 h ; 2 postes ; tarif Sociétaire ; facturé : 2 h ; compris dans le forfait mensuel)",
      0,
    ],
  ])("occurrence line — %s", (_label, priced, description, unitPriceHtMillis) => {
    const result = occurrenceLine(priced, context);
    expect([result.description, result.unitPriceHtMillis]).toEqual([description, unitPriceHtMillis]);
  });

  it("a monthly flat line", () => {
    expect(
      monthlyFlatLine({ spaceId: "open", seats: 2, unitPriceCents: 15000, totalCents: 30000, replacedCents: 33000 }, { spaceName: "Open space", month: "2027-03", vatRate: 2000 }),
    ).toEqual({
      kind: "MONTHLY_FLAT",
      description: "Open space — forfait mensuel mars 2027",
      quantity: 2,
      unitPriceHtMillis: 150000,
      vatRate: 2000,
      occurrence: null,
    });
  });

  it("a month's invoice: occurrences plus a late-cancellation fee", () => {
    const fee = lateCancellationLine({
      spaceName: "Salle Jaurès",
      localStart: "2027-03-23T14:00",
      localEnd: "2027-03-23T16:00",
      policy: { kind: "PERCENT", percent: 50 },
      feeCents: 1500,
      vatRate: 2000,
    });
    expect(fee).toEqual({
      kind: "LATE_CANCELLATION",
      description: "Annulation tardive — Salle Jaurès — réservation du mardi 23 mars 2027 de 14:00 à 16:00 (50 % du prix)",
      quantity: 1,
      unitPriceHtMillis: 15000,
      vatRate: 2000,
      occurrence: null,
    });
    const invoice = built({ ...INPUT, lines: [...lines.map((l) => occurrenceLine(l, context)), fee] });
    // 0 + 15 € + 30 € + 15 € = 60 € HT, 12 € VAT.
    expect(invoice.totals).toEqual({ htCents: 6000, vatCents: 1200, ttcCents: 7200, byRate: [{ vatRate: 2000, baseHtCents: 6000, vatCents: 1200 }] });
  });

  it("a flat fee line says so", () => {
    expect(
      lateCancellationLine({
        spaceName: "Salle Jaurès",
        localStart: "2027-03-23T14:00",
        localEnd: "2027-03-23T16:00",
        policy: { kind: "FLAT", amountCents: 2000 },
        feeCents: 2000,
        vatRate: 2000,
      }).description,
    ).toBe("Annulation tardive — Salle Jaurès — réservation du mardi 23 mars 2027 de 14:00 à 16:00 (forfait)");
  });
});

describe("lateCancellationFee", () => {
  // Tuesday 23 March 2027, 14:00 in Paris = 13:00Z; deadline 48 h.
  const startsAt = new Date("2027-03-23T13:00:00Z");
  const fee = (policy: Parameters<typeof lateCancellationFee>[0]["policy"], priceCents: number, cancelledAt: string) =>
    lateCancellationFee({ policy, priceCents, startsAt, cancelledAt: new Date(cancelledAt), cancellationDeadlineHours: 48 });

  it.each<[string, Parameters<typeof lateCancellationFee>[0]["policy"], number, string, { late: boolean; feeCents: number }]>([
    ["50 %, 24 h before", { kind: "PERCENT", percent: 50 }, 3000, "2027-03-22T13:00:00Z", { late: true, feeCents: 1500 }],
    ["50 %, exactly at the deadline: not late", { kind: "PERCENT", percent: 50 }, 3000, "2027-03-21T13:00:00Z", { late: false, feeCents: 0 }],
    ["50 %, one minute after the deadline", { kind: "PERCENT", percent: 50 }, 3000, "2027-03-21T13:01:00Z", { late: true, feeCents: 1500 }],
    ["100 %, after the start", { kind: "PERCENT", percent: 100 }, 3000, "2027-03-23T14:00:00Z", { late: true, feeCents: 3000 }],
    // 33 % of 22,50 € = 7,425 € → 7,43 €.
    ["33 % rounds half-up", { kind: "PERCENT", percent: 33 }, 2250, "2027-03-23T12:00:00Z", { late: true, feeCents: 743 }],
    ["flat 20 €", { kind: "FLAT", amountCents: 2000 }, 3000, "2027-03-23T12:00:00Z", { late: true, feeCents: 2000 }],
    ["flat 50 € on a 30 € booking is capped", { kind: "FLAT", amountCents: 5000 }, 3000, "2027-03-23T12:00:00Z", { late: true, feeCents: 3000 }],
    ["no fee policy", { kind: "NONE" }, 3000, "2027-03-23T12:00:00Z", { late: true, feeCents: 0 }],
  ])("%s", (_label, policy, priceCents, cancelledAt, expected) => {
    expect(fee(policy, priceCents, cancelledAt)).toEqual(expected);
  });

  it("cancellationFeePolicySchema", () => {
    expect(cancellationFeePolicySchema.safeParse({ kind: "PERCENT", percent: "50" }).data).toEqual({ kind: "PERCENT", percent: 50 });
    expect(cancellationFeePolicySchema.safeParse({ kind: "FLAT", amountCents: 2000 }).data).toEqual({ kind: "FLAT", amountCents: 2000 });
    const messages = (input: unknown) => {
      const result = cancellationFeePolicySchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => i.message);
    };
    expect(messages({ kind: "PERCENT", percent: 150 })).toEqual(["Le pourcentage doit être un entier entre 1 et 100."]);
    expect(messages({ kind: "FLAT", amountCents: 0 })).toEqual(["Le montant forfaitaire doit être un montant positif, en centimes."]);
    expect(messages({ kind: "LATER" })).toEqual(["Choisissez une règle de frais d'annulation."]);
  });
});

// -----------------------------------------------------------------------------------------------
// Payments, balances, overdue invoices
// -----------------------------------------------------------------------------------------------

describe("payments", () => {
  const invoices: LedgerInvoice[] = [
    { number: "2027-000003", organizationId: "A", issueDate: "2027-02-28", dueDate: "2027-03-30", totalTtcCents: 6000 },
    { number: "2027-000001", organizationId: "A", issueDate: "2027-01-31", dueDate: "2027-03-02", totalTtcCents: 12000 },
    { number: "2027-000002", organizationId: "B", issueDate: "2027-01-31", dueDate: "2027-03-02", totalTtcCents: 5000 },
  ];
  const creditNotes: LedgerCreditNote[] = [
    { number: "2027-000004", organizationId: "A", issueDate: "2027-03-05", correctsInvoiceNumber: "2027-000003", totalTtcCents: -1000 },
  ];
  const payments: Payment[] = [
    { id: "p2", organizationId: "A", receivedOn: "2027-03-10", amountCents: 10000, invoiceNumber: null },
    { id: "p1", organizationId: "A", receivedOn: "2027-02-15", amountCents: 4000, invoiceNumber: "2027-000001" },
    { id: "p3", organizationId: "B", receivedOn: "2027-03-01", amountCents: 5000, invoiceNumber: "2027-000002" },
  ];

  it("balance per organisation", () => {
    expect(balance(invoices, creditNotes, payments)).toEqual([
      { organizationId: "A", invoicedCents: 18000, creditedCents: 1000, paidCents: 14000, balanceCents: 3000 },
      { organizationId: "B", invoicedCents: 5000, creditedCents: 0, paidCents: 5000, balanceCents: 0 },
    ]);
  });

  it("balance at a date counts only what happened by then", () => {
    expect(balance(invoices, creditNotes, payments, "2027-02-28")).toEqual([
      { organizationId: "A", invoicedCents: 18000, creditedCents: 0, paidCents: 4000, balanceCents: 14000 },
      { organizationId: "B", invoicedCents: 5000, creditedCents: 0, paidCents: 0, balanceCents: 5000 },
    ]);
    expect(balance(invoices, creditNotes, payments, "2027-01-30")).toEqual([]);
  });

  it("an overpayment leaves a balance in the organisation's favour", () => {
    const extra: Payment = { id: "p4", organizationId: "B", receivedOn: "2027-03-15", amountCents: 1000, invoiceNumber: "2027-000002" };
    expect(balance(invoices, creditNotes, [...payments, extra]).find((b) => b.organizationId === "B")?.balanceCents).toBe(-1000);
  });

  it("allocates: credit notes, named invoices, then the oldest due first", () => {
    expect(invoiceStandings(invoices, creditNotes, payments, "2027-03-31")).toEqual([
      { number: "2027-000001", organizationId: "A", issueDate: "2027-01-31", dueDate: "2027-03-02", totalTtcCents: 12000, creditedCents: 0, paidCents: 12000, remainingCents: 0 },
      { number: "2027-000002", organizationId: "B", issueDate: "2027-01-31", dueDate: "2027-03-02", totalTtcCents: 5000, creditedCents: 0, paidCents: 5000, remainingCents: 0 },
      { number: "2027-000003", organizationId: "A", issueDate: "2027-02-28", dueDate: "2027-03-30", totalTtcCents: 6000, creditedCents: 1000, paidCents: 2000, remainingCents: 3000 },
    ]);
  });

  it.each<[string, Array<[string, number, number]>]>([
    // Only p1 (4 000 on the first invoice) and p3 have arrived; due 2 March.
    ["2027-03-05", [["2027-000001", 8000, 3]]],
    ["2027-03-30", []], // p2 has paid the first invoice; the third is due today, not late yet.
    ["2027-03-31", [["2027-000003", 3000, 1]]],
    ["2027-03-02", []], // due today
    ["2027-03-03", [["2027-000001", 8000, 1]]], // the second invoice was paid on 1 March
  ])("overdue on %s", (today, expected) => {
    expect(overdueInvoices(invoices, creditNotes, payments, today).map((o) => [o.number, o.remainingCents, o.daysLate])).toEqual(expected);
  });

  it("a payment naming another organisation's invoice pays its own invoices", () => {
    const misdirected: Payment = { id: "p5", organizationId: "B", receivedOn: "2027-02-01", amountCents: 5000, invoiceNumber: "2027-000001" };
    const standings = invoiceStandings(invoices, [], [misdirected], "2027-03-31");
    expect(standings.map((s) => [s.number, s.paidCents, s.remainingCents])).toEqual([
      ["2027-000001", 0, 12000],
      ["2027-000002", 5000, 0],
      ["2027-000003", 0, 6000],
    ]);
  });

  it("partial payments add up", () => {
    const partial: Payment[] = [
      { id: "a", organizationId: "B", receivedOn: "2027-02-01", amountCents: 1000, invoiceNumber: "2027-000002" },
      { id: "b", organizationId: "B", receivedOn: "2027-02-15", amountCents: 1500, invoiceNumber: null },
    ];
    expect(overdueInvoices(invoices, [], partial, "2027-04-01").find((o) => o.number === "2027-000002")).toEqual({
      number: "2027-000002",
      organizationId: "B",
      issueDate: "2027-01-31",
      dueDate: "2027-03-02",
      totalTtcCents: 5000,
      creditedCents: 0,
      paidCents: 2500,
      remainingCents: 2500,
      daysLate: 30,
    });
  });

  it("an invoice and its full credit note: nothing owed, nothing overdue", () => {
    const note = credited(INVOICE, { number: "2027-000043", issueDate: "2027-04-20", reason: "Erreur de tarif" });
    const ledgerInvoice = toLedgerInvoice(INVOICE);
    const ledgerNote = toLedgerCreditNote(note);
    expect(ledgerInvoice).toEqual({ number: "2027-000042", organizationId: "org-ateliers", issueDate: "2027-04-05", dueDate: "2027-05-05", totalTtcCents: 22856 });
    expect(ledgerNote).toEqual({
      number: "2027-000043",
      organizationId: "org-ateliers",
      issueDate: "2027-04-20",
      correctsInvoiceNumber: "2027-000042",
      totalTtcCents: -22856,
    });
    expect(balance([ledgerInvoice], [ledgerNote], [])).toEqual([
      { organizationId: "org-ateliers", invoicedCents: 22856, creditedCents: 22856, paidCents: 0, balanceCents: 0 },
    ]);
    expect(overdueInvoices([ledgerInvoice], [ledgerNote], [], "2027-06-01")).toEqual([]);
  });

  it("the ledger mappers refuse drafts and the wrong kind", () => {
    expect(() => toLedgerInvoice(built({ ...INPUT, number: null }))).toThrow(RangeError);
    expect(() => toLedgerCreditNote(INVOICE)).toThrow(RangeError);
  });
});

// -----------------------------------------------------------------------------------------------
// In-kind support
// -----------------------------------------------------------------------------------------------

describe("inKindValue", () => {
  it("sums public price − billed price per organisation and year, never below 0 per line", () => {
    expect(
      inKindValue([
        { organizationId: "B", date: "2027-05-01", publicPriceCents: 3000, billedCents: 3750 },
        { organizationId: "A", date: "2027-03-02", publicPriceCents: 4500, billedCents: 0 },
        { organizationId: "A", date: "2028-01-04", publicPriceCents: 3000, billedCents: 0 },
        { organizationId: "A", date: "2027-03-09", publicPriceCents: 8000, billedCents: 1500 },
        { organizationId: "A", date: "2027-12-31", publicPriceCents: 3000, billedCents: 3000 },
        { organizationId: "B", date: "2027-06-01", publicPriceCents: 5000, billedCents: 2500 },
      ]),
    ).toEqual([
      { organizationId: "A", year: 2027, publicValueCents: 15500, billedCents: 4500, inKindCents: 11000 },
      { organizationId: "A", year: 2028, publicValueCents: 3000, billedCents: 0, inKindCents: 3000 },
      { organizationId: "B", year: 2027, publicValueCents: 8000, billedCents: 6250, inKindCents: 2500 },
    ]);
  });

  it("nothing to value", () => {
    expect(inKindValue([])).toEqual([]);
  });
});
