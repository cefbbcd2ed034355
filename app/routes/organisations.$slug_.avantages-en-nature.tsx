// Value of in-kind support per organisation and year: public-tariff price minus billed price.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { formatEuros } from "~/domain/pricing";
import { instantToParis } from "~/domain/time";
import { inKindSupport } from "~/models/billing.server";
import { requireScicManager } from "~/utils/scic-access.server";

export const meta: MetaFunction = () => [{ title: "Avantages en nature — Tiers-lieux partagés" }];

function yearParam(request: Request): number {
  const param = new URL(request.url).searchParams.get("annee");
  if (param === null) return Number(instantToParis(new Date()).slice(0, 4));
  if (!/^\d{4}$/.test(param)) throw new Response("L'année doit comporter 4 chiffres.", { status: 400 });
  return Number(param);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const year = yearParam(request);
  return json({ organization: access.organization, year, rows: await inKindSupport(db, { scicId: access.organization.id, year }) });
}

export default function InKind() {
  const { organization, year, rows } = useLoaderData<typeof loader>();
  const base = `/organisations/${organization.slug}`;
  return (
    <section aria-labelledby="in-kind-title">
      <p>
        <Link to={`${base}/facturation`}>← Facturation</Link>
      </p>
      <h1 id="in-kind-title">Avantages en nature {year}</h1>
      <p>Valeur au tarif public des occupations, moins le montant facturé HT : à faire figurer en contributions volontaires en nature.</p>
      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="in-kind-year">Année</label>
          <input id="in-kind-year" name="annee" inputMode="numeric" defaultValue={year} />
        </div>
        <div>
          <button type="submit">Afficher</button>
        </div>
      </Form>
      <p>
        <a href={`${base}/avantages-en-nature.csv?annee=${year}`} download>
          Télécharger (CSV)
        </a>
      </p>
      <table>
        <caption>Avantages en nature par organisation, {year}</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Valeur au tarif public</th>
            <th scope="col">Facturé HT</th>
            <th scope="col">Avantage en nature</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.organizationId}>
              <th scope="row">{r.organizationName}</th>
              <td>{formatEuros(r.publicValueCents)}</td>
              <td>{formatEuros(r.billedCents)}</td>
              <td>{formatEuros(r.inKindCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
