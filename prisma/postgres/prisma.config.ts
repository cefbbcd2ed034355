// Prisma CLI configuration for PostgreSQL (production, several app instances).
// The CLI uses the 7.x pg adapter (aliased as @prisma/adapter-pg-cli): with 6.19's,
// `migrate deploy` fails on PostgreSQL 15 ("Column type 'name' could not be deserialized").
// The app's runtime client keeps @prisma/adapter-pg 6.19. Run through scripts/db.mjs.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg-cli";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
