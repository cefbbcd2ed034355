// The organisation's audit journal, for its admins: sensitive actions (API tokens, members and
// roles…), newest first, 50 per page. Read-only: the database refuses to change an entry.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/pager";
import { db } from "~/db.server";
import { auditActionLabel, describeAuditEvent } from "~/domain/audit";
import { formatParisDateTime } from "~/domain/time";
import { listAuditEvents } from "~/models/audit.server";
import { requireOrgRole } from "~/utils/auth.server";
import { readPageParam, requireExistingPage } from "~/utils/pagination.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Journal — ${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "ADMIN");
  const journal = await listAuditEvents(db, { organizationId: access.organization.id, page: readPageParam(request) });
  requireExistingPage(journal, "Cette page du journal n'existe pas.");
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    page: journal.page,
    pageCount: journal.pageCount,
    total: journal.total,
    events: journal.events.map((event) => ({
      id: event.id,
      at: { iso: event.createdAt.toISOString(), label: formatParisDateTime(event.createdAt) },
      action: event.action,
      label: auditActionLabel(event.action),
      description: describeAuditEvent(event.action, event.details),
      actor: event.actor ? `${event.actor.name} (${event.actor.email})` : event.actorUserId ? "Compte supprimé" : "Système",
    })),
  });
}

export default function AuditJournalPage() {
  const { organization, page, pageCount, total, events } = useLoaderData<typeof loader>();
  const base = `/organisations/${organization.slug}`;

  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › Journal
      </nav>
      <h1>Journal des actions sensibles</h1>
      <p className="lead">
        Création et révocation des jetons d'API, ajout et retrait de membres, changements de rôle : qui a fait quoi, et quand.
        Les entrées ne peuvent être ni modifiées ni supprimées.
      </p>
      {total === 0 ? (
        <p>Aucune action n'est encore inscrite au journal.</p>
      ) : (
        <table>
          <caption>
            {total} {total === 1 ? "action" : "actions"}, des plus récentes aux plus anciennes — page {page} sur {pageCount}
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Action</th>
              <th scope="col">Détail</th>
              <th scope="col">Par</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.at.iso}>{event.at.label}</time>
                </td>
                <th scope="row">{event.label}</th>
                <td>{event.description}</td>
                <td>{event.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Pages du journal" page={page} pageCount={pageCount} previous="Actions plus récentes" next="Actions plus anciennes" />
    </>
  );
}
