import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Badges, BlockedDatesList, ResubmitFields } from "~/components/booking";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import {
  describeBlockedDate,
  describeRepetition,
  formatHours,
  formatOccurrence,
  occurrenceBadges,
  statusBadge,
  type BlockedDateView,
} from "~/domain/booking-display";
import { isLateCancellation } from "~/domain/space-rules";
import { formatLocalDate, localDate, localTime } from "~/domain/time";
import {
  cancelOccurrenceSchema,
  cancelSeriesSchema,
  changeFollowingSchema,
  fieldOfModelError,
  hiddenFieldsOf,
  MAX_BOOKED_SEATS,
  moveOccurrenceSchema,
  SERIES_INTENTS,
  type SeriesIntent,
} from "~/forms/booking";
import { hasListFieldName } from "~/forms/space";
import {
  cancelOccurrence,
  cancelSeries,
  changeFollowing,
  getSeriesForOrganization,
  moveOccurrence,
  type ChangeResult,
} from "~/models/booking.server";
import { findContinuation, listContinuations } from "~/models/booking-queries.server";
import { loadSpaceForBooking } from "~/models/space-planning.server";
import { requireOrgRole } from "~/utils/auth.server";
import { hasCapability, requireCapability } from "~/utils/capabilities.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.series.title ?? "Réservation"} — Tiers-lieux partagés` },
];

const seriesNotFound = () => new Response("Réservation introuvable.", { status: 404 });
const ACTIVE = new Set(["PENDING", "CONFIRMED"]);

/** The panels a GET parameter opens on one date: each change is a second step that works without JavaScript. */
const OCCURRENCE_PANELS = [
  { param: "annuler", intent: "annuler-date", allowedBy: "canCancel" },
  { param: "deplacer", intent: "deplacer", allowedBy: "canMove" },
  { param: "modifier-suite", intent: "modifier-suite", allowedBy: "canChangeFollowing" },
] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireCapability(access, "follow-bookings");
  const organizationId = access.organization.id;
  const series = await getSeriesForOrganization(db, { organizationId, seriesId: params.seriesId ?? "" });
  if (!series) throw seriesNotFound();
  const [space, continuations] = await Promise.all([
    loadSpaceForBooking(db, series.spaceId),
    listContinuations(db, { organizationId, seriesId: series.id }),
  ]);
  if (!space) throw seriesNotFound();
  const now = new Date();
  const canChange = hasCapability(access, "book-spaces") && ACTIVE.has(series.status);
  const deadlineHours = space.rules.cancellationDeadlineHours;

  const occurrences = series.occurrences.map((occurrence) => {
    const active = ACTIVE.has(occurrence.status);
    const startsLater = occurrence.startsAt > now;
    return {
      recurrenceId: occurrence.recurrenceId,
      localStart: occurrence.localStart,
      localEnd: occurrence.localEnd,
      label: formatOccurrence(occurrence.localStart, occurrence.localEnd),
      day: formatLocalDate(localDate(occurrence.localStart)),
      hours: formatHours(occurrence.localStart, occurrence.localEnd),
      badges: occurrenceBadges(occurrence),
      skippedReason: occurrence.skippedReason,
      canCancel: canChange && active && occurrence.endsAt > now,
      canMove: canChange && active && startsLater,
      canChangeFollowing: canChange && active && startsLater && series.rrule !== null,
      lateIfCancelledNow: isLateCancellation({ startsAt: occurrence.startsAt, now, cancellationDeadlineHours: deadlineHours }),
    };
  });
  // What cancelSeries cancels: the active dates that have not started yet.
  const upcoming = occurrences.filter((occurrence) => occurrence.canMove);

  const url = new URL(request.url);
  let panel: { intent: SeriesIntent; recurrenceId: string | null } | null = null;
  for (const { param, intent, allowedBy } of OCCURRENCE_PANELS) {
    const occurrence = occurrences.find((o) => o.recurrenceId === url.searchParams.get(param));
    if (occurrence?.[allowedBy]) panel = { intent, recurrenceId: occurrence.recurrenceId };
  }
  if (url.searchParams.get("annuler-tout") === "1" && canChange) panel = { intent: "annuler-tout", recurrenceId: null };

  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    series: {
      id: series.id,
      title: series.title,
      status: series.status,
      statusBadge: statusBadge(series.status),
      seats: series.space.kind === "DESK_POOL" ? series.seats : null,
      repetition: describeRepetition(series.rrule, series.localStart),
      firstSlot: formatOccurrence(series.localStart, series.localEnd),
      decisionReason: series.status === "REJECTED" ? series.decisionReason : null,
      splitFromId: series.splitFromId,
      spaceName: series.space.name,
      siteName: series.space.site.name,
    },
    deadlineHours,
    canChange,
    occurrences,
    upcomingCount: upcoming.length,
    lateUpcomingCount: upcoming.filter((occurrence) => occurrence.lateIfCancelledNow).length,
    continuations: continuations.map((continuation) => ({
      id: continuation.id,
      title: continuation.title,
      label: formatOccurrence(continuation.localStart, continuation.localEnd),
    })),
    panel,
  });
}

/** What the action needs of a conform submission, whatever its schema. */
type AnySubmission = {
  reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>;
  payload: Record<string, unknown>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireCapability(access, "book-spaces");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  if (hasListFieldName(formData)) throw new Response("Formulaire invalide.", { status: 400 });
  const formName = formData.get("intent");
  if (!SERIES_INTENTS.includes(formName as SeriesIntent)) throw new Response("Action inconnue.", { status: 400 });

  const organizationId = access.organization.id;
  const seriesId = params.seriesId ?? "";
  const seriesPath = `/organisations/${access.organization.slug}/reservations/${seriesId}`;
  const now = new Date();

  const answer = (reply: SubmissionResult<string[]>, status: number, conflicts?: { blocked: BlockedDateView[]; hiddenFields: Array<[string, string]> }) =>
    json({ ...reply, formName: formName as SeriesIntent, blocked: conflicts?.blocked ?? null, hiddenFields: conflicts?.hiddenFields ?? null }, { status });

  /** A refusal of the model, beside the field it is about or above the form; 404 for another organisation's series. */
  const refusal = (submission: AnySubmission, result: Exclude<ChangeResult, { ok: true }>) => {
    if (result.reason === "NOT_FOUND") throw seriesNotFound();
    if (result.reason === "NOT_ACTIVE") return answer(submission.reply({ formErrors: [result.message] }), 409);
    if (result.reason === "INVALID") {
      const field = fieldOfModelError(result.error.field);
      return answer(submission.reply(field ? { fieldErrors: { [field]: [result.error.message] } } : { formErrors: [result.error.message] }), 400);
    }
    const blocked = result.blocked.map(describeBlockedDate);
    const message =
      blocked.length === 0
        ? "Aucune date ne peut être modifiée ainsi."
        : blocked.length === 1
          ? "Cette date n'est pas disponible :"
          : `${blocked.length} dates ne sont pas disponibles :`;
    return answer(submission.reply({ formErrors: [message] }), 409, {
      blocked,
      hiddenFields: hiddenFieldsOf(submission.payload, ["csrf", "intent", "skip"]),
    });
  };

  switch (formName as SeriesIntent) {
    case "annuler-date": {
      const submission = parseWithZod(formData, { schema: cancelOccurrenceSchema });
      if (submission.status !== "success") return answer(submission.reply(), 400);
      const result = await cancelOccurrence(db, { organizationId, seriesId, recurrenceId: submission.value.recurrenceId, now });
      if (!result.ok) return refusal(submission, result);
      return redirect(`${seriesPath}?statut=${result.late ? "date-annulee-tardive" : "date-annulee"}`);
    }
    case "deplacer": {
      const submission = parseWithZod(formData, { schema: moveOccurrenceSchema });
      if (submission.status !== "success") return answer(submission.reply(), 400);
      const result = await moveOccurrence(db, { organizationId, seriesId, ...submission.value, now });
      if (!result.ok) return refusal(submission, result);
      return redirect(`${seriesPath}?statut=deplacee`);
    }
    case "modifier-suite": {
      const submission = parseWithZod(formData, { schema: changeFollowingSchema });
      if (submission.status !== "success") return answer(submission.reply(), 400);
      const { skip, ...change } = submission.value;
      const result = await changeFollowing(db, {
        organizationId,
        seriesId,
        ...change,
        createdById: access.user.id,
        skip: { recurrenceIds: skip },
        now,
      });
      if (!result.ok) return refusal(submission, result);
      // The dates from this one on now form a new series: show it.
      const continuation = await findContinuation(db, { organizationId, seriesId, localStart: change.localStart });
      const path = continuation ? `/organisations/${access.organization.slug}/reservations/${continuation.id}` : seriesPath;
      return redirect(`${path}?statut=suite-modifiee`);
    }
    case "annuler-tout": {
      const submission = parseWithZod(formData, { schema: cancelSeriesSchema });
      if (submission.status !== "success") return answer(submission.reply(), 400);
      const result = await cancelSeries(db, { organizationId, seriesId, now });
      if (!result.ok) return refusal(submission, result);
      return redirect(`${seriesPath}?statut=${result.late ? "serie-annulee-tardive" : "serie-annulee"}`);
    }
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type OccurrenceView = LoaderData["occurrences"][number];

function statusMessage(params: URLSearchParams, status: string): string | null {
  if (params.get("cree") === "1") {
    return status === "PENDING"
      ? "Votre demande de réservation est enregistrée. Elle est en attente de validation par le gestionnaire du lieu."
      : "Votre réservation est confirmée.";
  }
  switch (params.get("statut")) {
    case "date-annulee":
      return "La date est annulée.";
    case "date-annulee-tardive":
      return "La date est annulée. C'est une annulation tardive : elle a été faite après le délai d'annulation de l'espace.";
    case "deplacee":
      return "La date est déplacée.";
    case "suite-modifiee":
      return "Les dates sont modifiées : à partir de la date choisie, elles forment cette nouvelle réservation.";
    case "serie-annulee":
      return "La réservation est annulée.";
    case "serie-annulee-tardive":
      return "La réservation est annulée. Certaines dates l'ont été après le délai d'annulation de l'espace (annulation tardive).";
    default:
      return null;
  }
}

export default function SeriesPage() {
  const data = useLoaderData<typeof loader>();
  const { organization, series, occurrences, continuations, panel, canChange } = data;
  const [searchParams] = useSearchParams();
  const notice = statusMessage(searchParams, series.status);
  const base = `/organisations/${organization.slug}`;
  const seriesPath = `${base}/reservations/${series.id}`;
  const panelOccurrence = panel?.recurrenceId ? occurrences.find((o) => o.recurrenceId === panel.recurrenceId) : undefined;

  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › <Link to={`${base}/reservations`}>Réservations</Link> › {series.title}
      </nav>
      <h1>{series.title}</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Statut</dt>
        <dd>
          <Badges badges={[series.statusBadge]} />
        </dd>
        {series.decisionReason ? (
          <>
            <dt>Motif du refus</dt>
            <dd>{series.decisionReason}</dd>
          </>
        ) : null}
        <dt>Espace</dt>
        <dd>
          {series.spaceName} — {series.siteName}
        </dd>
        {series.seats !== null ? (
          <>
            <dt>Postes</dt>
            <dd>{series.seats}</dd>
          </>
        ) : null}
        <dt>Première date</dt>
        <dd>{series.firstSlot}</dd>
        <dt>Répétition</dt>
        <dd>{series.repetition}</dd>
        <dt>Annulation</dt>
        <dd>Sans frais jusqu'à {data.deadlineHours} h avant le début ; au-delà, c'est une annulation tardive.</dd>
      </dl>
      {series.splitFromId ? (
        <p>
          Cette réservation continue <Link to={`${base}/reservations/${series.splitFromId}`}>la réservation d'origine</Link>.
        </p>
      ) : null}
      {continuations.length > 0 ? (
        <>
          <p id="suites">Les dates suivantes ont été modifiées et forment une autre réservation :</p>
          <ul aria-labelledby="suites">
            {continuations.map((continuation) => (
              <li key={continuation.id}>
                <Link to={`${base}/reservations/${continuation.id}`}>
                  {continuation.title}, à partir du {continuation.label}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {panel ? (
        <section id="action" aria-labelledby="action-titre" className="card">
          {panel.intent === "annuler-tout" ? (
            <CancelSeriesPanel seriesPath={seriesPath} upcomingCount={data.upcomingCount} lateCount={data.lateUpcomingCount} deadlineHours={data.deadlineHours} />
          ) : panelOccurrence && panel.intent === "annuler-date" ? (
            <CancelDatePanel seriesPath={seriesPath} occurrence={panelOccurrence} deadlineHours={data.deadlineHours} />
          ) : panelOccurrence && panel.intent === "deplacer" ? (
            <MovePanel seriesPath={seriesPath} occurrence={panelOccurrence} />
          ) : panelOccurrence && panel.intent === "modifier-suite" ? (
            <ChangeFollowingPanel seriesPath={seriesPath} occurrence={panelOccurrence} title={series.title} seats={series.seats} />
          ) : null}
        </section>
      ) : null}

      <table>
        <caption>
          <h2>Dates de la réservation</h2>
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Horaire</th>
            <th scope="col">Statut</th>
            {canChange ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {occurrences.map((occurrence) => (
            <tr key={occurrence.recurrenceId}>
              <th scope="row">{occurrence.day}</th>
              <td>{occurrence.hours}</td>
              <td>
                <Badges badges={occurrence.badges} />
                {occurrence.skippedReason ? <p>{occurrence.skippedReason}</p> : null}
              </td>
              {canChange ? (
                <td>
                  <OccurrenceActions seriesPath={seriesPath} occurrence={occurrence} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {canChange ? (
        <p>
          <Link className="button button-secondary" to={`${seriesPath}?annuler-tout=1#action`}>
            Annuler toute la réservation
          </Link>
        </p>
      ) : null}
    </>
  );
}

function OccurrenceActions({ seriesPath, occurrence }: { seriesPath: string; occurrence: OccurrenceView }) {
  const which = <span className="visually-hidden"> : {occurrence.label}</span>;
  const link = (param: string, text: string) => (
    <li>
      <Link to={`${seriesPath}?${param}=${encodeURIComponent(occurrence.recurrenceId)}#action`}>
        {text}
        {which}
      </Link>
    </li>
  );
  if (!occurrence.canCancel && !occurrence.canMove) return null;
  return (
    <ul>
      {occurrence.canCancel ? link("annuler", "Annuler cette date") : null}
      {occurrence.canMove ? link("deplacer", "Déplacer") : null}
      {occurrence.canChangeFollowing ? link("modifier-suite", "Modifier cette date et les suivantes") : null}
    </ul>
  );
}

function useFormActionData(formName: SeriesIntent) {
  const actionData = useActionData<typeof action>();
  return actionData?.formName === formName ? actionData : undefined;
}

function CancelDatePanel({ seriesPath, occurrence, deadlineHours }: { seriesPath: string; occurrence: OccurrenceView; deadlineHours: number }) {
  const actionData = useFormActionData("annuler-date");
  return (
    <>
      <h2 id="action-titre">Annuler la date du {occurrence.label}</h2>
      {occurrence.lateIfCancelledNow ? (
        <p className="form-error">
          Attention : le délai d'annulation de cet espace ({deadlineHours} h avant le début) est dépassé. Ce sera une annulation tardive, qui peut
          être facturée.
        </p>
      ) : (
        <p>Vous êtes dans le délai d'annulation de l'espace ({deadlineHours} h avant le début) : l'annulation est sans frais.</p>
      )}
      <Form method="post">
        <AuthenticityTokenInput />
        <FormError errors={actionData?.error?.[""]} />
        <input type="hidden" name="intent" value="annuler-date" />
        <input type="hidden" name="recurrenceId" value={occurrence.recurrenceId} />
        <button type="submit" className="button-danger">
          Confirmer l'annulation de cette date
        </button>{" "}
        <Link to={seriesPath}>Ne pas annuler</Link>
      </Form>
    </>
  );
}

function CancelSeriesPanel({ seriesPath, upcomingCount, lateCount, deadlineHours }: { seriesPath: string; upcomingCount: number; lateCount: number; deadlineHours: number }) {
  const actionData = useFormActionData("annuler-tout");
  return (
    <>
      <h2 id="action-titre">Annuler toute la réservation</h2>
      <p>
        {upcomingCount === 0
          ? "Aucune date n'est à venir."
          : upcomingCount === 1
            ? "La date à venir sera annulée."
            : `Les ${upcomingCount} dates à venir seront annulées.`}
        {lateCount > 0
          ? ` Attention : ${lateCount === 1 ? "l'une d'elles commence" : `${lateCount} d'entre elles commencent`} dans moins de ${deadlineHours} h, ce sera une annulation tardive.`
          : null}
      </p>
      <Form method="post">
        <AuthenticityTokenInput />
        <FormError errors={actionData?.error?.[""]} />
        <input type="hidden" name="intent" value="annuler-tout" />
        <button type="submit" className="button-danger">
          Confirmer l'annulation de toute la réservation
        </button>{" "}
        <Link to={seriesPath}>Ne pas annuler</Link>
      </Form>
    </>
  );
}

function MovePanel({ seriesPath, occurrence }: { seriesPath: string; occurrence: OccurrenceView }) {
  const actionData = useFormActionData("deplacer");
  const sameDay = localDate(occurrence.localEnd) === localDate(occurrence.localStart);
  const [form, fields] = useForm({
    id: `deplacer-${occurrence.recurrenceId}`,
    lastResult: actionData,
    constraint: getZodConstraint(moveOccurrenceSchema),
    defaultValue: {
      recurrenceId: occurrence.recurrenceId,
      date: localDate(occurrence.localStart),
      startTime: localTime(occurrence.localStart),
      endDate: sameDay ? "" : localDate(occurrence.localEnd),
      endTime: localTime(occurrence.localEnd),
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moveOccurrenceSchema }),
  });
  return (
    <>
      <h2 id="action-titre">Déplacer la date du {occurrence.label}</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="deplacer" />
        <input {...getInputProps(fields.recurrenceId, { type: "hidden" })} />
        <FormError id={form.errorId} errors={form.errors} />
        {actionData?.blocked ? <BlockedDatesList blocked={actionData.blocked} labelledBy={form.errorId} /> : null}
        <Field label="Nouvelle date" htmlFor={fields.date.id} errorId={fields.date.errorId} errors={fields.date.errors}>
          <input {...getInputProps(fields.date, { type: "date" })} />
        </Field>
        <Field label="Heure de début" htmlFor={fields.startTime.id} errorId={fields.startTime.errorId} errors={fields.startTime.errors}>
          <input {...getInputProps(fields.startTime, { type: "time" })} step={300} />
        </Field>
        <Field label="Heure de fin" htmlFor={fields.endTime.id} errorId={fields.endTime.errorId} errors={fields.endTime.errors}>
          <input {...getInputProps(fields.endTime, { type: "time" })} step={300} />
        </Field>
        <Field
          label="Date de fin (facultative, sur plusieurs jours)"
          htmlFor={fields.endDate.id}
          errorId={fields.endDate.errorId}
          errors={fields.endDate.errors}
        >
          <input {...getInputProps(fields.endDate, { type: "date" })} />
        </Field>
        <div>
          <button type="submit">Déplacer cette date</button> <Link to={seriesPath}>Annuler</Link>
        </div>
      </Form>
    </>
  );
}

function ChangeFollowingPanel({
  seriesPath,
  occurrence,
  title,
  seats,
}: {
  seriesPath: string;
  occurrence: OccurrenceView;
  title: string;
  seats: number | null;
}) {
  const actionData = useFormActionData("modifier-suite");
  const sameDay = localDate(occurrence.localEnd) === localDate(occurrence.localStart);
  const [form, fields] = useForm({
    id: `modifier-suite-${occurrence.recurrenceId}`,
    lastResult: actionData,
    constraint: getZodConstraint(changeFollowingSchema),
    defaultValue: {
      fromRecurrenceId: occurrence.recurrenceId,
      title,
      startTime: localTime(occurrence.localStart),
      endDate: sameDay ? "" : localDate(occurrence.localEnd),
      endTime: localTime(occurrence.localEnd),
      seats: String(seats ?? 1),
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changeFollowingSchema }),
  });
  const blocked = actionData?.blocked ?? [];
  return (
    <>
      <h2 id="action-titre">Modifier la date du {occurrence.label} et les suivantes</h2>
      <p>Les dates précédentes ne changent pas. Les dates déjà annulées restent annulées.</p>
      {actionData?.hiddenFields && blocked.length > 0 ? (
        <>
          <FormError id={form.errorId} errors={form.errors} />
          <BlockedDatesList blocked={blocked} labelledBy={form.errorId} />
          <Form method="post">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="modifier-suite" />
            <ResubmitFields fields={actionData.hiddenFields} skip={blocked} />
            <button type="submit">Modifier en laissant de côté {blocked.length === 1 ? "cette date" : "ces dates"}</button>{" "}
            <Link to={seriesPath}>Annuler</Link>
          </Form>
          <h3>Ou changez les horaires</h3>
        </>
      ) : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="modifier-suite" />
        <input {...getInputProps(fields.fromRecurrenceId, { type: "hidden" })} />
        {blocked.length === 0 ? <FormError id={form.errorId} errors={form.errors} /> : null}
        <Field label="Objet de la réservation" htmlFor={fields.title.id} errorId={fields.title.errorId} errors={fields.title.errors}>
          <input {...getInputProps(fields.title, { type: "text" })} />
        </Field>
        <Field label="Heure de début" htmlFor={fields.startTime.id} errorId={fields.startTime.errorId} errors={fields.startTime.errors}>
          <input {...getInputProps(fields.startTime, { type: "time" })} step={300} />
        </Field>
        <Field label="Heure de fin" htmlFor={fields.endTime.id} errorId={fields.endTime.errorId} errors={fields.endTime.errors}>
          <input {...getInputProps(fields.endTime, { type: "time" })} step={300} />
        </Field>
        <Field
          label="Date de fin de la première date modifiée (facultative, sur plusieurs jours)"
          htmlFor={fields.endDate.id}
          errorId={fields.endDate.errorId}
          errors={fields.endDate.errors}
        >
          <input {...getInputProps(fields.endDate, { type: "date" })} />
        </Field>
        {seats !== null ? (
          <Field label="Nombre de postes" htmlFor={fields.seats.id} errorId={fields.seats.errorId} errors={fields.seats.errors}>
            <input {...getInputProps(fields.seats, { type: "number" })} min={1} max={MAX_BOOKED_SEATS} />
          </Field>
        ) : null}
        <div>
          <button type="submit">Modifier cette date et les suivantes</button> <Link to={seriesPath}>Annuler</Link>
        </div>
      </Form>
    </>
  );
}
