import {
  describeBlockedDate,
  describeRepetition,
  formatHours,
  formatOccurrence,
  groupByWeek,
  occurrenceBadges,
  statusBadge,
  weekStart,
} from "~/domain/booking-display";

describe("formatHours and formatOccurrence", () => {
  it("reads a same-day slot, one ending at midnight and one over several days", () => {
    expect(formatHours("2027-03-23T14:00", "2027-03-23T16:00")).toBe("14:00 – 16:00");
    expect(formatHours("2027-03-23T20:00", "2027-03-24T00:00")).toBe("20:00 – 24:00");
    expect(formatHours("2027-03-23T22:00", "2027-03-25T06:00")).toBe("22:00 – jeudi 25 mars 2027 à 06:00");
    expect(formatOccurrence("2027-08-01T09:00", "2027-08-01T12:30")).toBe("dimanche 1er août 2027, 09:00 – 12:30");
  });
});

describe("describeRepetition", () => {
  it("describes the rule as a sentence, or says the booking does not repeat", () => {
    expect(describeRepetition("FREQ=WEEKLY;BYDAY=TU;COUNT=10", "2027-03-02T14:00")).toBe("Chaque semaine le mardi, 10 fois");
    expect(describeRepetition("FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;UNTIL=20271231T235959", "2027-03-26T14:00")).toBe(
      "Le dernier vendredi de chaque mois jusqu'au 31 décembre 2027",
    );
    expect(describeRepetition(null, "2027-03-02T14:00")).toBe("Ne se répète pas");
  });
});

describe("weekStart and groupByWeek", () => {
  it("starts weeks on Monday, also across a year boundary", () => {
    expect(weekStart("2027-03-01")).toBe("2027-03-01");
    expect(weekStart("2027-03-07T23:30")).toBe("2027-03-01");
    expect(weekStart("2027-01-01")).toBe("2026-12-28");
  });

  it("groups items by the week they start in, keeping their order", () => {
    const items = ["2027-03-02T10:00", "2027-03-07T18:00", "2027-03-08T09:00", "2027-03-31T14:00"];
    expect(groupByWeek(items, (item) => item)).toEqual([
      { weekStart: "2027-03-01", label: "Semaine du lundi 1er mars 2027", items: ["2027-03-02T10:00", "2027-03-07T18:00"] },
      { weekStart: "2027-03-08", label: "Semaine du lundi 8 mars 2027", items: ["2027-03-08T09:00"] },
      { weekStart: "2027-03-29", label: "Semaine du lundi 29 mars 2027", items: ["2027-03-31T14:00"] },
    ]);
    expect(groupByWeek([], (item: string) => item)).toEqual([]);
  });
});

describe("badges", () => {
  const occurrence = { status: "CONFIRMED" as const, modified: false, lateCancellation: false, skippedReason: null };

  it("shows the status, then a late cancellation and a move", () => {
    expect(occurrenceBadges(occurrence)).toEqual([{ label: "Confirmée", tone: "ok" }]);
    expect(occurrenceBadges({ ...occurrence, status: "CANCELLED", lateCancellation: true }).map((b) => b.label)).toEqual([
      "Annulée",
      "Annulation tardive",
    ]);
    expect(occurrenceBadges({ ...occurrence, status: "PENDING", modified: true }).map((b) => b.label)).toEqual([
      "En attente de validation",
      "Déplacée",
    ]);
  });

  it("shows a date skipped at booking time as never booked", () => {
    expect(occurrenceBadges({ ...occurrence, status: "CANCELLED", skippedReason: "Le créneau … est déjà réservé." })).toEqual([
      { label: "Non réservée", tone: "warn" },
    ]);
  });

  it("labels every series status", () => {
    expect(statusBadge("REJECTED")).toEqual({ label: "Refusée", tone: "warn" });
    expect(statusBadge("CANCELLED")).toEqual({ label: "Annulée", tone: "neutral" });
  });
});

describe("describeBlockedDate", () => {
  it("names the slot on the Paris wall clock with every reason", () => {
    const blocked = {
      recurrenceId: "2027-05-11T14:00",
      endsAt: new Date("2027-05-11T14:00:00Z"), // 16:00 in Paris (summer time)
      problems: [{ message: "Le créneau du mardi 11 mai 2027 de 14:00 à 16:00 est déjà réservé." }, { message: "Autre raison." }],
    };
    expect(describeBlockedDate(blocked)).toEqual({
      recurrenceId: "2027-05-11T14:00",
      label: "mardi 11 mai 2027, 14:00 – 16:00",
      reasons: ["Le créneau du mardi 11 mai 2027 de 14:00 à 16:00 est déjà réservé.", "Autre raison."],
    });
  });

  it("names a date skipped by the DST change by its start", () => {
    expect(describeBlockedDate({ recurrenceId: "2027-03-28T02:30", endsAt: null, problems: [] }).label).toBe("dimanche 28 mars 2027 à 02:30");
  });
});
