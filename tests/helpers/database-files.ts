// Where test databases live. Plain Node: usable from global setup and from tests.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// One folder and one PostgreSQL template per test run (set by the global setup and inherited
// by the test workers), so two runs on one machine never share or delete each other's files.
export const TEST_RUN_ID = (process.env.TEST_RUN_ID ??= `${process.pid}_${crypto.randomBytes(3).toString("hex")}`);
export const TEST_CACHE = path.resolve(".cache", "test-databases", TEST_RUN_ID);
export const SQLITE_TEMPLATE = path.join(TEST_CACHE, "template.db");
export const POSTGRES_TEMPLATE = `tiers_lieux_template_${TEST_RUN_ID}`;

/** A private copy of the migrated SQLite template. */
export function copySqliteTemplate(): string {
  const file = path.join(TEST_CACHE, `test-${process.pid}-${crypto.randomBytes(4).toString("hex")}.db`);
  fs.copyFileSync(SQLITE_TEMPLATE, file);
  return `file:${file}`;
}

export function postgresUrlFor(database: string): string {
  const url = new URL(process.env.TEST_POSTGRES_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withPostgresAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new PostgreSQL database cloned from the migrated template; drop() removes it. */
export async function clonePostgresTemplate(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tiers_lieux_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  await withPostgresAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${POSTGRES_TEMPLATE}"`));
  return {
    url: postgresUrlFor(name),
    drop: () => withPostgresAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
