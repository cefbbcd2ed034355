// iCalendar subscription feeds and single-booking downloads (docs/decisions/0006-ical-feeds.md).
// The exact VEVENT data comes from app/domain/ical.ts; this module loads it, renders it with
// ical-generator (VTIMEZONE from @touch4it/ical-timezones) and manages the secret feed tokens:
// random (256 bits), shown once, stored as their SHA-256, revoked by regenerating.
import crypto from "node:crypto";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalEventRepeatingFreq, ICalEventStatus, ICalWeekday, type ICalDayJsStub, type ICalRepeatingOptions } from "ical-generator";
import { DateTime } from "luxon";
import { Prisma as PrismaSql, type Db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import { bookingEvents, feedEvents, feedWindow, type Audience, type ExportBooking, type IcalEvent } from "~/domain/ical";
import { memoizeBounded } from "~/domain/memo";
import { hasRole, type MembershipRole } from "~/domain/roles";
import { PARIS_ZONE, parisToInstant, type LocalDateTime } from "~/domain/time";
import { rawBoolean, rawDate } from "~/utils/raw-values.server";
import { generateToken, hashToken } from "~/utils/tokens.server";

// ---------------------------------------------------------------------------------------------
// Feed tokens
// ---------------------------------------------------------------------------------------------

/**
 * What a feed shows and to whom. One active token per target: regenerating revokes the previous.
 * Every member has their own URL for their organisation's feed (userId), so leaving the
 * organisation or regenerating never breaks another member's subscription; the feed made through
 * the API has no user.
 */
export type FeedTarget =
  | { scope: "ORGANIZATION"; organizationId: string; userId: string | null }
  | { scope: "USER"; userId: string }
  | { scope: "SPACE"; organizationId: string; userId: string; spaceId: string }
  | { scope: "SITE"; organizationId: string; userId: string; siteId: string };

function targetWhere(target: FeedTarget): Prisma.CalendarFeedWhereInput {
  return {
    scope: target.scope,
    organizationId: target.scope === "USER" ? null : target.organizationId,
    userId: target.userId,
    spaceId: target.scope === "SPACE" ? target.spaceId : null,
    siteId: target.scope === "SITE" ? target.siteId : null,
  };
}

/** Path of a feed; the token is the secret. */
export function feedPath(token: string): string {
  return `/calendrier/${token}.ics`;
}

/** The https:// (or http:// locally) and webcal:// addresses of a feed. */
export function feedUrls(origin: string, token: string): { https: string; webcal: string } {
  const https = `${origin}${feedPath(token)}`;
  return { https, webcal: https.replace(/^https?:/, "webcal:") };
}

/**
 * A new token for the target; the previous one stops working at once. Returns the clear token,
 * which is never stored: show it now or regenerate later. `detailed` is recorded for space and
 * site feeds made by a manager, and checked again on every request.
 */
export async function regenerateFeed(db: Db, { target, detailed = false, now }: { target: FeedTarget; detailed?: boolean; now: Date }) {
  const token = generateToken();
  await db.$transaction(async (tx) => {
    await tx.calendarFeed.updateMany({ where: { ...targetWhere(target), revokedAt: null }, data: { revokedAt: now } });
    await tx.calendarFeed.create({
      data: {
        scope: target.scope,
        organizationId: target.scope === "USER" ? null : target.organizationId,
        userId: target.userId,
        spaceId: target.scope === "SPACE" ? target.spaceId : null,
        siteId: target.scope === "SITE" ? target.siteId : null,
        detailed: target.scope === "SPACE" || target.scope === "SITE" ? detailed : false,
        tokenHash: hashToken(token),
        createdAt: now,
      },
    });
  });
  return token;
}

/** Stops the target's URL without giving a new one. Returns how many tokens were revoked. */
export async function revokeFeed(db: Db, { target, now }: { target: FeedTarget; now: Date }): Promise<number> {
  const { count } = await db.calendarFeed.updateMany({ where: { ...targetWhere(target), revokedAt: null }, data: { revokedAt: now } });
  return count;
}

/** The user's active feeds (for the Calendrier page), with when each URL was made. */
export function listActiveFeeds(db: Db, { userId, organizationId }: { userId: string; organizationId: string }) {
  return db.calendarFeed.findMany({
    where: { revokedAt: null, userId, OR: [{ organizationId }, { scope: "USER" }] },
    select: { scope: true, spaceId: true, siteId: true, detailed: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
}

type ActiveFeed = {
  id: string;
  scope: FeedTarget["scope"];
  organizationId: string | null;
  userId: string | null;
  spaceId: string | null;
  siteId: string | null;
  detailed: boolean;
  createdAt: Date;
};

/**
 * The active feed behind a clear token, or null (unknown and revoked alike). The lookup goes
 * through the unique index on the hash; the hashes are compared again in constant time.
 */
export async function findFeedByToken(db: Db, token: string): Promise<ActiveFeed | null> {
  if (!/^[A-Za-z0-9_-]{22,128}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  // Raw: every feed request starts here, 304s included (issue 7, ADR 0014).
  const [feed] = await db.$queryRaw<Array<Omit<ActiveFeed, "detailed" | "createdAt"> & { detailed: unknown; createdAt: Date | string; tokenHash: string; revokedAt: Date | string | null }>>`
    SELECT "id", "scope", "organizationId", "userId", "spaceId", "siteId", "detailed", "createdAt", "tokenHash", "revokedAt"
    FROM "CalendarFeed" WHERE "tokenHash" = ${tokenHash}`;
  if (!feed || feed.revokedAt !== null) return null;
  const same = crypto.timingSafeEqual(Buffer.from(feed.tokenHash, "hex"), Buffer.from(tokenHash, "hex"));
  if (!same) return null;
  return {
    id: feed.id,
    scope: feed.scope,
    organizationId: feed.organizationId,
    userId: feed.userId,
    spaceId: feed.spaceId,
    siteId: feed.siteId,
    detailed: rawBoolean(feed.detailed),
    createdAt: rawDate(feed.createdAt),
  };
}

// ---------------------------------------------------------------------------------------------
// What a feed shows
// ---------------------------------------------------------------------------------------------

type FeedPlan = {
  name: string;
  audience: Audience;
  /** Which booking series the feed shows: an SQL condition on `b`, the BookingSeries row. */
  seriesScope: PrismaSql.Sql;
  /** updatedAt of what the calendar's name comes from. */
  touchedAt: Date[];
  /** What else decides which series the feed shows (the USER feed: the organisations the user is in). */
  scopeKey: unknown;
};

/** The space or site of a feed, named for the calendar: "Salle X — Site Y", "Site Y — tous les espaces". */
async function findFeedPlace(db: Db, feed: ActiveFeed) {
  if (feed.scope === "SPACE" && feed.spaceId) {
    const space = await db.space.findUnique({
      where: { id: feed.spaceId },
      select: { name: true, organizationId: true, updatedAt: true, site: { select: { name: true, updatedAt: true } } },
    });
    return space
      ? {
          name: `${space.name} — ${space.site.name}`,
          organizationId: space.organizationId,
          touchedAt: [space.updatedAt, space.site.updatedAt],
        }
      : null;
  }
  if (feed.scope === "SITE" && feed.siteId) {
    const site = await db.site.findUnique({ where: { id: feed.siteId }, select: { name: true, organizationId: true, updatedAt: true } });
    return site ? { name: `${site.name} — tous les espaces`, organizationId: site.organizationId, touchedAt: [site.updatedAt] } : null;
  }
  return null;
}

async function isMember(db: Db, userId: string, organizationId: string): Promise<{ role: MembershipRole } | null> {
  const [membership] = await db.$queryRaw<Array<{ role: MembershipRole }>>`
    SELECT "role" FROM "Membership" WHERE "userId" = ${userId} AND "organizationId" = ${organizationId}`;
  return membership ?? null;
}

/**
 * What the feed shows today. Access is checked again on every request: a feed made by a member
 * who has left the organisation shows nothing (null), and a former manager's detailed space feed
 * becomes anonymous.
 */
async function planFeed(db: Db, feed: ActiveFeed): Promise<FeedPlan | null> {
  const viewer = feed.userId && feed.organizationId ? await isMember(db, feed.userId, feed.organizationId) : null;
  const scopeKey = [feed.scope, feed.organizationId, feed.userId, feed.spaceId, feed.siteId];
  if (feed.userId && feed.organizationId && !viewer) return null;
  switch (feed.scope) {
    case "ORGANIZATION": {
      if (!feed.organizationId) return null;
      const [organization] = await db.$queryRaw<Array<{ name: string; updatedAt: Date | string }>>`
        SELECT "name", "updatedAt" FROM "Organization" WHERE "id" = ${feed.organizationId}`;
      if (!organization) return null;
      return {
        name: `Réservations — ${organization.name}`,
        audience: "MEMBER",
        seriesScope: PrismaSql.sql`b."organizationId" = ${feed.organizationId}`,
        touchedAt: [rawDate(organization.updatedAt)],
        scopeKey,
      };
    }
    case "USER": {
      if (!feed.userId) return null;
      const user = await db.user.findUnique({
        where: { id: feed.userId },
        select: { name: true, updatedAt: true, memberships: { select: { organizationId: true }, orderBy: { organizationId: "asc" } } },
      });
      if (!user) return null;
      return {
        name: `Mes réservations — ${user.name}`,
        audience: "MEMBER",
        // Only the organisations the user still belongs to.
        seriesScope: PrismaSql.sql`b."createdById" = ${feed.userId}
          AND EXISTS (SELECT 1 FROM "Membership" m WHERE m."organizationId" = b."organizationId" AND m."userId" = ${feed.userId})`,
        touchedAt: [user.updatedAt],
        scopeKey: [scopeKey, user.memberships.map((membership) => membership.organizationId)],
      };
    }
    case "SPACE":
    case "SITE": {
      const place = await findFeedPlace(db, feed);
      if (!place) return null;
      const manages = feed.detailed && viewer !== null && feed.organizationId === place.organizationId && hasRole(viewer.role, "MANAGER");
      return {
        name: manages ? place.name : `${place.name} (créneaux réservés)`,
        audience: manages ? "MANAGER" : "PUBLIC",
        seriesScope:
          feed.scope === "SPACE"
            ? PrismaSql.sql`b."spaceId" = ${feed.spaceId!}`
            : PrismaSql.sql`b."spaceId" IN (SELECT s."id" FROM "Space" s WHERE s."siteId" = ${feed.siteId!})`,
        touchedAt: place.touchedAt,
        scopeKey,
      };
    }
  }
}

const seriesSelect = {
  id: true,
  status: true,
  title: true,
  localStart: true,
  localEnd: true,
  rrule: true,
  sequence: true,
  materializedUntil: true,
  createdAt: true,
  updatedAt: true,
  organization: { select: { name: true, slug: true, updatedAt: true } },
  space: {
    select: {
      name: true,
      updatedAt: true,
      site: { select: { name: true, address: true, postalCode: true, city: true, updatedAt: true } },
    },
  },
} satisfies Prisma.BookingSeriesSelect;

const occurrenceSelect = {
  recurrenceId: true,
  localStart: true,
  localEnd: true,
  startsAt: true,
  endsAt: true,
  status: true,
  modified: true,
  updatedAt: true,
} satisfies Prisma.OccurrenceSelect;

const bookingSelect = {
  ...seriesSelect,
  occurrences: { orderBy: { recurrenceId: "asc" }, select: occurrenceSelect },
} satisfies Prisma.BookingSeriesSelect;

type SeriesRow = Prisma.BookingSeriesGetPayload<{ select: typeof seriesSelect }>;
type OccurrenceRow = Prisma.OccurrenceGetPayload<{ select: typeof occurrenceSelect }>;
type BookingRow = SeriesRow & { occurrences: OccurrenceRow[] };

function toExportBooking(row: BookingRow, { origin, audience }: { origin: string; audience: Audience }): ExportBooking {
  // Members go to their booking's page; /reservations/<id> sends a manager to its approval.
  const url =
    audience === "MEMBER"
      ? `${origin}/organisations/${row.organization.slug}/reservations/${row.id}`
      : audience === "MANAGER"
        ? `${origin}/reservations/${row.id}`
        : null;
  const site = row.space.site;
  return {
    id: row.id,
    status: row.status,
    localStart: row.localStart,
    localEnd: row.localEnd,
    rrule: row.rrule,
    sequence: row.sequence,
    materializedUntil: row.materializedUntil,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    occurrences: row.occurrences,
    labels: {
      title: row.title,
      organizationName: row.organization.name,
      spaceName: row.space.name,
      siteName: site.name,
      siteAddress: `${site.address}, ${site.postalCode} ${site.city}`,
      url,
    },
  };
}

/** Last change of anything a booking's events are made of. */
function rowTouchedAt(row: BookingRow): number {
  return Math.max(
    row.updatedAt.getTime(),
    row.organization.updatedAt.getTime(),
    row.space.updatedAt.getTime(),
    row.space.site.updatedAt.getTime(),
    ...row.occurrences.map((o) => o.updatedAt.getTime()),
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/**
 * A Paris wall time handed to ical-generator as a date value it formats as is, next to
 * TZID=Europe/Paris. Luxon would move a wall time of the spring DST gap (the EXDATE of a date
 * that could not be booked) and a plain Date is formatted in the process's zone; this value
 * prints exactly the wall clock the database holds. It follows ical-generator's Day.js interface.
 */
class ParisWallTime implements ICalDayJsStub {
  constructor(private readonly local: LocalDateTime) {}

  format(format?: string): string {
    if (format === "YYYYMMDD") return this.local.slice(0, 10).replace(/-/g, "");
    if (format === "HHmmss") return `${this.local.slice(11, 13)}${this.local.slice(14, 16)}00`;
    throw new RangeError(`ParisWallTime : format non pris en charge (${String(format)}).`);
  }

  isValid(): boolean {
    return true;
  }

  /** The instant, for ical-generator's own checks; a DST-gap wall time reads as after the jump. */
  toDate(): Date {
    const instant = parisToInstant(this.local);
    return instant.ok ? instant.instant : DateTime.fromISO(this.local, { zone: PARIS_ZONE }).toJSDate();
  }

  toJSON(): string {
    return this.local;
  }
}

const wall = (local: LocalDateTime) => new ParisWallTime(local);

function compactWall(local: LocalDateTime): string {
  return `${local.slice(0, 10).replace(/-/g, "")}T${local.slice(11, 13)}${local.slice(14, 16)}00`;
}

/**
 * The RRULE in ical-generator's object form (an RRule object with a tzid printed a second
 * DTSTART that clients reject). BYDAY with ordinals (`2TU`, accepted from the API) has no object
 * form: that rule is given as text, with its EXDATE line, in exactly the same format.
 */
function repeating(event: IcalEvent): ICalRepeatingOptions | string | null {
  if (!event.rrule) return null;
  const { parts, untilUtc, value } = event.rrule;
  if (parts.byDay.some((entry) => entry.ordinal !== undefined)) {
    const exdate = event.exdates.length > 0 ? `\nEXDATE;TZID=${PARIS_ZONE}:${event.exdates.map(compactWall).join(",")}` : "";
    return `RRULE:${value}${exdate}`;
  }
  return {
    freq: ICalEventRepeatingFreq[parts.freq],
    ...(parts.interval !== 1 ? { interval: parts.interval } : {}),
    ...(parts.count !== undefined ? { count: parts.count } : {}),
    ...(untilUtc ? { until: untilUtc } : {}),
    ...(parts.byDay.length > 0 ? { byDay: parts.byDay.map((entry) => ICalWeekday[entry.weekday]) } : {}),
    ...(parts.byMonth.length > 0 ? { byMonth: parts.byMonth } : {}),
    ...(parts.byMonthDay.length > 0 ? { byMonthDay: parts.byMonthDay } : {}),
    ...(parts.bySetPos.length > 0 ? { bySetPos: parts.bySetPos } : {}),
    ...(parts.wkst !== "MO" ? { startOfWeek: ICalWeekday[parts.wkst] } : {}),
    ...(event.exdates.length > 0 ? { exclude: event.exdates.map(wall) } : {}),
  };
}

/** Clients refresh a subscribed feed about this often (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 3600;

function newCalendar(name: string) {
  const calendar = ical({ name, prodId: { company: "Tiers-lieux partages", product: "Reservations", language: "FR" }, ttl: FEED_REFRESH_SECONDS });
  // The generator emits the VTIMEZONE of every event's zone. The calendar itself gets no zone
  // name: ical-generator would then print DTSTAMP, LAST-MODIFIED and UNTIL in it, without the
  // `Z` RFC 5545 requires. X-WR-TIMEZONE is added by renderCalendar instead.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  return calendar;
}

function addEvents(calendar: ReturnType<typeof ical>, events: readonly IcalEvent[]) {
  for (const event of events) {
    const created = calendar.createEvent({
      id: event.uid,
      sequence: event.sequence,
      stamp: event.stamp,
      lastModified: event.lastModified,
      created: event.created,
      timezone: PARIS_ZONE,
      start: wall(event.start),
      end: wall(event.end),
      recurrenceId: event.recurrenceId ? wall(event.recurrenceId) : null,
      status: ICalEventStatus[event.status],
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: event.url,
    });
    const rule = repeating(event);
    if (rule) created.repeating(rule);
  }
}

/** An iCalendar document (CRLF lines, folded at 75 octets) for these events. */
export function renderCalendar(name: string, events: readonly IcalEvent[]): string {
  const calendar = newCalendar(name);
  addEvents(calendar, events);
  const text = calendar.toString();
  // Google Calendar reads the calendar's zone from X-WR-TIMEZONE; it goes with the other
  // calendar properties, where ical-generator would put it for a named zone.
  const refresh = "\r\nREFRESH-INTERVAL;VALUE=DURATION:";
  if (!text.includes(refresh)) throw new Error("renderCalendar : REFRESH-INTERVAL absent du calendrier généré.");
  return text.replace(refresh, `\r\nX-WR-TIMEZONE:${PARIS_ZONE}${refresh}`);
}

/**
 * Folds content lines longer than 75 octets (RFC 5545 §3.1) exactly as ical-generator's
 * `calendar.toString()` does, without its TextEncoder per character. Folding is line by line,
 * so folded pieces that end with CRLF concatenate into the folded whole.
 */
export function foldLines(input: string): string {
  return input
    .split("\r\n")
    .map((line) => {
      let result = "";
      let octets = 0;
      for (let i = 0; i < line.length; i++) {
        const code = line.charCodeAt(i);
        let ch = line[i];
        let size: number;
        if (code < 0x80) size = 1;
        else if (code < 0x800) size = 2;
        else if (code >= 0xd800 && code <= 0xdbff) {
          ch += line.charAt(++i);
          size = Buffer.byteLength(ch, "utf8");
        } else size = 3;
        octets += size;
        if (octets > 74) {
          result += "\r\n ";
          octets = size;
        }
        result += ch;
      }
      return result;
    })
    .join("\r\n");
}

/** The VEVENTs of these events as they appear in a document (folded, each ending with CRLF). */
export function renderEvents(events: readonly IcalEvent[]): string {
  const calendar = newCalendar("");
  addEvents(calendar, events);
  return foldLines(calendar.events().map((event) => event.toString()).join(""));
}

const EVENT_START = "\r\nBEGIN:VEVENT\r\n";
const EVENT_END = "END:VEVENT\r\n";

/**
 * What comes before and after the VEVENTs in a document named `name`: renderCalendar's own
 * output around one placeholder event, so `head + renderEvents(events) + tail` is exactly
 * `renderCalendar(name, events)` for events in Europe/Paris (tests/unit/ical-assembly.test.ts).
 */
export function calendarFrame(name: string): { head: string; tail: string } {
  const placeholder: IcalEvent = {
    uid: "frame@tiers-lieux",
    sequence: 0,
    stamp: new Date(0),
    lastModified: new Date(0),
    created: new Date(0),
    start: "2027-01-01T10:00",
    end: "2027-01-01T11:00",
    recurrenceId: null,
    rrule: null,
    exdates: [],
    status: "CONFIRMED",
    summary: "-",
    description: "-",
    location: { title: "-", address: "-" },
    url: null,
  };
  const text = renderCalendar(name, [placeholder]);
  const start = text.indexOf(EVENT_START, text.lastIndexOf("END:VTIMEZONE\r\n"));
  const end = text.lastIndexOf(EVENT_END);
  if (start < 0 || end < start) throw new Error("calendarFrame : VEVENT introuvable dans le calendrier généré.");
  return { head: text.slice(0, start + 2), tail: text.slice(end + EVENT_END.length) };
}

// ---------------------------------------------------------------------------------------------
// Feeds and downloads
// ---------------------------------------------------------------------------------------------

export type RenderedCalendar = { body: string; etag: string; lastModified: Date };

function etagOf(body: string): string {
  return `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

function rendered(document: { body: string; etag: string }, lastModifiedMs: number): RenderedCalendar {
  // HTTP dates have whole seconds: round down, so If-Modified-Since compares as it should.
  return { ...document, lastModified: new Date(Math.floor(lastModifiedMs / 1000) * 1000) };
}

/** Texts by key, least recently used first, bounded in total length. Per process. */
class TextCache {
  private readonly texts = new Map<string, string>();
  private length = 0;

  constructor(private readonly maxLength: number) {}

  get(key: string): string | undefined {
    const text = this.texts.get(key);
    if (text !== undefined) {
      this.texts.delete(key);
      this.texts.set(key, text);
    }
    return text;
  }

  set(key: string, text: string) {
    if (this.texts.has(key)) return;
    this.texts.set(key, text);
    this.length += text.length;
    for (const [oldKey, old] of this.texts) {
      if (this.length <= this.maxLength || oldKey === key) break;
      this.texts.delete(oldKey);
      this.length -= old.length;
    }
  }
}

/**
 * Expanding every series and folding every line costs far more than finding out whether
 * anything changed, and clients poll unchanged feeds all day. Two caches, both keyed by what
 * their text is made of, so a change never serves a stale text (it changes the key):
 * - whole documents by the feed's version (see `feedVersion`);
 * - the VEVENTs of one series, for one audience and origin, by the series row (its SEQUENCE
 *   moves with every change of its occurrences): after a change, only the changed series is
 *   loaded and rendered again.
 */
const feedDocuments = new TextCache(32 * 1024 * 1024);
const seriesEvents = new TextCache(64 * 1024 * 1024);

/** Everything a series' VEVENTs are made of, as one string (hashing it cost more than keeping it). */
function seriesEventsKey(row: SeriesRow, audience: Audience, origin: string): string {
  const { organization, space } = row;
  const { site } = space;
  return JSON.stringify([
    audience,
    origin,
    row.id,
    row.status,
    row.title,
    row.localStart,
    row.localEnd,
    row.rrule,
    row.sequence,
    row.materializedUntil.getTime(),
    row.createdAt.getTime(),
    row.updatedAt.getTime(),
    organization.name,
    organization.slug,
    organization.updatedAt.getTime(),
    space.name,
    space.updatedAt.getTime(),
    site.name,
    site.address,
    site.postalCode,
    site.city,
    site.updatedAt.getTime(),
  ]);
}

type RawSeriesRow = {
  id: string;
  status: SeriesRow["status"];
  title: string;
  localStart: string;
  localEnd: string;
  rrule: string | null;
  sequence: number | bigint;
  materializedUntil: Date | string;
  createdAt: Date | string;
  updatedAt: Date | string;
  organizationName: string;
  organizationSlug: string;
  organizationUpdatedAt: Date | string;
  spaceName: string;
  spaceUpdatedAt: Date | string;
  siteName: string;
  siteAddress: string;
  sitePostalCode: string;
  siteCity: string;
  siteUpdatedAt: Date | string;
};

/**
 * The series of a feed still showing something after `from`, with the names their events use:
 * one raw query, because every feed request after a change asks it (issue 7: Prisma 6 compiles
 * and deserialises the relation query anew each time, a third of a fresh feed's time).
 */
async function loadFeedSeries(db: Db, { scope, from }: { scope: PrismaSql.Sql; from: Date }): Promise<SeriesRow[]> {
  const rows = await db.$queryRaw<RawSeriesRow[]>`
    SELECT b."id", b."status", b."title", b."localStart", b."localEnd", b."rrule", b."sequence", b."materializedUntil",
           b."createdAt", b."updatedAt",
           g."name" AS "organizationName", g."slug" AS "organizationSlug", g."updatedAt" AS "organizationUpdatedAt",
           s."name" AS "spaceName", s."updatedAt" AS "spaceUpdatedAt",
           t."name" AS "siteName", t."address" AS "siteAddress", t."postalCode" AS "sitePostalCode", t."city" AS "siteCity",
           t."updatedAt" AS "siteUpdatedAt"
    FROM "BookingSeries" b
    JOIN "Organization" g ON g."id" = b."organizationId"
    JOIN "Space" s ON s."id" = b."spaceId"
    JOIN "Site" t ON t."id" = s."siteId"
    WHERE ${scope} AND EXISTS (SELECT 1 FROM "Occurrence" o WHERE o."seriesId" = b."id" AND o."endsAt" > ${from})
    ORDER BY b."localStart" ASC, b."id" ASC`;
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    title: row.title,
    localStart: row.localStart,
    localEnd: row.localEnd,
    rrule: row.rrule,
    sequence: Number(row.sequence),
    materializedUntil: rawDate(row.materializedUntil),
    createdAt: rawDate(row.createdAt),
    updatedAt: rawDate(row.updatedAt),
    organization: { name: row.organizationName, slug: row.organizationSlug, updatedAt: rawDate(row.organizationUpdatedAt) },
    space: {
      name: row.spaceName,
      updatedAt: rawDate(row.spaceUpdatedAt),
      site: {
        name: row.siteName,
        address: row.siteAddress,
        postalCode: row.sitePostalCode,
        city: row.siteCity,
        updatedAt: rawDate(row.siteUpdatedAt),
      },
    },
  }));
}

/** The occurrences of these series, by series, each list by recurrence id. */
async function loadOccurrences(db: Db, seriesIds: readonly string[]): Promise<Map<string, OccurrenceRow[]>> {
  const bySeries = new Map<string, OccurrenceRow[]>(seriesIds.map((id) => [id, []]));
  for (let index = 0; index < seriesIds.length; index += 500) {
    const rows = await db.occurrence.findMany({
      where: { seriesId: { in: seriesIds.slice(index, index + 500) } },
      orderBy: [{ seriesId: "asc" }, { recurrenceId: "asc" }],
      select: { seriesId: true, ...occurrenceSelect },
    });
    for (const { seriesId, ...occurrence } of rows) bySeries.get(seriesId)!.push(occurrence);
  }
  return bySeries;
}

/** calendarFrame by calendar name (a VTIMEZONE is generated for each frame). */
const feedFrame = memoizeBounded(calendarFrame, (name) => name);

/**
 * The feed's document from its series rows: each series' VEVENTs from the cache, or loaded
 * (occurrences of the missing series only, in one query) and rendered, between the frame of
 * renderCalendar. Same text as renderCalendar over every event.
 */
async function assembleFeed(db: Db, { plan, origin, from }: { plan: FeedPlan; origin: string; from: Date }): Promise<string> {
  const rows = await loadFeedSeries(db, { scope: plan.seriesScope, from });
  const keyed = rows.map((row) => ({ row, key: seriesEventsKey(row, plan.audience, origin), text: undefined as string | undefined }));
  for (const entry of keyed) entry.text = seriesEvents.get(entry.key);
  const missing = keyed.filter((entry) => entry.text === undefined);
  if (missing.length > 0) {
    const occurrences = await loadOccurrences(db, missing.map((entry) => entry.row.id));
    for (const entry of missing) {
      const booking = toExportBooking({ ...entry.row, occurrences: occurrences.get(entry.row.id) ?? [] }, { origin, audience: plan.audience });
      entry.text = renderEvents(bookingEvents(booking, plan.audience));
      seriesEvents.set(entry.key, entry.text);
    }
  }
  const { head, tail } = feedFrame(plan.name);
  return head + keyed.map((entry) => entry.text).join("") + tail;
}

/**
 * The version of a feed's document, found without loading its bookings: a few small aggregate
 * and lookup queries over everything the document is made of.
 * - The series in the feed's scope: count, last updatedAt and the sum of their SEQUENCEs. Every
 *   change of a series or of one of its occurrences increments the series' SEQUENCE (RFC 5545
 *   asks it of every revision clients must see; app/models/booking.server.ts does it in the same
 *   transaction), a new series adds to the count and a deleted one takes from it.
 * - The spaces, sites and booking organisations the events name (their texts, not only when
 *   they changed), the calendar's name and audience, the origin of the links, and the window's
 *   start (which series the feed shows depends on it).
 * Same version, same document: the version is the ETag, so a 304 costs these queries only.
 */
async function feedVersion(db: Db, { plan, origin, from }: { plan: FeedPlan; origin: string; from: Date }) {
  // Raw, three queries at once: every feed request asks them, a 304 nothing else (issue 7).
  // The spaces and organisations named are found from the feed's series (IN a subquery, read
  // once): asked as "spaces with some series in scope", SQLite tested every space and
  // organisation of the network (a 304 grew from 6 to 36 ms between 10 % and 100 % of the data).
  const scope = plan.seriesScope;
  const [[series], spaces, organizations] = await Promise.all([
    db.$queryRaw<Array<{ count: number | bigint; lastUpdatedAt: Date | string | number | null; sequences: number | bigint | null }>>`
      SELECT COUNT(*) AS "count", MAX(b."updatedAt") AS "lastUpdatedAt", SUM(b."sequence") AS "sequences"
      FROM "BookingSeries" b WHERE ${scope}`,
    db.$queryRaw<Array<{ id: string; name: string; updatedAt: Date | string; siteName: string; siteAddress: string; sitePostalCode: string; siteCity: string; siteUpdatedAt: Date | string }>>`
      SELECT s."id", s."name", s."updatedAt", t."name" AS "siteName", t."address" AS "siteAddress",
             t."postalCode" AS "sitePostalCode", t."city" AS "siteCity", t."updatedAt" AS "siteUpdatedAt"
      FROM "Space" s JOIN "Site" t ON t."id" = s."siteId"
      WHERE s."id" IN (SELECT b."spaceId" FROM "BookingSeries" b WHERE ${scope})
      ORDER BY s."id" ASC`,
    db.$queryRaw<Array<{ id: string; name: string; slug: string; updatedAt: Date | string }>>`
      SELECT g."id", g."name", g."slug", g."updatedAt" FROM "Organization" g
      WHERE g."id" IN (SELECT b."organizationId" FROM "BookingSeries" b WHERE ${scope})
      ORDER BY g."id" ASC`,
  ]);
  const lastSeriesUpdate = series.lastUpdatedAt === null ? null : rawDate(series.lastUpdatedAt);
  const named = [
    ...spaces.map((space) => [space.id, space.name, rawDate(space.updatedAt).getTime(), space.siteName, space.siteAddress, space.sitePostalCode, space.siteCity, rawDate(space.siteUpdatedAt).getTime()]),
    ...organizations.map((organization) => [organization.id, organization.name, organization.slug, rawDate(organization.updatedAt).getTime()]),
  ];
  const seriesState = [Number(series.count), lastSeriesUpdate?.getTime() ?? null, Number(series.sequences ?? 0)];
  const parts = [plan.name, plan.audience, plan.scopeKey, plan.touchedAt, origin, from, seriesState, named];
  const version = crypto.createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
  const touchedAt = [
    ...(lastSeriesUpdate ? [lastSeriesUpdate] : []),
    ...spaces.flatMap((space) => [rawDate(space.updatedAt), rawDate(space.siteUpdatedAt)]),
    ...organizations.map((organization) => rawDate(organization.updatedAt)),
  ];
  return { version, touchedAt };
}

/** A feed's validators, and its document when it must be sent. */
export type FeedDocument = { etag: string; lastModified: Date; body: () => Promise<string> };

/**
 * The feed's validators and, on demand, its document; null when it no longer shows anything to
 * its owner (left the organisation, space deleted…): the route answers 404 as for an unknown
 * token. The ETag is the version of the data (`feedVersion`), so answering 304 loads no booking;
 * the body is a function of the data only (DTSTAMP is the last change, not the time of the
 * request) and is rendered once per version.
 */
export async function openFeed(db: Db, { feed, origin, now }: { feed: ActiveFeed; origin: string; now: Date }): Promise<FeedDocument | null> {
  const plan = await planFeed(db, feed);
  if (!plan) return null;
  const window = feedWindow(now);
  const { version, touchedAt } = await feedVersion(db, { plan, origin, from: window.from });
  const lastModified = Math.max(
    feed.createdAt.getTime(),
    window.movedAt.getTime(),
    ...plan.touchedAt.map((date) => date.getTime()),
    ...touchedAt.map((date) => date.getTime()),
  );
  const body = async () => {
    const cached = feedDocuments.get(version);
    if (cached !== undefined) return cached;
    const document = await assembleFeed(db, { plan, origin, from: window.from });
    feedDocuments.set(version, document);
    return document;
  };
  // HTTP dates have whole seconds: round down, so If-Modified-Since compares as it should.
  return { etag: `"${version.slice(0, 32)}"`, lastModified: new Date(Math.floor(lastModified / 1000) * 1000), body };
}

/** The feed's whole document (see `openFeed`). */
export async function renderFeed(db: Db, input: { feed: ActiveFeed; origin: string; now: Date }): Promise<RenderedCalendar | null> {
  const document = await openFeed(db, input);
  return document ? { etag: document.etag, lastModified: document.lastModified, body: await document.body() } : null;
}

/** One booking of the organisation as an .ics file ("ajouter à mon agenda"); null if not theirs. */
export async function renderBookingFile(
  db: Db,
  { organizationId, seriesId, origin }: { organizationId: string; seriesId: string; origin: string },
): Promise<(RenderedCalendar & { title: string }) | null> {
  const row = await db.bookingSeries.findFirst({ where: { id: seriesId, organizationId }, select: bookingSelect });
  if (!row) return null;
  const booking = toExportBooking(row, { origin, audience: "MEMBER" });
  const body = renderCalendar(row.title, feedEvents([booking], "MEMBER"));
  return { ...rendered({ body, etag: etagOf(body) }, rowTouchedAt(row)), title: row.title };
}

// ---------------------------------------------------------------------------------------------
// The Calendrier page
// ---------------------------------------------------------------------------------------------

/**
 * Every site and its spaces, for subscribing to their occupation. Not scoped by organisation on
 * purpose: sites and spaces are what every member may book; their feeds show only "Réservé"
 * unless the viewer manages them.
 */
export function listSitesForFeeds(db: Db) {
  return db.site.findMany({
    orderBy: [{ organization: { name: "asc" } }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      city: true,
      organizationId: true,
      organization: { select: { name: true } },
      spaces: { orderBy: { name: "asc" }, select: { id: true, name: true } },
    },
  });
}

/** The space or site, if it exists, with the organisation that manages it. */
export async function findPlace(db: Db, { scope, id }: { scope: "SPACE" | "SITE"; id: string }) {
  return scope === "SPACE"
    ? db.space.findUnique({ where: { id }, select: { id: true, name: true, organizationId: true } })
    : db.site.findUnique({ where: { id }, select: { id: true, name: true, organizationId: true } });
}
