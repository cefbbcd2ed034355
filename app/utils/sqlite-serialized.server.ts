// The better-sqlite3 adapter holds ONE connection and serialises transactions with a mutex,
// but a plain query issued while another request's interactive transaction is open runs on
// that same connection, i.e. inside that transaction (and is rolled back with it). This
// wrapper puts every statement and every transaction behind one lock, so SQLite mode behaves
// like a serialisable database for one app process. It also turns on the pragmas we rely on.
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";
import type { SqliteConnection } from "./driver-sql.server";

const PRAGMAS = "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

class Lock {
  #tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

function serializedAdapter(inner: SqlDriverAdapter, lock: Lock): SqlDriverAdapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: SqlQuery) => lock.run(() => inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => lock.run(() => inner.executeRaw(query)),
    executeScript: (script: string) => lock.run(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel) {
      const release = await lock.acquire();
      let transaction: Transaction;
      try {
        transaction = await inner.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      const finish = async (end: () => Promise<void>) => {
        try {
          await end();
        } finally {
          release();
        }
      };
      return {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        queryRaw: (query: SqlQuery) => transaction.queryRaw(query),
        executeRaw: (query: SqlQuery) => transaction.executeRaw(query),
        commit: () => finish(() => transaction.commit()),
        rollback: () => finish(() => transaction.rollback()),
      };
    },
  };
}

/**
 * `onConnect` receives the adapter's better-sqlite3 connection and the lock, for the statements
 * that run on the driver itself (app/utils/driver-sql.server.ts, ADR 0022).
 */
export function serializedSqlite(factory: SqlDriverAdapterFactory, onConnect?: (connection: SqliteConnection) => void): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const inner = await factory.connect();
      await inner.executeScript(PRAGMAS);
      const lock = new Lock();
      if (onConnect) {
        // The adapter's own connection (a public field of @prisma/adapter-better-sqlite3's
        // adapter, not of its type): a second connection would wait on SQLite's file lock
        // synchronously, blocking the event loop that must finish the holder's transaction.
        const database = (inner as unknown as { client?: BetterSqlite3.Database }).client;
        if (!database?.prepare) throw new Error("@prisma/adapter-better-sqlite3 no longer exposes its connection as `client` (ADR 0022)");
        onConnect({ database, exclusive: (fn) => lock.run(fn) });
      }
      return serializedAdapter(inner, lock);
    },
  };
}
