import { z } from "zod";
import { checkElectronicAddress, electronicAddressField } from "./electronic-address";

const optionalText = (max: number, tooLong: string) =>
  z.string().trim().max(max, tooLong).optional().transform((value) => (value ? value : null));

// Shared by the organisation edit page and its action.
export const organizationProfileSchema = z
  .object({
    name: z
      .string({ required_error: "Indiquez le nom de l'organisation." })
      .trim()
      .min(2, "Le nom doit compter au moins 2 caractères.")
      .max(120, "Le nom ne doit pas dépasser 120 caractères."),
    legalForm: optionalText(80, "La forme juridique ne doit pas dépasser 80 caractères."),
    siret: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value.replace(/\s+/g, "") : null))
      .refine((value) => value === null || /^\d{14}$/.test(value), "Le SIRET compte 14 chiffres.")
      .refine((value) => value === null || isValidSiret(value), "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."),
    address: optionalText(200, "L'adresse ne doit pas dépasser 200 caractères."),
    postalCode: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : null))
      .refine((value) => value === null || /^\d{5}$/.test(value), "Le code postal compte 5 chiffres."),
    city: optionalText(80, "La commune ne doit pas dépasser 80 caractères."),
    email: z
      .string()
      .trim()
      .max(254, "Cette adresse e-mail est trop longue.")
      .optional()
      .transform((value) => (value ? value.toLowerCase() : null))
      .refine((value) => value === null || z.string().email().safeParse(value).success, "Saisissez une adresse e-mail valide."),
    description: optionalText(2000, "La présentation ne doit pas dépasser 2 000 caractères."),
    electronicInvoicingAddress: electronicAddressField,
  })
  .superRefine(checkElectronicAddress);

/**
 * SIRET check digit (Luhn), with La Poste's documented exception: its establishments
 * (SIREN 356 000 000) use "sum of digits divisible by 5".
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith("356000000")) {
    return [...siret].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  }
  let sum = 0;
  for (let index = 0; index < 14; index++) {
    let digit = Number(siret[13 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
