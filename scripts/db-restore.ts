// `npm run db:restore -- <file>`: replaces DATABASE_URL's contents with a backup made by
// `npm run db:backup`. Stop the app first. SQLite keeps the replaced database as
// <file>.before-restore; PostgreSQL (needs pg_restore and pg_dump) dumps it to
// data/backups/<timestamp>.before-restore.dump and restores in one transaction
// (--force: even if other connections are open). See docs/operations.md.
import { parseArgs } from "node:util";
import { OperationError, restoreDatabase } from "./database-backup";
import { databaseUrl } from "./database-url.mjs";

try {
  const { values, positionals } = parseArgs({ options: { force: { type: "boolean", default: false } }, allowPositionals: true });
  if (positionals.length !== 1) {
    throw new OperationError("Usage : npm run db:restore -- <fichier> [--force] / Usage: npm run db:restore -- <file> [--force]");
  }
  const { previous } = await restoreDatabase({ url: databaseUrl(), file: positionals[0], force: values.force });
  console.log(`Base restaurée depuis ${positionals[0]}. / Database restored from ${positionals[0]}.`);
  if (previous) console.log(`Base remplacée conservée : ${previous}. / Replaced database kept as: ${previous}.`);
} catch (error) {
  console.error(error instanceof OperationError ? error.message : error);
  process.exitCode = 1;
}
