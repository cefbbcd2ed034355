// One Prisma client per process, on SQLite (default, embedded) or PostgreSQL, chosen by
// DATABASE_URL. Both generated clients share one model source (prisma/models.prisma), so the
// app is typed against the SQLite client and the PostgreSQL one is used through the same type.
// See docs/decisions/0002-two-database-providers.md.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
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
const sqliteConnectionCounts = new WeakMap<Db, () => number>();

export function createDb(url: string = databaseUrl()): Db {
  const provider = databaseProvider(url) as DbProvider;
  let client: Db;
  let driverSql: DriverSql;
  // The driver under Prisma is the one of Prisma's current connection (ADR 0022): Prisma opens
  // it on first use and again after a $disconnect, so the driver asks Prisma to connect first.
  if (provider === "sqlite") {
    let connection: SqliteConnection | undefined;
    let connectionsOpened = 0;
    const onConnect = (opened: SqliteConnection) => {
      connection = opened;
      connectionsOpened++;
    };
    const sqlite = new SqliteClient({ adapter: serializedSqlite(new PrismaBetterSQLite3({ url, timeout: 5000 }), onConnect) });
    driverSql = sqliteDriverSql(async () => (await sqlite.$connect(), connection!));
    sqliteConnectionCounts.set(sqlite, () => connectionsOpened);
    client = sqlite;
  } else {
    let pool: pg.Pool | undefined;
    const factory = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), allowExitOnIdle: true });
    const adapter: SqlDriverAdapterFactory = {
      provider: factory.provider,
      adapterName: factory.adapterName,
      async connect() {
        const opened = await factory.connect();
        pool = opened.underlyingDriver();
        return opened;
      },
    };
    const postgres = new PostgresClient({ adapter });
    driverSql = pgDriverSql(async () => (await postgres.$connect(), pool!));
    client = postgres as unknown as Db;
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

/**
 * SQLite mode: how many connections this client has opened so far (one, and one more after each
 * $disconnect that was followed by a statement), so the connection in use is the last one.
 */
export function sqliteConnectionsOpened(client: Db): number {
  const count = sqliteConnectionCounts.get(client);
  if (!count) throw new Error("This Prisma client was not made by createDb() for SQLite");
  return count();
}

export function providerOf(client: Db): DbProvider {
  const provider = dbProviders.get(client);
  if (!provider) throw new Error("This Prisma client was not made by createDb()");
  return provider;
}

// Remix dev reloads the server bundle: keep one client across reloads.
const globalForDb = globalThis as unknown as { __db?: Db };
export const db: Db = globalForDb.__db ?? (globalForDb.__db = createDb());
