// Database invariants (`npm run db:check`): the queries. The rules themselves are pure, in
// app/domain/invariants.ts; this module reads rows for them in keyset pages, so a check holds
// a page in memory, never a table, and works the same on SQLite and PostgreSQL.
//
// This is a whole-database operations check, so, unlike the app's models, its queries are not
// scoped by organisation. Each unit of work (one space's sweep, one page of series, one SCIC's
// numbering, one page of invoices) runs in its own read transaction, a snapshot on both
// providers: bookings and invoices written while the check runs cannot make rows read at
// different moments look inconsistent.
import { providerOf, type Db } from "~/db.server";
import {
  checkCreditedAmount,
  checkDocumentReference,
  checkInvoiceTotals,
  checkOccurrenceDenormalisation,
  checkSeriesOccurrences,
  invoiceNumberingSweep,
  roomOverlapSweep,
  seatSweep,
  type CheckOutcome,
  type Finding,
  type NumberedDocument,
  type SeriesSuccessor,
  type StoredOccurrence,
} from "~/domain/invariants";
import { ACTIVE_STATUSES, type Tx } from "./space-planning.server";

export type PageSizes = { spaces: number; occurrences: number; series: number; invoices: number };

const DEFAULT_PAGE_SIZES: PageSizes = { spaces: 200, occurrences: 2000, series: 100, invoices: 200 };

export type CheckContext = { db: Db; pageSizes: PageSizes; report: (finding: Finding) => void };

/**
 * A named invariant: `run` reads what it needs and reports every violation it finds.
 *
 * To add one, write its rule as a pure function in app/domain/invariants.ts and a check here,
 * then append it to INVARIANT_CHECKS, as the invoice checks below were.
 */
export type InvariantCheck = { name: string; title: string; run: (context: CheckContext) => Promise<void> };

/**
 * Runs fn in a read transaction that sees one snapshot of the database: REPEATABLE READ on
 * PostgreSQL; on SQLite (WAL) a transaction reads one snapshot already and does not block the
 * app's writers, since db:check runs in its own process.
 */
function inSnapshot<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const postgres = providerOf(db) === "postgres";
  return db.$transaction(
    async (tx) => {
      // The app is typed against the SQLite client, which only knows Serializable: ask PostgreSQL directly.
      if (postgres) await tx.$executeRawUnsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      return fn(tx);
    },
    { maxWait: 60_000, timeout: 15 * 60_000 },
  );
}

/** Calls fn on each page of rows, asking for the next page after the last row seen (keyset pagination). */
async function forEachPage<Row>(fetchPage: (after: Row | undefined) => Promise<Row[]>, pageSize: number, fn: (rows: Row[]) => Promise<void> | void) {
  let after: Row | undefined;
  for (;;) {
    const rows = await fetchPage(after);
    if (rows.length > 0) await fn(rows);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1];
  }
}

type SpaceRow = { id: string; name: string; kind: "ROOM" | "DESK_POOL"; seats: number };

function forEachSpace(context: CheckContext, kind: SpaceRow["kind"], fn: (space: SpaceRow) => Promise<void>) {
  const take = context.pageSizes.spaces;
  return forEachPage<SpaceRow>(
    (after) =>
      context.db.space.findMany({
        where: { kind, ...(after ? { id: { gt: after.id } } : {}) },
        orderBy: { id: "asc" },
        take,
        select: { id: true, name: true, kind: true, seats: true },
      }),
    take,
    async (spaces) => {
      for (const space of spaces) await fn(space);
    },
  );
}

const activeOccurrenceSelect = { id: true, seriesId: true, startsAt: true, endsAt: true, blockedUntil: true, seats: true } as const;
type ActiveRow = { id: string; seriesId: string; startsAt: Date; endsAt: Date; blockedUntil: Date; seats: number };

/** The space's active occurrences in (startsAt, id) order, page by page, through the (spaceId, startsAt) index. */
function forEachActiveOccurrence(tx: Tx, spaceId: string, pageSize: number, fn: (rows: ActiveRow[]) => void) {
  return forEachPage<ActiveRow>(
    (after) =>
      tx.occurrence.findMany({
        where: {
          spaceId,
          status: { in: [...ACTIVE_STATUSES] },
          ...(after ? { OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] } : {}),
        },
        orderBy: [{ startsAt: "asc" }, { id: "asc" }],
        take: pageSize,
        select: activeOccurrenceSelect,
      }),
    pageSize,
    fn,
  );
}

/** (a) No two active occurrences of a room overlap, each blocking it until `blockedUntil` (its buffer). */
export const roomOverlapCheck: InvariantCheck = {
  name: "room-overlaps",
  title: "Salles : aucune réservation active ne se chevauche, marge comprise / Rooms: no overlapping active bookings, buffer included",
  run: (context) =>
    forEachSpace(context, "ROOM", (space) =>
      inSnapshot(context.db, (tx) => {
        const sweep = roomOverlapSweep(space);
        return forEachActiveOccurrence(tx, space.id, context.pageSizes.occurrences, (rows) => rows.flatMap(sweep).forEach(context.report));
      }),
    ),
};

/** (b) At no instant do a desk pool's active occurrences take more seats than it offers. */
export const deskPoolSeatsCheck: InvariantCheck = {
  name: "desk-pool-seats",
  title: "Espaces partagés : jamais plus de postes réservés que disponibles / Desk pools: never more seats booked than available",
  run: (context) =>
    forEachSpace(context, "DESK_POOL", (space) =>
      inSnapshot(context.db, (tx) => {
        const sweep = seatSweep(space);
        return forEachActiveOccurrence(tx, space.id, context.pageSizes.occurrences, (rows) => rows.flatMap(sweep).forEach(context.report));
      }),
    ),
};

const seriesSelect = { id: true, title: true, status: true, localStart: true, localEnd: true, rrule: true, materializedUntil: true } as const;

/** (c) Every series' rows are exactly its rule's dates up to `materializedUntil`; a split series ends before its successor. */
export const seriesCompletenessCheck: InvariantCheck = {
  name: "series-complete",
  title: "Séries : occurrences complètes, séries scindées closes / Series: complete occurrences, split series ended",
  run: async (context) => {
    const take = context.pageSizes.series;
    let afterId: string | undefined;
    for (;;) {
      const count = await inSnapshot(context.db, async (tx) => {
        const series = await tx.bookingSeries.findMany({
          where: afterId ? { id: { gt: afterId } } : {},
          orderBy: { id: "asc" },
          take,
          select: seriesSelect,
        });
        if (series.length === 0) return 0;
        const ids = series.map((s) => s.id);
        const occurrences = await tx.occurrence.findMany({
          where: { seriesId: { in: ids } },
          select: { id: true, seriesId: true, recurrenceId: true, localStart: true, localEnd: true, status: true, modified: true, skippedReason: true },
        });
        const successors = await tx.bookingSeries.findMany({ where: { splitFromId: { in: ids } }, select: { id: true, splitFromId: true, localStart: true } });
        const occurrencesBySeries = groupBy(occurrences, (o) => o.seriesId);
        const successorsBySeries = groupBy(successors, (s) => s.splitFromId!);
        for (const one of series) {
          const findings = checkSeriesOccurrences(
            one,
            (occurrencesBySeries.get(one.id) ?? []) as StoredOccurrence[],
            (successorsBySeries.get(one.id) ?? []) as SeriesSuccessor[],
          );
          findings.forEach(context.report);
        }
        afterId = ids[ids.length - 1];
        return series.length;
      });
      if (count < take) return;
    }
  },
};

/** (d) Occurrences' copied `spaceId` and `organizationId` equal their series'. */
export const occurrenceDenormalisationCheck: InvariantCheck = {
  name: "occurrence-copies",
  title: "Occurrences : espace et organisation identiques à leur série / Occurrences: same space and organisation as their series",
  run: (context) =>
    forEachPageById(
      context,
      context.pageSizes.occurrences,
      (tx, afterId, take) =>
        tx.occurrence.findMany({
          where: afterId ? { id: { gt: afterId } } : {},
          orderBy: { id: "asc" },
          take,
          select: { id: true, seriesId: true, spaceId: true, organizationId: true, series: { select: { spaceId: true, organizationId: true } } },
        }),
      (rows) => {
        for (const row of rows) {
          const finding = checkOccurrenceDenormalisation(row);
          if (finding) context.report(finding);
        }
      },
    ),
};

/**
 * (e) Invoice and credit-note numbers of each SCIC are gapless and unique per year of issue, and
 * its InvoiceSequence rows stop at the last number issued. One SCIC is read in one snapshot
 * (its documents in number pages, then its counters), so a billing run committing meanwhile
 * cannot make a counter look ahead of the documents read.
 */
export const invoiceNumberingCheck: InvariantCheck = {
  name: "invoice-numbers",
  title:
    "Factures et avoirs : numéros uniques et sans trou par SCIC et par année / Invoices and credit notes: unique, gapless numbers per SCIC and year",
  run: (context) => {
    const take = context.pageSizes.invoices;
    return forEachPage<{ id: string; name: string }>(
      (after) =>
        context.db.organization.findMany({
          where: {
            OR: [{ invoicesIssued: { some: {} } }, { invoiceSequences: { some: {} } }],
            ...(after ? { id: { gt: after.id } } : {}),
          },
          orderBy: { id: "asc" },
          take,
          select: { id: true, name: true },
        }),
      take,
      async (scics) => {
        for (const scic of scics) {
          await inSnapshot(context.db, async (tx) => {
            const sweep = invoiceNumberingSweep(scic);
            const documentPage = context.pageSizes.invoices;
            await forEachPage<NumberedDocument>(
              async (after) =>
                (
                  await tx.invoice.findMany({
                    where: {
                      scicId: scic.id,
                      number: { not: null },
                      ...(after ? { OR: [{ number: { gt: after.number } }, { number: after.number, id: { gt: after.id } }] } : {}),
                    },
                    orderBy: [{ number: "asc" }, { id: "asc" }],
                    take: documentPage,
                    select: { id: true, kind: true, number: true, issueDate: true },
                  })
                ).map((row) => ({ ...row, number: row.number as string })),
              documentPage,
              (documents) => documents.flatMap(sweep.add).forEach(context.report),
            );
            const sequences = await tx.invoiceSequence.findMany({ where: { scicId: scic.id }, select: { year: true, lastNumber: true } });
            sweep.finish(sequences).forEach(context.report);
          });
        }
      },
    );
  },
};

/** Calls fn on each page of rows ordered by id, each page read in its own snapshot. */
function forEachPageById<Row extends { id: string }>(
  context: CheckContext,
  take: number,
  fetch: (tx: Tx, afterId: string | undefined, take: number) => Promise<Row[]>,
  fn: (rows: Row[]) => void,
) {
  return forEachPage<Row>((after) => inSnapshot(context.db, (tx) => fetch(tx, after?.id, take)), take, fn);
}

/** (f) Each line of an invoice or credit note follows the per-line rounding, and the document's totals are its lines' sums. */
export const invoiceTotalsCheck: InvariantCheck = {
  name: "invoice-totals",
  title: "Factures et avoirs : totaux HT, TVA et TTC égaux à la somme des lignes / Invoices and credit notes: totals equal the sum of their lines",
  run: (context) =>
    forEachPageById(
      context,
      context.pageSizes.invoices,
      (tx, afterId, take) =>
        tx.invoice.findMany({
          where: afterId ? { id: { gt: afterId } } : {},
          orderBy: { id: "asc" },
          take,
          select: {
            id: true,
            kind: true,
            number: true,
            totalHtCents: true,
            totalVatCents: true,
            totalTtcCents: true,
            lines: {
              orderBy: { position: "asc" },
              select: { position: true, quantityMillis: true, unitPriceHtMillis: true, vatRate: true, amountHtCents: true, vatCents: true, amountTtcCents: true },
            },
          },
        }),
      (rows) => rows.flatMap(checkInvoiceTotals).forEach(context.report),
    ),
};

const referencedSelect = { id: true, kind: true, number: true, scicId: true, organizationId: true, issueDate: true } as const;

/** (g) A credit note references an issued invoice of the same SCIC and buyer, and an invoice is never credited beyond its total. */
export const creditNoteReferenceCheck: InvariantCheck = {
  name: "credit-notes",
  title:
    "Avoirs : rattachés à une facture émise de la même SCIC et du même client, sans la dépasser / Credit notes: reference an issued invoice of the same SCIC and buyer, never exceed it",
  run: (context) =>
    forEachPageById(
      context,
      context.pageSizes.invoices,
      (tx, afterId, take) =>
        tx.invoice.findMany({
          where: afterId ? { id: { gt: afterId } } : {},
          orderBy: { id: "asc" },
          take,
          select: {
            ...referencedSelect,
            totalTtcCents: true,
            correctsInvoice: { select: referencedSelect },
            creditNotes: { orderBy: { id: "asc" }, select: { id: true, number: true, totalTtcCents: true } },
          },
        }),
      (rows) => {
        for (const row of rows) {
          const reference = checkDocumentReference(row);
          if (reference) context.report(reference);
          if (row.kind === "INVOICE" && row.creditNotes.length > 0) {
            const credited = checkCreditedAmount(row, row.creditNotes);
            if (credited) context.report(credited);
          }
        }
      },
    ),
};

/** Every invariant `npm run db:check` verifies, in order. */
export const INVARIANT_CHECKS: readonly InvariantCheck[] = [
  roomOverlapCheck,
  deskPoolSeatsCheck,
  seriesCompletenessCheck,
  occurrenceDenormalisationCheck,
  invoiceNumberingCheck,
  invoiceTotalsCheck,
  creditNoteReferenceCheck,
];

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * Runs the checks one after the other. Every violation is counted; the first `examplesPerCheck`
 * of each check are kept to be shown, so a badly damaged database does not fill the memory.
 */
export async function runInvariantChecks(
  db: Db,
  options: { checks?: readonly InvariantCheck[]; pageSizes?: Partial<PageSizes>; examplesPerCheck?: number } = {},
): Promise<{ ok: boolean; outcomes: CheckOutcome[] }> {
  const pageSizes = { ...DEFAULT_PAGE_SIZES, ...options.pageSizes };
  const examplesPerCheck = options.examplesPerCheck ?? 20;
  const outcomes: CheckOutcome[] = [];
  for (const check of options.checks ?? INVARIANT_CHECKS) {
    const outcome: CheckOutcome = { name: check.name, title: check.title, violations: 0, examples: [] };
    await check.run({
      db,
      pageSizes,
      report: (finding) => {
        outcome.violations += 1;
        if (outcome.examples.length < examplesPerCheck) outcome.examples.push(finding);
      },
    });
    outcomes.push(outcome);
  }
  return { ok: outcomes.every((outcome) => outcome.violations === 0), outcomes };
}
