// The database driver under Prisma (ADR 0022): what it writes, Prisma reads back the same; what
// it reads, the raw modules map as they map Prisma's $queryRaw; its transactions commit, roll
// back and, on SQLite, never interleave with Prisma's statements.
import { createDb, driverSqlOf, Prisma } from "~/db.server";
import { insertRows, newId } from "~/utils/bulk-insert.server";
import { rawBoolean, rawDate } from "~/utils/raw-values.server";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

type AttemptRow = { id: string; email: string; succeeded: unknown; createdAt: Date | string };

const attempt = (email: string, createdAt = new Date("2027-03-28T00:59:59.123Z")) => ({ id: newId(), email, ip: "127.0.0.1", succeeded: true, createdAt });
const normalised = (rows: AttemptRow[]) => rows.map((row) => ({ ...row, succeeded: rawBoolean(row.succeeded), createdAt: rawDate(row.createdAt).toISOString() }));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(providers)("the driver under Prisma on %s", (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
  });

  afterAll(async () => {
    await database.dispose();
  });

  beforeEach(async () => {
    await database.db.loginAttempt.deleteMany();
  });

  it("writes rows that Prisma reads back exactly (instants to the millisecond, booleans)", async () => {
    const row = attempt("ecrit@exemple.fr");
    await insertRows(driverSqlOf(database.db), "LoginAttempt", ["id", "email", "ip", "succeeded", "createdAt"], [row]);
    expect(await database.db.loginAttempt.findUnique({ where: { id: row.id } })).toEqual(row);
  });

  it("reads what Prisma wrote as Prisma's own $queryRaw gives it, by tagged template or Prisma.Sql", async () => {
    const row = attempt("lu@exemple.fr");
    await database.db.loginAttempt.create({ data: row });
    const select = Prisma.sql`SELECT "id", "email", "succeeded", "createdAt" FROM "LoginAttempt" WHERE "createdAt" = ${row.createdAt}`;
    const byPrisma = await database.db.$queryRaw<AttemptRow[]>(select);
    const byDriver = await driverSqlOf(database.db).$queryRaw<AttemptRow[]>(select);
    const byTemplate = await driverSqlOf(database.db).$queryRaw<AttemptRow[]>`SELECT "id", "email", "succeeded", "createdAt" FROM "LoginAttempt" WHERE "email" = ${row.email}`;
    expect(normalised(byDriver)).toEqual([{ id: row.id, email: row.email, succeeded: true, createdAt: row.createdAt.toISOString() }]);
    expect(normalised(byDriver)).toEqual(normalised(byPrisma));
    expect(normalised(byTemplate)).toEqual(normalised(byPrisma));
    // PostgreSQL's timestamps come back as Dates, as from Prisma's $queryRaw.
    if (provider === "postgres") expect(byDriver[0].createdAt).toEqual(row.createdAt);
  });

  it("runs a statement again with other values, and more distinct statements than it keeps prepared", async () => {
    const driver = driverSqlOf(database.db);
    const rows = [attempt("un@exemple.fr"), attempt("deux@exemple.fr")];
    await insertRows(driver, "LoginAttempt", ["id", "email", "ip", "succeeded", "createdAt"], rows);
    for (const row of [...rows, ...rows]) {
      expect(await driver.$queryRaw`SELECT "id" FROM "LoginAttempt" WHERE "email" = ${row.email}`).toEqual([{ id: row.id }]);
    }
    for (let text = 0; text < 250; text++) {
      const found = await driver.$queryRaw<Array<{ id: string }>>(
        Prisma.sql`SELECT "id", ${Prisma.raw(String(text))} AS "text" FROM "LoginAttempt" WHERE "email" = ${rows[text % 2].email}`,
      );
      expect(found.map((row) => row.id)).toEqual([rows[text % 2].id]);
    }
    expect(await driver.$executeRaw`DELETE FROM "LoginAttempt" WHERE "email" = ${rows[0].email}`).toBe(1);
    expect(await driver.$executeRaw`DELETE FROM "LoginAttempt" WHERE "email" = ${rows[1].email}`).toBe(1);
  });

  it("keeps instants exact whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "Europe/Paris";
    try {
      const row = attempt("fuseau@exemple.fr", new Date("2027-10-31T01:30:00.000Z")); // Paris's repeated hour
      await insertRows(driverSqlOf(database.db), "LoginAttempt", ["id", "email", "ip", "succeeded", "createdAt"], [row]);
      const [read] = await driverSqlOf(database.db).$queryRaw<AttemptRow[]>`SELECT "id", "email", "succeeded", "createdAt" FROM "LoginAttempt" WHERE "createdAt" = ${row.createdAt}`;
      expect(rawDate(read.createdAt)).toEqual(row.createdAt);
      expect((await database.db.loginAttempt.findUniqueOrThrow({ where: { id: row.id } })).createdAt).toEqual(row.createdAt);
    } finally {
      process.env.TZ = zone;
    }
  });

  it("follows Prisma's connection: used first, and again after Prisma disconnected", async () => {
    const fresh = createDb(database.url);
    try {
      // Nothing asked of Prisma yet: the driver opens its connection.
      expect(await driverSqlOf(fresh).$queryRaw<unknown[]>`SELECT "id" FROM "LoginAttempt"`).toEqual([]);
      expect(await fresh.loginAttempt.count()).toBe(0);
      await fresh.$disconnect();
      await insertRows(driverSqlOf(fresh), "LoginAttempt", ["id", "email", "ip", "succeeded", "createdAt"], [attempt("reconnecte@exemple.fr")]);
      await fresh.$disconnect();
      expect(await driverSqlOf(fresh).transaction(async (tx) => tx.$queryRaw<Array<{ email: string }>>`SELECT "email" FROM "LoginAttempt"`)).toEqual([{ email: "reconnecte@exemple.fr" }]);
      expect(await fresh.loginAttempt.count()).toBe(1);
    } finally {
      await fresh.$disconnect();
    }
  });

  it("commits a transaction that returns and counts the rows a statement changed", async () => {
    const driver = driverSqlOf(database.db);
    const result = await driver.transaction(async (tx) => {
      await insertRows(tx, "LoginAttempt", ["id", "email", "ip", "succeeded", "createdAt"], [attempt("a@exemple.fr"), attempt("b@exemple.fr")]);
      return tx.$executeRaw`UPDATE "LoginAttempt" SET "ip" = ${"10.0.0.1"}`;
    });
    expect(result).toBe(2);
    expect(await database.db.loginAttempt.count({ where: { ip: "10.0.0.1" } })).toBe(2);
  });

  it("rolls back everything a transaction wrote when it throws, and stays usable afterwards", async () => {
    const driver = driverSqlOf(database.db);
    // More failed transactions than the pool has connections: each gives its connection back.
    for (let index = 0; index < 12; index++) {
      await expect(
        driver.transaction(async (tx) => {
          await insertRows(tx, "LoginAttempt", ["id", "email", "ip", "succeeded", "createdAt"], [attempt(`annule-${index}@exemple.fr`)]);
          await tx.$executeRaw`INSERT INTO "NoSuchTable" ("id") VALUES (${index})`;
        }),
      ).rejects.toThrow();
    }
    expect(await database.db.loginAttempt.count()).toBe(0);
    expect(await driver.transaction(async (tx) => tx.$queryRaw<unknown[]>`SELECT "id" FROM "LoginAttempt"`)).toEqual([]);
  });
});

// SQLite mode has one connection: the driver's transactions take the lock Prisma's take.
describe("the driver under Prisma on sqlite, one connection", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
  });

  afterAll(async () => {
    await database.dispose();
  });

  it("runs a transaction only while no Prisma statement or transaction runs", async () => {
    const events: string[] = [];
    const prismaTransaction = database.db.$transaction(async (tx) => {
      events.push("prisma: begins");
      await tx.loginAttempt.create({ data: attempt("prisma@exemple.fr") });
      await pause(50);
      events.push("prisma: commits");
    });
    await pause(10);
    const driverTransaction = driverSqlOf(database.db).transaction(async (tx) => {
      events.push("driver: begins");
      const [seen] = await tx.$queryRaw<Array<{ n: unknown }>>`SELECT COUNT(*) AS "n" FROM "LoginAttempt"`;
      events.push(`driver: sees ${Number(seen.n)}`);
      await insertRows(tx, "LoginAttempt", ["id", "email", "ip", "succeeded", "createdAt"], [attempt("driver@exemple.fr")]);
      await pause(50);
      throw new Error("rolled back");
    });
    await pause(10);
    // Asked while the driver's transaction is open: it must neither see its row nor run inside it.
    const counted = (async () => {
      await pause(60);
      const count = await database.db.loginAttempt.count();
      events.push(`prisma: counts ${count}`);
    })();
    await prismaTransaction;
    await expect(driverTransaction).rejects.toThrow("rolled back");
    await counted;
    expect(events).toEqual(["prisma: begins", "prisma: commits", "driver: begins", "driver: sees 1", "prisma: counts 1"]);
  });
});
