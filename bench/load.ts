// Fresh, migrated benchmark databases and bulk loading of the generated rows: one prepared
// INSERT per row inside one transaction on SQLite (better-sqlite3 does ~10⁵ rows/s that way),
// multi-row INSERT … SELECT FROM unnest($1, $2, …) per chunk on PostgreSQL, in one transaction.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { Row, Sink } from "./dataset";

export const root = path.resolve(import.meta.dirname, "..");

function migrate(url: string) {
  execFileSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "migrate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** A new migrated SQLite file at `file` (removed first). */
export function freshSqlite(file: string): string {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const url = `file:${file}`;
  migrate(url);
  return url;
}

/** Drops and re-creates the database `name` on the TEST_POSTGRES_URL server, migrated. */
export async function freshPostgres(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  migrate(url.toString());
  return url.toString();
}

/** Prisma's SQLite text format for DateTime ("2027-01-05T13:00:00.000+00:00"). */
export const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

function sqliteValue(value: Row[string]) {
  if (value instanceof Date) return sqliteDate(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

export function sqliteSink(file: string): { sink: Sink; close: () => void } {
  const database = new Database(file);
  database.pragma("foreign_keys = ON");
  database.pragma("synchronous = OFF");
  const statements = new Map<string, Database.Statement>();
  const insertAll = database.transaction((table: string, rows: Row[]) => {
    const columns = Object.keys(rows[0]);
    const key = `${table}:${columns.join(",")}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = database.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES (${columns.map(() => "?").join(",")})`);
      statements.set(key, statement);
    }
    for (const row of rows) statement.run(columns.map((column) => sqliteValue(row[column])));
  });
  return {
    sink: async (table, rows) => insertAll(table, rows),
    close: () => {
      database.pragma("synchronous = FULL");
      database.exec("ANALYZE");
      database.close();
    },
  };
}

/** Column types PostgreSQL needs to read the unnest arrays. */
async function columnTypes(client: pg.Client, table: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ column_name: string; data_type: string; udt_name: string }>(
    "SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_name = $1",
    [table],
  );
  return new Map(rows.map((row) => [row.column_name, row.data_type === "USER-DEFINED" ? `"${row.udt_name}"` : row.udt_name === "timestamp" ? "timestamp(3)" : row.udt_name]));
}

export async function postgresSink(url: string): Promise<{ sink: Sink; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  const types = new Map<string, Map<string, string>>();
  return {
    sink: async (table, rows) => {
      if (!types.has(table)) types.set(table, await columnTypes(client, table));
      const columnType = types.get(table)!;
      const columns = Object.keys(rows[0]);
      const arrays = columns.map((column) =>
        rows.map((row) => {
          const value = row[column];
          // Prisma keeps timestamp(3) in UTC: send the UTC wall time, not a zoned instant.
          return value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : value;
        }),
      );
      const unnest = columns.map((column, index) => `$${index + 1}::${(columnType.get(column) ?? "text").replace(/^"(.*)"$/, '"$1"')}[]`);
      await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) SELECT * FROM unnest(${unnest.join(",")})`, arrays);
    },
    close: async () => {
      await client.query("COMMIT");
      await client.query("ANALYZE");
      // Each chunk of occurrences counted its spaces again (a trigger): a search reads the counts.
      await client.query(`VACUUM "SpaceOccupancyVersion"`);
      await client.end();
    },
  };
}
