// Forms of the tariffs page, shared by the browser (conform) and the action.
import { z } from "zod";
import { rateCardSchema, tierOverrideSchema } from "~/domain/pricing";

export const tierFormSchema = z.object({
  intent: z.literal("tier"),
  name: z.string({ required_error: "Indiquez le nom du tarif." }).trim().min(1, "Indiquez le nom du tarif.").max(60, "Le nom ne doit pas dépasser 60 caractères."),
  role: z.enum(["SOCIETAIRE", "ESS", "PUBLIC", "NONE"]).default("NONE"),
  includedHours: z.coerce
    .number({ invalid_type_error: "Indiquez un nombre d'heures." })
    .int("Indiquez un nombre entier d'heures.")
    .min(0, "Les heures incluses ne peuvent pas être négatives.")
    .max(744, "Un mois ne compte pas plus de 744 heures.")
    .default(0),
});

export const rateCardFormSchema = z.object({
  intent: z.literal("rate-card"),
  spaceId: z.string({ required_error: "Choisissez un espace." }).min(1, "Choisissez un espace."),
  tierId: z.string({ required_error: "Choisissez un tarif." }).min(1, "Choisissez un tarif."),
  // The surcharge is one rule per SCIC (billing settings), not per card.
  card: rateCardSchema,
});

export const overrideFormSchema = tierOverrideSchema.extend({
  intent: z.literal("override"),
  organizationId: z.string({ required_error: "Choisissez une organisation." }).min(1, "Choisissez une organisation."),
  // "AUTO": back to the automatic tier.
  tierId: z.string({ required_error: "Choisissez un tarif." }).min(1, "Choisissez un tarif."),
});
