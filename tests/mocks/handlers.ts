// msw handlers for the public APIs the app calls: API Adresse (BAN) and API Recherche
// d'entreprises. The default handlers answer from the fixtures below, like the real services;
// the `*Down`, `*Garbage` and `*Slow` handlers replace them in a test with `server.use(...)`.
// Tests start them with `setupServer(...premisesApiHandlers)` and `onUnhandledRequest: "error"`.
import { delay, http, HttpResponse } from "msw";

export const BAN_URL = "https://api-adresse.data.gouv.fr/search/";
export const COMPANY_REGISTRY_URL = "https://recherche-entreprises.api.gouv.fr/search";

/** Known addresses, by a lower-case fragment of the query. */
export const ADDRESS_FIXTURES = [
  {
    fragment: "rue des lilas",
    label: "12 Rue des Lilas 44400 Bellerive-sur-Loire",
    city: "Bellerive-sur-Loire",
    citycode: "44999",
    postcode: "44400",
    coordinates: [-1.5536, 47.2184] as [number, number],
  },
  {
    fragment: "quai de la loire",
    label: "5 Quai de la Loire 44400 Bellerive-sur-Loire",
    city: "Bellerive-sur-Loire",
    citycode: "44999",
    postcode: "44400",
    coordinates: [-1.5489, 47.2131] as [number, number],
  },
  {
    fragment: "rue de la roquette",
    label: "10 Rue de la Roquette 75011 Paris",
    city: "Paris",
    citycode: "75111",
    postcode: "75011",
    coordinates: [2.372, 48.8548] as [number, number],
  },
];

/** Known establishments, by SIRET (the demo structures of prisma/seed.ts). */
export const COMPANY_FIXTURES: Record<string, { siren: string; name: string; address: string; naf: string; legalForm: string; ess: boolean }> = {
  "81234567800013": {
    siren: "812345678",
    name: "SAVOIRS PARTAGES",
    address: "4 ALLEE DES TILLEULS 44400 BELLERIVE-SUR-LOIRE",
    naf: "85.59B",
    legalForm: "9220",
    ess: true,
  },
  "84567891200039": {
    siren: "845678912",
    name: "VELO SOLIDAIRE",
    address: "27 QUAI DE LA LOIRE 44400 BELLERIVE-SUR-LOIRE",
    naf: "95.29Z",
    legalForm: "9220",
    ess: false,
  },
};

export function banFeatureCollection(query: string) {
  const fixture = ADDRESS_FIXTURES.find((candidate) => query.toLowerCase().includes(candidate.fragment));
  return {
    type: "FeatureCollection",
    version: "draft",
    query,
    features: fixture
      ? [
          {
            type: "Feature",
            geometry: { type: "Point", coordinates: fixture.coordinates },
            properties: {
              label: fixture.label,
              score: 0.93,
              citycode: fixture.citycode,
              city: fixture.city,
              postcode: fixture.postcode,
              type: "housenumber",
            },
          },
        ]
      : [],
  };
}

export function companySearchAnswer(siret: string) {
  const fixture = COMPANY_FIXTURES[siret];
  const establishment = fixture && { siret, adresse: fixture.address, activite_principale: fixture.naf };
  return {
    results: fixture
      ? [
          {
            siren: fixture.siren,
            nom_complet: fixture.name,
            nom_raison_sociale: fixture.name,
            nature_juridique: fixture.legalForm,
            activite_principale: fixture.naf,
            siege: establishment,
            matching_etablissements: [establishment],
            complements: { est_ess: fixture.ess, est_association: true },
          },
        ]
      : [],
    total_results: fixture ? 1 : 0,
    page: 1,
    per_page: 10,
    total_pages: fixture ? 1 : 0,
  };
}

export const banHandler = http.get(BAN_URL, ({ request }) =>
  HttpResponse.json(banFeatureCollection(new URL(request.url).searchParams.get("q") ?? "")),
);

export const companyRegistryHandler = http.get(COMPANY_REGISTRY_URL, ({ request }) =>
  HttpResponse.json(companySearchAnswer((new URL(request.url).searchParams.get("q") ?? "").replace(/\s+/g, ""))),
);

export const premisesApiHandlers = [banHandler, companyRegistryHandler];

export const banDown = http.get(BAN_URL, () => new HttpResponse("Service Unavailable", { status: 503 }));
export const banGarbage = http.get(BAN_URL, () => new HttpResponse("<html>maintenance</html>", { headers: { "Content-Type": "application/json" } }));
export const banWrongShape = http.get(BAN_URL, () => HttpResponse.json({ type: "FeatureCollection", features: [{ geometry: null }] }));
export const banNetworkError = http.get(BAN_URL, () => HttpResponse.error());
/** Answers after `ms`: pair with a shorter client timeout. */
export const banSlow = (ms: number) =>
  http.get(BAN_URL, async ({ request }) => {
    await delay(ms);
    return HttpResponse.json(banFeatureCollection(new URL(request.url).searchParams.get("q") ?? ""));
  });

export const registryDown = http.get(COMPANY_REGISTRY_URL, () => new HttpResponse("Bad Gateway", { status: 502 }));
export const registryGarbage = http.get(COMPANY_REGISTRY_URL, () => new HttpResponse("{\"results\": [", { headers: { "Content-Type": "application/json" } }));
export const registryWrongShape = http.get(COMPANY_REGISTRY_URL, () => HttpResponse.json({ results: "none" }));
export const registryNetworkError = http.get(COMPANY_REGISTRY_URL, () => HttpResponse.error());
export const registrySlow = (ms: number) =>
  http.get(COMPANY_REGISTRY_URL, async ({ request }) => {
    await delay(ms);
    return HttpResponse.json(companySearchAnswer(new URL(request.url).searchParams.get("q") ?? ""));
  });
