// Values of raw query results (`$queryRaw`), which differ by provider: PostgreSQL gives Dates,
// booleans and numbers (bigint for counts); SQLite gives text for dates and 0/1 (or 0n/1n) for
// booleans. Raw statements are used on hot paths only (docs/decisions/0014).

export const rawBoolean = (value: unknown): boolean => value === true || Number(value) === 1;

export const rawDate = (value: Date | string | number): Date => (value instanceof Date ? value : new Date(value));
