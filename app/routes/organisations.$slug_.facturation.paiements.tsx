// Balances per organisation and overdue invoices of a SCIC. Payments are recorded on each invoice page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { formatEuros } from "~/domain/pricing";
import { formatDayMonthYear, instantToParis, localDate } from "~/domain/time";
import { listBalances, listOverdueInvoices } from "~/models/billing.server";
import { requireScicManager } from "~/utils/scic-access.server";

export const meta: MetaFunction = () => [{ title: "Paiements et impayés — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const today = localDate(instantToParis(new Date()));
  const [balances, overdue] = await Promise.all([
    listBalances(db, { scicId: access.organization.id, asOf: "2999-12-31" }),
    listOverdueInvoices(db, { scicId: access.organization.id, today }),
  ]);
  return json({ organization: access.organization, today, balances, overdue });
}

export default function Payments() {
  const { organization, today, balances, overdue } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="payments-title">
      <p>
        <Link to={`/organisations/${organization.slug}/facturation`}>← Facturation</Link>
      </p>
      <h1 id="payments-title">Paiements et impayés — {organization.name}</h1>
      <table>
        <caption>Solde par organisation</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Facturé TTC</th>
            <th scope="col">Avoirs</th>
            <th scope="col">Payé</th>
            <th scope="col">Solde dû</th>
          </tr>
        </thead>
        <tbody>
          {balances.map((b) => (
            <tr key={b.organizationId}>
              <th scope="row">{b.organizationName}</th>
              <td>{formatEuros(b.invoicedCents)}</td>
              <td>{formatEuros(b.creditedCents)}</td>
              <td>{formatEuros(b.paidCents)}</td>
              <td>{formatEuros(b.balanceCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Factures en retard au {formatDayMonthYear(today)}</h2>
      {overdue.length === 0 ? (
        <p>Aucune facture en retard.</p>
      ) : (
        <table>
          <caption>Factures échues non soldées</caption>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Organisation</th>
              <th scope="col">Échéance</th>
              <th scope="col">Jours de retard</th>
              <th scope="col">Reste à payer</th>
            </tr>
          </thead>
          <tbody>
            {overdue.map((o) => (
              <tr key={o.number}>
                <th scope="row">{o.number}</th>
                <td>{o.organizationName}</td>
                <td>{formatDayMonthYear(o.dueDate)}</td>
                <td>{o.daysLate}</td>
                <td>{formatEuros(o.remainingCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
