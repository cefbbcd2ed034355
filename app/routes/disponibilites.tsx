import { getCollectionProps, getFieldsetProps, getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorList, Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import {
  availabilityCandidates,
  bookingFormQuery,
  describeAvailability,
  describeCandidates,
  resultsPage,
} from "~/domain/availability-search";
import { formatLocalDate, localDate } from "~/domain/time";
import { availabilitySearchSchema, SEARCH_WEEKDAYS } from "~/forms/availability";
import { listSitesForSearch, searchSpaces } from "~/models/availability.server";
import { bookingOrganizationsOf } from "~/models/calendar.server";
import { listMembershipsOfUser } from "~/models/organization.server";
import calendarStyles from "~/styles/calendar.css";
import { requireUser } from "~/utils/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: calendarStyles }];

export const meta: MetaFunction = () => [{ title: "Espaces disponibles — Tiers-lieux partagés" }];

/** A URL typed by hand may leave out the repetition: show the form's own default, not no choice. */
function withFormDefaults<Reply extends { initialValue?: Record<string, unknown> | null }>(reply: Reply): Reply {
  return { ...reply, initialValue: { repetition: "aucune", ...reply.initialValue } };
}

const FIELD_OF_PROBLEM = { start: "debut", end: "fin", weekdays: "jours" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const [sites, memberships] = await Promise.all([listSitesForSearch(db), listMembershipsOfUser(db, user.id)]);
  const page = {
    sites: sites.map((site) => ({ id: site.id, label: `${site.name} (${site.city}) — ${site.organization.name}` })),
    bookingOrganizations: bookingOrganizationsOf(memberships),
    // Prefill from links such as /disponibilites?site=… before anything is searched.
    defaultSite: url.searchParams.get("site") ?? "",
  };
  // Nothing asked yet: an empty form, not a page of "Indiquez la date." errors.
  if (!url.searchParams.has("date")) return json({ ...page, lastResult: null, search: null });

  const submission = parseWithZod(url.searchParams, { schema: availabilitySearchSchema });
  const invalid = (fieldErrors?: Record<string, string[]>) =>
    json({ ...page, lastResult: withFormDefaults(submission.reply({ fieldErrors })), search: null }, { status: 400 });
  if (submission.status !== "success") return invalid();
  const form = submission.value;
  if (form.site && !sites.some((site) => site.id === form.site)) return invalid({ site: ["Ce site n'existe pas."] });
  const planned = availabilityCandidates({
    date: form.date,
    startTime: form.debut,
    endTime: form.fin,
    weeks: form.repetition === "hebdomadaire" ? (form.semaines ?? 1) : null,
    weekdays: form.repetition === "hebdomadaire" ? form.jours : [],
  });
  if (!planned.ok) return invalid({ [FIELD_OF_PROBLEM[planned.field]]: [planned.message] });

  const results = await searchSpaces(db, {
    candidates: planned.candidates,
    filters: {
      minCapacity: form.capacite,
      accessibleOnly: form.accessible,
      siteId: form.site || undefined,
      seats: form.postes,
    },
    now: new Date(),
  });
  // One page of results: only its spaces' unavailable dates are described (messages are written when read).
  const shown = resultsPage(results.length, url.searchParams.get("page"));
  const pageLink = (number: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set("page", String(number));
    return `?${query}`;
  };
  return json({
    ...page,
    lastResult: withFormDefaults(submission.reply()),
    search: {
      summary: describeCandidates(planned.candidates),
      impossible: planned.impossible,
      total: results.length,
      shown,
      previousPage: shown.page > 1 ? pageLink(shown.page - 1) : null,
      nextPage: shown.page < shown.pageCount ? pageLink(shown.page + 1) : null,
      results: results.slice(Math.max(0, shown.first - 1), shown.last).map((result) => {
        const unavailableIds = new Set(result.unavailable.map((occurrence) => occurrence.recurrenceId));
        const firstFree = planned.candidates.find((candidate) => !unavailableIds.has(candidate.recurrenceId));
        return {
          spaceId: result.space.id,
          name: result.space.name,
          siteId: result.space.siteId,
          siteName: result.space.siteName,
          kind: result.space.kind,
          capacity: result.space.capacity,
          seats: result.space.seats,
          accessible: result.space.accessible,
          requiresApproval: result.space.rules.requiresApproval,
          status: result.status,
          availability: describeAvailability(result),
          unavailable: result.unavailable.map((occurrence) => ({
            date: formatLocalDate(localDate(occurrence.recurrenceId)),
            reasons: occurrence.reasons.map((reason) => reason.message),
          })),
          bookingQuery: bookingFormQuery({
            spaceId: result.space.id,
            date: localDate(firstFree?.localStart ?? planned.candidates[0].localStart),
            startTime: form.debut,
            endTime: form.fin,
          }),
          calendarWeek: localDate(firstFree?.localStart ?? planned.candidates[0].localStart),
        };
      }),
    },
  });
}

export default function AvailabilitySearchPage() {
  const { lastResult, search, sites, bookingOrganizations, defaultSite } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: "disponibilites",
    lastResult,
    defaultValue: { site: defaultSite, repetition: "aucune" },
    constraint: getZodConstraint(availabilitySearchSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: availabilitySearchSchema }),
  });

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Trouver un espace libre</h1>
      <Form method="get" className="form form-wide search-form" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <fieldset>
          <legend>Quand ?</legend>
          <Field label="Date" htmlFor={fields.date.id} errorId={fields.date.errorId} errors={fields.date.errors}>
            <input {...getInputProps(fields.date, { type: "date" })} />
          </Field>
          <Field label="Heure de début" htmlFor={fields.debut.id} errorId={fields.debut.errorId} errors={fields.debut.errors}>
            <input {...getInputProps(fields.debut, { type: "time" })} />
          </Field>
          <Field label="Heure de fin" htmlFor={fields.fin.id} errorId={fields.fin.errorId} errors={fields.fin.errors}>
            <input {...getInputProps(fields.fin, { type: "time" })} />
          </Field>
          <fieldset className="field" {...getFieldsetProps(fields.repetition)}>
            <legend>Répétition</legend>
            <div className="choices">
              {getCollectionProps(fields.repetition, { type: "radio", options: ["aucune", "hebdomadaire"] }).map(({ key, ...props }) => (
                <span key={key}>
                  <input {...props} />{" "}
                  <label htmlFor={props.id}>{props.value === "aucune" ? "Une seule fois" : "Chaque semaine"}</label>
                </span>
              ))}
            </div>
            <ErrorList id={fields.repetition.errorId} errors={fields.repetition.errors} />
          </fieldset>
          <Field
            label="Pendant combien de semaines (si chaque semaine)"
            htmlFor={fields.semaines.id}
            errorId={fields.semaines.errorId}
            errors={fields.semaines.errors}
          >
            <input {...getInputProps(fields.semaines, { type: "number" })} />
          </Field>
          <fieldset className="field" {...getFieldsetProps(fields.jours)}>
            <legend>Jours (si chaque semaine ; par défaut, le jour de la date)</legend>
            <div className="choices">
              {getCollectionProps(fields.jours, { type: "checkbox", options: SEARCH_WEEKDAYS.map((day) => day.code) }).map(
                ({ key, ...props }) => (
                  <span key={key}>
                    <input {...props} />{" "}
                    <label htmlFor={props.id}>{SEARCH_WEEKDAYS.find((day) => day.code === props.value)?.label}</label>
                  </span>
                ),
              )}
            </div>
            <ErrorList id={fields.jours.errorId} errors={fields.jours.errors} />
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>Quel espace ?</legend>
          <Field
            label="Capacité minimale (personnes, facultatif)"
            htmlFor={fields.capacite.id}
            errorId={fields.capacite.errorId}
            errors={fields.capacite.errors}
          >
            <input {...getInputProps(fields.capacite, { type: "number" })} />
          </Field>
          <div className="field">
            <span>
              <input {...getInputProps(fields.accessible, { type: "checkbox" })} />{" "}
              <label htmlFor={fields.accessible.id}>Accessible aux personnes à mobilité réduite uniquement</label>
            </span>
            <ErrorList id={fields.accessible.errorId} errors={fields.accessible.errors} />
          </div>
          <Field
            label="Postes de travail souhaités (open space, facultatif)"
            htmlFor={fields.postes.id}
            errorId={fields.postes.errorId}
            errors={fields.postes.errors}
          >
            <input {...getInputProps(fields.postes, { type: "number" })} />
          </Field>
          <Field label="Site" htmlFor={fields.site.id} errorId={fields.site.errorId} errors={fields.site.errors}>
            <select {...getSelectProps(fields.site)}>
              <option value="">Tous les sites</option>
              {sites.map((site) => (
                <option key={site.id} value={site.id}>
                  {site.label}
                </option>
              ))}
            </select>
          </Field>
        </fieldset>
        <div>
          <button type="submit">Chercher</button>
        </div>
      </Form>

      {search ? (
        <section aria-labelledby="results-title" className="search-results">
          <h2 id="results-title">
            {search.total === 0
              ? "Aucun espace n'est libre pour cette recherche"
              : search.total === 1
                ? "1 espace disponible"
                : `${search.total} espaces disponibles`}
          </h2>
          <p>Recherche : {search.summary}.</p>
          {search.shown.pageCount > 1 ? <ResultsPager search={search} /> : null}
          {search.impossible.length > 0 ? (
            <div className="notice">
              <p>Ces dates n'existent pas à Paris (changement d'heure) et ne sont pas cherchées :</p>
              <ul>
                {search.impossible.map((date) => (
                  <li key={date.recurrenceId}>{date.message}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {search.results.length > 0 ? (
            <div className="cal-scroll">
              <table>
                <caption className="visually-hidden">Espaces disponibles</caption>
                <thead>
                  <tr>
                    <th scope="col">Espace</th>
                    <th scope="col">Site</th>
                    <th scope="col">Capacité</th>
                    <th scope="col">Accessible PMR</th>
                    <th scope="col">Disponibilité</th>
                    {bookingOrganizations.length > 0 ? <th scope="col">Réserver</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {search.results.map((result) => (
                    <tr key={result.spaceId}>
                      <th scope="row">
                        <Link to={`/espaces/${result.spaceId}/semaine?semaine=${result.calendarWeek}`}>{result.name}</Link>
                      </th>
                      <td>{result.siteName}</td>
                      <td>
                        {result.capacity} personnes
                        {result.kind === "DESK_POOL" ? ` (open space, ${result.seats} postes)` : ""}
                      </td>
                      <td>{result.accessible ? "Oui" : "Non"}</td>
                      <td>
                        {result.availability}
                        {result.requiresApproval ? <span> ; réservation soumise à validation</span> : null}
                        {result.unavailable.length > 0 ? (
                          <details>
                            <summary>Pourquoi ?</summary>
                            <ul>
                              {result.unavailable.map((date) => (
                                <li key={date.date}>{date.reasons.join(" ")}</li>
                              ))}
                            </ul>
                          </details>
                        ) : null}
                      </td>
                      {bookingOrganizations.length > 0 ? (
                        <td>
                          {bookingOrganizations.map((organization) => (
                            <p key={organization.slug}>
                              <Link to={`/organisations/${organization.slug}/reservations/nouvelle?${result.bookingQuery}`}>
                                Réserver
                                <span className="visually-hidden"> {result.name}</span>
                                {bookingOrganizations.length > 1 ? ` pour ${organization.name}` : null}
                              </Link>
                            </p>
                          ))}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {search.shown.pageCount > 1 ? <ResultsPager search={search} /> : null}
        </section>
      ) : null}
    </section>
  );
}

type Search = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["search"]>;

/** Where the page is in the results, and links to the pages around it (the search is in the URL). */
function ResultsPager({ search }: { search: Pick<Search, "shown" | "total" | "previousPage" | "nextPage"> }) {
  const { shown } = search;
  return (
    <nav aria-label="Pages de résultats" className="pager">
      <p>
        Espaces {shown.first} à {shown.last} sur {search.total} (page {shown.page} sur {shown.pageCount})
      </p>
      <p>
        {search.previousPage ? <Link to={search.previousPage}>Page précédente</Link> : null}
        {search.previousPage && search.nextPage ? " · " : null}
        {search.nextPage ? <Link to={search.nextPage}>Page suivante</Link> : null}
      </p>
    </nav>
  );
}
