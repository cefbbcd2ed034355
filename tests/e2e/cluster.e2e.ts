// WEB_CONCURRENCY: scripts/server.mjs as several worker processes sharing one port (PostgreSQL
// only), on the production build global-setup.ts made. /healthz needs no table, so the workers
// use the test server's database as it is. Refused on SQLite, where one process must serialise
// the writes (docs/operations.md).
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const SERVER = path.resolve("scripts", "server.mjs");
const postgresUrl = process.env.TEST_POSTGRES_URL;

type LogLine = { pid?: number; msg?: string; path?: string; level?: number };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The server with its JSON log lines as they come. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", LOG_LEVEL: "info", SESSION_SECRET: "cluster-test-secret-not-for-production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  const waiters: Array<() => void> = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on("line", (text) => {
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        lines.push({ msg: text });
      }
      for (const wake of waiters.splice(0)) wake();
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  /** Resolves once `count` lines pass `test` (fails after 30 s). */
  async function waitFor(test: (line: LogLine) => boolean, count = 1): Promise<LogLine[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = lines.filter(test);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for log lines; got:\n${lines.map((line) => JSON.stringify(line)).join("\n")}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
  return { child, lines, exited, waitFor };
}

/** A GET on a new connection each time, so the primary hands each one to a worker. */
function getOnNewConnection(port: number, requestPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: requestPath, agent: false, headers: { Connection: "close" } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
  });
}

const listening = (line: LogLine) => typeof line.msg === "string" && line.msg.startsWith("Tiers-lieux partagés: http://");

describe("WEB_CONCURRENCY", () => {
  let running: ChildProcess | null = null;

  afterEach(() => {
    running?.kill("SIGKILL");
    running = null;
  });

  it("is refused on SQLite, with the reason", async () => {
    const server = startServer({ DATABASE_URL: `file:${path.join(os.tmpdir(), "cluster-refused.db")}`, WEB_CONCURRENCY: "2", PORT: String(await freePort()) });
    running = server.child;
    expect(await server.exited).toBe(1);
    expect(server.lines.map((line) => line.msg).join("\n")).toContain("WEB_CONCURRENCY > 1 needs PostgreSQL");
  });

  it("refuses a value that is not a whole number ≥ 1", async () => {
    const server = startServer({ DATABASE_URL: postgresUrl ?? "file:unused.db", WEB_CONCURRENCY: "deux", PORT: String(await freePort()) });
    running = server.child;
    expect(await server.exited).toBe(1);
    expect(server.lines.map((line) => line.msg).join("\n")).toContain("WEB_CONCURRENCY must be a whole number");
  });

  it.runIf(postgresUrl)(
    "serves one port from two workers on PostgreSQL, replaces a worker that dies, and stops on SIGTERM",
    async () => {
      const port = await freePort();
      const server = startServer({ DATABASE_URL: postgresUrl!, WEB_CONCURRENCY: "2", PORT: String(port) });
      running = server.child;
      const workers = new Set((await server.waitFor(listening, 2)).map((line) => line.pid));
      expect(workers.size).toBe(2);
      expect(workers.has(server.child.pid)).toBe(false);

      const statuses = await Promise.all(Array.from({ length: 40 }, () => getOnNewConnection(port, "/healthz")));
      expect(statuses.every((status) => status === 200)).toBe(true);
      const served = await server.waitFor((line) => line.path === "/healthz", 40);
      expect(new Set(served.map((line) => line.pid))).toEqual(workers);

      // A worker dying after it started is replaced (one that dies while starting stops everything).
      await new Promise((resolve) => setTimeout(resolve, 10_500));
      const [victim] = [...workers];
      process.kill(victim!, "SIGKILL");
      const replacement = (await server.waitFor((line) => listening(line) && !workers.has(line.pid), 1))[0].pid;
      expect(replacement).toBeDefined();
      expect(await getOnNewConnection(port, "/healthz")).toBe(200);

      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      running = null;
    },
    60_000,
  );
});
