// HTTP measurements against the built app (`node scripts/server.mjs` on 127.0.0.1 only):
// time to first byte of pages at 50 concurrent users (6), booking throughput through the API
// with the double bookings counted afterwards (3), and the raw ceiling of the same inserts
// straight through the database driver.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import pg from "pg";
import { addDaysLocal, addMinutesLocal, parisToInstant, type LocalDateTime } from "~/domain/time";
import { BENCH_API_TOKEN, BENCH_PASSWORD, BENCH_USER_EMAIL, prng, spaceId } from "./dataset";
import { root, sqliteDate } from "./load";
import { summarize, type Result } from "./stats";

const HOST = "127.0.0.1";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type AppServer = { base: string; stop: () => Promise<void> };

/** `env` adds to the server's environment, e.g. DOCUMENT_CACHE_BYTES=0 to make every page. */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<AppServer> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the server while it is measured.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(root, "scripts", "server.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HOST,
      PORT: String(port),
      LOG_LEVEL: "warn",
      INSECURE_COOKIES: "true",
      SESSION_SECRET: "bench-session-secret-not-for-production",
      DATABASE_POOL_SIZE: "10",
      // As a deployment on this machine would: one worker per core on PostgreSQL, one process on SQLite (ADR 0015).
      WEB_CONCURRENCY: String(databaseUrl.startsWith("postgres") ? os.cpus().length : 1),
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://${HOST}:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 100 || child.exitCode !== null) {
      child.kill();
      throw new Error("the app server did not start (is build/ up to date? run `npm run build`)");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
}

/** Logs in through the login form, as a browser does: the CSRF token comes from the page. */
export async function login(base: string): Promise<string> {
  const page = await fetch(`${base}/connexion`);
  const html = await page.text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no CSRF token on /connexion");
  const csrfCookies = cookiesOf(page);
  const response = await fetch(`${base}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ csrf: token, email: BENCH_USER_EMAIL, password: BENCH_PASSWORD, redirectTo: "" }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.startsWith("__session="));
  if (response.status !== 302 || !session) throw new Error(`login failed (${response.status})`);
  return [...csrfCookies, session].join("; ");
}

type LoadOptions = { url: string; connections: number; seconds: number; headers?: Record<string, string> } & Partial<autocannon.Options>;

/** autocannon with every response time kept, for exact p95, and the status codes counted. */
async function load(options: LoadOptions): Promise<{ latencies: number[]; statuses: Map<number, number>; seconds: number; errors: number }> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  const instance = autocannon({ ...options, duration: options.seconds, connections: options.connections, timeout: 30 } as autocannon.Options);
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
  });
  const result = await instance;
  return { latencies, statuses, seconds: (performance.now() - started) / 1000, errors: result.errors + result.timeouts };
}

const statusText = (statuses: Map<number, number>) => [...statuses].sort(([a], [b]) => a - b).map(([code, count]) => `${code}×${count}`).join(", ");

/** Page latency at `connections` concurrent users; fails unless every answer is a 200. */
export async function pageLatency(base: string, cookie: string, pagePath: string, connections: number, seconds: number): Promise<Result> {
  const check = await fetch(base + pagePath, { headers: { Cookie: cookie }, redirect: "manual" });
  if (check.status !== 200) return { status: "failed", note: `${pagePath} answered ${check.status}` };
  const run = await load({ url: base + pagePath, connections, seconds, headers: { Cookie: cookie } });
  const ok = run.statuses.get(200) ?? 0;
  if (ok !== run.latencies.length || run.errors > 0) {
    return { status: "failed", note: `${pagePath}: ${statusText(run.statuses)}, ${run.errors} errors` };
  }
  // What the document cache (ADR 0021) did with the same page asked once more afterwards.
  const after = await fetch(base + pagePath, { headers: { Cookie: cookie }, redirect: "manual" });
  await after.arrayBuffer();
  const cache = after.headers.get("X-Document-Cache");
  return summarize(run.latencies, {
    requestsPerSecond: Math.round(ok / run.seconds),
    note: `${connections} users, ${ok} pages in ${run.seconds.toFixed(1)} s${cache ? `; X-Document-Cache: ${cache}` : "; not cached"}`,
  });
}

/** Random one-hour slots on weekdays of 2027 (within every horizon), on random spaces. */
export function slotGenerator(seed: number, spaces: number) {
  const random = prng(seed);
  return () => {
    const day = Math.floor(random() * 43) * 7 + Math.floor(random() * 5); // weekdays from 2027-01-04
    const minutes = 8 * 60 + Math.floor(random() * 22) * 30; // 08:00 … 18:30
    const start: LocalDateTime = `${addDaysLocal("2027-01-04", day)}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    return { spaceId: spaceId(Math.floor(random() * spaces)), start, end: addMinutesLocal(start, 60) };
  };
}

/** `seed` picks the slots: a warm-up run takes another one, so the measured run does not meet its bookings first. */
export async function apiThroughput(base: string, spaces: number, connections: number, seconds: number, seed = 11): Promise<Result> {
  const nextSlot = slotGenerator(seed, spaces);
  const run = await load({
    url: base,
    connections,
    seconds,
    requests: [
      {
        method: "POST",
        path: "/api/v1/bookings",
        headers: { Authorization: `Bearer ${BENCH_API_TOKEN}`, "Content-Type": "application/json" },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ ...nextSlot(), title: "bench-http" }) }),
      },
    ],
  });
  const created = run.statuses.get(201) ?? 0;
  const refused = run.statuses.get(409) ?? 0;
  const unexpected = run.latencies.length - created - refused;
  return {
    ...summarize(run.latencies),
    ...(unexpected > 0 || run.errors > 0 ? { status: "failed" as const } : {}),
    bookingsPerSecond: Math.round(created / run.seconds),
    requestsPerSecond: Math.round(run.latencies.length / run.seconds),
    note: `${connections} clients for ${run.seconds.toFixed(1)} s: ${statusText(run.statuses)}${run.errors ? `, ${run.errors} errors` : ""}`,
  };
}

// ---- the raw ceiling: lock the space, check, insert, in one transaction -------------------

const ACTIVE = "('PENDING','CONFIRMED')";
type Slot = ReturnType<ReturnType<typeof slotGenerator>>;
const instantOf = (local: LocalDateTime) => {
  const result = parisToInstant(local);
  if (!result.ok) throw new Error(result.message);
  return result.instant;
};

/**
 * The raw ceiling on PostgreSQL: each statement named, so each connection parses and plans it
 * once, as the app's driver does (app/utils/driver-sql.server.ts).
 */
export async function rawPostgres(url: string, spaces: number, connections: number, seconds: number, seed = 12): Promise<Result> {
  const nextSlot = slotGenerator(seed, spaces);
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let created = 0;
  const worker = async (workerIndex: number) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let sequence = 0;
    const utc = (date: Date) => date.toISOString().replace("T", " ").replace("Z", "");
    while (performance.now() < deadline) {
      const slot = nextSlot();
      const started = performance.now();
      await client.query("BEGIN");
      const space = (await client.query({ name: "bench_raw_lock", text: `SELECT "kind", "seats", "bufferMinutes", "organizationId" FROM "Space" WHERE "id" = $1 FOR UPDATE`, values: [slot.spaceId] })).rows[0];
      const startsAt = instantOf(slot.start);
      const endsAt = instantOf(slot.end);
      const room = space.kind === "ROOM";
      const blockedUntil = new Date(endsAt.getTime() + (room ? space.bufferMinutes : 0) * 60_000);
      const taken = (
        await client.query({
          name: "bench_raw_overlap",
          text: `SELECT COALESCE(SUM("seats"), 0)::int AS seats, COUNT(*)::int AS n FROM "Occurrence" WHERE "spaceId" = $1 AND "status" IN ${ACTIVE} AND "startsAt" < $2 AND "blockedUntil" > $3`,
          values: [slot.spaceId, utc(blockedUntil), utc(startsAt)],
        })
      ).rows[0];
      const free = room ? taken.n === 0 : taken.seats + 1 <= space.seats;
      if (free) {
        const id = `bench_raw_${seed}_${workerIndex}_${sequence++}`;
        await client.query({
          name: "bench_raw_series",
          text: `INSERT INTO "BookingSeries" ("id","spaceId","organizationId","title","seats","status","localStart","localEnd","materializedUntil","updatedAt") VALUES ($1,$2,$3,'bench-raw',1,'CONFIRMED',$4,$5,$6,now())`,
          values: [id, slot.spaceId, space.organizationId, slot.start, slot.end, utc(new Date(startsAt.getTime() + 60_000))],
        });
        await client.query({
          name: "bench_raw_occurrence",
          text: `INSERT INTO "Occurrence" ("id","seriesId","spaceId","organizationId","recurrenceId","localStart","localEnd","startsAt","endsAt","blockedUntil","seats","exclusive","status","updatedAt") VALUES ($1,$1,$2,$3,$4,$4,$5,$6,$7,$8,1,$9,'CONFIRMED',now())`,
          values: [id, slot.spaceId, space.organizationId, slot.start, slot.end, utc(startsAt), utc(endsAt), utc(blockedUntil), room],
        });
        created++;
      }
      await client.query("COMMIT");
      latencies.push(performance.now() - started);
    }
    await client.end();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)));
  const elapsed = (performance.now() - started) / 1000;
  return { ...summarize(latencies), bookingsPerSecond: Math.round(created / elapsed), requestsPerSecond: Math.round(latencies.length / elapsed), note: `${connections} pg connections, ${created} created of ${latencies.length} attempts` };
}

export function rawSqlite(file: string, spaces: number, seconds: number, seed = 12): Result {
  const nextSlot = slotGenerator(seed, spaces);
  const database = new Database(file, { timeout: 5000 });
  database.pragma("foreign_keys = ON");
  const spaceRow = database.prepare(`SELECT "kind", "seats", "bufferMinutes", "organizationId" FROM "Space" WHERE "id" = ?`);
  const overlapping = database.prepare(
    `SELECT COALESCE(SUM("seats"), 0) AS seats, COUNT(*) AS n FROM "Occurrence" WHERE "spaceId" = ? AND "status" IN ${ACTIVE} AND "startsAt" < ? AND "blockedUntil" > ?`,
  );
  const insertSeries = database.prepare(
    `INSERT INTO "BookingSeries" ("id","spaceId","organizationId","title","seats","status","localStart","localEnd","materializedUntil","updatedAt") VALUES (?,?,?,'bench-raw',1,'CONFIRMED',?,?,?,?)`,
  );
  const insertOccurrence = database.prepare(
    `INSERT INTO "Occurrence" ("id","seriesId","spaceId","organizationId","recurrenceId","localStart","localEnd","startsAt","endsAt","blockedUntil","seats","exclusive","status","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,1,?,'CONFIRMED',?)`,
  );
  let sequence = 0;
  let created = 0;
  // BEGIN IMMEDIATE takes SQLite's write lock first: the whole database is the "space lock".
  const book = database.transaction((slot: Slot) => {
    const space = spaceRow.get(slot.spaceId) as { kind: string; seats: number; bufferMinutes: number; organizationId: string };
    const startsAt = instantOf(slot.start);
    const endsAt = instantOf(slot.end);
    const room = space.kind === "ROOM";
    const blockedUntil = new Date(endsAt.getTime() + (room ? space.bufferMinutes : 0) * 60_000);
    const taken = overlapping.get(slot.spaceId, sqliteDate(blockedUntil), sqliteDate(startsAt)) as { seats: number; n: number };
    if (room ? taken.n > 0 : taken.seats + 1 > space.seats) return;
    const id = `bench_raw_${seed}_${sequence++}`;
    const now = sqliteDate(new Date());
    insertSeries.run(id, slot.spaceId, space.organizationId, slot.start, slot.end, sqliteDate(new Date(startsAt.getTime() + 60_000)), now);
    insertOccurrence.run(id, id, slot.spaceId, space.organizationId, slot.start, slot.start, slot.end, sqliteDate(startsAt), sqliteDate(endsAt), sqliteDate(blockedUntil), room ? 1 : 0, now);
    created++;
  });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    const slot = nextSlot();
    const begun = performance.now();
    book.immediate(slot);
    latencies.push(performance.now() - begun);
  }
  const elapsed = (performance.now() - started) / 1000;
  database.close();
  return { ...summarize(latencies), bookingsPerSecond: Math.round(created / elapsed), requestsPerSecond: Math.round(latencies.length / elapsed), note: `one connection (SQLite has one writer), ${created} created of ${latencies.length} attempts` };
}

// ---- a repeatable run on a reused dataset -------------------------------------------------

/**
 * Deletes the bookings a load run wrote (its title), occurrences included, before it (the
 * slots are seeded: on a reused dataset a second run would find every slot of the first one
 * taken and measure conflicts instead of bookings) and once its double bookings are counted
 * (they would swell the booker organisation's feed measured next). On PostgreSQL the tables
 * are vacuumed afterwards: a run writes and deletes thousands of the booker organisation's
 * series, and until autovacuum passes, the next measures (its feed) read their dead index
 * entries (6,991 entries for 238 live series after a few runs).
 */
export async function removeLoadBookings(provider: "sqlite" | "postgres", url: string, title: "bench-http" | "bench-raw"): Promise<void> {
  if (provider === "sqlite") {
    const database = new Database(url.slice("file:".length), { timeout: 5000 });
    try {
      database.pragma("foreign_keys = ON");
      database.prepare(`DELETE FROM "BookingSeries" WHERE "title" = ?`).run(title);
    } finally {
      database.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query(`DELETE FROM "BookingSeries" WHERE "title" = $1`, [title]);
    if (rowCount) await client.query(`VACUUM ANALYZE "BookingSeries", "Occurrence", "SpaceOccupancyVersion"`);
  } finally {
    await client.end();
  }
}

// ---- double bookings -----------------------------------------------------------------------

type ActiveRow = { spaceId: string; startsAt: string | Date; blockedUntil: string | Date; endsAt: string | Date; seats: number; exclusive: boolean | number; capacity: number };

/** Rooms: two active occurrences whose [start, blockedUntil) overlap; desk pools: seats above the pool. */
export function countDoubleBookings(rows: readonly ActiveRow[]): number {
  const bySpace = new Map<string, ActiveRow[]>();
  for (const row of rows) {
    const list = bySpace.get(row.spaceId);
    if (list) list.push(row);
    else bySpace.set(row.spaceId, [row]);
  }
  const time = (value: string | Date) => new Date(value).getTime();
  let found = 0;
  for (const list of bySpace.values()) {
    const exclusive = Boolean(list[0].exclusive);
    // Sweep: +seats at start, −seats at end (ends before starts at the same instant).
    const events: Array<[number, number]> = [];
    for (const row of list) {
      events.push([time(row.startsAt), exclusive ? 1 : row.seats]);
      events.push([time(exclusive ? row.blockedUntil : row.endsAt), exclusive ? -1 : -row.seats]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const limit = exclusive ? 1 : list[0].capacity;
    let load = 0;
    for (const [, delta] of events) {
      load += delta;
      if (delta > 0 && load > limit) found++;
    }
  }
  return found;
}

const ACTIVE_ROWS_SQL = `SELECT o."spaceId", o."startsAt", o."endsAt", o."blockedUntil", o."seats", o."exclusive", s."seats" AS capacity
  FROM "Occurrence" o JOIN "Space" s ON s."id" = o."spaceId"
  WHERE o."status" IN ${ACTIVE} AND o."spaceId" IN (SELECT DISTINCT x."spaceId" FROM "Occurrence" x JOIN "BookingSeries" b ON b."id" = x."seriesId" WHERE b."title" IN ('bench-http', 'bench-raw'))`;

/** Only the spaces the load runs touched can have changed. */
export async function doubleBookings(provider: "sqlite" | "postgres", url: string): Promise<number> {
  if (provider === "sqlite") {
    const database = new Database(url.slice("file:".length), { readonly: true });
    try {
      return countDoubleBookings(database.prepare(ACTIVE_ROWS_SQL).all() as ActiveRow[]);
    } finally {
      database.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // timestamp(3) columns come back as local-time Dates; read them as UTC text instead.
    const { rows } = await client.query(ACTIVE_ROWS_SQL.replace(/o\."(startsAt|endsAt|blockedUntil)"/g, `to_char(o."$1", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "$1"`));
    return countDoubleBookings(rows as ActiveRow[]);
  } finally {
    await client.end();
  }
}
