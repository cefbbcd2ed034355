import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { routingAddress } from "~/domain/electronic-address";
import { KIND_LABELS, ROLE_LABELS, capabilitiesFor, hasRole } from "~/domain/roles";
import { ELECTRONIC_ADDRESS_LABEL } from "~/forms/electronic-address";
import { getOrganizationForMember } from "~/models/organization.server";
import { requireOrgRole } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  const organization = await getOrganizationForMember(db, { organizationId: access.organization.id });
  if (!organization) throw new Response("Organisation introuvable.", { status: 404 });
  // Members' e-mails are for the organisation's managers only.
  const canSeeContacts = hasRole(access.role, "MANAGER");
  return json({
    role: access.role,
    organization: {
      ...organization,
      memberships: organization.memberships.map(({ role, user }) => ({
        role,
        user: { id: user.id, name: user.name, email: canSeeContacts ? user.email : null },
      })),
    },
  });
}

export default function OrganizationPage() {
  const { organization, role } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{organization.name}</h1>
      <p>
        <span className="badge">{KIND_LABELS[organization.kind]}</span>{" "}
        <span className="badge">Votre rôle : {ROLE_LABELS[role]}</span>{" "}
        {organization.kind === "STRUCTURE" ? (
          organization.essVerified ? (
            <span className="badge badge-ok">Statut ESS vérifié</span>
          ) : (
            <span className="badge badge-warn">Statut ESS non vérifié</span>
          )
        ) : null}
      </p>
      {organization.description ? <p className="lead">{organization.description}</p> : null}
      {role === "ADMIN" ? (
        <nav aria-label="Administration de l'organisation">
          <p>
            <Link className="button button-secondary" to="modifier">
              Modifier la fiche
            </Link>{" "}
            <Link className="button button-secondary" to="membres">
              Membres
            </Link>{" "}
            <Link className="button button-secondary" to="journal">
              Journal
            </Link>{" "}
            <Link className="button button-secondary" to="jetons">
              Jetons d'API
            </Link>
          </p>
        </nav>
      ) : null}
      {capabilitiesFor(organization.kind, role, { runsSites: organization.sites.length > 0 }).some(
        (capability) => capability.key === "manage-spaces",
      ) ? (
        <p>
          <Link className="button button-secondary" to="sites">
            Gérer les sites et espaces
          </Link>
        </p>
      ) : null}
      <h2>Identité</h2>
      <dl className="facts">
        <dt>Forme juridique</dt>
        <dd>{organization.legalForm ?? "—"}</dd>
        <dt>SIRET</dt>
        <dd>{organization.siret ?? "—"}</dd>
        <dt>{ELECTRONIC_ADDRESS_LABEL}</dt>
        <dd>{routingAddress(organization.electronicInvoicingAddress, organization.siret?.slice(0, 9)) ?? "—"}</dd>
        <dt>Adresse</dt>
        <dd>{[organization.address, organization.postalCode, organization.city].filter(Boolean).join(", ") || "—"}</dd>
        <dt>Contact</dt>
        <dd>{organization.email ?? "—"}</dd>
      </dl>
      {organization.sites.length > 0 ? (
        <>
          <h2>Sites et espaces</h2>
          {organization.sites.map((site) => (
            <section key={site.id} aria-labelledby={`site-${site.id}`}>
              <h3 id={`site-${site.id}`}>{site.name}</h3>
              <p>
                {site.address}, {site.postalCode} {site.city}
              </p>
              <p>
                <Link to={`/sites/${site.id}/semaine`}>Calendrier de la semaine du site</Link>
              </p>
              <table>
                <caption className="visually-hidden">Espaces de {site.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Espace</th>
                    <th scope="col">Type</th>
                    <th scope="col">Capacité</th>
                    <th scope="col">Accessible PMR</th>
                    <th scope="col">Calendrier</th>
                  </tr>
                </thead>
                <tbody>
                  {site.spaces.map((space) => (
                    <tr key={space.id}>
                      <td>{space.name}</td>
                      <td>{space.kind === "DESK_POOL" ? `Open space (${space.seats} postes)` : "Salle"}</td>
                      <td>{space.capacity} personnes</td>
                      <td>{space.accessible ? "Oui" : "Non"}</td>
                      <td>
                        <Link to={`/espaces/${space.id}/semaine`}>
                          Semaine<span className="visually-hidden"> de {space.name}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      ) : null}
      <h2>Membres</h2>
      <table>
        <caption className="visually-hidden">Membres de {organization.name}</caption>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">Rôle</th>
            {organization.memberships.some((m) => m.user.email) ? <th scope="col">E-mail</th> : null}
          </tr>
        </thead>
        <tbody>
          {organization.memberships.map((membership) => (
            <tr key={membership.user.id}>
              <td>{membership.user.name}</td>
              <td>{ROLE_LABELS[membership.role]}</td>
              {membership.user.email ? <td>{membership.user.email}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
