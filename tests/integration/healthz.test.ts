import { createDb } from "~/db.server";

// The route uses the app's singleton client; import it fresh for each database setting.
async function healthzWith(databaseUrl: string) {
  vi.resetModules();
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  (globalThis as { __db?: unknown }).__db = undefined;
  try {
    const { loader } = await import("~/routes/healthz");
    return await loader();
  } finally {
    process.env.DATABASE_URL = previous;
    (globalThis as { __db?: unknown }).__db = undefined;
  }
}

describe("GET /healthz", () => {
  it("answers 200 when the database is reachable", async () => {
    const response = await healthzWith(process.env.DATABASE_URL!);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("answers 503 when the database is not", async () => {
    const response = await healthzWith("postgresql://nobody@127.0.0.1:9/nowhere?connect_timeout=2");
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", database: "unreachable" });
  });

  it("keeps working for the SQLite client the app created", async () => {
    const db = createDb(process.env.DATABASE_URL!);
    expect(await db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1n }]);
    await db.$disconnect();
  });
});
