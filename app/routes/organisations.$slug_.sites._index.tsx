import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { SPACE_KIND_LABELS } from "~/forms/space";
import { canCreateSites, canManageSpaces, listSites, requireSpacesAccess } from "~/models/site.server";
import { requireOrgRole } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Sites et espaces — ${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  // Read-only for members (it is what they book); the links to the forms are for managers only,
  // and the forms check the role again (see requireSpacesAccess).
  requireSpacesAccess(access, "view");
  const sites = await listSites(db, { organizationId: access.organization.id });
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    canManage: canManageSpaces(access),
    canCreate: canCreateSites(access),
    // A structure's sites are the biens it occupies, opened to booking (ADR 0013).
    fromOccupiedBiens: access.organization.kind === "STRUCTURE",
    sites,
  });
}

export default function SitesPage() {
  const { organization, canManage, canCreate, fromOccupiedBiens, sites } = useLoaderData<typeof loader>();
  const base = `/organisations/${organization.slug}`;
  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › Sites et espaces
      </nav>
      <h1>Sites et espaces</h1>
      {canCreate ? (
        <p>
          <Link className="button" to={`${base}/sites/nouveau`}>
            Ajouter un site
          </Link>
        </p>
      ) : null}
      {canManage ? null : (
        <p className="notice">Vous consultez les sites en lecture seule : seuls les gestionnaires peuvent les modifier.</p>
      )}
      {fromOccupiedBiens ? (
        <p>
          Les sites de votre structure sont les locaux qu'elle occupe, une fois ouverts à la réservation depuis{" "}
          <Link to={`${base}/candidatures`}>ses candidatures</Link> ou par la collectivité propriétaire.
        </p>
      ) : null}
      {sites.length === 0 ? (
        <p>{fromOccupiedBiens ? "Votre structure ne gère aucun site pour l'instant : aucun des biens qu'elle occupe n'est ouvert à la réservation." : "Aucun site pour l'instant."}</p>
      ) : null}
      {sites.map((site) => (
        <section key={site.id} aria-labelledby={`site-${site.id}`}>
          <h2 id={`site-${site.id}`}>{site.name}</h2>
          <p>
            {site.address}, {site.postalCode} {site.city}
          </p>
          {canManage ? (
            <p>
              <Link to={`${base}/sites/${site.id}`}>
                Modifier le site<span className="visually-hidden"> {site.name}</span> et ses espaces
              </Link>
            </p>
          ) : null}
          {site.spaces.length === 0 ? (
            <p>Aucun espace dans ce site.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Espaces de {site.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Espace</th>
                  <th scope="col">Type</th>
                  <th scope="col">Capacité</th>
                  <th scope="col">Accessible PMR</th>
                </tr>
              </thead>
              <tbody>
                {site.spaces.map((space) => (
                  <tr key={space.id}>
                    <td>{canManage ? <Link to={`${base}/espaces/${space.id}`}>{space.name}</Link> : space.name}</td>
                    <td>
                      {SPACE_KIND_LABELS[space.kind]}
                      {space.kind === "DESK_POOL" ? ` — ${space.seats} postes` : ""}
                    </td>
                    <td>{space.capacity} personnes</td>
                    <td>{space.accessible ? "Oui" : "Non"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </>
  );
}
