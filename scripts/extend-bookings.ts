// `npm run bookings:extend`: books the next occurrences of recurring bookings as the booking
// horizon moves. Idempotent; run it daily (cron, systemd timer…). See docs/decisions/0005.
import { createDb } from "~/db.server";
import { extendMaterialisation } from "~/models/booking.server";

const db = createDb();
try {
  const totals = await extendMaterialisation(db, { now: new Date() });
  console.log(
    `Réservations récurrentes prolongées : ${totals.series} série(s), ${totals.booked} date(s) réservée(s), ${totals.skipped} date(s) indisponible(s) (organisations notifiées).`,
  );
} finally {
  await db.$disconnect();
}
