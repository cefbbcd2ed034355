// `npm run db:backup` / `npm run db:restore` round trips: every table of the restored database
// has the same rows as the original (row counts and a content hash). SQLite always; PostgreSQL
// when TEST_POSTGRES_URL is set and pg_dump is installed. The scripts run as child processes,
// as an operator would run them, while the test's own client keeps the database open.
import { execFile, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { createBooking } from "~/models/booking.server";
import { runInvariantChecks } from "~/models/invariants.server";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { copySqliteTemplate, postgresUrlFor, withPostgresAdmin } from "../helpers/database-files";
import { postgresAvailable, postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from "../helpers/databases";

const run = promisify(execFile);
const NOW = new Date("2027-03-01T08:00:00Z");
const pgDumpInstalled = spawnSync("pg_dump", ["--version"]).status === 0;

type ScriptResult = { exitCode: number; stdout: string; stderr: string };

function script(name: "db-backup" | "db-restore", args: string[], env: Record<string, string>): Promise<ScriptResult> {
  return run(process.execPath, [path.resolve("node_modules/.bin/tsx"), `scripts/${name}.ts`, ...args], { env: { ...process.env, TZ: "UTC", ...env } }).then(
    ({ stdout, stderr }) => ({ exitCode: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ exitCode: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** Row count and SHA-256 of every table's rows (sorted, so physical order does not matter). */
type Digest = Record<string, { rows: number; sha256: string }>;

function digestOf(tables: Record<string, Record<string, unknown>[]>): Digest {
  return Object.fromEntries(
    Object.entries(tables).map(([table, rows]) => {
      const lines = rows.map((row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)))).sort();
      return [table, { rows: rows.length, sha256: crypto.createHash("sha256").update(lines.join("\n")).digest("hex") }];
    }),
  );
}

function sqliteDigest(file: string): Digest {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[];
    return digestOf(Object.fromEntries(tables.map(({ name }) => [name, database.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]])));
  } finally {
    database.close();
  }
}

async function postgresDigest(url: string): Promise<Digest> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    const contents: Record<string, Record<string, unknown>[]> = {};
    for (const { name } of tables) contents[name] = (await client.query(`SELECT * FROM "${name}"`)).rows;
    return digestOf(contents);
  } finally {
    await client.end();
  }
}

/** Demo data plus two recurring bookings, so BookingSeries and Occurrence have rows too. */
async function fillWithBookings(database: TestDatabase): Promise<BookingFixtures> {
  const f = await bookingFixtures(database.db);
  // The demo seed's hand-written billing examples are not what db:check accepts (see db-check.test.ts).
  await database.db.bookingSeries.deleteMany({});
  for (const [spaceId, rrule] of [
    [f.roomId, "FREQ=WEEKLY;BYDAY=TU;COUNT=10"],
    [f.approvalRoomId, "FREQ=WEEKLY;COUNT=4"],
  ] as const) {
    const result = await createBooking(database.db, {
      spaceId,
      organizationId: f.structureId,
      createdById: f.memberUserId,
      title: "Permanence",
      request: { localStart: "2027-03-02T10:00", localEnd: "2027-03-02T12:00", rrule, seats: 1 },
      skip: "NONE",
      now: NOW,
    });
    expect(result.ok).toBe(true);
  }
  return f;
}

const fileOf = (url: string) => url.slice("file:".length);

describe("db:backup and db:restore on SQLite", () => {
  let database: TestDatabase;
  let f: BookingFixtures;
  let workDir: string;
  let backupFile: string;

  beforeAll(async () => {
    database = await sqliteTestDatabase();
    f = await fillWithBookings(database);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tiers-lieux-backup-"));
    backupFile = path.join(workDir, "backup.db");
  });

  afterAll(async () => {
    await database.dispose();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("backs up the database while the app holds it open, and restores it into a fresh database with the same contents", async () => {
    const backup = await script("db-backup", ["--out", backupFile], { DATABASE_URL: database.url });
    expect(backup).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`Backup written: ${backupFile}`) });
    // The backup is one self-contained file.
    expect(fs.existsSync(`${backupFile}-wal`)).toBe(false);

    const fresh = path.join(workDir, "fresh", "restored.db");
    const restore = await script("db-restore", [backupFile], { DATABASE_URL: `file:${fresh}` });
    expect(restore).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`Database restored from ${backupFile}`) });

    const original = sqliteDigest(fileOf(database.url));
    expect(original.Occurrence.rows).toBe(14);
    expect(original.BookingSeries.rows).toBe(2);
    expect(original.User.rows).toBeGreaterThan(0);
    expect(sqliteDigest(fresh)).toEqual(original);
  }, 120_000);

  it("takes a consistent snapshot while bookings are being written", async () => {
    const countBefore = await database.db.occurrence.count();
    let writing = true;
    let written = 0;
    const writer = (async () => {
      // Until the backup is done: three 2-seat bookings per hour of the 6-seat pool, hour after hour.
      for (let i = 0; writing && i < 10_000; i++) {
        const date = new Date(Date.UTC(2027, 5, 1 + Math.floor(i / 36))).toISOString().slice(0, 10);
        const hour = String(8 + (Math.floor(i / 3) % 12)).padStart(2, "0");
        const result = await createBooking(database.db, {
          spaceId: f.poolId,
          organizationId: f.structureId,
          createdById: null,
          title: "Pendant la sauvegarde",
          request: { localStart: `${date}T${hour}:00`, localEnd: `${date}T${hour}:30`, rrule: null, seats: 2 },
          skip: "NONE",
          now: NOW,
        });
        if (result.ok) written += 1;
        // SQLite calls are synchronous underneath: let the child's exit event through, as requests would.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const snapshot = path.join(workDir, "during-writes.db");
    const backup = await script("db-backup", ["--out", snapshot], { DATABASE_URL: database.url });
    writing = false;
    await writer;
    expect(backup.exitCode).toBe(0);
    expect(written).toBeGreaterThan(0);

    const copy = await sqliteTestDatabase(`file:${snapshot}`);
    try {
      const occurrences = await copy.db.occurrence.count();
      expect(occurrences).toBeGreaterThanOrEqual(countBefore);
      expect(occurrences).toBeLessThanOrEqual(countBefore + written);
      // Every booking in the snapshot is whole: each series has its occurrence.
      expect(await copy.db.bookingSeries.count({ where: { occurrences: { none: {} } } })).toBe(0);
      expect((await runInvariantChecks(copy.db)).ok).toBe(true);
    } finally {
      await copy.dispose();
    }
  }, 120_000);

  it("writes to data/backups/<timestamp>.db unless told otherwise, and never overwrites a backup", async () => {
    const backupDir = path.join(workDir, "default");
    const first = await script("db-backup", [], { DATABASE_URL: database.url, BACKUP_DIR: backupDir });
    expect(first.exitCode).toBe(0);
    expect(fs.readdirSync(backupDir)).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db$/)]);

    const again = await script("db-backup", ["--out", backupFile], { DATABASE_URL: database.url });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(`${backupFile} already exists`);
  }, 120_000);

  it("refuses to restore over the database while another process has it open", async () => {
    const before = sqliteDigest(fileOf(database.url));
    // This test process is "the app": its Prisma client has the database open.
    await database.db.organization.count();
    const restore = await script("db-restore", [backupFile], { DATABASE_URL: database.url });
    expect(restore.exitCode).toBe(1);
    expect(restore.stderr).toContain("est ouverte par un autre processus");
    expect(restore.stderr).toContain("stop it, then run the restore again");
    expect(fs.existsSync(`${fileOf(database.url)}.before-restore`)).toBe(false);
    expect(sqliteDigest(fileOf(database.url))).toEqual(before);
  }, 120_000);

  it("replaces a stopped app's database, keeps the replaced one as .before-restore, and will not overwrite that", async () => {
    const target = fileOf(copySqliteTemplate());
    const emptyDigest = sqliteDigest(target);
    const restore = await script("db-restore", [backupFile], { DATABASE_URL: `file:${target}` });
    expect(restore).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`Replaced database kept as: ${target}.before-restore`) });
    expect(sqliteDigest(target)).toEqual(sqliteDigest(backupFile));
    expect(sqliteDigest(`${target}.before-restore`)).toEqual(emptyDigest);
    expect(fs.readdirSync(path.dirname(target)).filter((name) => name.includes(".restore-"))).toEqual([]);

    const second = await script("db-restore", [backupFile], { DATABASE_URL: `file:${target}` });
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toContain(`${target}.before-restore already exists`);
  }, 120_000);

  it("refuses a file that is not a backup, and leaves the database untouched", async () => {
    const target = fileOf(copySqliteTemplate());
    const before = sqliteDigest(target);
    const notABackup = path.join(workDir, "notes.txt");
    fs.writeFileSync(notABackup, "ceci n'est pas une base de données\n".repeat(200));
    const restore = await script("db-restore", [notABackup], { DATABASE_URL: `file:${target}` });
    expect(restore.exitCode).toBe(1);
    expect(restore.stderr).toContain(`${notABackup} is not a readable SQLite database`);
    expect(sqliteDigest(target)).toEqual(before);
    expect(fs.existsSync(`${target}.before-restore`)).toBe(false);
  }, 120_000);
});

describe("db:backup on PostgreSQL without the client tools", () => {
  it("explains in French and English that pg_dump must be installed", async () => {
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "tiers-lieux-no-pg-"));
    try {
      const backup = await script("db-backup", [], { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", PATH: emptyPath, BACKUP_DIR: emptyPath });
      expect(backup.exitCode).toBe(1);
      expect(backup.stderr).toContain("pg_dump est introuvable : installez les outils clients PostgreSQL");
      expect(backup.stderr).toContain("pg_dump not found: install the PostgreSQL client tools");
      expect(fs.readdirSync(emptyPath)).toEqual([]);
    } finally {
      fs.rmSync(emptyPath, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.runIf(postgresAvailable && pgDumpInstalled)("db:backup and db:restore on PostgreSQL", () => {
  let database: TestDatabase;
  let workDir: string;
  const freshName = `tiers_lieux_restore_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    database = await postgresTestDatabase();
    await fillWithBookings(database);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tiers-lieux-backup-"));
    await withPostgresAdmin((admin) => admin.query(`CREATE DATABASE "${freshName}"`));
  });

  afterAll(async () => {
    await database.dispose();
    await withPostgresAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${freshName}" WITH (FORCE)`));
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("dumps the database while the app is connected and restores it into a fresh database with the same contents", async () => {
    const dump = path.join(workDir, "backup.dump");
    const backup = await script("db-backup", ["--out", dump], { DATABASE_URL: database.url });
    expect(backup).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`Backup written: ${dump}`) });

    const freshUrl = postgresUrlFor(freshName);
    const restore = await script("db-restore", [dump], { DATABASE_URL: freshUrl, BACKUP_DIR: workDir });
    expect(restore).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`Database restored from ${dump}`) });
    // The fresh database was dumped before being replaced.
    expect(fs.readdirSync(workDir)).toEqual(expect.arrayContaining([expect.stringMatching(/\.before-restore\.dump$/)]));

    const original = await postgresDigest(database.url);
    expect(original.Occurrence.rows).toBe(14);
    expect(await postgresDigest(freshUrl)).toEqual(original);

    // The exclusion constraint and the append-only journal came back with the tables.
    const client = new pg.Client({ connectionString: freshUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM pg_constraint WHERE conname = 'Occurrence_room_no_overlap')::int AS exclusion,
                (SELECT count(*) FROM pg_rules WHERE tablename = 'AuditEvent')::int AS rules`,
      );
      expect(rows[0]).toEqual({ exclusion: 1, rules: 2 });
    } finally {
      await client.end();
    }
  }, 180_000);

  it("refuses to restore while other connections (the app) are open, and with --force restores anyway", async () => {
    const dump = path.join(workDir, "backup.dump");
    const backedUp = await postgresDigest(database.url);
    const organization = await database.db.organization.findFirstOrThrow();
    await database.db.notification.create({ data: { organizationId: organization.id, title: "Après la sauvegarde", body: "À effacer par la restauration." } });

    const refused = await script("db-restore", [dump], { DATABASE_URL: database.url, BACKUP_DIR: workDir });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("other connection(s) to this database, probably the app: stop it, or run again with --force");
    expect((await postgresDigest(database.url)).Notification.rows).toBe(backedUp.Notification.rows + 1);

    const forced = await script("db-restore", [dump, "--force"], { DATABASE_URL: database.url, BACKUP_DIR: workDir });
    expect(forced.exitCode).toBe(0);
    expect(await postgresDigest(database.url)).toEqual(backedUp);
  }, 180_000);
});
