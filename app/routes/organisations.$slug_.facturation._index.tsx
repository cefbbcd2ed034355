// Monthly billing of a SCIC: run a month (with live progress), list its invoices and credit notes.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { Pager } from "~/components/pager";
import { db } from "~/db.server";
import { runMonthSchema } from "~/forms/billing";
import { formatDayMonthYear, instantToParis } from "~/domain/time";
import { formatEuros, formatMonthFr } from "~/domain/pricing";
import { isBillingMonth, listInvoices, runMonthlyBilling, type BillingProgress } from "~/models/billing.server";
import { finishRunProgress, reportRunProgress, startRunProgress } from "~/models/billing-progress.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { readPageParam, requireExistingPage } from "~/utils/pagination.server";
import { requireScicManager } from "~/utils/scic-access.server";

export const meta: MetaFunction = () => [{ title: "Facturation — Tiers-lieux partagés" }];

function previousMonth(now: Date): string {
  const [year, month] = instantToParis(now).slice(0, 7).split("-").map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const url = new URL(request.url);
  const monthParam = url.searchParams.get("mois");
  const month = monthParam && isBillingMonth(monthParam) ? monthParam : null;
  const list = await listInvoices(db, { scicId: access.organization.id, month, page: readPageParam(request) });
  requireExistingPage(list, "Cette page des factures n'existe pas.");
  return json({
    organization: access.organization,
    month,
    defaultMonth: previousMonth(new Date()),
    runId: crypto.randomUUID(),
    invoices: list.invoices,
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: runMonthSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), summary: null }, { status: 400 });
  const { month, runId } = submission.value;
  if (runId) startRunProgress(runId, access.organization.id);
  try {
    const summary = await runMonthlyBilling(db, {
      scicId: access.organization.id,
      month,
      now: new Date(),
      actorUserId: access.user.id,
      onProgress: (event) => {
        if (runId) reportRunProgress(runId, event);
      },
    });
    return json({ result: submission.reply({ resetForm: false }), summary });
  } finally {
    if (runId) finishRunProgress(runId);
  }
}

function ProgressLine({ event }: { event: BillingProgress }) {
  if (event.kind === "created") {
    return (
      <li>
        Facture {event.number} — {event.organizationName} : {formatEuros(event.totalTtcCents)} TTC
      </li>
    );
  }
  if (event.kind === "skipped") {
    return (
      <li>
        {event.organizationName} : {event.reason}
      </li>
    );
  }
  return (
    <li className="field-error">
      {event.organizationName} : {event.errors.join(" ")}
    </li>
  );
}

/** Polls the run's progress while its POST is running (JavaScript only; the results follow anyway). */
function useRunProgress(slug: string, runId: string, running: boolean): BillingProgress[] {
  const [events, setEvents] = useState<BillingProgress[]>([]);
  useEffect(() => {
    if (!running) return;
    setEvents([]);
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(`/organisations/${slug}/facturation/progression?run=${encodeURIComponent(runId)}`);
        if (response.ok && !stopped) setEvents(((await response.json()) as { events: BillingProgress[] }).events);
      } catch {
        // A failed poll is retried; the run itself is not affected.
      }
    };
    const timer = setInterval(poll, 700);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [slug, runId, running]);
  return events;
}

export default function Billing() {
  const { organization, month, defaultMonth, runId, invoices, page, pageCount, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const running = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const liveEvents = useRunProgress(organization.slug, runId, running);
  const [form, fields] = useForm({
    id: "run-month",
    lastResult: actionData?.result,
    constraint: getZodConstraint(runMonthSchema),
    defaultValue: { month: defaultMonth, runId },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: runMonthSchema }),
  });
  const summary = actionData?.summary ?? null;
  const base = `/organisations/${organization.slug}`;
  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Facturation — {organization.name}</h1>
      <nav aria-label="Facturation">
        <ul className="inline-list">
          <li>
            <Link to={`${base}/facturation/paiements`}>Paiements et impayés</Link>
          </li>
          <li>
            <Link to={`${base}/avantages-en-nature`}>Avantages en nature</Link>
          </li>
          <li>
            <Link to={`${base}/facturation/parametres`}>Paramètres de facturation</Link>
          </li>
          <li>
            <Link to={`${base}/tarifs`}>Tarifs</Link>
          </li>
          <li>
            <Link to={`${base}/societaires`}>Sociétaires</Link>
          </li>
        </ul>
      </nav>

      <h2>Facturer un mois</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="runId" value={runId} />
        <Field
          label="Mois (AAAA-MM)"
          htmlFor={fields.month.id}
          hint="Une facture par organisation pour les réservations du mois ; un mois déjà facturé n'est pas refacturé."
          hintId={`${fields.month.id}-hint`}
          errorId={fields.month.errorId}
          errors={fields.month.errors}
        >
          <input {...getInputProps(fields.month, { type: "month" })} aria-describedby={`${fields.month.id}-hint`} />
        </Field>
        <div>
          <button type="submit" disabled={running}>
            {running ? "Facturation en cours…" : "Lancer la facturation"}
          </button>
        </div>
      </Form>

      <div aria-live="polite">
        {running ? (
          <>
            <h3>Progression</h3>
            {liveEvents.length === 0 ? <p>Préparation des factures…</p> : null}
            <ol>
              {liveEvents.map((event, index) => (
                <ProgressLine key={index} event={event} />
              ))}
            </ol>
          </>
        ) : null}
        {summary ? (
          <>
            <h3>Résultat — {formatMonthFr(summary.month)}</h3>
            <p>
              {summary.created.length} facture(s) créée(s), {summary.skipped.length} déjà facturée(s), {summary.failed.length} en erreur ; total{" "}
              {formatEuros(summary.totalHtCents)} HT, {formatEuros(summary.totalTtcCents)} TTC.
            </p>
            <ul>
              {summary.created.map((c) => (
                <li key={c.invoiceId}>
                  <Link to={`${base}/facturation/${c.invoiceId}`}>Facture {c.number}</Link> — {c.organizationName} : {formatEuros(c.totalTtcCents)} TTC
                </li>
              ))}
              {summary.skipped.map((s) => (
                <li key={`skip-${s.organizationName}`}>
                  {s.organizationName} : {s.reason}
                </li>
              ))}
              {summary.failed.map((f) => (
                <li key={`fail-${f.organizationName}`} className="field-error">
                  {f.organizationName} : {f.errors.join(" ")}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>

      <h2>Factures et avoirs{month ? ` — ${formatMonthFr(month)}` : ""}</h2>
      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="filter-month">Mois de la prestation</label>
          <input id="filter-month" name="mois" type="month" defaultValue={month ?? ""} />
        </div>
        <div>
          <button type="submit">Filtrer</button>
        </div>
      </Form>
      {month ? (
        <p>
          <a href={`${base}/facturation/export.csv?month=${month}`} download>
            Exporter les factures de {formatMonthFr(month)} pour la comptabilité (CSV)
          </a>
        </p>
      ) : null}
      {invoices.length === 0 ? (
        <p>Aucune facture.</p>
      ) : (
        <table>
          <caption>
            Factures et avoirs émis ({total}), des plus récents aux plus anciens
            {pageCount > 1 ? ` — page ${page} sur ${pageCount}` : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Type</th>
              <th scope="col">Client</th>
              <th scope="col">Émise le</th>
              <th scope="col">Total TTC</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((invoice) => (
              <tr key={invoice.id}>
                <th scope="row">
                  <Link to={`${base}/facturation/${invoice.id}`}>{invoice.number ?? "Brouillon"}</Link>
                </th>
                <td>{invoice.kind === "INVOICE" ? "Facture" : `Avoir sur ${invoice.correctsInvoice?.number ?? ""}`}</td>
                <td>{invoice.organization.name}</td>
                <td>{formatDayMonthYear(invoice.issueDate)}</td>
                <td>{formatEuros(invoice.totalTtcCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Pages des factures" page={page} pageCount={pageCount} previous="Factures plus récentes" next="Factures plus anciennes" />
    </section>
  );
}
