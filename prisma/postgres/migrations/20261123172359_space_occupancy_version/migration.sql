-- CreateTable
CREATE TABLE "SpaceOccupancyVersion" (
    "spaceId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SpaceOccupancyVersion_pkey" PRIMARY KEY ("spaceId")
);


-- Hand-written below (Prisma cannot express triggers): each statement that inserts, deletes or
-- moves active-relevant columns of occurrences counts one change per space it touched, so the
-- availability search's occupancy cache knows which spaces to reload, whoever wrote
-- (app/models/occupancy-cache.server.ts, docs/decisions/0019-occupancy-cache.md). Statement
-- triggers: a series of 78 dates is one count, not 78. Spaces in id order, so two statements
-- touching the same spaces lock their counts in the same order. Left out of `npm run db:drift`.
-- The function bodies are E'' strings whose statements end with \073 (a semicolon): the
-- driver adapter that applies migrations splits the script at every semicolon character,
-- dollar quotes included.
CREATE FUNCTION "Occurrence_count_inserted_or_deleted"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "SpaceOccupancyVersion" AS v ("spaceId", "version")
  SELECT DISTINCT c."spaceId", 1 FROM "changed" c ORDER BY 1
  ON CONFLICT ("spaceId") DO UPDATE SET "version" = v."version" + 1\073
  RETURN NULL\073
END ';

CREATE TRIGGER "Occurrence_count_inserts" AFTER INSERT ON "Occurrence"
  REFERENCING NEW TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "Occurrence_count_inserted_or_deleted"();
CREATE TRIGGER "Occurrence_count_deletes" AFTER DELETE ON "Occurrence"
  REFERENCING OLD TABLE AS "changed" FOR EACH STATEMENT EXECUTE FUNCTION "Occurrence_count_inserted_or_deleted"();

-- Updates count only when what a search reads changed (not a sequence number or an invoice link).
CREATE FUNCTION "Occurrence_count_updated"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "SpaceOccupancyVersion" AS v ("spaceId", "version")
  SELECT DISTINCT x."spaceId", 1
  FROM "before" b JOIN "after" a ON a."id" = b."id"
  CROSS JOIN LATERAL (VALUES (b."spaceId"), (a."spaceId")) AS x("spaceId")
  WHERE (b."spaceId", b."startsAt", b."endsAt", b."seats", b."status")
    IS DISTINCT FROM (a."spaceId", a."startsAt", a."endsAt", a."seats", a."status")
  ORDER BY 1
  ON CONFLICT ("spaceId") DO UPDATE SET "version" = v."version" + 1\073
  RETURN NULL\073
END ';

CREATE TRIGGER "Occurrence_count_updates" AFTER UPDATE ON "Occurrence"
  REFERENCING OLD TABLE AS "before" NEW TABLE AS "after" FOR EACH STATEMENT EXECUTE FUNCTION "Occurrence_count_updated"();

-- A space that becomes a desk pool (or a room) is read differently: its bookings are reloaded.
CREATE FUNCTION "Space_count_kind_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "SpaceOccupancyVersion" AS v ("spaceId", "version") VALUES (NEW."id", 1)
  ON CONFLICT ("spaceId") DO UPDATE SET "version" = v."version" + 1\073
  RETURN NULL\073
END ';

CREATE TRIGGER "Space_count_kind_changes" AFTER UPDATE OF "kind" ON "Space"
  FOR EACH ROW WHEN (OLD."kind" IS DISTINCT FROM NEW."kind") EXECUTE FUNCTION "Space_count_kind_change"();

-- The spaces that exist now: a space without a count never had an occurrence.
INSERT INTO "SpaceOccupancyVersion" ("spaceId", "version") SELECT "id", 1 FROM "Space";
