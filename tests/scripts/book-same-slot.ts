// A separate app process for the multi-process test: DATABASE_URL, SPACE_ID, ORGANIZATION_ID,
// ATTEMPTS, START, END come from the environment; prints {"succeeded": n, "refused": n}.
// Attempts go in waves of CONCURRENCY (default 50) so a loaded machine does not turn queueing
// for a pooled connection into timeouts: the contention that matters is between the processes.
import { createDb } from "~/db.server";
import { createBooking } from "~/models/booking.server";

const db = createDb(process.env.DATABASE_URL);
const attempts = Number(process.env.ATTEMPTS ?? 25);
const concurrency = Number(process.env.CONCURRENCY ?? 50);
const attempt = () =>
  createBooking(db, {
    spaceId: process.env.SPACE_ID!,
    organizationId: process.env.ORGANIZATION_ID!,
    createdById: null,
    title: `Processus ${process.pid}`,
    request: { localStart: process.env.START!, localEnd: process.env.END!, rrule: null, seats: 1 },
    skip: "NONE",
    now: new Date("2027-03-01T08:00:00Z"),
  });
let succeeded = 0;
let refused = 0;
for (let done = 0; done < attempts; done += concurrency) {
  const wave = await Promise.all(Array.from({ length: Math.min(concurrency, attempts - done) }, attempt));
  succeeded += wave.filter((result) => result.ok).length;
  refused += wave.filter((result) => !result.ok).length;
}
console.log(JSON.stringify({ succeeded, refused }));
await db.$disconnect();
