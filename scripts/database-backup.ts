// Backups and restores of DATABASE_URL, for `npm run db:backup` and `npm run db:restore`
// (scripts/db-backup.ts, scripts/db-restore.ts; see docs/operations.md).
//
// SQLite: better-sqlite3's online backup API copies a consistent snapshot while the app keeps
// running (WAL readers never block writers). A restore replaces the file: the backup is copied
// to a temporary file beside the database, checked, then renamed over it, and the database it
// replaces is kept as `<file>.before-restore`. It refuses while another connection (the app) has
// the database open.
// PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists` in one transaction,
// with a safety dump of the database taken just before it is replaced.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider } from "./database-url.mjs";

/** A failure explained to the operator (French / English); printed without a stack trace. */
export class OperationError extends Error {}

/**
 * `data/backups/2027-03-01T08-00-00Z.db` (`.dump` for PostgreSQL), relative to the working
 * directory; BACKUP_DIR names another folder.
 */
export function defaultBackupPath(provider: "sqlite" | "postgres", now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, "Z").replaceAll(":", "-");
  return path.resolve(process.env.BACKUP_DIR || path.join("data", "backups"), `${stamp}.${provider === "sqlite" ? "db" : "dump"}`);
}

/** The file of a `file:` URL, resolved like the better-sqlite3 adapter does (from the working directory). */
export function sqliteFileOf(url: string): string {
  return path.resolve(url.slice("file:".length).split("?")[0]);
}

export async function backupDatabase({ url, out }: { url: string; out?: string }): Promise<{ file: string; bytes: number }> {
  const provider = databaseProvider(url);
  const file = path.resolve(out ?? defaultBackupPath(provider));
  if (fs.existsSync(file)) throw new OperationError(`Le fichier ${file} existe déjà : choisissez un autre nom. / ${file} already exists: choose another name.`);
  if (provider === "postgres") runPostgresTool("pg_dump", ["--version"]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written under a temporary name, so a backup interrupted half-way never looks complete.
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    if (provider === "sqlite") await backupSqlite(sqliteFileOf(url), partial);
    else backupPostgres(url, partial);
    syncFile(partial);
    fs.renameSync(partial, file);
    syncDirectory(path.dirname(file));
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { file, bytes: fs.statSync(file).size };
}

export async function restoreDatabase({ url, file, force = false }: { url: string; file: string; force?: boolean }): Promise<{ previous: string | null }> {
  const backup = path.resolve(file);
  if (!fs.existsSync(backup) || !fs.statSync(backup).isFile()) {
    throw new OperationError(`Sauvegarde introuvable : ${backup}. / Backup not found: ${backup}.`);
  }
  return databaseProvider(url) === "sqlite" ? restoreSqlite(sqliteFileOf(url), backup) : restorePostgres(url, backup, force);
}

// ---------------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------------

function openSqlite(file: string, options: Database.Options = {}): Database.Database {
  try {
    return new Database(file, { fileMustExist: true, ...options });
  } catch (error) {
    throw new OperationError(`Impossible d'ouvrir la base SQLite ${file} (${(error as Error).message}). / Cannot open the SQLite database ${file}.`);
  }
}

/** Copies `source` to `destination` with the online backup API, then checks the copy. */
async function backupSqlite(source: string, destination: string) {
  const database = openSqlite(source, { timeout: 5000 });
  try {
    // After the first step, copy everything left in one step: one read snapshot, so writes
    // made by the app meanwhile cannot restart the copy over and over.
    await database.backup(destination, { progress: ({ remainingPages }) => Math.max(remainingPages, 100) });
  } catch (error) {
    throw new OperationError(`${source} n'est pas une base SQLite lisible (${(error as Error).message}). / ${source} is not a readable SQLite database.`);
  } finally {
    database.close();
  }
  selfContainedAndChecked(destination, source);
}

/** A backup is one file (rollback journal, no -wal beside it) that passes SQLite's quick check. */
function selfContainedAndChecked(file: string, origin: string) {
  const database = openSqlite(file);
  try {
    database.pragma("journal_mode = DELETE");
    const check = database.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new OperationError(`La copie de ${origin} est endommagée (${String(check)}). / The copy of ${origin} is damaged.`);
    const migrations = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!migrations) {
      throw new OperationError(`${origin} n'est pas une base de cette application (pas de table _prisma_migrations). / ${origin} is not this app's database.`);
    }
  } catch (error) {
    if (error instanceof OperationError) throw error;
    throw new OperationError(`${origin} n'est pas une base SQLite lisible (${(error as Error).message}). / ${origin} is not a readable SQLite database.`);
  } finally {
    database.close();
  }
}

const IN_USE = (file: string) =>
  `La base ${file} est ouverte par un autre processus, sans doute l'application : arrêtez-la, puis relancez la restauration. ` +
  `/ ${file} is open in another process, probably the app: stop it, then run the restore again.`;

/**
 * Refuses while another connection has the database open, and leaves it as one file: leaving
 * WAL mode needs every other connection closed (SQLite answers SQLITE_BUSY otherwise), and it
 * checkpoints the WAL into the file. The exclusive transaction catches rollback-mode users.
 */
function closeForRestore(file: string) {
  const database = openSqlite(file, { timeout: 0 });
  try {
    let mode: unknown;
    try {
      mode = database.pragma("journal_mode = DELETE", { simple: true });
      database.exec("BEGIN EXCLUSIVE; COMMIT;");
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) throw new OperationError(IN_USE(file));
      throw error;
    }
    if (mode !== "delete") throw new OperationError(IN_USE(file));
  } finally {
    database.close();
  }
}

async function restoreSqlite(target: string, backup: string): Promise<{ previous: string | null }> {
  const previous = `${target}.before-restore`;
  const exists = fs.existsSync(target);
  if (exists && fs.existsSync(previous)) {
    throw new OperationError(
      `${previous} existe déjà (restauration précédente) : déplacez-le ou supprimez-le, puis relancez. ` +
        `/ ${previous} already exists (an earlier restore): move or delete it, then run again.`,
    );
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.restore-${process.pid}.tmp`;
  try {
    // Copied and checked before the database is touched: a bad backup changes nothing.
    await backupSqlite(backup, temporary);
    syncFile(temporary);
    if (exists) {
      closeForRestore(target);
      // Left behind only if something opened the database since: never rename a file under a live WAL.
      if (fs.existsSync(`${target}-wal`) || fs.existsSync(`${target}-shm`)) throw new OperationError(IN_USE(target));
      fs.renameSync(target, previous);
    }
    fs.renameSync(temporary, target);
    syncDirectory(path.dirname(target));
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return { previous: exists ? previous : null };
}

function syncFile(file: string) {
  const descriptor = fs.openSync(file, "r");
  try {
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Makes a rename durable (a no-op where directories cannot be opened, e.g. Windows). */
function syncDirectory(directory: string) {
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(directory, "r");
    fs.fsyncSync(descriptor);
  } catch {
    // Best effort only.
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

/** Query parameters Prisma understands but libpq (pg_dump, pg_restore) refuses. */
const PRISMA_ONLY_PARAMETERS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout", "sslaccept"];

/** The URL for libpq tools, with the password moved to PGPASSWORD so it never shows in the process list. */
function libpqConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  for (const name of PRISMA_ONLY_PARAMETERS) parsed.searchParams.delete(name);
  return { url: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

function runPostgresTool(tool: "pg_dump" | "pg_restore", args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(tool, args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new OperationError(
      `${tool} est introuvable : installez les outils clients PostgreSQL (paquet postgresql-client, de la version du serveur ou plus récente) et mettez-les dans le PATH. ` +
        `/ ${tool} not found: install the PostgreSQL client tools (package postgresql-client, the server's version or newer) and put them on PATH.`,
    );
  }
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new OperationError(`${tool} a échoué (code ${result.status}). / ${tool} failed (exit code ${result.status}).\n${result.stderr.trim()}`);
  }
  return result.stdout;
}

function backupPostgres(url: string, destination: string) {
  const connection = libpqConnection(url);
  runPostgresTool("pg_dump", ["--format=custom", `--file=${destination}`, `--dbname=${connection.url}`], connection.env);
}

/** Other sessions on the database: the app is probably running. */
async function otherSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}

async function restorePostgres(url: string, backup: string, force: boolean): Promise<{ previous: string | null }> {
  // Reads the archive's table of contents: refuses a file that is not a pg_dump custom archive.
  runPostgresTool("pg_restore", ["--list", backup]);
  const sessions = await otherSessions(url);
  if (sessions > 0 && !force) {
    throw new OperationError(
      `${sessions} autre(s) connexion(s) à cette base, sans doute l'application : arrêtez-la, ou relancez avec --force. ` +
        `/ ${sessions} other connection(s) to this database, probably the app: stop it, or run again with --force.`,
    );
  }
  const { file: previous } = await backupDatabase({ url, out: defaultBackupPath("postgres").replace(/\.dump$/, ".before-restore.dump") });
  const connection = libpqConnection(url);
  // One transaction: if anything fails, the database is left exactly as it was.
  runPostgresTool(
    "pg_restore",
    ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${connection.url}`, backup],
    connection.env,
  );
  return { previous };
}
