// A bien for its asset managers: summary, photos, call for applications, lifecycle actions and
// the history of its transitions (who and when).
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorList, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { checkCallAgainstPremises } from "~/domain/calls";
import {
  allowedEvents,
  describeHistoryEntry,
  formatSurface,
  PREMISES_EVENT_LABELS,
  PREMISES_KIND_LABELS,
  PREMISES_STATE_LABELS,
  type PremisesEvent,
  type PremisesKind,
} from "~/domain/premises";
import { callFormSchema, CALL_FORM_ROWS, lifecycleFormSchema } from "~/forms/premises";
import { notifyApplicantsOfWithdrawal, saveCall, toCall } from "~/models/premises-call.server";
import { applyPremisesEvent, findOrganizationPremises, toHistoryEntries, toPremisesRecord } from "~/models/premises.server";
import { notifyNewMatchesForPremises } from "~/models/premises-need.server";
import { requireCsrf } from "~/utils/csrf.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.bien.title ?? "Bien"} — Tiers-lieux partagés` }];

const GEOCODING_LABELS = { PENDING: "en attente (nouvel essai automatique)", OK: "géocodée", FAILED: "adresse non trouvée par la Base adresse nationale" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const bien = await findOrganizationPremises(db, access.organization.id, params.id ?? "");
  if (!bien) throw new Response("Bien introuvable.", { status: 404 });
  const call = bien.call ? toCall(bien.call) : null;
  return json({
    organization: access.organization,
    bien: {
      id: bien.id,
      title: bien.title,
      kind: bien.kind as PremisesKind,
      state: bien.state,
      address: `${bien.addressLine}, ${bien.postalCode} ${bien.commune}`,
      surfaceM2: bien.surfaceM2,
      geocodingStatus: bien.geocodingStatus,
      inseeCode: bien.inseeCode,
      photos: bien.photos.map((photo) => ({ id: photo.id, alt: photo.alt })),
    },
    call,
    callWarnings: call ? checkCallAgainstPremises(call, toPremisesRecord(bien)) : [],
    events: allowedEvents(bien.state).filter((event) => event !== "ATTRIBUTE"),
    history: toHistoryEntries(bien.history).map(describeHistoryEntry),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const formData = await request.formData();
  await requireCsrf(request, formData);
  const premisesId = params.id ?? "";
  const back = `/organisations/${access.organization.slug}/biens/${premisesId}`;
  if (formData.get("intent") === "call") {
    const submission = parseWithZod(formData, { schema: callFormSchema });
    if (submission.status !== "success") return json({ form: "call" as const, result: submission.reply(), message: null }, { status: 400 });
    const saved = await saveCall(db, access.organization.id, premisesId, submission.value);
    if (!saved.ok) {
      if (saved.status === 404) throw new Response(saved.message, { status: 404 });
      return json({ form: "call" as const, result: submission.reply({ formErrors: [saved.message] }), message: null }, { status: 400 });
    }
    return redirect(back);
  }
  const parsed = lifecycleFormSchema.safeParse({
    intent: formData.get("intent"),
    early: formData.get("early") === "on",
    reason: formData.get("reason") ?? undefined,
    conventionSignedOn: formData.get("conventionSignedOn") ?? undefined,
  });
  if (!parsed.success) return json({ form: "lifecycle" as const, result: null, message: "Action inconnue." }, { status: 400 });
  const input = parsed.data;
  const event: PremisesEvent =
    input.intent === "CLOSE_CALL"
      ? { type: "CLOSE_CALL", early: input.early, reason: input.reason }
      : input.intent === "START_OCCUPATION"
        ? { type: "START_OCCUPATION", conventionSignedOn: input.conventionSignedOn }
        : input.intent === "PUBLISH"
          ? { type: "PUBLISH" }
          : { type: input.intent, reason: input.reason };
  const now = new Date();
  const outcome = await applyPremisesEvent(
    db,
    { organizationId: access.organization.id, premisesId, event, actor: { id: access.user.id, name: access.user.name }, at: now },
    event.type === "WITHDRAW" ? (tx) => notifyApplicantsOfWithdrawal(tx, premisesId, event.reason?.trim() || null) : undefined,
  );
  if (!outcome.ok) {
    if (outcome.status === 404) throw new Response(outcome.message, { status: 404 });
    return json({ form: "lifecycle" as const, result: null, message: outcome.message }, { status: outcome.status });
  }
  if (outcome.state === "PUBLISHED") await notifyNewMatchesForPremises(db, premisesId, now);
  return redirect(back);
}

type CallFormShape = { deadline: string; criteria: Array<{ label: string; weight: number }>; requiredDocuments: Array<{ label: string }> };

function CallForm({ call, lastResult }: { call: { deadline: string } | null; lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm<CallFormShape>({
    id: "appel",
    lastResult,
    defaultValue: call ? { deadline: call.deadline } : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: callFormSchema }),
  });
  const criteria = fields.criteria.getFieldList();
  const documents = fields.requiredDocuments.getFieldList();
  const initial = useLoaderData<typeof loader>().call;
  return (
    <Form method="post" className="form form-wide" {...getFormProps(form)}>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="call" />
      <FormError id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.deadline.id}>Date limite de candidature (heure de Paris)</label>
        <input {...getInputProps(fields.deadline, { type: "datetime-local" })} />
        <ErrorList id={fields.deadline.errorId} errors={fields.deadline.errors} />
      </div>
      <fieldset>
        <legend>Critères de sélection (pondérations en %, total 100)</legend>
        <ErrorList id={fields.criteria.errorId} errors={fields.criteria.errors} />
        {Array.from({ length: CALL_FORM_ROWS }, (_, index) => {
          const row = criteria[index]?.getFieldset();
          const criterion = initial?.criteria[index];
          return (
            <div key={index} className="field-row">
              <label htmlFor={`critere-${index}-label`}>Critère {index + 1}</label>
              <input id={`critere-${index}-label`} name={`criteria[${index}].label`} defaultValue={criterion?.label ?? ""} />
              <ErrorList errors={row?.label.errors} />
              <label htmlFor={`critere-${index}-poids`}>Pondération du critère {index + 1} (%)</label>
              <input id={`critere-${index}-poids`} name={`criteria[${index}].weight`} type="number" min={1} max={100} defaultValue={criterion?.weight ?? ""} />
              <ErrorList errors={row?.weight.errors} />
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>Documents à fournir (facultatif)</legend>
        {Array.from({ length: CALL_FORM_ROWS }, (_, index) => (
          <div key={index} className="field">
            <label htmlFor={`document-${index}`}>Document {index + 1}</label>
            <input id={`document-${index}`} name={`requiredDocuments[${index}].label`} defaultValue={initial?.requiredDocuments[index]?.label ?? ""} />
            <ErrorList errors={documents[index]?.getFieldset().label.errors} />
          </div>
        ))}
      </fieldset>
      <button type="submit">Enregistrer l'appel à candidatures</button>
    </Form>
  );
}

export default function ManagerPremisesPage() {
  const { organization, bien, call, callWarnings, events, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/organisations/${organization.slug}/biens/${bien.id}`;
  return (
    <article aria-labelledby="bien-title">
      <p>
        <Link to={`/organisations/${organization.slug}/biens`}>← Biens de {organization.name}</Link>
      </p>
      <h1 id="bien-title">{bien.title}</h1>
      <p>
        {PREMISES_KIND_LABELS[bien.kind]} — {formatSurface(bien.surfaceM2)} — {bien.address}
      </p>
      <p>
        Étape : <strong>{PREMISES_STATE_LABELS[bien.state]}</strong>. Adresse : {GEOCODING_LABELS[bien.geocodingStatus]}
        {bien.inseeCode ? ` (code INSEE ${bien.inseeCode})` : ""}.
      </p>
      <p>
        <Link to={`${base}/modifier`}>Modifier le bien</Link>
        {" · "}
        <Link to={`${base}/candidatures`}>Candidatures, notation et décision</Link>
        {["ATTRIBUTED", "OCCUPIED", "ENDED"].includes(bien.state) ? (
          <>
            {" · "}
            <Link to={`${base}/convention`}>Convention d'occupation</Link>
          </>
        ) : null}
        {bien.state !== "DRAFT" && bien.state !== "WITHDRAWN" && bien.state !== "ENDED" ? (
          <>
            {" · "}
            <Link to={`/biens/${bien.id}`}>Page publique</Link>
          </>
        ) : null}
      </p>

      <section aria-labelledby="etapes-title">
        <h2 id="etapes-title">Changer d'étape</h2>
        {actionData?.form === "lifecycle" && actionData.message ? <FormError id="etape-erreur" errors={[actionData.message]} /> : null}
        {events.length === 0 ? <p>Aucune action possible à cette étape.</p> : null}
        {events.map((event) => (
          <Form method="post" key={event} className="form">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value={event} />
            <fieldset>
              <legend>{PREMISES_EVENT_LABELS[event]}</legend>
              {event === "CLOSE_CALL" ? (
                <div className="field">
                  <input type="checkbox" id="cloture-anticipee" name="early" />
                  <label htmlFor="cloture-anticipee">Clôture anticipée (avant la date limite)</label>
                </div>
              ) : null}
              {event === "CLOSE_CALL" || event === "WITHDRAW" || event === "END_OCCUPATION" ? (
                <div className="field">
                  <label htmlFor={`motif-${event}`}>Motif</label>
                  <textarea id={`motif-${event}`} name="reason" rows={2} />
                </div>
              ) : null}
              {event === "START_OCCUPATION" ? (
                <div className="field">
                  <label htmlFor="signature">Date de signature de la convention</label>
                  <input id="signature" type="date" name="conventionSignedOn" />
                </div>
              ) : null}
              <button type="submit">{PREMISES_EVENT_LABELS[event]}</button>
            </fieldset>
          </Form>
        ))}
      </section>

      <section aria-labelledby="appel-title">
        <h2 id="appel-title">Appel à candidatures</h2>
        {callWarnings.length > 0 ? (
          <ul>
            {callWarnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        ) : null}
        {bien.state === "DRAFT" || bien.state === "PUBLISHED" ? (
          <CallForm call={call} lastResult={actionData?.form === "call" ? actionData.result : undefined} />
        ) : call ? (
          <p>Date limite : {call.deadline.replace("T", " à ")} ; {call.criteria.map((c) => `${c.label} (${c.weight} %)`).join(", ")}.</p>
        ) : null}
      </section>

      <section aria-labelledby="photos-title" id="photos">
        <h2 id="photos-title">Photos</h2>
        <ul className="photos">
          {bien.photos.map((photo) => (
            <li key={photo.id}>
              <img src={`/organisations/${organization.slug}/biens/photos/${photo.id}`} alt={photo.alt} width={240} />
            </li>
          ))}
        </ul>
        <Form method="post" action={`${base}/photos`} encType="multipart/form-data" className="form">
          <AuthenticityTokenInput />
          <div className="field">
            <label htmlFor="photo">Photo (JPEG, PNG ou WebP, 5 Mo au plus)</label>
            <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required />
          </div>
          <div className="field">
            <label htmlFor="photo-alt">Description de la photo (texte alternatif)</label>
            <input id="photo-alt" name="alt" required maxLength={300} />
          </div>
          <button type="submit">Ajouter la photo</button>
        </Form>
      </section>

      <section aria-labelledby="historique-title">
        <h2 id="historique-title">Historique</h2>
        {history.length === 0 ? (
          <p>Aucun changement d'étape pour l'instant.</p>
        ) : (
          <ol>
            {history.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
