// The spaces an organisation may book, and their free intervals, for the JSON API.
// Which spaces are bookable is decided in ONE place, `bookableSpacesWhere`: today every
// organisation may book every space of every site; narrowing it (e.g. to the sites of a
// territory) narrows the listing, the availability and the bookings of the API together.
import { driverSqlOf, type Db, type Prisma } from "~/db.server";
import { freeIntervals, type FreeInterval } from "~/domain/conflicts";
import {
  activeOccurrencesOverlapping,
  loadSpaceForBooking,
  loadSpacesForBooking,
  type DbOrTx,
  type SpaceForBooking,
} from "./space-planning.server";

/** The scope hook: spaces the organisation may book. */
export function bookableSpacesWhere(_organizationId: string): Prisma.SpaceWhereInput {
  return {};
}

export function listBookableSpaces(db: DbOrTx, { organizationId }: { organizationId: string }): Promise<SpaceForBooking[]> {
  return loadSpacesForBooking(db, bookableSpacesWhere(organizationId));
}

/** One space the organisation may book; null when it does not exist or is out of its scope. */
export async function findBookableSpace(
  db: Db,
  { organizationId, spaceId }: { organizationId: string; spaceId: string },
): Promise<SpaceForBooking | null> {
  const scope = bookableSpacesWhere(organizationId);
  // No scope to apply (today): the one-space loader is cheaper than the filtered list (issue 7),
  // on the driver as the booking that follows (ADR 0022).
  if (Object.keys(scope).length === 0) return loadSpaceForBooking(driverSqlOf(db), spaceId);
  const [space] = await loadSpacesForBooking(db, { AND: [{ id: spaceId }, scope] });
  return space ?? null;
}

/** Whether the organisation may book this existing space; no query while no scope applies (today). */
export async function mayBookSpace(db: DbOrTx, { organizationId, spaceId }: { organizationId: string; spaceId: string }): Promise<boolean> {
  const scope = bookableSpacesWhere(organizationId);
  if (Object.keys(scope).length === 0) return true;
  return (await db.space.count({ where: { AND: [{ id: spaceId }, scope] } })) > 0;
}

/**
 * Free intervals of a bookable space within [from, to): opening hours minus closures minus
 * active bookings (widened by the room's buffer); for a desk pool, only where at least
 * `seatsWanted` seats are free. Null when the space is not bookable.
 * Whose bookings they are is never loaded: only their times and seats.
 */
export async function bookableSpaceFreeIntervals(
  db: Db,
  {
    organizationId,
    spaceId,
    from,
    to,
    seatsWanted = 1,
  }: { organizationId: string; spaceId: string; from: Date; to: Date; seatsWanted?: number },
): Promise<{ space: SpaceForBooking; intervals: FreeInterval[] } | null> {
  const space = await findBookableSpace(db, { organizationId, spaceId });
  if (!space) return null;
  const buffer = space.rules.bufferMinutes * 60_000;
  // A booking ending just before `from` still blocks its buffer inside the window.
  const window = { startsAt: new Date(from.getTime() - buffer), endsAt: new Date(to.getTime() + buffer) };
  const existing = await activeOccurrencesOverlapping(db, { spaceId: space.id, window });
  const intervals = freeIntervals({
    from,
    to,
    existing,
    space: { kind: space.kind, seats: space.seats, bufferMinutes: space.rules.bufferMinutes },
    openingHours: space.openingHours,
    closures: space.closures,
    seatsWanted,
  });
  return { space, intervals };
}
