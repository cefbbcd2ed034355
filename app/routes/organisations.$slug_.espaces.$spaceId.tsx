import {
  getCollectionProps,
  getFieldsetProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorList, Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import {
  formatDurationFr,
  formatLocalDateRangeFr,
  ISO_WEEKDAYS,
  SLOT_MINUTES_CHOICES,
  WEEKDAY_LABELS_FR,
} from "~/domain/space-rules";
import {
  closureFormSchema,
  hasListFieldName,
  OPENING_ROW_KEYS,
  OPENING_ROWS_PER_DAY,
  publicHolidaysFormSchema,
  SPACE_KIND_LABELS,
  SPACE_KINDS,
  spaceFormDefaultValue,
  spaceSchema,
  type SpaceFormFields,
  type SpaceInput,
  type SpaceKind,
} from "~/forms/space";
import { requireSpacesAccess } from "~/models/site.server";
import { editSpaceTellingNeeds } from "~/models/premises-need.server";
import { addClosure, addPublicHolidayClosures, getSpace, removeClosure, updateSpace } from "~/models/space.server";
import { requireOrgRole } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.space.name ?? "Espace"} — Tiers-lieux partagés` },
];

const spaceNotFound = () => new Response("Espace introuvable.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireSpacesAccess(access, "manage");
  const space = await getSpace(db, { organizationId: access.organization.id, spaceId: params.spaceId ?? "" });
  if (!space) throw spaceNotFound();
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    space,
    currentYear: DateTime.now().setZone("Europe/Paris").year,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireSpacesAccess(access, "manage");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  if (hasListFieldName(formData)) throw new Response("Formulaire invalide.", { status: 400 });
  const organizationId = access.organization.id;
  const spaceId = params.spaceId ?? "";
  const spacePath = `/organisations/${access.organization.slug}/espaces/${spaceId}`;
  const intent = formData.get("intent");

  if (intent === "update-space") {
    const submission = parseWithZod(formData, { schema: spaceSchema });
    if (submission.status !== "success") return json({ ...submission.reply(), formName: intent }, { status: 400 });
    // The needs the space fits only after this edit are told.
    const edited = await editSpaceTellingNeeds(db, spaceId, (tx) => updateSpace(tx, { organizationId, spaceId, space: submission.value }));
    if (!edited) throw spaceNotFound();
    return redirect(`${spacePath}?statut=enregistre`);
  }
  if (intent === "add-closure") {
    const submission = parseWithZod(formData, { schema: closureFormSchema });
    if (submission.status !== "success") return json({ ...submission.reply(), formName: intent }, { status: 400 });
    if (!(await addClosure(db, { organizationId, spaceId, closure: submission.value }))) throw spaceNotFound();
    return redirect(`${spacePath}?statut=fermeture-ajoutee#fermetures`);
  }
  if (intent === "remove-closure") {
    const closureId = formData.get("closureId");
    if (typeof closureId !== "string" || closureId === "") throw new Response("Fermeture introuvable.", { status: 404 });
    if (!(await removeClosure(db, { organizationId, spaceId, closureId }))) {
      throw new Response("Fermeture introuvable.", { status: 404 });
    }
    return redirect(`${spacePath}?statut=fermeture-supprimee#fermetures`);
  }
  if (intent === "add-holidays") {
    const submission = parseWithZod(formData, { schema: publicHolidaysFormSchema });
    if (submission.status !== "success") return json({ ...submission.reply(), formName: intent }, { status: 400 });
    const { year } = submission.value;
    const result = await addPublicHolidayClosures(db, { organizationId, spaceId, year });
    if (!result) throw spaceNotFound();
    return redirect(`${spacePath}?statut=feries&annee=${year}&ajoutes=${result.added}#fermetures`);
  }
  throw new Response("Action inconnue.", { status: 400 });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The notice after a redirect (the numbers are read strictly: the URL is user input). */
function statusMessage(params: URLSearchParams): string | null {
  switch (params.get("statut")) {
    case "cree":
      return "L'espace est créé. Il reste fermé tant qu'il n'a pas d'horaires d'ouverture : réglez-les ci-dessous.";
    case "enregistre":
      return "Les modifications de l'espace sont enregistrées.";
    case "fermeture-ajoutee":
      return "La fermeture est ajoutée.";
    case "fermeture-supprimee":
      return "La fermeture est supprimée.";
    case "feries": {
      const year = params.get("annee") ?? "";
      const added = params.get("ajoutes") ?? "";
      if (!/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(added)) return null;
      const count = Number(added);
      if (count === 0) return `Les jours fériés ${year} étaient déjà tous dans les fermetures : rien n'a été ajouté.`;
      return `Jours fériés ${year} : ${count} ${count > 1 ? "fermetures ajoutées" : "fermeture ajoutée"}.`;
    }
    default:
      return null;
  }
}

export default function SpacePage() {
  const { organization, space, currentYear } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  // The notice of the previous redirect, not above the errors of a new submission.
  const notice = actionData ? null : statusMessage(searchParams);
  const base = `/organisations/${organization.slug}`;
  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › <Link to={`${base}/sites`}>Sites et espaces</Link> ›{" "}
        <Link to={`${base}/sites/${space.site.id}`}>{space.site.name}</Link> › {space.name}
      </nav>
      <h1>{space.name}</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {/* Remounted after each save so the inputs show what is stored (normalised hours…). */}
      <SpaceForm key={space.updatedAt} space={space} />
      <Closures key={space.closures.map((c) => c.id).join()} space={space} currentYear={currentYear} />
    </>
  );
}

function SpaceForm({ space }: { space: LoaderData["space"] }) {
  const actionData = useActionData<typeof action>();
  const defaultValue = spaceFormDefaultValue(space);
  const [form, fields] = useForm<SpaceFormFields, SpaceInput>({
    id: "espace",
    lastResult: actionData?.formName === "update-space" ? actionData : undefined,
    constraint: getZodConstraint(spaceSchema),
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: spaceSchema }),
  });
  const hours = fields.openingHours.getFieldset();
  const rules = fields.rules.getFieldset();
  return (
    <Form method="post" className="form form-wide" {...getFormProps(form)}>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="update-space" />
      <FormError id={form.errorId} errors={form.errors} />
      {form.allErrors && Object.keys(form.allErrors).length > 0 ? (
        <p className="form-error" role="alert">
          Le formulaire contient des erreurs : elles sont indiquées à côté de chaque champ concerné.
        </p>
      ) : null}

      <h2>Description</h2>
      <Field label="Nom de l'espace" htmlFor={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
        <input {...getInputProps(fields.name, { type: "text" })} />
      </Field>
      <fieldset className="field" {...getFieldsetProps(fields.kind)}>
        <legend>Type d'espace</legend>
        {getCollectionProps(fields.kind, { type: "radio", options: [...SPACE_KINDS] }).map(({ key, ...props }) => (
          <div key={key}>
            <input {...props} /> <label htmlFor={props.id}>{SPACE_KIND_LABELS[props.value as SpaceKind]}</label>
          </div>
        ))}
        <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      </fieldset>
      <NumberField meta={fields.capacity} label="Capacité (personnes)" />
      <NumberField
        meta={fields.seats}
        label="Nombre de postes (open space)"
        hint="Pour un open space seulement : postes réservables séparément, au plus la capacité. Ignoré pour une salle."
      />
      <Checkbox meta={fields.accessible} label="Accessible aux personnes à mobilité réduite" />
      <Field
        label="Description (facultatif)"
        htmlFor={fields.description.id}
        errorId={fields.description.errorId}
        errors={fields.description.errors}
      >
        <textarea {...getTextareaProps(fields.description)} rows={3} />
      </Field>
      <Field
        label="Équipements (facultatif)"
        htmlFor={fields.equipment.id}
        hint="Un équipement par ligne, par exemple « Vidéoprojecteur »."
        hintId={fields.equipment.descriptionId}
        errorId={fields.equipment.errorId}
        errors={fields.equipment.errors}
      >
        <textarea {...getTextareaProps(fields.equipment, { ariaDescribedBy: fields.equipment.descriptionId })} rows={5} />
      </Field>

      <h2 id="horaires-titre">Horaires d'ouverture</h2>
      <p className="hint" id="horaires-aide">
        Jusqu'à {OPENING_ROWS_PER_DAY} plages par jour, heures de Paris. Laissez une plage vide pour l'ignorer ; un jour sans
        plage est fermé. Une fermeture à 00:00 signifie minuit, en fin de journée.
      </p>
      {space.openingHours === null ? (
        <p className="notice">Les horaires enregistrés pour cet espace étaient illisibles : saisissez-les à nouveau.</p>
      ) : null}
      {ISO_WEEKDAYS.map((day) => {
        const dayMeta = hours[day];
        const rows = dayMeta.getFieldset();
        const rowKeys = OPENING_ROW_KEYS.filter((key) => key in defaultValue.openingHours[`${day}`]);
        const fieldsetProps = getFieldsetProps(dayMeta, { ariaDescribedBy: "horaires-aide" });
        return (
          <fieldset key={day} className="field" {...fieldsetProps}>
            <legend>{WEEKDAY_LABELS_FR[day - 1]}</legend>
            {rowKeys.map((key) => {
              const { open, close } = rows[key].getFieldset();
              const n = Number(key) + 1;
              return (
                <div key={key} style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1.5rem", alignItems: "start" }}>
                  <div className="field">
                    <label htmlFor={open.id}>Ouverture {n}</label>
                    <input {...getInputProps(open, { type: "time" })} />
                    <ErrorList id={open.errorId} errors={open.errors} />
                  </div>
                  <div className="field">
                    <label htmlFor={close.id}>Fermeture {n}</label>
                    <input {...getInputProps(close, { type: "time" })} />
                    <ErrorList id={close.errorId} errors={close.errors} />
                  </div>
                </div>
              );
            })}
            <ErrorList id={dayMeta.errorId} errors={dayMeta.errors} />
          </fieldset>
        );
      })}

      <h2>Règles de réservation</h2>
      <Field
        label="Granularité des créneaux"
        htmlFor={rules.slotMinutes.id}
        hint="Les réservations commencent et finissent sur ces tranches, comptées à partir de minuit."
        hintId={rules.slotMinutes.descriptionId}
        errorId={rules.slotMinutes.errorId}
        errors={rules.slotMinutes.errors}
      >
        <select {...getSelectProps(rules.slotMinutes, { ariaDescribedBy: rules.slotMinutes.descriptionId })} required>
          {SLOT_MINUTES_CHOICES.map((minutes) => (
            <option key={minutes} value={minutes}>
              {formatDurationFr(minutes)}
            </option>
          ))}
        </select>
      </Field>
      <NumberField meta={rules.minDurationMinutes} label="Durée minimale (minutes)" hint="Un multiple de la granularité." required />
      <NumberField
        meta={rules.maxDurationMinutes}
        label="Durée maximale (minutes)"
        hint="Un multiple de la granularité ; 480 = 8 h, 1440 = 1 jour."
        required
      />
      <NumberField
        meta={rules.bufferMinutes}
        label="Marge entre deux réservations (minutes)"
        hint="Temps laissé libre avant et après chaque réservation (ménage, installation)."
        required
      />
      <NumberField
        meta={rules.minNoticeMinutes}
        label="Délai de prévenance (minutes)"
        hint="Combien de temps à l'avance il faut réserver au minimum ; 60 = 1 h, 1440 = 1 jour."
        required
      />
      <NumberField
        meta={rules.horizonDays}
        label="Horizon de réservation (jours)"
        hint="Jusqu'à combien de jours à l'avance on peut réserver."
        required
      />
      <Checkbox
        meta={rules.requiresApproval}
        label="Chaque réservation doit être validée par un·e gestionnaire"
      />
      <NumberField
        meta={rules.cancellationDeadlineHours}
        label="Délai d'annulation (heures)"
        hint="Une annulation moins de ce nombre d'heures avant le début est une annulation tardive."
        required
      />
      <div>
        <button type="submit">Enregistrer l'espace</button>
      </div>
    </Form>
  );
}

function NumberField({
  meta,
  label,
  hint,
  required,
}: {
  meta: FieldMetadata<number | undefined>;
  label: string;
  hint?: string;
  required?: boolean;
}) {
  const describedBy = hint ? meta.descriptionId : undefined;
  return (
    <Field label={label} htmlFor={meta.id} hint={hint} hintId={describedBy} errorId={meta.errorId} errors={meta.errors}>
      <input {...getInputProps(meta, { type: "number", ariaDescribedBy: describedBy })} required={required || undefined} />
    </Field>
  );
}

function Checkbox({ meta, label }: { meta: FieldMetadata<boolean | undefined>; label: string }) {
  return (
    <div className="field">
      <div>
        <input {...getInputProps(meta, { type: "checkbox" })} /> <label htmlFor={meta.id}>{label}</label>
      </div>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

function Closures({ space, currentYear }: { space: LoaderData["space"]; currentYear: number }) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "fermeture",
    lastResult: actionData?.formName === "add-closure" ? actionData : undefined,
    constraint: getZodConstraint(closureFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: closureFormSchema }),
  });
  const holidaysError = actionData?.formName === "add-holidays" ? Object.values(actionData.error ?? {}).flatMap((errors) => errors ?? []) : null;
  return (
    <section id="fermetures" aria-labelledby="fermetures-titre">
      <h2 id="fermetures-titre">Fermetures</h2>
      <p>Dates (incluses) où l'espace ne peut pas être réservé : jours fériés, congés, travaux.</p>
      {space.closures.length === 0 ? (
        <p>Aucune fermeture.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Fermetures de {space.name}</caption>
          <thead>
            <tr>
              <th scope="col">Dates</th>
              <th scope="col">Motif</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {space.closures.map((closure) => {
              const dates = formatLocalDateRangeFr(closure.startsOn, closure.endsOn);
              return (
                <tr key={closure.id}>
                  <td>{dates.charAt(0).toUpperCase() + dates.slice(1)}</td>
                  <td>{closure.reason}</td>
                  <td>
                    <Form method="post">
                      <AuthenticityTokenInput />
                      <input type="hidden" name="intent" value="remove-closure" />
                      <input type="hidden" name="closureId" value={closure.id} />
                      <button type="submit" className="button-secondary">
                        Supprimer<span className="visually-hidden"> la fermeture {dates} ({closure.reason})</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h3>Ajouter une fermeture</h3>
      <Form method="post" className="form" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="add-closure" />
        <FormError id={form.errorId} errors={form.errors} />
        <Field label="Premier jour de fermeture" htmlFor={fields.startsOn.id} errorId={fields.startsOn.errorId} errors={fields.startsOn.errors}>
          <input {...getInputProps(fields.startsOn, { type: "date" })} />
        </Field>
        <Field
          label="Dernier jour de fermeture (inclus)"
          htmlFor={fields.endsOn.id}
          errorId={fields.endsOn.errorId}
          errors={fields.endsOn.errors}
        >
          <input {...getInputProps(fields.endsOn, { type: "date" })} />
        </Field>
        <Field
          label="Motif"
          htmlFor={fields.reason.id}
          hint="Affiché aux membres, par exemple « Travaux » ou « Congés d'été »."
          hintId={fields.reason.descriptionId}
          errorId={fields.reason.errorId}
          errors={fields.reason.errors}
        >
          <input {...getInputProps(fields.reason, { type: "text", ariaDescribedBy: fields.reason.descriptionId })} />
        </Field>
        <div>
          <button type="submit">Ajouter la fermeture</button>
        </div>
      </Form>

      <h3>Jours fériés</h3>
      <p>Ajoute les 11 jours fériés nationaux de l'année comme fermetures d'un jour ; ceux déjà présents ne sont pas ajoutés deux fois.</p>
      <Form method="post">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="add-holidays" />
        <FormError errors={holidaysError} />
        <p style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
          {[currentYear, currentYear + 1].map((year) => (
            <button key={year} type="submit" name="year" value={year} className="button-secondary">
              Ajouter les jours fériés {year}
            </button>
          ))}
        </p>
      </Form>
    </section>
  );
}
