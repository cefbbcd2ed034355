// The collectivité sees the demand of ESS structures aggregated by commune and kind (a chart drawn
// on the server and the table it points to), and for each of its biens the open needs it fits
// (MANAGER+).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DemandChart, DemandTable } from "~/components/demand-chart";
import { db } from "~/db.server";
import { formatEurosCompact, formatSurface, PREMISES_STATE_LABELS } from "~/domain/premises";
import { listOrganizationPremises } from "~/models/premises.server";
import { demandByCommune, needsMatchingPremises } from "~/models/premises-need.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Demande des structures — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const biens = (await listOrganizationPremises(db, access.organization.id)).filter((bien) => ["DRAFT", "PUBLISHED"].includes(bien.state));
  const matches = await Promise.all(
    biens.map(async (bien) => ({
      bien,
      needs: ((await needsMatchingPremises(db, access.organization.id, bien.id)) ?? []).map(({ need }) => ({
        id: need.id,
        structureName: need.structureName,
        surface: `${formatSurface(need.surfaceMinM2)} à ${formatSurface(need.surfaceMaxM2)}`,
        budget: formatEurosCompact(need.budgetMaxCents),
      })),
    })),
  );
  return json({ organization: access.organization, demand: await demandByCommune(db), matches });
}

export default function CollectiviteDemand() {
  const { organization, demand, matches } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="demande-title">
      <p>
        <Link to={`/organisations/${organization.slug}/biens`}>← Biens de {organization.name}</Link>
      </p>
      <h1 id="demande-title">Demande des structures de l'ESS</h1>
      <DemandChart demand={demand} />
      {demand.length === 0 ? <p>Aucun besoin ouvert pour l'instant.</p> : null}
      <DemandTable demand={demand} />
      <h2>Besoins correspondant à vos biens</h2>
      {matches.map(({ bien, needs }) => (
        <section key={bien.id} aria-labelledby={`correspondances-${bien.id}`}>
          <h3 id={`correspondances-${bien.id}`}>
            <Link to={`/organisations/${organization.slug}/biens/${bien.id}`}>{bien.title}</Link> ({PREMISES_STATE_LABELS[bien.state]})
          </h3>
          {needs.length === 0 ? (
            <p>Aucun besoin ouvert ne correspond.</p>
          ) : (
            <ul>
              {needs.map((need) => (
                <li key={need.id}>
                  {need.structureName} : {need.surface}, budget {need.budget} par mois
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}
