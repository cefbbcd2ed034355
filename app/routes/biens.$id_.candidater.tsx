// An ESS structure (any member) applies to the open call of a published bien. The SIRET is
// checked with the API Recherche d'entreprises after saving; when it is down the application
// stays "non vérifié" and is checked again later.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { formatLocalDateTime } from "~/domain/time";
import { applicationFormSchema } from "~/forms/premises";
import { listMembershipsOf, submitApplication } from "~/models/premises-call.server";
import { getPublicPremises } from "~/models/premises.server";
import { verifyApplicationSiret } from "~/services/premises-checks.server";
import { requireCsrf } from "~/utils/csrf.server";
import { requireStructure } from "~/utils/premises-access.server";
import { requireUser } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Candidater — Biens vacants — Tiers-lieux partagés" }];

type ApplicationFormShape = {
  structure: string;
  siret: string;
  project: string;
  activity: string;
  peopleInvolved: number;
  desiredStart: string;
  durationMonths: number;
  maxRentEuros: number;
  maxRentCents: number;
  socialUtilityStatement: string;
};

async function loadOpenBien(id: string | undefined) {
  const bien = await getPublicPremises(db, id ?? "");
  if (!bien) throw new Response("Bien introuvable.", { status: 404 });
  return bien;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const bien = await loadOpenBien(params.id);
  const structures = await listMembershipsOf(db, user.id, "STRUCTURE");
  return json({ bien: { id: bien.id, title: bien.title, state: bien.state, callDeadline: bien.callDeadline }, structures });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireUser(request);
  const formData = await request.formData();
  await requireCsrf(request, formData);
  const access = await requireStructure(request, String(formData.get("structure") ?? ""));
  const bien = await loadOpenBien(params.id);
  const submission = parseWithZod(formData, { schema: applicationFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const now = new Date();
  const result = await submitApplication(db, {
    structureId: access.organization.id,
    userId: access.user.id,
    premisesId: bien.id,
    application: submission.value,
    attachments: [],
    at: now,
  });
  if (!result.ok) return json(submission.reply({ formErrors: result.messages }), { status: result.status === 404 ? 404 : 400 });
  await verifyApplicationSiret(db, result.applicationId, now);
  return redirect(`/organisations/${access.organization.slug}/candidatures`);
}

export default function ApplyToPremises() {
  const { bien, structures } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<ApplicationFormShape>({
    id: "candidature",
    lastResult,
    defaultValue: { structure: structures[0]?.slug },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: applicationFormSchema }) as unknown as Submission<ApplicationFormShape>,
  });
  const text = (field: typeof fields.siret, label: string, type: "text" | "number" | "date" = "text") => (
    <Field label={label} htmlFor={field.id} errorId={field.errorId} errors={field.errors}>
      <input {...getInputProps(field, { type })} />
    </Field>
  );
  const area = (field: typeof fields.project, label: string) => (
    <Field label={label} htmlFor={field.id} errorId={field.errorId} errors={field.errors}>
      <textarea {...getTextareaProps(field)} rows={6} />
    </Field>
  );
  return (
    <section aria-labelledby="candidater-title">
      <p>
        <Link to={`/biens/${bien.id}`}>← {bien.title}</Link>
      </p>
      <h1 id="candidater-title">Candidater pour « {bien.title} »</h1>
      {bien.callDeadline ? <p>Date limite : {formatLocalDateTime(bien.callDeadline)} (heure de Paris).</p> : null}
      {structures.length === 0 ? (
        <p>Seuls les membres d'une structure de l'ESS inscrite peuvent candidater.</p>
      ) : (
        <Form method="post" className="form form-wide" {...getFormProps(form)}>
          <AuthenticityTokenInput />
          <FormError id={form.errorId} errors={form.errors} />
          <Field label="Structure candidate" htmlFor={fields.structure.id} errorId={fields.structure.errorId} errors={fields.structure.errors}>
            <select {...getSelectProps(fields.structure)}>
              {structures.map((structure) => (
                <option key={structure.slug} value={structure.slug}>
                  {structure.name}
                </option>
              ))}
            </select>
          </Field>
          {text(fields.siret, "SIRET de la structure (14 chiffres)")}
          {area(fields.project, "Présentation du projet")}
          {text(fields.activity, "Activité prévue dans le bien")}
          {text(fields.peopleInvolved as unknown as typeof fields.siret, "Nombre de personnes impliquées", "number")}
          {text(fields.desiredStart, "Date de début souhaitée", "date")}
          {text(fields.durationMonths as unknown as typeof fields.siret, "Durée souhaitée (mois)", "number")}
          <Field label="Redevance mensuelle maximale (€)" htmlFor={fields.maxRentEuros.id} errorId={fields.maxRentCents.errorId} errors={fields.maxRentCents.errors}>
            <input {...getInputProps(fields.maxRentEuros, { type: "number" })} step="0.01" min={0} aria-describedby={fields.maxRentCents.errorId} />
          </Field>
          {area(fields.socialUtilityStatement, "Déclaration d'utilité sociale (200 caractères au moins)")}
          <button type="submit">Déposer la candidature</button>
        </Form>
      )}
    </section>
  );
}
