import { getCollectionProps, getFieldsetProps, getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { BlockedDatesList, ResubmitFields } from "~/components/booking";
import { ErrorList, Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { describeBlockedDate, describeRepetition, formatOccurrence } from "~/domain/booking-display";
import { formatEuros } from "~/domain/pricing";
import type { BookingQuote } from "~/domain/quote";
import { formatDurationFr } from "~/domain/space-rules";
import { instantToParis, localDate } from "~/domain/time";
import { WEEKDAY_CODES, type WeekdayCode } from "~/domain/recurrence";
import { bookingSchema, fieldOfModelError, hiddenFieldsOf, MAX_BOOKED_SEATS, type BookingFormValue } from "~/forms/booking";
import { hasListFieldName } from "~/forms/space";
import { createBooking, previewBooking, type Preview } from "~/models/booking.server";
import { quoteForBooking } from "~/models/booking-quote.server";
import { findBookableSpace, listBookableSpaces } from "~/models/bookable-space.server";
import type { SpaceForBooking } from "~/models/space-planning.server";
import { requireOrgRole } from "~/utils/auth.server";
import { requireCapability } from "~/utils/capabilities.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Nouvelle réservation — ${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

const SPACE_UNAVAILABLE = "Cet espace n'existe pas ou n'est plus réservable.";

type SiteOption = { id: string; name: string; spaces: Array<{ id: string; label: string }> };

function spaceLabel(space: SpaceForBooking): string {
  const kind = space.kind === "DESK_POOL" ? `open space, ${space.seats} postes` : `salle, ${space.capacity} personnes`;
  return `${space.name} (${kind}${space.rules.requiresApproval ? ", sur validation" : ""})`;
}

function sitesOf(spaces: SpaceForBooking[]): SiteOption[] {
  const sites = new Map<string, SiteOption>();
  for (const space of spaces) {
    const site = sites.get(space.siteId) ?? { id: space.siteId, name: space.siteName, spaces: [] };
    site.spaces.push({ id: space.id, label: spaceLabel(space) });
    sites.set(space.siteId, site);
  }
  return [...sites.values()];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireCapability(access, "book-spaces");
  const spaces = await listBookableSpaces(db, { organizationId: access.organization.id });
  const wanted = new URL(request.url).searchParams.get("espace");
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    sites: sitesOf(spaces),
    preselectedSpaceId: spaces.some((space) => space.id === wanted) ? wanted : null,
  });
}

/** The price as the preview shows it: the lines only for a one-off booking (a series shows its months). */
function priceView(quote: BookingQuote) {
  if (quote.status !== "PRICED") return { ...quote, line: null };
  const { lines, ...rest } = quote;
  return { ...rest, line: lines.length === 1 ? lines[0] : null };
}

/** What the preview shows: every date to be booked, every date that cannot be and why, and the price. */
function previewView(
  preview: Extract<Preview, { ok: true }>,
  value: BookingFormValue,
  hiddenFields: Array<[string, string]>,
  notice: string | null,
  quote: BookingQuote,
) {
  const { space, plan, bookable, blocked } = preview;
  const labels = bookable.map((occurrence) => formatOccurrence(occurrence.localStart, occurrence.localEnd));
  return {
    notice,
    title: value.title,
    spaceName: space.name,
    siteName: space.siteName,
    deskPoolSeats: space.kind === "DESK_POOL" ? value.request.seats : null,
    requiresApproval: space.rules.requiresApproval,
    repetition: describeRepetition(value.request.rrule, value.request.localStart),
    bookable: labels,
    blocked: blocked.map(describeBlockedDate),
    continuesBeyondHorizon: plan.continuesBeyondHorizon,
    horizonDays: space.rules.horizonDays,
    price: priceView(quote),
    hiddenFields,
  };
}


export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireCapability(access, "book-spaces");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  // Our lists are repeated names, never indexed ones: a forged "skip[999999999]" is refused.
  if (hasListFieldName(formData)) throw new Response("Formulaire invalide.", { status: 400 });
  const submission = parseWithZod(formData, { schema: bookingSchema });
  if (submission.status !== "success") return json({ ...submission.reply(), preview: null }, { status: 400 });

  const value = submission.value;
  const refuse = (error: { field: "start" | "end" | "seats" | "space"; message: string }) =>
    json({ ...submission.reply({ fieldErrors: { [fieldOfModelError(error.field) ?? ""]: [error.message] } }), preview: null }, { status: 400 });
  if (!(await findBookableSpace(db, { organizationId: access.organization.id, spaceId: value.spaceId }))) return refuse({ field: "space", message: SPACE_UNAVAILABLE });

  const now = new Date();
  let notice: string | null = null;
  if (value.intent === "confirmer") {
    const result = await createBooking(db, {
      spaceId: value.spaceId,
      organizationId: access.organization.id,
      createdById: access.user.id,
      title: value.title,
      request: value.request,
      skip: { recurrenceIds: value.skip },
      now,
    });
    if (result.ok) return redirect(`/organisations/${access.organization.slug}/reservations/${result.seriesId}?cree=1`);
    if (result.reason === "INVALID") return refuse(result.error);
    // Dates were taken since the preview the user confirmed: nothing is written, show it again.
    notice =
      result.reason === "NOTHING_TO_BOOK"
        ? "Depuis votre aperçu, toutes les dates sont devenues indisponibles : rien n'a été réservé."
        : "Depuis votre aperçu, d'autres dates sont devenues indisponibles : rien n'a été réservé. Vérifiez la liste ci-dessous avant de confirmer.";
  }
  const preview = await previewBooking(db, { spaceId: value.spaceId, request: value.request, now });
  if (!preview.ok) return refuse(preview.error);
  const quote = await quoteForBooking(db, {
    spaceId: value.spaceId,
    organizationId: access.organization.id,
    occurrences: preview.bookable,
    seats: value.request.seats,
    today: localDate(instantToParis(now)),
  });
  const hiddenFields = hiddenFieldsOf(submission.payload, ["csrf", "intent", "skip"]);
  return json(
    { ...submission.reply(), preview: previewView(preview, value, hiddenFields, notice, quote) },
    { status: notice ? 409 : 200 },
  );
}

const POSITION_LABELS: Array<[string, string]> = [
  ["1", "1er"],
  ["2", "2e"],
  ["3", "3e"],
  ["4", "4e"],
  ["-1", "dernier"],
];
const WEEKDAY_LABELS: Record<WeekdayCode, string> = {
  MO: "lundi",
  TU: "mardi",
  WE: "mercredi",
  TH: "jeudi",
  FR: "vendredi",
  SA: "samedi",
  SU: "dimanche",
};
const DAYS_OF_MONTH = Array.from({ length: 31 }, (_, index) => index + 1);

type PreviewData = NonNullable<NonNullable<ReturnType<typeof useActionData<typeof action>>>["preview"]>;

export default function NewBookingPage() {
  const { organization, sites, preselectedSpaceId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "reservation",
    lastResult: actionData,
    constraint: getZodConstraint(bookingSchema),
    defaultValue: {
      spaceId: preselectedSpaceId ?? "",
      seats: "1",
      recurrence: { frequency: "NONE", interval: "1", end: { kind: "count", count: "10" } },
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bookingSchema }),
  });
  const recurrence = fields.recurrence.getFieldset();
  const end = recurrence.end.getFieldset();
  const base = `/organisations/${organization.slug}`;
  // Collection props give each radio its own id (and label); indexed by value to lay them out freely.
  const radios = (meta: Parameters<typeof getCollectionProps>[0], options: string[]) =>
    Object.fromEntries(getCollectionProps(meta, { type: "radio", options }).map(({ key: _key, ...props }) => [props.value, props]));
  const frequencyRadios = radios(recurrence.frequency, ["NONE", "WEEKLY", "MONTHLY_BY_POSITION", "MONTHLY_BY_DAY"]);
  const endKindRadios = radios(end.kind, ["count", "until"]);
  const frequencyRadio = (value: string) => frequencyRadios[value];
  const endKindRadio = (value: string) => endKindRadios[value];

  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › <Link to={`${base}/reservations`}>Réservations</Link> › Nouvelle réservation
      </nav>
      <h1>Nouvelle réservation</h1>
      {actionData?.preview ? <BookingPreview preview={actionData.preview} cancelTo={`${base}/reservations`} /> : null}

      <Form method="post" className="form form-wide" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <FormError id={form.errorId} errors={form.errors} />
        {actionData?.preview ? <h2>Modifier la demande</h2> : null}
        <Field label="Espace" htmlFor={fields.spaceId.id} errorId={fields.spaceId.errorId} errors={fields.spaceId.errors}>
          <select {...getSelectProps(fields.spaceId)}>
            <option value="">Choisissez un espace</option>
            {sites.map((site) => (
              <optgroup key={site.id} label={site.name}>
                {site.spaces.map((space) => (
                  <option key={space.id} value={space.id}>
                    {space.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field
          label="Objet de la réservation"
          htmlFor={fields.title.id}
          hint="Par exemple « Atelier numérique » ou « Conseil d'administration »."
          hintId={`${fields.title.id}-hint`}
          errorId={fields.title.errorId}
          errors={fields.title.errors}
        >
          <input {...getInputProps(fields.title, { type: "text" })} aria-describedby={describedBy(`${fields.title.id}-hint`, fields.title)} />
        </Field>
        <Field label="Date" htmlFor={fields.date.id} errorId={fields.date.errorId} errors={fields.date.errors}>
          <input {...getInputProps(fields.date, { type: "date" })} />
        </Field>
        <Field label="Heure de début" htmlFor={fields.startTime.id} errorId={fields.startTime.errorId} errors={fields.startTime.errors}>
          <input {...getInputProps(fields.startTime, { type: "time" })} step={300} />
        </Field>
        <Field label="Heure de fin" htmlFor={fields.endTime.id} errorId={fields.endTime.errorId} errors={fields.endTime.errors}>
          <input {...getInputProps(fields.endTime, { type: "time" })} step={300} />
        </Field>
        <Field
          label="Date de fin (facultative)"
          htmlFor={fields.endDate.id}
          hint="Seulement pour une réservation sur plusieurs jours ; sinon elle se termine le jour même."
          hintId={`${fields.endDate.id}-hint`}
          errorId={fields.endDate.errorId}
          errors={fields.endDate.errors}
        >
          <input {...getInputProps(fields.endDate, { type: "date" })} aria-describedby={describedBy(`${fields.endDate.id}-hint`, fields.endDate)} />
        </Field>
        <Field
          label="Nombre de postes"
          htmlFor={fields.seats.id}
          hint="Pour un open space : postes de travail à réserver. Une salle est toujours réservée en entier."
          hintId={`${fields.seats.id}-hint`}
          errorId={fields.seats.errorId}
          errors={fields.seats.errors}
        >
          <input
            {...getInputProps(fields.seats, { type: "number" })}
            min={1}
            max={MAX_BOOKED_SEATS}
            aria-describedby={describedBy(`${fields.seats.id}-hint`, fields.seats)}
          />
        </Field>

        <fieldset className="field" {...getFieldsetProps(fields.recurrence)}>
          <legend>Répétition</legend>
          <div>
            <input {...frequencyRadio("NONE")} /> <label htmlFor={frequencyRadio("NONE").id}>Ne se répète pas</label>
          </div>
          <div>
            <input {...frequencyRadio("WEEKLY")} /> <label htmlFor={frequencyRadio("WEEKLY").id}>Chaque semaine, les jours cochés :</label>
            <fieldset {...getFieldsetProps(recurrence.weekdays)}>
              <legend className="visually-hidden">Jours de la semaine (répétition chaque semaine)</legend>
              {getCollectionProps(recurrence.weekdays, { type: "checkbox", options: [...WEEKDAY_CODES] }).map(({ key, ...props }) => (
                <span key={key}>
                  <input {...props} /> <label htmlFor={props.id}>{WEEKDAY_LABELS[props.value as WeekdayCode]}</label>{" "}
                </span>
              ))}
              <ErrorList id={recurrence.weekdays.errorId} errors={recurrence.weekdays.errors} />
            </fieldset>
          </div>
          <div>
            <input {...frequencyRadio("MONTHLY_BY_POSITION")} />{" "}
            <label htmlFor={frequencyRadio("MONTHLY_BY_POSITION").id}>Chaque mois, un jour de la semaine (par exemple le 2e mardi) :</label>{" "}
            <label htmlFor={recurrence.position.id} className="visually-hidden">
              Position dans le mois
            </label>
            <select {...getSelectProps(recurrence.position)}>
              {POSITION_LABELS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>{" "}
            <label htmlFor={recurrence.weekday.id} className="visually-hidden">
              Jour de la semaine
            </label>
            <select {...getSelectProps(recurrence.weekday)}>
              {WEEKDAY_CODES.map((code) => (
                <option key={code} value={code}>
                  {WEEKDAY_LABELS[code]}
                </option>
              ))}
            </select>
            <ErrorList id={recurrence.position.errorId} errors={recurrence.position.errors} />
            <ErrorList id={recurrence.weekday.errorId} errors={recurrence.weekday.errors} />
          </div>
          <div>
            <input {...frequencyRadio("MONTHLY_BY_DAY")} />{" "}
            <label htmlFor={frequencyRadio("MONTHLY_BY_DAY").id}>Chaque mois, le même jour du mois :</label>{" "}
            <label htmlFor={recurrence.dayOfMonth.id} className="visually-hidden">
              Jour du mois
            </label>
            <select {...getSelectProps(recurrence.dayOfMonth)}>
              {DAYS_OF_MONTH.map((day) => (
                <option key={day} value={String(day)}>
                  le {day === 1 ? "1er" : day}
                </option>
              ))}
              <option value="-1">le dernier jour</option>
            </select>
            <ErrorList id={recurrence.dayOfMonth.errorId} errors={recurrence.dayOfMonth.errors} />
          </div>
          <ErrorList id={recurrence.frequency.errorId} errors={recurrence.frequency.errors} />
          <Field
            label="Toutes les … semaines ou mois"
            htmlFor={recurrence.interval.id}
            hint="1 pour chaque semaine ou chaque mois, 2 pour une semaine (ou un mois) sur deux…"
            hintId={`${recurrence.interval.id}-hint`}
            errorId={recurrence.interval.errorId}
            errors={recurrence.interval.errors}
          >
            <input
              {...getInputProps(recurrence.interval, { type: "number" })}
              min={1}
              max={12}
              aria-describedby={describedBy(`${recurrence.interval.id}-hint`, recurrence.interval)}
            />
          </Field>
          <fieldset {...getFieldsetProps(recurrence.end)}>
            <legend>Fin de la répétition</legend>
            <div>
              <input {...endKindRadio("count")} /> <label htmlFor={endKindRadio("count").id}>Après un nombre de fois :</label>{" "}
              <label htmlFor={end.count.id} className="visually-hidden">
                Nombre de fois
              </label>
              <input {...getInputProps(end.count, { type: "number" })} min={1} size={4} />
              <ErrorList id={end.count.errorId} errors={end.count.errors} />
            </div>
            <div>
              <input {...endKindRadio("until")} /> <label htmlFor={endKindRadio("until").id}>Jusqu'au :</label>{" "}
              <label htmlFor={end.until.id} className="visually-hidden">
                Date de la dernière répétition
              </label>
              <input {...getInputProps(end.until, { type: "date" })} />
              <ErrorList id={end.until.errorId} errors={end.until.errors} />
            </div>
            <ErrorList id={end.kind.errorId} errors={end.kind.errors} />
          </fieldset>
          <ErrorList id={fields.recurrence.errorId} errors={fields.recurrence.errors} />
        </fieldset>

        <div>
          <button type="submit" name="intent" value="apercu">
            Voir les dates
          </button>{" "}
          <Link to={`${base}/reservations`}>Annuler</Link>
        </div>
        <p className="hint">Rien n'est réservé à cette étape : vous verrez d'abord chaque date et celles qui ne sont pas disponibles.</p>
      </Form>
    </>
  );
}

/** aria-describedby for an input with a hint: the hint, then the error when there is one. */
function describedBy(hintId: string, field: { errorId: string; errors?: string[] }): string {
  return field.errors?.length ? `${hintId} ${field.errorId}` : hintId;
}

function BookingPreview({ preview, cancelTo }: { preview: PreviewData; cancelTo: string }) {
  const count = preview.bookable.length;
  const hasBlocked = preview.blocked.length > 0;
  return (
    <section aria-labelledby="apercu-titre" className="card" id="apercu">
      <h2 id="apercu-titre">Aperçu : {preview.title}</h2>
      {preview.notice ? (
        <p className="form-error" role="alert">
          {preview.notice}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Espace</dt>
        <dd>
          {preview.spaceName} — {preview.siteName}
        </dd>
        <dt>Répétition</dt>
        <dd>{preview.repetition}</dd>
        {preview.deskPoolSeats !== null ? (
          <>
            <dt>Postes</dt>
            <dd>{preview.deskPoolSeats}</dd>
          </>
        ) : null}
        <dt>Dates réservées</dt>
        <dd>
          {count === 0 ? "aucune" : count === 1 ? `1 date : ${preview.bookable[0]}` : `${count} dates, du ${preview.bookable[0]} au ${preview.bookable[count - 1]}`}
        </dd>
      </dl>
      {count > 0 ? <BookingPrice price={preview.price} beyondHorizon={preview.continuesBeyondHorizon} /> : null}
      {preview.continuesBeyondHorizon ? (
        <p className="notice">
          La série se poursuivra au-delà de l'horizon de réservation ({preview.horizonDays} jours) : les dates suivantes seront réservées au fur et
          à mesure, si elles sont encore libres.
        </p>
      ) : null}
      {preview.requiresApproval ? (
        <p className="notice">Cet espace est soumis à validation : votre réservation sera en attente de validation par le gestionnaire du lieu.</p>
      ) : null}
      {count > 1 ? (
        <details>
          <summary>Voir les {count} dates réservées</summary>
          <ul>
            {preview.bookable.map((label) => (
              <li key={label}>{label}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {hasBlocked ? (
        <>
          <h3 id="dates-indisponibles">
            {preview.blocked.length === 1 ? "1 date ne peut pas être réservée" : `${preview.blocked.length} dates ne peuvent pas être réservées`}
          </h3>
          <BlockedDatesList blocked={preview.blocked} labelledBy="dates-indisponibles" />
        </>
      ) : null}
      {count > 0 ? (
        <Form method="post">
          <AuthenticityTokenInput />
          <ResubmitFields fields={preview.hiddenFields} skip={preview.blocked} />
          <button type="submit" name="intent" value="confirmer">
            {hasBlocked ? "Réserver les autres dates" : "Confirmer la réservation"}
          </button>{" "}
          <Link className="button button-secondary" to={cancelTo}>
            Annuler
          </Link>
        </Form>
      ) : (
        <p>
          Aucune date ne peut être réservée : modifiez votre demande ci-dessous, ou <Link to={cancelTo}>revenez à vos réservations</Link>.
        </p>
      )}
    </section>
  );
}

/** "65,00 € HT (78,00 € TTC)", or "65,00 € HT" when no VAT is charged. */
function amount(price: { vatApplies: boolean }, ht: number, ttc: number): string {
  return price.vatApplies ? `${formatEuros(ht)} HT (${formatEuros(ttc)} TTC)` : `${formatEuros(ht)} HT`;
}

function BookingPrice({ price, beyondHorizon }: { price: PreviewData["price"]; beyondHorizon: boolean }) {
  if (price.status !== "PRICED") {
    return (
      <section aria-labelledby="prix-titre">
        <h3 id="prix-titre">Prix</h3>
        <p>{price.message}</p>
      </section>
    );
  }
  const series = price.line === null;
  return (
    <section aria-labelledby="prix-titre">
      <h3 id="prix-titre">Prix</h3>
      <dl className="facts">
        <dt>{series ? `Total pour ${price.occurrences} dates` : "Prix"}</dt>
        <dd>
          <strong>{amount(price, price.htCents, price.ttcCents)}</strong>
        </dd>
        <dt>Tarif appliqué</dt>
        <dd>
          {price.tierName} <span className="hint">— {price.tierExplanation}</span>
        </dd>
        {price.includedMinutesUsed > 0 ? (
          <>
            <dt>Heures incluses utilisées</dt>
            <dd>{formatDurationFr(price.includedMinutesUsed)}</dd>
          </>
        ) : null}
        {price.line ? (
          <>
            <dt>Facturé</dt>
            <dd>
              {price.line.coveredByMonthlyFlat
                ? "compris dans le forfait mensuel"
                : price.line.billed === ""
                  ? "rien : couvert par vos heures incluses"
                  : price.line.billed}
              {price.line.surchargeCents > 0 ? `, dont majoration soir et week-end ${formatEuros(price.line.surchargeCents)} HT` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {series ? (
        <table>
          <caption>Montant par mois</caption>
          <thead>
            <tr>
              <th scope="col">Mois</th>
              <th scope="col">Dates</th>
              <th scope="col">Heures incluses utilisées</th>
              <th scope="col">Montant HT</th>
              {price.vatApplies ? <th scope="col">Montant TTC</th> : null}
            </tr>
          </thead>
          <tbody>
            {price.months.map((month) => (
              <tr key={month.month}>
                <th scope="row">{month.label}</th>
                <td>{month.occurrences}</td>
                <td>{month.includedMinutesUsed > 0 ? formatDurationFr(month.includedMinutesUsed) : "—"}</td>
                <td>
                  {formatEuros(month.htCents)}
                  {month.monthlyFlat ? " (forfait mensuel)" : ""}
                </td>
                {price.vatApplies ? <td>{formatEuros(month.ttcCents)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="hint">
        {price.vatMention ? `${price.vatMention}. ` : ""}
        {beyondHorizon ? "Ce prix couvre les dates réservées maintenant ; les suivantes seront facturées de la même façon. " : ""}
        Vous serez facturé chaque mois selon ce calcul. Les heures incluses tiennent compte de vos autres réservations du mois ; elles
        peuvent changer si celles-ci changent.
      </p>
    </section>
  );
}
