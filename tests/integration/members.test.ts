// Members page (/organisations/:slug/membres): admins add, re-role and remove members; every
// change is audited in the same transaction and ends the member's sessions; the organisation
// always keeps an admin.
import { db } from "~/db.server";
import type { MembershipRole } from "~/domain/roles";
import { changeMemberRole } from "~/models/membership.server";
import { createUser } from "~/models/user.server";
import { action as membersAction, loader as membersLoader } from "~/routes/organisations.$slug_.membres";
import { loader as dashboardLoader } from "~/routes/tableau-de-bord";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

beforeAll(async () => {
  await seedDemoData(db);
});

let organisationCount = 0;

/** A new organisation with one account per entry, so each test starts from a known state. */
async function organisationWith<K extends string>(roles: Record<K, MembershipRole>) {
  organisationCount += 1;
  const slug = `asso-membres-${organisationCount}`;
  const organization = await db.organization.create({ data: { slug, name: `Association Membres ${organisationCount}`, kind: "STRUCTURE" } });
  const users = {} as Record<K, { id: string; email: string; name: string; membershipId: string }>;
  for (const [key, role] of Object.entries(roles) as [K, MembershipRole][]) {
    const user = await createUser(db, { email: `${key}-${organisationCount}@exemple.fr`, name: `${key} ${organisationCount}`, password: DEMO_PASSWORD });
    const membership = await db.membership.create({ data: { userId: user.id, organizationId: organization.id, role } });
    users[key] = { ...user, membershipId: membership.id };
  }
  return { slug, organizationId: organization.id, users };
}

function viewMembers(browser: Browser, slug: string) {
  return respond(() => membersLoader(routeArgs(browser.get(`/organisations/${slug}/membres`), { slug })));
}

async function submit(browser: Browser, slug: string, fields: Record<string, string>, { withCsrf = true } = {}) {
  const request = await browser.post(`/organisations/${slug}/membres`, fields, { withCsrf });
  return respond(() => membersAction(routeArgs(request, { slug })));
}

async function isLoggedIn(browser: Browser): Promise<boolean> {
  const response = await respond(() => dashboardLoader(routeArgs(browser.get("/tableau-de-bord"))));
  return response.status === 200;
}

function roleOf(membershipId: string) {
  return db.membership.findUnique({ where: { id: membershipId }, select: { role: true } }).then((row) => row?.role ?? null);
}

function auditOf(organizationId: string) {
  return db.auditEvent.findMany({ where: { organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

describe("access", () => {
  it("sends anonymous visitors to the login page", async () => {
    const { slug } = await organisationWith({ admin: "ADMIN" });
    const response = await viewMembers(new Browser(), slug);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/connexion?redirectTo=%2Forganisations%2F${slug}%2Fmembres`);
  });

  it("answers 404 to an admin of another organisation, on the page and the action", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const outsider = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    expect((await viewMembers(outsider, slug)).status).toBe(404);
    const response = await submit(outsider, slug, { intent: "changer-role", membershipId: users.member.membershipId, role: "ADMIN" });
    expect(response.status).toBe(404);
    expect(await roleOf(users.member.membershipId)).toBe("MEMBER");
  });

  it("answers 403 to members and managers, on the page and the action", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN", manager: "MANAGER", member: "MEMBER" });
    for (const key of ["manager", "member"] as const) {
      const browser = await browserLoggedInAs(users[key].email);
      expect((await viewMembers(browser, slug)).status).toBe(403);
      const response = await submit(browser, slug, { intent: "changer-role", membershipId: users[key].membershipId, role: "ADMIN" });
      expect(response.status).toBe(403);
      expect(await roleOf(users[key].membershipId)).toBe(key === "manager" ? "MANAGER" : "MEMBER");
    }
  });

  it("refuses a change without the CSRF token, and nothing changes", async () => {
    const { slug, organizationId, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "changer-role", membershipId: users.member.membershipId, role: "ADMIN" }, { withCsrf: false });
    expect(response.status).toBe(403);
    expect(await roleOf(users.member.membershipId)).toBe("MEMBER");
    expect(await auditOf(organizationId)).toEqual([]);
  });
});

describe("listing", () => {
  it("shows admins every member with their role and e-mail", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await viewMembers(admin, slug);
    expect(response.status).toBe(200);
    const { members, currentUserId } = await response.json();
    expect(currentUserId).toBe(users.admin.id);
    expect(members.map((m: { user: { email: string }; role: string }) => [m.user.email, m.role])).toEqual([
      [users.admin.email, "ADMIN"],
      [users.member.email, "MEMBER"],
    ]);
  });
});

describe("changing a role", () => {
  it("changes it, records it in the journal and logs the member out everywhere", async () => {
    const { slug, organizationId, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const memberOnLaptop = await browserLoggedInAs(users.member.email);
    const memberOnPhone = await browserLoggedInAs(users.member.email);
    expect(await db.session.count({ where: { userId: users.member.id } })).toBe(2);

    const response = await submit(admin, slug, { intent: "changer-role", membershipId: users.member.membershipId, role: "MANAGER" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/organisations/${slug}/membres?statut=role-modifie`);
    expect(await roleOf(users.member.membershipId)).toBe("MANAGER");

    expect(await db.session.count({ where: { userId: users.member.id } })).toBe(0);
    expect(await isLoggedIn(memberOnLaptop)).toBe(false);
    expect(await isLoggedIn(memberOnPhone)).toBe(false);
    expect(await isLoggedIn(admin)).toBe(true);

    const events = await auditOf(organizationId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId,
      actorUserId: users.admin.id,
      action: "membership.role_changed",
      targetType: "User",
      targetId: users.member.id,
    });
    expect(JSON.parse(events[0].details)).toEqual({ userName: users.member.name, userEmail: users.member.email, from: "MEMBER", to: "MANAGER" });
  });

  it("does nothing, and records nothing, when the role is the same", async () => {
    const { slug, organizationId, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const member = await browserLoggedInAs(users.member.email);
    const response = await submit(admin, slug, { intent: "changer-role", membershipId: users.member.membershipId, role: "MEMBER" });
    expect(response.headers.get("Location")).toBe(`/organisations/${slug}/membres?statut=inchange`);
    expect(await isLoggedIn(member)).toBe(true);
    expect(await auditOf(organizationId)).toEqual([]);
  });

  it("explains an unknown role beside the field with a 400", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "changer-role", membershipId: users.member.membershipId, role: "OWNER" });
    expect(response.status).toBe(400);
    const { formId, result } = await response.json();
    expect(formId).toBe(`role-${users.member.membershipId}`);
    expect(result.error.role).toEqual(["Choisissez un rôle : administrateur·rice, gestionnaire ou membre."]);
    expect(await roleOf(users.member.membershipId)).toBe("MEMBER");
  });

  it("answers 404 for a membership of another organisation", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN" });
    const other = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "changer-role", membershipId: other.users.member.membershipId, role: "ADMIN" });
    expect(response.status).toBe(404);
    expect(await roleOf(other.users.member.membershipId)).toBe("MEMBER");
  });
});

describe("the last admin", () => {
  it("cannot be demoted: 409 with a French message, nothing changes", async () => {
    const { slug, organizationId, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "changer-role", membershipId: users.admin.membershipId, role: "MEMBER" });
    expect(response.status).toBe(409);
    const { result } = await response.json();
    expect(result.error[""]).toEqual([
      "C'est le dernier administrateur ou la dernière administratrice de l'organisation : nommez d'abord quelqu'un d'autre à ce rôle.",
    ]);
    expect(await roleOf(users.admin.membershipId)).toBe("ADMIN");
    expect(await isLoggedIn(admin)).toBe(true);
    expect(await auditOf(organizationId)).toEqual([]);
  });

  it("cannot be removed", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "retirer", membershipId: users.admin.membershipId });
    expect(response.status).toBe(409);
    const { result } = await response.json();
    expect(result.error[""][0]).toMatch(/^On ne peut pas retirer le dernier administrateur/);
    expect(await roleOf(users.admin.membershipId)).toBe("ADMIN");
  });

  it("can step down once there is another admin, and is logged out", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN", otherAdmin: "ADMIN" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "changer-role", membershipId: users.admin.membershipId, role: "MANAGER" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/connexion");
    expect(await roleOf(users.admin.membershipId)).toBe("MANAGER");
    expect(await isLoggedIn(admin)).toBe(false);
  });

});

describe.each(providers)("the last-admin rule under concurrency, on %s", (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
  });

  afterAll(async () => {
    await database.dispose();
  });

  it("keeps one admin when two admins demote each other at the same moment", async () => {
    const organization = await database.db.organization.create({ data: { slug: "course", name: "Course", kind: "STRUCTURE" } });
    const [first, second] = await Promise.all(
      ["premiere", "seconde"].map(async (name) => {
        const user = await database.db.user.create({ data: { email: `${name}@exemple.fr`, name, passwordHash: "x" } });
        return database.db.membership.create({ data: { userId: user.id, organizationId: organization.id, role: "ADMIN" } });
      }),
    );
    const demote = (actor: typeof first, target: typeof first) =>
      changeMemberRole(database.db, {
        organizationId: organization.id,
        actorUserId: actor.userId,
        now: new Date("2027-03-10T09:00:00Z"),
        membershipId: target.id,
        role: "MEMBER",
      });
    const results = await Promise.all([demote(first, second), demote(second, first)]);
    expect(results.map((result) => (result.ok ? "OK" : result.reason)).sort()).toEqual(["LAST_ADMIN", "OK"]);
    expect(await database.db.membership.count({ where: { organizationId: organization.id, role: "ADMIN" } })).toBe(1);
    expect(await database.db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(1);
  });
});

describe("removing a member", () => {
  it("removes them, records it and logs them out; their account stays", async () => {
    const { slug, organizationId, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const member = await browserLoggedInAs(users.member.email);
    const response = await submit(admin, slug, { intent: "retirer", membershipId: users.member.membershipId });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/organisations/${slug}/membres?statut=retire`);
    expect(await roleOf(users.member.membershipId)).toBeNull();
    expect(await db.user.count({ where: { id: users.member.id } })).toBe(1);
    expect(await isLoggedIn(member)).toBe(false);
    const [event] = await auditOf(organizationId);
    expect(event).toMatchObject({ action: "membership.removed", actorUserId: users.admin.id, targetId: users.member.id });
    expect(JSON.parse(event.details)).toMatchObject({ role: "MEMBER", userEmail: users.member.email });
  });
});

describe("adding a member", () => {
  it("adds an existing account by e-mail with the chosen role, and records it", async () => {
    const { slug, organizationId, users } = await organisationWith({ admin: "ADMIN" });
    const newcomer = await createUser(db, { email: `nouvelle-${organisationCount}@exemple.fr`, name: "Nouvelle Venue", password: DEMO_PASSWORD });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "ajouter", email: `  ${newcomer.email.toUpperCase()} `, role: "MANAGER" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/organisations/${slug}/membres?statut=ajoute`);
    const membership = await db.membership.findUniqueOrThrow({ where: { userId_organizationId: { userId: newcomer.id, organizationId } } });
    expect(membership.role).toBe("MANAGER");
    const [event] = await auditOf(organizationId);
    expect(event).toMatchObject({ action: "membership.added", actorUserId: users.admin.id, targetId: newcomer.id });
    expect(JSON.parse(event.details)).toEqual({ userName: "Nouvelle Venue", userEmail: newcomer.email, role: "MANAGER" });
  });

  it("says so when no account uses the address (no e-mail is sent)", async () => {
    const { slug, organizationId, users } = await organisationWith({ admin: "ADMIN" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "ajouter", email: "inconnue@exemple.fr", role: "MEMBER" });
    expect(response.status).toBe(422);
    const { formId, result } = await response.json();
    expect(formId).toBe("ajouter-membre");
    expect(result.error.email[0]).toMatch(/^Aucun compte n'utilise cette adresse\./);
    expect(await db.membership.count({ where: { organizationId } })).toBe(1);
    expect(await auditOf(organizationId)).toEqual([]);
  });

  it("refuses someone who is already a member", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN", member: "MEMBER" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "ajouter", email: users.member.email, role: "ADMIN" });
    expect(response.status).toBe(409);
    expect((await response.json()).result.error.email).toEqual(["Cette personne est déjà membre de l'organisation."]);
    expect(await roleOf(users.member.membershipId)).toBe("MEMBER");
  });

  it("explains an invalid address beside the field", async () => {
    const { slug, users } = await organisationWith({ admin: "ADMIN" });
    const admin = await browserLoggedInAs(users.admin.email);
    const response = await submit(admin, slug, { intent: "ajouter", email: "pas-une-adresse", role: "MEMBER" });
    expect(response.status).toBe(400);
    expect((await response.json()).result.error.email).toEqual(["Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."]);
  });
});
