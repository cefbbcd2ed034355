// Feeds are assembled from per-series pieces (app/models/calendar-feed.server.ts): the frame of
// the calendar around the VEVENTs of each series, folded on their own. The result must be the
// very document ical-generator renders over every event at once.
import { foldLines as icalGeneratorFoldLines } from "ical-generator";
import { bookingEvents, type ExportBooking, type ExportOccurrence } from "~/domain/ical";
import { calendarFrame, foldLines, renderCalendar, renderEvents } from "~/models/calendar-feed.server";
import { expandOccurrences } from "~/domain/recurrence";

const UPDATED = new Date("2027-01-02T10:00:00Z");

function booking(id: string, localStart: string, localEnd: string, rrule: string | null, title: string): ExportBooking {
  const expansion = expandOccurrences({ localStart, localEnd, rrule, until: new Date("2027-12-31T00:00:00Z") });
  const occurrences: ExportOccurrence[] = expansion.occurrences.map((o, index) => ({
    recurrenceId: o.recurrenceId,
    localStart: index === 2 ? o.localStart.replace(/T\d\d/, "T17") : o.localStart,
    localEnd: index === 2 ? o.localEnd.replace(/T\d\d/, "T18") : o.localEnd,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    status: index === 1 ? "CANCELLED" : "CONFIRMED",
    modified: index === 2,
    updatedAt: UPDATED,
  }));
  return {
    id,
    status: "CONFIRMED",
    localStart,
    localEnd,
    rrule,
    sequence: 3,
    materializedUntil: new Date("2027-12-31T00:00:00Z"),
    createdAt: new Date("2027-01-01T09:00:00Z"),
    updatedAt: UPDATED,
    occurrences,
    labels: {
      title,
      organizationName: "Association des Ateliers Partagés de la Vallée — antenne de Saint-Étienne-de-Saint-Geoirs",
      spaceName: "Salle « Les Glycines » 🌿",
      siteName: "Tiers-lieu de la Gare",
      siteAddress: "12 rue de l'Égalité, 38590 Saint-Étienne-de-Saint-Geoirs",
      url: `https://tiers-lieux.example/organisations/ateliers/reservations/${id}`,
    },
  };
}

const bookings = [
  booking("series-weekly", "2027-01-05T14:00", "2027-01-05T16:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=20", "Atelier couture et réparation — « ça se répare » ✂️"),
  booking("series-monthly", "2027-01-12T10:00", "2027-01-12T12:00", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=6", "Réunion du collège des usagers"),
  booking("series-one-off", "2027-02-03T10:00", "2027-02-03T11:00", null, "x".repeat(200)),
];

describe("feed assembly", () => {
  it("folds lines exactly as ical-generator does, accents, emoji and long lines included", () => {
    const text = ["SUMMARY:" + "é".repeat(120), "DESCRIPTION:" + "🌿a".repeat(60), "X:" + "b".repeat(300), "", "LOCATION:court"].join("\r\n");
    expect(foldLines(text)).toBe(icalGeneratorFoldLines(text));
    expect(foldLines(text)).not.toBe(text);
  });

  it("gives the document renderCalendar gives over every event", () => {
    const name = "Réservations — Association des Ateliers Partagés de la Vallée, antenne de Saint-Étienne";
    const { head, tail } = calendarFrame(name);
    const pieces = bookings.map((b) => renderEvents(bookingEvents(b, "MEMBER")));
    const whole = renderCalendar(name, bookings.flatMap((b) => bookingEvents(b, "MEMBER")));
    expect(head + pieces.join("") + tail).toBe(whole);
    // Two masters, each with one moved date, and the one-off booking.
    expect(whole.match(/BEGIN:VEVENT/g)).toHaveLength(5);
  });

  it("gives the same frame around no event as around several", () => {
    const { head, tail } = calendarFrame("Salle A — Site B (créneaux réservés)");
    expect(head).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VTIMEZONE\r\n[\s\S]*X-WR-TIMEZONE:Europe\/Paris\r\n[\s\S]*$/);
    expect(tail).toBe("END:VCALENDAR");
  });
});
