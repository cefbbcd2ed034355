// Balances per organisation and overdue invoices of a SCIC, a page of each (a network billing
// 2,000 organisations has as many balances). Payments are recorded on each invoice page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/pager";
import { db } from "~/db.server";
import { formatEuros } from "~/domain/pricing";
import { formatDayMonthYear, instantToParis, localDate } from "~/domain/time";
import { paymentsOverview } from "~/models/billing.server";
import { readPageParam, requireExistingPage } from "~/utils/pagination.server";
import { requireScicManager } from "~/utils/scic-access.server";

export const meta: MetaFunction = () => [{ title: "Paiements et impayés — Tiers-lieux partagés" }];

/** The overdue invoices' page parameter: `page` is the balances'. */
const OVERDUE_PAGE = "retards";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const today = localDate(instantToParis(new Date()));
  const overview = await paymentsOverview(db, {
    scicId: access.organization.id,
    today,
    balancesPage: readPageParam(request),
    overduePage: readPageParam(request, OVERDUE_PAGE),
  });
  requireExistingPage(overview.balances, "Cette page des soldes n'existe pas.");
  requireExistingPage(overview.overdue, "Cette page des factures en retard n'existe pas.");
  return json({ organization: access.organization, today, ...overview });
}

export default function Payments() {
  const { organization, today, balances, overdue, totals } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="payments-title">
      <p>
        <Link to={`/organisations/${organization.slug}/facturation`}>← Facturation</Link>
      </p>
      <h1 id="payments-title">Paiements et impayés — {organization.name}</h1>
      <p>
        Solde dû par l&apos;ensemble des organisations : {formatEuros(totals.balanceCents)} ;{" "}
        {overdue.total === 0
          ? "aucune facture en retard."
          : `${overdue.total} facture${overdue.total > 1 ? "s" : ""} en retard, pour ${formatEuros(totals.overdueCents)} restant à payer.`}
      </p>
      <h2>Solde par organisation</h2>
      {balances.total === 0 ? (
        <p>Aucune facture émise.</p>
      ) : (
        <>
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
              {balances.rows.map((b) => (
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
          <Pager label="Pages des soldes" page={balances.page} pageCount={balances.pageCount} previous="Soldes précédents" next="Soldes suivants" />
        </>
      )}
      <h2>Factures en retard au {formatDayMonthYear(today)}</h2>
      {overdue.total === 0 ? (
        <p>Aucune facture en retard.</p>
      ) : (
        <>
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
              {overdue.rows.map((o) => (
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
          <Pager
            label="Pages des factures en retard"
            page={overdue.page}
            pageCount={overdue.pageCount}
            previous="Retards précédents"
            next="Retards suivants"
            param={OVERDUE_PAGE}
          />
        </>
      )}
    </section>
  );
}
