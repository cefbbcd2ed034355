// The HTTP contract of the calendar feeds: headers, conditional GET, HEAD, secret tokens
// (regenerate, revoke, unknown), rate limit, RGPD anonymisation, the Calendrier page and the API.
import { db } from "~/db.server";
import { seriesUid } from "~/domain/ical";
import { cancelOccurrence, createBooking } from "~/models/booking.server";
import { regenerateFeed, type FeedTarget } from "~/models/calendar-feed.server";
import { action as apiAction, loader as apiLoader } from "~/routes/api.v1.calendar-feed";
import { loader as feedLoader } from "~/routes/calendrier.$token[.ics]";
import { action as pageAction, loader as pageLoader } from "~/routes/organisations.$slug_.calendrier";
import { DEMO_API_TOKENS, DEMO_USERS } from "../../prisma/seed";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { BASE_URL, respond, routeArgs, type Browser } from "../helpers/http";
import { expandWithPython, parseWithIcalJs } from "../helpers/ical-expansion";
import { browserLoggedInAs } from "../helpers/login";

const NOW = new Date("2027-01-04T08:00:00Z");

let f: BookingFixtures;
let seriesId: string;

function tokenOf(url: string): string {
  const match = /\/calendrier\/([A-Za-z0-9_-]+)\.ics$/.exec(url);
  if (!match) throw new Error(`not a feed URL: ${url}`);
  return match[1];
}

function getFeed(token: string, init: RequestInit = {}) {
  return respond(() => feedLoader(routeArgs(new Request(`${BASE_URL}/calendrier/${token}.ics`, init), { token })));
}

async function issue(target: FeedTarget, detailed = false) {
  return regenerateFeed(db, { target, detailed, now: new Date() });
}

const organizationTarget = (): FeedTarget => ({ scope: "ORGANIZATION", organizationId: f.structureId, userId: null });

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  f = await bookingFixtures(db);
  const result = await createBooking(db, {
    spaceId: f.roomId,
    organizationId: f.structureId,
    createdById: f.memberUserId,
    title: "Atelier d'écriture",
    request: { localStart: "2027-01-05T14:00", localEnd: "2027-01-05T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T235959", seats: 1 },
    skip: "NONE",
    now: NOW,
  });
  if (!result.ok) throw new Error("booking failed");
  seriesId = result.seriesId;
});

afterAll(() => {
  vi.useRealTimers();
});

describe("GET /calendrier/<token>.ics", () => {
  it("answers 200 with an RFC 5545 calendar and caching headers", async () => {
    const response = await getFeed(await issue(organizationTarget()));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(new Date(response.headers.get("Last-Modified")!).getTime()).not.toBeNaN();
    expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(response.headers.get("Content-Encoding")).toBeNull();
    const ics = await response.text();
    expect(Number(response.headers.get("Content-Length"))).toBe(Buffer.byteLength(ics, "utf8"));

    const lines = ics.split("\r\n");
    expect(lines.every((line) => Buffer.byteLength(line, "utf8") <= 75)).toBe(true);
    const unfolded = ics.replace(/\r\n /g, "");
    for (const property of [
      "PRODID:-//Tiers-lieux partages//Reservations//FR",
      "X-WR-CALNAME:Réservations — Association Savoirs Partagés",
      "X-WR-TIMEZONE:Europe/Paris",
      "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
      "X-PUBLISHED-TTL:PT1H",
      "TZID:Europe/Paris",
      `UID:${seriesUid(seriesId)}`,
      "DTSTART;TZID=Europe/Paris:20270105T140000",
      "DTEND;TZID=Europe/Paris:20270105T160000",
      "RRULE:FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=TU",
      "STATUS:CONFIRMED",
      "SEQUENCE:0",
      "LOCATION:Salle test — Tiers-lieu des Halles\\n12 rue des Halles\\, 44400 Bellerive-sur-Loire",
      `URL;VALUE=URI:${BASE_URL}/organisations/savoirs-partages/reservations/${seriesId}`,
    ]) {
      expect(unfolded.split("\r\n")).toContain(property);
    }
    // The VTIMEZONE comes from the time-zone library, with both changes of the year.
    expect(unfolded).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Paris\r\n[\s\S]*BEGIN:DAYLIGHT[\s\S]*BEGIN:STANDARD[\s\S]*END:VTIMEZONE/);
    // UTC values keep their Z even though the events have a zone.
    expect(unfolded).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect(unfolded).toMatch(/\r\nLAST-MODIFIED:\d{8}T\d{6}Z\r\n/);
    // Calendar properties come before the events, and ical.js reads the whole of it.
    expect(unfolded.indexOf("X-WR-TIMEZONE")).toBeLessThan(unfolded.indexOf("BEGIN:VEVENT"));
    expect(parseWithIcalJs(ics).getFirstPropertyValue("x-wr-timezone")).toBe("Europe/Paris");
  });

  it("answers 304 to the ETag it gave, and 200 with a new ETag once a booking changes", async () => {
    const token = await issue(organizationTarget());
    const first = await getFeed(token);
    const etag = first.headers.get("ETag")!;
    const again = await getFeed(token, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(await again.text()).toBe("");
    expect((await getFeed(token, { headers: { "If-None-Match": `W/${etag}, "other"` } })).status).toBe(304);

    const cancelled = await cancelOccurrence(db, { organizationId: f.structureId, seriesId, recurrenceId: "2027-02-02T14:00", now: NOW });
    expect(cancelled.ok).toBe(true);
    const changed = await getFeed(token, { headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(await changed.text()).toContain("EXDATE;TZID=Europe/Paris:20270202T140000");
  });

  it("answers 304 to If-Modified-Since at or after Last-Modified, 200 before", async () => {
    const token = await issue(organizationTarget());
    const lastModified = (await getFeed(token)).headers.get("Last-Modified")!;
    expect((await getFeed(token, { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
    const earlier = new Date(new Date(lastModified).getTime() - 1000).toUTCString();
    expect((await getFeed(token, { headers: { "If-Modified-Since": earlier } })).status).toBe(200);
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const token = await issue(organizationTarget());
    const get = await getFeed(token);
    const head = await getFeed(token, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const name of ["Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control"]) {
      expect(head.headers.get(name)).toBe(get.headers.get(name));
    }
  });

  it("answers the same 404 to an unknown, a malformed and a replaced token", async () => {
    const old = await issue(organizationTarget());
    const current = await issue(organizationTarget());
    const responses = await Promise.all([getFeed(old), getFeed("A".repeat(43)), getFeed("not a token!")]);
    const bodies = await Promise.all(responses.map((response) => response.text()));
    expect(responses.map((response) => response.status)).toEqual([404, 404, 404]);
    expect(new Set(bodies)).toEqual(new Set(["Calendrier introuvable."]));
    expect(responses.map((response) => response.headers.get("Cache-Control"))).toEqual(["no-store", "no-store", "no-store"]);
    expect((await getFeed(current)).status).toBe(200);
  });

  it("answers 429 with Retry-After once a URL is polled too often", async () => {
    const token = await issue({ scope: "USER", userId: f.memberUserId });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await getFeed(token, { method: "HEAD" })).status);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    const limited = await getFeed(token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("answers 429 to an address that tries too many URLs, and only to that address", async () => {
    const fromAddress = (clientIp: string, token: string) =>
      respond(() => feedLoader({ request: new Request(`${BASE_URL}/calendrier/${token}.ics`), params: { token }, context: { clientIp } }));
    const statuses: number[] = [];
    for (let i = 0; i < 301; i++) statuses.push((await fromAddress("203.0.113.7", `guess${String(i).padStart(40, "0")}`)).status);
    expect(statuses.slice(0, 300).every((status) => status === 404)).toBe(true);
    expect(statuses[300]).toBe(429);
    expect((await fromAddress("198.51.100.4", await issue(organizationTarget()))).status).toBe(200);
  });

  it("stops working when its owner leaves the organisation", async () => {
    const user = await db.user.create({ data: { email: "passage@savoirs-partages.fr", name: "Bénévole de passage", passwordHash: "x" } });
    await db.membership.create({ data: { userId: user.id, organizationId: f.structureId, role: "MEMBER" } });
    const token = await issue({ scope: "ORGANIZATION", organizationId: f.structureId, userId: user.id });
    expect((await getFeed(token)).status).toBe(200);
    await db.membership.deleteMany({ where: { userId: user.id } });
    expect((await getFeed(token)).status).toBe(404);
  });
});

describe("the Calendrier page", () => {
  async function issueFromPage(browser: Browser, slug: string, fields: Record<string, string>) {
    const request = await browser.post(`/organisations/${slug}/calendrier`, fields);
    const response = await respond(() => pageAction(routeArgs(request, { slug })));
    return { status: response.status, data: await response.json() };
  }

  it("gives a member a URL once, as https:// and webcal://, and the page then says a URL is active", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const { status, data } = await issueFromPage(member, "savoirs-partages", { intent: "regenerate", scope: "ORGANIZATION" });
    expect(status).toBe(200);
    expect(data.done.https).toMatch(new RegExp(`^${BASE_URL}/calendrier/[A-Za-z0-9_-]{43}\\.ics$`));
    expect(data.done.webcal).toBe(data.done.https.replace("http:", "webcal:"));
    expect((await getFeed(tokenOf(data.done.https))).status).toBe(200);

    const page = await respond(() => pageLoader(routeArgs(member.get("/organisations/savoirs-partages/calendrier"), { slug: "savoirs-partages" })));
    const loaded = await page.json();
    expect(loaded.organizationFeed).toMatch(/^lundi 4 janvier 2027 à 09:00$/);
    expect(JSON.stringify(loaded)).not.toContain(tokenOf(data.done.https));

    const revoked = await issueFromPage(member, "savoirs-partages", { intent: "revoke", scope: "ORGANIZATION" });
    expect(revoked.data.done).toEqual({ kind: "revoked", label: "Réservations de Association Savoirs Partagés" });
    expect((await getFeed(tokenOf(data.done.https))).status).toBe(404);
  });

  it("shows a space to a member of another organisation as « Réservé », without names or titles (RGPD)", async () => {
    const other = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const { data } = await issueFromPage(other, "velo-solidaire", { intent: "regenerate", scope: "SPACE", targetId: f.roomId });
    const ics = await (await getFeed(tokenOf(data.done.https))).text();
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("SUMMARY:Réservé");
    for (const secret of ["Savoirs", "Atelier", "écriture", "/reservations/"]) expect(unfolded).not.toContain(secret);
    const summaries = new Set(expandWithPython(ics, { from: "2027-01-01T00:00", to: "2028-01-01T00:00" }).map((o) => o.summary));
    expect([...summaries]).toEqual(["Réservé"]);
  });

  it("shows a manager of the SCIC who booked, in their own detailed feed of the space", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const { data } = await issueFromPage(manager, "fabrique-commune", { intent: "regenerate", scope: "SPACE", targetId: f.roomId });
    const unfolded = (await (await getFeed(tokenOf(data.done.https))).text()).replace(/\r\n /g, "");
    expect(unfolded).toContain("SUMMARY:Atelier d'écriture — Association Savoirs Partagés");
  });

  it("answers 200 with the new names once the space, its site or the booking organisation is renamed", async () => {
    // The manager's detailed feed of the space: its events name the space, the site and the booking organisation.
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const { data } = await issueFromPage(manager, "fabrique-commune", { intent: "regenerate", scope: "SPACE", targetId: f.roomId });
    const token = tokenOf(data.done.https);
    const space = await db.space.findUniqueOrThrow({ where: { id: f.roomId }, select: { name: true, siteId: true, site: { select: { address: true } } } });
    const structure = await db.organization.findUniqueOrThrow({ where: { id: f.structureId }, select: { name: true } });
    const renames = [
      { rename: () => db.space.update({ where: { id: f.roomId }, data: { name: "Salle renommée" } }), shows: "Salle renommée" },
      { rename: () => db.site.update({ where: { id: space.siteId }, data: { address: "99 avenue Nouvelle" } }), shows: "99 avenue Nouvelle" },
      { rename: () => db.organization.update({ where: { id: f.structureId }, data: { name: "Savoirs Partagés renommée" } }), shows: "— Savoirs Partagés renommée" },
    ];
    try {
      let etag = (await getFeed(token)).headers.get("ETag")!;
      for (const { rename, shows } of renames) {
        await rename();
        const changed = await getFeed(token, { headers: { "If-None-Match": etag } });
        expect(changed.status).toBe(200);
        expect(changed.headers.get("ETag")).not.toBe(etag);
        expect((await changed.text()).replace(/\r\n /g, "")).toContain(shows);
        etag = changed.headers.get("ETag")!;
      }
    } finally {
      await db.space.update({ where: { id: f.roomId }, data: { name: space.name } });
      await db.site.update({ where: { id: space.siteId }, data: { address: space.site.address } });
      await db.organization.update({ where: { id: f.structureId }, data: { name: structure.name } });
    }
  });

  it("refuses a missing space with a French message, and non-members with 404", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const missing = await issueFromPage(member, "savoirs-partages", { intent: "regenerate", scope: "SPACE" });
    expect(missing.status).toBe(400);
    expect(missing.data.result.error.targetId).toEqual(["Choisissez l'espace ou le site."]);
    const outsider = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const request = await outsider.post("/organisations/savoirs-partages/calendrier", { intent: "regenerate", scope: "ORGANIZATION" });
    expect((await respond(() => pageAction(routeArgs(request, { slug: "savoirs-partages" })))).status).toBe(404);
  });

  it("refuses a form without its CSRF token", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const request = await member.post("/organisations/savoirs-partages/calendrier", { intent: "regenerate", scope: "USER" }, { withCsrf: false });
    expect((await respond(() => pageAction(routeArgs(request, { slug: "savoirs-partages" })))).status).toBe(403);
  });
});

describe("POST /api/v1/calendar-feed", () => {
  const post = (token?: string) =>
    respond(() =>
      apiAction(
        routeArgs(
          new Request(`${BASE_URL}/api/v1/calendar-feed`, { method: "POST", headers: token ? { Authorization: `Bearer ${token}` } : {} }),
        ),
      ),
    );

  it("returns a working URL of the organisation's feed, and the next call revokes it", async () => {
    const first = await post(DEMO_API_TOKENS.structure);
    expect(first.status).toBe(201);
    const { url } = await first.json();
    const feed = await getFeed(tokenOf(url));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain(`UID:${seriesUid(seriesId)}`);

    const second = await (await post(DEMO_API_TOKENS.structure)).json();
    expect(second.url).not.toBe(url);
    expect((await getFeed(tokenOf(url))).status).toBe(404);
    expect((await getFeed(tokenOf(second.url))).status).toBe(200);
  });

  it("does not touch the members' own URLs", async () => {
    const memberToken = await issue({ scope: "ORGANIZATION", organizationId: f.structureId, userId: f.memberUserId });
    await post(DEMO_API_TOKENS.structure);
    expect((await getFeed(memberToken)).status).toBe(200);
  });

  it("answers 401 without a token and 405 to GET", async () => {
    expect((await post()).status).toBe(401);
    const get = await respond(() => apiLoader());
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
  });
});
