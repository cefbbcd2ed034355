// An ESS structure (any member) applies to the open call of a published bien, attaching the
// documents the call asks for (PDF, JPEG or PNG, 5 MB each, 10 files at most; multipart). The
// SIRET is checked with the API Recherche d'entreprises after saving; when it is down the
// application stays "non vérifié" and is checked again later.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorList, Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { missingDocuments } from "~/domain/calls";
import { formatLocalDateTime } from "~/domain/time";
import { applicationFormSchema, ATTACHMENT_FIELD_PREFIX, FREE_ATTACHMENT_FIELD, MAX_APPLICATION_FILES } from "~/forms/premises";
import { findCall, listMembershipsOf, submitApplication } from "~/models/premises-call.server";
import { getPublicPremises } from "~/models/premises.server";
import { verifyApplicationSiret } from "~/services/premises-checks.server";
import { parseAttachmentsUpload, removeStoredFile, storeAttachments } from "~/services/uploads.server";
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
  const call = await findCall(db, bien.id);
  return json({
    bien: { id: bien.id, title: bien.title, state: bien.state, callDeadline: bien.callDeadline },
    requiredDocuments: call?.requiredDocuments ?? [],
    structures,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireUser(request);
  let upload: Awaited<ReturnType<typeof parseAttachmentsUpload>>;
  try {
    upload = await parseAttachmentsUpload(request);
  } catch {
    return json({ status: "error" as const, error: { "": ["Envoyez la candidature avec le formulaire de candidature."] } }, { status: 400 });
  }
  const { formData, received, problems } = upload;
  await requireCsrf(request, formData);
  const access = await requireStructure(request, String(formData.get("structure") ?? ""));
  const bien = await loadOpenBien(params.id);
  const call = await findCall(db, bien.id);
  const submission = parseWithZod(formData, { schema: applicationFormSchema });

  // Each file answers the required document of its input, or none (free attachment).
  const documentIds = new Set((call?.requiredDocuments ?? []).map((document) => document.id));
  const files = received.map((file) => {
    const documentId = file.field.slice(ATTACHMENT_FIELD_PREFIX.length);
    return { ...file, documentId: documentIds.has(documentId) ? documentId : null };
  });
  const fieldErrors: Record<string, string[]> = { ...problems };
  for (const document of missingDocuments({ requiredDocuments: call?.requiredDocuments ?? [] }, files)) {
    const field = `${ATTACHMENT_FIELD_PREFIX}${document.id}`;
    fieldErrors[field] ??= [`Joignez « ${document.label} » (PDF, JPEG ou PNG).`];
  }
  if (submission.status !== "success" || Object.keys(fieldErrors).length > 0) {
    return json(submission.reply({ fieldErrors }), { status: 400 });
  }

  const now = new Date();
  const stored = await storeAttachments(files);
  let result: Awaited<ReturnType<typeof submitApplication>>;
  try {
    result = await submitApplication(db, {
      structureId: access.organization.id,
      userId: access.user.id,
      premisesId: bien.id,
      application: submission.value,
      attachments: stored.map((file, index) => ({ ...file, documentId: files[index].documentId })),
      at: now,
    });
  } catch (error) {
    await Promise.all(stored.map((file) => removeStoredFile(file.path)));
    throw error;
  }
  if (!result.ok) {
    await Promise.all(stored.map((file) => removeStoredFile(file.path)));
    return json(submission.reply({ formErrors: result.messages }), { status: result.status === 404 ? 404 : 400 });
  }
  await verifyApplicationSiret(db, result.applicationId, now);
  return redirect(`/organisations/${access.organization.slug}/candidatures`);
}

export default function ApplyToPremises() {
  const { bien, requiredDocuments, structures } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const fileErrors = (name: string) => (lastResult?.error as Record<string, string[] | null> | undefined)?.[name] ?? null;
  const [form, fields] = useForm<ApplicationFormShape>({
    id: "candidature",
    lastResult: lastResult as Parameters<typeof useForm<ApplicationFormShape>>[0]["lastResult"],
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
        <Form method="post" encType="multipart/form-data" className="form form-wide" {...getFormProps(form)}>
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
          <fieldset>
            <legend>Pièces jointes</legend>
            <p id="pieces-consignes">
              PDF, JPEG ou PNG, 5 Mo au plus par fichier, {MAX_APPLICATION_FILES} fichiers au plus.
            </p>
            {requiredDocuments.map((document) => {
              const name = `${ATTACHMENT_FIELD_PREFIX}${document.id}`;
              const errors = fileErrors(name);
              return (
                <div className="field" key={document.id}>
                  <label htmlFor={name}>{document.label} (obligatoire)</label>
                  <input
                    id={name}
                    name={name}
                    type="file"
                    accept="application/pdf,image/jpeg,image/png"
                    required
                    aria-invalid={errors ? true : undefined}
                    aria-describedby={errors ? `pieces-consignes ${name}-erreur` : "pieces-consignes"}
                  />
                  <ErrorList id={`${name}-erreur`} errors={errors} />
                </div>
              );
            })}
            <div className="field">
              <label htmlFor={FREE_ATTACHMENT_FIELD}>Autres documents (facultatif)</label>
              <input
                id={FREE_ATTACHMENT_FIELD}
                name={FREE_ATTACHMENT_FIELD}
                type="file"
                multiple
                accept="application/pdf,image/jpeg,image/png"
                aria-invalid={fileErrors(FREE_ATTACHMENT_FIELD) ? true : undefined}
                aria-describedby={fileErrors(FREE_ATTACHMENT_FIELD) ? `pieces-consignes ${FREE_ATTACHMENT_FIELD}-erreur` : "pieces-consignes"}
              />
              <ErrorList id={`${FREE_ATTACHMENT_FIELD}-erreur`} errors={fileErrors(FREE_ATTACHMENT_FIELD)} />
            </div>
          </fieldset>
          <button type="submit">Déposer la candidature</button>
        </Form>
      )}
    </section>
  );
}
