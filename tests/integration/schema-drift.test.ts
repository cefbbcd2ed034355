// `npm run db:drift` guards the one-source-of-truth rule: both provider schemas come from
// prisma/models.prisma and both migration histories build exactly those schemas.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function checkDrift(prismaDir: string, { withPostgres = false } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, PRISMA_DIR: prismaDir };
  if (!withPostgres) delete env.TEST_POSTGRES_URL;
  try {
    const { stdout } = await run(process.execPath, ["scripts/db.mjs", "check-drift"], { env });
    return { ok: true, output: stdout };
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { ok: false, output: `${stdout}\n${stderr}` };
  }
}

/** A scratch copy of prisma/ inside the repository (so its config files resolve our node_modules). */
function copyOfPrismaDir(name: string): string {
  const dir = path.resolve(".cache", `drift-${process.pid}-${name}`, "prisma");
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  fs.cpSync("prisma", dir, { recursive: true });
  return dir;
}

async function regenerateSchemas(prismaDir: string) {
  await run(process.execPath, ["scripts/db.mjs", "schemas"], { env: { ...process.env, PRISMA_DIR: prismaDir } });
}

function addFieldToModels(prismaDir: string) {
  const models = path.join(prismaDir, "models.prisma");
  fs.writeFileSync(models, fs.readFileSync(models, "utf8").replace("  essVerified Boolean", "  website     String?\n  essVerified Boolean"));
}

afterAll(() => {
  for (const entry of fs.readdirSync(".cache")) {
    if (entry.startsWith(`drift-${process.pid}-`)) fs.rmSync(path.join(".cache", entry), { recursive: true, force: true });
  }
});

describe("schema drift check", () => {
  it("passes on the committed schemas and migrations (both providers when PostgreSQL is available)", async () => {
    const result = await checkDrift(path.resolve("prisma"), { withPostgres: true });
    expect(result.output).toContain("No drift");
    expect(result.ok).toBe(true);
  }, 120_000);

  it("fails when one provider's schema is edited by hand", async () => {
    const dir = copyOfPrismaDir("hand-edit");
    const schema = path.join(dir, "postgres", "schema.prisma");
    fs.writeFileSync(schema, fs.readFileSync(schema, "utf8").replace("  essVerified Boolean", "  website     String?\n  essVerified Boolean"));
    const result = await checkDrift(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("prisma/postgres/schema.prisma differs from prisma/models.prisma");
  }, 120_000);

  it("fails when a model change gets a migration for one provider only", async () => {
    const dir = copyOfPrismaDir("one-provider");
    addFieldToModels(dir);
    await regenerateSchemas(dir);
    const migration = path.join(dir, "sqlite", "migrations", "29990101000000_add_website");
    fs.mkdirSync(migration);
    fs.writeFileSync(path.join(migration, "migration.sql"), 'ALTER TABLE "Organization" ADD COLUMN "website" TEXT;\n');
    const result = await checkDrift(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("the two migration histories differ");
    expect(result.output).toContain("29990101000000_add_website");
  }, 120_000);

  it("fails when a model change has no migration at all", async () => {
    const dir = copyOfPrismaDir("no-migration");
    addFieldToModels(dir);
    await regenerateSchemas(dir);
    const result = await checkDrift(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("replaying prisma/sqlite/migrations does not give prisma/sqlite/schema.prisma");
    expect(result.output).toContain('"website" TEXT');
  }, 120_000);
});
