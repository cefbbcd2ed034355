// The availability search's occupancy cache (docs/decisions/0019-occupancy-cache.md): every
// space, and every space's active bookings, held in memory per process and per database client,
// so that a search over a whole network reads one small row of counts from the database (issue 7).
//
// Invalidation is the database's: triggers count each space's occurrence changes in
// "SpaceOccupancyVersion" (migration 20261123172359_space_occupancy_version), and changes of
// spaces, sites and closures in "SpaceCatalogueVersion" (20261123173851), whatever wrote them —
// this process, another app instance, a script. Before each search the counts are read (one
// small query), THEN what they say moved is reloaded: data read after its count is never older
// than it, so a change committed in between only makes the next search reload again. Before
// the counts, the database's data version (app/models/data-version.server.ts): when nothing was
// committed since the last counts that left the cache up to date, they are not read. A space
// without a count never had an occurrence (the migration counted the existing ones). SQLite needs
// nothing more: one process, its statements serialised (app/utils/sqlite-serialized.server.ts).
//
// A search never waits for a cold cache: while more than a few spaces are to be loaded, it is
// answered from the database (availability.server.ts) and the cache fills behind it.
import { Prisma as PrismaSql, providerOf, type Db } from "~/db.server";
import { buildOccupancy, type OccupancyRow, type SpaceOccupancy } from "~/domain/occupancy";
import { compareNames } from "~/domain/names";
import { commaJoinedSql, epochMsSql, jsonStringSql } from "~/utils/packed-sql.server";
import { readDataVersion } from "./data-version.server";
import { earliestOverlappingStart, loadSpacesForSearch, type SpaceForBooking } from "./space-planning.server";

const DAY_MS = 24 * 60 * 60_000;
/** How far back the cache keeps bookings: searches are about the coming weeks. */
const HISTORY_KEPT_MS = 31 * DAY_MS;
/** When the cache's floor is this old, it starts again (it would keep a growing past). */
const RESTART_AFTER_MS = 92 * DAY_MS;
/** Up to this many spaces are reloaded during a search; beyond, the cache fills behind it. */
const MAX_RELOADED_DURING_SEARCH = 100;
/** Spaces loaded per query when filling (bounds the text each query packs). */
const SPACES_PER_LOAD = 100;

type OccupancyCache = {
  /** Bookings ending before this instant are not kept; searches reaching before it read the database. */
  floorMs: number;
  /** Each loaded space's bookings: what a search reads (given to it, not copied). */
  occupancies: Map<string, SpaceOccupancy>;
  /** The count each space in `occupancies` was loaded at (the two maps hold the same spaces). */
  loadedAt: Map<string, number>;
  /**
   * The data version (data-version.server.ts) read before the last counts of every space that
   * left nothing to load: while the database's is still this one, nothing was committed since,
   * and a search need not read the counts (a thousand spaces' of them, issue 7).
   */
  currentAt: string | null;
  /** The same for single sites, brought up to date by a search on one of them at `version`. */
  sitesCurrentAt: { version: string; siteIds: Set<string> } | null;
  /**
   * Every space as the search reads it (by name, then site), with the count it was loaded at,
   * and the same per site: a search on one site goes through its spaces, not the network's.
   */
  catalogue: { version: number; spaces: readonly SpaceForBooking[]; bySite: ReadonlyMap<string, readonly SpaceForBooking[]> } | null;
  filling: Promise<void> | null;
  /** What the cache did, for tests and monitoring. */
  stats: OccupancyCacheStats;
};

export type OccupancyCacheStats = {
  /** Spaces whose bookings were read from the database. */
  spacesLoaded: number;
  /** Times every space was read again (a space, a site or a closure changed). */
  cataloguesLoaded: number;
  /** Searches the cache could not answer (filling, or reaching before its floor). */
  searchesNotAnswered: number;
  /** Times the spaces' counts were read (not when nothing was committed since the cache was last up to date). */
  countsRead: number;
};

const NO_STATS: OccupancyCacheStats = { spacesLoaded: 0, cataloguesLoaded: 0, searchesNotAnswered: 0, countsRead: 0 };

const caches = new WeakMap<Db, OccupancyCache>();

function cacheOf(db: Db, now: Date): OccupancyCache {
  let cache = caches.get(db);
  if (!cache || now.getTime() - cache.floorMs > RESTART_AFTER_MS) {
    cache = {
      floorMs: now.getTime() - HISTORY_KEPT_MS,
      occupancies: new Map(),
      loadedAt: new Map(),
      currentAt: null,
      sitesCurrentAt: null,
      catalogue: null,
      filling: null,
      stats: { ...NO_STATS },
    };
    caches.set(db, cache);
  }
  return cache;
}

/** Counts read before a search: of every space, or of one site's spaces only (`complete` false). */
type Versions = { catalogue: number; bySpace: Map<string, number>; complete: boolean };

/**
 * The catalogue's count and the spaces' occurrence counts ("id:count,…"), in one query: every
 * space's, or one site's (a search on one site costs what the site holds, not the network).
 */
async function readVersions(db: Db, cache: OccupancyCache, siteId: string | undefined): Promise<Versions> {
  cache.stats.countsRead++;
  const concatenated = commaJoinedSql(providerOf(db) === "postgres", PrismaSql.sql`v."spaceId" || ':' || v."version"`);
  const counted =
    siteId === undefined
      ? PrismaSql.sql`FROM "SpaceOccupancyVersion" v`
      : PrismaSql.sql`FROM "Space" s JOIN "SpaceOccupancyVersion" v ON v."spaceId" = s."id" WHERE s."siteId" = ${siteId}`;
  const [{ catalogue, text }] = await db.$queryRaw<Array<{ catalogue: number | bigint | null; text: string | null }>>`
    SELECT (SELECT c."version" FROM "SpaceCatalogueVersion" c WHERE c."id" = 1) AS "catalogue",
           (SELECT ${concatenated} ${counted}) AS "text"`;
  const bySpace = new Map<string, number>();
  for (const pair of text ? text.split(",") : []) {
    const colon = pair.lastIndexOf(":");
    bySpace.set(pair.slice(0, colon), Number(pair.slice(colon + 1)));
  }
  return { catalogue: Number(catalogue ?? 0), bySpace, complete: siteId === undefined };
}

/** Every space again, when the catalogue's count moved (after it was read, as the bookings). */
async function refreshCatalogue(db: Db, cache: OccupancyCache, version: number) {
  if (cache.catalogue?.version === version) return;
  // In name order (ties by site, as loaded): the order a search lists them in, which it then
  // checks rather than sorts (searchAvailability).
  const spaces = (await loadSpacesForSearch(db, {})).sort((a, b) => compareNames(a.name, b.name));
  cache.stats.cataloguesLoaded++;
  // A concurrent search may have kept a newer one meanwhile.
  if (cache.catalogue && cache.catalogue.version >= version) return;
  const bySite = new Map<string, SpaceForBooking[]>();
  for (const space of spaces) {
    const ofSite = bySite.get(space.siteId);
    if (ofSite) ofSite.push(space);
    else bySite.set(space.siteId, [space]);
  }
  cache.catalogue = { version, spaces, bySite };
}

/** The spaces counted whose cached bookings are missing or older than their count. */
function staleSpaces(cache: OccupancyCache, versions: Versions): string[] {
  // A count never goes away while its space exists: uncounted spaces are forgotten ones.
  if (versions.complete) {
    for (const spaceId of cache.loadedAt.keys()) {
      if (versions.bySpace.has(spaceId)) continue;
      cache.loadedAt.delete(spaceId);
      cache.occupancies.delete(spaceId);
    }
  }
  const stale: string[] = [];
  for (const [spaceId, version] of versions.bySpace) if (cache.loadedAt.get(spaceId) !== version) stale.push(spaceId);
  return stale;
}

/**
 * Loads the active bookings ending after the floor of some spaces, as of `versions` (read
 * before), packed by the database into one JSON text per query. A room's rows carry no id (0).
 */
async function load(db: Db, cache: OccupancyCache, spaceIds: readonly string[], versions: Versions) {
  const postgres = providerOf(db) === "postgres";
  const quote = (text: PrismaSql.Sql) => jsonStringSql(postgres, text);
  const epochMs = (column: PrismaSql.Sql) => epochMsSql(postgres, column);
  const floor = new Date(cache.floorMs);
  for (let first = 0; first < spaceIds.length; first += SPACES_PER_LOAD) {
    const chunk = spaceIds.slice(first, first + SPACES_PER_LOAD);
    const row = PrismaSql.sql`'[' || ${quote(PrismaSql.sql`o."spaceId"`)} || ',' || ${epochMs(PrismaSql.sql`o."startsAt"`)}
      || ',' || ${epochMs(PrismaSql.sql`o."endsAt"`)} || ',' || o."seats" || ',' || (CASE WHEN o."status" = 'PENDING' THEN '1' ELSE '0' END)
      || ',' || (CASE WHEN s."kind" = 'ROOM' THEN '0' ELSE ${quote(PrismaSql.sql`o."id"`)} END) || ']'`;
    const packed = commaJoinedSql(postgres, row);
    const [{ text }] = await db.$queryRaw<Array<{ text: string | null }>>`
      SELECT ${packed} AS "text" FROM "Occurrence" o JOIN "Space" s ON s."id" = o."spaceId"
      WHERE o."spaceId" IN (${PrismaSql.join(chunk)}) AND o."status" IN ('PENDING', 'CONFIRMED')
        AND o."startsAt" > ${earliestOverlappingStart(floor)} AND o."endsAt" > ${floor}`;
    cache.stats.spacesLoaded += chunk.length;
    const rowsBySpace = new Map<string, OccupancyRow[]>(chunk.map((spaceId) => [spaceId, []]));
    for (const [spaceId, startsMs, endsMs, seats, pending, id] of JSON.parse(`[${text ?? ""}]`) as Array<[string, ...OccupancyRow]>) {
      rowsBySpace.get(spaceId)?.push([startsMs, endsMs, seats, pending, id]);
    }
    for (const [spaceId, rows] of rowsBySpace) {
      const version = versions.bySpace.get(spaceId);
      if (version === undefined) continue;
      // Two searches may reload a space at once: never replace newer bookings with older ones.
      if ((cache.loadedAt.get(spaceId) ?? -1) > version) continue;
      cache.loadedAt.set(spaceId, version);
      cache.occupancies.set(spaceId, buildOccupancy(rows));
    }
  }
}

function fillBehind(db: Db, cache: OccupancyCache, stale: readonly string[], versions: Versions) {
  if (cache.filling) return;
  cache.filling = Promise.all([refreshCatalogue(db, cache, versions.catalogue), load(db, cache, stale, versions)])
    .then(() => undefined)
    .catch((error: unknown) => console.error("Occupancy cache: filling failed, searches read the database", error))
    .finally(() => (cache.filling = null));
}

/**
 * What the cache answers a search with: every space, or the asked site's (by name, then site;
 * shared, read only), and each space's bookings (none when absent) from `floor` on. `bySpace` is
 * the cache's own map, which later searches update: read it before awaiting anything.
 */
export type CachedOccupancy = { floor: Date; spaces: readonly SpaceForBooking[]; bySpace: ReadonlyMap<string, SpaceOccupancy> };

/**
 * Every space's active bookings as of now, from `floor` on, or null (the search then reads the
 * database) while the cache is filling, or when the search needs bookings from before the floor
 * (`from`, the earliest instant it reads). With `siteId`, only that site's spaces are checked,
 * up to date and given (in the same name order).
 */
export async function currentOccupancy(
  db: Db,
  { from, now, siteId, reloadAtMost = MAX_RELOADED_DURING_SEARCH }: { from: Date; now: Date; siteId?: string; reloadAtMost?: number },
): Promise<CachedOccupancy | null> {
  const cache = cacheOf(db, now);
  if (from.getTime() < cache.floorMs) {
    cache.stats.searchesNotAnswered++;
    return null;
  }
  if (!(await bringUpToDate(db, cache, siteId, reloadAtMost))) {
    cache.stats.searchesNotAnswered++;
    return null;
  }
  const catalogue = cache.catalogue!;
  const spaces = siteId === undefined ? catalogue.spaces : (catalogue.bySite.get(siteId) ?? []);
  return { floor: new Date(cache.floorMs), spaces, bySpace: cache.occupancies };
}

/** Fills the cache now (tests, benchmarks, and a server that would rather start warm). */
export async function fillOccupancyCache(db: Db, now: Date): Promise<void> {
  const cache = cacheOf(db, now);
  await cache.filling;
  await bringUpToDate(db, cache, undefined, Infinity);
}

/**
 * Brings the cache up to date (only one site's spaces with `siteId`), reloading at most
 * `reloadAtMost` spaces now: beyond, it starts filling behind and answers false.
 */
async function bringUpToDate(db: Db, cache: OccupancyCache, siteId: string | undefined, reloadAtMost: number): Promise<boolean> {
  const dataVersion = await readDataVersion(db);
  if (cache.currentAt === dataVersion) return true;
  if (siteId !== undefined && cache.sitesCurrentAt?.version === dataVersion && cache.sitesCurrentAt.siteIds.has(siteId)) return true;
  const versions = await readVersions(db, cache, siteId);
  const stale = staleSpaces(cache, versions);
  if (stale.length > reloadAtMost) {
    fillBehind(db, cache, stale, versions);
    return false;
  }
  await Promise.all([refreshCatalogue(db, cache, versions.catalogue), stale.length > 0 ? load(db, cache, stale, versions) : null]);
  if (versions.complete) {
    cache.currentAt = dataVersion;
  } else if (siteId !== undefined) {
    // One site's counts: its spaces and the catalogue are up to date at this version, no other.
    if (cache.sitesCurrentAt?.version !== dataVersion) cache.sitesCurrentAt = { version: dataVersion, siteIds: new Set() };
    cache.sitesCurrentAt.siteIds.add(siteId);
  }
  return true;
}

/** What this client's cache did so far (a copy). */
export function occupancyCacheStats(db: Db): OccupancyCacheStats {
  return { ...(caches.get(db)?.stats ?? NO_STATS) };
}

/** Forgets this client's cache (tests). */
export function dropOccupancyCache(db: Db): void {
  caches.delete(db);
}
