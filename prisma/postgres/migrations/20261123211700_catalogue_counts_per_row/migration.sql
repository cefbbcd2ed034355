-- Hand-written (Prisma cannot express triggers). The catalogue's triggers of migration
-- 20261123173851 ran once per statement, and PostgreSQL runs a statement trigger even when the
-- statement writes no row: an update or delete that matched nothing (a refused deletion of a
-- site) counted a change, and every search then read the whole catalogue again. Counted per
-- row now, as on SQLite: only rows really written count (spaces, sites and closures are written
-- by managers, a few rows at a time). Left out of `npm run db:drift`.
DROP TRIGGER "Space_count_catalogue_changes" ON "Space";
DROP TRIGGER "Site_count_catalogue_changes" ON "Site";
DROP TRIGGER "Closure_count_catalogue_changes" ON "Closure";

CREATE TRIGGER "Space_count_catalogue_changes" AFTER INSERT OR UPDATE OR DELETE ON "Space"
  FOR EACH ROW EXECUTE FUNCTION "SpaceCatalogue_count_change"();
CREATE TRIGGER "Site_count_catalogue_changes" AFTER INSERT OR UPDATE OR DELETE ON "Site"
  FOR EACH ROW EXECUTE FUNCTION "SpaceCatalogue_count_change"();
CREATE TRIGGER "Closure_count_catalogue_changes" AFTER INSERT OR UPDATE OR DELETE ON "Closure"
  FOR EACH ROW EXECUTE FUNCTION "SpaceCatalogue_count_change"();
