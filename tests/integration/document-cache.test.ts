// The document cache on the real app (ADR 0021): the dashboard and a site's week through the
// whole Remix pipeline, kept and given again, and made again after any write a page could show;
// and the database version it relies on, on SQLite and PostgreSQL, written by this client,
// another connection, or a transaction still open.
import Database from "better-sqlite3";
import pg from "pg";
import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import { db } from "~/db.server";
import { createAppDocumentCache } from "~/entry.server";
import { createBooking } from "~/models/booking.server";
import { readDataVersion } from "~/models/data-version.server";
import { DOCUMENT_CACHE_HEADER, type DocumentCache } from "~/utils/document-cache.server";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";
import { Browser } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { inProcessServerBuild } from "../helpers/server-build";

describe("pages through the document cache", () => {
  let build: ServerBuild;
  let cache: DocumentCache;
  let handler: ReturnType<typeof createRequestHandler>;
  let manager: Browser;
  let member: Browser;
  let siteId: string;

  beforeAll(async () => {
    await seedDemoData(db);
    build = await inProcessServerBuild();
    cache = createAppDocumentCache(build.routes);
    handler = createRequestHandler(build, "production");
    manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    // A browser has its CSRF cookie from its first page: a page that sets one is never kept.
    await manager.csrfToken();
    await member.csrfToken();
    siteId = (await db.site.findFirstOrThrow({ where: { name: "Tiers-lieu des Halles" } })).id;
  });

  async function open(browser: Browser, path: string) {
    const response = await cache.handle(browser.get(path), {}, handler);
    return { status: response.status, outcome: response.headers.get(DOCUMENT_CACHE_HEADER), body: await response.text(), response };
  }

  it("gives the dashboard again, to its own user only, until something is written", async () => {
    const first = await open(manager, "/tableau-de-bord");
    expect(first.status).toBe(200);
    expect(first.outcome).toBe("miss");
    expect(first.body).toContain(DEMO_USERS.scicManager.name);
    const again = await open(manager, "/tableau-de-bord");
    expect(again.outcome).toBe("hit");
    expect(again.body).toBe(first.body);
    expect(again.response.headers.get("Content-Security-Policy")).toBe(first.response.headers.get("Content-Security-Policy"));

    const other = await open(member, "/tableau-de-bord");
    expect(other.outcome).toBe("miss");
    expect(other.body).toContain(DEMO_USERS.structureMember.name);
    expect(other.body).not.toContain(DEMO_USERS.scicManager.name);

    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.scicManager.email } });
    const membership = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
    await db.notification.create({ data: { userId: user.id, organizationId: membership.organizationId, title: "Nouvelle demande", body: "…" } });
    const afterWrite = await open(manager, "/tableau-de-bord");
    expect(afterWrite.outcome).toBe("miss");
    expect(afterWrite.body).toContain("1 non lue");
    expect(afterWrite.body).not.toBe(first.body);
    expect((await open(manager, "/tableau-de-bord")).outcome).toBe("hit");
  });

  it("shows a new booking on a site's week at once", async () => {
    const path = `/sites/${siteId}/semaine?semaine=2027-W12`;
    const first = await open(member, path);
    expect(first.status).toBe(200);
    expect(first.outcome).toBe("miss");
    expect(first.body).not.toContain("Répétition de la chorale");
    expect((await open(member, path)).outcome).toBe("hit");

    const space = await db.space.findFirstOrThrow({ where: { siteId, kind: "ROOM" }, orderBy: { name: "asc" } });
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: "savoirs-partages" } });
    const booked = await createBooking(db, {
      spaceId: space.id,
      organizationId: organization.id,
      createdById: null,
      title: "Répétition de la chorale",
      request: { localStart: "2027-03-23T18:00", localEnd: "2027-03-23T19:00", rrule: null, seats: 1 },
      skip: "NONE",
      now: new Date("2027-03-01T08:00:00Z"),
    });
    expect(booked.ok).toBe(true);
    const after = await open(member, path);
    expect(after.outcome).toBe("miss");
    expect(after.body).toContain("Répétition de la chorale");
  });

  it("never gives a kept page to a session that has ended", async () => {
    const browser = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    await browser.csrfToken();
    expect((await open(browser, "/tableau-de-bord")).outcome).toBe("miss");
    expect((await open(browser, "/tableau-de-bord")).outcome).toBe("hit");
    // Logging out deletes the session row: a write, so the version moves.
    await db.session.deleteMany({ where: { userId: (await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.structureMember.email } })).id } });
    const after = await open(browser, "/tableau-de-bord");
    expect(after.status).toBe(302);
    expect(after.response.headers.get("Location")).toMatch(/^\/connexion\?/);
    expect(after.outcome).toBeNull();
  });

  it("keeps no page that sets a cookie (the first page of a browser without its CSRF cookie)", async () => {
    const loggedIn = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const browser = new Browser();
    browser.remember(new Response(null, { headers: { "Set-Cookie": `__session=${loggedIn.cookie("__session")}` } }));
    const first = await open(browser, "/tableau-de-bord");
    expect(first.response.headers.get("Set-Cookie")).toMatch(/^csrf=/);
    expect(first.outcome).toBeNull();
    expect((await open(browser, "/tableau-de-bord")).outcome).toBeNull();
  });
});

describe.each(providers)("the data version on %s", (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    await seedDemoData(database.db);
  });

  afterAll(async () => {
    await database.dispose();
  });

  /**
   * Whether `between` left the version as it was, at least once in a few tries. On PostgreSQL
   * the snapshot is the whole server's: the other test files' commits, on their own databases,
   * move it too (which only wastes kept pages). Something that always moved it fails every try.
   */
  async function leavesVersionAlone(between: () => Promise<unknown>): Promise<boolean> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const before = await readDataVersion(database.db);
      await between();
      if ((await readDataVersion(database.db)) === before) return true;
    }
    return false;
  }

  it("stays the same while only reading, and moves with each write of this client", async () => {
    expect(
      await leavesVersionAlone(async () => {
        await database.db.site.findMany({ include: { spaces: true } });
        await database.db.$queryRaw`SELECT COUNT(*) FROM "Occurrence"`;
      }),
    ).toBe(true);
    for (const city of ["Lyon", "Villeurbanne", "Vaulx-en-Velin"]) {
      const before = await readDataVersion(database.db);
      await database.db.site.updateMany({ data: { city } });
      expect(await readDataVersion(database.db)).not.toBe(before);
    }
    const before = await readDataVersion(database.db);
    await database.db.$transaction(async (tx) => {
      await tx.site.updateMany({ data: { city: "Lyon" } });
    });
    expect(await readDataVersion(database.db)).not.toBe(before);
  });

  it("moves with a commit of another connection, and only once it is committed", async () => {
    if (provider === "postgres") {
      const other = new pg.Client({ connectionString: database.url });
      await other.connect();
      try {
        let unchangedWhileOpen = false;
        for (let attempt = 0; attempt < 20; attempt++) {
          const before = await readDataVersion(database.db);
          await other.query("BEGIN");
          await other.query(`UPDATE "Site" SET "city" = $1`, [`Villeurbanne ${attempt}`]);
          // Not committed: a page made now reads the old rows, so it may be kept under this version.
          const whileOpen = await readDataVersion(database.db);
          await other.query("COMMIT");
          expect(await readDataVersion(database.db)).not.toBe(before);
          unchangedWhileOpen ||= whileOpen === before;
          if (unchangedWhileOpen && attempt > 0) break;
        }
        expect(unchangedWhileOpen).toBe(true);
      } finally {
        await other.end();
      }
    } else {
      for (const city of ["Villeurbanne 0", "Villeurbanne 1"]) {
        const before = await readDataVersion(database.db);
        const other = new Database(database.url.replace(/^file:/, ""));
        try {
          other.prepare(`UPDATE "Site" SET "city" = ?`).run(city);
        } finally {
          other.close();
        }
        expect(await readDataVersion(database.db)).not.toBe(before);
      }
    }
    expect((await database.db.site.findFirstOrThrow()).city).toMatch(/^Villeurbanne \d+$/);
  });
});

describe("the data version on SQLite, across connections of one client", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
  });

  afterAll(async () => {
    await database.dispose();
  });

  it("differs on the connection opened after a $disconnect, whose counts start again from zero", async () => {
    const first = await readDataVersion(database.db);
    await database.db.$disconnect();
    const second = await readDataVersion(database.db);
    expect(second).not.toBe(first);
    // The counts themselves are those of a fresh connection: only the connection's number tells them apart.
    expect(second.slice(second.indexOf(":"))).toBe(first.slice(first.indexOf(":")));
    expect(await readDataVersion(database.db)).toBe(second);
  });
});
