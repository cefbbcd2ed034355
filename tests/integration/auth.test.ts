// Logging in and out through the real route actions, on the file's own SQLite database.
import { action as loginAction } from "~/routes/connexion";
import { action as logoutAction } from "~/routes/deconnexion";
import { loader as dashboardLoader } from "~/routes/tableau-de-bord";
import { db } from "~/db.server";
import { getSessionUser } from "~/utils/session.server";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { Browser, respond, routeArgs } from "../helpers/http";

beforeAll(async () => {
  await seedDemoData(db);
});

async function logIn(browser: Browser, email: string, password: string) {
  const request = await browser.post("/connexion", { email, password });
  return browser.remember(await respond(() => loginAction(routeArgs(request))));
}

describe("login", () => {
  it("refuses a wrong password with a French message and starts no session", async () => {
    const browser = new Browser();
    const sessionsBefore = await db.session.count();
    const response = await logIn(browser, DEMO_USERS.structureMember.email, "not-the-password");
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).toContain("Adresse e-mail ou mot de passe incorrect.");
    expect(browser.cookie("__session")).toBeUndefined();
    expect(await db.session.count()).toBe(sessionsBefore);
  });

  it("gives the same answer for an unknown e-mail (no user enumeration)", async () => {
    const response = await logIn(new Browser(), "personne@exemple.fr", DEMO_PASSWORD);
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).toContain("Adresse e-mail ou mot de passe incorrect.");
  });

  it("explains invalid input beside the field with a 400", async () => {
    const response = await logIn(new Browser(), "pas-une-adresse", "");
    expect(response.status).toBe(400);
    const body = JSON.stringify(await response.json());
    expect(body).toContain("Saisissez une adresse e-mail valide");
    expect(body).toContain("Saisissez votre mot de passe.");
  });

  it("logs in with the right password, sets an httpOnly SameSite=Lax session cookie and redirects", async () => {
    const browser = new Browser();
    const request = await browser.post("/connexion", { email: DEMO_USERS.structureMember.email, password: DEMO_PASSWORD });
    const response = browser.remember(await respond(() => loginAction(routeArgs(request))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/tableau-de-bord");
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("__session="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const dashboard = await respond(() => dashboardLoader(routeArgs(browser.get("/tableau-de-bord"))));
    expect(dashboard.status).toBe(200);
    const data = await dashboard.json();
    expect(data.user.email).toBe(DEMO_USERS.structureMember.email);
    expect(data.organizations.map((o: { slug: string }) => o.slug)).toEqual(["savoirs-partages"]);
  });

  it("rotates the session on login: the previous session token stops working", async () => {
    const browser = new Browser();
    await logIn(browser, DEMO_USERS.scicManager.email, DEMO_PASSWORD);
    const firstToken = browser.cookie("__session");
    const stale = new Browser();
    stale.remember(new Response(null, { headers: { "Set-Cookie": `__session=${firstToken}` } }));
    await logIn(browser, DEMO_USERS.scicManager.email, DEMO_PASSWORD);
    expect(browser.cookie("__session")).not.toBe(firstToken);
    const response = await respond(() => dashboardLoader(routeArgs(stale.get("/tableau-de-bord"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);
  });

  it("never redirects to another site after login", async () => {
    const browser = new Browser();
    const request = await browser.post("/connexion", {
      email: DEMO_USERS.structureMember.email,
      password: DEMO_PASSWORD,
      redirectTo: "//evil.example/phish",
    });
    const response = await respond(() => loginAction(routeArgs(request)));
    expect(response.headers.get("Location")).toBe("/tableau-de-bord");
  });

  it("refuses a login form without the CSRF token", async () => {
    const browser = new Browser();
    const request = await browser.post(
      "/connexion",
      { email: DEMO_USERS.structureMember.email, password: DEMO_PASSWORD },
      { withCsrf: false },
    );
    const response = await respond(() => loginAction(routeArgs(request)));
    expect(response.status).toBe(403);
    expect(browser.cookie("__session")).toBeUndefined();
  });
});

describe("logout", () => {
  it("deletes the session so its cookie no longer works", async () => {
    const browser = new Browser();
    await logIn(browser, DEMO_USERS.structureAdmin.email, DEMO_PASSWORD);
    const token = browser.cookie("__session");
    const stale = new Browser();
    stale.remember(new Response(null, { headers: { "Set-Cookie": `__session=${token}` } }));
    const response = browser.remember(await respond(async () => logoutAction(routeArgs(await browser.post("/deconnexion", {})))));
    expect(response.status).toBe(302);
    expect(browser.cookie("__session")).toBeUndefined();
    const after = await respond(() => dashboardLoader(routeArgs(stale.get("/tableau-de-bord"))));
    expect(after.status).toBe(302);
  });
});

describe("session's user", () => {
  it("answers loaders running at the same time with one query, and asks again afterwards", async () => {
    const browser = new Browser();
    await logIn(browser, DEMO_USERS.structureMember.email, DEMO_PASSWORD);
    const queryRaw = db.$queryRaw.bind(db);
    const queries = vi.spyOn(db, "$queryRaw").mockImplementation((...args: Parameters<typeof db.$queryRaw>) => queryRaw(...args));
    try {
      const request = () => browser.get("/tableau-de-bord");
      const together = await Promise.all([getSessionUser(request()), getSessionUser(request()), getSessionUser(request())]);
      expect(together.map((user) => user?.email)).toEqual(Array(3).fill(DEMO_USERS.structureMember.email));
      expect(queries).toHaveBeenCalledTimes(1);

      // Nothing is kept once answered: after logout the same cookie finds no user.
      expect((await getSessionUser(request()))?.email).toBe(DEMO_USERS.structureMember.email);
      expect(queries).toHaveBeenCalledTimes(2);
      await db.session.deleteMany({ where: { user: { email: DEMO_USERS.structureMember.email } } });
      expect(await getSessionUser(request())).toBeNull();
      expect(queries).toHaveBeenCalledTimes(3);
    } finally {
      queries.mockRestore();
    }
  });
});
