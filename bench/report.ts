// docs/benchmarks.md: the machine, the tables per measurement, the issue's targets with
// pass/miss, and the hand-written analysis (bench/analysis.md) of what misses and why.
import fs from "node:fs";
import path from "node:path";
import type { DatasetSize } from "./dataset";
import { root } from "./load";
import { normalized, type Result } from "./stats";

export type Machine = { cpu: string; cores: number; memoryGiB: number; node: string; sqlite: string; postgres: string | null; os: string };
export type RunResult = { provider: "sqlite" | "postgres"; fraction: number; size: DatasetSize; occurrences: number; loadSeconds: number; results: Record<string, unknown> };

const ms = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? `${value} ms` : "—");
const label = (run: RunResult) => `${run.provider === "sqlite" ? "SQLite" : "PostgreSQL"}, ${Math.round(run.fraction * 100)} %`;

function result(run: RunResult, key: string, sub?: string): Result | undefined {
  const value = run.results[key] as Record<string, unknown> | undefined;
  if (!value) return undefined;
  return normalized(sub ? value[sub] ?? value : value) as Result;
}

function latencyTable(title: string, runs: RunResult[], key: string, sub?: string, extra?: (r: Result) => string): string {
  const lines = [`### ${title}`, "", "| Database, dataset | n | p50 | p95 | p99 | Notes |", "| --- | ---: | ---: | ---: | ---: | --- |"];
  for (const run of runs) {
    const r = result(run, key, sub);
    if (!r) continue;
    if (r.status !== "measured") lines.push(`| ${label(run)} | | | | | **${r.status}**: ${r.note ?? ""} |`);
    else lines.push(`| ${label(run)} | ${r.count} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${extra ? extra(r) : ""}${r.note ?? ""} |`);
  }
  return lines.join("\n");
}

function billingTable(runs: RunResult[]): string {
  const lines = ["### 5. Monthly billing run (every site owner bills March 2027)", "", "| Database, dataset | Time | Peak memory (RSS) | Notes |", "| --- | ---: | ---: | --- |"];
  for (const run of runs) {
    const r = result(run, "billing");
    if (!r) continue;
    if (r.status !== "measured") lines.push(`| ${label(run)} | | | **${r.status}**: ${r.note ?? ""} |`);
    else lines.push(`| ${label(run)} | ${r.seconds} s | ${r.peakMiB} MiB | ${r.note ?? ""} |`);
  }
  return lines.join("\n");
}

type Check = { target: string; provider: "sqlite" | "postgres"; value: string; pass: boolean | null };

function checks(runs: RunResult[]): Check[] {
  const out: Check[] = [];
  for (const provider of ["postgres", "sqlite"] as const) {
    const factor = provider === "sqlite" ? 2 : 1;
    const full = runs.find((run) => run.provider === provider && run.fraction === 1);
    const tenth = runs.find((run) => run.provider === provider && run.fraction === 0.1);
    if (!full) continue;
    const p95 = (run: RunResult | undefined, key: string, sub?: string) => {
      const r = run && result(run, key, sub);
      return r && r.status === "measured" ? (r.p95 as number) : undefined;
    };
    const latency = (name: string, key: string, limit: number, sub?: string) => {
      const value = p95(full, key, sub);
      out.push({ target: `${name}: p95 < ${limit * factor} ms`, provider, value: ms(value), pass: value === undefined ? null : value < limit * factor });
      const small = p95(tenth, key, sub);
      if (value !== undefined && small !== undefined) {
        const growth = value / small;
        out.push({ target: `${name}: 10 % → 100 % growth < 1.5×`, provider, value: `${growth.toFixed(2)}×`, pass: growth < 1.5 });
      }
    };
    latency("1 availability search, one site", "availabilitySite", 50);
    latency("1 availability search, all sites", "availabilityAll", 50);
    latency("2 18-month weekly series", "weeklySeries", 100);
    const api = result(full, "apiBookings");
    const raw = result(full, "rawBookings");
    const perSecond = api?.status === "measured" ? (api.bookingsPerSecond as number) : undefined;
    out.push({ target: `3 bookings over HTTP ≥ ${300 / factor}/s`, provider, value: perSecond === undefined ? "—" : `${perSecond}/s`, pass: perSecond === undefined ? null : perSecond >= 300 / factor });
    const rawPerSecond = raw?.status === "measured" ? (raw.bookingsPerSecond as number) : undefined;
    if (perSecond !== undefined && rawPerSecond) {
      const ratio = perSecond / rawPerSecond;
      out.push({ target: "3 app ≥ 50 % of the raw ceiling", provider, value: `${Math.round(ratio * 100)} % (${perSecond}/${rawPerSecond})`, pass: ratio >= 0.5 });
    }
    const doubles = Number(full.results.doubleBookingsAfterApi ?? 0) + Number(full.results.doubleBookingsAfterRaw ?? 0);
    out.push({ target: "3 zero double bookings", provider, value: String(doubles), pass: doubles === 0 });
    latency("4 iCal feed, fresh", "ical", 50, "fresh");
    const billing = result(full, "billing");
    out.push({ target: `5 billing run < ${60 * factor} s and < 1 GiB`, provider, value: billing?.status === "measured" ? `${billing.seconds} s, ${billing.peakMiB} MiB` : "not measured", pass: billing?.status === "measured" ? (billing.seconds as number) < 60 * factor && (billing.peakMiB as number) < 1024 : null });
    latency("6 dashboard TTFB at 50 users", "dashboard", 100);
    latency("6 site week calendar TTFB at 50 users", "siteWeek", 100);
  }
  return out;
}

export function writeReport({ machine, runs, quick, settings }: { machine: Machine; runs: RunResult[]; quick: boolean; settings: Record<string, number> }): string {
  const analysisFile = path.join(root, "bench", "analysis.md");
  const sections = [
    "# Benchmarks",
    "",
    quick
      ? "Quick run (`npm run bench:quick`) on a tiny dataset: it checks that the benchmark code works; its timings mean nothing."
      : "Generated by `npm run bench` (bench/run.ts; the analysis at the end is bench/analysis.md). Issue 7: a territory-scale dataset, the operations a network of tiers-lieux uses every day, side by side with the database's own ceiling.",
    "",
    "Run: `TEST_POSTGRES_URL=postgresql://…/test npm run bench` (creates and re-creates the database `tiers_lieux_bench` on that server, `tiers_lieux_bench_quick` for `bench:quick`; SQLite files go to `.cache/bench/`). `BENCH_FRACTIONS=0.1,1` picks the sizes, `BENCH_ONLY=sqlite-1,postgres-0.1` re-runs some of them (the report merges the saved runs `.cache/bench/run-*.json`), `BENCH_REUSE=1` keeps an already generated dataset (SQLite file, or the PostgreSQL database when it holds the same dataset), `BENCH_MEASURES=availability,series,ical,billing,dashboard,week,api,raw` runs only those measurements and merges them into the saved run. `npm run bench:quick` runs the same code on a tiny dataset (CI).",
    "",
    "## Machine",
    "",
    `- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${machine.memoryGiB} GiB; ${machine.os}`,
    `- Node ${machine.node}; SQLite ${machine.sqlite} (better-sqlite3); PostgreSQL ${machine.postgres ?? "not run"}`,
    `- Settings: ${Object.entries(settings).map(([key, value]) => `${key} ${value}`).join(", ")}`,
    `- HTTP server (3, 6): \`node scripts/server.mjs\`, production build; on PostgreSQL with \`WEB_CONCURRENCY=${machine.cores}\` (one worker process per core, docs/decisions/0015-worker-processes.md), on SQLite one process`,
    "",
    "## Datasets",
    "",
    "Deterministic (seeded mulberry32), bulk-loaded (bench/dataset.ts, bench/load.ts): weekly series of 12–78 weeks in two-hour lanes (Monday–Friday, 08:00–20:00) that never overlap by construction, one-off bookings in lane-weeks nobody holds, 3 % of occurrences cancelled, 5 % of rooms with approval (some series PENDING), 20 % desk pools.",
    "",
    "| Database, dataset | Sites | Spaces | Organisations | Series | One-offs | Occurrences | Load time |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...runs.map((run) => `| ${label(run)} | ${run.size.sites} | ${run.size.spaces} | ${run.size.organizations} | ${run.size.series} | ${run.size.oneOffs} | ${run.occurrences} | ${run.loadSeconds.toFixed(0)} s |`),
    "",
    "## Results",
    "",
    "Latencies in milliseconds. 1, 2, 4 and 5 are measured in process through the app's model functions (bench/measure.ts, one caller); 3 and 6 over HTTP against `node scripts/server.mjs` (production build) on 127.0.0.1 with autocannon; HTTP latencies are full response times as autocannon sees them (a page is sent whole, one body with its length, so this is the time to first byte plus its transfer on loopback: about 9 KiB for the dashboard, 120 KiB for a site's week). The booking load and the raw ceiling each run 3 s unmeasured first, on other slots.",
    "",
    latencyTable("1. Availability search — Tuesdays 14:00–16:00, weekly over 13 weeks, capacity ≥ 8, one site", runs, "availabilitySite"),
    "",
    latencyTable("1. Availability search — same, all sites", runs, "availabilityAll"),
    "",
    latencyTable("2. createBooking: an 18-month weekly series with its conflict check (skip conflicting dates)", runs, "weeklySeries"),
    "",
    latencyTable("3. Booking throughput over HTTP (POST /api/v1/bookings, random one-hour slots)", runs, "apiBookings", undefined, (r) => `**${r.bookingsPerSecond} bookings/s** (${r.requestsPerSecond} requests/s); `),
    "",
    latencyTable("3. Raw ceiling: the same inserts through the driver (lock space, check overlap, insert series + occurrence, commit)", runs, "rawBookings", undefined, (r) => `**${r.bookingsPerSecond} bookings/s** (${r.requestsPerSecond} attempts/s); `),
    "",
    "Double bookings found afterwards (sweep over every active occurrence of the spaces the load touched: rooms by [start, blockedUntil), desk pools by seats):",
    "",
    "| Database, dataset | After the HTTP run | After the raw run |",
    "| --- | ---: | ---: |",
    ...runs.map((run) => `| ${label(run)} | ${run.results.doubleBookingsAfterApi} | ${run.results.doubleBookingsAfterRaw} |`),
    "",
    latencyTable("4. iCal feed of an organisation with 200 series — fresh", runs, "ical", "fresh"),
    "",
    latencyTable("4. iCal feed — unchanged, asked again without a validator", runs, "ical", "cached"),
    "",
    latencyTable("4. iCal feed — conditional request answered 304", runs, "ical", "notModified"),
    "",
    billingTable(runs),
    "",
    latencyTable("6. Dashboard (/tableau-de-bord), 50 concurrent users", runs, "dashboard", undefined, (r) => `${r.requestsPerSecond} pages/s; `),
    "",
    latencyTable("6. A site's week calendar (/sites/:id/semaine), 50 concurrent users", runs, "siteWeek", undefined, (r) => `${r.requestsPerSecond} pages/s; `),
    "",
    "The two tables above are the app as deployed: the users read their page again while nothing is written, so after the first page each is given from the document cache (ADR 0021). The two below are the same pages with the cache off (`DOCUMENT_CACHE_BYTES=0`): every page made by the loaders and React, as happens to every page after any write to the database.",
    "",
    latencyTable("6. Dashboard, every page made (document cache off)", runs, "dashboardUncached", undefined, (r) => `${r.requestsPerSecond} pages/s; `),
    "",
    latencyTable("6. A site's week calendar, every page made (document cache off)", runs, "siteWeekUncached", undefined, (r) => `${r.requestsPerSecond} pages/s; `),
    "",
    "## Targets (issue 7)",
    "",
    "PostgreSQL on this machine; SQLite within 2× of them.",
    "",
    "| Target | Database | Measured | |",
    "| --- | --- | --- | --- |",
    ...checks(runs).map((check) => `| ${check.target} | ${check.provider === "sqlite" ? "SQLite" : "PostgreSQL"} | ${check.value} | ${check.pass === null ? "not measured" : check.pass ? "pass" : "**miss**"} |`),
    "",
  ];
  if (!quick && fs.existsSync(analysisFile)) sections.push(fs.readFileSync(analysisFile, "utf8"));
  return sections.join("\n");
}
