// The app process of the crash test (tests/integration/crash-recovery.test.ts), killed with
// SIGKILL at a random moment: it does what the app does under load, through the same model
// functions the routes and `npm run billing` call, and never stops on its own.
//   - CLIENTS loops create one-off and weekly series with createBooking (dates skipped on a
//     conflict, as the "book the free dates" choice does);
//   - one loop runs the monthly billing runs (runMonthlyBilling) of its own MONTHS_PER_PROCESS
//     months, from FIRST_MONTH on, and after each run issues a credit note for a random invoice
//     (issueCreditNote), so invoices and credit notes take numbers from the same sequence while
//     bookings are written; its months billed, it goes on issuing credit notes only. Each
//     process bills months no earlier process billed: a month billed twice issues nothing, and
//     the test waits for an invoice from every process it kills from outside.
// With DIE_AT_BILLING_WRITE=k it SIGKILLs itself right after the k-th write of the billing run
// or credit note (the sequence moved, invoices or lines inserted…), inside the issuing
// transaction, before its commit: the crash numbering must survive without a gap.
// Run with `node --import tsx` (one process: a SIGKILL leaves nothing behind). Environment:
// DATABASE_URL, SCIC_ID, SPACE_IDS and ORGANIZATION_IDS (comma-separated), SEED, CLIENTS,
// FIRST_MONTH (index in MONTHS of this process's first month to bill).
// Prints "ready" once connected, starts on a line on stdin, then prints one line per write:
// "series <id>", "invoice <number>", "credit <number>", and "run <month>" / "done <month>"
// around each billing run.
import { createDb, type Db } from "~/db.server";
import { issueCreditNote, runMonthlyBilling } from "~/models/billing.server";
import { createBooking } from "~/models/booking.server";
// mulberry32, seeded: a failing round can be replayed with its SEED.
import { prng } from "../../bench/dataset";

const db = createDb(process.env.DATABASE_URL);
const dieAtBillingWrite = Number(process.env.DIE_AT_BILLING_WRITE ?? 0);
/** Operations that write (the billing model's raw statements are the sequence upsert and multi-row INSERTs). */
const WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "upsert", "delete", "deleteMany", "$executeRaw", "$executeRawUnsafe", "$queryRaw", "$queryRawUnsafe"]);
let billingWrites = 0;
/**
 * The client billing goes through: the same connection, with the self-kill hook when asked for.
 * Every billing write runs inside the transaction that issues documents (sequence, invoices,
 * lines, audit), so dying right after one is dying inside that transaction, before its commit.
 */
const billingDb =
  dieAtBillingWrite > 0
    ? (db.$extends({
        query: {
          async $allOperations({ operation, args, query }) {
            const result = await query(args);
            if (WRITES.has(operation) && ++billingWrites === dieAtBillingWrite) {
              say(`dying after billing write ${billingWrites} (${operation})`);
              process.kill(process.pid, "SIGKILL");
            }
            return result;
          },
        },
      }) as unknown as Db)
    : db;
const scicId = process.env.SCIC_ID!;
const spaceIds = process.env.SPACE_IDS!.split(",");
const organizationIds = process.env.ORGANIZATION_IDS!.split(",");
const clients = Number(process.env.CLIENTS ?? 3);

const random = prng(Number(process.env.SEED ?? 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const pad = (n: number) => String(n).padStart(2, "0");

/** Bookings are made "on" 1 February 2027 (the spaces' one-year horizon then ends on 1 February 2028). */
const BOOKED_ON = new Date("2027-02-01T08:00:00Z");
/** The months booked and billed: March 2027 to January 2028, every one within the horizon. */
const MONTHS = ["2027-03", "2027-04", "2027-05", "2027-06", "2027-07", "2027-08", "2027-09", "2027-10", "2027-11", "2027-12", "2028-01"];
const MONTHS_PER_PROCESS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * On SQLite every query settles without I/O, so the loops alone would run on microtasks for
 * ever and never let a timer or stdin's "end" through: each pass yields to the event loop.
 */
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

function say(line: string) {
  process.stdout.write(`${line}\n`);
}

function complain(error: unknown) {
  process.stderr.write(`worker error: ${error instanceof Error ? error.message : String(error)}\n`);
}

async function bookingClient() {
  for (;;) {
    await yieldToEventLoop();
    const month = pick(MONTHS);
    const day = 1 + Math.floor(random() * 28);
    const hour = 8 + Math.floor(random() * 9);
    const hours = 1 + Math.floor(random() * 3);
    const weekly = random() < 0.5;
    try {
      const result = await createBooking(db, {
        spaceId: pick(spaceIds),
        organizationId: pick(organizationIds),
        createdById: null,
        title: "Test de panne",
        request: {
          localStart: `${month}-${pad(day)}T${pad(hour)}:00`,
          localEnd: `${month}-${pad(day)}T${pad(hour + hours)}:00`,
          rrule: weekly ? `FREQ=WEEKLY;COUNT=${2 + Math.floor(random() * 7)}` : null,
          seats: 1,
        },
        skip: "ALL",
        now: BOOKED_ON,
      });
      if (result.ok) say(`series ${result.seriesId}`);
    } catch (error) {
      complain(error);
    }
  }
}

async function billingLoop() {
  const firstMonth = Number(process.env.FIRST_MONTH ?? 0);
  /** Credit notes are dated like the last run's invoices, so documents are issued in date order. */
  let issuedOn = new Date(Date.UTC(2027, 3, 2, 9));
  for (let pass = 0; ; pass++) {
    await yieldToEventLoop();
    try {
      if (pass < MONTHS_PER_PROCESS) {
        const month = MONTHS[firstMonth + pass];
        if (month === undefined) {
          complain(new Error(`no month left to bill after ${MONTHS[MONTHS.length - 1]} (FIRST_MONTH ${firstMonth})`));
          process.exit(4);
        }
        const [year, monthNumber] = month.split("-").map(Number);
        // Issued on the 2nd of the next month.
        issuedOn = new Date(Date.UTC(year, monthNumber, 2, 9));
        say(`run ${month}`);
        const summary = await runMonthlyBilling(billingDb, { scicId, month, now: issuedOn, onProgress: (event) => event.kind === "created" && say(`invoice ${event.number}`) });
        say(`done ${month}`);
        if (summary.created.length === 0 && summary.failed.length > 0) complain(new Error(summary.failed[0].errors.join(" ")));
      } else {
        // Its months are billed: credit notes only, at a calmer pace.
        await sleep(100);
      }
      const invoices = await db.invoice.findMany({ where: { scicId, kind: "INVOICE" }, select: { id: true } });
      if (invoices.length > 0) {
        const credit = await issueCreditNote(billingDb, { scicId, invoiceId: pick(invoices).id, reason: "Test de panne", now: issuedOn });
        if (credit.ok) say(`credit ${credit.number}`);
      }
    } catch (error) {
      complain(error);
    }
  }
}

// The test kills this process; should the test runner itself die (stdin closes), or forget
// it, do not run on for ever.
process.stdin.on("end", () => process.exit(0));
setTimeout(() => process.exit(3), Number(process.env.LIFETIME_MS ?? 120_000)).unref();
await db.organization.findUniqueOrThrow({ where: { id: scicId }, select: { id: true } });
// Loaded and connected: wait for "go" on stdin, so the test can check the crashed database
// with nothing writing while this process starts.
say("ready");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
await Promise.all([...Array.from({ length: clients }, bookingClient), billingLoop()]);
