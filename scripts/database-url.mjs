// Which database the app and the Prisma CLI talk to, from DATABASE_URL:
//   file:./data/app.db (default)  → SQLite through better-sqlite3
//   postgresql://…                → PostgreSQL through pg
const DEFAULT_DATABASE_URL = "file:./data/app.db";

export function databaseUrl() {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** @returns {"sqlite" | "postgres"} */
export function databaseProvider(url = databaseUrl()) {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${url.split(":")[0]}:")`);
}

export function sqliteUrl(url = databaseUrl()) {
  if (databaseProvider(url) !== "sqlite") throw new Error("DATABASE_URL is not a SQLite file: URL");
  return url;
}

export function postgresUrl(url = databaseUrl()) {
  if (databaseProvider(url) !== "postgres") throw new Error("DATABASE_URL is not a postgresql:// URL");
  return url;
}
