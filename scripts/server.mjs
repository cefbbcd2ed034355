// The HTTP server: Express in front of the Remix build.
// Environment: PORT (3000), HOST (0.0.0.0), DATABASE_URL (file:./data/app.db), SESSION_SECRET.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import compression from "compression";
import express from "express";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const build = await import(pathToFileURL(path.join(root, "build", "index.js")).href);
const mode = process.env.NODE_ENV === "development" ? "development" : "production";

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true");
// Calendar feeds are never compressed: some calendar clients fail on gzip-encoded feeds.
app.use(
  compression({
    filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/calendar") && compression.filter(req, res),
  }),
);
// Fingerprinted assets are immutable; the rest of public/ may change between releases.
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  const address = server.address();
  const shownPort = typeof address === "object" && address ? address.port : port;
  console.log(`Tiers-lieux partagés: http://localhost:${shownPort}`);
  if (mode === "development") broadcastDevReady(build);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
