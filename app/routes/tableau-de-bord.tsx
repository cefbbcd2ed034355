import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { capabilitiesFor, capabilityHref, KIND_LABELS, ROLE_LABELS } from "~/domain/roles";
import { countPendingByManager } from "~/models/booking-queries.server";
import { countUnreadNotifications } from "~/models/notification.server";
import { listMembershipsOfUser } from "~/models/organization.server";
import { organizationsRunningSites } from "~/models/site.server";
import { requireSession } from "~/utils/auth.server";
import { cacheDocumentUntil, type DocumentCacheHandle } from "~/utils/document-cache.server";

// Every user's first page, opened again after each step: kept while nothing changes (ADR 0021).
export const handle: DocumentCacheHandle = { documentCache: true };

export const meta: MetaFunction = () => [{ title: "Tableau de bord — Tiers-lieux partagés" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, expiresAt } = await requireSession(request);
  // Nothing on it depends on the time but the session itself.
  cacheDocumentUntil(context, expiresAt);
  const memberships = await listMembershipsOfUser(db, user.id);
  const organizationIds = memberships.map(({ organization }) => organization.id);
  const [runningSites, pendingByManager, unreadNotifications] = await Promise.all([
    // A structure manages sites (and approves their bookings) only once it runs one (ADR 0013).
    organizationsRunningSites(db, organizationIds),
    countPendingByManager(db, organizationIds),
    countUnreadNotifications(db, { userId: user.id, organizationIds }),
  ]);
  const organizations = memberships.map(({ role, organization }) => {
    const capabilities = capabilitiesFor(organization.kind, role, { runsSites: runningSites.has(organization.id) });
    const approves = capabilities.some((capability) => capability.key === "approve-bookings");
    return {
      ...organization,
      role,
      capabilities: capabilities.map((capability) => ({
        key: capability.key,
        label: capability.label,
        href: capabilityHref(organization.slug, capability),
      })),
      pendingCount: approves ? (pendingByManager.get(organization.id) ?? 0) : null,
    };
  });
  return json({ user, organizations, unreadNotifications });
}

export default function Dashboard() {
  const { user, organizations, unreadNotifications } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Bonjour {user.name}</h1>
      <p>
        <Link to="/notifications">
          Mes notifications
          {unreadNotifications > 0 ? ` (${unreadNotifications} non ${unreadNotifications > 1 ? "lues" : "lue"})` : null}
        </Link>
      </p>
      {organizations.length === 0 ? (
        <p className="notice">Votre compte n'est rattaché à aucune organisation. Demandez une invitation à son administrateur·rice.</p>
      ) : (
        <>
          <p className="lead">Voici ce que vous pouvez faire pour chacune de vos organisations.</p>
          <ul className="cards">
            {organizations.map((organization) => (
              <li key={organization.id} className="card">
                <h2>
                  <Link to={`/organisations/${organization.slug}`}>{organization.name}</Link>
                </h2>
                <p>
                  <span className="badge">{KIND_LABELS[organization.kind]}</span>{" "}
                  <span className="badge">Votre rôle : {ROLE_LABELS[organization.role]}</span>
                </p>
                <ul>
                  {organization.capabilities.map((capability) => (
                    <li key={capability.key}>
                      {capability.href ? <Link to={capability.href}>{capability.label}</Link> : capability.label}
                      {capability.key === "approve-bookings" && organization.pendingCount !== null ? (
                        <>
                          {" "}
                          <span className={organization.pendingCount > 0 ? "badge badge-warn" : "badge"}>
                            {organization.pendingCount === 0
                              ? "aucune en attente"
                              : `${organization.pendingCount} en attente`}
                          </span>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
