/**
 * Invoicing under French rules: numbering, line and VAT computation in integer cents, the legal
 * content of an invoice, credit notes (avoirs), late-cancellation fees, payments, balances,
 * overdue invoices and the value of in-kind support.
 *
 * Pure module: no Remix, no Prisma, no I/O. Types are plain so the persistence layer maps rows
 * to them. Dates are Paris calendar dates ("YYYY-MM-DD").
 *
 * Decisions (docs/decisions/0007-pricing-and-invoicing-rules.md; tests/unit/invoicing.test.ts):
 *   - Every amount is integer CENTS. Unit prices are integer THOUSANDTHS of a euro
 *     (`unitPriceHtMillis`: 33,335 € = 33335) so that sub-cent unit prices stay exact;
 *     quantities have at most 3 decimals.
 *   - Rounding, per line, halves away from zero (half-up for positive amounts):
 *       line HT  = round(unit price HT × quantity)  to the cent   (3 × 33,335 € = 100,005 → 100,01 €)
 *       line VAT = round(line HT × VAT rate)        to the cent
 *       totals   = sums of the rounded lines (per VAT rate, then overall); TTC = HT + VAT.
 *     A credit note negates the lines it credits cent for cent, so a full credit note cancels the
 *     invoice's totals exactly.
 *   - VAT rates are basis points: 2000 (20 %), 1000 (10 %), 550 (5,5 %), 0. A seller under the
 *     VAT franchise (art. 293 B du CGI) bills every line at 0 with the mention "TVA non
 *     applicable, art. 293 B du CGI"; outside the franchise a line at 0 needs an exemption text.
 *   - Numbers are "YYYY-NNNNNN" (2027-000042), sequential and gapless per SCIC and calendar year
 *     of issue, assigned AT ISSUE (drafts have none) inside the transaction that issues the
 *     document; credit notes take their number from the same sequence. Issued documents are
 *     immutable: corrections are credit notes referencing the invoice.
 *   - Due date = issue date + payment term (0–60 days, art. L441-10 du Code de commerce).
 *   - Payments: a payment naming an invoice pays it first; whatever is left, and payments naming
 *     none, pay the organisation's open invoices by due date (oldest first). An invoice is
 *     overdue the day after its due date while something remains to pay.
 *   - In-kind support = public-tariff price − billed price, per line, never below 0, summed per
 *     organisation and calendar year of the occupation (free occupations: billed 0).
 *   - The account to pay by transfer (IBAN, and BIC when given) is printed on the invoice and
 *     kept in its document: an issued invoice keeps the account it asked to be paid to.
 */
import { friendlyFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";
import { z } from "zod";
import { electronicAddressProblem } from "./electronic-address";
import {
  describeCombination,
  divideRounded,
  formatEuros,
  formatMonthFr,
  type MonthlyFlat,
  type PricedOccurrence,
} from "./pricing";
import { describeLocalSlot, formatDurationFr, formatLocalDateRangeFr, isLateCancellation } from "./space-rules";
import { addDaysLocal, formatDayMonthYear, isLocalDate, localDate, localDateToEpochDay, type LocalDate } from "./time";

// ---------------------------------------------------------------------------------------------
// Numbering
// ---------------------------------------------------------------------------------------------

export const INVOICE_SEQUENCE_DIGITS = 6;
export const MAX_INVOICE_SEQUENCE = 999_999;
const INVOICE_NUMBER_RE = /^(\d{4})-(\d{6})$/;

/** (2027, 42) → "2027-000042". */
export function formatInvoiceNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1970 || year > 2999) throw new RangeError(`Année de facturation invalide : ${year}.`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_INVOICE_SEQUENCE) {
    throw new RangeError(`Numéro d'ordre de facture invalide : ${sequence}.`);
  }
  return `${year}-${String(sequence).padStart(INVOICE_SEQUENCE_DIGITS, "0")}`;
}

/** "2027-000042" → { year: 2027, sequence: 42 }; null when malformed. */
export function parseInvoiceNumber(text: string): { year: number; sequence: number } | null {
  const match = INVOICE_NUMBER_RE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  if (sequence < 1 || year < 1970 || year > 2999) return null;
  return { year, sequence };
}

/**
 * The number the next issued document of `year` gets, from the last one issued that year
 * (null: none yet). Called inside the issuing transaction; a unique constraint on
 * (SCIC, year, sequence) refuses a concurrent duplicate.
 */
export function nextInvoiceNumber(year: number, lastIssuedForYear: string | null): string {
  if (lastIssuedForYear === null) return formatInvoiceNumber(year, 1);
  const last = parseInvoiceNumber(lastIssuedForYear);
  if (!last) throw new RangeError(`Numéro de facture invalide : « ${lastIssuedForYear} ».`);
  if (last.year !== year) {
    throw new RangeError(`Le numéro ${lastIssuedForYear} n'appartient pas à l'année ${year}.`);
  }
  return formatInvoiceNumber(year, last.sequence + 1);
}

export type NumberingReport = {
  /** Numbers absent between 1 and the highest number of each year. */
  missing: string[];
  /** Numbers used more than once (listed once). */
  duplicates: string[];
  /** Strings that are not invoice numbers. */
  invalid: string[];
};

/** Audit of a SCIC's issued numbers (invoices and credit notes together), sorted. */
export function findNumberingGaps(numbers: readonly string[]): NumberingReport {
  const byYear = new Map<number, Set<number>>();
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const invalid: string[] = [];
  for (const number of numbers) {
    const parsed = parseInvoiceNumber(number);
    if (!parsed) {
      invalid.push(number);
      continue;
    }
    if (seen.has(number)) duplicates.add(number);
    seen.add(number);
    const sequences = byYear.get(parsed.year) ?? new Set<number>();
    sequences.add(parsed.sequence);
    byYear.set(parsed.year, sequences);
  }
  const missing: string[] = [];
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const sequences = byYear.get(year) as Set<number>;
    const highest = Math.max(...sequences);
    for (let sequence = 1; sequence < highest; sequence++) {
      if (!sequences.has(sequence)) missing.push(formatInvoiceNumber(year, sequence));
    }
  }
  return { missing, duplicates: [...duplicates].sort(), invalid };
}

// ---------------------------------------------------------------------------------------------
// Lines, VAT and totals
// ---------------------------------------------------------------------------------------------

export const VAT_RATES = [2000, 1000, 550, 0] as const;
/** Basis points: 2000 = 20 %, 550 = 5,5 %. */
export type VatRate = (typeof VAT_RATES)[number];

export const VAT_FRANCHISE_MENTION = "TVA non applicable, art. 293 B du CGI";
export const RECOVERY_INDEMNITY_CENTS = 4_000;

/** 2000 → "20 %", 550 → "5,5 %". */
export function formatVatRate(rate: number): string {
  const units = Math.floor(rate / 100);
  const decimals = String(rate % 100).padStart(2, "0").replace(/0+$/, "");
  return `${units}${decimals ? `,${decimals}` : ""} %`;
}

/** Occurrence details an invoice line carries (date, space, duration, tier, included hours). */
export type OccurrenceLineDetails = {
  occurrenceId: string;
  date: LocalDate;
  spaceName: string;
  durationMinutes: number;
  seats: number;
  tierName: string;
  includedMinutes: number;
};

export type InvoiceLineKind = "OCCURRENCE" | "MONTHLY_FLAT" | "LATE_CANCELLATION" | "OTHER";

export type InvoiceLineInput = {
  kind: InvoiceLineKind;
  description: string;
  /** Positive, at most 3 decimals. */
  quantity: number;
  /** Integer thousandths of a euro, excluding VAT; negative for a discount. */
  unitPriceHtMillis: number;
  vatRate: VatRate;
  occurrence?: OccurrenceLineDetails | null;
};

export type InvoiceLine = InvoiceLineInput & {
  amountHtCents: number;
  vatCents: number;
  amountTtcCents: number;
  /** On a credit note: index of the invoice line it credits; null for an adjustment or on an invoice. */
  creditedLineIndex: number | null;
};

export type VatBreakdownRow = { vatRate: VatRate; baseHtCents: number; vatCents: number };

export type InvoiceTotals = { htCents: number; vatCents: number; ttcCents: number; byRate: VatBreakdownRow[] };

/** Quantity in integer thousandths; null when not positive with at most 3 decimals. */
function quantityThousandths(quantity: number): number | null {
  if (!Number.isFinite(quantity) || quantity <= 0) return null;
  const thousandths = Math.round(quantity * 1000);
  return Math.abs(thousandths - quantity * 1000) < 1e-6 ? thousandths : null;
}

/** Cents → thousandths of a euro, for unit prices coming from the pricing module. */
export function centsToMillis(cents: number): number {
  return cents * 10;
}

/** Line amounts: HT = unit × quantity rounded to the cent, VAT = HT × rate rounded to the cent. */
export function computeLine(input: InvoiceLineInput): InvoiceLine {
  const thousandths = quantityThousandths(input.quantity);
  if (thousandths === null || !Number.isSafeInteger(input.unitPriceHtMillis)) {
    throw new RangeError(`computeLine : quantité ou prix unitaire invalide (${input.quantity} × ${input.unitPriceHtMillis}).`);
  }
  // millis (1/1000 €) × thousandths (1/1000) = 1/1 000 000 €; cents = that ÷ 10 000.
  const amountHtCents = divideRounded(input.unitPriceHtMillis * thousandths, 10_000);
  const vatCents = divideRounded(amountHtCents * input.vatRate, 10_000);
  return { ...input, amountHtCents, vatCents, amountTtcCents: amountHtCents + vatCents, creditedLineIndex: null };
}

/** Sums of the rounded lines, per VAT rate (highest rate first) and overall. */
export function computeTotals(lines: readonly InvoiceLine[]): InvoiceTotals {
  const byRate = new Map<VatRate, VatBreakdownRow>();
  for (const line of lines) {
    const row = byRate.get(line.vatRate) ?? { vatRate: line.vatRate, baseHtCents: 0, vatCents: 0 };
    row.baseHtCents += line.amountHtCents;
    row.vatCents += line.vatCents;
    byRate.set(line.vatRate, row);
  }
  const rows = [...byRate.values()].sort((a, b) => b.vatRate - a.vatRate);
  const htCents = rows.reduce((sum, r) => sum + r.baseHtCents, 0);
  const vatCents = rows.reduce((sum, r) => sum + r.vatCents, 0);
  return { htCents, vatCents, ttcCents: htCents + vatCents, byRate: rows };
}

// ---------------------------------------------------------------------------------------------
// Lines from pricing
// ---------------------------------------------------------------------------------------------

/**
 * The invoice line of a priced occurrence: quantity 1 at the occurrence's price, or 0 € when
 * the space's monthly flat covers it (the flat is its own line, `monthlyFlatLine`).
 * "Salle Jaurès — réservation du mardi 9 mars 2027 de 09:00 à 17:00 (8 h ; tarif Sociétaire ;
 * heures incluses : 7 h ; facturé : 1 h)".
 */
export function occurrenceLine(
  priced: PricedOccurrence,
  context: { spaceName: string; tierName: string; vatRate: VatRate },
): InvoiceLineInput {
  const details = [
    formatDurationFr(priced.durationMinutes),
    priced.seats > 1 ? `${priced.seats} postes` : null,
    `tarif ${context.tierName}`,
    priced.includedMinutes > 0 ? `heures incluses : ${formatDurationFr(priced.includedMinutes)}` : null,
    describeCombination(priced.combination) ? `facturé : ${describeCombination(priced.combination)}` : null,
    priced.coveredByMonthlyFlat ? "compris dans le forfait mensuel" : null,
  ].filter((d): d is string => d !== null);
  return {
    kind: "OCCURRENCE",
    description:
      `${context.spaceName} — réservation ${describeLocalSlot(priced.localStart, priced.localEnd)} ` +
      `(${details.join(" ; ")})`,
    quantity: 1,
    unitPriceHtMillis: priced.coveredByMonthlyFlat ? 0 : centsToMillis(priced.priceCents),
    vatRate: context.vatRate,
    occurrence: {
      occurrenceId: priced.occurrenceId,
      date: localDate(priced.localStart),
      spaceName: context.spaceName,
      durationMinutes: priced.durationMinutes,
      seats: priced.seats,
      tierName: context.tierName,
      includedMinutes: priced.includedMinutes,
    },
  };
}

/** "Open space — forfait mensuel mars 2027", quantity = seats. */
export function monthlyFlatLine(
  flat: MonthlyFlat,
  context: { spaceName: string; month: string; vatRate: VatRate },
): InvoiceLineInput {
  return {
    kind: "MONTHLY_FLAT",
    description: `${context.spaceName} — forfait mensuel ${formatMonthFr(context.month)}`,
    quantity: flat.seats,
    unitPriceHtMillis: centsToMillis(flat.unitPriceCents),
    vatRate: context.vatRate,
    occurrence: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Late cancellation
// ---------------------------------------------------------------------------------------------

export type CancellationFeePolicy =
  | { kind: "NONE" }
  /** Integer percent (1–100) of the booking's price. */
  | { kind: "PERCENT"; percent: number }
  /** Flat fee in cents, never more than the booking's price. */
  | { kind: "FLAT"; amountCents: number };

export const cancellationFeePolicySchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("NONE") }),
    z.object({
      kind: z.literal("PERCENT"),
      percent: z.coerce
        .number({ invalid_type_error: "Le pourcentage doit être un entier entre 1 et 100." })
        .int("Le pourcentage doit être un entier entre 1 et 100.")
        .min(1, "Le pourcentage doit être un entier entre 1 et 100.")
        .max(100, "Le pourcentage doit être un entier entre 1 et 100."),
    }),
    z.object({
      kind: z.literal("FLAT"),
      amountCents: z.coerce
        .number({ invalid_type_error: "Le montant forfaitaire doit être un montant positif, en centimes." })
        .int("Le montant forfaitaire doit être un montant positif, en centimes.")
        .min(1, "Le montant forfaitaire doit être un montant positif, en centimes."),
    }),
  ],
  { errorMap: () => ({ message: "Choisissez une règle de frais d'annulation." }) },
);

/**
 * The fee of a late cancellation. `priceCents` is the occurrence's price at the organisation's
 * tier, surcharge included, WITHOUT included hours (a cancelled occurrence uses no credit).
 * Late = less than the space's deadline before the start (`isLateCancellation`).
 */
export function lateCancellationFee(input: {
  policy: CancellationFeePolicy;
  priceCents: number;
  startsAt: Date;
  cancelledAt: Date;
  cancellationDeadlineHours: number;
}): { late: boolean; feeCents: number } {
  const late = isLateCancellation({
    startsAt: input.startsAt,
    now: input.cancelledAt,
    cancellationDeadlineHours: input.cancellationDeadlineHours,
  });
  if (!late) return { late, feeCents: 0 };
  const { policy, priceCents } = input;
  if (policy.kind === "PERCENT") return { late, feeCents: divideRounded(priceCents * policy.percent, 100) };
  if (policy.kind === "FLAT") return { late, feeCents: Math.min(policy.amountCents, priceCents) };
  return { late, feeCents: 0 };
}

/** "Annulation tardive — Salle Jaurès — réservation du mardi 23 mars 2027 de 14:00 à 16:00 (50 % du prix)". */
export function lateCancellationLine(input: {
  spaceName: string;
  localStart: string;
  localEnd: string;
  policy: CancellationFeePolicy;
  feeCents: number;
  vatRate: VatRate;
}): InvoiceLineInput {
  const rule =
    input.policy.kind === "PERCENT"
      ? ` (${input.policy.percent} % du prix)`
      : input.policy.kind === "FLAT"
        ? " (forfait)"
        : "";
  return {
    kind: "LATE_CANCELLATION",
    description:
      `Annulation tardive — ${input.spaceName} — ` +
      `réservation ${describeLocalSlot(input.localStart, input.localEnd)}${rule}`,
    quantity: 1,
    unitPriceHtMillis: centsToMillis(input.feeCents),
    vatRate: input.vatRate,
    occurrence: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------

export type PostalAddress = {
  line1: string;
  line2?: string | null;
  postalCode: string;
  city: string;
  country?: string | null;
};

export type Seller = {
  name: string;
  /** "SCIC SAS à capital variable". */
  legalForm: string;
  address: PostalAddress;
  siren: string;
  siret?: string | null;
  /** Its address in the e-invoicing directory when finer than its SIREN (electronic-address.ts); none: the SIREN. */
  electronicAddress?: string | null;
  /** "RCS Lyon". */
  rcs?: string | null;
  /** Intra-community VAT number; required outside the franchise. */
  vatNumber?: string | null;
  vatFranchise: boolean;
};

export type Buyer = {
  organizationId: string;
  name: string;
  address: PostalAddress;
  siren?: string | null;
  siret?: string | null;
  /** Its address in the e-invoicing directory when finer than its SIREN (electronic-address.ts); none: the SIREN. */
  electronicAddress?: string | null;
  vatNumber?: string | null;
  /** A professional buyer (company, association with an activity, public body): €40 indemnity applies. */
  professional: boolean;
};

/** The seller's account to pay by transfer: IBAN and BIC in electronic format (no spaces, capitals). */
export type PaymentAccount = { iban: string; bic: string | null };

/** Why an account cannot be printed on an invoice (French), or null. */
export function paymentAccountError(account: PaymentAccount): string | null {
  if (!isValidIBAN(account.iban)) return "L'IBAN du compte de paiement n'est pas valide.";
  if (account.bic !== null && !isValidBIC(account.bic)) return "Le BIC du compte de paiement n'est pas valide.";
  return null;
}

/** "Paiement par virement sur le compte IBAN FR76 3000 … 189 (BIC AGRIFRPP)." */
export function paymentAccountMention(account: PaymentAccount): string {
  return `Paiement par virement sur le compte IBAN ${friendlyFormatIBAN(account.iban)}${account.bic ? ` (BIC ${account.bic})` : ""}.`;
}

export type InvoiceInput = {
  /** null: a draft (numbers are assigned at issue). */
  number: string | null;
  issueDate: LocalDate;
  servicePeriod: { from: LocalDate; to: LocalDate };
  seller: Seller;
  buyer: Buyer;
  lines: readonly InvoiceLineInput[];
  /** 0–60 days after issue. */
  paymentTermDays: number;
  /** "virement bancaire". */
  paymentMethod: string;
  /** The account to pay by transfer, printed on the invoice; none: the payment method says how to pay. */
  paymentAccount?: PaymentAccount | null;
  /** Replaces the default late-penalty text (e.g. a contractual rate). */
  latePenaltyText?: string | null;
  /** Required when a line is at 0 % outside the franchise ("Exonération de TVA, art. 261 D du CGI"). */
  vatExemptionText?: string | null;
};

export type InvoiceKind = "INVOICE" | "CREDIT_NOTE";

export type Invoice = {
  kind: InvoiceKind;
  number: string | null;
  status: "DRAFT" | "ISSUED";
  issueDate: LocalDate;
  /** null on a credit note. */
  dueDate: LocalDate | null;
  servicePeriod: { from: LocalDate; to: LocalDate };
  seller: Seller;
  buyer: Buyer;
  lines: InvoiceLine[];
  totals: InvoiceTotals;
  /** Exemption mention for the lines at 0 % outside the franchise. */
  vatExemptionText: string | null;
  /** The invoice a credit note corrects. */
  correctsInvoice: { number: string; issueDate: LocalDate } | null;
  creditReason: string | null;
  paymentTerms: string | null;
  /** The account to pay by transfer (none on credit notes, and absent from documents issued before it existed). */
  paymentAccount?: PaymentAccount | null;
  latePenalty: string | null;
  /** 4000 for a professional buyer, null otherwise (and on credit notes). */
  recoveryIndemnityCents: number | null;
  /** Legal mentions, in print order. */
  mentions: string[];
};

export type InvoiceResult = { ok: true; invoice: Invoice } | { ok: false; errors: string[] };

export const DEFAULT_LATE_PENALTY_TEXT =
  "Pénalités de retard : taux d'intérêt appliqué par la Banque centrale européenne à son opération de refinancement la plus récente, majoré de 10 points, exigibles dès le lendemain de la date d'échéance.";

export const RECOVERY_INDEMNITY_MENTION =
  "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : 40 € (art. L441-10 et D441-5 du Code de commerce).";

const SIREN_RE = /^\d{9}$/;
const SIRET_RE = /^\d{14}$/;

function compact(id: string | null | undefined): string | null {
  return id ? id.replace(/\s/g, "") : null;
}

function blank(text: string | null | undefined): boolean {
  return !text || text.trim() === "";
}

function addressComplete(address: PostalAddress): boolean {
  return !blank(address.line1) && !blank(address.postalCode) && !blank(address.city);
}

function partyErrors(label: "vendeur" | "client", party: Seller | Buyer, sirenRequired: boolean): string[] {
  const errors: string[] = [];
  if (blank(party.name)) errors.push(`Le nom du ${label} est obligatoire.`);
  if (!addressComplete(party.address)) errors.push(`L'adresse du ${label} est incomplète (rue, code postal et ville).`);
  const siren = compact(party.siren);
  const siret = compact(party.siret);
  if (sirenRequired && !siren) errors.push(`Le SIREN du ${label} est obligatoire.`);
  if (siren && !SIREN_RE.test(siren)) errors.push(`Le SIREN du ${label} doit comporter 9 chiffres.`);
  if (siret && (!SIRET_RE.test(siret) || (siren !== null && !siret.startsWith(siren)))) {
    errors.push(`Le SIRET du ${label} doit comporter 14 chiffres et commencer par son SIREN.`);
  }
  if (party.electronicAddress) {
    const sirenOfAddress = siren ?? (siret && SIRET_RE.test(siret) ? siret.slice(0, 9) : null);
    if (electronicAddressProblem(party.electronicAddress, sirenOfAddress) !== null) {
      errors.push(`L'adresse de facturation électronique du ${label} doit être son SIREN, seul ou suivi de « _ » et d'un complément (lettres sans accent, chiffres, - _ .).`);
    }
  }
  return errors;
}

function numberErrors(number: string | null, issueDate: LocalDate): string[] {
  if (number === null) return [];
  const parsed = parseInvoiceNumber(number);
  if (!parsed) return [`Numéro invalide : « ${number} » (format attendu : 2027-000042).`];
  if (isLocalDate(issueDate) && String(parsed.year) !== issueDate.slice(0, 4)) {
    return [`Le numéro ${number} ne correspond pas à l'année d'émission ${issueDate.slice(0, 4)}.`];
  }
  return [];
}

function lineErrors(
  line: InvoiceLineInput,
  position: number,
  input: Pick<InvoiceInput, "seller" | "vatExemptionText">,
): string[] {
  const errors: string[] = [];
  const label = `Ligne ${position}`;
  if (blank(line.description)) errors.push(`${label} : la désignation est obligatoire.`);
  if (quantityThousandths(line.quantity) === null) {
    errors.push(`${label} : la quantité doit être un nombre positif avec au plus 3 décimales.`);
  }
  if (!Number.isSafeInteger(line.unitPriceHtMillis)) {
    errors.push(`${label} : le prix unitaire doit être un montant entier en millièmes d'euro.`);
  }
  if (!(VAT_RATES as readonly number[]).includes(line.vatRate)) {
    errors.push(`${label} : taux de TVA non autorisé (20 %, 10 %, 5,5 % ou 0 %).`);
  } else if (input.seller.vatFranchise && line.vatRate !== 0) {
    errors.push(`${label} : sous franchise en base de TVA (art. 293 B du CGI), aucune TVA ne peut être facturée.`);
  } else if (!input.seller.vatFranchise && line.vatRate === 0 && blank(input.vatExemptionText)) {
    errors.push(`${label} : une ligne sans TVA doit être justifiée par une mention d'exonération.`);
  }
  return errors;
}

function servicePeriodMention(period: { from: LocalDate; to: LocalDate }): string {
  return `Date${period.from === period.to ? "" : "s"} de la prestation : ${formatLocalDateRangeFr(period.from, period.to)}`;
}

function paymentTermsText(days: number, method: string): string {
  const when = days === 0 ? "paiement à réception" : `paiement à ${days} jours à compter de la date d'émission`;
  return `Conditions de paiement : ${when}, par ${method.trim()}. Pas d'escompte pour paiement anticipé.`;
}

function vatMentions(seller: Seller, lines: readonly InvoiceLine[], exemption: string | null | undefined): string[] {
  if (seller.vatFranchise) return [VAT_FRANCHISE_MENTION];
  return lines.some((l) => l.vatRate === 0) && exemption ? [exemption.trim()] : [];
}

/**
 * The full legal content of an invoice (a draft when `number` is null), or every reason it
 * cannot be issued (French). Amounts and mentions are computed; nothing is stored here.
 */
export function buildInvoice(input: InvoiceInput): InvoiceResult {
  const errors: string[] = [];
  if (!isLocalDate(input.issueDate)) errors.push(`Date d'émission invalide : « ${input.issueDate} ».`);
  errors.push(...numberErrors(input.number, input.issueDate));
  const period = input.servicePeriod;
  if (!isLocalDate(period.from) || !isLocalDate(period.to) || period.to < period.from) {
    errors.push("La période de la prestation est invalide.");
  }
  errors.push(...partyErrors("vendeur", input.seller, true));
  if (blank(input.seller.legalForm)) errors.push("La forme juridique du vendeur est obligatoire.");
  if (!input.seller.vatFranchise && blank(input.seller.vatNumber)) {
    errors.push("Le numéro de TVA intracommunautaire du vendeur est obligatoire hors franchise en base de TVA.");
  }
  errors.push(...partyErrors("client", input.buyer, false));
  if (input.lines.length === 0) errors.push("Une facture doit comporter au moins une ligne.");
  input.lines.forEach((line, index) => errors.push(...lineErrors(line, index + 1, input)));
  if (!Number.isInteger(input.paymentTermDays) || input.paymentTermDays < 0 || input.paymentTermDays > 60) {
    errors.push("Le délai de paiement doit être compris entre 0 et 60 jours (art. L441-10 du Code de commerce).");
  }
  if (blank(input.paymentMethod)) errors.push("Indiquez le moyen de paiement.");
  const accountError = input.paymentAccount ? paymentAccountError(input.paymentAccount) : null;
  if (accountError) errors.push(accountError);
  if (errors.length > 0) return { ok: false, errors };

  const lines = input.lines.map(computeLine);
  const totals = computeTotals(lines);
  if (totals.ttcCents < 0) {
    return { ok: false, errors: ["Le total d'une facture ne peut pas être négatif : établissez un avoir."] };
  }
  const dueDate = addDaysLocal(input.issueDate, input.paymentTermDays);
  const paymentTerms = paymentTermsText(input.paymentTermDays, input.paymentMethod);
  const latePenalty = blank(input.latePenaltyText) ? DEFAULT_LATE_PENALTY_TEXT : (input.latePenaltyText as string).trim();
  const recoveryIndemnityCents = input.buyer.professional ? RECOVERY_INDEMNITY_CENTS : null;
  const mentions = [
    input.number === null ? "Facture (brouillon : le numéro est attribué à l'émission)" : `Facture n° ${input.number}`,
    `Date d'émission : ${formatDayMonthYear(input.issueDate)}`,
    servicePeriodMention(input.servicePeriod),
    "Nature des opérations : prestations de services",
    ...vatMentions(input.seller, lines, input.vatExemptionText),
    `Date d'échéance : ${formatDayMonthYear(dueDate)}`,
    paymentTerms,
    ...(input.paymentAccount ? [paymentAccountMention(input.paymentAccount)] : []),
    latePenalty,
    ...(recoveryIndemnityCents !== null ? [RECOVERY_INDEMNITY_MENTION] : []),
  ];
  return {
    ok: true,
    invoice: {
      kind: "INVOICE",
      number: input.number,
      status: input.number === null ? "DRAFT" : "ISSUED",
      issueDate: input.issueDate,
      dueDate,
      servicePeriod: { ...input.servicePeriod },
      seller: input.seller,
      buyer: input.buyer,
      lines,
      totals,
      vatExemptionText: blank(input.vatExemptionText) ? null : (input.vatExemptionText as string).trim(),
      correctsInvoice: null,
      creditReason: null,
      paymentTerms,
      paymentAccount: input.paymentAccount ?? null,
      latePenalty,
      recoveryIndemnityCents,
      mentions,
    },
  };
}

/** Why a document cannot be edited any more (null: it is a draft and can be). */
export function invoiceEditError(invoice: Pick<Invoice, "kind" | "number">): string | null {
  if (invoice.number === null) return null;
  return invoice.kind === "INVOICE"
    ? `La facture ${invoice.number} est émise : elle ne peut plus être modifiée. Établissez un avoir pour la corriger.`
    : `L'avoir ${invoice.number} est émis : il ne peut plus être modifié.`;
}

// ---------------------------------------------------------------------------------------------
// Credit notes
// ---------------------------------------------------------------------------------------------

export type CreditNoteInput = {
  number: string;
  issueDate: LocalDate;
  reason: string;
  /** Indexes of the invoice lines credited in full; all lines when neither this nor `adjustments` is given. */
  lineIndexes?: readonly number[];
  /** Partial credits (commercial gesture…), entered as positive amounts and credited (negated). */
  adjustments?: readonly InvoiceLineInput[];
  /** Credit notes already issued for this invoice. */
  previousCreditNotes?: readonly Invoice[];
};

/** -x without producing -0 (0 stays 0, so totals compare equal). */
function negate(x: number): number {
  return x === 0 ? 0 : -x;
}

function negateLine(line: InvoiceLine, creditedLineIndex: number | null): InvoiceLine {
  return {
    ...line,
    quantity: negate(line.quantity),
    amountHtCents: negate(line.amountHtCents),
    vatCents: negate(line.vatCents),
    amountTtcCents: negate(line.amountTtcCents),
    creditedLineIndex,
  };
}

/**
 * A credit note (avoir) for an issued invoice: negative lines referencing the original number.
 * Without `lineIndexes`/`adjustments` it credits every line, so its totals are exactly the
 * opposite of the invoice's. Refuses to credit a line twice or more than what remains.
 */
export function creditNoteFor(invoice: Invoice, input: CreditNoteInput): InvoiceResult {
  const errors: string[] = [];
  if (invoice.kind !== "INVOICE" || invoice.number === null) {
    return { ok: false, errors: ["Seule une facture émise peut faire l'objet d'un avoir."] };
  }
  if (!isLocalDate(input.issueDate)) errors.push(`Date d'émission invalide : « ${input.issueDate} ».`);
  else if (input.issueDate < invoice.issueDate) errors.push("L'avoir ne peut pas être antérieur à la facture qu'il corrige.");
  errors.push(...numberErrors(input.number, input.issueDate));
  if (blank(input.reason)) errors.push("Indiquez le motif de l'avoir.");

  const previous = (input.previousCreditNotes ?? []).filter((c) => c.correctsInvoice?.number === invoice.number);
  const alreadyCredited = new Set(previous.flatMap((c) => c.lines.map((l) => l.creditedLineIndex)).filter((i) => i !== null));
  const wholeInvoice = input.lineIndexes === undefined && input.adjustments === undefined;
  const indexes = wholeInvoice ? invoice.lines.map((_, index) => index) : [...(input.lineIndexes ?? [])];
  for (const index of indexes) {
    if (!Number.isInteger(index) || index < 0 || index >= invoice.lines.length) {
      errors.push(`La facture ${invoice.number} n'a pas de ligne ${index + 1}.`);
    } else if (alreadyCredited.has(index)) {
      errors.push(`La ligne ${index + 1} de la facture ${invoice.number} a déjà fait l'objet d'un avoir.`);
    }
  }
  if (new Set(indexes).size !== indexes.length) errors.push("Une même ligne ne peut être créditée qu'une fois.");
  const adjustments = input.adjustments ?? [];
  adjustments.forEach((line, index) => errors.push(...lineErrors(line, indexes.length + index + 1, invoice)));
  if (indexes.length + adjustments.length === 0) errors.push("Un avoir doit comporter au moins une ligne.");
  if (errors.length > 0) return { ok: false, errors };

  const lines = [
    ...indexes.map((index) => negateLine(invoice.lines[index], index)),
    ...adjustments.map((line) => negateLine(computeLine(line), null)),
  ];
  const totals = computeTotals(lines);
  const creditedBefore = -previous.reduce((sum, c) => sum + c.totals.ttcCents, 0);
  const remaining = invoice.totals.ttcCents - creditedBefore;
  if (-totals.ttcCents > remaining) {
    return {
      ok: false,
      errors: [
        `L'avoir (${formatEuros(-totals.ttcCents)}) dépasse le montant restant ` +
          `de la facture ${invoice.number} (${formatEuros(remaining)}).`,
      ],
    };
  }
  const reason = input.reason.trim();
  const mentions = [
    `Avoir n° ${input.number}`,
    `Avoir se rapportant à la facture n° ${invoice.number} du ${formatDayMonthYear(invoice.issueDate)}`,
    `Motif : ${reason}`,
    `Date d'émission : ${formatDayMonthYear(input.issueDate)}`,
    servicePeriodMention(invoice.servicePeriod),
    "Nature des opérations : prestations de services",
    ...vatMentions(invoice.seller, lines, invoice.vatExemptionText),
  ];
  return {
    ok: true,
    invoice: {
      kind: "CREDIT_NOTE",
      number: input.number,
      status: "ISSUED",
      issueDate: input.issueDate,
      dueDate: null,
      servicePeriod: { ...invoice.servicePeriod },
      seller: invoice.seller,
      buyer: invoice.buyer,
      lines,
      totals,
      vatExemptionText: invoice.vatExemptionText,
      correctsInvoice: { number: invoice.number, issueDate: invoice.issueDate },
      creditReason: reason,
      paymentTerms: null,
      paymentAccount: null,
      latePenalty: null,
      recoveryIndemnityCents: null,
      mentions,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Payments, balances, overdue invoices
// ---------------------------------------------------------------------------------------------

export type LedgerInvoice = {
  number: string;
  organizationId: string;
  issueDate: LocalDate;
  dueDate: LocalDate;
  totalTtcCents: number;
};

export type LedgerCreditNote = {
  number: string;
  organizationId: string;
  issueDate: LocalDate;
  correctsInvoiceNumber: string;
  /** Negative. */
  totalTtcCents: number;
};

export type Payment = {
  id: string;
  organizationId: string;
  receivedOn: LocalDate;
  /** Positive, in cents. */
  amountCents: number;
  /** The invoice the payer named, if any. */
  invoiceNumber: string | null;
};

/** An issued invoice as the payment ledger sees it. */
export function toLedgerInvoice(invoice: Invoice): LedgerInvoice {
  if (invoice.kind !== "INVOICE" || invoice.number === null || invoice.dueDate === null) {
    throw new RangeError("toLedgerInvoice : facture émise attendue.");
  }
  return {
    number: invoice.number,
    organizationId: invoice.buyer.organizationId,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    totalTtcCents: invoice.totals.ttcCents,
  };
}

/** An issued credit note as the payment ledger sees it. */
export function toLedgerCreditNote(creditNote: Invoice): LedgerCreditNote {
  if (creditNote.kind !== "CREDIT_NOTE" || creditNote.number === null || creditNote.correctsInvoice === null) {
    throw new RangeError("toLedgerCreditNote : avoir émis attendu.");
  }
  return {
    number: creditNote.number,
    organizationId: creditNote.buyer.organizationId,
    issueDate: creditNote.issueDate,
    correctsInvoiceNumber: creditNote.correctsInvoice.number,
    totalTtcCents: creditNote.totals.ttcCents,
  };
}

export type OrganizationBalance = {
  organizationId: string;
  invoicedCents: number;
  /** Credited by credit notes (positive). */
  creditedCents: number;
  paidCents: number;
  /** invoiced − credited − paid: positive = owed by the organisation, negative = in its favour. */
  balanceCents: number;
};

function upTo<T>(items: readonly T[], date: (item: T) => LocalDate, asOf: LocalDate | undefined): T[] {
  return asOf === undefined ? [...items] : items.filter((item) => date(item) <= asOf);
}

/** Balance per organisation (sorted by id), counting documents and payments dated up to `asOf` (all when omitted). */
export function balance(
  invoices: readonly LedgerInvoice[],
  creditNotes: readonly LedgerCreditNote[],
  payments: readonly Payment[],
  asOf?: LocalDate,
): OrganizationBalance[] {
  const rows = new Map<string, OrganizationBalance>();
  const row = (organizationId: string) => {
    let r = rows.get(organizationId);
    if (!r) {
      r = { organizationId, invoicedCents: 0, creditedCents: 0, paidCents: 0, balanceCents: 0 };
      rows.set(organizationId, r);
    }
    return r;
  };
  for (const i of upTo(invoices, (x) => x.issueDate, asOf)) row(i.organizationId).invoicedCents += i.totalTtcCents;
  for (const c of upTo(creditNotes, (x) => x.issueDate, asOf)) row(c.organizationId).creditedCents += -c.totalTtcCents;
  for (const p of upTo(payments, (x) => x.receivedOn, asOf)) row(p.organizationId).paidCents += p.amountCents;
  return [...rows.values()]
    .map((r) => ({ ...r, balanceCents: r.invoicedCents - r.creditedCents - r.paidCents }))
    .sort((a, b) => (a.organizationId < b.organizationId ? -1 : a.organizationId > b.organizationId ? 1 : 0));
}

export type InvoiceStanding = {
  number: string;
  organizationId: string;
  issueDate: LocalDate;
  dueDate: LocalDate;
  totalTtcCents: number;
  creditedCents: number;
  paidCents: number;
  remainingCents: number;
};

function byDueDate(a: LedgerInvoice, b: LedgerInvoice): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/**
 * What remains to pay on each invoice at `asOf` (see the module header for the allocation),
 * in due-date order.
 */
export function invoiceStandings(
  invoices: readonly LedgerInvoice[],
  creditNotes: readonly LedgerCreditNote[],
  payments: readonly Payment[],
  asOf: LocalDate,
): InvoiceStanding[] {
  const standings = upTo(invoices, (x) => x.issueDate, asOf)
    .sort(byDueDate)
    .map((i) => ({ ...i, creditedCents: 0, paidCents: 0, remainingCents: i.totalTtcCents }));
  const byNumber = new Map(standings.map((s) => [s.number, s]));
  const pool = new Map<string, number>();
  const toPool = (organizationId: string, cents: number) => pool.set(organizationId, (pool.get(organizationId) ?? 0) + cents);

  for (const credit of upTo(creditNotes, (x) => x.issueDate, asOf)) {
    const target = byNumber.get(credit.correctsInvoiceNumber);
    const amount = -credit.totalTtcCents;
    const applied = target && target.organizationId === credit.organizationId ? Math.min(amount, target.remainingCents) : 0;
    if (target && applied > 0) {
      target.creditedCents += applied;
      target.remainingCents -= applied;
    }
    if (amount > applied) toPool(credit.organizationId, amount - applied);
  }
  const sortedPayments = upTo(payments, (x) => x.receivedOn, asOf).sort((a, b) =>
    a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0,
  );
  for (const payment of sortedPayments) {
    const target = payment.invoiceNumber === null ? undefined : byNumber.get(payment.invoiceNumber);
    const ownInvoice = target !== undefined && target.organizationId === payment.organizationId;
    const applied = ownInvoice ? Math.max(0, Math.min(payment.amountCents, target.remainingCents)) : 0;
    if (target && applied > 0) {
      target.paidCents += applied;
      target.remainingCents -= applied;
    }
    if (payment.amountCents > applied) toPool(payment.organizationId, payment.amountCents - applied);
  }
  for (const standing of standings) {
    const available = pool.get(standing.organizationId) ?? 0;
    const applied = Math.min(available, Math.max(0, standing.remainingCents));
    if (applied > 0) {
      standing.paidCents += applied;
      standing.remainingCents -= applied;
      pool.set(standing.organizationId, available - applied);
    }
  }
  return standings;
}

export type OverdueInvoice = InvoiceStanding & { daysLate: number };

/** Invoices past their due date (due date < today) with something left to pay, oldest due first. */
export function overdueInvoices(
  invoices: readonly LedgerInvoice[],
  creditNotes: readonly LedgerCreditNote[],
  payments: readonly Payment[],
  today: LocalDate,
): OverdueInvoice[] {
  return invoiceStandings(invoices, creditNotes, payments, today)
    .filter((s) => s.remainingCents > 0 && s.dueDate < today)
    .map((s) => ({ ...s, daysLate: localDateToEpochDay(today) - localDateToEpochDay(s.dueDate) }));
}

// ---------------------------------------------------------------------------------------------
// In-kind support
// ---------------------------------------------------------------------------------------------

export type InKindLine = {
  organizationId: string;
  /** Date of the occupation (Paris). */
  date: LocalDate;
  /** Price at the public tariff, no included hours. */
  publicPriceCents: number;
  /** What was billed (0 for a free occupation). */
  billedCents: number;
};

export type InKindValue = {
  organizationId: string;
  year: number;
  publicValueCents: number;
  billedCents: number;
  /** Σ max(0, public − billed). */
  inKindCents: number;
};

/** Value of in-kind support per organisation and calendar year, sorted by organisation then year. */
export function inKindValue(lines: readonly InKindLine[]): InKindValue[] {
  const rows = new Map<string, InKindValue>();
  for (const line of lines) {
    const year = Number(line.date.slice(0, 4));
    const key = `${line.organizationId}\u0000${year}`;
    const row = rows.get(key) ?? {
      organizationId: line.organizationId,
      year,
      publicValueCents: 0,
      billedCents: 0,
      inKindCents: 0,
    };
    row.publicValueCents += line.publicPriceCents;
    row.billedCents += line.billedCents;
    row.inKindCents += Math.max(0, line.publicPriceCents - line.billedCents);
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) =>
    a.organizationId < b.organizationId ? -1 : a.organizationId > b.organizationId ? 1 : a.year - b.year,
  );
}
