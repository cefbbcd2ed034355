// Factur-X mapping (app/domain/facturx.ts) and the generated files: the library's own EN 16931
// input validation, the XML against the official Factur-X 1.07.3 EN 16931 XSD, the values in
// the XML against our invoice, and the PDF/A-3 declarations.
import { InvoiceService } from "@e-invoice-eu/core";
import { completeCiiTree, decimalString, facturxInvoiceData, facturxLineFigures, percentString, FACTURX_EN16931_GUIDELINE, type CiiTree } from "~/domain/facturx";
import { buildInvoice, creditNoteFor, type Invoice, type InvoiceInput } from "~/domain/invoicing";
import { facturxPdf } from "~/utils/facturx.server";
import { invoicePdf } from "~/utils/invoice-pdf.server";
import { validateFacturxXsd } from "../helpers/facturx-xsd";
import { pdfAttachments, pdfCatalogInfo, pdfFonts } from "../helpers/pdf-attachments";

const seller = {
  name: "SCIC La Fabrique Commune",
  legalForm: "SCIC SAS à capital variable",
  address: { line1: "2 place des Halles", postalCode: "44000", city: "Nantes", country: "FR" },
  siren: "812345678",
  siret: "81234567800015",
  rcs: "RCS Nantes",
};
const buyer = {
  organizationId: "org-1",
  name: "Association Savoirs Partagés",
  address: { line1: "5 rue des Écoles", postalCode: "44100", city: "Nantes", country: "FR" },
  siren: "901234567",
  siret: "90123456700012",
  professional: true,
};

function issued(input: Partial<InvoiceInput> & Pick<InvoiceInput, "lines" | "seller">): Invoice {
  const result = buildInvoice({
    number: "2027-000042",
    issueDate: "2027-02-01",
    servicePeriod: { from: "2027-01-01", to: "2027-01-31" },
    buyer,
    paymentTermDays: 30,
    paymentMethod: "virement bancaire",
    ...input,
  });
  if (!result.ok) throw new Error(result.errors.join(" "));
  return result.invoice;
}

const franchiseInvoiceInput = () =>
  ({
    seller: { ...seller, vatFranchise: true },
    lines: [
      { kind: "OCCURRENCE", description: "Salle Jaurès — réservation du mardi 12 janvier 2027 de 09:00 à 17:00", quantity: 1, unitPriceHtMillis: 60_000, vatRate: 0 },
      { kind: "OTHER", description: "Remise fidélité", quantity: 1, unitPriceHtMillis: -5_000, vatRate: 0 },
    ],
  }) satisfies Pick<InvoiceInput, "lines" | "seller">;

const franchiseInvoice = () => issued(franchiseInvoiceInput());

const vatInvoice = () =>
  issued({
    seller: { ...seller, vatFranchise: false, vatNumber: "FR40812345678" },
    vatExemptionText: "Exonération de TVA, art. 261-4-4° du CGI",
    lines: [
      { kind: "OTHER", description: "Salle — 3 créneaux", quantity: 3, unitPriceHtMillis: 33_335, vatRate: 2000 },
      { kind: "OTHER", description: "Café", quantity: 2.5, unitPriceHtMillis: 1_200, vatRate: 550 },
      { kind: "OTHER", description: "Formation", quantity: 1, unitPriceHtMillis: 10_000, vatRate: 0 },
    ],
  });

/** Text of every element named `name` (prefix included), in document order. */
function texts(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`, "g"))].map((m) => m[1]);
}

/** The one block `<name>…</name>` (first occurrence). */
function block(xml: string, name: string): string {
  const start = xml.indexOf(`<${name}>`);
  const end = xml.indexOf(`</${name}>`, start);
  if (start < 0 || end < 0) throw new Error(`no ${name} in XML`);
  return xml.slice(start, end);
}

async function embeddedXml(invoice: Invoice): Promise<{ pdf: Uint8Array; xml: string }> {
  const pdf = await facturxPdf(invoice);
  const attachments = await pdfAttachments(pdf);
  expect(attachments.map((a) => a.name)).toEqual(["factur-x.xml"]);
  return { pdf, xml: attachments[0].content.toString("utf8") };
}

describe("amounts as decimal strings", () => {
  it.each([
    [0, 2, "0.00"],
    [5, 2, "0.05"],
    [-5, 2, "-0.05"],
    [123_456, 2, "1234.56"],
    [33_335, 3, "33.335"],
    [1_000, 3, "1.000"],
    [7, 0, "7"],
  ])("%i with %i decimals → %s", (value, decimals, expected) => {
    expect(decimalString(value, decimals)).toBe(expected);
  });

  it("refuses a non-integer", () => {
    expect(() => decimalString(1.5, 2)).toThrow(RangeError);
  });

  it.each([
    [2000, "20"],
    [1000, "10"],
    [550, "5.5"],
    [0, "0"],
  ])("VAT rate %i basis points → %s %%", (rate, expected) => {
    expect(percentString(rate)).toBe(expected);
  });
});

describe("the library's input", () => {
  it("puts a franchise invoice in category E with the VATEX-FR-FRANCHISE code and the SIREN as tax registration", () => {
    const data = facturxInvoiceData(franchiseInvoice())["ubl:Invoice"];
    expect(data["cbc:InvoiceTypeCode"]).toBe("380");
    const [subtotal] = data["cac:TaxTotal"][0]["cac:TaxSubtotal"] ?? [];
    expect(subtotal["cac:TaxCategory"]).toMatchObject({
      "cbc:ID": "E",
      "cbc:Percent": "0",
      "cbc:TaxExemptionReasonCode": "VATEX-FR-FRANCHISE",
      "cbc:TaxExemptionReason": "TVA non applicable, art. 293 B du CGI",
    });
    expect(data["cac:AccountingSupplierParty"]["cac:Party"]["cac:PartyTaxScheme"]).toEqual([
      { "cbc:CompanyID": "812345678", "cac:TaxScheme": { "cbc:ID": "FC" } },
    ]);
  });

  it("turns a discount into a negative quantity at a positive price (BR-27)", () => {
    const invoice = franchiseInvoice();
    expect(facturxLineFigures(invoice.lines[1], 1)).toEqual({ quantityMillis: -1000, priceMillis: 5000, netCents: -500 });
  });

  it("writes a credit note as type 381 with positive amounts referencing the invoice", () => {
    const invoice = vatInvoice();
    const result = creditNoteFor(invoice, { number: "2027-000043", issueDate: "2027-02-10", reason: "Erreur de tarif" });
    if (!result.ok) throw new Error(result.errors.join(" "));
    const data = facturxInvoiceData(result.invoice)["ubl:Invoice"];
    expect(data["cbc:InvoiceTypeCode"]).toBe("381");
    expect(data["cac:BillingReference"]).toEqual([{ "cac:InvoiceDocumentReference": { "cbc:ID": "2027-000042", "cbc:IssueDate": "2027-02-01" } }]);
    expect(data["cac:LegalMonetaryTotal"]["cbc:PayableAmount"]).toBe(decimalString(invoice.totals.ttcCents, 2));
    expect(data["cac:InvoiceLine"].map((l) => l["cbc:InvoicedQuantity"])).toEqual(["3.000", "2.500", "1.000"]);
  });

  it("refuses a draft", () => {
    expect(() => facturxInvoiceData({ ...franchiseInvoice(), number: null })).toThrow(RangeError);
  });
});

describe("what the library's mapping cannot write (completeCiiTree)", () => {
  const tree = (): CiiTree => ({
    "rsm:CrossIndustryInvoice": {
      "rsm:SupplyChainTradeTransaction": {
        "ram:ApplicableHeaderTradeAgreement": {
          "ram:SellerTradeParty": { "ram:Name": "S", "ram:PostalTradeAddress": {}, "ram:SpecifiedTaxRegistration": [] },
          "ram:BuyerTradeParty": { "ram:Name": "B", "ram:PostalTradeAddress": {} },
        },
        "ram:ApplicableHeaderTradeSettlement": { "ram:SpecifiedTradeSettlementHeaderMonetarySummation": {}, "ram:ReceivableSpecifiedTradeAccountingAccount": {} },
      },
    },
  });
  type Tree = { [name: string]: Tree };
  const transactionOf = (cii: CiiTree) => (cii as Tree)["rsm:CrossIndustryInvoice"]["rsm:SupplyChainTradeTransaction"];
  const agreementOf = (cii: CiiTree) => transactionOf(cii)["ram:ApplicableHeaderTradeAgreement"];
  const settlementOf = (cii: CiiTree) => transactionOf(cii)["ram:ApplicableHeaderTradeSettlement"];

  it("puts each party's SIREN as electronic address, scheme 0225, where the CII schema orders it", () => {
    const cii = tree();
    completeCiiTree(cii, franchiseInvoice());
    const agreement = agreementOf(cii);
    expect(Object.keys(agreement["ram:SellerTradeParty"])).toEqual(["ram:Name", "ram:PostalTradeAddress", "ram:URIUniversalCommunication", "ram:SpecifiedTaxRegistration"]);
    expect(agreement["ram:SellerTradeParty"]["ram:URIUniversalCommunication"]).toEqual({ "ram:URIID": "812345678", "ram:URIID@schemeID": "0225" });
    expect(Object.keys(agreement["ram:BuyerTradeParty"])).toEqual(["ram:Name", "ram:PostalTradeAddress", "ram:URIUniversalCommunication"]);
    expect(agreement["ram:BuyerTradeParty"]["ram:URIUniversalCommunication"]).toEqual({ "ram:URIID": "901234567", "ram:URIID@schemeID": "0225" });
  });

  it("puts the address a party declared instead of its SIREN", () => {
    const cii = tree();
    const input = franchiseInvoiceInput();
    completeCiiTree(
      cii,
      issued({ ...input, seller: { ...input.seller, electronicAddress: "812345678_FACTURES" }, buyer: { ...buyer, electronicAddress: "901234567_90123456700017" } }),
    );
    expect(agreementOf(cii)["ram:SellerTradeParty"]["ram:URIUniversalCommunication"]).toEqual({ "ram:URIID": "812345678_FACTURES", "ram:URIID@schemeID": "0225" });
    expect(agreementOf(cii)["ram:BuyerTradeParty"]["ram:URIUniversalCommunication"]).toEqual({ "ram:URIID": "901234567_90123456700017", "ram:URIID@schemeID": "0225" });
  });

  it("takes a buyer's SIREN from its SIRET, and gives none to a buyer without either", () => {
    const fromSiret = tree();
    completeCiiTree(fromSiret, issued({ ...franchiseInvoiceInput(), buyer: { ...buyer, siren: null } }));
    expect(agreementOf(fromSiret)["ram:BuyerTradeParty"]["ram:URIUniversalCommunication"]["ram:URIID"]).toBe("901234567");
    const without = tree();
    completeCiiTree(without, issued({ ...franchiseInvoiceInput(), buyer: { ...buyer, siren: null, siret: null } }));
    expect(agreementOf(without)["ram:BuyerTradeParty"]).not.toHaveProperty("ram:URIUniversalCommunication");
    expect(agreementOf(without)["ram:SellerTradeParty"]).toHaveProperty("ram:URIUniversalCommunication");
  });

  it("adds a credit note's reference before the receivable account, and none to an invoice", () => {
    const result = creditNoteFor(vatInvoice(), { number: "2027-000043", issueDate: "2027-02-10", reason: "Erreur de tarif" });
    if (!result.ok) throw new Error(result.errors.join(" "));
    const cii = tree();
    completeCiiTree(cii, result.invoice);
    expect(Object.keys(settlementOf(cii))).toEqual([
      "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
      "ram:InvoiceReferencedDocument",
      "ram:ReceivableSpecifiedTradeAccountingAccount",
    ]);
    const plain = tree();
    completeCiiTree(plain, vatInvoice());
    expect(settlementOf(plain)).not.toHaveProperty("ram:InvoiceReferencedDocument");
  });

  it("refuses a tree it does not know (a new library version must be looked at)", () => {
    expect(() => completeCiiTree({ "rsm:CrossIndustryInvoice": {} }, franchiseInvoice())).toThrow(/SupplyChainTradeTransaction/);
  });
});

describe("the Factur-X file", () => {
  it("embeds an EN 16931 CII XML valid against the Factur-X XSD, with our numbers, in a PDF declared PDF/A-3", async () => {
    const invoice = franchiseInvoice();
    const { pdf, xml } = await embeddedXml(invoice);
    expect(await validateFacturxXsd(xml)).toEqual({ valid: true, errors: [] });
    expect(texts(block(xml, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID")).toEqual([FACTURX_EN16931_GUIDELINE]);
    expect(texts(block(xml, "rsm:ExchangedDocument"), "ram:ID")).toEqual(["2027-000042"]);
    expect(texts(xml, "ram:LineTotalAmount")).toEqual(["60.00", "-5.00", "55.00"]);
    expect(texts(xml, "ram:ExemptionReasonCode")).toEqual(["VATEX-FR-FRANCHISE"]);
    expect(texts(xml, "ram:GrandTotalAmount")).toEqual(["55.00"]);
    expect(texts(block(xml, "ram:DueDateDateTime"), "udt:DateTimeString")).toEqual([invoice.dueDate?.replaceAll("-", "")]);

    const info = await pdfCatalogInfo(pdf);
    expect(info.xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(info.xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(info.xmp).toMatch(/<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);
    expect(info.associatedFiles).toBe(1);
    expect(info.outputIntents).toBe(1);
    const [attachment] = await pdfAttachments(pdf);
    expect(attachment.relationship).toBe("Alternative");
    // PDF/A requires every font to be embedded: DejaVu Sans regular and bold, subset.
    const fonts = await pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, "").replace(/-\d+$/, "")).sort()).toEqual(["DejaVuSans", "DejaVuSans-Bold"]);
    expect(fonts.every((f) => f.embedded)).toBe(true);
  });

  it("keeps VAT per rate, sub-cent prices and exempt lines exact and XSD-valid", async () => {
    const invoice = vatInvoice();
    const { xml } = await embeddedXml(invoice);
    expect(await validateFacturxXsd(xml)).toEqual({ valid: true, errors: [] });
    // 3 × 33,335 € = 100,005 → 100,01 € (per-line rounding, 0007), price given per 10 units.
    expect(texts(xml, "ram:ChargeAmount")).toEqual(["333.35", "1.20", "10.00"]);
    expect(texts(xml, "ram:BasisQuantity")).toEqual(["10"]);
    expect(texts(xml, "ram:LineTotalAmount").slice(0, 3)).toEqual(["100.01", "3.00", "10.00"]);
    expect(texts(xml, "ram:CategoryCode")).toEqual(["S", "S", "E", "S", "S", "E"]);
    expect(texts(xml, "ram:BasisAmount")).toEqual(invoice.totals.byRate.map((r) => decimalString(r.baseHtCents, 2)));
    expect(texts(xml, "ram:CalculatedAmount")).toEqual(invoice.totals.byRate.map((r) => decimalString(r.vatCents, 2)));
    expect(texts(xml, "ram:TaxTotalAmount")).toEqual([decimalString(invoice.totals.vatCents, 2)]);
    expect(texts(xml, "ram:ID").filter((id) => id === "FR40812345678")).toHaveLength(1);
    expect(texts(xml, "ram:ExemptionReason")).toEqual(["Exonération de TVA, art. 261-4-4° du CGI"]);
  });

  it("gives the account to pay by transfer as SEPA payment means with its IBAN and BIC, XSD-valid", async () => {
    const invoice = issued({ ...franchiseInvoiceInput(), paymentAccount: { iban: "FR7630006000011234567890189", bic: "AGRIFRPP" } });
    const { xml } = await embeddedXml(invoice);
    expect(await validateFacturxXsd(xml)).toEqual({ valid: true, errors: [] });
    const means = block(xml, "ram:SpecifiedTradeSettlementPaymentMeans");
    expect(texts(means, "ram:TypeCode")).toEqual(["58"]);
    expect(texts(block(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID")).toEqual(["FR7630006000011234567890189"]);
    expect(texts(block(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID")).toEqual(["AGRIFRPP"]);
    expect(texts(xml, "ram:Content").join("\n")).toContain("Paiement par virement sur le compte IBAN FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPP).");
  });

  it("says credit transfer outside SEPA, without a BIC when none is given, and no payment means without an account", async () => {
    const abroad = issued({ ...franchiseInvoiceInput(), paymentAccount: { iban: "TR330006100519786457841326", bic: null } });
    const { xml } = await embeddedXml(abroad);
    expect(await validateFacturxXsd(xml)).toEqual({ valid: true, errors: [] });
    const means = block(xml, "ram:SpecifiedTradeSettlementPaymentMeans");
    expect(texts(means, "ram:TypeCode")).toEqual(["30"]);
    expect(texts(means, "ram:IBANID")).toEqual(["TR330006100519786457841326"]);
    expect(means).not.toContain("BICID");
    expect((await embeddedXml(franchiseInvoice())).xml).not.toContain("SpecifiedTradeSettlementPaymentMeans");
  });

  it("gives seller and buyer their SIREN as electronic address under the French scheme 0225, XSD-valid", async () => {
    const { xml } = await embeddedXml(franchiseInvoice());
    expect(await validateFacturxXsd(xml)).toEqual({ valid: true, errors: [] });
    const uri = (party: string) => block(block(xml, party), "ram:URIUniversalCommunication");
    expect(uri("ram:SellerTradeParty")).toContain('<ram:URIID schemeID="0225">812345678</ram:URIID>');
    expect(uri("ram:BuyerTradeParty")).toContain('<ram:URIID schemeID="0225">901234567</ram:URIID>');
    const { xml: withoutSiren } = await embeddedXml(issued({ ...franchiseInvoiceInput(), buyer: { ...buyer, siren: null, siret: null } }));
    expect(await validateFacturxXsd(withoutSiren)).toEqual({ valid: true, errors: [] });
    expect(block(withoutSiren, "ram:BuyerTradeParty")).not.toContain("URIUniversalCommunication");
  });

  it("makes an XSD-valid credit note", async () => {
    const result = creditNoteFor(vatInvoice(), { number: "2027-000043", issueDate: "2027-02-10", reason: "Erreur de tarif", lineIndexes: [1] });
    if (!result.ok) throw new Error(result.errors.join(" "));
    const { xml } = await embeddedXml(result.invoice);
    expect(await validateFacturxXsd(xml)).toEqual({ valid: true, errors: [] });
    expect(texts(block(xml, "rsm:ExchangedDocument"), "ram:TypeCode")).toEqual(["381"]);
    // BT-25/BT-26, added around @e-invoice-eu/core 2.3.4's mapping bug (ADR 0011), and in the note.
    const reference = block(xml, "ram:InvoiceReferencedDocument");
    expect(texts(reference, "ram:IssuerAssignedID")).toEqual(["2027-000042"]);
    expect(texts(reference, "qdt:DateTimeString")).toEqual(["20270201"]);
    expect(texts(xml, "ram:Content").join("\n")).toContain("Avoir se rapportant à la facture n° 2027-000042 du 1er février 2027");
    expect(texts(xml, "ram:DuePayableAmount")).toEqual(["3.17"]);
  });

  it("is refused by the library's EN 16931 input validation (an amount with 3 decimals)", async () => {
    const invoice = franchiseInvoice();
    const data = facturxInvoiceData(invoice);
    data["ubl:Invoice"]["cac:InvoiceLine"][0]["cac:Price"]["cbc:PriceAmount"] = "60.005";
    const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const pdf = { buffer: await invoicePdf(invoice), filename: "facture.pdf", mimetype: "application/pdf" };
    await expect(new InvoiceService(silent).generate(data, { format: "Factur-X-EN16931", lang: "fr-fr", pdf })).rejects.toThrow(/validation/);
  });

  it("is refused by the XSD when an element is out of place (the check is real)", async () => {
    const { xml } = await embeddedXml(franchiseInvoice());
    const broken = xml.replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:Foo>380</ram:Foo>");
    const result = await validateFacturxXsd(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join("\n")).toMatch(/Foo/);
  });
});
