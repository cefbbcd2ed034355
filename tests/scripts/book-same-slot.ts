// A separate app process for the multi-process test: DATABASE_URL, SPACE_ID, ORGANIZATION_ID,
// ATTEMPTS, START, END come from the environment; prints {"succeeded": n} on stdout.
import { createDb } from "~/db.server";
import { createBooking } from "~/models/booking.server";

const db = createDb(process.env.DATABASE_URL);
const attempts = Number(process.env.ATTEMPTS ?? 25);
const results = await Promise.all(
  Array.from({ length: attempts }, () =>
    createBooking(db, {
      spaceId: process.env.SPACE_ID!,
      organizationId: process.env.ORGANIZATION_ID!,
      createdById: null,
      title: `Processus ${process.pid}`,
      request: { localStart: process.env.START!, localEnd: process.env.END!, rrule: null, seats: 1 },
      skip: "NONE",
      now: new Date("2027-03-01T08:00:00Z"),
    }),
  ),
);
console.log(JSON.stringify({ succeeded: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length }));
await db.$disconnect();
