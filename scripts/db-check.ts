// `npm run db:check`: verifies the database invariants (app/models/invariants.server.ts) on
// DATABASE_URL, SQLite or PostgreSQL, and prints a French/English report. Exit code 0 when
// every check passes, 1 on any violation (or if the check itself fails). Read-only; safe to
// run while the app runs. See docs/operations.md.
import { createDb } from "~/db.server";
import { formatCheckReport } from "~/domain/invariants";
import { runInvariantChecks } from "~/models/invariants.server";

const db = createDb();
try {
  const { ok, outcomes } = await runInvariantChecks(db);
  console.log(formatCheckReport(outcomes));
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error("La vérification n'a pas pu aboutir. / The check could not complete.");
  console.error(error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
