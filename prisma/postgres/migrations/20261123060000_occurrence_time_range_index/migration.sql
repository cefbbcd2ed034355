-- Hand-written (Prisma cannot express an index on an expression): the active occurrences by
-- their time range, so the availability search over a whole network reads the bookings at the
-- dates asked across all spaces, instead of each space's B-tree range (which starts 14 days,
-- the longest booking, before each date). See app/models/availability.server.ts and
-- docs/benchmarks.md. Left out of `npm run db:drift`'s comparison with the schema.
CREATE INDEX "Occurrence_active_during_idx" ON "Occurrence" USING gist (tsrange("startsAt", "endsAt", '[)'))
  WHERE "status" IN ('PENDING', 'CONFIRMED');
