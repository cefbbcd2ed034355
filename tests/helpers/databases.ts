// Database handles for tests that must run the same operations on both providers.
import { createDb, type Db } from "~/db.server";
import { clonePostgresTemplate, copySqliteTemplate } from "./database-files";

export const postgresAvailable = Boolean(process.env.TEST_POSTGRES_URL);

export type TestDatabase = { provider: "sqlite" | "postgres"; url: string; db: Db; dispose: () => Promise<void> };

/** A new copy of the migrated SQLite template (not the app's DATABASE_URL file). */
export async function sqliteTestDatabase(url = copySqliteTemplate()): Promise<TestDatabase> {
  const db = createDb(url);
  return { provider: "sqlite", url, db, dispose: () => db.$disconnect() };
}

export async function postgresTestDatabase(): Promise<TestDatabase> {
  const { url, drop } = await clonePostgresTemplate();
  const db = createDb(url);
  return {
    provider: "postgres",
    url,
    db,
    dispose: async () => {
      await db.$disconnect();
      await drop();
    },
  };
}

/** The providers to run a suite on: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set. */
export const providers: Array<"sqlite" | "postgres"> = postgresAvailable ? ["sqlite", "postgres"] : ["sqlite"];

export function openTestDatabase(provider: "sqlite" | "postgres"): Promise<TestDatabase> {
  return provider === "sqlite" ? sqliteTestDatabase() : postgresTestDatabase();
}
