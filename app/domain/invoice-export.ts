/**
 * CSV exports of invoices for the accountant and of the value of in-kind support, in the
 * format of app/domain/cooperative.ts (UTF-8 BOM, `;`, CRLF, formula-safe text). Amounts are
 * integer CENTS here (the API contract: "totals in cents"), quantities have a decimal comma.
 *
 * Pure module: no Remix, no Prisma, no I/O.
 */
import { csvDate, csvText, toCsv } from "./cooperative";
import type { LocalDate } from "./time";

export type InvoiceExportLine = {
  kind: "INVOICE" | "CREDIT_NOTE";
  number: string;
  issueDate: LocalDate;
  dueDate: LocalDate | null;
  correctsNumber: string | null;
  buyerName: string;
  buyerSiret: string | null;
  position: number;
  description: string;
  /** Thousandths: 1000 = 1. */
  quantityMillis: number;
  unitPriceHtMillis: number;
  vatRate: number;
  amountHtCents: number;
  vatCents: number;
  amountTtcCents: number;
  invoiceHtCents: number;
  invoiceVatCents: number;
  invoiceTtcCents: number;
};

export const INVOICE_LINES_CSV_HEADER = [
  "Type",
  "Numéro",
  "Date d'émission",
  "Date d'échéance",
  "Facture corrigée",
  "Client",
  "SIRET client",
  "Ligne",
  "Désignation",
  "Quantité",
  "Prix unitaire HT (millièmes d'euro)",
  "Taux de TVA (%)",
  "Montant HT (centimes)",
  "TVA (centimes)",
  "Montant TTC (centimes)",
  "Total facture HT (centimes)",
  "Total facture TVA (centimes)",
  "Total facture TTC (centimes)",
] as const;

/** 1500 → "1,5"; 1000 → "1"; -1000 → "-1". */
export function formatThousandths(value: number): string {
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  const decimals = String(abs % 1000).padStart(3, "0").replace(/0+$/, "");
  return `${sign}${Math.floor(abs / 1000)}${decimals ? `,${decimals}` : ""}`;
}

/** Basis points → percent with a decimal comma: 2000 → "20", 550 → "5,5". */
function percent(basisPoints: number): string {
  const decimals = String(basisPoints % 100).padStart(2, "0").replace(/0+$/, "");
  return `${Math.floor(basisPoints / 100)}${decimals ? `,${decimals}` : ""}`;
}

/** One row per invoice or credit-note line, in the order given. */
export function invoiceLinesCsv(lines: readonly InvoiceExportLine[]): string {
  return toCsv(
    INVOICE_LINES_CSV_HEADER,
    lines.map((l) => [
      l.kind === "INVOICE" ? "Facture" : "Avoir",
      l.number,
      csvDate(l.issueDate),
      l.dueDate ? csvDate(l.dueDate) : "",
      l.correctsNumber ?? "",
      csvText(l.buyerName),
      l.buyerSiret ?? "",
      String(l.position + 1),
      csvText(l.description),
      formatThousandths(l.quantityMillis),
      String(l.unitPriceHtMillis),
      percent(l.vatRate),
      String(l.amountHtCents),
      String(l.vatCents),
      String(l.amountTtcCents),
      String(l.invoiceHtCents),
      String(l.invoiceVatCents),
      String(l.invoiceTtcCents),
    ]),
  );
}

export type InKindExportRow = {
  organizationName: string;
  year: number;
  publicValueCents: number;
  billedCents: number;
  inKindCents: number;
};

export const IN_KIND_CSV_HEADER = [
  "Organisation",
  "Année",
  "Valeur au tarif public (centimes)",
  "Montant facturé HT (centimes)",
  "Avantages en nature (centimes)",
] as const;

export function inKindCsv(rows: readonly InKindExportRow[]): string {
  return toCsv(
    IN_KIND_CSV_HEADER,
    rows.map((r) => [csvText(r.organizationName), String(r.year), String(r.publicValueCents), String(r.billedCents), String(r.inKindCents)]),
  );
}
