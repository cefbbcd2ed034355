-- CreateTable
CREATE TABLE "SpaceCatalogueVersion" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SpaceCatalogueVersion_pkey" PRIMARY KEY ("id")
);


-- Hand-written below (Prisma cannot express triggers): every statement that writes spaces, sites
-- or closures counts one change of the catalogue, so the availability search reloads the spaces
-- it keeps in memory, whoever wrote (app/models/occupancy-cache.server.ts,
-- docs/decisions/0019-occupancy-cache.md). These tables change when managers edit them, not on
-- bookings. The function body is an E'' string whose statements end with \073 (a semicolon):
-- the driver adapter that applies migrations splits the script at every semicolon character.
-- Left out of `npm run db:drift`.
INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1);

CREATE FUNCTION "SpaceCatalogue_count_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "SpaceCatalogueVersion" AS v ("id", "version") VALUES (1, 1)
  ON CONFLICT ("id") DO UPDATE SET "version" = v."version" + 1\073
  RETURN NULL\073
END ';

CREATE TRIGGER "Space_count_catalogue_changes" AFTER INSERT OR UPDATE OR DELETE ON "Space"
  FOR EACH STATEMENT EXECUTE FUNCTION "SpaceCatalogue_count_change"();
CREATE TRIGGER "Site_count_catalogue_changes" AFTER INSERT OR UPDATE OR DELETE ON "Site"
  FOR EACH STATEMENT EXECUTE FUNCTION "SpaceCatalogue_count_change"();
CREATE TRIGGER "Closure_count_catalogue_changes" AFTER INSERT OR UPDATE OR DELETE ON "Closure"
  FOR EACH STATEMENT EXECUTE FUNCTION "SpaceCatalogue_count_change"();
