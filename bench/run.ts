// `npm run bench` (full: 10 % and 100 % of the territory dataset, SQLite and PostgreSQL,
// writes docs/benchmarks.md) and `npm run bench:quick` (the same code on a tiny dataset, for
// CI: exits non-zero when a measurement fails or a double booking is found; never judges timings).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { hashPassword } from "~/models/user.server";
import { generateDataset, siteId, sizeAt, type DatasetSize } from "./dataset";
import { apiThroughput, doubleBookings, login, pageLatency, rawPostgres, rawSqlite, removeLoadBookings, startServer } from "./http";
import { freshPostgres, freshSqlite, postgresSink, root, sqliteSink } from "./load";
import { writeReport, type Machine, type RunResult } from "./report";
import { normalized, type Result } from "./stats";

const quick = process.argv.includes("--quick");
const postgresServer = process.env.TEST_POSTGRES_URL;
const providers: Array<"sqlite" | "postgres"> = postgresServer ? ["sqlite", "postgres"] : ["sqlite"];
if (!quick && !postgresServer) console.warn("TEST_POSTGRES_URL is not set: PostgreSQL (the targets' database) is skipped.");
const fractions = quick ? [0.002] : (process.env.BENCH_FRACTIONS ?? "0.1,1").split(",").map(Number);
// 100 samples per in-process measure: with 30, the p95 is the second slowest sample, and one
// pause of a virtual machine decided it (44.5 and 67.6 ms for the same search code).
const settings = quick
  ? { iterations: 3, budgetSeconds: 5, pageSeconds: 2, pageUsers: 10, bookingSeconds: 2, bookingClients: 8, warmupSeconds: 1 }
  : { iterations: 100, budgetSeconds: 45, pageSeconds: 10, pageUsers: 50, bookingSeconds: 15, bookingClients: 32, warmupSeconds: 3 };
// BENCH_ONLY=sqlite-1,postgres-0.1 runs only those; the report takes every saved run
// (.cache/bench/run-*.json) of the selected fractions. BENCH_REUSE=1 keeps an existing
// SQLite dataset instead of generating it again (its load time is kept beside the file).
const only = process.env.BENCH_ONLY?.split(",");
const reuse = process.env.BENCH_REUSE === "1";
// BENCH_MEASURES=availability,series,ical,billing,dashboard,week,api,raw measures only those and
// merges them into the saved run of that dataset (the other measurements are kept).
const measures = process.env.BENCH_MEASURES?.split(",");
const wanted = (name: string) => !measures || measures.includes(name);
const inProcess = ["availability", "series", "ical", "billing"];
const cacheDir = path.join(root, ".cache", "bench");

function ensureBuild() {
  if (fs.existsSync(path.join(root, "build", "index.js")) && !process.argv.includes("--build")) return;
  console.log("Building the app (remix build)…");
  execFileSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], { cwd: root, stdio: "inherit" });
}

async function prepare(provider: "sqlite" | "postgres", size: DatasetSize, label: string) {
  const started = performance.now();
  const passwordHash = await hashPassword("demo-tiers-lieux");
  let url: string;
  let occurrences: number;
  const file = path.join(cacheDir, `bench-${label}.db`);
  // The generated SQLite dataset is kept aside and each run measures a copy of it: a run writes
  // (the month's invoices of 5, the bookings of 3), and a second billing run on the same file
  // would find the month already invoiced.
  const pristine = `${file}.dataset`;
  const workOnCopy = () => {
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
    fs.copyFileSync(pristine, file);
  };
  if (provider === "sqlite" && reuse && fs.existsSync(`${file}.json`) && fs.existsSync(pristine)) {
    console.log(`[${label}] reusing ${path.relative(root, pristine)}`);
    workOnCopy();
    return { url: `file:${file}`, ...(JSON.parse(fs.readFileSync(`${file}.json`, "utf8")) as { occurrences: number; seconds: number }) };
  }
  // PostgreSQL has one benchmark database: reused when it still holds this dataset.
  const marker = path.join(cacheDir, quick ? "bench-postgres-quick.json" : "bench-postgres.json");
  if (provider === "postgres" && reuse && fs.existsSync(marker)) {
    const saved = JSON.parse(fs.readFileSync(marker, "utf8")) as { label: string; url: string; occurrences: number; seconds: number };
    if (saved.label === label) {
      console.log(`[${label}] reusing the PostgreSQL database ${new URL(saved.url).pathname.slice(1)}`);
      return saved;
    }
  }
  if (provider === "sqlite") {
    url = freshSqlite(file);
    const { sink, close } = sqliteSink(url.slice("file:".length));
    ({ occurrences } = await generateDataset(size, sink, { passwordHash }));
    close();
    fs.copyFileSync(file, pristine);
    fs.writeFileSync(`${file}.json`, JSON.stringify({ occurrences, seconds: (performance.now() - started) / 1000 }));
  } else {
    // bench:quick (CI) has its own database, so it never replaces a full dataset kept for BENCH_REUSE.
    url = await freshPostgres(postgresServer!, quick ? "tiers_lieux_bench_quick" : "tiers_lieux_bench");
    const { sink, close } = await postgresSink(url);
    fs.rmSync(marker, { force: true });
    ({ occurrences } = await generateDataset(size, sink, { passwordHash }));
    await close();
    fs.writeFileSync(marker, JSON.stringify({ label, url, occurrences, seconds: (performance.now() - started) / 1000 }));
  }
  return { url, occurrences, seconds: (performance.now() - started) / 1000 };
}

/** Runs bench/measure.ts in a child whose app modules bind to `url`. */
async function measureInProcess(url: string, spaces: number): Promise<Record<string, unknown>> {
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench", "measure.ts"), JSON.stringify({ iterations: settings.iterations, budgetSeconds: settings.budgetSeconds, spaces })], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, TZ: "UTC", NODE_ENV: "production", SESSION_SECRET: "bench-session-secret-not-for-production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = output.join("").split("\n").find((text) => text.startsWith("BENCH_RESULT "));
  if (code !== 0 || !line) throw new Error(`bench/measure.ts exited with ${code}`);
  return JSON.parse(line.slice("BENCH_RESULT ".length));
}

async function failSoft(name: string, run: () => Promise<Result> | Result): Promise<Result> {
  try {
    return await run();
  } catch (error) {
    console.error(`${name} failed:`, error);
    return { status: "failed", note: `${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function runOne(provider: "sqlite" | "postgres", fraction: number): Promise<RunResult> {
  const size = sizeAt(fraction);
  const label = `${provider}-${fraction}`;
  console.log(`\n[${label}] generating ${JSON.stringify(size)}…`);
  const prepared = await prepare(provider, size, label);
  console.log(`[${label}] ${prepared.occurrences} occurrences loaded in ${prepared.seconds.toFixed(1)} s; measuring in process…`);
  const runFile = path.join(cacheDir, `run-${label}${quick ? "-quick" : ""}.json`);
  const previous = measures && fs.existsSync(runFile) ? (JSON.parse(fs.readFileSync(runFile, "utf8")) as RunResult) : null;
  const results: Record<string, unknown> = { ...previous?.results };
  if (inProcess.some(wanted)) Object.assign(results, await measureInProcess(prepared.url, size.spaces));
  if (["dashboard", "week", "api"].some(wanted)) {
    console.log(`[${label}] HTTP…`);
    if (wanted("api")) await removeLoadBookings(provider, prepared.url, "bench-http");
    // 6's pages at 50 users on `base`, their results named with `suffix`.
    const measurePages = async (base: string, cookie: string, suffix = "") => {
      const pages = { dashboard: "/tableau-de-bord", siteWeek: `/sites/${siteId(0)}/semaine?semaine=2027-W10` };
      for (const [name, pagePath] of Object.entries(pages)) {
        if (!wanted(name === "dashboard" ? "dashboard" : "week")) continue;
        results[name + suffix] = await failSoft(name + suffix, () => pageLatency(base, cookie, pagePath, settings.pageUsers, settings.pageSeconds));
      }
    };
    const server = await startServer(prepared.url);
    try {
      const cookie = await login(server.base);
      await measurePages(server.base, cookie);
      if (wanted("api")) {
        // Unmeasured first (other slots): without the pages before it, the load would meet a cold
        // server (JIT, pools, prepared statements), not one that has been serving for a while.
        results.apiBookings = await failSoft("API bookings", async () => {
          await apiThroughput(server.base, size.spaces, settings.bookingClients, settings.warmupSeconds, 21);
          return apiThroughput(server.base, size.spaces, settings.bookingClients, settings.bookingSeconds);
        });
      }
    } finally {
      await server.stop();
    }
    if (wanted("dashboard") || wanted("week")) {
      // The same pages, every one made by Remix and React: what a page costs when the database
      // changed since it was last given (any write does), without the document cache (ADR 0021).
      const uncached = await startServer(prepared.url, { DOCUMENT_CACHE_BYTES: "0" });
      try {
        await measurePages(uncached.base, await login(uncached.base), "Uncached");
      } finally {
        await uncached.stop();
      }
    }
    if (wanted("api")) {
      results.doubleBookingsAfterApi = await doubleBookings(provider, prepared.url);
      // Counted: removed, so the booker's feed and a reused dataset stay as generated.
      await removeLoadBookings(provider, prepared.url, "bench-http");
    }
  }
  if (wanted("raw")) {
    await removeLoadBookings(provider, prepared.url, "bench-raw");
    const raw = (seconds: number, seed?: number) =>
      provider === "sqlite"
        ? Promise.resolve(rawSqlite(prepared.url.slice("file:".length), size.spaces, seconds, seed))
        : rawPostgres(prepared.url, size.spaces, settings.bookingClients, seconds, seed);
    // Warmed as the app is, so the ratio compares like with like.
    results.rawBookings = await failSoft("raw ceiling", async () => {
      await raw(settings.warmupSeconds, 22);
      return raw(settings.bookingSeconds);
    });
    results.doubleBookingsAfterRaw = await doubleBookings(provider, prepared.url);
    await removeLoadBookings(provider, prepared.url, "bench-raw");
  }
  console.log(`[${label}] done`, JSON.stringify(results));
  const run = { provider, fraction, size, occurrences: prepared.occurrences, loadSeconds: prepared.seconds, results };
  fs.writeFileSync(runFile, JSON.stringify(run, null, 1));
  return run;
}

function savedRuns(): RunResult[] {
  return providers.flatMap((provider) =>
    fractions.flatMap((fraction) => {
      const file = path.join(cacheDir, `run-${provider}-${fraction}${quick ? "-quick" : ""}.json`);
      return fs.existsSync(file) ? [JSON.parse(fs.readFileSync(file, "utf8")) as RunResult] : [];
    }),
  );
}

async function machine(): Promise<Machine> {
  const sqlite = new Database(":memory:");
  const sqliteVersion = (sqlite.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  sqlite.close();
  let postgresVersion: string | null = null;
  if (postgresServer) {
    const client = new pg.Client({ connectionString: postgresServer });
    await client.connect();
    postgresVersion = (await client.query("SHOW server_version")).rows[0].server_version;
    await client.end();
  }
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    sqlite: sqliteVersion,
    postgres: postgresVersion,
    os: `${os.type()} ${os.release()}`,
  };
}

if (["dashboard", "week", "api"].some(wanted)) ensureBuild();
fs.mkdirSync(cacheDir, { recursive: true });
for (const provider of providers) {
  for (const fraction of fractions) {
    if (only && !only.includes(`${provider}-${fraction}`)) continue;
    if (!measures) fs.rmSync(path.join(cacheDir, `run-${provider}-${fraction}${quick ? "-quick" : ""}.json`), { force: true });
    await runOne(provider, fraction);
  }
}
const runs = savedRuns();

const failures = runs.flatMap((run) =>
  Object.entries(run.results)
    .flatMap(([name, value]) => (name === "ical" && !("status" in (value as object)) ? Object.entries(value as Record<string, unknown>).map(([sub, r]) => [`${name}.${sub}`, r] as const) : [[name, value] as const]))
    .filter(([name, value]) => (name.startsWith("doubleBookings") ? value !== 0 : (normalized(value) as Result).status === "failed"))
    .map(([name, value]) => `${run.provider} ${run.fraction}: ${name} ${JSON.stringify(value)}`),
);
const report = writeReport({ machine: await machine(), runs, quick, settings });
// A partial run (BENCH_MEASURES) does not overwrite docs/benchmarks.md.
const target = quick ? path.join(cacheDir, "benchmarks-quick.md") : measures ? path.join(cacheDir, "benchmarks-partial.md") : path.join(root, "docs", "benchmarks.md");
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, report);
console.log(`\nReport written to ${path.relative(root, target)}`);
if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):\n${failures.join("\n")}`);
  process.exit(1);
}
process.exit(0);
