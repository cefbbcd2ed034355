import { describe, expect, it } from "vitest";
import {
  checkOccurrenceDenormalisation,
  checkSeriesOccurrences,
  formatCheckReport,
  roomOverlapSweep,
  seatSweep,
  sweepAll,
  type ActiveOccurrence,
  type SeriesToCheck,
  type StoredOccurrence,
} from "~/domain/invariants";

// Instants are written in UTC. Paris is UTC+1 until 2027-03-28 02:00 local, UTC+2 after.
const at = (hhmm: string, day = "2027-03-23") => new Date(`${day}T${hhmm}:00Z`);

function active(id: string, start: string, end: string, extra: { blockedUntil?: string; seats?: number } = {}): ActiveOccurrence {
  return { id, seriesId: `series-${id}`, startsAt: at(start), endsAt: at(end), blockedUntil: at(extra.blockedUntil ?? end), seats: extra.seats ?? 1 };
}

const ROOM = { id: "room", name: "Salle Olympe de Gouges", seats: 1 };
const POOL = { id: "pool", name: "Open space", seats: 6 };

describe("roomOverlapSweep", () => {
  it("accepts back-to-back bookings and reports overlapping ones with both ids", () => {
    expect(sweepAll(roomOverlapSweep(ROOM), [active("a", "09:00", "10:00"), active("b", "10:00", "11:00")])).toEqual([]);
    const findings = sweepAll(roomOverlapSweep(ROOM), [active("a", "09:00", "10:00"), active("b", "09:30", "10:30")]);
    expect(findings).toEqual([
      {
        code: "ROOM_OVERLAP",
        message:
          "Salle « Salle Olympe de Gouges » (room) : l'occurrence b (mardi 23 mars 2027 à 10:30–11:30) chevauche " +
          "l'occurrence a (mardi 23 mars 2027 à 10:00–11:00).",
        ids: ["a", "b"],
      },
    ]);
  });

  it("counts the buffer: a booking starting inside the previous one's buffer overlaps it, one starting after does not", () => {
    const buffered = active("a", "09:00", "10:00", { blockedUntil: "10:15" });
    const insideBuffer = sweepAll(roomOverlapSweep(ROOM), [buffered, active("b", "10:00", "11:00")]);
    expect(insideBuffer).toHaveLength(1);
    expect(insideBuffer[0].message).toContain("marge comprise jusqu'à 11:15");
    expect(sweepAll(roomOverlapSweep(ROOM), [buffered, active("c", "10:15", "11:00")])).toEqual([]);
  });

  it("reports every occurrence held inside a long one, against that long one", () => {
    const findings = sweepAll(roomOverlapSweep(ROOM), [active("long", "08:00", "17:00"), active("b", "09:00", "10:00"), active("c", "13:00", "14:00")]);
    expect(findings.map((f) => f.ids)).toEqual([
      ["long", "b"],
      ["long", "c"],
    ]);
  });

  it("refuses occurrences out of start order, which would hide overlaps", () => {
    const sweep = roomOverlapSweep(ROOM);
    sweep(active("b", "10:00", "11:00"));
    expect(() => sweep(active("a", "09:00", "10:00"))).toThrow(RangeError);
  });
});

describe("seatSweep", () => {
  it("reports the instant more seats are taken than the pool offers, with the occurrences running then", () => {
    const findings = sweepAll(seatSweep(POOL), [
      active("a", "09:00", "11:00", { seats: 3 }),
      active("b", "10:00", "12:00", { seats: 3 }),
      active("c", "10:30", "11:30", { seats: 1 }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0].code).toBe("SEATS_EXCEEDED");
    expect(findings[0].ids.sort()).toEqual(["a", "b", "c"]);
    expect(findings[0].message).toBe(
      "Espace partagé « Open space » (pool) : le mardi 23 mars 2027 à 11:30, 7 postes sont réservés pour 6 disponibles (occurrences a, b, c).",
    );
  });

  it("frees seats at the end instant (half-open intervals) and ignores the buffer", () => {
    const findings = sweepAll(seatSweep(POOL), [
      active("a", "09:00", "11:00", { seats: 4, blockedUntil: "11:30" }),
      active("b", "10:00", "12:00", { seats: 2 }),
      active("c", "11:00", "12:00", { seats: 4 }),
    ]);
    expect(findings).toEqual([]);
  });

  it("finds the peak of many small overlapping bookings (sweep, not pairwise sums)", () => {
    const many = Array.from({ length: 7 }, (_, i) => active(`o${i}`, `09:0${i}`, "10:00"));
    expect(sweepAll(seatSweep(POOL), many).map((f) => f.ids.length)).toEqual([7]);
    expect(sweepAll(seatSweep(POOL), many.slice(0, 6))).toEqual([]);
  });
});

describe("checkSeriesOccurrences", () => {
  const weekly: SeriesToCheck = {
    id: "s1",
    title: "Atelier numérique",
    status: "CONFIRMED",
    localStart: "2027-03-16T14:00",
    localEnd: "2027-03-16T16:00",
    rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
    materializedUntil: new Date("2028-01-01T00:00:00Z"),
  };
  const row = (recurrenceId: string, extra: Partial<StoredOccurrence> = {}): StoredOccurrence => ({
    id: `o-${recurrenceId}`,
    recurrenceId,
    localStart: recurrenceId,
    localEnd: `${recurrenceId.slice(0, 10)}T16:00`,
    status: "CONFIRMED",
    modified: false,
    skippedReason: null,
    ...extra,
  });
  const complete = ["2027-03-16T14:00", "2027-03-23T14:00", "2027-03-30T14:00", "2027-04-06T14:00"].map((id) => row(id));

  it("accepts a complete series, with a cancelled date and a date skipped for a conflict", () => {
    const rows = [complete[0], { ...complete[1], status: "CANCELLED" as const }, { ...complete[2], status: "CANCELLED" as const, skippedReason: "Déjà réservé." }, complete[3]];
    expect(checkSeriesOccurrences(weekly, rows)).toEqual([]);
  });

  it("reports a missing date and a row the rule does not produce", () => {
    const findings = checkSeriesOccurrences(weekly, [complete[0], complete[1], complete[3], row("2027-04-13T14:00")]);
    expect(findings.map((f) => [f.code, f.ids])).toEqual([
      ["OCCURRENCE_MISSING", ["s1"]],
      ["OCCURRENCE_UNEXPECTED", ["o-2027-04-13T14:00"]],
    ]);
    expect(findings[0].message).toBe(
      "Série s1 (« Atelier numérique », FREQ=WEEKLY;BYDAY=TU;COUNT=4) : 1 occurrence(s) de la règle absente(s) : 2027-03-30T14:00.",
    );
  });

  it("accepts a moved occurrence (it keeps its recurrence id) but not unmodified rows with other times", () => {
    const moved = row("2027-03-23T14:00", { localStart: "2027-03-24T10:00", localEnd: "2027-03-24T12:00", modified: true });
    expect(checkSeriesOccurrences(weekly, [complete[0], moved, complete[2], complete[3]])).toEqual([]);
    const findings = checkSeriesOccurrences(weekly, [complete[0], { ...moved, modified: false }, complete[2], complete[3]]);
    expect(findings.map((f) => f.code)).toEqual(["OCCURRENCE_TIMES_DIFFER"]);
  });

  it("expects only the dates before materializedUntil", () => {
    const open = { ...weekly, rrule: "FREQ=WEEKLY;BYDAY=TU", materializedUntil: new Date("2027-04-01T00:00:00Z") };
    expect(checkSeriesOccurrences(open, complete.slice(0, 3))).toEqual([]);
    expect(checkSeriesOccurrences(open, complete).map((f) => f.code)).toEqual(["OCCURRENCE_UNEXPECTED"]);
  });

  it("expects a date skipped by the spring DST change as a cancelled row with a reason", () => {
    const night: SeriesToCheck = { ...weekly, localStart: "2027-03-21T02:30", localEnd: "2027-03-21T03:30", rrule: "FREQ=WEEKLY;COUNT=3" };
    const nightRow = (recurrenceId: string, extra: Partial<StoredOccurrence> = {}) =>
      row(recurrenceId, { localEnd: `${recurrenceId.slice(0, 10)}T03:30`, ...extra });
    const gap = nightRow("2027-03-28T02:30", { localEnd: "2027-03-28T02:30", status: "CANCELLED", skippedReason: "L'occurrence ne peut pas avoir lieu." });
    const first = nightRow("2027-03-21T02:30");
    const last = nightRow("2027-04-04T02:30");
    expect(checkSeriesOccurrences(night, [first, gap, last])).toEqual([]);
    expect(checkSeriesOccurrences(night, [first, { ...gap, status: "CONFIRMED" }, last]).map((f) => f.code)).toEqual(["DST_GAP_OCCURRENCE_NOT_SKIPPED"]);
    const missingGap = checkSeriesOccurrences(night, [first, last]);
    expect(missingGap.map((f) => f.code)).toEqual(["OCCURRENCE_MISSING"]);
    expect(missingGap[0].message).toContain("dont 1 date(s) inexistante(s) au passage à l'heure d'été");
  });

  it("wants exactly one row for a one-off booking", () => {
    const oneOff: SeriesToCheck = { ...weekly, rrule: null, materializedUntil: new Date("2027-03-10T00:00:00Z") };
    expect(checkSeriesOccurrences(oneOff, [complete[0]])).toEqual([]);
    expect(checkSeriesOccurrences(oneOff, [complete[0], complete[1]]).map((f) => f.code)).toEqual(["OCCURRENCE_UNEXPECTED"]);
    expect(checkSeriesOccurrences(oneOff, []).map((f) => f.code)).toEqual(["SERIES_WITHOUT_OCCURRENCES"]);
  });

  it("accepts a series split by “this and following” that ends before its successor, and reports one that does not", () => {
    const before: SeriesToCheck = { ...weekly, rrule: "FREQ=WEEKLY;UNTIL=20270322T235959;BYDAY=TU" };
    const successor = { id: "s2", localStart: "2027-03-23T15:00" };
    expect(checkSeriesOccurrences(before, complete.slice(0, 1), [successor])).toEqual([]);
    const notEnded = checkSeriesOccurrences(weekly, complete, [successor]);
    expect(notEnded.map((f) => [f.code, f.ids])).toEqual([["SPLIT_SERIES_NOT_ENDED", ["s1", "s2"]]]);
    expect(notEnded[0].message).toContain("n'a pas de date de fin (UNTIL) alors que la série s2 la continue à partir du mardi 23 mars 2027 à 15:00");
  });

  it("allows no rows only for a cancelled series split at its first occurrence", () => {
    const emptied = { ...weekly, status: "CANCELLED" as const };
    expect(checkSeriesOccurrences(emptied, [], [{ id: "s2", localStart: "2027-03-16T15:00" }])).toEqual([]);
    expect(checkSeriesOccurrences(emptied, []).map((f) => f.code)).toEqual(["SERIES_WITHOUT_OCCURRENCES"]);
  });

  it("reports a rule that can no longer be expanded", () => {
    expect(checkSeriesOccurrences({ ...weekly, rrule: "FREQ=HOURLY" }, complete).map((f) => f.code)).toEqual(["SERIES_RULE_INVALID"]);
  });
});

describe("checkOccurrenceDenormalisation", () => {
  const occurrence = { id: "o1", seriesId: "s1", spaceId: "room", organizationId: "org", series: { spaceId: "room", organizationId: "org" } };

  it("accepts copies equal to the series'", () => {
    expect(checkOccurrenceDenormalisation(occurrence)).toBeNull();
  });

  it("names each copied field that differs", () => {
    expect(checkOccurrenceDenormalisation({ ...occurrence, spaceId: "pool", organizationId: "other" })).toEqual({
      code: "DENORMALISED_FIELDS_DIFFER",
      message: "Occurrence o1 : copie différente de sa série s1 (spaceId pool ≠ room, organizationId other ≠ org).",
      ids: ["o1", "s1"],
    });
  });
});

describe("formatCheckReport", () => {
  it("says so when every check passes", () => {
    const report = formatCheckReport([{ name: "room-overlaps", title: "Salles / Rooms", violations: 0, examples: [] }]);
    expect(report).toContain("  OK  room-overlaps — Salles / Rooms");
    expect(report.split("\n").at(-1)).toBe("Aucune anomalie (1 contrôles). / No violations (1 checks).");
  });

  it("shows the first findings of a failed check and counts the others", () => {
    const finding = { code: "ROOM_OVERLAP" as const, message: "Salle A : chevauchement.", ids: ["a", "b"] };
    const report = formatCheckReport([
      { name: "room-overlaps", title: "Salles / Rooms", violations: 3, examples: [finding] },
      { name: "series-complete", title: "Séries / Series", violations: 0, examples: [] },
    ]);
    expect(report).toContain("  ÉCHEC / FAILED  room-overlaps — Salles / Rooms : 3 anomalie(s) / violation(s)");
    expect(report).toContain("      [ROOM_OVERLAP] Salle A : chevauchement.");
    expect(report).toContain("      … et 2 autre(s) / and 2 more");
    expect(report.split("\n").at(-1)).toBe("3 anomalie(s) trouvée(s) par 1 contrôle(s) sur 2. / 3 violation(s) found by 1 of 2 checks.");
  });
});
