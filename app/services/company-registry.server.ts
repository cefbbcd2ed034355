// Client of the API Recherche d'entreprises (https://recherche-entreprises.api.gouv.fr/search?q=<siret>):
// legal name, address, NAF code, legal form and ESS status of the establishment with that SIRET.
// Never throws: when the registry is down or answers garbage the application is saved as
// "non vérifié" and checked again later (scripts/retry-premises-checks.ts).
import { z } from "zod";
import { fetchJson, type HttpOptions } from "~/services/address-geocoding.server";

export const COMPANY_SEARCH_URL = "https://recherche-entreprises.api.gouv.fr/search";

export type CompanyRecord = {
  siret: string;
  siren: string;
  legalName: string;
  address: string | null;
  /** NAF/APE code of the establishment ("88.99B"). */
  nafCode: string | null;
  /** INSEE code of the legal form ("9220" = association déclarée). */
  legalFormCode: string | null;
  /** ESS status from the registry; null when the registry does not say. */
  ess: boolean | null;
};

export type CompanyLookupResult =
  | { status: "FOUND"; company: CompanyRecord }
  | { status: "NOT_FOUND" }
  | { status: "UNAVAILABLE"; reason: string };

const establishmentSchema = z.object({
  siret: z.string(),
  adresse: z.string().nullish(),
  activite_principale: z.string().nullish(),
});

const answerSchema = z.object({
  results: z.array(
    z.object({
      siren: z.string(),
      nom_complet: z.string().nullish(),
      nom_raison_sociale: z.string().nullish(),
      nature_juridique: z.string().nullish(),
      activite_principale: z.string().nullish(),
      siege: establishmentSchema.partial({ siret: true }).nullish(),
      matching_etablissements: z.array(establishmentSchema).nullish(),
      complements: z.object({ est_ess: z.boolean().nullish() }).passthrough().nullish(),
    }),
  ),
});

export async function lookupCompanyBySiret(siret: string, options: HttpOptions = {}): Promise<CompanyLookupResult> {
  const url = new URL(COMPANY_SEARCH_URL);
  url.searchParams.set("q", siret);
  const answer = await fetchJson(url, options);
  if (!answer.ok) return { status: "UNAVAILABLE", reason: answer.reason };
  if (answer.status === 404) return { status: "NOT_FOUND" };
  const parsed = answerSchema.safeParse(answer.body);
  if (!parsed.success) return { status: "UNAVAILABLE", reason: "réponse illisible de l'API Recherche d'entreprises" };
  // A full-text search: only a unit whose establishment (or head office) has this exact SIRET counts.
  for (const unit of parsed.data.results) {
    const establishment =
      unit.matching_etablissements?.find((candidate) => candidate.siret === siret) ??
      (unit.siege?.siret === siret ? unit.siege : undefined);
    if (!establishment) continue;
    return {
      status: "FOUND",
      company: {
        siret,
        siren: unit.siren,
        legalName: unit.nom_raison_sociale ?? unit.nom_complet ?? "",
        address: establishment.adresse ?? null,
        nafCode: establishment.activite_principale ?? unit.activite_principale ?? null,
        legalFormCode: unit.nature_juridique ?? null,
        ess: unit.complements?.est_ess ?? null,
      },
    };
  }
  return { status: "NOT_FOUND" };
}
