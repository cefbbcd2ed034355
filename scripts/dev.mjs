#!/usr/bin/env node
// `npm run dev`: migrate and seed like `npm start`, then `remix dev`, which rebuilds on change
// and restarts scripts/server.mjs.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, NODE_ENV: "development", TZ: "UTC" };
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit", env });

run(process.execPath, ["scripts/db.mjs", "migrate"]);
run(bin("tsx"), ["prisma/seed.ts"]);
run(bin("remix"), ["dev", "-c", "node scripts/server.mjs"]);
