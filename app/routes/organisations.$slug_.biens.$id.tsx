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
import {
  applyPremisesEvent,
  findOrganizationPremises,
  findPremisesSite,
  openPremisesToBooking,
  toHistoryEntries,
  toPremisesRecord,
} from "~/models/premises.server";
import { needsMatchingPremises, notifyNeedsMatchingNewSpace, notifyNewMatchesForPremises } from "~/models/premises-need.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
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
    site: await findPremisesSite(db, bien.id),
    // The open needs this bien fits, while it can still be offered (draft or open call).
    needs:
      bien.state === "DRAFT" || bien.state === "PUBLISHED"
        ? ((await needsMatchingPremises(db, access.organization.id, bien.id)) ?? []).map(({ need, reasons }) => ({
            id: need.id,
            structureName: need.structureName,
            reasons,
          }))
        : [],
    history: toHistoryEntries(bien.history).map(describeHistoryEntry),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const formData = await readFormData(request);
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
  if (formData.get("intent") === "OPEN_BOOKING") {
    const opened = await openPremisesToBooking(db, { organizationId: access.organization.id, premisesId });
    if (!opened.ok) {
      if (opened.status === 404) throw new Response(opened.message, { status: 404 });
      return json({ form: "booking" as const, result: null, message: opened.message }, { status: opened.status });
    }
    if (opened.created) await notifyNeedsMatchingNewSpace(db, opened.spaceId);
    return redirect(`${back}#reservation`);
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

/** Whether a row's field holds something (conform gives strings, or nothing for a blank field). */
function filled(value: unknown): boolean {
  return typeof value === "string" ? value.trim() !== "" : value !== undefined && value !== null;
}

/** The positions of the rows that count, in the form's current value of a list of rows. */
function rowsFilledIn<Row>(value: unknown, counts: (row: Row | undefined) => boolean): number[] {
  return Array.isArray(value) ? (value as Array<Row | undefined>).flatMap((row, index) => (counts(row ?? undefined) ? [index] : [])) : [];
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
  const initial = useLoaderData<typeof loader>().call;
  // callFormSchema numbers the rows filled in, skipping blank ones; each message goes back beside
  // the row it came from. Read by name: the field lists follow the initial value, so a new call
  // has no row metadata.
  const criterionRows = rowsFilledIn<{ label?: unknown; weight?: unknown }>(fields.criteria.value, (row) => filled(row?.label) || filled(row?.weight));
  const documentRows = rowsFilledIn<{ label?: unknown }>(fields.requiredDocuments.value, (row) => filled(row?.label));
  const criterionErrors = (row: number, key: "label" | "weight") => {
    const position = criterionRows.indexOf(row);
    return position === -1 ? undefined : fields.criteria.allErrors[`${fields.criteria.name}[${position}].${key}`];
  };
  const documentErrors = (row: number) => {
    const position = documentRows.indexOf(row);
    return position === -1 ? undefined : fields.requiredDocuments.allErrors[`${fields.requiredDocuments.name}[${position}].label`];
  };
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
          const criterion = initial?.criteria[index];
          const labelErrors = criterionErrors(index, "label");
          const weightErrors = criterionErrors(index, "weight");
          return (
            <div key={index} className="field-row">
              <label htmlFor={`critere-${index}-label`}>Critère {index + 1}</label>
              <input
                id={`critere-${index}-label`}
                name={`criteria[${index}].label`}
                defaultValue={criterion?.label ?? ""}
                aria-invalid={labelErrors ? true : undefined}
                aria-describedby={labelErrors ? `critere-${index}-label-erreur` : undefined}
              />
              <ErrorList id={`critere-${index}-label-erreur`} errors={labelErrors} />
              <label htmlFor={`critere-${index}-poids`}>Pondération du critère {index + 1} (%)</label>
              <input
                id={`critere-${index}-poids`}
                name={`criteria[${index}].weight`}
                type="number"
                min={1}
                max={100}
                defaultValue={criterion?.weight ?? ""}
                aria-invalid={weightErrors ? true : undefined}
                aria-describedby={weightErrors ? `critere-${index}-poids-erreur` : undefined}
              />
              <ErrorList id={`critere-${index}-poids-erreur`} errors={weightErrors} />
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>Documents à fournir (facultatif)</legend>
        {Array.from({ length: CALL_FORM_ROWS }, (_, index) => {
          const errors = documentErrors(index);
          return (
            <div key={index} className="field">
              <label htmlFor={`document-${index}`}>Document {index + 1}</label>
              <input
                id={`document-${index}`}
                name={`requiredDocuments[${index}].label`}
                defaultValue={initial?.requiredDocuments[index]?.label ?? ""}
                aria-invalid={errors ? true : undefined}
                aria-describedby={errors ? `document-${index}-erreur` : undefined}
              />
              <ErrorList id={`document-${index}-erreur`} errors={errors} />
            </div>
          );
        })}
      </fieldset>
      <button type="submit">Enregistrer l'appel à candidatures</button>
    </Form>
  );
}

export default function ManagerPremisesPage() {
  const { organization, bien, call, callWarnings, events, history, site, needs } = useLoaderData<typeof loader>();
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

      {bien.state === "OCCUPIED" || site ? (
        <section aria-labelledby="reservation-title" id="reservation">
          <h2 id="reservation-title">Réservation par l'occupant</h2>
          {actionData?.form === "booking" && actionData.message ? <FormError id="reservation-erreur" errors={[actionData.message]} /> : null}
          {site ? (
            <p>
              Ce bien est un site réservable géré par {site.organization.name} :{" "}
              <Link to={`/sites/${site.id}/semaine`}>Voir le site réservable « {site.name} »</Link>
            </p>
          ) : (
            <Form method="post" className="form">
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="OPEN_BOOKING" />
              <p>
                L'occupant pourra faire réserver ce bien comme un site : un espace est créé d'après la surface et le type du bien,
                ouvert du lundi au vendredi de 9 h à 18 h.
              </p>
              <button type="submit">Ouvrir à la réservation</button>
            </Form>
          )}
        </section>
      ) : null}

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

      {bien.state === "DRAFT" || bien.state === "PUBLISHED" ? (
        <section aria-labelledby="besoins-title">
          <h2 id="besoins-title">Besoins de structures auxquels ce bien correspond</h2>
          {needs.length === 0 ? (
            <p>Aucun besoin ouvert ne correspond à ce bien.</p>
          ) : (
            <ul>
              {needs.map((need) => (
                <li key={need.id}>
                  {need.structureName}
                  <ul aria-label={`Pourquoi ce bien correspond au besoin de ${need.structureName}`}>
                    {need.reasons.map((reason) => (
                      <li key={reason.criterion}>{reason.message}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

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
