// Multi-row INSERTs in one raw statement per chunk, for the hot write paths (issue 7): Prisma's
// createMany costs about a millisecond of CPU per row in its query compiler, a raw INSERT a
// fraction of that. Values go through the driver adapters like Prisma's own (Dates as UTC,
// booleans as 1/0 on SQLite), so rows read back exactly as if Prisma had written them. Only
// for tables whose columns are all given here (no Prisma-side defaults: ids come from newId()).
import { randomBytes } from "node:crypto";
import { Prisma } from "~/db.server";
import type { RawSql } from "./driver-sql.server";

type RawClient = Pick<RawSql, "$executeRaw">;
export type RowValue = string | number | boolean | Date | null;

/** Rows per statement: with ~20 columns, far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const CHUNK_ROWS = 500;

let counter = 0;

/** A collision-resistant id shaped like Prisma's cuid(): "c", time, counter and randomness (25 characters). */
export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  const random = randomBytes(8).readBigUInt64BE().toString(36).padStart(13, "0").slice(0, 11);
  return `c${Date.now().toString(36).padStart(9, "0")}${counter.toString(36).padStart(4, "0")}${random}`;
}

export type RowsOf = { table: string; columns: readonly string[]; rows: ReadonlyArray<Record<string, RowValue>> };

function insertStatement({ table, columns, rows }: RowsOf): Prisma.Sql {
  const names = Prisma.join(columns.map((column) => Prisma.raw(`"${column}"`)));
  const values = rows.map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => row[column] ?? null))})`);
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${names}) VALUES ${Prisma.join(values)}`;
}

/** INSERT INTO table (columns) VALUES (…), (…) in chunks; every row gives every column. */
export async function insertRows(db: RawClient, table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, RowValue>>): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    await db.$executeRaw(insertStatement({ table, columns, rows: rows.slice(start, start + CHUNK_ROWS) }));
  }
}

/**
 * A parent row and its children. On PostgreSQL, in one statement when the children fit in one
 * chunk (`WITH parent AS (INSERT …) INSERT …`: foreign keys are checked at the end of the
 * statement, so the children may name the parent): one round trip fewer on every booking.
 * SQLite has no INSERT in WITH, and no network between the app and the database.
 */
export async function insertParentAndChildren(db: RawClient, postgres: boolean, parent: RowsOf, children: RowsOf): Promise<void> {
  if (postgres && children.rows.length > 0 && children.rows.length <= CHUNK_ROWS) {
    await db.$executeRaw(Prisma.sql`WITH parent AS (${insertStatement(parent)}) ${insertStatement(children)}`);
    return;
  }
  await insertRows(db, parent.table, parent.columns, parent.rows);
  await insertRows(db, children.table, children.columns, children.rows);
}
