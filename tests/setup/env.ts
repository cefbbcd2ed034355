// Runs before each test file is imported. Everything runs as if the server were in UTC, so
// nothing depends on the host's zone: wall-clock logic goes through app/domain/time.ts.
// Each file gets its own copy of the migrated SQLite database as the app's DATABASE_URL (or of
// the PostgreSQL one with TEST_APP_DATABASE=postgres), and its process its own DATA_DIR.
import path from "node:path";
import { clonePostgresTemplate, copySqliteTemplate, TEST_CACHE } from "../helpers/database-files";

process.env.TZ = "UTC";
process.env.SESSION_SECRET ??= "test-session-secret-not-for-production";
if (process.env.TEST_APP_DATABASE === "postgres") {
  // `npm run test:postgres-app`: the app's own client (the route modules' `db`) on a clone of
  // the PostgreSQL template, for the tests that go through the routes (the fuzz test).
  if (!process.env.TEST_POSTGRES_URL) throw new Error("TEST_APP_DATABASE=postgres needs TEST_POSTGRES_URL");
  const clone = await clonePostgresTemplate();
  process.env.DATABASE_URL = clone.url;
  afterAll(async () => {
    const { db } = await import("~/db.server");
    await db.$disconnect();
    await clone.drop();
  });
} else {
  process.env.DATABASE_URL = copySqliteTemplate();
}
// Files the app writes (uploads, cached documents) go to this run's cache, never to ./data.
process.env.DATA_DIR ??= path.join(TEST_CACHE, `data-${process.pid}`);
