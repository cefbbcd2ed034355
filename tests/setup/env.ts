// Runs before each test file is imported. Everything runs as if the server were in UTC, so
// nothing depends on the host's zone: wall-clock logic goes through app/domain/time.ts.
// Each file gets its own copy of the migrated SQLite database as the app's DATABASE_URL, and
// its process its own DATA_DIR.
import path from "node:path";
import { copySqliteTemplate, TEST_CACHE } from "../helpers/database-files";

process.env.TZ = "UTC";
process.env.SESSION_SECRET ??= "test-session-secret-not-for-production";
process.env.DATABASE_URL = copySqliteTemplate();
// Files the app writes (uploads, cached documents) go to this run's cache, never to ./data.
process.env.DATA_DIR ??= path.join(TEST_CACHE, `data-${process.pid}`);
