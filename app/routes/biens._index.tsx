// Public list of vacant premises, without login. Filters are a GET form (works without JS);
// the map is an enhancement loaded from /leaflet/ (our own copy) when JavaScript runs.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { db } from "~/db.server";
import {
  formatEurosCompact,
  formatSurface,
  PREMISES_KIND_LABELS,
  PREMISES_KINDS,
  PREMISES_STATE_LABELS,
  publicPremisesFiltersSchema,
  reducedRentCents,
} from "~/domain/premises";
import { Pager } from "~/components/pager";
import { pageOf } from "~/domain/pagination";
import { formatDayMonthYear } from "~/domain/time";
import { listPublicPremises } from "~/models/premises.server";
import { readPageParam, requireExistingPage } from "~/utils/pagination.server";

export const meta: MetaFunction = () => [{ title: "Biens vacants à occuper — Tiers-lieux partagés" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = publicPremisesFiltersSchema.safeParse(query);
  const errors = parsed.success ? {} : parsed.error.flatten().fieldErrors;
  // A metropolis publishes hundreds of biens: the page (and its map) shows them fifty at a time.
  const listed = pageOf(await listPublicPremises(db, parsed.success ? parsed.data : {}), readPageParam(request));
  requireExistingPage(listed, "Cette page de la liste des biens n'existe pas.");
  return json({
    filters: { commune: query.commune ?? "", kind: query.kind ?? "", surfaceMin: query.surfaceMin ?? "", surfaceMax: query.surfaceMax ?? "", availableFrom: query.availableFrom ?? "" },
    errors,
    total: listed.total,
    page: listed.page,
    pageCount: listed.pageCount,
    biens: listed.rows.map((bien) => ({
      id: bien.id,
      title: bien.title,
      kind: bien.kind,
      state: bien.state,
      commune: bien.address.commune,
      surfaceM2: bien.surfaceM2,
      availableFrom: bien.availableFrom,
      monthlyCents: reducedRentCents(bien.rentCents, bien.socialUtilityReductionPercent) + bien.chargesCents,
      latitude: bien.address.latitude,
      longitude: bien.address.longitude,
    })),
  });
}

type MapPoint = { id: string; title: string; latitude: number | null; longitude: number | null };
type LeafletGlobal = {
  map: (element: HTMLElement) => { setView: (c: [number, number], z: number) => unknown; fitBounds: (b: Array<[number, number]>, o?: object) => unknown; remove: () => void };
  tileLayer: (url: string, options: object) => { addTo: (map: unknown) => unknown };
  marker: (c: [number, number], options?: object) => { addTo: (map: unknown) => { bindPopup: (content: HTMLElement) => unknown } };
};

/** Loads /leaflet/leaflet.js once, then shows the biens with coordinates on OpenStreetMap tiles. */
function PremisesMap({ points }: { points: MapPoint[] }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const located = points.filter((p): p is MapPoint & { latitude: number; longitude: number } => p.latitude !== null && p.longitude !== null);
    if (!container.current || located.length === 0) return;
    let map: ReturnType<LeafletGlobal["map"]> | null = null;
    let cancelled = false;
    const draw = () => {
      const L = (window as unknown as { L?: LeafletGlobal }).L;
      if (!L || !container.current || cancelled) return;
      map = L.map(container.current);
      L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">contributeurs OpenStreetMap</a>',
      }).addTo(map);
      for (const point of located) {
        const link = document.createElement("a");
        link.href = `/biens/${point.id}`;
        link.textContent = point.title;
        L.marker([point.latitude, point.longitude], { title: point.title, alt: point.title }).addTo(map).bindPopup(link);
      }
      map.fitBounds(located.map((p) => [p.latitude, p.longitude]), { padding: [30, 30], maxZoom: 15 });
    };
    if (!document.querySelector("link[data-leaflet]")) {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/leaflet/leaflet.css";
      css.dataset.leaflet = "true";
      document.head.appendChild(css);
    }
    const existing = document.querySelector<HTMLScriptElement>("script[data-leaflet]");
    if (existing && (window as unknown as { L?: LeafletGlobal }).L) draw();
    else {
      const script = existing ?? Object.assign(document.createElement("script"), { src: "/leaflet/leaflet.js" });
      script.dataset.leaflet = "true";
      script.addEventListener("load", draw);
      if (!existing) document.body.appendChild(script);
    }
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, [points]);
  return <div ref={container} className="premises-map" style={{ height: "24rem" }} role="region" aria-label="Carte des biens (la liste ci-dessous présente les mêmes biens)" />;
}

export default function PublicPremisesList() {
  const { filters, errors, biens, total, page, pageCount } = useLoaderData<typeof loader>();
  const fieldError = (name: keyof typeof errors) =>
    errors[name]?.length ? (
      <p className="field-error" id={`filtre-${name}-erreur`} role="alert">
        {errors[name]?.join(" ")}
      </p>
    ) : null;
  return (
    <section aria-labelledby="biens-title">
      <h1 id="biens-title">Biens vacants proposés aux structures de l'ESS</h1>
      <p>
        Locaux et terrains des collectivités ouverts à l'urbanisme transitoire. Données ouvertes :{" "}
        <a href="/open-data/biens.csv">CSV</a>, <a href="/open-data/biens.geojson">GeoJSON</a>.
      </p>
      <Form method="get" className="form filters" aria-labelledby="filtres-title">
        <fieldset>
          <legend id="filtres-title">Filtrer les biens</legend>
          <div className="field">
            <label htmlFor="filtre-commune">Commune (nom ou code INSEE)</label>
            <input id="filtre-commune" name="commune" defaultValue={filters.commune} />
            {fieldError("commune")}
          </div>
          <div className="field">
            <label htmlFor="filtre-type">Type de bien</label>
            <select id="filtre-type" name="kind" defaultValue={filters.kind}>
              <option value="">Tous les types</option>
              {PREMISES_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {PREMISES_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
            {fieldError("kind")}
          </div>
          <div className="field">
            <label htmlFor="filtre-surface-min">Surface minimale (m²)</label>
            <input id="filtre-surface-min" name="surfaceMin" inputMode="decimal" defaultValue={filters.surfaceMin} />
            {fieldError("surfaceMin")}
          </div>
          <div className="field">
            <label htmlFor="filtre-surface-max">Surface maximale (m²)</label>
            <input id="filtre-surface-max" name="surfaceMax" inputMode="decimal" defaultValue={filters.surfaceMax} />
            {fieldError("surfaceMax")}
          </div>
          <div className="field">
            <label htmlFor="filtre-disponible">Disponible le</label>
            <input id="filtre-disponible" name="availableFrom" type="date" defaultValue={filters.availableFrom} />
            {fieldError("availableFrom")}
          </div>
          <button type="submit">Filtrer</button>
        </fieldset>
      </Form>
      <PremisesMap points={biens} />
      <table>
        <caption>
          {total === 0
            ? "Aucun bien ne correspond à ces critères."
            : `${total} bien${total > 1 ? "s" : ""}${pageCount > 1 ? ` (page ${page} sur ${pageCount})` : ""}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Bien</th>
            <th scope="col">Type</th>
            <th scope="col">Commune</th>
            <th scope="col">Surface</th>
            <th scope="col">Disponible à partir du</th>
            <th scope="col">Coût mensuel (redevance réduite + charges)</th>
            <th scope="col">Étape</th>
          </tr>
        </thead>
        <tbody>
          {biens.map((bien) => (
            <tr key={bien.id}>
              <th scope="row">
                <Link to={`/biens/${bien.id}`}>{bien.title}</Link>
              </th>
              <td>{PREMISES_KIND_LABELS[bien.kind]}</td>
              <td>{bien.commune}</td>
              <td>{formatSurface(bien.surfaceM2)}</td>
              <td>{formatDayMonthYear(bien.availableFrom)}</td>
              <td>{formatEurosCompact(bien.monthlyCents)}</td>
              <td>{PREMISES_STATE_LABELS[bien.state]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="Pages de la liste des biens" page={page} pageCount={pageCount} previous="Biens précédents" next="Biens suivants" />
    </section>
  );
}
