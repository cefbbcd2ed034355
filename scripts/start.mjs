#!/usr/bin/env node
// `npm start`: migrate the database (creating the SQLite file), seed the demo territory if the
// database is empty, build, and serve on http://localhost:3000. Works offline.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit", env: process.env });

process.env.NODE_ENV ??= "production";
process.env.TZ = "UTC";
run(process.execPath, ["scripts/db.mjs", "migrate"]);
if (process.env.SEED !== "false") run(bin("tsx"), ["prisma/seed.ts"]);
if (process.env.SKIP_BUILD !== "true") run(bin("remix"), ["build"]);
await import("./server.mjs");
