-- CreateTable
CREATE TABLE "SpaceOccupancyVersion" (
    "spaceId" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0
);


-- Hand-written below (Prisma cannot express triggers): each occurrence inserted, deleted or
-- changed in what a search reads counts one change for its space, so the availability search's
-- occupancy cache knows which spaces to reload, whoever wrote (app/models/occupancy-cache.server.ts,
-- docs/decisions/0019-occupancy-cache.md). Same counts as PostgreSQL's statement triggers, row by row.
CREATE TRIGGER "Occurrence_count_inserts" AFTER INSERT ON "Occurrence" BEGIN
  INSERT INTO "SpaceOccupancyVersion" ("spaceId", "version") VALUES (NEW."spaceId", 1)
    ON CONFLICT ("spaceId") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Occurrence_count_deletes" AFTER DELETE ON "Occurrence" BEGIN
  INSERT INTO "SpaceOccupancyVersion" ("spaceId", "version") VALUES (OLD."spaceId", 1)
    ON CONFLICT ("spaceId") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Occurrence_count_updates" AFTER UPDATE OF "spaceId", "startsAt", "endsAt", "seats", "status" ON "Occurrence"
  WHEN OLD."spaceId" IS NOT NEW."spaceId" OR OLD."startsAt" IS NOT NEW."startsAt" OR OLD."endsAt" IS NOT NEW."endsAt"
    OR OLD."seats" IS NOT NEW."seats" OR OLD."status" IS NOT NEW."status"
BEGIN
  INSERT INTO "SpaceOccupancyVersion" ("spaceId", "version") VALUES (OLD."spaceId", 1)
    ON CONFLICT ("spaceId") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "SpaceOccupancyVersion" ("spaceId", "version") VALUES (NEW."spaceId", 1)
    ON CONFLICT ("spaceId") DO UPDATE SET "version" = "version" + 1;
END;

-- A space that becomes a desk pool (or a room) is read differently: its bookings are reloaded.
CREATE TRIGGER "Space_count_kind_changes" AFTER UPDATE OF "kind" ON "Space" WHEN OLD."kind" IS NOT NEW."kind" BEGIN
  INSERT INTO "SpaceOccupancyVersion" ("spaceId", "version") VALUES (NEW."id", 1)
    ON CONFLICT ("spaceId") DO UPDATE SET "version" = "version" + 1;
END;

-- The spaces that exist now: a space without a count never had an occurrence.
INSERT INTO "SpaceOccupancyVersion" ("spaceId", "version") SELECT "id", 1 FROM "Space";
