// One Prisma client per process, on SQLite (default, embedded) or PostgreSQL, chosen by
// DATABASE_URL. Both generated clients share one model source (prisma/models.prisma), so the
// app is typed against the SQLite client and the PostgreSQL one is used through the same type.
// See docs/decisions/0002-two-database-providers.md.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "~/generated/postgres/client";
import { PrismaClient as SqliteClient } from "~/generated/sqlite/client";
import { databaseProvider, databaseUrl } from "../scripts/database-url.mjs";
import { serializedSqlite } from "./utils/sqlite-serialized.server";

export type Db = SqliteClient;
export type DbProvider = "sqlite" | "postgres";
export { Prisma } from "~/generated/sqlite/client";

const dbProviders = new WeakMap<Db, DbProvider>();

export function createDb(url: string = databaseUrl()): Db {
  const provider = databaseProvider(url) as DbProvider;
  const client =
    provider === "sqlite"
      ? new SqliteClient({ adapter: serializedSqlite(new PrismaBetterSQLite3({ url, timeout: 5000 })) })
      : (new PostgresClient({
          adapter: new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }),
        }) as unknown as Db);
  dbProviders.set(client, provider);
  return client;
}

export function providerOf(client: Db): DbProvider {
  const provider = dbProviders.get(client);
  if (!provider) throw new Error("This Prisma client was not made by createDb()");
  return provider;
}

// Remix dev reloads the server bundle: keep one client across reloads.
const globalForDb = globalThis as unknown as { __db?: Db };
export const db: Db = globalForDb.__db ?? (globalForDb.__db = createDb());
