// A text that changes whenever a commit may have changed what a query reads, whoever wrote it
// (this process, another instance, a script). The document cache compares it before giving a
// kept page again (docs/decisions/0021-document-cache.md).
import { driverSqlOf, providerOf, sqliteConnectionsOpened, type Db } from "~/db.server";

/**
 * PostgreSQL: the current snapshot (xmin:xmax:in-progress ids). Two equal snapshots see exactly
 * the same rows, since a transaction's rows become visible only when it leaves the snapshot's
 * in-progress set or moves xmax; reads assign no transaction id, so reading never changes it.
 * SQLite (one app process, statements serialised outside transactions): the rows this
 * connection changed since it opened (triggers included, rolled back or not) and the count of
 * commits by other connections (`data_version`, e.g. a script on the same file), both counted
 * from zero again by a new connection (after a $disconnect): its number comes first.
 *
 * Read on the database driver (ADR 0022): it comes before every page the document cache gives
 * and every availability search, and Prisma's `$queryRaw` costs several times the query.
 */
export async function readDataVersion(db: Db): Promise<string> {
  const driver = driverSqlOf(db);
  if (providerOf(db) === "postgres") {
    const [row] = await driver.$queryRaw<Array<{ version: string }>>`SELECT pg_current_snapshot()::text AS "version"`;
    return row.version;
  }
  const [row] = await driver.$queryRaw<Array<{ version: string }>>`
    SELECT total_changes() || ':' || (SELECT "data_version" FROM pragma_data_version()) AS "version"`;
  // Read after the statement, which opened the connection if none was.
  return `${sqliteConnectionsOpened(db)}:${row.version}`;
}
