// API tokens page (/organisations/:slug/jetons): the clear token is shown once and only its
// hash is stored; a new token works on the API, a revoked one does not; admins only.
import { db } from "~/db.server";
import { loader as spacesLoader } from "~/routes/api.v1.spaces";
import { action as tokensAction, headers as tokensHeaders, loader as tokensLoader } from "~/routes/organisations.$slug_.jetons";
import { hashToken } from "~/utils/tokens.server";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { BASE_URL, Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const STRUCTURE = "savoirs-partages";
const SCIC = "fabrique-commune";
const PAGE = `/organisations/${STRUCTURE}/jetons`;

beforeAll(async () => {
  await seedDemoData(db);
});

function viewTokens(browser: Browser, slug = STRUCTURE) {
  return respond(() => tokensLoader(routeArgs(browser.get(`/organisations/${slug}/jetons`), { slug })));
}

async function submit(browser: Browser, fields: Record<string, string>, { slug = STRUCTURE, withCsrf = true } = {}) {
  const request = await browser.post(`/organisations/${slug}/jetons`, fields, { withCsrf });
  return respond(() => tokensAction(routeArgs(request, { slug })));
}

function callApiWith(token: string) {
  const request = new Request(new URL("/api/v1/spaces", BASE_URL), { headers: { Authorization: `Bearer ${token}` } });
  return spacesLoader(routeArgs(request));
}

async function createToken(browser: Browser, name: string, slug = STRUCTURE): Promise<string> {
  const response = await submit(browser, { intent: "creer", name }, { slug });
  expect(response.status).toBe(200);
  const { created } = await response.json();
  expect(created.name).toBe(name);
  return created.token as string;
}

describe("creating a token", () => {
  it("shows the clear token once, stores only its hash, and the token opens the API", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await submit(admin, { intent: "creer", name: "  Site web  " });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { created } = await response.json();
    expect(created.name).toBe("Site web");
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const stored = await db.apiToken.findMany({ where: { organization: { slug: STRUCTURE } } });
    const row = stored.find((token) => token.name === "Site web");
    expect(row?.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(stored)).not.toContain(created.token);

    // The page lists it afterwards, without the clear value.
    const page = await viewTokens(admin);
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).not.toContain(created.token);
    const { tokens } = JSON.parse(pageText);
    expect(tokens.find((token: { name: string }) => token.name === "Site web")).toMatchObject({
      createdAt: { iso: expect.any(String), label: expect.any(String) },
      lastUsedAt: null,
      revokedAt: null,
    });

    // The HTML page of that response is not cached either (Remix takes document headers from `headers`).
    expect(tokensHeaders({} as Parameters<typeof tokensHeaders>[0])).toEqual({ "Cache-Control": "no-store" });

    const api = await callApiWith(created.token);
    expect(api.status).toBe(200);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: row!.id } })).lastUsedAt).not.toBeNull();
  });

  it("explains an invalid name in French with a 400 and creates nothing", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const before = await db.apiToken.count();
    const response = await submit(admin, { intent: "creer", name: "x" });
    expect(response.status).toBe(400);
    const { result, created } = await response.json();
    expect(created).toBeNull();
    expect(result.error.name).toEqual(["Le nom du jeton doit compter au moins 2 caractères."]);
    expect(await db.apiToken.count()).toBe(before);
  });
});

describe("revoking a token", () => {
  it("makes the API answer 401 to it at once, and shows it as revoked", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const token = await createToken(admin, "Agenda partagé");
    expect((await callApiWith(token)).status).toBe(200);
    const { id } = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });

    const response = await submit(admin, { intent: "revoquer", tokenId: id });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${PAGE}?statut=revoque`);
    expect((await callApiWith(token)).status).toBe(401);

    const { tokens } = await (await viewTokens(admin)).json();
    expect(tokens.find((listed: { id: string }) => listed.id === id).revokedAt).toMatchObject({ iso: expect.any(String) });
  });

  it("answers 404 for another organisation's token and leaves it working", async () => {
    const scicToken = await createToken(await browserLoggedInAs(DEMO_USERS.scicAdmin.email), "Outil de la SCIC", SCIC);
    const { id } = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(scicToken) } });
    const structureAdmin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await submit(structureAdmin, { intent: "revoquer", tokenId: id });
    expect(response.status).toBe(404);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    expect((await callApiWith(scicToken)).status).toBe(200);
  });
});

describe("access control", () => {
  it("sends anonymous visitors to the login page", async () => {
    const response = await viewTokens(new Browser());
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/connexion?redirectTo=${encodeURIComponent(PAGE)}`);
  });

  it("answers 403 to a member and to a manager: admins only", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await viewTokens(member)).status).toBe(403);
    expect((await submit(member, { intent: "creer", name: "Jeton d'un membre" })).status).toBe(403);
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    expect((await viewTokens(manager, SCIC)).status).toBe(403);
    expect((await submit(manager, { intent: "creer", name: "Jeton du gestionnaire" }, { slug: SCIC })).status).toBe(403);
    expect(await db.apiToken.count({ where: { name: { in: ["Jeton d'un membre", "Jeton du gestionnaire"] } } })).toBe(0);
  });

  it("answers 404 to an admin of another organisation", async () => {
    const otherAdmin = await browserLoggedInAs(DEMO_USERS.scicAdmin.email);
    expect((await viewTokens(otherAdmin, STRUCTURE)).status).toBe(404);
    expect((await submit(otherAdmin, { intent: "creer", name: "Intrus" })).status).toBe(404);
    expect(await db.apiToken.count({ where: { name: "Intrus" } })).toBe(0);
  });

  it("refuses a form without its CSRF token with 403", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await submit(admin, { intent: "creer", name: "Sans jeton CSRF" }, { withCsrf: false });
    expect(response.status).toBe(403);
    expect(await db.apiToken.count({ where: { name: "Sans jeton CSRF" } })).toBe(0);
  });
});
