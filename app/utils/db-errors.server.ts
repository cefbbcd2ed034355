// Database errors the app explains to users, recognised the same way on SQLite and PostgreSQL.
// Through driver adapters, Prisma reports some violations as P-codes and others as a
// DriverAdapterError whose `cause` carries the driver's own code.

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown };

function* errorChain(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    yield current as ErrorLike;
    const { cause, meta } = current as ErrorLike;
    const driverError = (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
    current = driverError ?? cause;
  }
}

/** A unique constraint (P2002, PostgreSQL 23505, SQLite UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (link.code === "P2002" || link.code === "23505") return true;
    if ((link as { kind?: unknown }).kind === "UniqueConstraintViolation") return true;
    if (typeof link.message === "string" && /UNIQUE constraint failed/i.test(link.message)) return true;
  }
  return false;
}

/** A PostgreSQL exclusion constraint (23P01), e.g. two bookings of one room overlapping. */
export function isExclusionViolation(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (link.code === "23P01") return true;
    if (typeof link.message === "string" && link.message.includes("violates exclusion constraint")) return true;
  }
  return false;
}
