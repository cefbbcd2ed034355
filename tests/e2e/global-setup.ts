// Runs once before the end-to-end tests: builds the app, creates and seeds a fresh SQLite
// database in a temporary folder, starts the production server on a free port and waits for
// /healthz. Test files read the server's address from E2E_BASE_URL (see support.ts). The server
// has no network beyond this machine (offline-network.mjs), and neither has the browser (support.ts).
// The teardown stops the server and removes the folder; a safety net kills the server if the
// run ends any other way.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

const EXIT_WITH_PARENT = new URL("./exit-with-parent.mjs", import.meta.url).href;
// No msw in the server: this preload makes every outgoing call beyond this machine fail at once.
const OFFLINE_NETWORK = new URL("./offline-network.mjs", import.meta.url).href;
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Runs a command to completion; its output is shown only if it fails. */
function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = Date.now();
  try {
    execFileSync(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`e2e setup: ${label} failed\n${stdout}${stderr}`);
  }
  console.log(`e2e setup: ${label} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Calls onLine for each complete line of a child process's output stream. */
function forwardLines(stream: Readable | null, onLine: (line: string) => void) {
  let pending = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim().length > 0) onLine(line);
  });
  stream?.on("end", () => {
    if (pending.trim().length > 0) onLine(pending);
  });
}

async function waitForHealthy(url: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`e2e setup: the server exited (${server.exitCode ?? server.signalCode}) before answering\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`e2e setup: ${url} did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000}s (${last})\n${output()}`);
}

async function stopServer(server: ChildProcess | undefined) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), STOP_TIMEOUT_MS))]);
  if (!stopped) {
    server.kill("SIGKILL");
    await exited;
  }
}

export default async function setup() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tiers-lieux-e2e-"));
  let server: ChildProcess | undefined;

  // Safety nets for a run that ends without the teardown (Ctrl-C, kill, crash): kill the server
  // and remove the folder. Prepended, because vitest's own SIGINT/SIGTERM/exit handlers call
  // process.exit(), after which no later listener runs.
  const cleanUpNow = () => {
    server?.kill("SIGKILL");
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    removeSafetyNets();
    cleanUpNow();
    // Let the signal do what it would have done without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const removeSafetyNets = () => {
    process.removeListener("exit", cleanUpNow);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  process.prependOnceListener("exit", cleanUpNow);
  for (const signal of SIGNALS) process.prependOnceListener(signal, onSignal);

  const teardown = async () => {
    removeSafetyNets();
    await stopServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TZ: "UTC",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: tmp,
      DATABASE_URL: `file:${path.join(tmp, "e2e.db")}`,
      SESSION_SECRET: crypto.randomBytes(32).toString("base64url"),
      E2E_TEMP_DIR: tmp,
    };
    // Whatever the caller's shell says, the e2e server serves real production cookies (Secure).
    delete env.INSECURE_COOKIES;

    run("remix build", bin("remix"), ["build"], env);
    run("migrate", process.execPath, ["scripts/db.mjs", "migrate"], env);
    run("seed", bin("tsx"), ["prisma/seed.ts"], env);

    let output = "";
    const remember = (text: string) => {
      output = (output + text).slice(-20_000);
    };
    server = spawn(process.execPath, ["--import", EXIT_WITH_PARENT, "--import", OFFLINE_NETWORK, "scripts/server.mjs"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    // Shown as they happen, because they explain failing tests: everything on stderr, and the
    // error-level lines of the JSON log on stdout (pino: level 50 error, 60 fatal).
    const show = (line: string) => process.stderr.write(`[e2e server] ${line}\n`);
    forwardLines(server.stdout, (line) => {
      remember(`${line}\n`);
      if (/"level":\s*[56]\d\b/.test(line)) show(line);
    });
    forwardLines(server.stderr, (line) => {
      remember(`${line}\n`);
      show(line);
    });

    await waitForHealthy(`http://127.0.0.1:${port}/healthz`, server, () => output);
    // localhost, not 127.0.0.1: production session cookies are Secure, and browsers accept
    // Secure cookies over plain HTTP only from localhost.
    process.env.E2E_BASE_URL = `http://localhost:${port}`;
    console.log(`e2e setup: server ready at ${process.env.E2E_BASE_URL}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
