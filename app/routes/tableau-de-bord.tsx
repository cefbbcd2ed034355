import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { capabilitiesFor, KIND_LABELS, ROLE_LABELS } from "~/domain/roles";
import { listMembershipsOfUser } from "~/models/organization.server";
import { requireUser } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Tableau de bord — Tiers-lieux partagés" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const memberships = await listMembershipsOfUser(db, user.id);
  return json({
    user,
    organizations: memberships.map(({ role, organization }) => ({
      ...organization,
      role,
      capabilities: capabilitiesFor(organization.kind, role).map(({ key, label }) => ({ key, label })),
    })),
  });
}

export default function Dashboard() {
  const { user, organizations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Bonjour {user.name}</h1>
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
                    <li key={capability.key}>{capability.label}</li>
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
