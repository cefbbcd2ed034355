#!/usr/bin/env node
// Database tasks for both providers, driven by prisma/models.prisma (the single source of truth).
//   generate              write both provider schemas, then both Prisma clients
//   schemas               write both provider schemas only
//   migrate               apply committed migrations to DATABASE_URL (creates the SQLite file)
//   new-migration <name>  write the next migration for BOTH providers from the model change
//   check-drift           fail when a provider schema or migration history disagrees with the models
//   reset                 drop the database, migrate, seed
// PRISMA_DIR points these at another copy of prisma/ (the drift tests use it).
// See docs/decisions/0002-two-database-providers.md.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { databaseProvider, databaseUrl } from "./database-url.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaDir = path.resolve(root, process.env.PRISMA_DIR ?? "prisma");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const PROVIDERS = ["sqlite", "postgres"];
const DATASOURCE_PROVIDER = { sqlite: "sqlite", postgres: "postgresql" };

const schemaPath = (provider) => path.join(prismaDir, provider, "schema.prisma");
const configPath = (provider) => path.join(prismaDir, provider, "prisma.config.ts");
const migrationsDir = (provider) => path.join(prismaDir, provider, "migrations");

function generatedSchema(provider) {
  const models = fs.readFileSync(path.join(prismaDir, "models.prisma"), "utf8");
  return `// GENERATED from prisma/models.prisma by \`npm run db:generate\`. Do not edit.

generator client {
  provider               = "prisma-client"
  output                 = "../../app/generated/${provider}"
  engineType             = "client"
  previewFeatures        = ["queryCompiler", "driverAdapters"]
  runtime                = "nodejs"
  moduleFormat           = "esm"
  generatedFileExtension = "ts"
  importFileExtension    = "ts"
}

// The connection is made by the driver adapter (prisma/${provider}/prisma.config.ts and
// app/db.server.ts); Prisma 6 still requires a url here.
datasource db {
  provider = "${DATASOURCE_PROVIDER[provider]}"
  url      = env("DATABASE_URL")
}

${models}`;
}

// Commands that never connect still need a DATABASE_URL of the right kind to read the schema.
const PLACEHOLDER_URL = { sqlite: "file:./data/app.db", postgres: "postgresql://localhost/unused" };

function prisma(provider, args, { url, capture = false } = {}) {
  const current = process.env.DATABASE_URL;
  const databaseUrlForCli = url ?? (current && databaseProvider(current) === provider ? current : PLACEHOLDER_URL[provider]);
  return execFileSync(bin("prisma"), [...args, "--config", configPath(provider)], {
    cwd: root,
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", DATABASE_URL: databaseUrlForCli },
    stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
  });
}

function writeSchemas() {
  for (const provider of PROVIDERS) fs.writeFileSync(schemaPath(provider), generatedSchema(provider));
}

function generate() {
  writeSchemas();
  for (const provider of PROVIDERS) prisma(provider, ["generate"], { capture: true });
  console.log("Prisma clients generated for SQLite and PostgreSQL.");
}

function sqliteFilePath(url) {
  return path.resolve(root, url.slice("file:".length).split("?")[0]);
}

function migrate(url = databaseUrl(), { quiet = false } = {}) {
  const provider = databaseProvider(url);
  if (provider === "sqlite") fs.mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });
  prisma(provider, ["migrate", "deploy"], { url, capture: quiet });
}

/**
 * Runs fn with the URL of a new, empty database of that provider, dropped afterwards.
 * PostgreSQL needs a server: TEST_POSTGRES_URL names one (any database on it will do).
 */
async function withScratchDatabase(provider, fn) {
  const name = `scratch_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tiers-lieux-"));
    try {
      return await fn(`file:${path.join(dir, `${name}.db`)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) throw new Error("Set TEST_POSTGRES_URL (e.g. postgresql://root@127.0.0.1:5432/test) for PostgreSQL schema work.");
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/** The provider schema the newest migration was written from (kept beside the migrations). */
const snapshotPath = (provider) => path.join(migrationsDir(provider), "schema.prisma.snapshot");

const isEmptyMigration = (sql) => /^\s*(-- This is an empty migration\.)?\s*$/.test(sql);

/** SQL from the last migrated schema (or nothing) to the current one; the engine needs a live connection. */
async function migrationSql(provider) {
  const from = fs.existsSync(snapshotPath(provider)) ? ["--from-schema-datamodel", snapshotPath(provider)] : ["--from-empty"];
  return withScratchDatabase(provider, async (url) =>
    prisma(provider, ["migrate", "diff", ...from, "--to-schema-datamodel", schemaPath(provider), "--script"], { url, capture: true }),
  );
}

async function newMigration(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run db:migration -- <snake_case_name>");
  writeSchemas();
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const provider of PROVIDERS) {
    const sql = await migrationSql(provider);
    if (isEmptyMigration(sql)) {
      console.log(`${provider}: no change`);
      continue;
    }
    const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    fs.writeFileSync(path.join(migrationsDir(provider), "migration_lock.toml"), `provider = "${DATASOURCE_PROVIDER[provider]}"\n`);
    fs.copyFileSync(schemaPath(provider), snapshotPath(provider));
    console.log(`${provider}: wrote ${path.relative(root, dir)}/migration.sql (review it; hand-edit what Prisma cannot express)`);
  }
}

const migrationNames = (provider) =>
  fs.existsSync(migrationsDir(provider))
    ? fs.readdirSync(migrationsDir(provider), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];

/** SQLite: replay the migrations, introspect the result, diff it with the schema (empty = no drift). */
async function sqliteReplayDrift() {
  return withScratchDatabase("sqlite", async (url) => {
    migrate(url, { quiet: true });
    const printed = prisma("sqlite", ["db", "pull", "--print"], { url, capture: true });
    const pulled = sqliteFilePath(url).replace(/\.db$/, ".prisma");
    // The CLI prints an adapter warning on stdout before the schema itself.
    fs.writeFileSync(pulled, printed.slice(printed.search(/^(generator|datasource) /m)));
    const sql = prisma("sqlite", ["migrate", "diff", "--from-schema-datamodel", pulled, "--to-schema-datamodel", schemaPath("sqlite"), "--script"], {
      url,
      capture: true,
    });
    return isEmptyMigration(sql) ? [] : [sql.trim()];
  });
}

/**
 * PostgreSQL: the 6.19/7.x adapters cannot introspect PostgreSQL 15 from the CLI, so compare
 * catalogs ourselves: the database the migrations build vs the one the schema alone builds.
 * Objects Prisma cannot express (exclusion constraints, GiST indexes, extensions) are hand-written in
 * migrations on purpose and left out of the comparison.
 */
async function postgresReplayDrift() {
  const fromSchema = await withScratchDatabase("postgres", async (url) => {
    const sql = prisma("postgres", ["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaPath("postgres"), "--script"], {
      url,
      capture: true,
    });
    return withPg(url, async (client) => {
      await client.query(sql);
      return postgresCatalog(client);
    });
  });
  const fromMigrations = await withScratchDatabase("postgres", async (url) => {
    migrate(url, { quiet: true });
    return withPg(url, postgresCatalog);
  });
  const onlyIn = (a, b) => a.filter((line) => !b.includes(line));
  return [
    ...onlyIn(fromSchema, fromMigrations).map((line) => `schema has, migrations lack: ${line}`),
    ...onlyIn(fromMigrations, fromSchema).map((line) => `migrations have, schema lacks: ${line}`),
  ];
}

async function withPg(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function postgresCatalog(client) {
  const rows = async (sql) => (await client.query(sql)).rows.map((row) => Object.values(row).join(" "));
  return [
    ...(await rows(`SELECT 'column', table_name, column_name, udt_name, is_nullable, coalesce(column_default, '')
                    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`)),
    ...(await rows(`SELECT 'index', indexdef FROM pg_indexes i
                    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'x')
                      -- GiST indexes on expressions are hand-written (Prisma cannot express them).
                      AND indexdef NOT LIKE '% USING gist %'`)),
    ...(await rows(`SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u')
                      AND conrelid::regclass::text <> '_prisma_migrations'`)),
    ...(await rows(`SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                    FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid GROUP BY t.typname`)),
  ].sort();
}

async function checkDrift() {
  const problems = [];
  for (const provider of PROVIDERS) {
    if (fs.readFileSync(schemaPath(provider), "utf8") !== generatedSchema(provider)) {
      problems.push(`prisma/${provider}/schema.prisma differs from prisma/models.prisma (edited by hand? run npm run db:generate)`);
    }
  }
  const [sqliteNames, postgresNames] = PROVIDERS.map(migrationNames);
  if (JSON.stringify(sqliteNames) !== JSON.stringify(postgresNames)) {
    problems.push(`the two migration histories differ:\n    sqlite:   ${sqliteNames.join(", ")}\n    postgres: ${postgresNames.join(", ")}`);
  }
  for (const difference of await sqliteReplayDrift()) {
    problems.push(`replaying prisma/sqlite/migrations does not give prisma/sqlite/schema.prisma; missing:\n${difference}`);
  }
  if (process.env.TEST_POSTGRES_URL) {
    for (const difference of await postgresReplayDrift()) problems.push(`prisma/postgres: ${difference}`);
  } else {
    console.log("PostgreSQL replay skipped: set TEST_POSTGRES_URL to check it too.");
  }
  if (problems.length > 0) {
    console.error(`Schema drift:\n- ${problems.join("\n- ")}`);
    process.exit(1);
  }
  console.log("No drift: both provider schemas and migration histories match prisma/models.prisma.");
}

async function reset() {
  const url = databaseUrl();
  if (databaseProvider(url) === "sqlite") {
    const file = sqliteFilePath(url);
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    migrate(url);
  } else {
    prisma("postgres", ["migrate", "reset", "--force", "--skip-seed", "--skip-generate"], { url });
  }
  execFileSync(bin("tsx"), ["prisma/seed.ts"], { cwd: root, stdio: "inherit" });
}

const [command, ...args] = process.argv.slice(2);
const commands = {
  generate,
  schemas: writeSchemas,
  migrate: () => migrate(),
  "new-migration": () => newMigration(args[0]),
  "check-drift": checkDrift,
  reset,
};
if (!commands[command]) {
  console.error(`usage: node scripts/db.mjs ${Object.keys(commands).join("|")}`);
  process.exit(2);
}
await commands[command]();
