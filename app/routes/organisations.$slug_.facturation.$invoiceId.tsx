// One issued invoice or credit note with all its legal mentions; credit notes and payments.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { creditNoteSchema, invoiceActionSchema, paymentSchema } from "~/forms/billing";
import { formatVatRate } from "~/domain/invoicing";
import { formatEuros } from "~/domain/pricing";
import { formatDayMonthYear, instantToParis, localDate } from "~/domain/time";
import { getInvoice, invoiceStanding, issueCreditNote, recordPayment } from "~/models/billing.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireScicManager } from "~/utils/scic-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.invoice.kind === "CREDIT_NOTE" ? "Avoir" : "Facture"} ${data?.invoice.number ?? ""} — Tiers-lieux partagés` },
];

async function load(request: Request, slug: string | undefined, invoiceId: string | undefined) {
  const access = await requireScicManager(request, slug);
  const invoice = await getInvoice(db, { scicId: access.organization.id, invoiceId: invoiceId ?? "" });
  if (!invoice) throw new Response("Facture introuvable.", { status: 404 });
  return { access, invoice };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, invoice } = await load(request, params.slug, params.invoiceId);
  const today = localDate(instantToParis(new Date()));
  const standing =
    invoice.kind === "INVOICE" && invoice.number
      ? await invoiceStanding(db, {
          scicId: access.organization.id,
          organizationId: invoice.organizationId,
          number: invoice.number,
          asOf: today > invoice.issueDate ? today : invoice.issueDate,
        })
      : null;
  return json({ slug: access.organization.slug, invoice, standing, today });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { access, invoice } = await load(request, params.slug, params.invoiceId);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: invoiceActionSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const base = `/organisations/${access.organization.slug}/facturation`;
  if (submission.value.intent === "credit-note") {
    const lines = submission.value.lines;
    const result = await issueCreditNote(db, {
      scicId: access.organization.id,
      invoiceId: invoice.id,
      reason: submission.value.reason,
      ...(lines && lines.length > 0 ? { lineIndexes: lines } : {}),
      now: new Date(),
      actorUserId: access.user.id,
    });
    if (!result.ok) return json(submission.reply({ formErrors: result.errors }), { status: 422 });
    return redirect(`${base}/${result.id}`);
  }
  const result = await recordPayment(db, {
    scicId: access.organization.id,
    organizationId: invoice.organizationId,
    invoiceId: invoice.kind === "INVOICE" ? invoice.id : null,
    receivedOn: submission.value.receivedOn,
    amountCents: submission.value.amount,
    method: submission.value.method,
    actorUserId: access.user.id,
  });
  if (!result.ok) return json(submission.reply({ formErrors: result.errors }), { status: 422 });
  return redirect(`${base}/${invoice.id}`);
}

export default function InvoicePage() {
  const { slug, invoice, standing, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const document = invoice.document;
  const label = invoice.kind === "INVOICE" ? "Facture" : "Avoir";
  const [creditForm, creditFields] = useForm({
    id: "credit-note",
    lastResult: lastResult && "intent" in (lastResult.initialValue ?? {}) && lastResult.initialValue?.intent === "credit-note" ? lastResult : undefined,
    constraint: getZodConstraint(creditNoteSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: creditNoteSchema }),
  });
  const [paymentForm, paymentFields] = useForm({
    id: "payment",
    lastResult: lastResult && lastResult.initialValue?.intent === "payment" ? lastResult : undefined,
    constraint: getZodConstraint(paymentSchema),
    defaultValue: { receivedOn: today, method: "virement" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: paymentSchema }),
  });
  const base = `/organisations/${slug}/facturation`;
  return (
    <article aria-labelledby="invoice-title">
      <p>
        <Link to={base}>← Facturation</Link>
      </p>
      <h1 id="invoice-title">
        {label} {invoice.number ?? "(brouillon)"}
      </h1>
      <p>
        <a href={`${base}/${invoice.id}.pdf`} download>
          Télécharger le PDF
        </a>
      </p>
      <p>
        <a href={`${base}/${invoice.id}/facturx.pdf`} download>
          Télécharger {invoice.kind === "INVOICE" ? "la facture" : "l'avoir"} électronique (Factur-X)
        </a>
      </p>
      {invoice.correctsInvoice ? (
        <p>
          Corrige la <Link to={`${base}/${invoice.correctsInvoice.id}`}>facture {invoice.correctsInvoice.number}</Link>.
        </p>
      ) : null}
      <div className="columns">
        <section aria-labelledby="seller-title">
          <h2 id="seller-title">Vendeur</h2>
          <address>
            {document.seller.name} — {document.seller.legalForm}
            <br />
            {document.seller.address.line1}, {document.seller.address.postalCode} {document.seller.address.city}
            <br />
            SIREN {document.seller.siren}
            {document.seller.siret ? ` — SIRET ${document.seller.siret}` : ""}
            {document.seller.rcs ? ` — ${document.seller.rcs}` : ""}
            {document.seller.vatNumber ? ` — TVA intracommunautaire ${document.seller.vatNumber}` : ""}
          </address>
        </section>
        <section aria-labelledby="buyer-title">
          <h2 id="buyer-title">Client</h2>
          <address>
            {document.buyer.name}
            <br />
            {document.buyer.address.line1}, {document.buyer.address.postalCode} {document.buyer.address.city}
            {document.buyer.siret ? (
              <>
                <br />
                SIRET {document.buyer.siret}
              </>
            ) : null}
          </address>
        </section>
      </div>
      <table>
        <caption>Lignes de {label.toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">N°</th>
            <th scope="col">Désignation</th>
            <th scope="col">Quantité</th>
            <th scope="col">Prix unitaire HT</th>
            <th scope="col">TVA</th>
            <th scope="col">Montant HT</th>
          </tr>
        </thead>
        <tbody>
          {document.lines.map((line, index) => (
            <tr key={index}>
              <th scope="row">{index + 1}</th>
              <td>{line.description}</td>
              <td>{String(line.quantity).replace(".", ",")}</td>
              <td>{formatEuros(Math.round(line.unitPriceHtMillis / 10))}</td>
              <td>{formatVatRate(line.vatRate)}</td>
              <td>{formatEuros(line.amountHtCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Totaux</caption>
        <tbody>
          {document.totals.byRate.map((row) => (
            <tr key={row.vatRate}>
              <th scope="row">Base HT à {formatVatRate(row.vatRate)} / TVA</th>
              <td>
                {formatEuros(row.baseHtCents)} / {formatEuros(row.vatCents)}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Total HT</th>
            <td>{formatEuros(document.totals.htCents)}</td>
          </tr>
          <tr>
            <th scope="row">Total TVA</th>
            <td>{formatEuros(document.totals.vatCents)}</td>
          </tr>
          <tr>
            <th scope="row">Total TTC</th>
            <td>{formatEuros(document.totals.ttcCents)}</td>
          </tr>
        </tbody>
      </table>
      <section aria-labelledby="mentions-title">
        <h2 id="mentions-title">Mentions légales</h2>
        <ul>
          {document.mentions.map((mention) => (
            <li key={mention}>{mention}</li>
          ))}
        </ul>
      </section>

      {invoice.kind === "INVOICE" ? (
        <>
          <section aria-labelledby="payments-title">
            <h2 id="payments-title">Paiements</h2>
            {standing ? (
              <p>
                Payé : {formatEuros(standing.paidCents)} ; crédité : {formatEuros(standing.creditedCents)} ; reste à payer : {formatEuros(standing.remainingCents)}.
              </p>
            ) : null}
            {invoice.payments.length > 0 ? (
              <ul>
                {invoice.payments.map((p) => (
                  <li key={p.id}>
                    {formatDayMonthYear(p.receivedOn)} : {formatEuros(p.amountCents)} ({p.method})
                  </li>
                ))}
              </ul>
            ) : null}
            <Form method="post" className="form" {...getFormProps(paymentForm)}>
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="payment" />
              <FormError id={paymentForm.errorId} errors={paymentForm.errors} />
              <Field label="Date de réception" htmlFor={paymentFields.receivedOn.id} errorId={paymentFields.receivedOn.errorId} errors={paymentFields.receivedOn.errors}>
                <input {...getInputProps(paymentFields.receivedOn, { type: "date" })} />
              </Field>
              <Field label="Montant reçu (€)" htmlFor={paymentFields.amount.id} errorId={paymentFields.amount.errorId} errors={paymentFields.amount.errors}>
                <input {...getInputProps(paymentFields.amount, { type: "text" })} inputMode="decimal" />
              </Field>
              <Field label="Moyen de paiement" htmlFor={paymentFields.method.id} errorId={paymentFields.method.errorId} errors={paymentFields.method.errors}>
                <input {...getInputProps(paymentFields.method, { type: "text" })} />
              </Field>
              <div>
                <button type="submit">Enregistrer le paiement</button>
              </div>
            </Form>
          </section>
          <section aria-labelledby="credit-title">
            <h2 id="credit-title">Établir un avoir</h2>
            {invoice.creditNotes.length > 0 ? (
              <ul>
                {invoice.creditNotes.map((c) => (
                  <li key={c.id}>
                    <Link to={`${base}/${c.id}`}>Avoir {c.number}</Link> du {formatDayMonthYear(c.issueDate)} : {formatEuros(c.totalTtcCents)}
                  </li>
                ))}
              </ul>
            ) : null}
            <Form method="post" className="form" {...getFormProps(creditForm)}>
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="credit-note" />
              <FormError id={creditForm.errorId} errors={creditForm.errors} />
              <fieldset>
                <legend>Lignes à créditer (aucune cochée : toute la facture)</legend>
                {document.lines.map((line, index) => (
                  <div key={index} className="checkbox">
                    <input type="checkbox" id={`credit-line-${index}`} name="lines" value={index} />
                    <label htmlFor={`credit-line-${index}`}>
                      Ligne {index + 1} — {formatEuros(line.amountTtcCents)}
                    </label>
                  </div>
                ))}
              </fieldset>
              <Field label="Motif de l'avoir" htmlFor={creditFields.reason.id} errorId={creditFields.reason.errorId} errors={creditFields.reason.errors}>
                <input {...getInputProps(creditFields.reason, { type: "text" })} />
              </Field>
              <div>
                <button type="submit">Émettre l'avoir</button>
              </div>
            </Form>
          </section>
        </>
      ) : null}
    </article>
  );
}
