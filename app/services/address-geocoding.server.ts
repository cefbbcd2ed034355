// Client of the national address API (API Adresse / Base adresse nationale):
// https://api-adresse.data.gouv.fr/search/?q=…&limit=1 → coordinates and INSEE code.
// Never throws: a timeout, a network error, a 5xx or an unreadable answer is "UNAVAILABLE",
// and the caller saves the bien anyway with a pending geocoding retried later
// (scripts/retry-premises-checks.ts).
import { z } from "zod";
import { INSEE_CODE_PATTERN } from "~/domain/premises";

export const BAN_SEARCH_URL = "https://api-adresse.data.gouv.fr/search/";
/** Below this BAN score the first result is a guess, not the address asked for. */
export const MIN_GEOCODING_SCORE = 0.5;
const DEFAULT_TIMEOUT_MS = 5000;

export type GeocodedAddress = {
  latitude: number;
  longitude: number;
  inseeCode: string;
  /** Normalised address as the BAN writes it ("12 Rue des Lilas 93100 Montreuil"). */
  label: string;
  city: string;
  postalCode: string | null;
  score: number;
};

export type GeocodingResult =
  | { status: "FOUND"; address: GeocodedAddress }
  | { status: "NOT_FOUND" }
  | { status: "UNAVAILABLE"; reason: string };

const banAnswerSchema = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      geometry: z.object({ type: z.literal("Point"), coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]) }),
      properties: z.object({
        label: z.string(),
        score: z.number(),
        citycode: z.string().regex(INSEE_CODE_PATTERN),
        city: z.string(),
        postcode: z.string().optional(),
      }),
    }),
  ),
});

export type HttpOptions = { fetch?: typeof fetch; timeoutMs?: number };

export async function geocodeAddress(query: string, options: HttpOptions = {}): Promise<GeocodingResult> {
  const url = new URL(BAN_SEARCH_URL);
  url.searchParams.set("q", query);
  url.searchParams.set("limit", "1");
  const answer = await fetchJson(url, options);
  if (!answer.ok) return { status: "UNAVAILABLE", reason: answer.reason };
  const parsed = banAnswerSchema.safeParse(answer.body);
  if (!parsed.success) return { status: "UNAVAILABLE", reason: "réponse illisible de l'API Adresse" };
  const best = parsed.data.features[0];
  if (!best || best.properties.score < MIN_GEOCODING_SCORE) return { status: "NOT_FOUND" };
  const [longitude, latitude] = best.geometry.coordinates;
  return {
    status: "FOUND",
    address: {
      latitude,
      longitude,
      inseeCode: best.properties.citycode,
      label: best.properties.label,
      city: best.properties.city,
      postalCode: best.properties.postcode ?? null,
      score: best.properties.score,
    },
  };
}

/** GET a JSON document; every failure is a French reason, never an exception. */
export async function fetchJson(
  url: URL,
  { fetch: fetchImpl = fetch, timeoutMs = DEFAULT_TIMEOUT_MS }: HttpOptions = {},
): Promise<{ ok: true; status: number; body: unknown } | { ok: false; status: number | null; reason: string }> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    return { ok: false, status: null, reason: timedOut ? "délai de réponse dépassé" : "service injoignable" };
  }
  if (response.status === 404) return { ok: true, status: 404, body: null };
  if (!response.ok) return { ok: false, status: response.status, reason: `erreur HTTP ${response.status}` };
  try {
    return { ok: true, status: response.status, body: await response.json() };
  } catch {
    return { ok: false, status: response.status, reason: "réponse illisible (JSON invalide)" };
  }
}
