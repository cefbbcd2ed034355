// An ESS structure follows its applications to biens (any member), downloads what it attached,
// and, once it occupies a bien, opens it to booking as a site it runs (MANAGER+).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { FormError } from "~/components/forms";
import { AttachmentList } from "~/components/attachment-list";
import { db } from "~/db.server";
import { hasRole } from "~/domain/roles";
import { formatLocalDateTime } from "~/domain/time";
import { listStructureApplications } from "~/models/premises-call.server";
import { notifyNeedsMatchingNewSpace } from "~/models/premises-need.server";
import { openPremisesToBooking } from "~/models/premises.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireStructure } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Nos candidatures — Tiers-lieux partagés" }];

const STATUS_LABELS = { SUBMITTED: "déposée, en attente de décision", ATTRIBUTED: "retenue : le bien vous est attribué", NOT_RETAINED: "non retenue" } as const;
const SIRET_LABELS = { VERIFIED: "SIRET vérifié", UNVERIFIED: "SIRET non vérifié (nouvel essai automatique)" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStructure(request, params.slug);
  return json({
    organization: access.organization,
    canOpenToBooking: hasRole(access.role, "MANAGER"),
    applications: await listStructureApplications(db, access.organization.id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireStructure(request, params.slug, "MANAGER");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  if (formData.get("intent") !== "OPEN_BOOKING") return json({ message: "Action inconnue." }, { status: 400 });
  const opened = await openPremisesToBooking(db, { organizationId: access.organization.id, premisesId: String(formData.get("premisesId") ?? "") });
  if (!opened.ok) {
    if (opened.status === 404) throw new Response(opened.message, { status: 404 });
    return json({ message: opened.message }, { status: opened.status });
  }
  if (opened.created) await notifyNeedsMatchingNewSpace(db, opened.spaceId);
  return redirect(`/sites/${opened.siteId}/semaine`);
}

export default function StructureApplications() {
  const { organization, canOpenToBooking, applications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section aria-labelledby="candidatures-title">
      <h1 id="candidatures-title">Candidatures de {organization.name}</h1>
      <p>
        <Link to="/biens">Voir les biens proposés</Link> · <Link to={`/organisations/${organization.slug}/besoins`}>Nos besoins de locaux</Link>
      </p>
      {actionData?.message ? <FormError id="candidatures-erreur" errors={[actionData.message]} /> : null}
      <table>
        <caption>{applications.length === 0 ? "Aucune candidature pour l'instant." : `${applications.length} candidature(s)`}</caption>
        <thead>
          <tr>
            <th scope="col">Bien</th>
            <th scope="col">Déposée le</th>
            <th scope="col">Date limite</th>
            <th scope="col">État</th>
            <th scope="col">SIRET</th>
            <th scope="col">Pièces jointes</th>
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
              <td>
                {STATUS_LABELS[application.status]}
                {application.call.premises.site ? (
                  <>
                    {" — "}
                    <Link to={`/sites/${application.call.premises.site.id}/semaine`}>Voir le site réservable</Link>
                  </>
                ) : canOpenToBooking && application.status === "ATTRIBUTED" && application.call.premises.state === "OCCUPIED" ? (
                  <Form method="post">
                    <AuthenticityTokenInput />
                    <input type="hidden" name="intent" value="OPEN_BOOKING" />
                    <input type="hidden" name="premisesId" value={application.call.premises.id} />
                    <button type="submit">Ouvrir à la réservation</button>
                  </Form>
                ) : null}
              </td>
              <td>{SIRET_LABELS[application.siretStatus]}</td>
              <td>
                <AttachmentList
                  slug={organization.slug}
                  attachments={application.attachments.map((attachment) => ({ ...attachment, documentLabel: null }))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
