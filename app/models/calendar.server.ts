// Week calendars of a space or of a site's spaces. Any logged-in user may look at the calendar
// of any space (that is how they find a free slot); what they read of each booking is decided
// here, on the server, so a masked booking's title and organisation never reach the browser.
import { Prisma as PrismaSql, type Db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { capabilitiesFor, type MembershipRole, type OrganizationKind } from "~/domain/roles";
import {
  canSeeBookingDetails,
  isoWeekOfInstant,
  parseWeekInput,
  weekDates,
  weekWindow,
  type CalendarOccurrence,
  weekCalendarData,
  type IsoWeek,
  type WeekCalendarData,
} from "~/domain/week-calendar";
import { rawDate } from "~/utils/raw-values.server";
import { listMembershipsOfUser } from "./organization.server";
import { earliestOverlappingStart, parseOpeningHours } from "./space-planning.server";

export type CalendarSpaceInfo = {
  id: string;
  name: string;
  kind: "ROOM" | "DESK_POOL";
  capacity: number;
  seats: number;
  accessible: boolean;
  requiresApproval: boolean;
  site: { id: string; name: string };
  organizationName: string;
};

/** An organisation the viewer may book for: the booking form lives under its slug. */
export type BookingOrganization = { slug: string; name: string };

export type SpaceCalendar = {
  /** The page builds the calendar from it (weekCalendarFromData), on the server and in the browser. */
  calendarData: WeekCalendarData;
  spaces: CalendarSpaceInfo[];
  bookingOrganizations: BookingOrganization[];
};

/**
 * The viewer's organisations whose booking form they may open: those with the "book-spaces"
 * capability for their role (app/domain/roles.ts), the rule the booking form itself enforces,
 * so no link leads to a refusal.
 */
export function bookingOrganizationsOf(
  memberships: ReadonlyArray<{ role: MembershipRole; organization: { slug: string; name: string; kind: OrganizationKind } }>,
): BookingOrganization[] {
  return memberships
    .filter(({ role, organization }) => capabilitiesFor(organization.kind, role).some((capability) => capability.key === "book-spaces"))
    .map(({ organization }) => ({ slug: organization.slug, name: organization.name }));
}

/** Only the closures touching the week: "YYYY-MM-DD" strings compare in date order. */
function spaceSelect(week: IsoWeek) {
  const dates = weekDates(week);
  return {
    id: true,
    name: true,
    kind: true,
    capacity: true,
    seats: true,
    accessible: true,
    requiresApproval: true,
    organizationId: true,
    openingHours: true,
    site: { select: { id: true, name: true } },
    organization: { select: { name: true } },
    closures: {
      where: { startsOn: { lte: dates[6] }, endsOn: { gte: dates[0] } },
      orderBy: { startsOn: "asc" },
      select: { startsOn: true, endsOn: true, reason: true },
    },
  } satisfies Prisma.SpaceSelect;
}

type SpaceRow = Prisma.SpaceGetPayload<{ select: ReturnType<typeof spaceSelect> }>;

type CalendarRow = {
  spaceId: string;
  startsAt: Date | string;
  endsAt: Date | string;
  status: string;
  seats: number | bigint;
  organizationId: string;
  title: string;
  organizationName: string;
};

/**
 * The active occurrences of these spaces overlapping [from, to), with what a calendar shows:
 * one raw query, because every week page asks it and Prisma 6 compiles the relation query
 * anew each time (docs/decisions/0014). Bounded below like every range query
 * (earliestOverlappingStart). Title and organisation name by primary key for each row found:
 * as joins, PostgreSQL hashed every booking series of the network (a sequential scan that grows
 * with the history, 7 ms at 10 %) to name the week's two hundred.
 */
async function listCalendarOccurrences(db: Db, { spaceIds, from, to }: { spaceIds: string[]; from: Date; to: Date }) {
  const earliestStart = earliestOverlappingStart(from);
  const rows = await db.$queryRaw<CalendarRow[]>`
    SELECT o."spaceId", o."startsAt", o."endsAt", o."status", o."seats", o."organizationId",
           (SELECT b."title" FROM "BookingSeries" b WHERE b."id" = o."seriesId") AS "title",
           (SELECT g."name" FROM "Organization" g WHERE g."id" = o."organizationId") AS "organizationName"
    FROM "Occurrence" o
    WHERE o."spaceId" IN (${PrismaSql.join(spaceIds)}) AND o."status" IN ('PENDING', 'CONFIRMED')
      AND o."startsAt" < ${to} AND o."startsAt" > ${earliestStart} AND o."endsAt" > ${from}
    ORDER BY o."startsAt" ASC
    LIMIT 5000`;
  return rows.map((row) => ({ ...row, startsAt: rawDate(row.startsAt), endsAt: rawDate(row.endsAt), seats: Number(row.seats) }));
}

async function weekOf(db: Db, { spaces, week, userId }: { spaces: SpaceRow[]; week: IsoWeek; userId: string }): Promise<SpaceCalendar> {
  const window = weekWindow(week);
  const [memberships, rows] = await Promise.all([
    listMembershipsOfUser(db, userId),
    spaces.length === 0
      ? Promise.resolve([])
      : listCalendarOccurrences(db, { spaceIds: spaces.map((space) => space.id), from: window.startsAt, to: window.endsAt }),
  ]);
  const viewerOrganizationIds = new Set(memberships.map((membership) => membership.organization.id));
  const managerOf = new Map(spaces.map((space) => [space.id, space.organizationId]));
  const occurrences: CalendarOccurrence[] = rows.map((row) => ({
    spaceId: row.spaceId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status === "PENDING" ? "PENDING" : "CONFIRMED",
    seats: row.seats,
    label: canSeeBookingDetails({
      viewerOrganizationIds,
      managingOrganizationId: managerOf.get(row.spaceId) ?? "",
      bookingOrganizationId: row.organizationId,
    })
      ? `${row.title} (${row.organizationName})`
      : null,
  }));
  const calendarData = weekCalendarData({
    week,
    spaces: spaces.map((space) => ({
      id: space.id,
      kind: space.kind,
      openingHours: parseOpeningHours(space.openingHours),
      closures: space.closures,
    })),
    occurrences,
  });
  return {
    calendarData,
    spaces: spaces.map((space) => ({
      id: space.id,
      name: space.name,
      kind: space.kind,
      capacity: space.capacity,
      seats: space.kind === "DESK_POOL" ? space.seats : 1,
      accessible: space.accessible,
      requiresApproval: space.requiresApproval,
      site: space.site,
      organizationName: space.organization.name,
    })),
    bookingOrganizations: bookingOrganizationsOf(memberships),
  };
}

/** The week of one space as `userId` may see it; null when the space does not exist. */
export async function loadSpaceWeek(
  db: Db,
  { spaceId, week, userId }: { spaceId: string; week: IsoWeek; userId: string },
): Promise<SpaceCalendar | null> {
  const space = await db.space.findUnique({ where: { id: spaceId }, select: spaceSelect(week) });
  return space ? weekOf(db, { spaces: [space], week, userId }) : null;
}

export type SiteCalendar = SpaceCalendar & {
  site: { id: string; name: string; address: string; organizationName: string };
};

/** The week of every space of a site, side by side; null when the site does not exist. */
export async function loadSiteWeek(
  db: Db,
  { siteId, week, userId }: { siteId: string; week: IsoWeek; userId: string },
): Promise<SiteCalendar | null> {
  const site = await db.site.findUnique({
    where: { id: siteId },
    select: {
      id: true,
      name: true,
      address: true,
      postalCode: true,
      city: true,
      organization: { select: { name: true } },
      spaces: { orderBy: { name: "asc" }, select: spaceSelect(week) },
    },
  });
  if (!site) return null;
  const spacesWeek = await weekOf(db, { spaces: site.spaces, week, userId });
  return {
    ...spacesWeek,
    site: {
      id: site.id,
      name: site.name,
      address: `${site.address}, ${site.postalCode} ${site.city}`,
      organizationName: site.organization.name,
    },
  };
}

/**
 * The week asked for by `?semaine=2027-W12` (or a date of it, `?semaine=2027-03-23`), the week
 * of `now` in Paris when absent. A malformed value is a 400, never a guess.
 */
export function requestedWeek(request: Request, now: Date): IsoWeek {
  const value = new URL(request.url).searchParams.get("semaine");
  if (value === null || value.trim() === "") return isoWeekOfInstant(now);
  const week = parseWeekInput(value);
  if (!week) {
    throw new Response(`Semaine invalide : « ${value.slice(0, 40)} » (format attendu : 2027-W12 ou une date 2027-03-23).`, {
      status: 400,
    });
  }
  return week;
}
