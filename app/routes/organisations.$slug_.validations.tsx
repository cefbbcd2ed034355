import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { describeRepetition, formatOccurrence } from "~/domain/booking-display";
import { formatParisDateTime } from "~/domain/time";
import { decisionSchema } from "~/forms/booking";
import { decideBooking, listPendingForManager } from "~/models/booking.server";
import { requireOrgRole } from "~/utils/auth.server";
import { requireCapability } from "~/utils/capabilities.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Réservations à valider — ${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireCapability(access, "approve-bookings");
  const pending = await listPendingForManager(db, { managerOrganizationId: access.organization.id });
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    pending: pending.map((series) => ({
      id: series.id,
      title: series.title,
      organizationName: series.organization.name,
      spaceName: series.space.name,
      siteName: series.space.site.name,
      firstSlot: formatOccurrence(series.localStart, series.localEnd),
      repetition: describeRepetition(series.rrule, series.localStart),
      seats: series.seats,
      occurrenceCount: series._count.occurrences,
      requestedAt: formatParisDateTime(series.createdAt),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireCapability(access, "approve-bookings");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: decisionSchema });
  const seriesId = String(formData.get("seriesId") ?? "");
  if (submission.status !== "success") return json({ ...submission.reply(), seriesId }, { status: 400 });
  const { decision, reason } = submission.value;
  const result = await decideBooking(db, {
    managerOrganizationId: access.organization.id,
    seriesId: submission.value.seriesId,
    decision,
    reason,
    now: new Date(),
  });
  if (!result.ok) {
    // Another organisation's series, or one that does not exist: the same answer.
    if (result.reason === "NOT_FOUND") throw new Response("Réservation introuvable.", { status: 404 });
    const message = result.reason === "NOT_ACTIVE" ? result.message : "Cette réservation ne peut pas être traitée.";
    return json({ ...submission.reply({ formErrors: [message] }), seriesId }, { status: 409 });
  }
  return redirect(`/organisations/${access.organization.slug}/validations?decision=${decision === "APPROVE" ? "acceptee" : "refusee"}`);
}

type PendingView = ReturnType<typeof useLoaderData<typeof loader>>["pending"][number];

export default function ApprovalsPage() {
  const { organization, pending } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const decision = searchParams.get("decision");
  const notice =
    decision === "acceptee"
      ? "La réservation est acceptée : la structure en est informée."
      : decision === "refusee"
        ? "La réservation est refusée : la structure en est informée, avec le motif."
        : null;
  const base = `/organisations/${organization.slug}`;
  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › Réservations à valider
      </nav>
      <h1>Réservations à valider</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {pending.length === 0 ? <p>Aucune réservation n'attend de validation sur vos espaces.</p> : null}
      <ul className="cards">
        {pending.map((series) => (
          <li key={series.id} id={`reservation-${series.id}`} className="card">
            <PendingSeries series={series} />
          </li>
        ))}
      </ul>
    </>
  );
}

function PendingSeries({ series }: { series: PendingView }) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `decision-${series.id}`,
    lastResult: actionData?.seriesId === series.id ? actionData : undefined,
    constraint: getZodConstraint(decisionSchema),
    defaultValue: { seriesId: series.id },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decisionSchema }),
  });
  const headingId = `demande-${series.id}`;
  return (
    <article aria-labelledby={headingId}>
      <h2 id={headingId}>{series.title}</h2>
      <dl className="facts">
        <dt>Structure</dt>
        <dd>{series.organizationName}</dd>
        <dt>Espace</dt>
        <dd>
          {series.spaceName} — {series.siteName}
        </dd>
        <dt>Première date</dt>
        <dd>{series.firstSlot}</dd>
        <dt>Répétition</dt>
        <dd>{series.repetition}</dd>
        <dt>Dates à valider</dt>
        <dd>{series.occurrenceCount}</dd>
        <dt>Demandée le</dt>
        <dd>{series.requestedAt}</dd>
      </dl>
      <Form method="post" className="form" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <input {...getInputProps(fields.seriesId, { type: "hidden" })} />
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label="Motif (obligatoire pour refuser)"
          htmlFor={fields.reason.id}
          hint="Il est transmis à la structure avec votre décision."
          hintId={`${fields.reason.id}-hint`}
          errorId={fields.reason.errorId}
          errors={fields.reason.errors}
        >
          <textarea
            {...getTextareaProps(fields.reason)}
            rows={3}
            aria-describedby={fields.reason.errors?.length ? `${fields.reason.id}-hint ${fields.reason.errorId}` : `${fields.reason.id}-hint`}
          />
        </Field>
        <div>
          <button type="submit" name="decision" value="APPROVE">
            Accepter<span className="visually-hidden"> « {series.title} »</span>
          </button>{" "}
          <button type="submit" name="decision" value="REJECT" className="button-danger">
            Refuser<span className="visually-hidden"> « {series.title} »</span>
          </button>
        </div>
      </Form>
    </article>
  );
}
