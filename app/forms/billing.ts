// Forms of the billing pages, shared by the browser (conform) and the actions.
import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";
import { z } from "zod";
import type { CancellationFeePolicy, VatRate } from "~/domain/invoicing";
import { formatEuros, parseEurosToCents, type SurchargeRule } from "~/domain/pricing";
import { isLocalDate } from "~/domain/time";
import type { BillingSettingsView, SellerIdentity } from "~/models/pricing-settings.server";
import { checkElectronicAddress, electronicAddressField } from "./electronic-address";
import { isValidSiret } from "./organization";

export const runMonthSchema = z.object({
  month: z
    .string({ required_error: "Indiquez le mois à facturer." })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Le mois doit être au format AAAA-MM, par exemple 2027-01."),
  runId: z.string().regex(/^[\w-]{8,64}$/).optional(),
});

export const creditNoteSchema = z.object({
  intent: z.literal("credit-note"),
  reason: z
    .string({ required_error: "Indiquez le motif de l'avoir." })
    .trim()
    .min(3, "Indiquez le motif de l'avoir.")
    .max(500, "Le motif ne doit pas dépasser 500 caractères."),
  /** Line positions to credit; none: the whole invoice. */
  lines: z.array(z.coerce.number().int().min(0)).optional(),
});

export const paymentSchema = z.object({
  intent: z.literal("payment"),
  receivedOn: z
    .string({ required_error: "Indiquez la date du paiement." })
    .refine((value) => isLocalDate(value), "La date doit être au format AAAA-MM-JJ."),
  amount: z
    .string({ required_error: "Indiquez le montant reçu." })
    .transform((value, ctx) => {
      const cents = parseEurosToCents(value);
      if (cents === null || cents <= 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Le montant doit être positif, en euros, par exemple 120,50." });
        return z.NEVER;
      }
      return cents;
    }),
  method: z
    .string({ required_error: "Indiquez le moyen de paiement." })
    .trim()
    .min(2, "Indiquez le moyen de paiement.")
    .max(60, "Le moyen de paiement ne doit pas dépasser 60 caractères."),
});

export const invoiceActionSchema = z.discriminatedUnion("intent", [creditNoteSchema, paymentSchema]);

// ---------------------------------------------------------------------------------------------
// Billing settings of a SCIC (/organisations/:slug/facturation/parametres)
// ---------------------------------------------------------------------------------------------

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const requiredText = (label: string, max: number) =>
  z
    .string({ required_error: `Indiquez ${label}.` })
    .trim()
    .min(1, `Indiquez ${label}.`)
    .max(max, `Ce champ ne doit pas dépasser ${max} caractères.`);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Ce champ ne doit pas dépasser ${max} caractères.`)
    .optional()
    .transform((value) => (value ? value : null));

const optionalTime = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || HH_MM.test(value), `${label} doit être au format HH:MM, par exemple 19:00.`);

export const BILLING_VAT_RATES = ["2000", "1000", "550", "0"] as const;

/**
 * One form for the seller's legal identity (printed on every invoice) and the billing rules:
 * VAT regime, payment terms, late-payment penalties, late-cancellation fees and the
 * evening/weekend surcharge. Cross-field rules are checked here so each message sits beside
 * its field; buildInvoice (app/domain/invoicing.ts) checks them again at issue.
 */
export const billingSettingsSchema = z
  .object({
    legalForm: requiredText("la forme juridique, par exemple « SCIC SAS à capital variable »", 120),
    siret: z
      .string({ required_error: "Indiquez le SIRET de la coopérative (14 chiffres)." })
      .transform((value) => value.replace(/\s+/g, ""))
      .refine((value) => /^\d{14}$/.test(value), "Le SIRET compte 14 chiffres.")
      .refine((value) => !/^\d{14}$/.test(value) || isValidSiret(value), "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."),
    rcs: optionalText(80),
    electronicInvoicingAddress: electronicAddressField,
    address: requiredText("l'adresse (numéro et rue)", 200),
    postalCode: z
      .string({ required_error: "Indiquez le code postal." })
      .trim()
      .regex(/^\d{5}$/, "Le code postal compte 5 chiffres."),
    city: requiredText("la commune", 80),
    vatRegime: z.enum(["FRANCHISE", "VAT"], {
      errorMap: () => ({ message: "Choisissez le régime de TVA : franchise en base ou TVA facturée." }),
    }),
    vatRate: z.enum(BILLING_VAT_RATES, { errorMap: () => ({ message: "Choisissez un taux de TVA : 20 %, 10 %, 5,5 % ou 0 %." }) }).optional(),
    vatNumber: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value.replace(/\s+/g, "").toUpperCase() : null))
      .refine((value) => value === null || /^FR[0-9A-Z]{2}\d{9}$/.test(value), "Le numéro de TVA intracommunautaire s'écrit FR, 2 caractères puis le SIREN."),
    vatExemptionText: optionalText(300),
    paymentTermDays: z.coerce
      .number({ required_error: "Indiquez le délai de paiement en jours.", invalid_type_error: "Le délai de paiement est un nombre de jours." })
      .int("Le délai de paiement est un nombre entier de jours.")
      .min(0, "Le délai de paiement est compris entre 0 et 60 jours (art. L441-10 du Code de commerce).")
      .max(60, "Le délai de paiement est compris entre 0 et 60 jours (art. L441-10 du Code de commerce)."),
    paymentMethod: requiredText("le moyen de paiement, par exemple « virement bancaire »", 120),
    iban: z
      .string()
      .optional()
      .transform((value) => (value && value.trim() !== "" ? (electronicFormatIBAN(value) ?? "") : null))
      .refine((value) => value === null || isValidIBAN(value), "Cet IBAN n'est pas valide : vérifiez-le (un IBAN français compte 27 caractères et commence par FR)."),
    bic: z
      .string()
      .optional()
      .transform((value) => (value && value.trim() !== "" ? value.replace(/\s+/g, "").toUpperCase() : null))
      .refine((value) => value === null || isValidBIC(value), "Ce BIC n'est pas valide : 8 ou 11 caractères, par exemple AGRIFRPP ou AGRIFRPP882."),
    latePenaltyText: optionalText(500),
    cancellationKind: z.enum(["NONE", "PERCENT", "FLAT"], { errorMap: () => ({ message: "Choisissez une règle de frais d'annulation tardive." }) }),
    cancellationPercent: z.coerce
      .number({ invalid_type_error: "Le pourcentage doit être un entier entre 1 et 100." })
      .int("Le pourcentage doit être un entier entre 1 et 100.")
      .min(1, "Le pourcentage doit être un entier entre 1 et 100.")
      .max(100, "Le pourcentage doit être un entier entre 1 et 100.")
      .optional(),
    cancellationAmount: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value || value.trim() === "") return null;
        const cents = parseEurosToCents(value);
        if (cents === null || cents <= 0) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Le montant forfaitaire doit être positif, en euros, par exemple 20,00." });
          return z.NEVER;
        }
        return cents;
      }),
    surchargePercent: z.coerce
      .number({ invalid_type_error: "La majoration doit être un pourcentage entier entre 1 et 100." })
      .int("La majoration doit être un pourcentage entier entre 1 et 100.")
      .min(1, "La majoration doit être un pourcentage entier entre 1 et 100.")
      .max(100, "La majoration doit être un pourcentage entier entre 1 et 100.")
      .optional(),
    surchargeEveningFrom: optionalTime("L'heure de début de soirée"),
    surchargeEveningUntil: optionalTime("L'heure de fin de soirée"),
    surchargeWeekend: z.boolean().optional().default(false),
  })
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    checkElectronicAddress(value, ctx);
    if (value.vatRegime === "VAT") {
      if (!value.vatRate) issue("vatRate", "Choisissez le taux de TVA appliqué aux réservations.");
      if (!value.vatNumber) issue("vatNumber", "Hors franchise, le numéro de TVA intracommunautaire est obligatoire.");
      else if (/^\d{14}$/.test(value.siret) && value.vatNumber.slice(4) !== value.siret.slice(0, 9)) {
        issue("vatNumber", "Le numéro de TVA intracommunautaire doit se terminer par le SIREN de la coopérative.");
      }
      if (value.vatRate === "0" && !value.vatExemptionText) {
        issue("vatExemptionText", "À 0 % hors franchise, indiquez la mention d'exonération (article du CGI).");
      }
    }
    if (value.bic !== null && value.iban === null) issue("iban", "Indiquez l'IBAN du compte de ce BIC, ou videz le BIC.");
    if (value.cancellationKind === "PERCENT" && value.cancellationPercent === undefined) {
      issue("cancellationPercent", "Indiquez le pourcentage du prix facturé en cas d'annulation tardive.");
    }
    if (value.cancellationKind === "FLAT" && value.cancellationAmount === null) {
      issue("cancellationAmount", "Indiquez le montant forfaitaire facturé en cas d'annulation tardive.");
    }
    const surchargeWhen = value.surchargeEveningFrom !== null || value.surchargeWeekend;
    if (value.surchargePercent !== undefined && !surchargeWhen) {
      issue("surchargePercent", "Choisissez quand la majoration s'applique : en soirée, le week-end, ou les deux.");
    }
    if (value.surchargePercent === undefined && (surchargeWhen || value.surchargeEveningUntil !== null)) {
      issue("surchargePercent", "Indiquez le pourcentage de la majoration, ou videz ses horaires.");
    }
    if (value.surchargeEveningUntil !== null && value.surchargeEveningFrom === null) {
      issue("surchargeEveningFrom", "Indiquez l'heure de début de soirée.");
    }
  });

export type BillingSettingsForm = z.infer<typeof billingSettingsSchema>;

/** What the page shows in its fields for the saved settings and seller identity. */
export function billingSettingsFormDefaults(
  identity: { [Field in keyof SellerIdentity]: SellerIdentity[Field] | null },
  settings: BillingSettingsView,
) {
  const policy = settings.cancellationPolicy;
  const surcharge = settings.surchargeRule;
  return {
    legalForm: identity.legalForm ?? "",
    siret: identity.siret ?? "",
    electronicInvoicingAddress: identity.electronicInvoicingAddress ?? "",
    rcs: settings.rcs ?? "",
    address: identity.address ?? "",
    postalCode: identity.postalCode ?? "",
    city: identity.city ?? "",
    vatRegime: settings.vatFranchise ? "FRANCHISE" : "VAT",
    vatRate: settings.vatFranchise ? "" : String(settings.vatRate),
    vatNumber: settings.vatNumber ?? "",
    vatExemptionText: settings.vatExemptionText ?? "",
    paymentTermDays: String(settings.paymentTermDays),
    paymentMethod: settings.paymentMethod,
    iban: settings.paymentAccount ? (friendlyFormatIBAN(settings.paymentAccount.iban) ?? settings.paymentAccount.iban) : "",
    bic: settings.paymentAccount?.bic ?? "",
    latePenaltyText: settings.latePenaltyText ?? "",
    cancellationKind: policy.kind,
    cancellationPercent: policy.kind === "PERCENT" ? String(policy.percent) : "",
    cancellationAmount: policy.kind === "FLAT" ? formatEuros(policy.amountCents).replace(/\s*€$/, "").replace(/\s/g, "") : "",
    surchargePercent: surcharge ? String(surcharge.percent) : "",
    surchargeEveningFrom: surcharge?.evening?.from ?? "",
    surchargeEveningUntil: surcharge?.evening?.until ?? "",
    surchargeWeekend: surcharge?.weekend ? "on" : "",
  };
}

/** The validated form as the seller identity and the settings the billing run reads. */
export function billingSettingsFromForm(value: BillingSettingsForm): {
  identity: SellerIdentity;
  settings: BillingSettingsView;
} {
  const franchise = value.vatRegime === "FRANCHISE";
  const cancellationPolicy: CancellationFeePolicy =
    value.cancellationKind === "PERCENT"
      ? { kind: "PERCENT", percent: value.cancellationPercent ?? 0 }
      : value.cancellationKind === "FLAT"
        ? { kind: "FLAT", amountCents: value.cancellationAmount ?? 0 }
        : { kind: "NONE" };
  const surchargeRule: SurchargeRule | null =
    value.surchargePercent === undefined
      ? null
      : {
          percent: value.surchargePercent,
          evening: value.surchargeEveningFrom ? { from: value.surchargeEveningFrom, until: value.surchargeEveningUntil } : null,
          weekend: value.surchargeWeekend,
        };
  return {
    identity: {
      legalForm: value.legalForm,
      siret: value.siret,
      electronicInvoicingAddress: value.electronicInvoicingAddress,
      address: value.address,
      postalCode: value.postalCode,
      city: value.city,
    },
    settings: {
      vatFranchise: franchise,
      vatRate: franchise ? 0 : (Number(value.vatRate ?? "2000") as VatRate),
      vatNumber: value.vatNumber,
      vatExemptionText: franchise ? null : value.vatExemptionText,
      rcs: value.rcs,
      paymentTermDays: value.paymentTermDays,
      paymentMethod: value.paymentMethod,
      paymentAccount: value.iban ? { iban: value.iban, bic: value.bic } : null,
      latePenaltyText: value.latePenaltyText,
      cancellationPolicy,
      surchargeRule,
    },
  };
}
