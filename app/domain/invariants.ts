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
 * - an occurrence's copied `spaceId` and `organizationId` are its series';
 * and the ones billing promises (docs/decisions/0007, 0009):
 * - invoice and credit-note numbers are gapless and unique per SCIC and year of issue, and the
 *   SCIC's sequence counter stops at the last number issued;
 * - each line's amounts follow the per-line rounding and a document's totals are its lines' sums;
 * - a credit note references an issued invoice of the same SCIC and buyer, never for more than it.
 *
 * The sweeps take occurrences one by one in start order and keep only what is still running,
 * so a space with a million occurrences is checked in constant memory (rooms) or in memory
 * bounded by the busiest instant (desk pools).
 */
import { formatInvoiceNumber, parseInvoiceNumber } from "./invoicing";
import { divideRounded, formatEuros } from "./pricing";
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
  | "DENORMALISED_FIELDS_DIFFER"
  | "INVOICE_NUMBER_INVALID"
  | "INVOICE_NUMBER_YEAR_DIFFERS"
  | "INVOICE_NUMBER_DUPLICATE"
  | "INVOICE_NUMBER_GAP"
  | "INVOICE_SEQUENCE_MISMATCH"
  | "INVOICE_WITHOUT_LINES"
  | "INVOICE_LINE_AMOUNTS_DIFFER"
  | "INVOICE_TOTALS_DIFFER"
  | "CREDIT_NOTE_UNREFERENCED"
  | "CREDIT_NOTE_REFERENCE_INVALID"
  | "CREDIT_NOTES_EXCEED_INVOICE";

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
// Invoices and credit notes (docs/decisions/0007, 0009)
// ---------------------------------------------------------------------------------------------

/** An issued document (invoice or credit note) of one SCIC, as the numbering sweep needs it. */
export type NumberedDocument = { id: string; kind: "INVOICE" | "CREDIT_NOTE"; number: string; issueDate: string };

/** A row of InvoiceSequence: the last sequence number handed out for a year. */
export type InvoiceSequenceRow = { year: number; lastNumber: number };

export type NumberingSweep = {
  /** Receives the SCIC's issued documents in non-decreasing `number` order (then id). */
  add: (document: NumberedDocument) => Finding[];
  /** After the last document: the SCIC's sequence rows must stop at the highest number of each year. */
  finish: (sequences: readonly InvoiceSequenceRow[]) => Finding[];
};

/**
 * Numbering of one SCIC: invoices and credit notes share one sequence per calendar year of
 * issue, "YYYY-NNNNNN" from 000001 with no gap and no repeat, and the year of the number is the
 * year of the issue date. Fed in number order (zero-padded, so text order is (year, sequence)
 * order), it keeps only the previous document: constant memory whatever the SCIC's history.
 * `finish` also compares each year's InvoiceSequence row with the highest number issued: a
 * row ahead means numbers were consumed without a document (the next one would leave a gap),
 * a row behind or missing means the next issue would reuse a number.
 */
export function invoiceNumberingSweep(scic: { id: string; name: string }): NumberingSweep {
  const label = `SCIC « ${scic.name} » (${scic.id})`;
  let previous: { document: NumberedDocument; year: number; sequence: number } | null = null;
  let previousText = "";
  const highest = new Map<number, number>();
  return {
    add(document) {
      if (document.number < previousText) throw new RangeError("Documents must be given in non-decreasing number order.");
      previousText = document.number;
      const parsed = parseInvoiceNumber(document.number);
      if (!parsed) {
        return [
          {
            code: "INVOICE_NUMBER_INVALID",
            message: `${label} : le document ${document.id} porte le numéro « ${document.number} », qui n'est pas de la forme AAAA-NNNNNN.`,
            ids: [document.id],
          },
        ];
      }
      const findings: Finding[] = [];
      const what = document.kind === "INVOICE" ? "la facture" : "l'avoir";
      if (document.issueDate.slice(0, 4) !== String(parsed.year)) {
        findings.push({
          code: "INVOICE_NUMBER_YEAR_DIFFERS",
          message: `${label} : ${what} ${document.number} (${document.id}) est émis(e) le ${document.issueDate}, pas en ${parsed.year}.`,
          ids: [document.id],
        });
      }
      const expected = previous !== null && previous.year === parsed.year ? previous.sequence + 1 : 1;
      if (previous !== null && previous.year === parsed.year && parsed.sequence === previous.sequence) {
        findings.push({
          code: "INVOICE_NUMBER_DUPLICATE",
          message: `${label} : le numéro ${document.number} est porté par deux documents (${previous.document.id} et ${document.id}).`,
          ids: [previous.document.id, document.id],
        });
      } else if (parsed.sequence > expected) {
        const first = formatInvoiceNumber(parsed.year, expected);
        const last = formatInvoiceNumber(parsed.year, parsed.sequence - 1);
        const count = parsed.sequence - expected;
        findings.push({
          code: "INVOICE_NUMBER_GAP",
          message:
            `${label} : ${count === 1 ? `le numéro ${first} manque` : `les numéros ${first} à ${last} manquent (${count})`} ` +
            `${previous !== null && previous.year === parsed.year ? `entre ${previous.document.number} et ${document.number}` : `avant ${document.number}, premier numéro de ${parsed.year}`}.`,
          ids: previous !== null && previous.year === parsed.year ? [previous.document.id, document.id] : [document.id],
        });
      }
      previous = { document, year: parsed.year, sequence: parsed.sequence };
      highest.set(parsed.year, Math.max(highest.get(parsed.year) ?? 0, parsed.sequence));
      return findings;
    },
    finish(sequences) {
      const findings: Finding[] = [];
      const rows = new Map(sequences.map((row) => [row.year, row.lastNumber]));
      const years = [...new Set([...rows.keys(), ...highest.keys()])].sort((a, b) => a - b);
      for (const year of years) {
        const issued = highest.get(year) ?? 0;
        const last = rows.get(year);
        if (last === undefined) {
          findings.push({
            code: "INVOICE_SEQUENCE_MISMATCH",
            message: `${label} : aucun compteur de numérotation pour ${year} alors que ${formatInvoiceNumber(year, issued)} est émis ; le prochain document reprendrait à ${formatInvoiceNumber(year, 1)}.`,
            ids: [scic.id],
          });
        } else if (last > issued) {
          findings.push({
            code: "INVOICE_SEQUENCE_MISMATCH",
            message:
              `${label} : le compteur de ${year} est à ${last} mais le dernier numéro émis est ${issued === 0 ? "aucun" : formatInvoiceNumber(year, issued)} ; ` +
              `${last - issued} numéro(s) consommé(s) sans document laisseraient un trou.`,
            ids: [scic.id],
          });
        } else if (last < issued) {
          findings.push({
            code: "INVOICE_SEQUENCE_MISMATCH",
            message: `${label} : le compteur de ${year} est à ${last} alors que ${formatInvoiceNumber(year, issued)} est émis ; le prochain numéro attribué existe déjà.`,
            ids: [scic.id],
          });
        }
      }
      return findings;
    },
  };
}

/** Every finding of a numbering sweep over a whole list (any order), for tests and small inputs. */
export function checkInvoiceNumbering(
  scic: { id: string; name: string },
  documents: readonly NumberedDocument[],
  sequences: readonly InvoiceSequenceRow[],
): Finding[] {
  const sweep = invoiceNumberingSweep(scic);
  const sorted = [...documents].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...sorted.flatMap(sweep.add), ...sweep.finish(sequences)];
}

/** A stored invoice line: quantity in thousandths, unit price in thousandths of a euro, amounts in cents. */
export type StoredInvoiceLine = {
  position: number;
  quantityMillis: number;
  unitPriceHtMillis: number;
  /** Basis points (2000 = 20 %). */
  vatRate: number;
  amountHtCents: number;
  vatCents: number;
  amountTtcCents: number;
};

export type InvoiceToCheck = {
  id: string;
  kind: "INVOICE" | "CREDIT_NOTE";
  number: string | null;
  totalHtCents: number;
  totalVatCents: number;
  totalTtcCents: number;
  lines: readonly StoredInvoiceLine[];
};

/** What a line's amounts must be under the per-line rounding rule (app/domain/invoicing.ts computeLine). */
export function expectedLineAmounts(line: Pick<StoredInvoiceLine, "quantityMillis" | "unitPriceHtMillis" | "vatRate">) {
  // millis (1/1000 €) × thousandths (1/1000) = 1/1 000 000 €; cents = that ÷ 10 000, halves away from zero.
  const amountHtCents = divideRounded(line.unitPriceHtMillis * line.quantityMillis, 10_000);
  const vatCents = divideRounded(amountHtCents * line.vatRate, 10_000);
  return { amountHtCents, vatCents, amountTtcCents: amountHtCents + vatCents };
}

/**
 * An invoice or credit note has lines, each line's amounts follow the documented rounding
 * (HT = unit price × quantity rounded to the cent, VAT = HT × rate rounded to the cent,
 * TTC = HT + VAT; credit notes have negative quantities and amounts, rounded symmetrically),
 * and the document's HT, VAT and TTC totals are the sums of its lines.
 */
export function checkInvoiceTotals(invoice: InvoiceToCheck): Finding[] {
  const label = `${invoice.kind === "INVOICE" ? "Facture" : "Avoir"} ${invoice.number ?? "sans numéro"} (${invoice.id})`;
  if (invoice.lines.length === 0) {
    return [{ code: "INVOICE_WITHOUT_LINES", message: `${label} : aucune ligne enregistrée.`, ids: [invoice.id] }];
  }
  const findings: Finding[] = [];
  const wrongLines: string[] = [];
  for (const line of invoice.lines) {
    const expected = expectedLineAmounts(line);
    if (expected.amountHtCents !== line.amountHtCents || expected.vatCents !== line.vatCents || expected.amountTtcCents !== line.amountTtcCents) {
      wrongLines.push(
        `ligne ${line.position + 1} : ${line.amountHtCents}/${line.vatCents}/${line.amountTtcCents} au lieu de ` +
          `${expected.amountHtCents}/${expected.vatCents}/${expected.amountTtcCents}`,
      );
    }
  }
  if (wrongLines.length > 0) {
    findings.push({
      code: "INVOICE_LINE_AMOUNTS_DIFFER",
      message: `${label} : ${wrongLines.length} ligne(s) dont les montants HT/TVA/TTC (centimes) ne suivent pas l'arrondi par ligne : ${listSome(wrongLines)}.`,
      ids: [invoice.id],
    });
  }
  const sums = invoice.lines.reduce(
    (sum, line) => ({ ht: sum.ht + line.amountHtCents, vat: sum.vat + line.vatCents, ttc: sum.ttc + line.amountTtcCents }),
    { ht: 0, vat: 0, ttc: 0 },
  );
  const differences = [
    invoice.totalHtCents !== sums.ht ? `HT ${invoice.totalHtCents} ≠ ${sums.ht}` : null,
    invoice.totalVatCents !== sums.vat ? `TVA ${invoice.totalVatCents} ≠ ${sums.vat}` : null,
    invoice.totalTtcCents !== sums.ttc ? `TTC ${invoice.totalTtcCents} ≠ ${sums.ttc}` : null,
    invoice.totalTtcCents !== invoice.totalHtCents + invoice.totalVatCents
      ? `TTC ${invoice.totalTtcCents} ≠ HT + TVA ${invoice.totalHtCents + invoice.totalVatCents}`
      : null,
  ].filter((difference): difference is string => difference !== null);
  if (differences.length > 0) {
    findings.push({
      code: "INVOICE_TOTALS_DIFFER",
      message: `${label} : totaux différents de la somme de ses ${invoice.lines.length} ligne(s), en centimes (${differences.join(", ")}).`,
      ids: [invoice.id],
    });
  }
  return findings;
}

/** The document a credit note (or, wrongly, an invoice) refers to. */
export type ReferencedDocument = {
  id: string;
  kind: "INVOICE" | "CREDIT_NOTE";
  number: string | null;
  scicId: string;
  organizationId: string;
  issueDate: string;
};

export type DocumentReference = {
  id: string;
  kind: "INVOICE" | "CREDIT_NOTE";
  number: string | null;
  scicId: string;
  organizationId: string;
  issueDate: string;
  correctsInvoice: ReferencedDocument | null;
};

/**
 * A credit note references an issued invoice (kind INVOICE, numbered) of the same SCIC and the
 * same buyer, issued on or before it; an invoice references nothing.
 */
export function checkDocumentReference(document: DocumentReference): Finding | null {
  const label = `${document.kind === "INVOICE" ? "Facture" : "Avoir"} ${document.number ?? "sans numéro"} (${document.id})`;
  const target = document.correctsInvoice;
  if (document.kind === "INVOICE") {
    if (target === null) return null;
    return {
      code: "CREDIT_NOTE_REFERENCE_INVALID",
      message: `${label} : une facture ne corrige aucun document, or elle renvoie à ${target.number ?? "un document sans numéro"} (${target.id}).`,
      ids: [document.id, target.id],
    };
  }
  if (target === null) {
    return { code: "CREDIT_NOTE_UNREFERENCED", message: `${label} : l'avoir ne renvoie à aucune facture.`, ids: [document.id] };
  }
  const problems = [
    target.kind !== "INVOICE" ? "ce n'est pas une facture mais un avoir" : null,
    target.number === null ? "elle n'est pas émise (sans numéro)" : null,
    target.scicId !== document.scicId ? `elle est émise par une autre SCIC (${target.scicId})` : null,
    target.organizationId !== document.organizationId ? `elle est adressée à une autre organisation (${target.organizationId})` : null,
    target.issueDate > document.issueDate ? `elle est émise après l'avoir (le ${target.issueDate})` : null,
  ].filter((problem): problem is string => problem !== null);
  if (problems.length === 0) return null;
  return {
    code: "CREDIT_NOTE_REFERENCE_INVALID",
    message: `${label} : le document corrigé ${target.number ?? "sans numéro"} (${target.id}) ne convient pas : ${problems.join(", ")}.`,
    ids: [document.id, target.id],
  };
}

/** An invoice is never credited for more than its TTC total (credit notes are negative). */
export function checkCreditedAmount(
  invoice: { id: string; number: string | null; totalTtcCents: number },
  creditNotes: ReadonlyArray<{ id: string; number: string | null; totalTtcCents: number }>,
): Finding | null {
  const credited = -creditNotes.reduce((sum, creditNote) => sum + creditNote.totalTtcCents, 0);
  if (credited <= invoice.totalTtcCents) return null;
  return {
    code: "CREDIT_NOTES_EXCEED_INVOICE",
    message:
      `Facture ${invoice.number ?? "sans numéro"} (${invoice.id}) : ses avoirs (${listSome(creditNotes.map((c) => c.number ?? c.id))}) ` +
      `créditent ${formatEuros(credited)}, plus que son montant TTC de ${formatEuros(invoice.totalTtcCents)}.`,
    ids: [invoice.id, ...creditNotes.map((c) => c.id)],
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
