// End-to-end tests: a production build of the app, served by scripts/server.mjs on a fresh
// seeded SQLite database (tests/e2e/global-setup.ts), driven by Debian's Chromium through
// playwright-core. `npm run test:e2e`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    globals: true,
    environment: "node",
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    // One server, one browser at a time: test files run one after the other in a single fork.
    pool: "forks",
    poolOptions: { forks: { minForks: 1, maxForks: 1 } },
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
