// Runs once before all test files: builds migrated template databases that each test file
// copies (SQLite) or clones (PostgreSQL, when TEST_POSTGRES_URL is set), so a test file
// never waits for migrations and never sees another file's rows.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { POSTGRES_TEMPLATE, SQLITE_TEMPLATE, TEST_CACHE, postgresUrlFor, withPostgresAdmin } from "../helpers/database-files";

function migrate(url: string) {
  execFileSync(process.execPath, ["scripts/db.mjs", "migrate"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export default async function setup() {
  fs.mkdirSync(TEST_CACHE, { recursive: true });
  migrate(`file:${SQLITE_TEMPLATE}`);
  if (process.env.TEST_POSTGRES_URL) {
    await withPostgresAdmin(async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${POSTGRES_TEMPLATE}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${POSTGRES_TEMPLATE}"`);
    });
    migrate(postgresUrlFor(POSTGRES_TEMPLATE));
  }
  return async () => {
    fs.rmSync(TEST_CACHE, { recursive: true, force: true });
    if (process.env.TEST_POSTGRES_URL) {
      await withPostgresAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${POSTGRES_TEMPLATE}" WITH (FORCE)`));
    }
  };
}
