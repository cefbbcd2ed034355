// Every kind of feed, rendered through its route and read back by ical.js and by
// python-recurring-ical-events, expands in Europe/Paris over 2027 (both DST changes) to exactly
// the active occurrences in the database: as booked, then after cancelling one date, moving
// one, splitting a series, cancelling the rest of one and booking further dates.
import { seriesUid } from "~/domain/ical";
import { parisToInstant } from "~/domain/time";
import { db } from "~/db.server";
import type { Prisma } from "~/generated/sqlite/client";
import {
  cancelOccurrence,
  cancelSeries,
  changeFollowing,
  createBooking,
  decideBooking,
  extendMaterialisation,
  moveOccurrence,
} from "~/models/booking.server";
import { findFeedByToken, regenerateFeed, renderFeed, type FeedTarget } from "~/models/calendar-feed.server";
import { loader as feedLoader } from "~/routes/calendrier.$token[.ics]";
import { loader as bookingFileLoader } from "~/routes/organisations.$slug_.reservations.$seriesId_.ics";
import { DEMO_USERS } from "../../prisma/seed";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";
import { respond, routeArgs } from "../helpers/http";
import {
  activeKeys,
  expandWithIcalJs,
  expandWithPython,
  occurrenceKey,
  parseWithIcalJs,
  type OccurrenceKey,
} from "../helpers/ical-expansion";
import { browserLoggedInAs } from "../helpers/login";

const NOW = new Date("2027-01-04T08:00:00Z");
const WINDOW_LOCAL = { from: "2027-01-01T00:00", to: "2028-01-01T00:00" };

function instant(local: string): Date {
  const result = parisToInstant(local);
  if (!result.ok) throw new Error(`no instant for ${local}`);
  return result.instant;
}
const WINDOW = { from: instant(WINDOW_LOCAL.from), to: instant(WINDOW_LOCAL.to) };
const ALL_DAY = JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ open: "00:00", close: "24:00" }]])));

let f: BookingFixtures;
let roundTheClock: string[];
let shortHorizonSpaceId: string;
let siteId: string;
const series: Record<string, string> = {};

async function book(name: string, spaceId: string, localStart: string, localEnd: string, rrule: string | null) {
  const result = await createBooking(db, {
    spaceId,
    organizationId: f.structureId,
    createdById: f.memberUserId,
    title: `Atelier ${name}`,
    request: { localStart, localEnd, rrule, seats: 1 },
    skip: "ALL",
    now: NOW,
  });
  if (!result.ok) throw new Error(`booking ${name} failed: ${JSON.stringify(result)}`);
  series[name] = result.seriesId;
  return result;
}

/** The database's truth: active occurrences overlapping the window, as keys. */
async function databaseKeys(where: Prisma.OccurrenceWhereInput): Promise<OccurrenceKey[]> {
  const rows = await db.occurrence.findMany({
    where: { ...where, status: { in: ["PENDING", "CONFIRMED"] }, startsAt: { lt: WINDOW.to }, endsAt: { gt: WINDOW.from } },
    select: { seriesId: true, startsAt: true, endsAt: true },
  });
  return rows.map((row) => occurrenceKey(seriesUid(row.seriesId), row.startsAt, row.endsAt)).sort();
}

async function feedText(target: FeedTarget): Promise<string> {
  const token = await regenerateFeed(db, { target, detailed: true, now: new Date() });
  const response = await respond(() => feedLoader(routeArgs(new Request(`http://localhost/calendrier/${token}.ics`), { token })));
  expect(response.status).toBe(200);
  return response.text();
}

/** Both independent expansions of the feed give exactly the database's active occurrences. */
async function expectFeedMatchesDatabase(ics: string, where: Prisma.OccurrenceWhereInput) {
  const expected = await databaseKeys(where);
  expect(expected.length).toBeGreaterThan(0);
  expect(activeKeys(expandWithIcalJs(ics, WINDOW))).toEqual(expected);
  expect(activeKeys(expandWithPython(ics, WINDOW_LOCAL))).toEqual(expected);
}

const organizationFeed = () => feedText({ scope: "ORGANIZATION", organizationId: f.structureId, userId: null });

beforeAll(async () => {
  // The feed's window follows the clock: pin it to the bookings' "now" (only Date is faked).
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  f = await bookingFixtures(db);
  siteId = (await db.site.findFirstOrThrow({ where: { organizationId: f.scicId } })).id;
  const base = { siteId, organizationId: f.scicId, kind: "ROOM" as const, capacity: 8, minNoticeMinutes: 0, slotMinutes: 30, minDurationMinutes: 30 };
  roundTheClock = [];
  for (const name of ["Atelier 24 h/24 A", "Atelier 24 h/24 B", "Atelier 24 h/24 C"]) {
    const space = await db.space.create({ data: { ...base, name, openingHours: ALL_DAY, horizonDays: 730, maxDurationMinutes: 3 * 1440 } });
    roundTheClock.push(space.id);
  }
  const shortHorizon = await db.space.create({
    data: { ...base, name: "Salle à horizon court", openingHours: ALL_DAY, horizonDays: 90, maxDurationMinutes: 600 },
  });
  shortHorizonSpaceId = shortHorizon.id;

  await book("weekly", f.roomId, "2027-01-05T14:00", "2027-01-05T16:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=52");
  await book("biweekly", f.roomId, "2027-01-07T09:00", "2027-01-07T11:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20271231T235959");
  await book("second-tuesday", f.roomId, "2027-01-12T10:00", "2027-01-12T12:00", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=12");
  await book("last-friday", f.poolId, "2027-01-29T09:00", "2027-01-29T12:00", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12");
  await book("weekend", roundTheClock[0], "2027-01-08T18:00", "2027-01-10T18:00", "FREQ=WEEKLY;BYDAY=FR;COUNT=52");
  await book("night", roundTheClock[1], "2027-01-09T22:00", "2027-01-10T06:00", "FREQ=WEEKLY;BYDAY=SA;COUNT=52");
  // 28 March 02:30 does not exist in Paris: that date is kept as a skipped (cancelled) row.
  const gap = await book("early", roundTheClock[2], "2027-03-25T02:30", "2027-03-25T03:30", "FREQ=DAILY;COUNT=6");
  expect(gap.skipped.map((date) => date.recurrenceId)).toEqual(["2027-03-28T02:30"]);
  await book("pending", f.approvalRoomId, "2027-01-06T10:00", "2027-01-06T11:00", "FREQ=WEEKLY;BYDAY=WE;COUNT=10");
  await book("approved", f.approvalRoomId, "2027-01-07T10:00", "2027-01-07T11:00", "FREQ=WEEKLY;BYDAY=TH;COUNT=10");
  await book("one-off", f.roomId, "2027-02-03T10:00", "2027-02-03T11:00", null);
  // 40 Tuesdays, but the space books only 90 days ahead: the rest is not booked yet.
  await book("beyond-horizon", shortHorizonSpaceId, "2027-01-05T09:00", "2027-01-05T10:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=40");
  await book("cancelled", f.roomId, "2027-01-11T10:00", "2027-01-11T11:00", "FREQ=WEEKLY;BYDAY=MO;COUNT=5");
  expect((await cancelSeries(db, { organizationId: f.structureId, seriesId: series.cancelled, now: NOW })).ok).toBe(true);
  const approval = await decideBooking(db, { managerOrganizationId: f.scicId, seriesId: series.approved, decision: "APPROVE", reason: null, now: NOW });
  expect(approval.ok).toBe(true);
});

afterAll(() => {
  vi.useRealTimers();
});

const ORGANIZATION_ROWS = () => ({ organizationId: f.structureId });

describe("the organisation's feed", () => {
  it("expands to the booked occurrences, with the materialisation horizon, DST gap and pending dates", async () => {
    const ics = await organizationFeed();
    await expectFeedMatchesDatabase(ics, ORGANIZATION_ROWS());
    const python = expandWithPython(ics, WINDOW_LOCAL);
    // Not booked yet beyond the horizon (~5 April), so not in the feed either.
    const beyond = python.filter((o) => o.uid === seriesUid(series["beyond-horizon"]));
    expect(beyond.length).toBe(await db.occurrence.count({ where: { seriesId: series["beyond-horizon"] } }));
    expect(beyond.length).toBeLessThan(40);
    expect(python.filter((o) => o.uid === seriesUid(series.pending)).every((o) => o.status === "TENTATIVE")).toBe(true);
    // A cancelled series stays one CANCELLED event, so clients drop what they had.
    expect(python.filter((o) => o.uid === seriesUid(series.cancelled)).map((o) => o.status)).toContain("CANCELLED");
    expect(ics).toContain("EXDATE;TZID=Europe/Paris:20270328T023000");
  });

  it("still matches after cancelling one date", async () => {
    const result = await cancelOccurrence(db, { organizationId: f.structureId, seriesId: series.weekly, recurrenceId: "2027-03-02T14:00", now: NOW });
    expect(result.ok).toBe(true);
    // A rule with an ordinal BYDAY (written as text rather than ical-generator's object form).
    const lastFriday = await cancelOccurrence(db, { organizationId: f.structureId, seriesId: series["last-friday"], recurrenceId: "2027-04-30T09:00", now: NOW });
    expect(lastFriday.ok).toBe(true);
    const ics = await organizationFeed();
    expect(ics).toContain("EXDATE;TZID=Europe/Paris:20270302T140000");
    expect(ics).toContain("RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=12\r\nEXDATE;TZID=Europe/Paris:20270430T090000");
    await expectFeedMatchesDatabase(ics, ORGANIZATION_ROWS());
  });

  it("still matches after moving one date to another day and another time", async () => {
    const result = await moveOccurrence(db, {
      organizationId: f.structureId,
      seriesId: series.biweekly,
      recurrenceId: "2027-04-01T09:00",
      localStart: "2027-04-02T15:00",
      localEnd: "2027-04-02T16:30",
      now: NOW,
    });
    expect(result.ok).toBe(true);
    const ics = await organizationFeed();
    expect(ics).toContain("RECURRENCE-ID;TZID=Europe/Paris:20270401T090000");
    await expectFeedMatchesDatabase(ics, ORGANIZATION_ROWS());
  });

  it("still matches after splitting a series: the old one ends with UNTIL, the rest gets a new UID", async () => {
    const result = await changeFollowing(db, {
      organizationId: f.structureId,
      seriesId: series.weekly,
      fromRecurrenceId: "2027-06-01T14:00",
      localStart: "2027-06-01T15:00",
      localEnd: "2027-06-01T17:00",
      title: "Atelier weekly (nouvel horaire)",
      seats: 1,
      createdById: f.memberUserId,
      skip: "ALL",
      now: NOW,
    });
    expect(result.ok).toBe(true);
    const continuation = await db.bookingSeries.findFirstOrThrow({ where: { splitFromId: series.weekly }, select: { id: true } });
    const ics = await organizationFeed();
    const masters = parseWithIcalJs(ics)
      .getAllSubcomponents("vevent")
      .filter((event) => !event.hasProperty("recurrence-id"));
    const rrule = (uid: string) => String(masters.find((event) => event.getFirstPropertyValue("uid") === uid)?.getFirstProperty("rrule")?.toICALString());
    expect(rrule(seriesUid(series.weekly))).toBe("RRULE:FREQ=WEEKLY;UNTIL=20270531T215959Z;BYDAY=TU");
    expect(rrule(seriesUid(continuation.id))).toContain("BYDAY=TU");
    await expectFeedMatchesDatabase(ics, ORGANIZATION_ROWS());
  });

  it("still matches when the rest of a series is cancelled after some dates took place", async () => {
    const result = await cancelSeries(db, { organizationId: f.structureId, seriesId: series["second-tuesday"], now: new Date("2027-05-01T08:00:00Z") });
    expect(result.ok).toBe(true);
    await expectFeedMatchesDatabase(await organizationFeed(), ORGANIZATION_ROWS());
  });

  it("follows the horizon as the next dates get booked", async () => {
    const before = await db.occurrence.count({ where: { seriesId: series["beyond-horizon"] } });
    await extendMaterialisation(db, { now: new Date("2027-04-01T08:00:00Z") });
    expect(await db.occurrence.count({ where: { seriesId: series["beyond-horizon"] } })).toBeGreaterThan(before);
    await expectFeedMatchesDatabase(await organizationFeed(), ORGANIZATION_ROWS());
  });
});

describe("the other feeds", () => {
  it("the personal feed of the member who booked", async () => {
    const ics = await feedText({ scope: "USER", userId: f.memberUserId });
    await expectFeedMatchesDatabase(ics, { series: { createdById: f.memberUserId } });
  });

  it("a space's feed, detailed for a manager of the SCIC", async () => {
    const manager = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.scicManager.email } });
    const ics = await feedText({ scope: "SPACE", organizationId: f.scicId, userId: manager.id, spaceId: f.roomId });
    await expectFeedMatchesDatabase(ics, { spaceId: f.roomId });
    expect(ics).toContain("Association Savoirs Partag");
  });

  it("a site's feed, anonymous for a member of another organisation", async () => {
    const other = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.otherStructureMember.email } });
    const ics = await feedText({ scope: "SITE", organizationId: f.otherStructureId, userId: other.id, siteId });
    await expectFeedMatchesDatabase(ics, { space: { siteId } });
    const summaries = new Set(expandWithPython(ics, WINDOW_LOCAL).map((o) => o.summary));
    expect([...summaries]).toEqual(["Réservé"]);
  });

  it("the .ics file of a single booking", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const params = { slug: "savoirs-partages", seriesId: series.weekend };
    const response = await respond(() => bookingFileLoader(routeArgs(member.get(`/organisations/savoirs-partages/reservations/${series.weekend}/ics`), params)));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="reservation-${series.weekend}.ics"`);
    const ics = await response.text();
    await expectFeedMatchesDatabase(ics, { seriesId: series.weekend });
    // Over both DST weekends, the Friday-to-Sunday booking lasts 47 h and 49 h: explicit ends.
    expect(ics).toContain("RECURRENCE-ID;TZID=Europe/Paris:20270326T180000");
    expect(ics).toContain("RECURRENCE-ID;TZID=Europe/Paris:20271029T180000");
  });

  it("refuses another organisation's booking file with 404", async () => {
    const outsider = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const params = { slug: "velo-solidaire", seriesId: series.weekend };
    const response = await respond(() => bookingFileLoader(routeArgs(outsider.get(`/organisations/velo-solidaire/reservations/${series.weekend}/ics`), params)));
    expect(response.status).toBe(404);
  });
});

describe.each(providers)("the feed model on %s", (provider) => {
  let database: TestDatabase;
  let fixtures: BookingFixtures;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    fixtures = await bookingFixtures(database.db);
  });

  afterAll(async () => {
    await database.dispose();
  });

  it("renders a feed that expands to the database's occurrences after a cancellation and a move", async () => {
    const created = await createBooking(database.db, {
      spaceId: fixtures.roomId,
      organizationId: fixtures.structureId,
      createdById: fixtures.memberUserId,
      title: "Permanence",
      request: { localStart: "2027-01-05T14:00", localEnd: "2027-01-05T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=52", seats: 1 },
      skip: "NONE",
      now: NOW,
    });
    if (!created.ok) throw new Error("booking failed");
    const change = { organizationId: fixtures.structureId, seriesId: created.seriesId, now: NOW };
    expect((await cancelOccurrence(database.db, { ...change, recurrenceId: "2027-03-30T14:00" })).ok).toBe(true);
    const moved = await moveOccurrence(database.db, { ...change, recurrenceId: "2027-10-26T14:00", localStart: "2027-10-26T17:00", localEnd: "2027-10-26T18:00" });
    expect(moved.ok).toBe(true);

    const token = await regenerateFeed(database.db, { target: { scope: "ORGANIZATION", organizationId: fixtures.structureId, userId: null }, now: NOW });
    const feed = await findFeedByToken(database.db, token);
    if (!feed) throw new Error("feed not found");
    const calendar = await renderFeed(database.db, { feed, origin: "https://tiers-lieux.example", now: NOW });
    if (!calendar) throw new Error("feed not rendered");
    const rows = await database.db.occurrence.findMany({
      where: { seriesId: created.seriesId, status: { in: ["PENDING", "CONFIRMED"] } },
      select: { startsAt: true, endsAt: true },
    });
    const expected = rows.map((row) => occurrenceKey(seriesUid(created.seriesId), row.startsAt, row.endsAt)).sort();
    expect(expected).toHaveLength(51);
    expect(activeKeys(expandWithIcalJs(calendar.body, WINDOW))).toEqual(expected);
    expect(activeKeys(expandWithPython(calendar.body, WINDOW_LOCAL))).toEqual(expected);
  });

  it("shows in each feed exactly the series of its scope (organisation, user, space, site)", async () => {
    const { db: tx } = database;
    const book = async (spaceId: string, organizationId: string, createdById: string | null, localStart: string) => {
      const result = await createBooking(tx, {
        spaceId, organizationId, createdById, title: `Portée ${localStart}`,
        request: { localStart, localEnd: localStart.replace("T10", "T11"), rrule: null, seats: 1 }, skip: "NONE", now: NOW,
      });
      if (!result.ok) throw new Error(`booking failed: ${JSON.stringify(result)}`);
      return seriesUid(result.seriesId);
    };
    const ownRoom = await book(fixtures.roomId, fixtures.structureId, fixtures.memberUserId, "2027-09-06T10:00");
    // Booked by the member for an organisation they do not belong to: not in their personal feed.
    const forOther = await book(fixtures.roomId, fixtures.otherStructureId, fixtures.memberUserId, "2027-09-07T10:00");
    const otherPool = await book(fixtures.poolId, fixtures.otherStructureId, null, "2027-09-08T10:00");
    const site = await tx.space.findUniqueOrThrow({ where: { id: fixtures.roomId }, select: { siteId: true } });
    const shown = async (target: FeedTarget) => {
      const feed = await findFeedByToken(tx, await regenerateFeed(tx, { target, now: NOW }));
      if (!feed) throw new Error("feed not found");
      const body = (await renderFeed(tx, { feed, origin: "https://tiers-lieux.example", now: NOW }))?.body ?? "";
      return [ownRoom, forOther, otherPool].filter((uid) => body.includes(`UID:${uid}`));
    };
    const member = fixtures.memberUserId;
    expect(await shown({ scope: "ORGANIZATION", organizationId: fixtures.structureId, userId: member })).toEqual([ownRoom]);
    expect(await shown({ scope: "USER", userId: member })).toEqual([ownRoom]);
    expect(await shown({ scope: "SPACE", organizationId: fixtures.structureId, userId: member, spaceId: fixtures.roomId })).toEqual([ownRoom, forOther]);
    expect(await shown({ scope: "SITE", organizationId: fixtures.structureId, userId: member, siteId: site.siteId })).toEqual([ownRoom, forOther, otherPool]);
    // Once a member of that organisation, the personal feed shows what they booked for it.
    await tx.membership.create({ data: { userId: member, organizationId: fixtures.otherStructureId, role: "MEMBER" } });
    expect(await shown({ scope: "USER", userId: member })).toEqual([ownRoom, forOther]);
  });
});
