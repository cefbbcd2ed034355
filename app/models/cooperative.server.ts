// The SCIC's collèges, associates and share ledger. Rules (legal frame, register replay, CSV) live
// in app/domain/cooperative.ts; every query here is scoped by the SCIC's id.
import type { Db, Prisma } from "~/db.server";
import {
  collegeSummaryCsv,
  registerAt,
  registerCsv,
  registerRows,
  summaryByCollege,
  validateColleges,
  validateMovement,
  type Associate,
  type AssociateKind,
  type College,
  type ShareMovement,
} from "~/domain/cooperative";
import type { LocalDate } from "~/domain/time";

type DbOrTx = Db | Prisma.TransactionClient;

export async function listColleges(db: Db, { scicId }: { scicId: string }): Promise<College[]> {
  const rows = await db.college.findMany({ where: { scicId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map((r) => ({ id: r.id, name: r.name, weightBasisPoints: r.weightBasisPoints }));
}

export type CollegeSaveResult = { ok: true } | { ok: false; errors: string[] };

/**
 * Replaces the SCIC's collèges with `colleges` (matched by id when given, else by name). A
 * collège that still has associates cannot be removed.
 */
export async function saveColleges(
  db: Db,
  { scicId, colleges }: { scicId: string; colleges: ReadonlyArray<{ id?: string | null; name: string; weightBasisPoints: number }> },
): Promise<CollegeSaveResult> {
  const issues = validateColleges(colleges);
  if (issues.length > 0) return { ok: false, errors: issues.map((i) => i.message) };
  return db.$transaction(async (tx) => {
    const existing = await tx.college.findMany({ where: { scicId }, include: { _count: { select: { associates: true } } } });
    const kept = new Set<string>();
    const matched = colleges.map((college) => {
      const match =
        existing.find((e) => college.id && e.id === college.id) ??
        existing.find((e) => e.name.trim().toLocaleLowerCase("fr-FR") === college.name.trim().toLocaleLowerCase("fr-FR"));
      if (match) kept.add(match.id);
      return { college, match };
    });
    const removed = existing.filter((e) => !kept.has(e.id));
    const blocked = removed.filter((e) => e._count.associates > 0);
    if (blocked.length > 0) {
      return {
        ok: false as const,
        errors: blocked.map((b) => `Le collège « ${b.name} » compte encore des associés : changez-les de collège avant de le supprimer.`),
      };
    }
    await tx.college.deleteMany({ where: { scicId, id: { in: removed.map((r) => r.id) } } });
    // Temporary names first, so renaming A→B and B→A does not trip the unique (scicId, name):
    // a leading space, which no saved (trimmed) name has. Not a NUL: PostgreSQL refuses it in text.
    for (const { match } of matched) {
      if (match) await tx.college.update({ where: { id: match.id }, data: { name: ` ${match.id}` } });
    }
    for (const [position, { college, match }] of matched.entries()) {
      const data = { name: college.name.trim(), weightBasisPoints: college.weightBasisPoints, position };
      if (match) await tx.college.update({ where: { id: match.id }, data });
      else await tx.college.create({ data: { ...data, scicId } });
    }
    return { ok: true as const };
  });
}

export type AssociateRow = Associate & { organizationId: string | null; email: string | null; address: string | null };

export async function listAssociates(db: DbOrTx, { scicId }: { scicId: string }): Promise<AssociateRow[]> {
  const rows = await db.associate.findMany({ where: { scicId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    collegeId: r.collegeId,
    organizationId: r.organizationId,
    email: r.email,
    address: r.address,
  }));
}

export async function createAssociate(
  db: Db,
  input: { scicId: string; collegeId: string; kind: AssociateKind; name: string; organizationId?: string | null; email?: string | null; address?: string | null },
): Promise<{ ok: true; id: string } | { ok: false; errors: string[] }> {
  const college = await db.college.findFirst({ where: { id: input.collegeId, scicId: input.scicId }, select: { id: true } });
  if (!college) return { ok: false, errors: ["Choisissez un collège de la coopérative."] };
  if (input.organizationId) {
    // An id that is no organisation would fail the foreign key (a 500): refuse it in French.
    const organization = await db.organization.findUnique({ where: { id: input.organizationId }, select: { id: true } });
    if (!organization) return { ok: false, errors: ["Organisation inconnue : choisissez-la dans la liste."] };
    const taken = await db.associate.findFirst({ where: { scicId: input.scicId, organizationId: input.organizationId }, select: { id: true } });
    if (taken) return { ok: false, errors: ["Cette organisation est déjà associée de la coopérative."] };
  }
  const created = await db.associate.create({
    data: {
      scicId: input.scicId,
      collegeId: college.id,
      kind: input.kind,
      name: input.name.trim(),
      organizationId: input.organizationId ?? null,
      email: input.email ?? null,
      address: input.address ?? null,
    },
    select: { id: true },
  });
  return { ok: true, id: created.id };
}

/** The SCIC's ledger in replay order: by date, then creation. */
export async function listShareMovements(db: DbOrTx, { scicId }: { scicId: string }): Promise<ShareMovement[]> {
  const rows = await db.shareMovement.findMany({ where: { scicId }, orderBy: [{ date: "asc" }, { createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r): ShareMovement => {
    if (r.kind === "SUBSCRIPTION") {
      return {
        kind: "SUBSCRIPTION",
        id: r.id,
        associateId: r.associateId,
        date: r.date,
        shares: r.shares,
        nominalValueCents: r.nominalValueCents ?? 0,
        paidOn: r.paidOn,
      };
    }
    if (r.kind === "TRANSFER") {
      return { kind: "TRANSFER", id: r.id, fromAssociateId: r.associateId, toAssociateId: r.toAssociateId ?? "", date: r.date, shares: r.shares };
    }
    return { kind: "REFUND", id: r.id, associateId: r.associateId, date: r.date, shares: r.shares };
  });
}

export type NewShareMovement =
  | { kind: "SUBSCRIPTION"; associateId: string; date: LocalDate; shares: number; nominalValueCents: number; paidOn: LocalDate | null }
  | { kind: "TRANSFER"; fromAssociateId: string; toAssociateId: string; date: LocalDate; shares: number }
  | { kind: "REFUND"; associateId: string; date: LocalDate; shares: number };

/**
 * Records a movement if the ledger stays valid (validateMovement), in one transaction so two
 * managers cannot both refund the same parts.
 */
export async function recordShareMovement(
  db: Db,
  { scicId, movement }: { scicId: string; movement: NewShareMovement },
): Promise<{ ok: true; id: string } | { ok: false; errors: string[] }> {
  return db.$transaction(async (tx) => {
    const associates = await listAssociates(tx, { scicId });
    const existing = await listShareMovements(tx, { scicId });
    const candidate = { ...movement, id: "nouveau" } as ShareMovement;
    const errors = validateMovement(existing, candidate, associates);
    if (errors.length > 0) return { ok: false as const, errors };
    const holderId = movement.kind === "TRANSFER" ? movement.fromAssociateId : movement.associateId;
    const created = await tx.shareMovement.create({
      data: {
        scicId,
        kind: movement.kind,
        associateId: holderId,
        toAssociateId: movement.kind === "TRANSFER" ? movement.toAssociateId : null,
        date: movement.date,
        shares: movement.shares,
        nominalValueCents: movement.kind === "SUBSCRIPTION" ? movement.nominalValueCents : null,
        paidOn: movement.kind === "SUBSCRIPTION" ? movement.paidOn : null,
      },
      select: { id: true },
    });
    return { ok: true as const, id: created.id };
  });
}

export async function getRegister(db: Db, { scicId, date }: { scicId: string; date: LocalDate }) {
  const [colleges, associates, movements] = await Promise.all([
    listColleges(db, { scicId }),
    listAssociates(db, { scicId }),
    listShareMovements(db, { scicId }),
  ]);
  const positions = registerAt(movements, date);
  const rows = registerRows(positions, associates, colleges);
  const summary = summaryByCollege(colleges, associates, positions);
  return { colleges, associates, movements, positions, rows, summary };
}

export async function registerCsvAt(db: Db, { scicId, date }: { scicId: string; date: LocalDate }): Promise<string> {
  return registerCsv((await getRegister(db, { scicId, date })).rows);
}

export async function collegeSummaryCsvAt(db: Db, { scicId, date }: { scicId: string; date: LocalDate }): Promise<string> {
  return collegeSummaryCsv((await getRegister(db, { scicId, date })).summary);
}

/** Whether `organizationId` holds paid parts of the SCIC at `date` (drives the Sociétaire tier). */
export async function organizationHoldsPaidShares(
  db: Db,
  { scicId, organizationId, date }: { scicId: string; organizationId: string; date: LocalDate },
): Promise<boolean> {
  const associate = await db.associate.findFirst({ where: { scicId, organizationId }, select: { id: true } });
  if (!associate) return false;
  const movements = await listShareMovements(db, { scicId });
  return registerAt(movements, date).some((p) => p.associateId === associate.id && p.paidCapitalCents > 0);
}
