/**
 * An organisation's address in the French e-invoicing directory (annuaire de la facturation
 * électronique), where e-invoices are routed to it: scheme 0225, whose addresses all begin with
 * the company's SIREN. The base address is the SIREN alone; a company may declare finer ones,
 * SIREN_SIRET (one establishment, sometimes followed by a routing code) or SIREN_suffix (a
 * suffix of its own). Written as BT-34/BT-49 in its Factur-X files (ADR 0011).
 * Pure module: no Remix, no Prisma, no I/O.
 *
 * Decisions:
 *   - Characters: letters without accents, digits, "-", "_" and "." (the reform's rule for
 *     scheme 0225 addresses). At most 125 characters: a cap of ours, far beyond
 *     SIREN_SIRET_routing code.
 *   - The directory shows an address with its scheme ("0225:123456789_FACTURES"): pasted so,
 *     the scheme is dropped (a colon is no character of the address itself).
 */

export const ELECTRONIC_ADDRESS_MAX_LENGTH = 125;

/** The scheme prefix the directory shows before an address. */
const SCHEME_PREFIX = /^0225\s*:\s*/;
const ALLOWED_CHARACTERS = /^[A-Za-z0-9._-]+$/;

/** The address as it is stored and written: trimmed, without the directory's "0225:" prefix. */
export function normalizeElectronicAddress(text: string): string {
  return text.trim().replace(SCHEME_PREFIX, "");
}

export type ElectronicAddressProblem = "TOO_LONG" | "CHARACTERS" | "NO_SIREN" | "NOT_OWN_SIREN";

/**
 * Why `address` cannot be the electronic address of the company whose SIREN is `siren`, or
 * null: it must be that SIREN, alone or followed by "_" and a complement. NO_SIREN: the
 * company's SIREN is unknown, so no address can be checked (nor written).
 */
export function electronicAddressProblem(address: string, siren: string | null): ElectronicAddressProblem | null {
  if (address.length > ELECTRONIC_ADDRESS_MAX_LENGTH) return "TOO_LONG";
  if (!ALLOWED_CHARACTERS.test(address)) return "CHARACTERS";
  if (!siren) return "NO_SIREN";
  if (address === siren) return null;
  if (!address.startsWith(`${siren}_`) || address.length === siren.length + 1) return "NOT_OWN_SIREN";
  return null;
}

/** The address invoices are routed to: the declared one, else the SIREN (else none: no SIREN known). */
export function routingAddress(declared: string | null | undefined, siren: string | null | undefined): string | null {
  return declared || siren || null;
}
