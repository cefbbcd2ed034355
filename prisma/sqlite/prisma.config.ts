// Prisma CLI configuration for the embedded SQLite database (the default).
// Prisma 6.19 + a driver adapter runs the bundled WASM schema engine, so migrations work offline.
// Run through scripts/db.mjs, which sets DATABASE_URL. Paths are relative to this file.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./data/app.db" }),
});
