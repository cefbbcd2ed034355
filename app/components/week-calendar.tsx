// The week calendar as a table: a row per day, a column per space (or the opening hours and
// bookings of one space). Everything is text, so it reads the same without CSS or JavaScript;
// the bar drawn in each cell is a decorative timeline hidden from screen readers.
import { Form, Link } from "@remix-run/react";
import { useMemo } from "react";
import { weekCalendarFromData, type CalendarDay, type SpaceDay, type WeekCalendar, type WeekCalendarData } from "~/domain/week-calendar";

const MINUTES_PER_DAY = 1440;

function percent(minutes: number): string {
  return `${((minutes / MINUTES_PER_DAY) * 100).toFixed(3)}%`;
}

function DayTimeline({ spaceDay }: { spaceDay: SpaceDay }) {
  return (
    <div className={`cal-timeline${spaceDay.closed ? " cal-timeline-closed" : ""}`} aria-hidden="true">
      {spaceDay.closures.length === 0
        ? spaceDay.openingRanges.map((range) => (
            <span
              key={range.open}
              className="cal-open"
              style={{ left: percent(range.open), width: percent(range.close - range.open) }}
            />
          ))
        : null}
      {spaceDay.blocks.map((block, index) => (
        <span
          key={index}
          className={`cal-block${block.status === "PENDING" ? " cal-block-pending" : ""}`}
          style={{ left: percent(block.startMinute), width: percent(Math.max(block.endMinute - block.startMinute, 5)) }}
        />
      ))}
    </div>
  );
}

function OpeningText({ spaceDay }: { spaceDay: SpaceDay }) {
  if (spaceDay.closures.length > 0) {
    return (
      <>
        {spaceDay.closures.map((closure) => (
          <p key={closure.reason} className="cal-closure">
            {closure.text}
          </p>
        ))}
      </>
    );
  }
  return <p className="cal-opening">{spaceDay.openingText}</p>;
}

function Bookings({ spaceDay }: { spaceDay: SpaceDay }) {
  if (spaceDay.blocks.length === 0) return <p className="cal-empty">Aucune réservation</p>;
  return (
    <ul className="cal-bookings">
      {spaceDay.blocks.map((block, index) => (
        <li key={index} className={block.status === "PENDING" ? "cal-pending" : undefined}>
          {block.text}
        </li>
      ))}
    </ul>
  );
}

function DayHeader({ day }: { day: CalendarDay }) {
  return (
    <th scope="row">
      {day.label}{" "}
      {day.hours !== 24 ? (
        <span className="cal-note">
          {day.hours < 24 ? "Passage à l'heure d'été" : "Passage à l'heure d'hiver"} (journée de {day.hours} heures)
        </span>
      ) : null}
    </th>
  );
}

/** One space: a row per day with its opening hours and its bookings. */
export function SpaceWeekTable({ calendar }: { calendar: WeekCalendar }) {
  return (
    <div className="cal-scroll">
      <table className="cal-table">
        <caption>{calendar.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Jour</th>
            <th scope="col">Ouverture</th>
            <th scope="col">Réservations</th>
          </tr>
        </thead>
        <tbody>
          {calendar.days.map((day) => {
            const spaceDay = day.spaces[0];
            return (
              <tr key={day.date}>
                <DayHeader day={day} />
                <td>
                  <OpeningText spaceDay={spaceDay} />
                </td>
                <td>
                  <DayTimeline spaceDay={spaceDay} />
                  <Bookings spaceDay={spaceDay} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Several spaces side by side: a row per day, a column per space. */
export function SiteWeekTable({
  calendar,
  spaces,
}: {
  calendar: WeekCalendar;
  spaces: ReadonlyArray<{ id: string; name: string }>;
}) {
  return (
    <div className="cal-scroll">
      <table className="cal-table cal-table-site">
        <caption>{calendar.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Jour</th>
            {spaces.map((space) => (
              <th scope="col" key={space.id}>
                <Link to={`/espaces/${space.id}/semaine?semaine=${calendar.week}`}>{space.name}</Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calendar.days.map((day) => (
            <tr key={day.date}>
              <DayHeader day={day} />
              {day.spaces.map((spaceDay) => (
                <td key={spaceDay.spaceId}>
                  <OpeningText spaceDay={spaceDay} />
                  <DayTimeline spaceDay={spaceDay} />
                  <Bookings spaceDay={spaceDay} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Previous / next week links and a week picker that works without JavaScript. */
export function WeekNavigation({ calendar, currentWeek }: { calendar: WeekCalendar; currentWeek: string }) {
  return (
    <nav className="cal-nav" aria-label="Changer de semaine">
      <ul>
        <li>
          <Link to={`?semaine=${calendar.previousWeek}`} rel="prev">
            ← Semaine précédente
          </Link>
        </li>
        {calendar.week !== currentWeek ? (
          <li>
            <Link to={`?semaine=${currentWeek}`}>Cette semaine</Link>
          </li>
        ) : null}
        <li>
          <Link to={`?semaine=${calendar.nextWeek}`} rel="next">
            Semaine suivante →
          </Link>
        </li>
      </ul>
      <Form method="get" className="cal-jump">
        <label htmlFor="semaine">Aller à la semaine</label>
        <input
          key={calendar.week}
          id="semaine"
          name="semaine"
          type="week"
          defaultValue={calendar.week}
          aria-describedby="semaine-aide"
        />
        <span id="semaine-aide" className="hint">
          Format AAAA-Wss, par exemple 2027-W12, ou une date AAAA-MM-JJ.
        </span>
        <button type="submit" className="button-secondary">
          Afficher
        </button>
      </Form>
    </nav>
  );
}

export function bookingHref(organizationSlug: string, spaceId: string): string {
  return `/organisations/${organizationSlug}/reservations/nouvelle?espace=${encodeURIComponent(spaceId)}`;
}

/** The calendar of a page's data, built once per render of new data (server, then hydration). */
export function useWeekCalendar(data: WeekCalendarData): WeekCalendar {
  return useMemo(() => weekCalendarFromData(data), [data]);
}
