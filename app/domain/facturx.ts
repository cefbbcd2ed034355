/**
 * An issued invoice or credit note (app/domain/invoicing.ts) as the input of the Factur-X
 * library `@e-invoice-eu/core`: its "internal format", a JSON tree shaped like UBL that the
 * library turns into the CII XML of the Factur-X EN 16931 profile (docs/decisions/0011).
 *
 * Pure module: no Remix, no Prisma, no I/O (the library itself is only a type import here).
 *
 * Mapping decisions, EN 16931 business terms in brackets:
 *   - Amounts are written from our integer cents and thousandths as decimal strings, never
 *     through floating point: line net [BT-131] = our rounded line HT, VAT breakdown
 *     [BG-23] = our sums per rate, totals [BT-106, BT-109, BT-110, BT-112, BT-115] = our
 *     totals. Per-line rounding (0007) can put the VAT of a rate a cent away from
 *     "base × rate"; EN 16931 (BR-CO-17) tolerates it.
 *   - A credit note is type 381 [BT-3] with POSITIVE amounts (the type carries the sign, as
 *     EN 16931 wants), referencing the invoice it corrects [BG-3]. Our stored credit note has
 *     negative lines: they are negated back here.
 *   - Unit prices are exact: a sub-cent price is given per 10 units [BT-149].
 *   - A line with a negative unit price (a discount) becomes a negative quantity at a positive
 *     price: EN 16931 forbids negative prices (BR-27).
 *   - VAT franchise (art. 293 B du CGI): category E "exempt" [BT-118] at 0 % with the
 *     exemption reason code VATEX-FR-FRANCHISE [BT-121] and the mention "TVA non applicable,
 *     art. 293 B du CGI" [BT-120]. Not "O" (outside the scope of VAT): the franchise is an
 *     exemption of a taxable person's supplies (art. 282-292 of the VAT directive), and the
 *     French e-invoicing rules give it this code. A line at 0 % outside the franchise is also
 *     category E, justified by the SCIC's exemption text. Other rates are category S.
 *   - Category E needs a seller VAT identifier or tax registration identifier (BR-E-02): the
 *     intra-community VAT number [BT-31] when the SCIC has one, otherwise its SIREN as the
 *     seller's tax registration identifier [BT-32, scheme FC]; no VAT number is invented.
 *   - Seller and buyer: SIREN as legal registration identifier [BT-30, BT-47, scheme 0002],
 *     SIRET as party identifier [BT-29, BT-46, scheme 0009], legal form [BT-33].
 *   - Electronic addresses [BT-34, BT-49]: under the French reform's scheme 0225, the address
 *     the party declared when finer than its SIREN (SIREN_SIRET, SIREN_suffix), otherwise its
 *     SIREN, the address every company has in the e-invoicing directory. The library's code list
 *     of schemes lacks 0225, so they are added to its CII tree after its mapping
 *     (`completeCiiTree`), as the credit note's reference [BG-3] its mapping drops.
 *   - The account to pay by transfer, when the SCIC gave one: payment means [BG-16] of type 58
 *     "SEPA credit transfer" [BT-81] (30 "credit transfer" outside SEPA), its IBAN [BT-84] and
 *     BIC [BT-86].
 *   - Payment terms text [BT-20] and due date [BT-9]; the service period [BG-14]; the legal
 *     mentions our PDF prints are also the invoice note [BT-22], one per line.
 */
import type { Invoice as EInvoice } from "@e-invoice-eu/core";
import { isSEPACountry } from "ibantools";
import { routingAddress } from "./electronic-address";
import { VAT_FRANCHISE_MENTION, type Invoice, type InvoiceLine, type PaymentAccount, type PostalAddress } from "./invoicing";

/** The library's format name for the EN 16931 (Comfort) profile of Factur-X. */
export const FACTURX_FORMAT = "Factur-X-EN16931";
/** Guideline identifier [BT-24] of that profile, as it appears in the XML. */
export const FACTURX_EN16931_GUIDELINE = "urn:cen.eu:en16931:2017";
export const FRANCHISE_EXEMPTION_CODE = "VATEX-FR-FRANCHISE";

/** UN/ECE Recommendation 20 "C62": one (a unit). Bookings and fees are counted in units. */
const UNIT_CODE = "C62" as const;
const EUR = "EUR" as const;

type UblInvoice = EInvoice["ubl:Invoice"];
type INVOICELINE = UblInvoice["cac:InvoiceLine"][number];
type VATBREAKDOWN = NonNullable<UblInvoice["cac:TaxTotal"][0]["cac:TaxSubtotal"]>[number];
type PAYMENTINSTRUCTIONS = NonNullable<UblInvoice["cac:PaymentMeans"]>[number];
type PARTYVATTAXIDENTIFIERS = NonNullable<UblInvoice["cac:AccountingSupplierParty"]["cac:Party"]["cac:PartyTaxScheme"]>[number];

/** A transfer to the seller's account [BG-16]: SEPA (58) when its IBAN's country is in SEPA. */
function paymentMeans(account: PaymentAccount): PAYMENTINSTRUCTIONS {
  return {
    "cbc:PaymentMeansCode": isSEPACountry(account.iban.slice(0, 2)) ? "58" : "30",
    "cac:PayeeFinancialAccount": {
      "cbc:ID": account.iban,
      ...(account.bic ? { "cac:FinancialInstitutionBranch": { "cbc:ID": account.bic } } : {}),
    },
  };
}

/** Integer amount in 1/10^decimals → decimal string ("-1234", 2 → "-12.34"). */
export function decimalString(value: number, decimals: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`decimalString : entier attendu, reçu ${value}.`);
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.abs(value)).padStart(decimals + 1, "0");
  if (decimals === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

const euros = (cents: number) => decimalString(cents, 2);

/** Quantity (at most 3 decimals) → thousandths. */
function thousandths(quantity: number): number {
  return Math.round(quantity * 1000);
}

/** Basis points → percent string: 2000 → "20", 550 → "5.5", 0 → "0". */
export function percentString(basisPoints: number): string {
  return decimalString(basisPoints, 2).replace(/\.?0+$/, "") || "0";
}

function address(a: PostalAddress) {
  return {
    "cbc:StreetName": a.line1,
    ...(a.line2 ? { "cbc:AdditionalStreetName": a.line2 } : {}),
    "cbc:CityName": a.city,
    "cbc:PostalZone": a.postalCode,
    "cac:Country": { "cbc:IdentificationCode": (a.country || "FR") as "FR" },
  };
}

function compact(id: string | null | undefined): string | null {
  const value = id ? id.replace(/\s/g, "") : "";
  return value === "" ? null : value;
}

type Category = { code: "S" | "E"; exemptionCode: string | null; exemptionText: string | null };

function categoryOf(invoice: Invoice, vatRate: number): Category {
  if (invoice.seller.vatFranchise) return { code: "E", exemptionCode: FRANCHISE_EXEMPTION_CODE, exemptionText: VAT_FRANCHISE_MENTION };
  if (vatRate === 0) return { code: "E", exemptionCode: null, exemptionText: invoice.vatExemptionText ?? "Exonération de TVA" };
  return { code: "S", exemptionCode: null, exemptionText: null };
}

/** A line as EN 16931 wants it: sign carried by the document type and the quantity, price ≥ 0. */
export function facturxLineFigures(line: InvoiceLine, sign: 1 | -1) {
  let quantityMillis = sign * thousandths(line.quantity);
  let priceMillis = line.unitPriceHtMillis;
  if (priceMillis < 0) {
    priceMillis = -priceMillis;
    quantityMillis = -quantityMillis;
  }
  return { quantityMillis, priceMillis, netCents: sign * line.amountHtCents };
}

/**
 * The net price [BT-146]: amounts have at most 2 decimals in the library's format, so a
 * sub-cent unit price (33,335 €) is given for a base quantity of 10 [BT-149]: 333,35 € per 10.
 */
function priceDetails(priceMillis: number): INVOICELINE["cac:Price"] {
  if (priceMillis % 10 === 0) {
    return { "cbc:PriceAmount": euros(priceMillis / 10), "cbc:PriceAmount@currencyID": EUR };
  }
  return {
    "cbc:PriceAmount": decimalString(priceMillis, 2),
    "cbc:PriceAmount@currencyID": EUR,
    "cbc:BaseQuantity": "10",
    "cbc:BaseQuantity@unitCode": UNIT_CODE,
  };
}

/** Seller and buyer identifiers without spaces; a buyer's SIREN is its SIRET's first nine digits when only that is known. */
function partyIdentifiers({ seller, buyer }: Invoice) {
  const buyerSiret = compact(buyer.siret);
  const sellerSiren = compact(seller.siren);
  const buyerSiren = compact(buyer.siren) ?? (buyerSiret ? buyerSiret.slice(0, 9) : null);
  return {
    sellerSiren,
    sellerSiret: compact(seller.siret),
    buyerSiret,
    buyerSiren,
    sellerElectronicAddress: routingAddress(seller.electronicAddress, sellerSiren),
    buyerElectronicAddress: routingAddress(buyer.electronicAddress, buyerSiren),
  };
}

/**
 * The library's input for an issued invoice or credit note. Throws on a draft (no number):
 * only issued documents are e-invoices.
 */
export function facturxInvoiceData(invoice: Invoice): EInvoice {
  if (invoice.number === null) throw new RangeError("Seul un document émis (numéroté) peut être une facture électronique.");
  const credit = invoice.kind === "CREDIT_NOTE";
  const sign: 1 | -1 = credit ? -1 : 1;
  const { seller, buyer } = invoice;
  const { sellerSiren, sellerSiret, buyerSiret, buyerSiren } = partyIdentifiers(invoice);
  const sellerVat = compact(seller.vatNumber);
  const buyerVat = compact(buyer.vatNumber);

  const lines = invoice.lines.map((line, index): INVOICELINE => {
    const { quantityMillis, priceMillis, netCents } = facturxLineFigures(line, sign);
    const category = categoryOf(invoice, line.vatRate);
    return {
      "cbc:ID": String(index + 1),
      "cbc:InvoicedQuantity": decimalString(quantityMillis, 3),
      "cbc:InvoicedQuantity@unitCode": UNIT_CODE,
      "cbc:LineExtensionAmount": euros(netCents),
      "cbc:LineExtensionAmount@currencyID": EUR,
      ...(line.occurrence ? { "cac:InvoicePeriod": { "cbc:StartDate": line.occurrence.date, "cbc:EndDate": line.occurrence.date } } : {}),
      "cac:Item": {
        "cbc:Name": line.description.length > 200 ? `${line.description.slice(0, 199)}…` : line.description,
        ...(line.description.length > 200 ? { "cbc:Description": line.description } : {}),
        "cac:ClassifiedTaxCategory": {
          "cbc:ID": category.code,
          "cbc:Percent": percentString(line.vatRate),
          "cac:TaxScheme": { "cbc:ID": "VAT" },
        },
      },
      "cac:Price": priceDetails(priceMillis),
    };
  });

  const breakdown = invoice.totals.byRate.map((row): VATBREAKDOWN => {
    const category = categoryOf(invoice, row.vatRate);
    return {
      "cbc:TaxableAmount": euros(sign * row.baseHtCents),
      "cbc:TaxableAmount@currencyID": EUR,
      "cbc:TaxAmount": euros(sign * row.vatCents),
      "cbc:TaxAmount@currencyID": EUR,
      "cac:TaxCategory": {
        "cbc:ID": category.code,
        "cbc:Percent": percentString(row.vatRate),
        ...(category.exemptionCode ? { "cbc:TaxExemptionReasonCode": category.exemptionCode } : {}),
        ...(category.exemptionText ? { "cbc:TaxExemptionReason": category.exemptionText } : {}),
        "cac:TaxScheme": { "cbc:ID": "VAT" },
      },
    };
  });

  // BR-E-02 / BR-S-02: a VAT number, or else the SIREN as tax registration (see above).
  const sellerTaxScheme: PARTYVATTAXIDENTIFIERS | null = sellerVat
    ? { "cbc:CompanyID": sellerVat, "cac:TaxScheme": { "cbc:ID": "VAT" } }
    : sellerSiren
      ? { "cbc:CompanyID": sellerSiren, "cac:TaxScheme": { "cbc:ID": "FC" } }
      : null;
  const [firstLine, ...otherLines] = lines;
  if (!firstLine) throw new RangeError("Une facture électronique doit comporter au moins une ligne.");

  const notes = invoice.mentions.filter((m) => m.trim() !== "");
  const totals = invoice.totals;
  const data: EInvoice = {
    "ubl:Invoice": {
      "cbc:ID": invoice.number,
      "cbc:IssueDate": invoice.issueDate,
      ...(invoice.dueDate ? { "cbc:DueDate": invoice.dueDate } : {}),
      "cbc:InvoiceTypeCode": credit ? "381" : "380",
      // CII allows one text per note and the library writes every note of the list into one
      // element: the mentions go as a single note, one per line.
      ...(notes.length > 0 ? { "cbc:Note": [notes.join("\n")] } : {}),
      "cbc:DocumentCurrencyCode": EUR,
      // BT-10: the buyer's own reference is unknown; French practice puts the buyer's name.
      "cbc:BuyerReference": buyer.name,
      "cac:InvoicePeriod": { "cbc:StartDate": invoice.servicePeriod.from, "cbc:EndDate": invoice.servicePeriod.to },
      ...(invoice.correctsInvoice
        ? {
            "cac:BillingReference": [
              {
                "cac:InvoiceDocumentReference": {
                  "cbc:ID": invoice.correctsInvoice.number,
                  "cbc:IssueDate": invoice.correctsInvoice.issueDate,
                },
              },
            ],
          }
        : {}),
      "cac:AccountingSupplierParty": {
        "cac:Party": {
          ...(sellerSiret ? { "cac:PartyIdentification": [{ "cbc:ID": sellerSiret, "cbc:ID@schemeID": "0009" }] } : {}),
          "cac:PostalAddress": address(seller.address),
          ...(sellerTaxScheme ? { "cac:PartyTaxScheme": [sellerTaxScheme] } : {}),
          "cac:PartyLegalEntity": {
            "cbc:RegistrationName": seller.name,
            ...(sellerSiren ? { "cbc:CompanyID": sellerSiren, "cbc:CompanyID@schemeID": "0002" } : {}),
            ...(seller.legalForm || seller.rcs
              ? { "cbc:CompanyLegalForm": [seller.legalForm, seller.rcs].filter((x) => x && x.trim() !== "").join(", ") }
              : {}),
          },
        },
      },
      "cac:AccountingCustomerParty": {
        "cac:Party": {
          ...(buyerSiret ? { "cac:PartyIdentification": { "cbc:ID": buyerSiret, "cbc:ID@schemeID": "0009" } } : {}),
          "cac:PostalAddress": address(buyer.address),
          ...(buyerVat ? { "cac:PartyTaxScheme": { "cbc:CompanyID": buyerVat, "cac:TaxScheme": { "cbc:ID": "VAT" } } } : {}),
          "cac:PartyLegalEntity": {
            "cbc:RegistrationName": buyer.name,
            ...(buyerSiren ? { "cbc:CompanyID": buyerSiren, "cbc:CompanyID@schemeID": "0002" } : {}),
          },
        },
      },
      // The CII header delivery element is mandatory and the library writes it only with
      // content: the services were completed on the last day of the service period [BT-72].
      "cac:Delivery": { "cbc:ActualDeliveryDate": invoice.servicePeriod.to },
      ...(invoice.paymentAccount ? { "cac:PaymentMeans": [paymentMeans(invoice.paymentAccount)] } : {}),
      ...(invoice.paymentTerms ? { "cac:PaymentTerms": { "cbc:Note": invoice.paymentTerms } } : {}),
      "cac:TaxTotal": [
        {
          "cbc:TaxAmount": euros(sign * totals.vatCents),
          "cbc:TaxAmount@currencyID": EUR,
          "cac:TaxSubtotal": breakdown,
        },
      ],
      "cac:LegalMonetaryTotal": {
        "cbc:LineExtensionAmount": euros(sign * totals.htCents),
        "cbc:LineExtensionAmount@currencyID": EUR,
        "cbc:TaxExclusiveAmount": euros(sign * totals.htCents),
        "cbc:TaxExclusiveAmount@currencyID": EUR,
        "cbc:TaxInclusiveAmount": euros(sign * totals.ttcCents),
        "cbc:TaxInclusiveAmount@currencyID": EUR,
        "cbc:PayableAmount": euros(sign * totals.ttcCents),
        "cbc:PayableAmount@currencyID": EUR,
      },
      "cac:InvoiceLine": [firstLine, ...otherLines],
    },
  };
  return data;
}

/** The French e-invoicing reform's scheme of electronic addresses (EAS 0225), whose base address is the SIREN. */
export const FRENCH_ELECTRONIC_ADDRESS_SCHEME = "0225";

/** The library's CII tree (element names as keys, attributes as `element@attribute`). */
export type CiiTree = Record<string, unknown>;

/** A copy of `element` with the child `key` placed before the first of `before` it holds (the XSD's order), else last. */
function withElementBefore(element: CiiTree, key: string, value: unknown, before: readonly string[]): CiiTree {
  const result: CiiTree = {};
  let placed = false;
  for (const [name, child] of Object.entries(element)) {
    if (!placed && before.includes(name)) {
      result[key] = value;
      placed = true;
    }
    if (name !== key) result[name] = child;
  }
  if (!placed) result[key] = value;
  return result;
}

/** What follows `ram:URIUniversalCommunication` in a CII trade party. */
const AFTER_ELECTRONIC_ADDRESS = ["ram:SpecifiedTaxRegistration"] as const;
/** What follows `ram:InvoiceReferencedDocument` in the CII header settlement. */
const AFTER_INVOICE_REFERENCE = ["ram:ReceivableSpecifiedTradeAccountingAccount"] as const;

function ciiChild(tree: CiiTree | undefined, name: string): CiiTree {
  const child = tree?.[name];
  if (!child || typeof child !== "object") throw new Error(`Factur-X : arbre CII inattendu, ${name} manque (voir ADR 0011).`);
  return child as CiiTree;
}

/**
 * Completes the CII tree `@e-invoice-eu/core` 2.3.4 made from `facturxInvoiceData(invoice)`
 * with what its mapping cannot write (ADR 0011), in the XSD's element order:
 *   - the electronic addresses [BT-34, BT-49] under scheme 0225, absent from the library's list
 *     of schemes: the one declared, else the SIREN (a buyer without either gets none);
 *   - a credit note's reference to the invoice it corrects [BT-25, BT-26]: the library reads
 *     it from where its own schema does not put it.
 * Edits `cii` in place, as the library's post-processing step does; throws when the tree is
 * not shaped as expected (a new library version must be looked at).
 */
export function completeCiiTree(cii: CiiTree, invoice: Invoice): void {
  const transaction = ciiChild(ciiChild(cii, "rsm:CrossIndustryInvoice"), "rsm:SupplyChainTradeTransaction");
  const agreement = ciiChild(transaction, "ram:ApplicableHeaderTradeAgreement");
  const { sellerElectronicAddress, buyerElectronicAddress } = partyIdentifiers(invoice);
  const parties = [
    ["ram:SellerTradeParty", sellerElectronicAddress],
    ["ram:BuyerTradeParty", buyerElectronicAddress],
  ] as const;
  for (const [party, uri] of parties) {
    if (!uri) continue;
    const address = { "ram:URIID": uri, "ram:URIID@schemeID": FRENCH_ELECTRONIC_ADDRESS_SCHEME };
    agreement[party] = withElementBefore(ciiChild(agreement, party), "ram:URIUniversalCommunication", address, AFTER_ELECTRONIC_ADDRESS);
  }
  if (invoice.correctsInvoice) {
    const reference = {
      "ram:IssuerAssignedID": invoice.correctsInvoice.number,
      "ram:FormattedIssueDateTime": {
        "qdt:DateTimeString": invoice.correctsInvoice.issueDate.replaceAll("-", ""),
        "qdt:DateTimeString@format": "102",
      },
    };
    const settlement = ciiChild(transaction, "ram:ApplicableHeaderTradeSettlement");
    transaction["ram:ApplicableHeaderTradeSettlement"] = withElementBefore(settlement, "ram:InvoiceReferencedDocument", reference, AFTER_INVOICE_REFERENCE);
  }
}
