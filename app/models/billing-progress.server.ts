// Progress of billing runs started from the web page, kept in this process's memory so a
// resource route can report it while the run's POST is still working. One app process per
// deployment on SQLite; on several PostgreSQL instances the poll may reach another instance and
// then shows nothing until the page itself shows the results (the run does not depend on it).
import type { BillingProgress } from "./billing.server";

type RunProgress = { scicId: string; events: BillingProgress[]; done: boolean; updatedAt: number };

const runs = new Map<string, RunProgress>();
const KEEP_MS = 30 * 60_000;

function prune(now: number) {
  for (const [id, run] of runs) if (now - run.updatedAt > KEEP_MS) runs.delete(id);
}

export function startRunProgress(runId: string, scicId: string) {
  prune(Date.now());
  runs.set(runId, { scicId, events: [], done: false, updatedAt: Date.now() });
}

export function reportRunProgress(runId: string, event: BillingProgress) {
  const run = runs.get(runId);
  if (!run) return;
  run.events.push(event);
  run.updatedAt = Date.now();
}

export function finishRunProgress(runId: string) {
  const run = runs.get(runId);
  if (run) run.done = true;
}

/** The run's events, only to managers of the SCIC that started it. */
export function readRunProgress(runId: string, scicId: string): { events: BillingProgress[]; done: boolean } | null {
  const run = runs.get(runId);
  return run && run.scicId === scicId ? { events: run.events, done: run.done } : null;
}
