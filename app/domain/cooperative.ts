/**
 * The SCIC as a cooperative: its collèges (categories of associates and their voting weight),
 * the register of associates (sociétaires) rebuilt from share movements, and its exports.
 *
 * Pure module: no Remix, no Prisma, no I/O. Dates are Paris calendar dates ("YYYY-MM-DD").
 *
 * Decisions (see also tests/unit/cooperative.test.ts):
 *   - Voting weights are integer BASIS POINTS (1 % = 100, 100 % = 10 000), so three collèges of
 *     33,33 % / 33,33 % / 33,34 % are exact; forms take a percent with up to 2 decimals
 *     ("33,33"). Legal frame of a SCIC (loi n° 47-1775, art. 19 octies): at least 3 collèges,
 *     each between 10 % and 50 % of the votes (bounds included), total exactly 100 %.
 *   - Amounts are integer cents. A SUBSCRIPTION creates a lot of `shares` parts sociales at
 *     `nominalValueCents` each, paid in full on `paidOn` (null: not paid yet). Paid capital at a
 *     date D counts the lots whose `paidOn <= D`.
 *   - Lots keep their subscription when they move: a TRANSFER hands over the sender's oldest
 *     lots first (FIFO by subscription date, then ledger order), a REFUND (on leaving, or a
 *     partial withdrawal) cancels the holder's oldest lots first. A transferred lot that was not
 *     paid yet becomes paid when its subscription is paid.
 *   - A movement dated D counts in the register AT D (dates are inclusive). Movements of the
 *     same date apply in the order given (the persistence layer orders them by date, then by
 *     creation).
 *   - The register at a date lists the associates holding at least one part at that date, in
 *     order of entry (first acquisition, then ledger order).
 *   - CSV exports are for French spreadsheets: UTF-8 with a byte-order mark (so Excel reads the
 *     accents), `;` separator, CRLF line ends (RFC 4180), a header line in French, fields quoted
 *     when they contain `;`, `"`, CR or LF (quotes doubled), amounts as "1234,50" (decimal comma,
 *     no thousands separator, so they stay numbers), dates as "12/03/2027". Text cells starting
 *     with = + - @ or a tab get a leading apostrophe, so a spreadsheet never runs them as a
 *     formula (CSV injection).
 */
import { z } from "zod";
import { formatDayMonthYear, isLocalDate, type LocalDate } from "./time";

// ---------------------------------------------------------------------------------------------
// Collèges
// ---------------------------------------------------------------------------------------------

export const MIN_COLLEGES = 3;
/** 10 %, in basis points. */
export const MIN_COLLEGE_WEIGHT_BP = 1_000;
/** 50 %, in basis points. */
export const MAX_COLLEGE_WEIGHT_BP = 5_000;
/** 100 %, in basis points. */
export const TOTAL_WEIGHT_BP = 10_000;

export type College = {
  id: string;
  /** "Salariés", "Usagers", "Bénévoles", "Collectivités", "Partenaires"… */
  name: string;
  /** Voting weight in basis points: 2500 = 25 %. */
  weightBasisPoints: number;
};

export type CollegeIssueCode = "TOO_FEW_COLLEGES" | "WEIGHT_OUT_OF_RANGE" | "DUPLICATE_NAME" | "TOTAL_NOT_100";

export type CollegeIssue = {
  code: CollegeIssueCode;
  /** Index of the collège concerned, null for the whole list. */
  index: number | null;
  message: string;
};

/** 5500 → "55 %", 3333 → "33,33 %", 1050 → "10,5 %" (French decimal comma). */
export function formatWeightPercent(basisPoints: number): string {
  const sign = basisPoints < 0 ? "-" : "";
  const abs = Math.abs(basisPoints);
  const units = Math.floor(abs / 100);
  const decimals = String(abs % 100).padStart(2, "0").replace(/0+$/, "");
  return `${sign}${units}${decimals ? `,${decimals}` : ""} %`;
}

/** "33,33" / "33.33" / "25" / 25 → basis points; null when not a percent with at most 2 decimals. */
export function parseWeightPercent(input: unknown): number | null {
  const text = typeof input === "number" ? String(input) : typeof input === "string" ? input.trim() : "";
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

function collegeKey(name: string): string {
  return name.trim().toLocaleLowerCase("fr-FR");
}

/**
 * Checks the legal frame of a SCIC's collèges. Returns every issue (empty: valid), in this
 * order: too few collèges, each weight out of 10–50 % (list order), duplicate names, total.
 */
export function validateColleges(colleges: ReadonlyArray<Pick<College, "name" | "weightBasisPoints">>): CollegeIssue[] {
  const issues: CollegeIssue[] = [];
  if (colleges.length < MIN_COLLEGES) {
    issues.push({ code: "TOO_FEW_COLLEGES", index: null, message: "Il faut au moins 3 collèges." });
  }
  colleges.forEach((college, index) => {
    const weight = college.weightBasisPoints;
    if (weight < MIN_COLLEGE_WEIGHT_BP || weight > MAX_COLLEGE_WEIGHT_BP) {
      issues.push({
        code: "WEIGHT_OUT_OF_RANGE",
        index,
        message:
          `Le collège « ${college.name.trim()} » pèse ${formatWeightPercent(weight)} : ` +
          "chaque collège doit peser entre 10 % et 50 %.",
      });
    }
  });
  const seen = new Set<string>();
  colleges.forEach((college, index) => {
    const key = collegeKey(college.name);
    if (seen.has(key)) {
      issues.push({
        code: "DUPLICATE_NAME",
        index,
        message: `Deux collèges portent le nom « ${college.name.trim()} » : chaque collège doit avoir un nom distinct.`,
      });
    }
    seen.add(key);
  });
  const total = colleges.reduce((sum, college) => sum + college.weightBasisPoints, 0);
  if (total !== TOTAL_WEIGHT_BP) {
    issues.push({
      code: "TOTAL_NOT_100",
      index: null,
      message: `La somme des droits de vote est de ${formatWeightPercent(total)} : elle doit être de 100 %.`,
    });
  }
  return issues;
}

/** One collège as entered in the form: the weight is a percent ("33,33"), output in basis points. */
export const collegeSchema = z
  .object({
    name: z
      .string({ required_error: "Indiquez le nom du collège.", invalid_type_error: "Indiquez le nom du collège." })
      .trim()
      .min(1, "Indiquez le nom du collège.")
      .max(80, "Le nom du collège ne doit pas dépasser 80 caractères."),
    weightPercent: z.union([z.string(), z.number()], {
      required_error: "Indiquez le poids du collège en pourcentage.",
      invalid_type_error: "Indiquez le poids du collège en pourcentage.",
    }),
  })
  .transform((college, ctx) => {
    const weightBasisPoints = parseWeightPercent(college.weightPercent);
    if (weightBasisPoints === null) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["weightPercent"],
        message: "Le poids doit être un pourcentage avec au plus 2 décimales, par exemple 25 ou 33,33.",
      });
      return z.NEVER;
    }
    return { name: college.name, weightBasisPoints };
  });

/** The collèges of a SCIC, checked against the legal frame (`validateColleges`). */
export const collegesSchema = z.array(collegeSchema).superRefine((colleges, ctx) => {
  for (const issue of validateColleges(colleges)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: issue.index === null ? [] : [issue.index, issue.code === "DUPLICATE_NAME" ? "name" : "weightPercent"],
      message: issue.message,
    });
  }
});

export type CollegeInput = z.input<typeof collegeSchema>;

// ---------------------------------------------------------------------------------------------
// Associates and share movements
// ---------------------------------------------------------------------------------------------

export type AssociateKind = "PERSON" | "ORGANISATION";

export type Associate = {
  id: string;
  kind: AssociateKind;
  /** "Jeanne Martin", "Association Les Ateliers". */
  name: string;
  collegeId: string;
};

export type ShareMovement =
  | {
      kind: "SUBSCRIPTION";
      id: string;
      associateId: string;
      date: LocalDate;
      shares: number;
      nominalValueCents: number;
      /** Date the subscription was paid in full ("libérée"); null while unpaid. */
      paidOn: LocalDate | null;
    }
  | { kind: "TRANSFER"; id: string; fromAssociateId: string; toAssociateId: string; date: LocalDate; shares: number }
  | { kind: "REFUND"; id: string; associateId: string; date: LocalDate; shares: number };

export type MovementIssue = { movementId: string; message: string };

/** The position of one associate in the register at a date. */
export type RegisterPosition = {
  associateId: string;
  /** First date the associate held parts. */
  enteredOn: LocalDate;
  shares: number;
  capitalCents: number;
  paidCapitalCents: number;
  unpaidCapitalCents: number;
};

type Lot = {
  /** Ledger position of the subscription: FIFO order. */
  order: number;
  subscriptionDate: LocalDate;
  nominalValueCents: number;
  paidOn: LocalDate | null;
  shares: number;
};

type Holder = { lots: Lot[]; enteredOn: LocalDate; entryOrder: number };

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/** Movements sorted by date; same-date movements keep the given order. */
function chronological(movements: readonly ShareMovement[]): Array<{ movement: ShareMovement; order: number }> {
  return movements
    .map((movement, order) => ({ movement, order }))
    .sort((a, b) => (a.movement.date < b.movement.date ? -1 : a.movement.date > b.movement.date ? 1 : a.order - b.order));
}

function shapeIssues(movement: ShareMovement, known: ((id: string) => boolean) | null): string[] {
  const messages: string[] = [];
  if (!isLocalDate(movement.date)) messages.push(`Date invalide : « ${movement.date} » (format attendu : AAAA-MM-JJ).`);
  if (!isPositiveInteger(movement.shares)) messages.push("Le nombre de parts doit être un entier supérieur à zéro.");
  const ids = movement.kind === "TRANSFER" ? [movement.fromAssociateId, movement.toAssociateId] : [movement.associateId];
  if (known) {
    for (const id of ids) if (!known(id)) messages.push(`Associé inconnu : « ${id} ».`);
  }
  if (movement.kind === "SUBSCRIPTION") {
    if (!isPositiveInteger(movement.nominalValueCents)) {
      messages.push("La valeur nominale d'une part doit être un montant supérieur à zéro, en centimes.");
    }
    if (movement.paidOn !== null) {
      if (!isLocalDate(movement.paidOn)) {
        messages.push(`Date de libération invalide : « ${movement.paidOn} » (format attendu : AAAA-MM-JJ).`);
      } else if (isLocalDate(movement.date) && movement.paidOn < movement.date) {
        messages.push(
          `La libération (le ${formatDayMonthYear(movement.paidOn)}) ne peut pas précéder ` +
            `la souscription (le ${formatDayMonthYear(movement.date)}).`,
        );
      }
    }
  }
  if (movement.kind === "TRANSFER" && movement.fromAssociateId === movement.toAssociateId) {
    messages.push("Une cession se fait entre deux associés différents.");
  }
  return messages;
}

/** Removes `count` shares from the holder's oldest lots; returns the lots taken. */
function takeOldest(holder: Holder, count: number): Lot[] {
  const taken: Lot[] = [];
  let rest = count;
  while (rest > 0) {
    const lot = holder.lots[0];
    const moved = Math.min(rest, lot.shares);
    taken.push({ ...lot, shares: moved });
    lot.shares -= moved;
    if (lot.shares === 0) holder.lots.shift();
    rest -= moved;
  }
  return taken;
}

function heldShares(holder: Holder | undefined): number {
  return holder ? holder.lots.reduce((sum, lot) => sum + lot.shares, 0) : 0;
}

type Replay = { holders: Map<string, Holder>; issues: MovementIssue[] };

/**
 * Replays the ledger in date order up to `until` (inclusive; all when null). Invalid movements
 * are reported and skipped, so one replay finds every problem.
 */
function replay(
  movements: readonly ShareMovement[],
  until: LocalDate | null,
  associates: ReadonlyArray<Pick<Associate, "id" | "name">> | null,
): Replay {
  const names = new Map((associates ?? []).map((a) => [a.id, a.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const known = associates ? (id: string) => names.has(id) : null;
  const holders = new Map<string, Holder>();
  const issues: MovementIssue[] = [];
  let entries = 0;

  const holderFor = (id: string, date: LocalDate): Holder => {
    let holder = holders.get(id);
    if (!holder) {
      holder = { lots: [], enteredOn: date, entryOrder: entries++ };
      holders.set(id, holder);
    }
    return holder;
  };

  for (const { movement, order } of chronological(movements)) {
    if (until !== null && movement.date > until) break;
    const shape = shapeIssues(movement, known);
    if (shape.length > 0) {
      for (const message of shape) issues.push({ movementId: movement.id, message });
      continue;
    }
    if (movement.kind === "SUBSCRIPTION") {
      holderFor(movement.associateId, movement.date).lots.push({
        order,
        subscriptionDate: movement.date,
        nominalValueCents: movement.nominalValueCents,
        paidOn: movement.paidOn,
        shares: movement.shares,
      });
      continue;
    }
    const fromId = movement.kind === "TRANSFER" ? movement.fromAssociateId : movement.associateId;
    const held = heldShares(holders.get(fromId));
    if (held < movement.shares) {
      const verb = movement.kind === "TRANSFER" ? "céder" : "faire rembourser";
      issues.push({
        movementId: movement.id,
        message: `Le ${formatDayMonthYear(movement.date)}, ${nameOf(fromId)} ${
          held === 0 ? "ne détient aucune part" : held === 1 ? "ne détient qu'une part" : `ne détient que ${held} parts`
        } : impossible d'en ${verb} ${movement.shares}.`,
      });
      continue;
    }
    const taken = takeOldest(holders.get(fromId) as Holder, movement.shares);
    if (movement.kind === "TRANSFER") {
      const receiver = holderFor(movement.toAssociateId, movement.date);
      for (const lot of taken) {
        const same = receiver.lots.find((l) => l.order === lot.order);
        if (same) same.shares += lot.shares;
        else receiver.lots.push(lot);
      }
      receiver.lots.sort((a, b) =>
        a.subscriptionDate < b.subscriptionDate ? -1 : a.subscriptionDate > b.subscriptionDate ? 1 : a.order - b.order,
      );
    }
  }
  return { holders, issues };
}

/**
 * Every problem of a ledger, in date order: malformed movements, transfers or refunds of more
 * parts than held at their date. `associates`, when given, names them in messages and flags
 * unknown ids.
 */
export function checkMovements(
  movements: readonly ShareMovement[],
  associates?: ReadonlyArray<Pick<Associate, "id" | "name">>,
): MovementIssue[] {
  return replay(movements, null, associates ?? null).issues;
}

/**
 * Messages (French) explaining why `candidate` cannot be added to a valid ledger: its own
 * problems, and any later movement it would make impossible (e.g. a back-dated transfer that
 * leaves too few parts for a refund already recorded). Empty: the movement can be recorded.
 */
export function validateMovement(
  existing: readonly ShareMovement[],
  candidate: ShareMovement,
  associates?: ReadonlyArray<Pick<Associate, "id" | "name">>,
): string[] {
  const before = new Set(checkMovements(existing, associates).map((i) => `${i.movementId}\u0000${i.message}`));
  return checkMovements([...existing, candidate], associates)
    .filter((i) => !before.has(`${i.movementId}\u0000${i.message}`))
    .map((i) => i.message);
}

/**
 * The register at `date` (inclusive): each associate holding parts, with its shares and its
 * subscribed, paid and unpaid capital. Throws a RangeError (with the French message) on an
 * invalid ledger: ledgers are checked with `validateMovement` before they are written.
 */
export function registerAt(movements: readonly ShareMovement[], date: LocalDate): RegisterPosition[] {
  if (!isLocalDate(date)) throw new RangeError(`registerAt : date invalide « ${date} ».`);
  const { holders, issues } = replay(movements, date, null);
  if (issues.length > 0) throw new RangeError(issues[0].message);
  return [...holders.entries()]
    .filter(([, holder]) => heldShares(holder) > 0)
    .sort(([, a], [, b]) => a.entryOrder - b.entryOrder)
    .map(([associateId, holder]) => {
      let capitalCents = 0;
      let paidCapitalCents = 0;
      for (const lot of holder.lots) {
        const value = lot.shares * lot.nominalValueCents;
        capitalCents += value;
        if (lot.paidOn !== null && lot.paidOn <= date) paidCapitalCents += value;
      }
      return {
        associateId,
        enteredOn: holder.enteredOn,
        shares: heldShares(holder),
        capitalCents,
        paidCapitalCents,
        unpaidCapitalCents: capitalCents - paidCapitalCents,
      };
    });
}

/** True when the associate holds at least one paid part at `date` (feeds the "Sociétaire" pricing tier). */
export function holdsPaidShares(movements: readonly ShareMovement[], associateId: string, date: LocalDate): boolean {
  return registerAt(movements, date).some((p) => p.associateId === associateId && p.paidCapitalCents > 0);
}

// ---------------------------------------------------------------------------------------------
// Summary per collège
// ---------------------------------------------------------------------------------------------

export type CollegeTotals = {
  associates: number;
  shares: number;
  capitalCents: number;
  paidCapitalCents: number;
  unpaidCapitalCents: number;
};

export type CollegeSummaryRow = CollegeTotals & { collegeId: string; name: string; weightBasisPoints: number };

export type CollegeSummary = { colleges: CollegeSummaryRow[]; totals: CollegeTotals };

function emptyTotals(): CollegeTotals {
  return { associates: 0, shares: 0, capitalCents: 0, paidCapitalCents: 0, unpaidCapitalCents: 0 };
}

function addPosition(totals: CollegeTotals, position: RegisterPosition): void {
  totals.associates += 1;
  totals.shares += position.shares;
  totals.capitalCents += position.capitalCents;
  totals.paidCapitalCents += position.paidCapitalCents;
  totals.unpaidCapitalCents += position.unpaidCapitalCents;
}

function associateOf(associates: readonly Associate[], id: string): Associate {
  const associate = associates.find((a) => a.id === id);
  if (!associate) throw new RangeError(`Associé inconnu : « ${id} ».`);
  return associate;
}

function collegeOf(colleges: readonly College[], associate: Associate): College {
  const college = colleges.find((c) => c.id === associate.collegeId);
  if (!college) throw new RangeError(`Collège inconnu pour ${associate.name} : « ${associate.collegeId} ».`);
  return college;
}

/**
 * Associates, parts and capital per collège (every collège listed, in the given order, even
 * empty ones), plus the totals. Throws a RangeError for an unknown associate or collège.
 */
export function summaryByCollege(
  colleges: readonly College[],
  associates: readonly Associate[],
  positions: readonly RegisterPosition[],
): CollegeSummary {
  const rows = new Map(
    colleges.map((c) => [c.id, { collegeId: c.id, name: c.name, weightBasisPoints: c.weightBasisPoints, ...emptyTotals() }]),
  );
  const totals = emptyTotals();
  for (const position of positions) {
    const college = collegeOf(colleges, associateOf(associates, position.associateId));
    addPosition(rows.get(college.id) as CollegeSummaryRow, position);
    addPosition(totals, position);
  }
  return { colleges: [...rows.values()], totals };
}

// ---------------------------------------------------------------------------------------------
// CSV exports
// ---------------------------------------------------------------------------------------------

export const CSV_SEPARATOR = ";";
export const CSV_BOM = "\ufeff";
const CSV_EOL = "\r\n";

/** RFC 4180 field: quoted (quotes doubled) when it holds the separator, a quote, CR or LF. */
export function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Free text from users: neutralises spreadsheet formulas (= + - @ tab, CR at the start). */
export function csvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A complete CSV document: BOM, header, rows, CRLF after every line. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvField).join(CSV_SEPARATOR));
  return CSV_BOM + lines.map((line) => line + CSV_EOL).join("");
}

/** 123450 → "1234,50", -5 → "-0,05": a number French spreadsheets read as such. */
export function csvAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

/** "2027-03-12" → "12/03/2027". */
export function csvDate(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

export type RegisterRow = {
  name: string;
  kind: AssociateKind;
  collegeName: string;
  enteredOn: LocalDate;
  shares: number;
  capitalCents: number;
  paidCapitalCents: number;
  unpaidCapitalCents: number;
};

/** The register positions joined with the associates and their collège, ready to export. */
export function registerRows(
  positions: readonly RegisterPosition[],
  associates: readonly Associate[],
  colleges: readonly College[],
): RegisterRow[] {
  return positions.map((position) => {
    const associate = associateOf(associates, position.associateId);
    return {
      name: associate.name,
      kind: associate.kind,
      collegeName: collegeOf(colleges, associate).name,
      enteredOn: position.enteredOn,
      shares: position.shares,
      capitalCents: position.capitalCents,
      paidCapitalCents: position.paidCapitalCents,
      unpaidCapitalCents: position.unpaidCapitalCents,
    };
  });
}

export const REGISTER_CSV_HEADER = [
  "Associé",
  "Type",
  "Collège",
  "Date d'entrée",
  "Parts",
  "Capital souscrit (€)",
  "Capital libéré (€)",
  "Capital non libéré (€)",
] as const;

const KIND_LABELS: Record<AssociateKind, string> = { PERSON: "Personne physique", ORGANISATION: "Personne morale" };

/** The register of associates as a CSV document (see the module header for the format). */
export function registerCsv(rows: readonly RegisterRow[]): string {
  return toCsv(
    REGISTER_CSV_HEADER,
    rows.map((row) => [
      csvText(row.name),
      KIND_LABELS[row.kind],
      csvText(row.collegeName),
      csvDate(row.enteredOn),
      String(row.shares),
      csvAmount(row.capitalCents),
      csvAmount(row.paidCapitalCents),
      csvAmount(row.unpaidCapitalCents),
    ]),
  );
}

export const COLLEGE_SUMMARY_CSV_HEADER = [
  "Collège",
  "Droits de vote",
  "Associés",
  "Parts",
  "Capital souscrit (€)",
  "Capital libéré (€)",
  "Capital non libéré (€)",
] as const;

/** The summary per collège as a CSV document, with a final "Total" line. */
export function collegeSummaryCsv(summary: CollegeSummary): string {
  const cells = (label: string, weight: string, t: CollegeTotals) => [
    label,
    weight,
    String(t.associates),
    String(t.shares),
    csvAmount(t.capitalCents),
    csvAmount(t.paidCapitalCents),
    csvAmount(t.unpaidCapitalCents),
  ];
  const totalWeight = summary.colleges.reduce((sum, c) => sum + c.weightBasisPoints, 0);
  return toCsv(COLLEGE_SUMMARY_CSV_HEADER, [
    ...summary.colleges.map((c) => cells(csvText(c.name), formatWeightPercent(c.weightBasisPoints), c)),
    cells("Total", formatWeightPercent(totalWeight), summary.totals),
  ]);
}
