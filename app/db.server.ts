// One Prisma client per process, on SQLite (default, embedded) or PostgreSQL, chosen by
// DATABASE_URL. Both generated clients share one model source (prisma/models.prisma), so the
// app is typed against the SQLite client and the PostgreSQL one is used through the same type.
// See docs/decisions/0002-two-database-providers.md.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PostgresClient } from "~/generated/postgres/client";
import { PrismaClient as SqliteClient } from "~/generated/sqlite/client";
import { databaseProvider, databaseUrl } from "../scripts/database-url.mjs";
import { pgDriverSql, sqliteDriverSql, type DriverSql, type SqliteConnection } from "./utils/driver-sql.server";
import { serializedSqlite } from "./utils/sqlite-serialized.server";

export type Db = SqliteClient;
export type DbProvider = "sqlite" | "postgres";
export { Prisma } from "~/generated/sqlite/client";

const dbProviders = new WeakMap<Db, DbProvider>();
const driverSqls = new WeakMap<Db, DriverSql>();

export function createDb(url: string = databaseUrl()): Db {
  const provider = databaseProvider(url) as DbProvider;
  let client: Db;
  let driverSql: DriverSql;
  if (provider === "sqlite") {
    let connected!: (connection: SqliteConnection) => void;
    const connection = new Promise<SqliteConnection>((resolve) => (connected = resolve));
    const sqlite = new SqliteClient({ adapter: serializedSqlite(new PrismaBetterSQLite3({ url, timeout: 5000 }), connected) });
    // Prisma opens its connection on first use: the driver's first statement asks it to.
    driverSql = sqliteDriverSql(async () => (await sqlite.$connect(), connection));
    client = sqlite;
  } else {
    // One pool for Prisma's adapter and the driver's statements (ADR 0022).
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), allowExitOnIdle: true });
    // An idle connection dropped by the server leaves the pool; unheard, its error would end the
    // process before Prisma's adapter (which listens once connected) is first used.
    pool.on("error", () => undefined);
    client = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db;
    driverSql = pgDriverSql(pool);
  }
  dbProviders.set(client, provider);
  driverSqls.set(client, driverSql);
  return client;
}

/** The database driver under this client, for the booking write path (ADR 0022). */
export function driverSqlOf(client: Db): DriverSql {
  const driverSql = driverSqls.get(client);
  if (!driverSql) throw new Error("This Prisma client was not made by createDb()");
  return driverSql;
}

export function providerOf(client: Db): DbProvider {
  const provider = dbProviders.get(client);
  if (!provider) throw new Error("This Prisma client was not made by createDb()");
  return provider;
}

// Remix dev reloads the server bundle: keep one client across reloads.
const globalForDb = globalThis as unknown as { __db?: Db };
export const db: Db = globalForDb.__db ?? (globalForDb.__db = createDb());
