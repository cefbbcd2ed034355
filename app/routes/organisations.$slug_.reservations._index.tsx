import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badges } from "~/components/booking";
import { db } from "~/db.server";
import { formatHours, groupByWeek, occurrenceBadges } from "~/domain/booking-display";
import { MAX_HORIZON_DAYS } from "~/domain/space-rules";
import { formatLocalDate, localDate } from "~/domain/time";
import { listOrganizationOccurrences } from "~/models/booking.server";
import { requireOrgRole } from "~/utils/auth.server";
import { hasCapability, requireCapability } from "~/utils/capabilities.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Réservations de ${data?.organization.name ?? "l'organisation"} — Tiers-lieux partagés` },
];

const DAY_MS = 86_400_000;
/** How far back "Réservations passées" looks. */
const PAST_DAYS = 365;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireCapability(access, "follow-bookings");
  const past = new URL(request.url).searchParams.get("passees") === "1";
  const now = new Date();
  // Nothing is booked further than the longest booking horizon.
  const [from, to] = past ? [new Date(now.getTime() - PAST_DAYS * DAY_MS), now] : [now, new Date(now.getTime() + (MAX_HORIZON_DAYS + 1) * DAY_MS)];
  const rows = await listOrganizationOccurrences(db, { organizationId: access.organization.id, from, to, includeCancelled: true });
  // Past: what has ended, most recent first; upcoming: what has not ended yet, soonest first.
  const occurrences = past ? rows.filter((row) => row.endsAt <= now).reverse() : rows;
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    canBook: hasCapability(access, "book-spaces"),
    past,
    weeks: groupByWeek(
      occurrences.map((row) => ({
        id: row.id,
        seriesId: row.seriesId,
        title: row.series.title,
        day: formatLocalDate(localDate(row.localStart)),
        hours: formatHours(row.localStart, row.localEnd),
        localStart: row.localStart,
        spaceName: row.space.name,
        siteName: row.space.site.name,
        seats: row.space.kind === "DESK_POOL" ? row.seats : null,
        recurring: row.series.rrule !== null,
        badges: occurrenceBadges(row),
      })),
      (occurrence) => occurrence.localStart,
    ),
  });
}

export default function BookingsPage() {
  const { organization, canBook, past, weeks } = useLoaderData<typeof loader>();
  const base = `/organisations/${organization.slug}`;
  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › Réservations
      </nav>
      <h1>
        {past ? "Réservations passées" : "Réservations"} de {organization.name}
      </h1>
      <p>
        {canBook ? (
          <>
            <Link className="button" to={`${base}/reservations/nouvelle`}>
              Nouvelle réservation
            </Link>{" "}
          </>
        ) : null}
        {past ? (
          <Link to={`${base}/reservations`}>Voir les réservations à venir</Link>
        ) : (
          <Link to={`${base}/reservations?passees=1`}>Voir les réservations passées</Link>
        )}
      </p>
      {weeks.length === 0 ? (
        <p className="notice">{past ? "Aucune réservation sur les douze derniers mois." : "Aucune réservation à venir."}</p>
      ) : null}
      {weeks.map((week) => (
        <table key={week.weekStart}>
          <caption>
            <h2>{week.label}</h2>
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Horaire</th>
              <th scope="col">Réservation</th>
              <th scope="col">Espace</th>
              <th scope="col">Site</th>
              <th scope="col">Statut</th>
            </tr>
          </thead>
          <tbody>
            {week.items.map((occurrence) => (
              <tr key={occurrence.id}>
                <th scope="row">{occurrence.day}</th>
                <td>{occurrence.hours}</td>
                <td>
                  <Link to={`${base}/reservations/${occurrence.seriesId}`}>{occurrence.title}</Link>
                  {occurrence.recurring ? " (récurrente)" : null}
                </td>
                <td>
                  {occurrence.spaceName}
                  {occurrence.seats !== null ? ` — ${occurrence.seats} ${occurrence.seats > 1 ? "postes" : "poste"}` : null}
                </td>
                <td>{occurrence.siteName}</td>
                <td>
                  <Badges badges={occurrence.badges} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}
