// Runs before each test file is imported. Everything runs as if the server were in UTC, so
// nothing depends on the host's zone: wall-clock logic goes through app/domain/time.ts.
// Each file gets its own copy of the migrated SQLite database as the app's DATABASE_URL.
import { copySqliteTemplate } from "../helpers/database-files";

process.env.TZ = "UTC";
process.env.SESSION_SECRET ??= "test-session-secret-not-for-production";
process.env.DATABASE_URL = copySqliteTemplate();
