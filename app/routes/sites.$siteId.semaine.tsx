import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { bookingHref, SiteWeekTable, useWeekCalendar, WeekNavigation } from "~/components/week-calendar";
import { db } from "~/db.server";
import { formatIsoWeek, weekCaption } from "~/domain/week-calendar";
import { loadSiteWeek } from "~/models/calendar.server";
import calendarStyles from "~/styles/calendar.css";
import type { DocumentCacheHandle } from "~/utils/document-cache.server";
import { weekPageRequest } from "~/utils/week-page.server";

// Read-only and read often: its page is kept while nothing changes (ADR 0021).
export const handle: DocumentCacheHandle = { documentCache: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: calendarStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.site.name} — ${data.caption} — Tiers-lieux partagés` : "Calendrier — Tiers-lieux partagés" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, week, currentWeek } = await weekPageRequest(request, context);
  const result = await loadSiteWeek(db, { siteId: params.siteId ?? "", week, userId: user.id });
  if (!result) throw new Response("Site introuvable.", { status: 404 });
  return json({ ...result, caption: weekCaption(week), currentWeek: formatIsoWeek(currentWeek) });
}

export default function SiteWeekPage() {
  const { calendarData, site, spaces, bookingOrganizations, currentWeek } = useLoaderData<typeof loader>();
  const calendar = useWeekCalendar(calendarData);
  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">{site.name}</h1>
      <p>
        {site.address} — géré par {site.organizationName}.
      </p>
      <WeekNavigation calendar={calendar} currentWeek={currentWeek} />
      {spaces.length === 0 ? (
        <p>Ce site n'a pas encore d'espace réservable.</p>
      ) : (
        <SiteWeekTable calendar={calendar} spaces={spaces} />
      )}
      {spaces.length > 0 && bookingOrganizations.length > 0 ? (
        <section aria-labelledby="book-title">
          <h2 id="book-title">Réserver</h2>
          <ul>
            {spaces.map((space) => (
              <li key={space.id}>
                {space.name} ({space.kind === "DESK_POOL" ? `${space.seats} postes` : `${space.capacity} personnes`}
                {space.accessible ? ", accessible PMR" : ""}
                {space.requiresApproval ? ", sur validation" : ""}) :{" "}
                {bookingOrganizations.map((organization, index) => (
                  <span key={organization.slug}>
                    {index > 0 ? ", " : null}
                    <Link to={bookingHref(organization.slug, space.id)}>
                      Réserver cet espace
                      {bookingOrganizations.length > 1 ? ` pour ${organization.name}` : <span className="visually-hidden"> : {space.name}</span>}
                    </Link>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to={`/disponibilites?site=${site.id}`}>Chercher un espace libre sur ce site</Link>
      </p>
    </section>
  );
}
