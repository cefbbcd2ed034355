// An ESS structure follows its applications to biens (any member).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { formatLocalDateTime } from "~/domain/time";
import { listStructureApplications } from "~/models/premises-call.server";
import { requireStructure } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Nos candidatures — Tiers-lieux partagés" }];

const STATUS_LABELS = { SUBMITTED: "déposée, en attente de décision", ATTRIBUTED: "retenue : le bien vous est attribué", NOT_RETAINED: "non retenue" } as const;
const SIRET_LABELS = { VERIFIED: "SIRET vérifié", UNVERIFIED: "SIRET non vérifié (nouvel essai automatique)" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStructure(request, params.slug);
  return json({ organization: access.organization, applications: await listStructureApplications(db, access.organization.id) });
}

export default function StructureApplications() {
  const { organization, applications } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="candidatures-title">
      <h1 id="candidatures-title">Candidatures de {organization.name}</h1>
      <p>
        <Link to="/biens">Voir les biens proposés</Link> · <Link to={`/organisations/${organization.slug}/besoins`}>Nos besoins de locaux</Link>
      </p>
      <table>
        <caption>{applications.length === 0 ? "Aucune candidature pour l'instant." : `${applications.length} candidature(s)`}</caption>
        <thead>
          <tr>
            <th scope="col">Bien</th>
            <th scope="col">Déposée le</th>
            <th scope="col">Date limite</th>
            <th scope="col">État</th>
            <th scope="col">SIRET</th>
          </tr>
        </thead>
        <tbody>
          {applications.map((application) => (
            <tr key={application.id}>
              <th scope="row">
                <Link to={`/biens/${application.call.premises.id}`}>
                  {application.call.premises.title} ({application.call.premises.commune})
                </Link>
              </th>
              <td>{new Date(application.submittedAt).toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" })}</td>
              <td>{formatLocalDateTime(application.call.deadline)}</td>
              <td>{STATUS_LABELS[application.status]}</td>
              <td>{SIRET_LABELS[application.siretStatus]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
