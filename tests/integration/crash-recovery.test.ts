// Crash test: an app process creating series and running billing runs and credit notes
// (tests/helpers/crash-worker.ts, through the same model functions as the routes) is killed
// with SIGKILL mid-flight, 5 times, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL: in odd
// rounds from outside at a random moment, in even rounds by itself right after a random write
// of a billing transaction (before its commit). After each kill the real `npm run db:check`
// must exit 0 while the app restarts on the same database (it connects, then waits for "go",
// so nothing writes during the check): every write is one transaction, so a crash leaves no
// half-written series, no invoice without its lines, and no number consumed without its
// document. The delays are random but seeded (the seed is printed; CRASH_SEED reuses it), and
// the test fails if no series or invoice was written, so it cannot pass vacuously.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import readline from "node:readline";
import { promisify } from "node:util";
import { createBooking } from "~/models/booking.server";
// The same seeded generator as the worker's and the benchmark's (mulberry32).
import { prng } from "../../bench/dataset";
import { billingFixtures, type BillingFixtures } from "../helpers/billing-fixtures";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

const run = promisify(execFile);
const ROUNDS = 5;
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
/** Buyers besides the fixtures' two, so each month's billing run issues a dozen invoices. */
const EXTRA_ORGANIZATIONS = 10;
const BOOKED_ON = new Date("2027-02-01T08:00:00Z");
/** How long a worker may take to start or to write its first series and invoice (a loaded machine). */
const WORK_TIMEOUT_MS = 60_000;
const SPACES = (f: BillingFixtures) => [f.roomId, f.bufferedRoomId, f.poolId];


type Tally = { series: number; invoices: number; credits: number; billingRunOpen: boolean; diedInBillingTransaction: boolean };

describe.each(providers)("crash recovery on %s", (provider) => {
  let database: TestDatabase;
  let f: BillingFixtures;
  let organizationIds: string[];

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    f = await billingFixtures(database.db);
    // Only what the models write, so db:check passes before the first crash (the fixtures' and
    // the demo seed's bookings are written row by row; see db-check.test.ts).
    await database.db.bookingSeries.deleteMany({});
    const template = await database.db.organization.findUniqueOrThrow({ where: { id: f.otherStructureId } });
    organizationIds = [f.structureId, f.otherStructureId];
    for (let index = 0; index < EXTRA_ORGANIZATIONS; index++) {
      const organization = await database.db.organization.create({
        data: {
          slug: `panne-${index}`,
          name: `Association de la panne n° ${index}`,
          kind: "STRUCTURE",
          legalForm: "Association loi 1901",
          siret: `8000000000${String(index).padStart(4, "0")}`,
          address: template.address,
          postalCode: template.postalCode,
          city: template.city,
        },
      });
      organizationIds.push(organization.id);
    }
    // A weekly hour for every buyer from March 2027 to January 2028 (each its own weekday and
    // hour, so none conflict), so each month's billing run has invoices to issue from the start;
    // the worker books more as it runs.
    for (const [index, organizationId] of organizationIds.entries()) {
      const day = `2027-03-0${1 + (index % 7)}`;
      const hour = 8 + 2 * Math.floor(index / 7);
      const result = await createBooking(database.db, {
        spaceId: SPACES(f)[index % 3],
        organizationId,
        createdById: null,
        title: "Permanence",
        request: { localStart: `${day}T${String(hour).padStart(2, "0")}:00`, localEnd: `${day}T${String(hour + 1).padStart(2, "0")}:00`, rrule: "FREQ=WEEKLY;COUNT=47", seats: 1 },
        skip: "NONE",
        now: BOOKED_ON,
      });
      expect(result.ok).toBe(true);
    }
  }, 180_000);

  /** Workers not yet seen to exit: killed when the test ends, even when it fails. */
  const running = new Set<ChildProcess>();

  afterAll(async () => {
    for (const child of running) child.kill("SIGKILL");
    await database.dispose();
  });

  type Worker = {
    child: ChildProcess;
    tally: Tally;
    closed: Promise<[number | null, NodeJS.Signals | null]>;
    /** Lets it write; resolves once it has written a series and an invoice. */
    go: () => Promise<void>;
    /** Lets it write until it kills itself inside a billing transaction (DIE_AT_BILLING_WRITE). */
    goUntilItDies: () => Promise<[number | null, NodeJS.Signals | null]>;
  };

  /** Starts the app process and resolves once it is loaded and connected, before it writes anything. */
  async function startWorker(round: number, seed: number, dieAtBillingWrite: number | null): Promise<Worker> {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/crash-worker.ts"], {
      env: {
        ...process.env,
        TZ: "UTC",
        DATABASE_URL: database.url,
        SCIC_ID: f.scicId,
        SPACE_IDS: SPACES(f).join(","),
        ORGANIZATION_IDS: organizationIds.join(","),
        SEED: String(seed),
        // Its own months to bill, after the earlier processes' (see MONTHS_PER_PROCESS in the worker).
        FIRST_MONTH: String(2 * (round - 1)),
        DIE_AT_BILLING_WRITE: String(dieAtBillingWrite ?? 0),
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    running.add(child);
    child.once("exit", () => running.delete(child));
    const tally: Tally = { series: 0, invoices: 0, credits: 0, billingRunOpen: false, diedInBillingTransaction: false };
    const stderr: string[] = [];
    readline.createInterface({ input: child.stderr! }).on("line", (line) => stderr.push(line));
    const closed = once(child, "close") as Promise<[number | null, NodeJS.Signals | null]>;
    const stoppedOnItsOwn = closed.then(([code, signal]) => {
      throw new Error(`the worker stopped on its own (code ${code}, signal ${signal}):\n${stderr.join("\n")}`);
    });
    stoppedOnItsOwn.catch(() => undefined);
    let ready!: () => void;
    let worked!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const hasWorked = new Promise<void>((resolve) => (worked = resolve));
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const [kind] = line.split(" ");
      if (kind === "ready") ready();
      else if (kind === "series") tally.series += 1;
      else if (kind === "invoice") tally.invoices += 1;
      else if (kind === "credit") tally.credits += 1;
      else if (kind === "run") tally.billingRunOpen = true;
      else if (kind === "done") tally.billingRunOpen = false;
      else if (kind === "dying") tally.diedInBillingTransaction = true;
      if (tally.series > 0 && tally.invoices > 0) worked();
    });
    const tooLong = (what: string) =>
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the worker wrote no ${what} within ${WORK_TIMEOUT_MS} ms:\n${stderr.join("\n")}`)), WORK_TIMEOUT_MS).unref());
    await Promise.race([isReady, stoppedOnItsOwn, tooLong("ready line")]);
    return {
      child,
      tally,
      closed,
      go: () => {
        child.stdin!.write("go\n");
        return Promise.race([hasWorked, stoppedOnItsOwn, tooLong("series and invoice")]);
      },
      goUntilItDies: () => {
        child.stdin!.write("go\n");
        return Promise.race([closed, tooLong("billing write to die after")]);
      },
    };
  }

  function dbCheck() {
    return run("npm", ["run", "--silent", "db:check"], { env: { ...process.env, DATABASE_URL: database.url } }).then(
      ({ stdout }) => ({ exitCode: 0, stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ exitCode: error.code, stdout: `${error.stdout}\n${error.stderr}` }),
    );
  }

  it(`survives ${ROUNDS} SIGKILLs during bookings and billing runs, db:check passing after each (seed ${SEED})`, async () => {
    const random = prng(SEED + (provider === "postgres" ? 1 : 0));
    const total = { series: 0, invoices: 0, credits: 0 };
    let survived = 0;
    let killedDuringBillingRun = 0;
    /**
     * Odd rounds: killed from outside at a random moment. Even rounds: killed from inside, right
     * after the k-th write of a billing transaction (a run writes its sequence, invoices, lines
     * and audit events, a credit note the same, in one transaction each).
     */
    const plan = (round: number) => (round % 2 === 0 ? 1 + Math.floor(random() * 8) : null);
    let nextPlan = plan(1);
    let worker: Worker | null = await startWorker(1, Math.floor(random() * 2 ** 31), nextPlan);
    for (let round = 1; round <= ROUNDS; round++) {
      const current: Worker = worker!;
      const dieAtBillingWrite = nextPlan;
      if (dieAtBillingWrite === null) {
        // Once it has booked and billed, let it run a random while longer, then kill it wherever it is.
        await current.go();
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 1_500)));
        expect(current.child.kill("SIGKILL")).toBe(true);
        const [, signal] = await current.closed;
        expect(signal).toBe("SIGKILL");
      } else {
        // Whatever the transaction had written (a number taken, invoices, lines) must be gone:
        // exactly the documents it reported as committed before are there.
        const before = await database.db.invoice.count();
        const [, signal] = await current.goUntilItDies();
        expect(signal).toBe("SIGKILL");
        expect(current.tally.diedInBillingTransaction).toBe(true);
        expect(await database.db.invoice.count()).toBe(before + current.tally.invoices + current.tally.credits);
      }
      total.series += current.tally.series;
      total.invoices += current.tally.invoices;
      total.credits += current.tally.credits;
      if (current.tally.billingRunOpen) killedDuringBillingRun += 1;

      // Check the crashed database with `npm run db:check` while the app restarts on it (it
      // connects, then waits for "go": nothing writes during the check).
      nextPlan = plan(round + 1);
      const [check, next] = await Promise.all([dbCheck(), round < ROUNDS ? startWorker(round + 1, Math.floor(random() * 2 ** 31), nextPlan) : null]);
      worker = next;
      if (check.exitCode !== 0) {
        worker?.child.kill("SIGKILL");
        throw new Error(`db:check failed after round ${round} (seed ${SEED}):\n${check.stdout}`);
      }
      expect(check.stdout).toContain("Aucune anomalie");
      survived += 1;
    }
    console.log(
      `crash test: ${survived} rounds survived on ${provider} (seed ${SEED}; ${Math.ceil(ROUNDS / 2)} kills at random moments, ` +
        `${Math.floor(ROUNDS / 2)} inside a billing transaction, ${killedDuringBillingRun} of the ${ROUNDS} during a billing run; ` +
        `${total.series} series, ${total.invoices} invoices and ${total.credits} credit notes committed by the killed processes)`,
    );

    // Work did happen, and what the killed processes reported as committed is there (a kill
    // between a commit and its report line can leave more rows than reported, never fewer).
    // Each round killed from outside had booked and billed first.
    expect(total.series).toBeGreaterThanOrEqual(Math.ceil(ROUNDS / 2));
    expect(total.invoices).toBeGreaterThanOrEqual(Math.ceil(ROUNDS / 2));
    expect(await database.db.bookingSeries.count({ where: { title: "Test de panne" } })).toBeGreaterThanOrEqual(total.series);
    expect(await database.db.invoice.count({ where: { scicId: f.scicId, kind: "INVOICE" } })).toBeGreaterThanOrEqual(total.invoices);
    expect(await database.db.invoice.count({ where: { scicId: f.scicId, kind: "CREDIT_NOTE" } })).toBeGreaterThanOrEqual(total.credits);
    expect(survived).toBe(ROUNDS);
  }, 240_000);
});
