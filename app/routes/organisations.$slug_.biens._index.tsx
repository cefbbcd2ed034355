// The biens of a collectivité, for its asset managers.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { formatSurface, PREMISES_KIND_LABELS, PREMISES_STATE_LABELS, type PremisesKind } from "~/domain/premises";
import { listOrganizationPremises } from "~/models/premises.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Biens de la collectivité — Tiers-lieux partagés" }];

const GEOCODING_LABELS = { PENDING: "géocodage en attente", OK: "géocodé", FAILED: "adresse non trouvée" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  return json({ organization: access.organization, biens: await listOrganizationPremises(db, access.organization.id) });
}

export default function CollectivitePremises() {
  const { organization, biens } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="biens-title">
      <h1 id="biens-title">Biens de {organization.name}</h1>
      <p>
        <Link to={`/organisations/${organization.slug}/biens/nouveau`}>Ajouter un bien</Link> ·{" "}
        <Link to={`/organisations/${organization.slug}/demande`}>Demande des structures</Link>
      </p>
      <table>
        <caption>{biens.length === 0 ? "Aucun bien pour l'instant." : `${biens.length} bien(s)`}</caption>
        <thead>
          <tr>
            <th scope="col">Bien</th>
            <th scope="col">Type</th>
            <th scope="col">Commune</th>
            <th scope="col">Surface</th>
            <th scope="col">Étape</th>
            <th scope="col">Géocodage</th>
          </tr>
        </thead>
        <tbody>
          {biens.map((bien) => (
            <tr key={bien.id}>
              <th scope="row">
                <Link to={`/organisations/${organization.slug}/biens/${bien.id}`}>{bien.title}</Link>
              </th>
              <td>{PREMISES_KIND_LABELS[bien.kind as PremisesKind]}</td>
              <td>{bien.commune}</td>
              <td>{formatSurface(bien.surfaceM2)}</td>
              <td>{PREMISES_STATE_LABELS[bien.state]}</td>
              <td>{GEOCODING_LABELS[bien.geocodingStatus]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
