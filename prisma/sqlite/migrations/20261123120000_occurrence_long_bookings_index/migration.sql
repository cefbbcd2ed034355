-- Hand-written (Prisma cannot express a partial index on an expression): the active bookings
-- longer than a day, so a search reads each space's bookings around each date from one day
-- before it (the (spaceId, startsAt, …) index) and only these from the longest booking, 14 days,
-- before (app/models/availability.server.ts, docs/benchmarks.md). PostgreSQL reads a network by
-- time instead (GiST, 20261123060000_occurrence_time_range_index). Left out of
-- `npm run db:drift`'s comparison with the schema.
CREATE INDEX "Occurrence_active_long_idx" ON "Occurrence"("spaceId", "startsAt", "endsAt")
  WHERE "status" IN ('PENDING', 'CONFIRMED') AND julianday("endsAt") - julianday("startsAt") > 1;
