// Forms of the billing pages, shared by the browser (conform) and the actions.
import { z } from "zod";
import { parseEurosToCents } from "~/domain/pricing";
import { isLocalDate } from "~/domain/time";

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
