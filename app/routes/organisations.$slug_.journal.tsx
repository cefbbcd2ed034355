// The organisation's audit journal, for its admins: sensitive actions (API tokens, members and
// roles…), newest first, 50 per page. Read-only: the database refuses to change an entry.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { db } from "~/db.server";
import { auditActionLabel, describeAuditEvent } from "~/domain/audit";
import { formatParisDateTime } from "~/domain/time";
import { listAuditEvents } from "~/models/audit.server";
import { requireOrgRole } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Journal — ${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

const pageParam = z.coerce.number().int().min(1).max(1_000_000);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "ADMIN");
  const rawPage = new URL(request.url).searchParams.get("page");
  const parsedPage = rawPage === null ? { success: true as const, data: 1 } : pageParam.safeParse(rawPage);
  if (!parsedPage.success) throw new Response("Numéro de page invalide.", { status: 400 });
  const journal = await listAuditEvents(db, { organizationId: access.organization.id, page: parsedPage.data });
  if (journal.page > journal.pageCount) throw new Response("Cette page du journal n'existe pas.", { status: 404 });
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
  const pageHref = (n: number) => `${base}/journal${n === 1 ? "" : `?page=${n}`}`;

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
      {pageCount > 1 ? (
        <nav aria-label="Pages du journal">
          <p>
            {page > 1 ? (
              <Link to={pageHref(page - 1)} rel="prev">
                ← Actions plus récentes
              </Link>
            ) : null}{" "}
            <span>
              Page {page} sur {pageCount}
            </span>{" "}
            {page < pageCount ? (
              <Link to={pageHref(page + 1)} rel="next">
                Actions plus anciennes →
              </Link>
            ) : null}
          </p>
        </nav>
      ) : null}
    </>
  );
}
