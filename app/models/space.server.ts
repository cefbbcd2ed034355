// Spaces and their closures, always scoped by the managing organisation (Space.organizationId is
// copied from the site so that every query can filter on it).
//
// Deleting a space is NOT offered yet: it must be refused while the space has future bookings,
// and bookings do not exist yet. When they do, add deleteSpace() here, checking for future
// bookings in the same transaction as the delete.
import type { Db } from "~/db.server";
import type { DbOrTx } from "~/models/space-planning.server";
import {
  DEFAULT_BOOKING_RULES,
  ISO_WEEKDAYS,
  openingHoursSchema,
  publicHolidayClosures,
  type BookingRules,
  type Closure,
  type OpeningHours,
} from "~/domain/space-rules";

export type SpaceKind = "ROOM" | "DESK_POOL";

export type NewSpaceFields = {
  name: string;
  kind: SpaceKind;
  capacity: number;
  seats: number;
  accessible: boolean;
};

export type SpaceFields = NewSpaceFields & {
  description: string;
  equipment: string;
  openingHours: OpeningHours;
  rules: BookingRules;
};

/** Opening hours as stored: JSON by ISO weekday, days without ranges left out (as in the seed). */
export function serializeOpeningHours(openingHours: OpeningHours): string {
  return JSON.stringify(
    Object.fromEntries(ISO_WEEKDAYS.filter((day) => openingHours[day].length > 0).map((day) => [day, openingHours[day]])),
  );
}

/** Stored JSON → opening hours; null when it is not valid JSON or does not pass the domain schema. */
export function parseStoredOpeningHours(json: string): OpeningHours | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const result = openingHoursSchema.safeParse(value);
  return result.success ? result.data : null;
}

/** The space page: the space, its site and its closures (by start date). */
export async function getSpace(db: Db, { organizationId, spaceId }: { organizationId: string; spaceId: string }) {
  const space = await db.space.findFirst({
    where: { id: spaceId, organizationId },
    select: {
      id: true,
      name: true,
      description: true,
      kind: true,
      capacity: true,
      seats: true,
      accessible: true,
      equipment: true,
      openingHours: true,
      slotMinutes: true,
      minDurationMinutes: true,
      maxDurationMinutes: true,
      bufferMinutes: true,
      minNoticeMinutes: true,
      horizonDays: true,
      requiresApproval: true,
      cancellationDeadlineHours: true,
      updatedAt: true,
      site: { select: { id: true, name: true } },
      closures: { orderBy: [{ startsOn: "asc" }, { endsOn: "asc" }], select: { id: true, startsOn: true, endsOn: true, reason: true } },
    },
  });
  if (!space) return null;
  const {
    openingHours,
    slotMinutes,
    minDurationMinutes,
    maxDurationMinutes,
    bufferMinutes,
    minNoticeMinutes,
    horizonDays,
    requiresApproval,
    cancellationDeadlineHours,
    ...rest
  } = space;
  return {
    ...rest,
    /** null when what is stored is unreadable (the page then asks for the hours again). */
    openingHours: parseStoredOpeningHours(openingHours),
    rules: {
      slotMinutes,
      minDurationMinutes,
      maxDurationMinutes,
      bufferMinutes,
      minNoticeMinutes,
      horizonDays,
      requiresApproval,
      cancellationDeadlineHours,
    } satisfies BookingRules,
  };
}

/**
 * A new space in one of the organisation's sites, with the domain's default booking rules and no
 * opening hours (closed every day until a manager opens it). Null when the site does not exist
 * or belongs to another organisation.
 */
export function createSpace(
  db: Db,
  { organizationId, siteId, space }: { organizationId: string; siteId: string; space: NewSpaceFields },
) {
  return db.$transaction(async (tx) => {
    const site = await tx.site.findFirst({ where: { id: siteId, organizationId }, select: { id: true } });
    if (!site) return null;
    return tx.space.create({
      data: { ...space, ...DEFAULT_BOOKING_RULES, openingHours: "{}", siteId: site.id, organizationId },
      select: { id: true },
    });
  });
}

/**
 * Every field, the opening hours and the booking rules of a space, in ONE statement: either all
 * of it is saved or nothing. False when the space does not exist or belongs to another organisation.
 */
export async function updateSpace(
  db: DbOrTx,
  { organizationId, spaceId, space }: { organizationId: string; spaceId: string; space: SpaceFields },
): Promise<boolean> {
  const { openingHours, rules, ...fields } = space;
  const { count } = await db.space.updateMany({
    where: { id: spaceId, organizationId },
    data: { ...fields, ...rules, openingHours: serializeOpeningHours(openingHours) },
  });
  return count === 1;
}

/** Adds a closure to one of the organisation's spaces; null when the space is not theirs. */
export function addClosure(
  db: Db,
  { organizationId, spaceId, closure }: { organizationId: string; spaceId: string; closure: Closure },
) {
  return db.$transaction(async (tx) => {
    const space = await tx.space.findFirst({ where: { id: spaceId, organizationId }, select: { id: true } });
    if (!space) return null;
    return tx.closure.create({ data: { ...closure, spaceId: space.id }, select: { id: true } });
  });
}

/** Removes a closure of one of the organisation's spaces; false when there is no such closure. */
export async function removeClosure(
  db: Db,
  { organizationId, spaceId, closureId }: { organizationId: string; spaceId: string; closureId: string },
): Promise<boolean> {
  const { count } = await db.closure.deleteMany({ where: { id: closureId, spaceId, space: { organizationId } } });
  return count === 1;
}

/**
 * "Ajouter les jours fériés {année}": the French public holidays of that year as one-day
 * closures, in one transaction. A holiday is skipped when the space already has a one-day
 * closure on that date (so clicking twice adds nothing the second time); a longer closure
 * covering the date does not count, so the holiday survives if that closure is shortened.
 * Null when the space is not the organisation's.
 */
export function addPublicHolidayClosures(
  db: Db,
  { organizationId, spaceId, year }: { organizationId: string; spaceId: string; year: number },
): Promise<{ added: number; skipped: number } | null> {
  const holidays = publicHolidayClosures(year);
  return db.$transaction(async (tx) => {
    const space = await tx.space.findFirst({ where: { id: spaceId, organizationId }, select: { id: true } });
    if (!space) return null;
    const existing = await tx.closure.findMany({
      where: { spaceId: space.id, startsOn: { in: holidays.map((h) => h.startsOn) } },
      select: { startsOn: true, endsOn: true },
    });
    const taken = new Set(existing.filter((c) => c.startsOn === c.endsOn).map((c) => c.startsOn));
    const missing = holidays.filter((h) => !taken.has(h.startsOn));
    if (missing.length > 0) await tx.closure.createMany({ data: missing.map((h) => ({ ...h, spaceId: space.id })) });
    return { added: missing.length, skipped: holidays.length - missing.length };
  });
}
