-- DropIndex
DROP INDEX "Occurrence_spaceId_startsAt_idx";

-- CreateIndex
CREATE INDEX "BookingSeries_status_spaceId_idx" ON "BookingSeries"("status", "spaceId");

-- CreateIndex
CREATE INDEX "Occurrence_spaceId_startsAt_endsAt_status_idx" ON "Occurrence"("spaceId", "startsAt", "endsAt", "status");

