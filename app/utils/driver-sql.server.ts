// Raw SQL straight through the database driver under Prisma (the pg pool of its adapter, or the
// better-sqlite3 connection of the serialised SQLite adapter), for the booking write path only
// (ADR 0022):
// measured on the benchmark's database, Prisma's `$queryRaw` costs ~0.7 ms of CPU per call
// and a pg query ~0.13 ms, and every API booking makes six of them.
//
// It speaks the subset of Prisma's client that the raw modules use (`$queryRaw`, `$executeRaw`
// with a tagged template or a `Prisma.Sql`), with the values Prisma's raw queries give and take
// (ADR 0014): on PostgreSQL Dates for timestamps and bigint for int8; on SQLite the same
// connection, behind the same lock as every Prisma statement, ISO text for Dates and 1/0 for
// booleans. So `loadSpaceForBooking`, `activeOccurrencesOverlapping` and `insertRows` run on
// either unchanged, and rows written here read back exactly as if Prisma had written them.
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { Prisma } from "~/generated/sqlite/client";

/** What the raw modules need of a client or a transaction: Prisma's own clients satisfy it. */
export interface RawSql {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<number>;
}

export interface DriverSql extends RawSql {
  /** Runs fn in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: RawSql) => Promise<T>): Promise<T>;
}

/**
 * Statement texts kept prepared (texts vary with the number of rows an insert writes): beyond,
 * SQLite lets a connection's go and starts again, PostgreSQL runs the new ones unprepared.
 */
const MAX_PREPARED_STATEMENTS = 200;

// A tagged template's strings are an array; a Prisma.Sql is not.
const toSql = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql =>
  Array.isArray(query) ? Prisma.sql(query as TemplateStringsArray, ...values) : (query as Prisma.Sql);

function rawSqlOf(run: { rows: (sql: Prisma.Sql) => Promise<unknown[]>; count: (sql: Prisma.Sql) => Promise<number> }): RawSql {
  return {
    $queryRaw: <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => run.rows(toSql(query, values)) as Promise<T>,
    $executeRaw: (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => run.count(toSql(query, values)),
  };
}

// ---- PostgreSQL ---------------------------------------------------------------------------

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** A Date as PostgreSQL's `timestamp(3)` (UTC, no zone), as @prisma/adapter-pg writes it. */
function pgTimestamp(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`
  );
}

const pgValue = (value: unknown) => (value instanceof Date ? pgTimestamp(value) : value);

// Per query, not pg's global registry: the process's other pg users keep their parsers, and
// timestamps never depend on the server's TZ.
const PG_PARSERS: Record<number, (text: string) => unknown> = {
  20: (text) => BigInt(text), // int8 (counts)
  1082: (text) => new Date(`${text}T00:00:00Z`), // date
  1114: (text) => new Date(`${text.replace(" ", "T")}Z`), // timestamp, stored in UTC
  1184: (text) => new Date(text), // timestamptz
};
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    (format ?? "text") === "text" && PG_PARSERS[oid] ? PG_PARSERS[oid] : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** Statement names by text, process-wide: the same text has the same name on every connection. */
const pgStatementNames = new Map<string, string>();

/**
 * A name for the text, so that each connection parses and plans it once (pg prepares a named
 * statement on a connection the first time, then only binds and executes it): the texts of the
 * booking path are few. Texts beyond MAX_PREPARED_STATEMENTS run unnamed, as Prisma's do, so a
 * connection never holds an unbounded number of them.
 */
function pgStatementName(text: string): string | undefined {
  let name = pgStatementNames.get(text);
  if (name === undefined && pgStatementNames.size < MAX_PREPARED_STATEMENTS) pgStatementNames.set(text, (name = `driver_sql_${pgStatementNames.size + 1}`));
  return name;
}

async function pgQuery(client: pg.Pool | pg.PoolClient, sql: Prisma.Sql) {
  return client.query({ name: pgStatementName(sql.text), text: sql.text, values: sql.values.map(pgValue), types: pgTypes });
}

function pgRawSql(client: pg.Pool | pg.PoolClient): RawSql {
  return rawSqlOf({
    rows: async (sql) => (await pgQuery(client, sql)).rows,
    count: async (sql) => (await pgQuery(client, sql)).rowCount ?? 0,
  });
}

/** The driver of a PostgreSQL database; `connect` gives the pool of Prisma's adapter, once open. */
export function pgDriverSql(connect: () => Promise<pg.Pool>): DriverSql {
  return {
    $queryRaw: async <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => pgRawSql(await connect()).$queryRaw<T>(query, ...values),
    $executeRaw: async (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => pgRawSql(await connect()).$executeRaw(query, ...values),
    async transaction(fn) {
      const client = await (await connect()).connect();
      let broken: unknown;
      try {
        await client.query("BEGIN");
        const result = await fn(pgRawSql(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query("ROLLBACK").catch((rollbackError: unknown) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
  };
}

// ---- SQLite -------------------------------------------------------------------------------

/** The one connection of SQLite mode and the lock every statement of the process takes. */
export type SqliteConnection = {
  database: BetterSqlite3.Database;
  /** Runs fn while no other statement or transaction of the process runs. */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
};

/** A Date as ISO text and booleans as 1/0, as @prisma/adapter-better-sqlite3 writes them. */
const sqliteValue = (value: unknown) =>
  value instanceof Date ? value.toISOString().replace("Z", "+00:00") : typeof value === "boolean" ? (value ? 1 : 0) : value;

const preparedByConnection = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * The connection's statement for this text, compiled once: compiling cost a booking as much as
 * running its statements (issue 7; the benchmark's raw ceiling prepares its statements too).
 */
function prepared(database: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let statements = preparedByConnection.get(database);
  if (!statements) preparedByConnection.set(database, (statements = new Map()));
  let statement = statements.get(text);
  if (!statement) {
    if (statements.size >= MAX_PREPARED_STATEMENTS) statements.clear();
    statements.set(text, (statement = database.prepare(text)));
  }
  return statement;
}

function sqliteRawSql(database: BetterSqlite3.Database): RawSql {
  return rawSqlOf({
    rows: async (sql) => {
      const statement = prepared(database, sql.sql);
      const values = sql.values.map(sqliteValue);
      if (statement.reader) return statement.all(...values);
      statement.run(...values);
      return [];
    },
    count: async (sql) => prepared(database, sql.sql).run(...sql.values.map(sqliteValue)).changes,
  });
}

/** The driver of SQLite mode; `connect` gives the connection once Prisma has opened it. */
export function sqliteDriverSql(connect: () => Promise<SqliteConnection>): DriverSql {
  // One connection per call: a transaction's BEGIN, statements and COMMIT all go to it.
  const exclusively = async <T>(fn: (raw: RawSql, database: BetterSqlite3.Database) => Promise<T>) => {
    const { database, exclusive } = await connect();
    return exclusive(() => fn(sqliteRawSql(database), database));
  };
  return {
    $queryRaw: <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => exclusively(async (raw) => raw.$queryRaw<T>(query, ...values)),
    $executeRaw: (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => exclusively(async (raw) => raw.$executeRaw(query, ...values)),
    transaction: (fn) =>
      exclusively(async (raw, database) => {
        prepared(database, "BEGIN").run();
        try {
          const result = await fn(raw);
          prepared(database, "COMMIT").run();
          return result;
        } catch (error) {
          if (database.inTransaction) prepared(database, "ROLLBACK").run();
          throw error;
        }
      }),
  };
}
