import { z } from "zod";

// Shared by the "new site" and "edit site" pages (client-side validation) and their actions.
export const siteSchema = z.object({
  name: z
    .string({ required_error: "Indiquez le nom du site." })
    .trim()
    .min(2, "Le nom du site doit compter au moins 2 caractères.")
    .max(120, "Le nom du site ne doit pas dépasser 120 caractères."),
  address: z
    .string({ required_error: "Indiquez l'adresse du site." })
    .trim()
    .min(1, "Indiquez l'adresse du site.")
    .max(200, "L'adresse ne doit pas dépasser 200 caractères."),
  postalCode: z
    .string({ required_error: "Indiquez le code postal." })
    .trim()
    .regex(/^\d{5}$/, "Le code postal compte 5 chiffres."),
  city: z
    .string({ required_error: "Indiquez la commune." })
    .trim()
    .min(1, "Indiquez la commune.")
    .max(80, "La commune ne doit pas dépasser 80 caractères."),
  description: z
    .string()
    .trim()
    .max(2000, "La présentation ne doit pas dépasser 2 000 caractères.")
    .optional()
    .transform((value) => value ?? ""),
});

export type SiteFormFields = z.input<typeof siteSchema>;
export type SiteInput = z.output<typeof siteSchema>;
