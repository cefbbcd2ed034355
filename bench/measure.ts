// In-process measurements, run in a child process whose DATABASE_URL is the benchmark
// database (app modules bind their Prisma client at import): availability search (1),
// createBooking of an 18-month weekly series (2), the iCal feed (4) and the billing run (5).
// Prints one JSON line: { [measurement]: Result }.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { db } from "~/db.server";
import { availabilityCandidates } from "~/domain/availability-search";
import { searchSpaces } from "~/models/availability.server";
import { fillOccupancyCache } from "~/models/occupancy-cache.server";
import { createBooking } from "~/models/booking.server";
import { BOOKER_ORGANIZATION, FEED_TOKENS, organizationId, siteId } from "./dataset";
import { root } from "./load";
import { summarize, type Result } from "./stats";

/** iterations per measurement, unless budgetSeconds run out first (at least 5 samples). */
type Options = { iterations: number; spaces: number; budgetSeconds: number };
const options: Options = JSON.parse(process.argv[2] ?? "{}");
/** Booking-model clock: before the dataset starts, so every date is bookable by notice. */
const NOW = new Date("2027-01-01T08:00:00.000Z");

async function timed(iterations: number, run: (iteration: number) => Promise<unknown>, warmup = 2): Promise<number[]> {
  for (let iteration = 0; iteration < warmup; iteration++) await run(-1 - iteration);
  const samples: number[] = [];
  const deadline = performance.now() + options.budgetSeconds * 1000;
  for (let iteration = 0; iteration < iterations; iteration++) {
    if (iteration >= 5 && performance.now() > deadline) break;
    const started = performance.now();
    await run(iteration);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function availabilitySearch(scope: "site" | "all"): Promise<Result> {
  const candidates = availabilityCandidates({ date: "2027-03-02", startTime: "14:00", endTime: "16:00", weeks: 13, weekdays: ["TU"] });
  if (!candidates.ok) throw new Error(candidates.message);
  let found = 0;
  const samples = await timed(options.iterations, async () => {
    const result = await searchSpaces(db, {
      candidates: candidates.candidates,
      filters: { minCapacity: 8, ...(scope === "site" ? { siteId: siteId(1) } : {}) },
      now: NOW,
    });
    found = result.length;
  });
  if (found === 0) throw new Error(`availability search (${scope}) found no space: the dataset or the search is broken`);
  const filled = occupancyFill ? `; occupancy cache filled before in ${occupancyFill.seconds.toFixed(1)} s (+${Math.round(occupancyFill.mebibytes)} MiB RSS)` : "";
  return summarize(samples, { note: `${candidates.candidates.length} Tuesdays, ${found} spaces answered${scope === "all" ? filled : ""}` });
}

/** How long filling the occupancy cache took before the searches, and what it added to memory. */
let occupancyFill: { seconds: number; mebibytes: number } | null = null;

/** Each iteration books a different space (so the dataset stays comparable), then is removed. */
async function weeklySeries(): Promise<Result> {
  const created: string[] = [];
  let booked = 0;
  let skipped = 0;
  const samples = await timed(Math.min(options.iterations, options.spaces - 2), async (iteration) => {
    const result = await createBooking(db, {
      spaceId: `bench_space_${iteration + 2}`,
      organizationId: organizationId(BOOKER_ORGANIZATION),
      createdById: null,
      title: "Banc d'essai : série de 18 mois",
      // 14:00–15:00 overlaps the 13:00 lane: the conflict check has real work on busy weeks.
      request: { localStart: "2027-01-05T14:00", localEnd: "2027-01-05T15:00", rrule: "FREQ=WEEKLY;COUNT=78", seats: 1 },
      skip: "ALL",
      now: NOW,
    });
    if (!result.ok) throw new Error(`createBooking failed: ${JSON.stringify(result).slice(0, 300)}`);
    created.push(result.seriesId);
    booked += result.booked.length;
    skipped += result.skipped.length;
  });
  await db.bookingSeries.deleteMany({ where: { id: { in: created } } });
  const runs = created.length;
  return summarize(samples, { note: `per series: ${Math.round(booked / runs)} occurrences written, ${Math.round(skipped / runs)} conflicting dates skipped` });
}

type FeedLoader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;

/** Through the route's loader when it loads; the per-token limit (burst 30) is met by rotating tokens. */
async function icalFeed(): Promise<{ fresh: Result; cached: Result; notModified: Result }> {
  const series = await db.bookingSeries.count({ where: { organizationId: organizationId(BOOKER_ORGANIZATION) } });
  const routeFile = path.join(root, "app", "routes", "calendrier.$token[.ics].ts");
  if (!fs.existsSync(routeFile)) throw new Error("feed route missing");
  const route = (await import(pathToFileURL(routeFile).href)) as { loader: FeedLoader };
  let request = 0;
  const fetchFeed = async (headers: Record<string, string> = {}) => {
    const token = FEED_TOKENS[Math.floor(request / 25) % FEED_TOKENS.length];
    request++;
    const response = await route.loader({
      request: new Request(`http://127.0.0.1/calendrier/${token}.ics`, { headers }),
      params: { token },
      context: { clientIp: `10.0.${Math.floor(request / 250)}.${request % 250}` },
    });
    const body = await response.text();
    return { response, body };
  };
  const first = await fetchFeed();
  if (first.response.status !== 200) throw new Error(`feed answered ${first.response.status}: ${first.body.slice(0, 200)}`);
  const events = first.body.split("BEGIN:VEVENT").length - 1;
  const iterations = Math.min(options.iterations, 400);
  // Fresh: the document is generated again for every request, as after any change of a booking
  // (one series' SEQUENCE is bumped before each request, outside the timing).
  const bookerSeries = await db.bookingSeries.findMany({ where: { organizationId: organizationId(BOOKER_ORGANIZATION) }, select: { id: true }, take: 50 });
  const fresh: number[] = [];
  const deadline = performance.now() + options.budgetSeconds * 1000;
  for (let iteration = -2; iteration < iterations; iteration++) {
    if (iteration >= 5 && performance.now() > deadline) break;
    const touched = bookerSeries[(iteration + bookerSeries.length) % bookerSeries.length];
    await db.bookingSeries.update({ where: { id: touched.id }, data: { sequence: { increment: 1 } } });
    const started = performance.now();
    const { response } = await fetchFeed();
    if (response.status !== 200) throw new Error(`feed answered ${response.status}`);
    if (iteration >= 0) fresh.push(performance.now() - started);
  }
  // Unchanged data, asked again without a validator (a client without its cache).
  const cached = await timed(iterations, async () => {
    const { response } = await fetchFeed();
    if (response.status !== 200) throw new Error(`feed answered ${response.status}`);
  });
  const etag = (await fetchFeed()).response.headers.get("ETag") ?? "";
  const notModified = await timed(iterations, async () => {
    const { response } = await fetchFeed({ "If-None-Match": etag });
    if (response.status !== 304) throw new Error(`conditional feed request answered ${response.status}`);
  });
  const note = `${series} series, ${events} VEVENTs, ${Math.round(first.body.length / 1024)} KiB`;
  return {
    fresh: summarize(fresh, { note: `${note}; generated again after a change before each request` }),
    cached: summarize(cached, { note: "unchanged since the previous request, no validator sent" }),
    notModified: summarize(notModified, { note: "If-None-Match with the current ETag" }),
  };
}

/**
 * The monthly billing run of every site owner for March 2027 (each bills the organisations that
 * booked its spaces: 2,000 organisations in the full dataset), once app/models/billing.server.ts
 * exists. Peak memory is the highest RSS sampled every 20 ms during the run.
 */
async function billingRun(): Promise<Result> {
  const file = path.join(root, "app", "models", "billing.server.ts");
  if (!fs.existsSync(file)) return { status: "not measured", note: "app/models/billing.server.ts does not exist yet" };
  const billing = (await import(pathToFileURL(file).href)) as {
    runMonthlyBilling?: (db: unknown, input: { scicId: string; month: string; now: Date }) => Promise<{ created: unknown[]; skipped: unknown[]; failed: Array<{ errors: string[] }> }>;
  };
  if (!billing.runMonthlyBilling) return { status: "not measured", note: "billing.server.ts has no runMonthlyBilling yet" };
  const owners = await db.site.findMany({ distinct: ["organizationId"], select: { organizationId: true }, orderBy: { organizationId: "asc" } });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const before = process.memoryUsage().rss;
  const started = performance.now();
  let created = 0;
  let failed = 0;
  const errors = new Set<string>();
  // A run far beyond its 60 s target is stopped between two owners after twice the
  // measurement budget; its total is then extrapolated from the owners billed (similar sizes).
  let ownersBilled = 0;
  try {
    for (const { organizationId: scicId } of owners) {
      if (ownersBilled > 0 && performance.now() - started > options.budgetSeconds * 2000) break;
      ownersBilled++;
      const summary = await billing.runMonthlyBilling(db, { scicId, month: "2027-03", now: new Date("2027-04-01T08:00:00.000Z") });
      created += summary.created.length;
      failed += summary.failed.length;
      for (const failure of summary.failed) for (const error of failure.errors) errors.add(error);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  peak = Math.max(peak, process.memoryUsage().rss);
  const billed = await db.invoice.groupBy({ by: ["organizationId"], where: { month: "2027-03" } });
  if (created === 0) return { status: "failed", note: `no invoice created; ${failed} failures: ${[...errors].slice(0, 3).join(" / ")}` };
  const partial = ownersBilled < owners.length;
  const total = partial ? Math.round((seconds * owners.length) / ownersBilled) : seconds;
  return {
    status: "measured",
    seconds: total,
    peakMiB: Math.round(peak / 2 ** 20),
    note: `${partial ? `stopped after ${ownersBilled} of ${owners.length} owners in ${seconds} s, total extrapolated to ~${total} s; ` : ""}${seconds} s, peak RSS ${Math.round(peak / 2 ** 20)} MiB (${Math.round(before / 2 ** 20)} MiB before); ${ownersBilled} site owners, ${created} invoices for ${billed.length} organisations, ${failed} refused${errors.size ? ` (${[...errors].slice(0, 2).join(" / ")})` : ""}`,
  };
}

async function guarded<T>(name: string, measure: () => Promise<T>): Promise<T | Result> {
  try {
    return await measure();
  } catch (error) {
    return { status: "failed", note: `${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

// BENCH_MEASURES=availability,series,ical,billing (and the HTTP ones of bench/run.ts) runs only those.
const measures = process.env.BENCH_MEASURES?.split(",");
const wanted = (name: string) => !measures || measures.includes(name);
const results: Record<string, unknown> = {};
if (wanted("availability")) {
  // As a server is after its first search (which answers from the database and fills the cache
  // behind it): the occupancy cache filled before timing, its cost reported beside.
  const rssBefore = process.memoryUsage().rss;
  const fillStarted = performance.now();
  await fillOccupancyCache(db, NOW);
  occupancyFill = { seconds: (performance.now() - fillStarted) / 1000, mebibytes: (process.memoryUsage().rss - rssBefore) / 2 ** 20 };
}
if (wanted("availability")) results.availabilitySite = await availabilitySearch("site");
if (wanted("availability")) results.availabilityAll = await availabilitySearch("all");
if (wanted("series")) results.weeklySeries = await weeklySeries();
if (wanted("ical")) results.ical = await guarded("iCal feed", icalFeed);
if (wanted("billing")) results.billing = await guarded("billing run", billingRun);
await db.$disconnect();
console.log(`BENCH_RESULT ${JSON.stringify(results)}`);
