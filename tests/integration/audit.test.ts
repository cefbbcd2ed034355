// The audit journal: API token changes are recorded with their actor, the journal page is for
// admins only (50 per page, newest first), and the database keeps entries append-only.
import { db } from "~/db.server";
import { PAGE_SIZE } from "~/domain/pagination";
import { recordAudit } from "~/models/audit.server";
import { loader as journalLoader } from "~/routes/organisations.$slug_.journal";
import { action as tokensAction } from "~/routes/organisations.$slug_.jetons";
import { hashToken } from "~/utils/tokens.server";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const STRUCTURE = "savoirs-partages";
const SCIC = "fabrique-commune";

beforeAll(async () => {
  await seedDemoData(db);
});

function viewJournal(browser: Browser, slug: string, search = "") {
  return respond(() => journalLoader(routeArgs(browser.get(`/organisations/${slug}/journal${search}`), { slug })));
}

async function submitTokens(browser: Browser, fields: Record<string, string>) {
  const request = await browser.post(`/organisations/${STRUCTURE}/jetons`, fields);
  return respond(() => tokensAction(routeArgs(request, { slug: STRUCTURE })));
}

async function organizationId(slug: string) {
  return (await db.organization.findUniqueOrThrow({ where: { slug }, select: { id: true } })).id;
}

async function userId(email: string) {
  return (await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

describe("API tokens in the journal", () => {
  it("records a token's creation and revocation with who did it, never the token", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const created = await submitTokens(admin, { intent: "creer", name: "Agenda partagé" });
    expect(created.status).toBe(200);
    const { token } = (await created.json()).created as { token: string };
    const row = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });

    const revoked = await submitTokens(admin, { intent: "revoquer", tokenId: row.id });
    expect(revoked.status).toBe(302);
    // Revoking again changes nothing, so records nothing.
    await submitTokens(admin, { intent: "revoquer", tokenId: row.id });

    const events = await db.auditEvent.findMany({ where: { targetId: row.id }, orderBy: [{ createdAt: "asc" }, { action: "asc" }] });
    expect(events.map((event) => event.action)).toEqual(["api_token.created", "api_token.revoked"]);
    const adminId = await userId(DEMO_USERS.structureAdmin.email);
    for (const event of events) {
      expect(event).toMatchObject({ organizationId: await organizationId(STRUCTURE), actorUserId: adminId, targetType: "ApiToken" });
      expect(JSON.parse(event.details)).toEqual({ name: "Agenda partagé" });
      expect(JSON.stringify(event)).not.toContain(token);
      expect(JSON.stringify(event)).not.toContain(row.tokenHash);
    }

    const journal = await viewJournal(admin, STRUCTURE);
    const { events: shown } = await journal.json();
    expect(shown.slice(0, 2).map((event: { label: string; description: string }) => [event.label, event.description])).toEqual([
      ["Jeton d'API révoqué", "Jeton « Agenda partagé » révoqué."],
      ["Jeton d'API créé", "Jeton « Agenda partagé » créé."],
    ]);
    expect(shown[0].actor).toBe(`${DEMO_USERS.structureAdmin.name} (${DEMO_USERS.structureAdmin.email})`);
  });

  it("refuses details that carry a secret", async () => {
    await expect(
      recordAudit(db, {
        organizationId: null,
        actorUserId: null,
        action: "api_token.created",
        targetType: null,
        targetId: null,
        details: { token: "clear-value" },
      }),
    ).rejects.toThrow(/must not carry secrets/);
  });
});

describe("journal page", () => {
  it("sends anonymous visitors to the login page", async () => {
    const response = await viewJournal(new Browser(), STRUCTURE);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/connexion?redirectTo=%2Forganisations%2F${STRUCTURE}%2Fjournal`);
  });

  it("is for admins: 403 to a member, 404 to another organisation's admin", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await viewJournal(member, STRUCTURE)).status).toBe(403);
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    expect((await viewJournal(manager, SCIC)).status).toBe(403);
    const otherAdmin = await browserLoggedInAs(DEMO_USERS.scicAdmin.email);
    expect((await viewJournal(otherAdmin, STRUCTURE)).status).toBe(404);
  });

  it("shows only the organisation's own events, 50 per page, newest first", async () => {
    const scicId = await organizationId(SCIC);
    const actorId = await userId(DEMO_USERS.scicAdmin.email);
    const start = Date.parse("2027-01-04T08:00:00Z");
    for (let i = 0; i < PAGE_SIZE + 3; i++) {
      await recordAudit(db, {
        organizationId: scicId,
        actorUserId: i === 0 ? "deleted-user-id" : actorId,
        action: "api_token.created",
        targetType: "ApiToken",
        targetId: `token-${i}`,
        details: { name: `Jeton ${i}` },
        now: new Date(start + i * 60_000),
      });
    }
    await recordAudit(db, {
      organizationId: await organizationId(STRUCTURE),
      actorUserId: null,
      action: "api_token.created",
      targetType: "ApiToken",
      targetId: "elsewhere",
      details: { name: "Ailleurs" },
      now: new Date(start + 10 * 60_000),
    });
    const admin = await browserLoggedInAs(DEMO_USERS.scicAdmin.email);

    const first = await (await viewJournal(admin, SCIC)).json();
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: PAGE_SIZE + 3 });
    expect(first.events).toHaveLength(PAGE_SIZE);
    expect(first.events[0].description).toBe(`Jeton « Jeton ${PAGE_SIZE + 2} » créé.`);
    expect(first.events[0].at).toEqual({ iso: "2027-01-04T08:52:00.000Z", label: expect.stringContaining("09:52") });

    const second = await (await viewJournal(admin, SCIC, "?page=2")).json();
    expect(second.events.map((event: { description: string }) => event.description)).toEqual([
      "Jeton « Jeton 2 » créé.",
      "Jeton « Jeton 1 » créé.",
      "Jeton « Jeton 0 » créé.",
    ]);
    expect(second.events[2].actor).toBe("Compte supprimé");
    expect(JSON.stringify([first, second])).not.toContain("Ailleurs");

    expect((await viewJournal(admin, SCIC, "?page=3")).status).toBe(404);
    expect((await viewJournal(admin, SCIC, "?page=abc")).status).toBe(400);
    expect((await viewJournal(admin, SCIC, "?page=0")).status).toBe(400);
  });
});

/** The database driver's own message behind a Prisma error. */
function driverMessage(error: unknown): string | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalMessage?: string } } } } | null)?.meta;
  return meta?.driverAdapterError?.cause?.originalMessage;
}

describe.each(providers)("append-only journal on %s", (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
  });

  afterAll(async () => {
    await database.dispose();
  });

  async function recordOne() {
    const { id } = await recordAudit(database.db, {
      organizationId: "organisation-id",
      actorUserId: "user-id",
      action: "membership.role_changed",
      targetType: "User",
      targetId: "target-id",
      details: { from: "MEMBER", to: "ADMIN" },
      now: new Date("2027-03-10T09:00:00Z"),
    });
    return database.db.auditEvent.findUniqueOrThrow({ where: { id } });
  }

  it("refuses to change or delete an entry, through Prisma and through raw SQL", async () => {
    const original = await recordOne();
    const attempts = [
      () => database.db.auditEvent.updateMany({ where: { id: original.id }, data: { action: "membership.removed", details: "{}" } }),
      () => database.db.auditEvent.deleteMany({ where: { id: original.id } }),
      () => database.db.$executeRaw`UPDATE "AuditEvent" SET "actorUserId" = 'someone-else' WHERE "id" = ${original.id}`,
      () => database.db.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${original.id}`,
    ];
    for (const attempt of attempts) {
      if (provider === "sqlite") {
        // The triggers abort the statement. (Prisma labels the abort a foreign key violation,
        // P2003 or P2010; the driver's own message is the trigger's.)
        const error = await attempt().then(
          () => null,
          (thrown: unknown) => thrown,
        );
        expect(driverMessage(error)).toBe("AuditEvent is append-only");
      } else {
        // The rules turn the statement into nothing: no error, no row touched.
        const result = await attempt();
        expect(typeof result === "number" ? result : result.count).toBe(0);
      }
      expect(await database.db.auditEvent.findUniqueOrThrow({ where: { id: original.id } })).toEqual(original);
    }
    expect(await database.db.auditEvent.count()).toBe(1);
  });
});
