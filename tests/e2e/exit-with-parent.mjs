// Preloaded (node --import) into the server that tests/e2e/global-setup.ts starts, which gives
// it an IPC channel: if the test runner dies without its teardown (Ctrl-C, CI timeout, kill -9),
// the channel closes, and the server removes its temporary folder and exits instead of living on.
import fs from "node:fs";

process.once("disconnect", () => {
  const folder = process.env.E2E_TEMP_DIR;
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
  process.exit(0);
});
