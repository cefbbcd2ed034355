// The "adresse de facturation électronique" field of the organisation page and of a SCIC's
// billing settings (both edit the SIRET it must agree with): one field, one check.
import { z } from "zod";
import {
  ELECTRONIC_ADDRESS_MAX_LENGTH,
  electronicAddressProblem,
  normalizeElectronicAddress,
  type ElectronicAddressProblem,
} from "~/domain/electronic-address";

export const ELECTRONIC_ADDRESS_LABEL = "Adresse de facturation électronique";

export const ELECTRONIC_ADDRESS_HINT =
  "Facultatif. Votre adresse dans l'annuaire de la facturation électronique, si vous y avez déclaré une adresse plus précise que votre SIREN (SIREN_SIRET ou SIREN_complément). Vide : le SIREN.";

/** Empty: null (the SIREN is the address). */
export const electronicAddressField = z
  .string()
  .optional()
  .transform((value) => (value ? normalizeElectronicAddress(value) || null : null));

function problemMessage(problem: ElectronicAddressProblem, siren: string | null): string {
  switch (problem) {
    case "TOO_LONG":
      return `L'adresse de facturation électronique ne doit pas dépasser ${ELECTRONIC_ADDRESS_MAX_LENGTH} caractères.`;
    case "CHARACTERS":
      return "L'adresse de facturation électronique ne peut contenir que des lettres sans accent, des chiffres et les signes « - », « _ » et « . ».";
    case "NO_SIREN":
      return "Indiquez le SIRET : l'adresse de facturation électronique commence par le SIREN (ses 9 premiers chiffres).";
    case "NOT_OWN_SIREN":
      return `L'adresse de facturation électronique commence par le SIREN ${siren}, seul ou suivi de « _ » et d'un complément (par exemple ${siren}_FACTURES).`;
  }
}

/**
 * For a schema's superRefine: the address must agree with the SIRET of the same form (a valid
 * SIRET, or else its own message beside the SIRET field: no second message here).
 */
export function checkElectronicAddress(
  value: { siret: string | null; electronicInvoicingAddress: string | null },
  ctx: z.RefinementCtx,
): void {
  const address = value.electronicInvoicingAddress;
  if (address === null) return;
  const siren = value.siret && /^\d{14}$/.test(value.siret) ? value.siret.slice(0, 9) : null;
  const problem = electronicAddressProblem(address, siren);
  if (problem === null) return;
  // A SIRET given but refused has its own message; the address waits for a valid one.
  if (problem === "NO_SIREN" && value.siret) return;
  ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["electronicInvoicingAddress"], message: problemMessage(problem, siren) });
}
