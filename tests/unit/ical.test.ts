// The pure iCalendar mapping: series and occurrence rows → the exact VEVENT data.
import {
  ANONYMOUS_SUMMARY,
  bookingEvents,
  exportedRule,
  feedWindow,
  icalStatus,
  seriesUid,
  type BookingStatus,
  type ExportBooking,
  type ExportOccurrence,
} from "~/domain/ical";
import { expandOccurrences } from "~/domain/recurrence";
import { parisToInstant } from "~/domain/time";

const CHANGED_AT = new Date("2027-01-04T09:00:00Z");
const LABELS = {
  title: "Atelier numérique",
  organizationName: "Association Savoirs Partagés",
  spaceName: "Salle Olympe de Gouges",
  siteName: "Tiers-lieu des Halles",
  siteAddress: "12 rue des Halles, 44400 Bellerive-sur-Loire",
  url: "https://tiers-lieux.example/organisations/savoirs-partages/reservations/s1",
};

function instant(local: string): Date {
  const result = parisToInstant(local);
  if (!result.ok) throw new Error(`no instant for ${local}`);
  return result.instant;
}

/** A booking whose rows are what createBooking writes: every date of the rule up to `materializedUntil`. */
function booking(input: {
  localStart: string;
  localEnd: string;
  rrule?: string | null;
  status?: BookingStatus;
  materializedUntil?: Date;
  changes?: Record<string, Partial<ExportOccurrence>>;
}): ExportBooking {
  const materializedUntil = input.materializedUntil ?? new Date("2029-01-01T00:00:00Z");
  const status = input.status ?? "CONFIRMED";
  const expansion = expandOccurrences({ localStart: input.localStart, localEnd: input.localEnd, rrule: input.rrule ?? null, until: materializedUntil });
  const rows: ExportOccurrence[] = [
    ...expansion.occurrences.map((o) => ({ ...o, status, modified: false, updatedAt: CHANGED_AT })),
    // A date in the spring DST gap is kept as a cancelled row (createBooking's "impossible" rows).
    ...expansion.invalid.map((o) => ({
      recurrenceId: o.recurrenceId,
      localStart: o.recurrenceId,
      localEnd: o.recurrenceId,
      startsAt: new Date(0),
      endsAt: new Date(0),
      status: "CANCELLED" as const,
      modified: false,
      updatedAt: CHANGED_AT,
    })),
  ].map((row) => ({ ...row, ...input.changes?.[row.recurrenceId] }));
  return {
    id: "s1",
    status,
    localStart: input.localStart,
    localEnd: input.localEnd,
    rrule: input.rrule ?? null,
    sequence: 3,
    materializedUntil,
    createdAt: new Date("2027-01-02T09:00:00Z"),
    updatedAt: CHANGED_AT,
    occurrences: rows,
    labels: LABELS,
  };
}

describe("a recurring series", () => {
  it("is one master VEVENT with its rule, a stable UID, the series' sequence and the last change as DTSTAMP", () => {
    const events = bookingEvents(booking({ localStart: "2027-03-16T14:00", localEnd: "2027-03-16T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4" }), "MEMBER");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      uid: "s1@tiers-lieux",
      sequence: 3,
      stamp: CHANGED_AT,
      lastModified: CHANGED_AT,
      start: "2027-03-16T14:00",
      end: "2027-03-16T16:00",
      recurrenceId: null,
      exdates: [],
      status: "CONFIRMED",
      summary: "Atelier numérique",
      url: LABELS.url,
      location: { title: "Salle Olympe de Gouges — Tiers-lieu des Halles", address: LABELS.siteAddress },
    });
    expect(events[0].rrule).toMatchObject({ value: "FREQ=WEEKLY;BYDAY=TU;COUNT=4", untilUtc: null });
    expect(events[0].description).toBe(
      [
        "Espace : Salle Olympe de Gouges — Tiers-lieu des Halles",
        "Réservé par : Association Savoirs Partagés",
        "Statut : confirmée",
        `Détails : ${LABELS.url}`,
      ].join("\n"),
    );
  });

  it("exports UNTIL in UTC, as RFC 5545 requires next to DTSTART;TZID", () => {
    const [master] = bookingEvents(
      booking({ localStart: "2027-03-16T14:00", localEnd: "2027-03-16T16:00", rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630T235959" }),
      "MEMBER",
    );
    expect(master.rrule?.value).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630T215959Z");
    expect(master.rrule?.untilUtc).toEqual(new Date("2027-06-30T21:59:59Z"));
  });

  it("leaves out cancelled dates with EXDATE and gives moved dates their own VEVENT with RECURRENCE-ID", () => {
    const events = bookingEvents(
      booking({
        localStart: "2027-03-16T14:00",
        localEnd: "2027-03-16T16:00",
        rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=5",
        changes: {
          "2027-03-23T14:00": { status: "CANCELLED" },
          "2027-03-30T14:00": {
            localStart: "2027-04-01T09:00",
            localEnd: "2027-04-01T10:00",
            startsAt: instant("2027-04-01T09:00"),
            endsAt: instant("2027-04-01T10:00"),
            modified: true,
          },
          // Moved, then cancelled: an EXDATE like any cancelled date.
          "2027-04-06T14:00": { localStart: "2027-04-06T18:00", localEnd: "2027-04-06T19:00", modified: true, status: "CANCELLED" },
        },
      }),
      "MEMBER",
    );
    expect(events).toHaveLength(2);
    expect(events[0].exdates).toEqual(["2027-03-23T14:00", "2027-04-06T14:00"]);
    expect(events[1]).toMatchObject({
      uid: "s1@tiers-lieux",
      recurrenceId: "2027-03-30T14:00",
      start: "2027-04-01T09:00",
      end: "2027-04-01T10:00",
      rrule: null,
      exdates: [],
      status: "CONFIRMED",
      sequence: 3,
    });
  });

  it("gives an explicit end to a date whose elapsed duration differs from the first one (DST weekend)", () => {
    // Friday 18:00 → Sunday 18:00: 48 h, but 47 h over the last weekend of March.
    const events = bookingEvents(
      booking({ localStart: "2027-03-12T18:00", localEnd: "2027-03-14T18:00", rrule: "FREQ=WEEKLY;BYDAY=FR;COUNT=4" }),
      "MEMBER",
    );
    expect(events.map((e) => [e.recurrenceId, e.start, e.end])).toEqual([
      [null, "2027-03-12T18:00", "2027-03-14T18:00"],
      ["2027-03-26T18:00", "2027-03-26T18:00", "2027-03-28T18:00"],
    ]);
  });

  it("excludes a date of the spring DST gap with its wall time, as the client generates it", () => {
    const [master] = bookingEvents(booking({ localStart: "2027-03-26T02:30", localEnd: "2027-03-26T03:30", rrule: "FREQ=DAILY;COUNT=4" }), "MEMBER");
    expect(master.exdates).toEqual(["2027-03-28T02:30"]);
  });

  it("stops the rule at the materialisation horizon: dates not booked yet are not shown", () => {
    const materializedUntil = new Date("2027-04-01T10:00:00.001Z");
    const series = booking({ localStart: "2027-03-02T14:00", localEnd: "2027-03-02T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=20", materializedUntil });
    expect(series.occurrences).toHaveLength(5);
    const { rule, dates } = exportedRule(series);
    expect(rule.value).toBe("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270401T100000Z");
    expect(rule.parts.count).toBeUndefined();
    expect(rule.untilUtc).toEqual(new Date("2027-04-01T10:00:00Z"));
    expect(dates).toEqual(series.occurrences.map((o) => o.recurrenceId));
  });

  it("keeps the stored end when every date is booked", () => {
    const series = booking({
      localStart: "2027-03-02T14:00",
      localEnd: "2027-03-02T16:00",
      rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
      materializedUntil: new Date("2027-03-23T13:00:00.001Z"),
    });
    expect(exportedRule(series).rule.value).toBe("FREQ=WEEKLY;BYDAY=TU;COUNT=4");
  });

  it("keeps BYSETPOS and ordinal BYDAY rules as they are", () => {
    const bySetPos = exportedRule(booking({ localStart: "2027-01-12T10:00", localEnd: "2027-01-12T12:00", rrule: "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=12" }));
    expect(bySetPos.rule.value).toBe("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=12");
    expect(bySetPos.dates).toHaveLength(12);
    const ordinal = exportedRule(booking({ localStart: "2027-01-29T10:00", localEnd: "2027-01-29T12:00", rrule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3" }));
    expect(ordinal.rule.parts.byDay).toEqual([{ weekday: "FR", ordinal: -1 }]);
    expect(ordinal.dates).toEqual(["2027-01-29T10:00", "2027-02-26T10:00", "2027-03-26T10:00"]);
  });

  it("marks a pending booking TENTATIVE and says so in its title", () => {
    const [master] = bookingEvents(
      booking({ localStart: "2027-03-16T14:00", localEnd: "2027-03-16T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=2", status: "PENDING" }),
      "MEMBER",
    );
    expect(master.status).toBe("TENTATIVE");
    expect(master.summary).toBe("Atelier numérique (en attente de validation)");
  });

  it("is a single CANCELLED VEVENT once no date is left", () => {
    const events = bookingEvents(
      booking({ localStart: "2027-03-16T14:00", localEnd: "2027-03-16T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3", status: "CANCELLED" }),
      "MEMBER",
    );
    expect(events.map((e) => [e.status, e.exdates.length, e.rrule?.value])).toEqual([["CANCELLED", 0, "FREQ=WEEKLY;BYDAY=TU;COUNT=3"]]);
  });

  it("keeps the dates that took place of a series cancelled later, and excludes the others", () => {
    const series = booking({
      localStart: "2027-03-16T14:00",
      localEnd: "2027-03-16T16:00",
      rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
      changes: { "2027-03-30T14:00": { status: "CANCELLED" }, "2027-04-06T14:00": { status: "CANCELLED" } },
    });
    const [master, ...rest] = bookingEvents({ ...series, status: "CANCELLED" }, "MEMBER");
    expect(rest).toEqual([]);
    expect(master.status).toBe("CONFIRMED");
    expect(master.exdates).toEqual(["2027-03-30T14:00", "2027-04-06T14:00"]);
  });

  it("exports a date the rule does not produce as an event of its own rather than losing it", () => {
    const series = booking({ localStart: "2027-03-16T14:00", localEnd: "2027-03-16T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=2" });
    const stray: ExportOccurrence = { ...series.occurrences[0], recurrenceId: "2027-03-17T14:00", localStart: "2027-03-17T14:00", localEnd: "2027-03-17T16:00" };
    const events = bookingEvents({ ...series, occurrences: [...series.occurrences, stray] }, "MEMBER");
    expect(events.map((e) => [e.uid, e.start])).toEqual([
      ["s1@tiers-lieux", "2027-03-16T14:00"],
      ["s1-20270317T1400@tiers-lieux", "2027-03-17T14:00"],
    ]);
  });
});

describe("a one-off booking", () => {
  it("is one VEVENT at the times of its row, moved or not, and CANCELLED once cancelled", () => {
    const moved = booking({
      localStart: "2027-03-16T14:00",
      localEnd: "2027-03-16T16:00",
      changes: { "2027-03-16T14:00": { localStart: "2027-03-17T10:00", localEnd: "2027-03-17T11:00", modified: true } },
    });
    expect(bookingEvents(moved, "MEMBER").map((e) => [e.start, e.end, e.rrule, e.status])).toEqual([["2027-03-17T10:00", "2027-03-17T11:00", null, "CONFIRMED"]]);
    const cancelled = booking({ localStart: "2027-03-16T14:00", localEnd: "2027-03-16T16:00", changes: { "2027-03-16T14:00": { status: "CANCELLED" } } });
    expect(bookingEvents(cancelled, "MEMBER").map((e) => e.status)).toEqual(["CANCELLED"]);
  });
});

describe("who reads the feed", () => {
  const series = booking({ localStart: "2027-03-16T14:00", localEnd: "2027-03-16T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=2" });

  it("shows managers of the space the booking organisation in the title", () => {
    expect(bookingEvents(series, "MANAGER")[0].summary).toBe("Atelier numérique — Association Savoirs Partagés");
  });

  it("shows anyone else only « Réservé »: no organisation, no title, no link", () => {
    const [event] = bookingEvents(series, "PUBLIC");
    expect(event.summary).toBe(ANONYMOUS_SUMMARY);
    expect(event.url).toBeNull();
    const text = JSON.stringify(event);
    expect(text).not.toContain("Savoirs");
    expect(text).not.toContain("Atelier");
    expect(event.location.title).toBe("Salle Olympe de Gouges — Tiers-lieu des Halles");
  });
});

describe("helpers", () => {
  it("maps booking statuses to iCalendar ones", () => {
    expect((["PENDING", "CONFIRMED", "REJECTED", "CANCELLED"] as const).map(icalStatus)).toEqual(["TENTATIVE", "CONFIRMED", "CANCELLED", "CANCELLED"]);
  });

  it("names a series' events after the series", () => {
    expect(seriesUid("clx123")).toBe("clx123@tiers-lieux");
  });

  it("starts the feed window at Paris midnight three months back", () => {
    expect(feedWindow(new Date("2027-05-15T10:00:00Z"))).toEqual({
      from: new Date("2027-02-14T23:00:00Z"),
      movedAt: new Date("2027-05-14T22:00:00Z"),
    });
  });
});
