-- CreateTable
CREATE TABLE "SpaceCatalogueVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0
);


-- Hand-written below (Prisma cannot express triggers): every row written in spaces, sites or
-- closures counts one change of the catalogue, so the availability search reloads the spaces it
-- keeps in memory, whoever wrote (app/models/occupancy-cache.server.ts,
-- docs/decisions/0019-occupancy-cache.md). These tables change when managers edit them, not on
-- bookings.
INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1);

CREATE TRIGGER "Space_count_catalogue_inserts" AFTER INSERT ON "Space" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "Space_count_catalogue_updates" AFTER UPDATE ON "Space" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "Space_count_catalogue_deletes" AFTER DELETE ON "Space" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "Site_count_catalogue_inserts" AFTER INSERT ON "Site" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "Site_count_catalogue_updates" AFTER UPDATE ON "Site" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "Site_count_catalogue_deletes" AFTER DELETE ON "Site" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "Closure_count_catalogue_inserts" AFTER INSERT ON "Closure" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "Closure_count_catalogue_updates" AFTER UPDATE ON "Closure" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "Closure_count_catalogue_deletes" AFTER DELETE ON "Closure" BEGIN
  INSERT INTO "SpaceCatalogueVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "version" + 1;
END;
