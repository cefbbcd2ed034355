// The HTTP server: Express in front of the Remix build.
// Environment: PORT (3000), HOST (0.0.0.0), DATABASE_URL (file:./data/app.db), SESSION_SECRET,
// WEB_CONCURRENCY (1): with PostgreSQL, that many worker processes share the port (node:cluster),
// one per core; SQLite mode is one process (docs/operations.md), so more is refused.
import cluster from "node:cluster";
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
// The Express adapter's own conversions (exported by its module, not by its index): the request
// handler is ours so that the document cache can answer before Remix runs (ADR 0021).
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { broadcastDevReady, createRequestHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import pino from "pino";
import { securityHeaders } from "./security-headers.mjs";
import { limitRequestBody } from "./body-limit.mjs";
import { refuseNulInUrl } from "./nul-guard.mjs";
import { databaseProvider } from "./database-url.mjs";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "tiers-lieux", pid: process.pid } });
const workerCount = Number(process.env.WEB_CONCURRENCY ?? 1);

if (!Number.isInteger(workerCount) || workerCount < 1) {
  logger.fatal(`WEB_CONCURRENCY must be a whole number ≥ 1 (got "${process.env.WEB_CONCURRENCY}").`);
  process.exit(1);
} else if (workerCount > 1 && databaseProvider() !== "postgres") {
  logger.fatal(
    "WEB_CONCURRENCY > 1 needs PostgreSQL: in SQLite mode one process serialises the writes, and two would book the same room twice (docs/operations.md).",
  );
  process.exit(1);
} else if (workerCount > 1 && cluster.isPrimary) {
  runPrimary(workerCount);
} else {
  await serve();
}

/**
 * Forks the workers and replaces one that dies, unless it died young (a worker that cannot
 * start would be restarted for ever): then everything stops, exit code 1. SIGTERM/SIGINT stop
 * the workers (each finishes its requests) and then the primary.
 */
function runPrimary(count) {
  // Workers run this file, not the script that imported it (`npm start` migrates and builds first).
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  let stopping = false;
  const startedAt = new Map();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());
  for (let index = 0; index < count; index++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    const livedMs = Date.now() - (startedAt.get(worker.id) ?? 0);
    if (livedMs < 10_000) {
      logger.fatal({ code, signal, livedMs }, "a worker stopped while starting: stopping the others");
      stopping = true;
      process.exitCode = 1;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    logger.error({ code, signal }, "a worker stopped: starting another");
    fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    });
  }
}

async function serve() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const build = await import(pathToFileURL(path.join(root, "build", "index.js")).href);
  const mode = process.env.NODE_ENV === "development" ? "development" : "production";

  // Secret feed tokens travel in the path: mask them; query strings are never logged.
  const loggablePath = (url) => url.split("?")[0].replace(/^\/calendrier\/[^/]+/, "/calendrier/[jeton]");

  const app = express();
  app.disable("x-powered-by");
  // CSP, nosniff, Referrer-Policy… on every response, not only on HTML documents.
  app.use(securityHeaders(build.entry.module.SECURITY_HEADERS));
  const trustProxy = process.env.TRUST_PROXY === "true";
  // One proxy in front of the app: req.ip is the address that proxy saw, not a client-written header.
  app.set("trust proxy", trustProxy ? 1 : false);

  // A request id on every request and response, and one JSON log line when it ends. The id is
  // put on the request headers so the app's own logs (app/utils/logger.server.ts) can carry it.
  app.use((req, res, next) => {
    const incoming = req.headers["x-request-id"];
    const requestId = trustProxy && typeof incoming === "string" && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logger.info(
        {
          requestId,
          method: req.method,
          path: loggablePath(req.originalUrl),
          status: res.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        "request",
      );
    });
    next();
  });
  // Calendar feeds are never compressed: some calendar clients fail on gzip-encoded feeds.
  app.use(
    compression({
      filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/calendar") && compression.filter(req, res),
    }),
  );
  // Fingerprinted assets are immutable; the rest of public/ may change between releases.
  app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
  // Only addresses with an extension can be files of public/ (favicon.svg, leaflet/…): pages are
  // not looked up on disk first, a stat per page (ADR 0021).
  const servePublic = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? servePublic(req, res, next) : next()));
  // A body larger than any page accepts is refused before Remix reads it (413, in French), and
  // an address with a NUL character before any loader runs (400).
  app.use(limitRequestBody());
  app.use(refuseNulInUrl());
  const handleRequest = createRequestHandler(build, mode);
  const documentCache = build.entry.module.createAppDocumentCache(build.routes);
  app.all("*", async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res);
      // The client's address for per-IP limits (behind a proxy, TRUST_PROXY=true makes it the real one).
      const loadContext = { clientIp: req.ip ?? "unknown", requestId: String(req.headers["x-request-id"]) };
      await sendRemixResponse(res, await documentCache.handle(request, loadContext, handleRequest));
    } catch (error) {
      next(error);
    }
  });

  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () => {
    const address = server.address();
    const shownPort = typeof address === "object" && address ? address.port : port;
    logger.info({ port: shownPort }, `Tiers-lieux partagés: http://localhost:${shownPort}`);
    if (mode === "development") broadcastDevReady(build);
  });

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => server.close(() => process.exit(0)));
  }
}
