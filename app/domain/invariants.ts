/**
 * Database invariants, as pure functions over rows: given what the database holds, which
 * rules are broken. `app/models/invariants.server.ts` reads the rows (in keyset pages) and
 * `npm run db:check` prints what these functions find.
 *
 * The rules checked here are the ones the booking model promises (docs/decisions/0005):
 * - a room never holds two active (PENDING or CONFIRMED) occurrences at once, its buffer
 *   included: occurrences block [startsAt, blockedUntil);
 * - a desk pool never has more seats taken at one instant than it offers (its buffer does not
 *   apply, as in app/domain/conflicts.ts);
 * - a series' occurrence rows are exactly the expansion of its rule from DTSTART up to
 *   `materializedUntil`; a series split by "this and all following" ends before its successor;
 * - an occurrence's copied `spaceId` and `organizationId` are its series'.
 *
 * The sweeps take occurrences one by one in start order and keep only what is still running,
 * so a space with a million occurrences is checked in constant memory (rooms) or in memory
 * bounded by the busiest instant (desk pools).
 */
import { expandOccurrences, parseRRule } from "./recurrence";
import { formatLocalDateTime, formatParisDateTime, instantToParis, localTime, type LocalDateTime } from "./time";

/** One broken rule: a stable code, a French explanation, and the ids of the rows involved. */
export type Finding = { code: FindingCode; message: string; ids: string[] };

export type FindingCode =
  | "ROOM_OVERLAP"
  | "SEATS_EXCEEDED"
  | "SERIES_WITHOUT_OCCURRENCES"
  | "SERIES_RULE_INVALID"
  | "OCCURRENCE_MISSING"
  | "OCCURRENCE_UNEXPECTED"
  | "OCCURRENCE_TIMES_DIFFER"
  | "DST_GAP_OCCURRENCE_NOT_SKIPPED"
  | "SPLIT_SERIES_NOT_ENDED"
  | "DENORMALISED_FIELDS_DIFFER";

/** At most this many ids or dates are spelled out in one message; the rest are counted. */
const LISTED_ITEMS = 5;

function listSome(items: readonly string[]): string {
  const shown = items.slice(0, LISTED_ITEMS).join(", ");
  const rest = items.length - LISTED_ITEMS;
  return rest > 0 ? `${shown} et ${rest} autre(s)` : shown;
}

// ---------------------------------------------------------------------------------------------
// Sweeps over the active occurrences of one space
// ---------------------------------------------------------------------------------------------

/** An active (PENDING or CONFIRMED) occurrence, as the sweeps need it. */
export type ActiveOccurrence = {
  id: string;
  seriesId: string;
  startsAt: Date;
  endsAt: Date;
  /** endsAt plus the room's buffer when it was booked. */
  blockedUntil: Date;
  seats: number;
};

export type SweptSpace = { id: string; name: string; seats: number };

/** Receives the occurrences of one space in non-decreasing `startsAt` order; returns what each one breaks. */
export type Sweep = (occurrence: ActiveOccurrence) => Finding[];

function chronological(sweep: Sweep): Sweep {
  let previousStart = -Infinity;
  return (occurrence) => {
    const start = occurrence.startsAt.getTime();
    if (start < previousStart) throw new RangeError("Occurrences must be given in non-decreasing startsAt order.");
    previousStart = start;
    return sweep(occurrence);
  };
}

function describeSlot(occurrence: ActiveOccurrence): string {
  const end = instantToParis(occurrence.endsAt);
  return `${occurrence.id} (${formatParisDateTime(occurrence.startsAt)}–${localTime(end)})`;
}

/**
 * Rooms: an occurrence overlaps an earlier one iff it starts before the latest `blockedUntil`
 * seen so far, so remembering that one occurrence is enough. Every overlapping occurrence is
 * reported once, paired with the earlier occurrence that blocks the room the longest.
 */
export function roomOverlapSweep(space: SweptSpace): Sweep {
  let longestBlocking: ActiveOccurrence | null = null;
  return chronological((occurrence) => {
    const findings: Finding[] = [];
    if (longestBlocking && occurrence.startsAt < longestBlocking.blockedUntil) {
      const bufferNote =
        longestBlocking.blockedUntil > longestBlocking.endsAt ? `, marge comprise jusqu'à ${localTime(instantToParis(longestBlocking.blockedUntil))}` : "";
      findings.push({
        code: "ROOM_OVERLAP",
        message:
          `Salle « ${space.name} » (${space.id}) : l'occurrence ${describeSlot(occurrence)} chevauche ` +
          `l'occurrence ${describeSlot(longestBlocking)}${bufferNote}.`,
        ids: [longestBlocking.id, occurrence.id],
      });
    }
    if (!longestBlocking || occurrence.blockedUntil > longestBlocking.blockedUntil) longestBlocking = occurrence;
    return findings;
  });
}

/** Binary min-heap of running occurrences by end, for the seat sweep. */
class RunningOccurrences {
  readonly items: ActiveOccurrence[] = [];

  get earliestEnd(): Date | undefined {
    return this.items[0]?.endsAt;
  }

  push(occurrence: ActiveOccurrence) {
    const items = this.items;
    items.push(occurrence);
    let child = items.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (items[parent].endsAt <= items[child].endsAt) break;
      [items[parent], items[child]] = [items[child], items[parent]];
      child = parent;
    }
  }

  pop(): ActiveOccurrence {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let smallest = parent;
        if (left < items.length && items[left].endsAt < items[smallest].endsAt) smallest = left;
        if (right < items.length && items[right].endsAt < items[smallest].endsAt) smallest = right;
        if (smallest === parent) break;
        [items[parent], items[smallest]] = [items[smallest], items[parent]];
        parent = smallest;
      }
    }
    return top;
  }
}

/**
 * Desk pools: seats in use only grow when an occurrence starts, so checking the count at each
 * start finds every instant over capacity. Intervals are half-open: an occurrence ending at
 * 12:00 frees its seats for one starting at 12:00.
 */
export function seatSweep(space: SweptSpace): Sweep {
  const running = new RunningOccurrences();
  let seatsInUse = 0;
  return chronological((occurrence) => {
    while (running.earliestEnd !== undefined && running.earliestEnd <= occurrence.startsAt) seatsInUse -= running.pop().seats;
    running.push(occurrence);
    seatsInUse += occurrence.seats;
    if (seatsInUse <= space.seats) return [];
    const ids = running.items.map((o) => o.id);
    return [
      {
        code: "SEATS_EXCEEDED",
        message:
          `Espace partagé « ${space.name} » (${space.id}) : le ${formatParisDateTime(occurrence.startsAt)}, ` +
          `${seatsInUse} postes sont réservés pour ${space.seats} disponibles (occurrences ${listSome(ids)}).`,
        ids,
      },
    ];
  });
}

/** Every finding of a sweep over a whole list (any order), for tests and small inputs. */
export function sweepAll(sweep: Sweep, occurrences: readonly ActiveOccurrence[]): Finding[] {
  return [...occurrences].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).flatMap(sweep);
}

// ---------------------------------------------------------------------------------------------
// Series completeness
// ---------------------------------------------------------------------------------------------

export type SeriesToCheck = {
  id: string;
  title: string;
  status: "PENDING" | "CONFIRMED" | "REJECTED" | "CANCELLED";
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  rrule: string | null;
  materializedUntil: Date;
};

export type StoredOccurrence = {
  id: string;
  recurrenceId: LocalDateTime;
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  status: "PENDING" | "CONFIRMED" | "REJECTED" | "CANCELLED";
  modified: boolean;
  skippedReason: string | null;
};

/** A series created by "this and all following" from the checked one (its `splitFromId`). */
export type SeriesSuccessor = { id: string; localStart: LocalDateTime };

const isActive = (status: StoredOccurrence["status"]) => status === "PENDING" || status === "CONFIRMED";

/** What the series' rule says its rows are: dates with times, and dates skipped by the spring DST change. */
type ExpectedRows = { ok: true; times: Map<LocalDateTime, LocalDateTime>; dstGaps: Set<LocalDateTime>; until?: string } | { ok: false; message: string };

function expectedRows(series: SeriesToCheck): ExpectedRows {
  if (series.rrule === null) {
    // A one-off booking is planned whatever its horizon (booking-plan.ts expandRequest).
    return { ok: true, times: new Map([[series.localStart, series.localEnd]]), dstGaps: new Set() };
  }
  const parsed = parseRRule(series.rrule, { allowUnbounded: true });
  if (!parsed.ok) return { ok: false, message: parsed.message };
  try {
    // Exactly what createBooking (at creation) and extendMaterialisation (as the horizon moves)
    // expanded: every start before materializedUntil, and the DST-gap dates before it.
    const expansion = expandOccurrences({ localStart: series.localStart, localEnd: series.localEnd, rrule: series.rrule, until: series.materializedUntil });
    return {
      ok: true,
      times: new Map(expansion.occurrences.map((o) => [o.recurrenceId, o.localEnd])),
      dstGaps: new Set(expansion.invalid.map((o) => o.recurrenceId)),
      until: parsed.rule.until,
    };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * A series is complete: its rows are exactly the dates of its rule up to `materializedUntil`
 * (moved occurrences keep their recurrenceId; dates skipped for a conflict or a DST gap stay as
 * CANCELLED rows), a one-off series has exactly one row, and a series split by "this and all
 * following" ends (UNTIL) before its first successor starts. The one series allowed no rows is
 * one split at its first occurrence: it is CANCELLED and its successors hold every date.
 */
export function checkSeriesOccurrences(
  series: SeriesToCheck,
  occurrences: readonly StoredOccurrence[],
  successors: readonly SeriesSuccessor[] = [],
): Finding[] {
  const label = `Série ${series.id} (« ${series.title} »${series.rrule ? `, ${series.rrule}` : ", ponctuelle"})`;
  if (occurrences.length === 0) {
    if (series.status === "CANCELLED" && successors.length > 0) return [];
    return [{ code: "SERIES_WITHOUT_OCCURRENCES", message: `${label} : aucune occurrence enregistrée.`, ids: [series.id] }];
  }

  const expected = expectedRows(series);
  if (!expected.ok) {
    return [{ code: "SERIES_RULE_INVALID", message: `${label} : sa règle ne peut pas être développée (${expected.message}).`, ids: [series.id] }];
  }

  const findings: Finding[] = [];
  const stored = new Set<LocalDateTime>();
  const unexpected: StoredOccurrence[] = [];
  const timesDiffer: StoredOccurrence[] = [];
  const gapNotSkipped: StoredOccurrence[] = [];
  for (const occurrence of occurrences) {
    stored.add(occurrence.recurrenceId);
    const expectedEnd = expected.times.get(occurrence.recurrenceId);
    if (expectedEnd !== undefined) {
      const keepsRuleTimes = occurrence.localStart === occurrence.recurrenceId && occurrence.localEnd === expectedEnd;
      if (!occurrence.modified && !keepsRuleTimes) timesDiffer.push(occurrence);
    } else if (expected.dstGaps.has(occurrence.recurrenceId)) {
      if (isActive(occurrence.status) || occurrence.skippedReason === null) gapNotSkipped.push(occurrence);
    } else {
      unexpected.push(occurrence);
    }
  }
  const missing = [...expected.times.keys(), ...expected.dstGaps].filter((recurrenceId) => !stored.has(recurrenceId)).sort();

  if (missing.length > 0) {
    const gaps = missing.filter((recurrenceId) => expected.dstGaps.has(recurrenceId));
    const gapNote = gaps.length > 0 ? ` (dont ${gaps.length} date(s) inexistante(s) au passage à l'heure d'été, attendue(s) comme lignes annulées avec un motif)` : "";
    findings.push({
      code: "OCCURRENCE_MISSING",
      message: `${label} : ${missing.length} occurrence(s) de la règle absente(s)${gapNote} : ${listSome(missing)}.`,
      ids: [series.id],
    });
  }
  if (unexpected.length > 0) {
    findings.push({
      code: "OCCURRENCE_UNEXPECTED",
      message: `${label} : ${unexpected.length} occurrence(s) hors de la règle : ${listSome(unexpected.map((o) => o.recurrenceId))}.`,
      ids: unexpected.map((o) => o.id),
    });
  }
  if (timesDiffer.length > 0) {
    findings.push({
      code: "OCCURRENCE_TIMES_DIFFER",
      message:
        `${label} : ${timesDiffer.length} occurrence(s) non modifiée(s) dont les heures diffèrent de la règle : ` +
        `${listSome(timesDiffer.map((o) => `${o.recurrenceId} → ${o.localStart}–${o.localEnd}`))}.`,
      ids: timesDiffer.map((o) => o.id),
    });
  }
  if (gapNotSkipped.length > 0) {
    findings.push({
      code: "DST_GAP_OCCURRENCE_NOT_SKIPPED",
      message:
        `${label} : ${gapNotSkipped.length} date(s) inexistante(s) à Paris (passage à l'heure d'été) ne sont pas ` +
        `des lignes annulées avec un motif : ${listSome(gapNotSkipped.map((o) => o.recurrenceId))}.`,
      ids: gapNotSkipped.map((o) => o.id),
    });
  }

  if (successors.length > 0) {
    const first = successors.reduce((a, b) => (b.localStart < a.localStart ? b : a));
    // UNTIL is stored as a floating wall time with seconds ("2027-06-14T23:59:59").
    const endsBefore = expected.until !== undefined && expected.until < `${first.localStart}:00`;
    if (!endsBefore) {
      const end = expected.until === undefined ? "n'a pas de date de fin (UNTIL)" : `se termine le ${expected.until}`;
      findings.push({
        code: "SPLIT_SERIES_NOT_ENDED",
        message: `${label} ${end} alors que la série ${first.id} la continue à partir du ${formatLocalDateTime(first.localStart)}.`,
        ids: [series.id, first.id],
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Denormalised copies
// ---------------------------------------------------------------------------------------------

export type DenormalisedOccurrence = {
  id: string;
  seriesId: string;
  spaceId: string;
  organizationId: string;
  series: { spaceId: string; organizationId: string };
};

/** An occurrence's `spaceId` and `organizationId` are copies of its series'; null when they agree. */
export function checkOccurrenceDenormalisation(occurrence: DenormalisedOccurrence): Finding | null {
  const differences = [
    occurrence.spaceId !== occurrence.series.spaceId ? `spaceId ${occurrence.spaceId} ≠ ${occurrence.series.spaceId}` : null,
    occurrence.organizationId !== occurrence.series.organizationId
      ? `organizationId ${occurrence.organizationId} ≠ ${occurrence.series.organizationId}`
      : null,
  ].filter((difference): difference is string => difference !== null);
  if (differences.length === 0) return null;
  return {
    code: "DENORMALISED_FIELDS_DIFFER",
    message: `Occurrence ${occurrence.id} : copie différente de sa série ${occurrence.seriesId} (${differences.join(", ")}).`,
    ids: [occurrence.id, occurrence.seriesId],
  };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

export type CheckOutcome = {
  name: string;
  /** French / English, one line. */
  title: string;
  violations: number;
  /** The first findings, in the order found. */
  examples: Finding[];
};

/** The text `npm run db:check` prints: one line per check, its first findings, and a French/English total. */
export function formatCheckReport(outcomes: readonly CheckOutcome[]): string {
  const lines = ["Vérification de la base de données / Database check", ""];
  for (const outcome of outcomes) {
    if (outcome.violations === 0) {
      lines.push(`  OK  ${outcome.name} — ${outcome.title}`);
      continue;
    }
    lines.push(`  ÉCHEC / FAILED  ${outcome.name} — ${outcome.title} : ${outcome.violations} anomalie(s) / violation(s)`);
    for (const finding of outcome.examples) lines.push(`      [${finding.code}] ${finding.message}`);
    const notShown = outcome.violations - outcome.examples.length;
    if (notShown > 0) lines.push(`      … et ${notShown} autre(s) / and ${notShown} more`);
  }
  const total = outcomes.reduce((sum, outcome) => sum + outcome.violations, 0);
  lines.push("");
  lines.push(
    total === 0
      ? `Aucune anomalie (${outcomes.length} contrôles). / No violations (${outcomes.length} checks).`
      : `${total} anomalie(s) trouvée(s) par ${outcomes.filter((o) => o.violations > 0).length} contrôle(s) sur ${outcomes.length}. / ` +
          `${total} violation(s) found by ${outcomes.filter((o) => o.violations > 0).length} of ${outcomes.length} checks.`,
  );
  return lines.join("\n");
}
