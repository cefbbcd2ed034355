// The availability search across every bookable space (any organisation may book any space).
// The rules live in app/domain/availability.ts; this module loads the spaces that pass the
// static filters and, in ONE indexed range query, their active occurrences over the window.
import type { Db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import {
  prefetchWindow,
  searchAvailability,
  type AvailabilityCandidate,
  type AvailabilityFilters,
  type SpaceAvailability,
} from "~/domain/availability";
import type { ExistingOccurrence, Interval } from "~/domain/conflicts";
import { ACTIVE_STATUSES, loadSpacesForBooking, overlappingWindow, type SpaceForBooking } from "./space-planning.server";

/** Every site, for the search form's "site" choice. */
export function listSitesForSearch(db: Db) {
  return db.site.findMany({
    orderBy: [{ city: "asc" }, { name: "asc" }],
    select: { id: true, name: true, city: true, organization: { select: { name: true } } },
  });
}

/** Beyond this many dates, one window is cheaper to read than one range per date. */
const MAX_CANDIDATE_RANGES = 60;

/**
 * Occurrences that can conflict with some candidate: those overlapping one of the candidates
 * widened by the largest buffer. A weekly search over three months then reads the thirteen
 * dates asked, not every booking of the three months (which the app had to turn into objects
 * and run the rules over). Each range is bounded below by the longest booking a space may
 * allow, so the (spaceId, startsAt) index reads only around the date.
 */
function candidateRanges(candidates: readonly AvailabilityCandidate[], maxBufferMinutes: number, window: Interval) {
  if (candidates.length > MAX_CANDIDATE_RANGES) return overlappingWindow(window);
  const buffer = maxBufferMinutes * 60_000;
  return {
    OR: candidates.map((candidate) => {
      const from = candidate.startsAt.getTime() - buffer;
      return overlappingWindow({ startsAt: new Date(from), endsAt: new Date(candidate.endsAt.getTime() + buffer) });
    }),
  };
}

/**
 * Spaces free for every candidate, then those free for some of them (with the unavailable
 * dates), as `searchAvailability` sorts them.
 */
export async function searchSpaces(
  db: Db,
  { candidates, filters, now }: { candidates: readonly AvailabilityCandidate[]; filters: AvailabilityFilters; now: Date },
): Promise<SpaceAvailability<SpaceForBooking>[]> {
  // The static filters in SQL too, so the occurrence query only covers spaces that can match.
  const where: Prisma.SpaceWhereInput = {
    ...(filters.siteId ? { siteId: filters.siteId } : {}),
    ...(filters.minCapacity !== undefined ? { capacity: { gte: filters.minCapacity } } : {}),
    ...(filters.accessibleOnly ? { accessible: true } : {}),
  };
  const spaces = await loadSpacesForBooking(db, where);
  const maxBuffer = Math.max(0, ...spaces.map((space) => space.rules.bufferMinutes));
  const window = prefetchWindow(candidates, maxBuffer);
  const rows =
    window && spaces.length > 0
      ? await db.occurrence.findMany({
          where: {
            spaceId: { in: spaces.map((space) => space.id) },
            status: { in: [...ACTIVE_STATUSES] },
            ...candidateRanges(candidates, maxBuffer, window),
          },
          select: { id: true, spaceId: true, startsAt: true, endsAt: true, seats: true, status: true },
        })
      : [];
  const existingBySpace = new Map<string, ExistingOccurrence[]>();
  for (const { spaceId, ...occurrence } of rows) {
    const existing: ExistingOccurrence = { ...occurrence, status: occurrence.status === "PENDING" ? "PENDING" : "CONFIRMED" };
    const list = existingBySpace.get(spaceId);
    if (list) list.push(existing);
    else existingBySpace.set(spaceId, [existing]);
  }
  return searchAvailability({ spaces, candidates, existingBySpace, filters, now, includePartial: true });
}
