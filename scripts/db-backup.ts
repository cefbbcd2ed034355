// `npm run db:backup [-- --out <file>]`: a consistent backup of DATABASE_URL, taken while the
// app runs. SQLite: data/backups/<timestamp>.db by default; PostgreSQL (needs pg_dump):
// data/backups/<timestamp>.dump. See docs/operations.md.
import { parseArgs } from "node:util";
import { backupDatabase, OperationError } from "./database-backup";
import { databaseUrl } from "./database-url.mjs";

try {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const { file, bytes } = await backupDatabase({ url: databaseUrl(), out: values.out });
  console.log(`Sauvegarde écrite : ${file} (${bytes} octets). / Backup written: ${file} (${bytes} bytes).`);
} catch (error) {
  console.error(error instanceof OperationError ? error.message : error);
  process.exitCode = 1;
}
