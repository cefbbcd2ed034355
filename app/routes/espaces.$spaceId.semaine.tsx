import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { bookingHref, SpaceWeekTable, useWeekCalendar, WeekNavigation } from "~/components/week-calendar";
import { db } from "~/db.server";
import { formatIsoWeek, weekCaption } from "~/domain/week-calendar";
import { loadSpaceWeek } from "~/models/calendar.server";
import calendarStyles from "~/styles/calendar.css";
import type { DocumentCacheHandle } from "~/utils/document-cache.server";
import { weekPageRequest } from "~/utils/week-page.server";

// Read-only and read often: its page is kept while nothing changes (ADR 0021).
export const handle: DocumentCacheHandle = { documentCache: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: calendarStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.space.name} — ${data.caption} — Tiers-lieux partagés` : "Calendrier — Tiers-lieux partagés" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, week, currentWeek } = await weekPageRequest(request, context);
  const result = await loadSpaceWeek(db, { spaceId: params.spaceId ?? "", week, userId: user.id });
  if (!result) throw new Response("Espace introuvable.", { status: 404 });
  return json({
    calendarData: result.calendarData,
    caption: weekCaption(week),
    space: result.spaces[0],
    bookingOrganizations: result.bookingOrganizations,
    currentWeek: formatIsoWeek(currentWeek),
  });
}

export default function SpaceWeekPage() {
  const { calendarData, space, bookingOrganizations, currentWeek } = useLoaderData<typeof loader>();
  const calendar = useWeekCalendar(calendarData);
  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">{space.name}</h1>
      <p>
        <Link to={`/sites/${space.site.id}/semaine?semaine=${calendar.week}`}>{space.site.name}</Link> — géré par{" "}
        {space.organizationName}. {space.kind === "DESK_POOL" ? `Open space de ${space.seats} postes` : "Salle"},{" "}
        {space.capacity} personnes{space.accessible ? ", accessible PMR" : ""}.
        {space.requiresApproval ? " Les réservations sont soumises à validation." : ""}
      </p>
      {bookingOrganizations.length > 0 ? (
        <ul className="cal-book">
          {bookingOrganizations.map((organization) => (
            <li key={organization.slug}>
              <Link className="button" to={bookingHref(organization.slug, space.id)}>
                Réserver cet espace
                {bookingOrganizations.length > 1 ? <span> pour {organization.name}</span> : null}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <WeekNavigation calendar={calendar} currentWeek={currentWeek} />
      <SpaceWeekTable calendar={calendar} />
      <p>
        <Link to="/disponibilites">Chercher un espace libre à une autre date</Link>
      </p>
    </section>
  );
}
