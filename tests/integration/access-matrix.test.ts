// Access control, proved exhaustively (issue #8): every route module of the real route manifest
// (read by @remix-run/dev, as `remix build` does: tests/helpers/server-build.ts), every exported
// loader and action, every actor, against the one policy table of tests/access-policy.ts; then
// IDOR attempts with the ids of another organisation. Runs the real route modules on SQLite and
// on PostgreSQL: for each provider they are imported afresh with DATABASE_URL on that database.
import fs from "node:fs";
import path from "node:path";
import { setupServer } from "msw/node";
import type { Db } from "~/db.server";
import { hasRole, type MembershipRole, type OrganizationKind } from "~/domain/roles";
import { runMonthlyBilling } from "~/models/billing.server";
import { regenerateFeed, revokeFeed } from "~/models/calendar-feed.server";
import { createUser } from "~/models/user.server";
import { hashToken } from "~/utils/tokens.server";
import { DEMO_API_TOKENS, DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { ACCESS_POLICY, type HandlerPolicy, type Level, type Rule } from "../access-policy";
import { insertOccurrences } from "../helpers/billing-fixtures";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";
import { BASE_URL, Browser } from "../helpers/http";
import { applyAs, WORKSHOP_NEED_FORM } from "../helpers/premises-fixtures";
import { inProcessServerBuild } from "../helpers/server-build";
import { premisesApiHandlers } from "../mocks/handlers";

vi.hoisted(() => {
  process.env.DATA_DIR = `${process.cwd()}/.cache/access-matrix-${process.pid}`;
});

const KINDS: OrganizationKind[] = ["SCIC", "STRUCTURE", "COLLECTIVITE"];
const ROLES: MembershipRole[] = ["MEMBER", "MANAGER", "ADMIN"];
const ROLE_LEVELS = new Set<Level>(ROLES);
const API_LEVELS = new Set<Level>(["token", "owner-token", "method-not-allowed", "nobody"]);
const PAGE_LEVELS = new Set<Level>(["public", "authenticated", "nobody", ...ROLES]);

// ---------------------------------------------------------------------------------------------
// The route manifest, as the Remix compiler builds it
// ---------------------------------------------------------------------------------------------

type ManifestRoute = { id: string; path: string; parentId?: string };
type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
type RouteModule = { loader?: Handler; action?: Handler };

/** The app's route modules, imported now (afresh after vi.resetModules()), by route id. */
async function routeModules(): Promise<Map<string, RouteModule>> {
  const build = await inProcessServerBuild();
  return new Map(Object.values(build.routes).map((route) => [route.id, route.module as RouteModule]));
}

const manifest = Object.values((await inProcessServerBuild()).routes);
const byId = new Map(manifest.map((route) => [route.id, route]));

/** The URL pattern of a route: its own path under its parents' (nested routes have relative paths). */
function fullPath(routeId: string): string {
  const segments: string[] = [];
  for (let route = byId.get(routeId); route; route = route.parentId ? byId.get(route.parentId) : undefined) {
    if (route.path) segments.unshift(route.path);
  }
  return `/${segments.join("/")}`;
}

const routes: ManifestRoute[] = manifest.map((route) => ({ id: route.id, path: fullPath(route.id), parentId: route.parentId }));
const routeOf = (routeId: string) => routes.find((route) => route.id === routeId) as ManifestRoute;

type Family = "page" | "api" | "feed";
const familyOf = (route: ManifestRoute): Family =>
  route.path.startsWith("/api/") ? "api" : route.path.startsWith("/calendrier/") ? "feed" : "page";

const paramNamesOf = (route: ManifestRoute) => [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]).concat(route.path.endsWith("*") ? ["*"] : []);

// ---------------------------------------------------------------------------------------------
// Data: the demo territory plus one account per role and kind, an outsider of each kind, and one
// resource of every kind that a route takes in its URL
// ---------------------------------------------------------------------------------------------

type Org = { id: string; slug: string };
type Fixtures = {
  owners: Record<OrganizationKind, Org>;
  /** An organisation of the same kind that is not the owner, with its ADMIN as the outsider. */
  outsiders: Record<OrganizationKind, Org>;
  users: Record<OrganizationKind, Record<MembershipRole | "outsider", string>>;
  apiTokens: { owner: Record<OrganizationKind, string>; revoked: Record<OrganizationKind, string>; other: string };
  feed: { valid: string; revoked: string };
  ids: {
    scicSite: string;
    scicSpace: string;
    villeSite: string;
    villeSpace: string;
    structureSite: string;
    structureSpace: string;
    series: string;
    pendingSeries: string;
    structurePendingSeries: string;
    apiSeries: string;
    apiOccurrenceSeries: string;
    apiOccurrenceStart: string;
    invoice: string;
    premises: string;
    reviewPremises: string;
    draftPremises: string;
    application: string;
    reviewApplication: string;
    need: string;
    photo: string;
    draftPhoto: string;
    attachment: string;
    ownerApiTokenId: string;
    ownerMembership: string;
  };
};

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

/** A file under DATA_DIR/uploads, as the upload routes store them; returns its relative path. */
function storedFile(folder: string, name: string): string {
  const relative = path.join("uploads", folder, name);
  fs.mkdirSync(path.join(process.env.DATA_DIR as string, "uploads", folder), { recursive: true });
  fs.writeFileSync(path.join(process.env.DATA_DIR as string, relative), PNG);
  return relative;
}

async function storedPhoto(db: Db, premisesId: string, name: string): Promise<string> {
  const relative = storedFile("premises", `${name}-${premisesId}.png`);
  const photo = await db.premisesPhoto.create({
    data: { premisesId, path: relative, mimeType: "image/png", sizeBytes: PNG.byteLength, alt: "Façade", position: 0 },
  });
  return photo.id;
}

async function accessFixtures(db: Db): Promise<Fixtures> {
  await seedDemoData(db);
  const org = async (slug: string) => db.organization.findUniqueOrThrow({ where: { slug }, select: { id: true, slug: true } });
  const owners = { SCIC: await org("fabrique-commune"), STRUCTURE: await org("savoirs-partages"), COLLECTIVITE: await org("ville-de-bellerive") };
  const newOrg = (slug: string, name: string, kind: OrganizationKind) => db.organization.create({ data: { slug, name, kind }, select: { id: true, slug: true } });
  const outsiders = {
    SCIC: await newOrg("scic-voisine", "SCIC voisine", "SCIC"),
    STRUCTURE: await org("velo-solidaire"),
    COLLECTIVITE: await newOrg("ville-voisine", "Ville voisine", "COLLECTIVITE"),
  };
  const userId = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id;
  const member = async (email: string, organizationId: string, role: MembershipRole) => {
    const user = await createUser(db, { email, name: email.split("@")[0], password: DEMO_PASSWORD });
    await db.membership.create({ data: { userId: user.id, organizationId, role } });
    return email;
  };
  // The demo accounts, plus the roles the demo does not have.
  const users = {
    SCIC: {
      ADMIN: DEMO_USERS.scicAdmin.email,
      MANAGER: DEMO_USERS.scicManager.email,
      MEMBER: await member("membre@fabrique-commune.test", owners.SCIC.id, "MEMBER"),
      outsider: await member("admin@scic-voisine.test", outsiders.SCIC.id, "ADMIN"),
    },
    STRUCTURE: {
      ADMIN: DEMO_USERS.structureAdmin.email,
      MANAGER: await member("gestion@savoirs-partages.test", owners.STRUCTURE.id, "MANAGER"),
      MEMBER: DEMO_USERS.structureMember.email,
      outsider: await member("admin@velo-solidaire.test", outsiders.STRUCTURE.id, "ADMIN"),
    },
    COLLECTIVITE: {
      ADMIN: DEMO_USERS.collectiviteAdmin.email,
      MANAGER: DEMO_USERS.collectiviteManager.email,
      MEMBER: await member("membre@ville-bellerive.test", owners.COLLECTIVITE.id, "MEMBER"),
      outsider: await member("admin@ville-voisine.test", outsiders.COLLECTIVITE.id, "ADMIN"),
    },
  };

  const token = async (organizationId: string, value: string, revoked = false) =>
    (
      await db.apiToken.create({
        data: { organizationId, name: "Jeton de test", tokenHash: hashToken(value), revokedAt: revoked ? new Date("2026-01-01T00:00:00Z") : null },
        select: { id: true },
      })
    ).id;
  await token(owners.COLLECTIVITE.id, "access-matrix-token-ville");
  await token(outsiders.STRUCTURE.id, "access-matrix-token-velo");
  for (const kind of KINDS) await token(owners[kind].id, `access-matrix-revoked-${kind}`, true);
  const apiTokens = {
    owner: { SCIC: DEMO_API_TOKENS.scic, STRUCTURE: DEMO_API_TOKENS.structure, COLLECTIVITE: "access-matrix-token-ville" },
    revoked: { SCIC: "access-matrix-revoked-SCIC", STRUCTURE: "access-matrix-revoked-STRUCTURE", COLLECTIVITE: "access-matrix-revoked-COLLECTIVITE" },
    other: "access-matrix-token-velo",
  };

  // Feeds: a member's personal feed, and a revoked one.
  const now = new Date();
  const revokedFeed = await regenerateFeed(db, { target: { scope: "USER", userId: await userId(DEMO_USERS.structureAdmin.email) }, now });
  await revokeFeed(db, { target: { scope: "USER", userId: await userId(DEMO_USERS.structureAdmin.email) }, now });
  const validFeed = await regenerateFeed(db, { target: { scope: "USER", userId: await userId(DEMO_USERS.structureMember.email) }, now });

  // Sites and spaces: the SCIC's from the demo, one of the collectivité.
  const scicSpace = await db.space.findFirstOrThrow({ where: { organizationId: owners.SCIC.id, name: "Salle Olympe de Gouges" } });
  const approvalSpace = await db.space.findFirstOrThrow({ where: { organizationId: owners.SCIC.id, requiresApproval: true } });
  const villeSite = await db.site.create({
    data: { organizationId: owners.COLLECTIVITE.id, name: "Maison des associations", address: "1 place de la Mairie", postalCode: "44400", city: "Bellerive-sur-Loire" },
  });
  const villeSpace = await db.space.create({
    data: { siteId: villeSite.id, organizationId: owners.COLLECTIVITE.id, name: "Salle du conseil", kind: "ROOM", capacity: 20, openingHours: scicSpace.openingHours },
  });

  // The structure runs a site opened from a bien it occupies (as openPremisesToBooking creates it).
  const structureSite = await db.site.create({
    data: { organizationId: owners.STRUCTURE.id, name: "Ancienne poste", address: "12 rue des Lilas", postalCode: "44400", city: "Bellerive-sur-Loire" },
  });
  const structureSpace = await db.space.create({
    data: { siteId: structureSite.id, organizationId: owners.STRUCTURE.id, name: "Atelier", kind: "ROOM", capacity: 20, openingHours: scicSpace.openingHours },
  });

  // Bookings of the ESS structure in the SCIC's room: one for the pages, two for the API's
  // DELETE routes (which cancel them when the owner's token is allowed), one pending approval.
  const book = (day: string) =>
    insertOccurrences(db, { spaceId: scicSpace.id, organizationId: owners.STRUCTURE.id, slots: [{ localStart: `${day}T09:00`, localEnd: `${day}T11:00` }] });
  const series = await book("2027-06-01");
  const apiSeries = await book("2027-06-02");
  const apiOccurrenceSeries = await book("2027-06-03");
  const pendingSeries = await insertOccurrences(db, {
    spaceId: approvalSpace.id,
    organizationId: owners.STRUCTURE.id,
    slots: [{ localStart: "2027-06-04T14:00", localEnd: "2027-06-04T17:00" }],
  });
  // And one waiting for the structure's approval, on the site it runs.
  const structurePendingSeries = await insertOccurrences(db, {
    spaceId: structureSpace.id,
    organizationId: owners.STRUCTURE.id,
    slots: [{ localStart: "2027-06-04T14:00", localEnd: "2027-06-04T17:00" }],
  });
  for (const id of [pendingSeries, structurePendingSeries]) {
    await db.bookingSeries.update({ where: { id }, data: { status: "PENDING" } });
    await db.occurrence.updateMany({ where: { seriesId: id }, data: { status: "PENDING" } });
  }

  // An issued invoice of the SCIC.
  await insertOccurrences(db, {
    spaceId: scicSpace.id,
    organizationId: owners.STRUCTURE.id,
    slots: [{ localStart: "2027-01-05T09:00", localEnd: "2027-01-05T11:00" }],
  });
  const run = await runMonthlyBilling(db, { scicId: owners.SCIC.id, month: "2027-01", now: new Date("2027-02-03T09:00:00Z") });
  const invoice = run.created[0].invoiceId;

  // Premises of the collectivité: the demo's published bien (open call), an application of the
  // structure to it, photos; a draft bien with a photo (never public).
  const premises = await db.premises.findFirstOrThrow({ where: { organizationId: owners.COLLECTIVITE.id, state: "PUBLISHED" } });
  const application = await applyAs(db, owners.STRUCTURE.slug, premises.id, new Date());
  // Applications are scored once the call is closed: the demo's bien under review, with one.
  const reviewPremises = await db.premises.findFirstOrThrow({ where: { organizationId: owners.COLLECTIVITE.id, state: "UNDER_REVIEW" }, include: { call: true } });
  const reviewApplication = await db.premisesApplication.create({
    data: {
      callId: reviewPremises.call?.id as string,
      organizationId: owners.STRUCTURE.id,
      siret: "81234567800013",
      project: "Un atelier partagé de quartier.",
      activity: "Ateliers",
      peopleInvolved: 4,
      desiredStart: "2027-06-01",
      durationMonths: 12,
      maxRentCents: 50000,
      socialUtilityStatement: "Ateliers ouverts à tous les habitants du quartier.",
      siretStatus: "VERIFIED",
      status: "SUBMITTED",
    },
  });
  const draft = await db.premises.create({
    data: {
      organizationId: owners.COLLECTIVITE.id,
      state: "DRAFT",
      geocodingStatus: "OK",
      title: "Local brouillon",
      kind: "OFFICE",
      domain: "PRIVATE",
      addressLine: "3 rue du Brouillon",
      postalCode: "44400",
      commune: "Bellerive-sur-Loire",
      condition: "GOOD",
      accessibility: "UNKNOWN",
      occupationType: "TEMPORARY_OCCUPATION",
      worksAllowed: "NONE",
      surfaceM2: 40,
      levels: 1,
      availableFrom: "2027-09-01",
      rentCents: 0,
      chargesCents: 0,
    },
  });
  const need = await db.premisesNeed.findFirstOrThrow({ where: { organizationId: owners.STRUCTURE.id } });
  const ownerApiToken = await db.apiToken.findFirstOrThrow({ where: { organizationId: owners.STRUCTURE.id, revokedAt: null } });
  const ownerMembership = await db.membership.findFirstOrThrow({ where: { organizationId: owners.STRUCTURE.id, role: "MEMBER" } });

  return {
    owners,
    outsiders,
    users,
    apiTokens,
    feed: { valid: validFeed, revoked: revokedFeed },
    ids: {
      scicSite: scicSpace.siteId,
      scicSpace: scicSpace.id,
      villeSite: villeSite.id,
      villeSpace: villeSpace.id,
      structureSite: structureSite.id,
      structureSpace: structureSpace.id,
      series,
      pendingSeries,
      structurePendingSeries,
      apiSeries,
      apiOccurrenceSeries,
      apiOccurrenceStart: "2027-06-03T09:00",
      invoice,
      premises: premises.id,
      reviewPremises: reviewPremises.id,
      draftPremises: draft.id,
      application,
      reviewApplication: reviewApplication.id,
      need: need.id,
      photo: await storedPhoto(db, premises.id, "publique"),
      draftPhoto: await storedPhoto(db, draft.id, "brouillon"),
      attachment: (
        await db.premisesApplicationAttachment.create({
          data: { applicationId: application, fileName: "statuts.png", path: storedFile("applications", `statuts-${application}.png`), mimeType: "image/png", sizeBytes: PNG.byteLength },
        })
      ).id,
      ownerApiTokenId: ownerApiToken.id,
      ownerMembership: ownerMembership.id,
    },
  };
}

/** The value of each URL parameter for a route of an organisation of this kind. */
function paramsFor(route: ManifestRoute, kind: OrganizationKind, f: Fixtures, slug = f.owners[kind].slug): Record<string, string> {
  const api = familyOf(route) === "api";
  const value = (name: string): string => {
    switch (name) {
      case "slug":
        return slug;
      case "seriesId":
        return f.ids.series;
      case "id":
        if (route.id === "routes/organisations.$slug_.biens.$id_.candidatures") return f.ids.reviewPremises;
        if (!api) return f.ids.premises;
        return route.id.endsWith("occurrences.$start") ? f.ids.apiOccurrenceSeries : f.ids.apiSeries;
      case "start":
        return f.ids.apiOccurrenceStart;
      case "spaceId":
        return { COLLECTIVITE: f.ids.villeSpace, STRUCTURE: f.ids.structureSpace, SCIC: f.ids.scicSpace }[kind];
      case "siteId":
        return { COLLECTIVITE: f.ids.villeSite, STRUCTURE: f.ids.structureSite, SCIC: f.ids.scicSite }[kind];
      case "invoiceId":
        return f.ids.invoice;
      case "needId":
        return f.ids.need;
      case "photoId":
        return f.ids.photo;
      case "attachmentId":
        return f.ids.attachment;
      case "token":
        return f.feed.valid;
      case "*":
        return "v1/adresse-inconnue";
      default:
        throw new Error(`${route.id}: no fixture for the URL parameter "${name}" (add one in access-matrix.test.ts)`);
    }
  };
  return Object.fromEntries(paramNamesOf(route).map((name) => [name, value(name)]));
}

/** Form fields an action needs to reach its access check beyond the URL. */
function actionFieldsFor(route: ManifestRoute, kind: OrganizationKind, f: Fixtures): Record<string, string> {
  // The structure applying is named in the form, not in the URL.
  if (route.id === "routes/biens.$id_.candidater") return { structure: f.owners[kind].slug };
  return {};
}

function urlOf(route: ManifestRoute, params: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name])).replace(/\*$/, params["*"] ?? "");
}

// ---------------------------------------------------------------------------------------------
// Calling a loader or action the way Remix does, and reading the outcome
// ---------------------------------------------------------------------------------------------

type Outcome = { status: number; location: string | null; error?: string };

async function call(handler: Handler, request: Request, params: Record<string, string>): Promise<Outcome> {
  try {
    const result = await handler({ request, params, context: {} });
    const response = result instanceof Response ? result : Response.json(result);
    await response.body?.cancel();
    return { status: response.status, location: response.headers.get("Location") };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    return { status: 500, location: null, error: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown) };
  }
}

const isLoginRedirect = (o: Outcome) => o.status >= 300 && o.status < 400 && (o.location ?? "").startsWith("/connexion");
const isDenied = (o: Outcome) => [401, 403, 404].includes(o.status) || isLoginRedirect(o);
const isServed = (o: Outcome) => o.status < 500 && !isDenied(o) && o.status !== 405;

/** ACCESS_MATRIX_DUMP=file.tsv writes every case and its outcome there, to read the whole table. */
function dump(line: string) {
  if (process.env.ACCESS_MATRIX_DUMP) fs.appendFileSync(process.env.ACCESS_MATRIX_DUMP, `${line}\n`);
}

type Expectation = "served" | "denied" | "405";
function meets(outcome: Outcome, expected: Expectation): boolean {
  if (outcome.status >= 500) return false;
  if (expected === "405") return outcome.status === 405;
  return expected === "served" ? isServed(outcome) : isDenied(outcome);
}

type Fields = Record<string, string | string[] | File>;

async function pageRequest(browser: Browser | null, url: string, method: "GET" | "POST", fields: Fields = {}): Promise<Request> {
  const headers = new Headers();
  if (browser?.cookieHeader) headers.set("Cookie", browser.cookieHeader);
  if (method === "GET") return new Request(new URL(url, BASE_URL), { headers });
  // Multipart, as the upload forms send it (every other form action reads it the same way).
  const body = new FormData();
  const jar = browser ?? new Browser();
  body.set("csrf", await jar.csrfToken());
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  const withCsrfCookie = new Headers(headers);
  withCsrfCookie.set("Cookie", jar.cookieHeader);
  return new Request(new URL(url, BASE_URL), { method, body, headers: withCsrfCookie });
}

function apiRequest(token: string | null, url: string, method: string): Request {
  const headers = new Headers({ Accept: "application/json" });
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (method === "POST") headers.set("Content-Type", "application/json");
  return new Request(new URL(url, BASE_URL), { method, headers, body: method === "POST" ? "{}" : undefined });
}

// ---------------------------------------------------------------------------------------------
// The policy, read per handler
// ---------------------------------------------------------------------------------------------

function splitPolicy(policy: HandlerPolicy): { method: string | null; rule: Rule; intents: Record<string, Rule> } {
  return typeof policy === "object" && "rule" in policy
    ? { method: policy.method ?? null, rule: policy.rule, intents: policy.intents ?? {} }
    : { method: null, rule: policy as Rule, intents: {} };
}

/** The (kind, level) pairs to check: every kind for a route of /organisations/:slug (kinds left out: nobody). */
function levelsOf(route: ManifestRoute, rule: Rule): Array<{ kind: OrganizationKind; level: Level }> {
  if (typeof rule === "string") return [{ kind: "STRUCTURE", level: rule }];
  const perKind = paramNamesOf(route).includes("slug") ? KINDS : (Object.keys(rule) as OrganizationKind[]);
  return perKind.map((kind) => ({ kind, level: rule[kind] ?? "nobody" }));
}

/** Policy mistakes the matrix cannot check: a level of another family, a role level without a kind. */
function policyProblems(route: ManifestRoute, handler: "loader" | "action", policy: HandlerPolicy): string[] {
  const { rule, intents } = splitPolicy(policy);
  const family = familyOf(route);
  const allowed = family === "api" ? API_LEVELS : family === "feed" ? new Set<Level>(["feed-token"]) : PAGE_LEVELS;
  const problems: string[] = [];
  for (const checked of [rule, ...Object.values(intents)]) {
    if (typeof checked === "string" && ROLE_LEVELS.has(checked)) problems.push(`${route.id} ${handler}: a role level needs the kind of the owning organisation`);
    for (const level of typeof checked === "string" ? [checked] : Object.values(checked)) {
      if (!allowed.has(level)) problems.push(`${route.id} ${handler}: "${level}" is not a level of ${family} routes`);
    }
  }
  if (Object.keys(intents).length > 0 && (handler !== "action" || family !== "page")) problems.push(`${route.id} ${handler}: intents are for page actions`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The suites
// ---------------------------------------------------------------------------------------------

describe("the policy table", () => {
  it("has one entry per route module of the manifest, and none for a route that does not exist", () => {
    const ids = routes.map((route) => route.id).sort();
    const missing = ids.filter((id) => !(id in ACCESS_POLICY));
    const stale = Object.keys(ACCESS_POLICY).filter((id) => !byId.has(id));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(ids.length).toBeGreaterThan(60);
  });

  it("declares exactly the loaders and actions each module exports, with levels of the route's kind", async () => {
    const problems: string[] = [];
    const modules = await routeModules();
    for (const route of routes) {
      const module = modules.get(route.id) as RouteModule;
      const policy = ACCESS_POLICY[route.id] ?? {};
      for (const handler of ["loader", "action"] as const) {
        if (Boolean(module[handler]) !== Boolean(policy[handler])) {
          problems.push(`${route.id}: ${module[handler] ? `exports a ${handler} without a policy` : `has a ${handler} policy but no ${handler}`}`);
        }
        if (policy[handler]) problems.push(...policyProblems(route, handler, policy[handler]));
      }
    }
    expect(problems).toEqual([]);
  });
});

const server = setupServer(...premisesApiHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => {
  server.close();
  fs.rmSync(process.env.DATA_DIR as string, { recursive: true, force: true });
});

describe.each(providers)("access on %s", (provider) => {
  let database: TestDatabase;
  let db: Db;
  let f: Fixtures;
  let modules: Map<string, RouteModule>;
  let login: Handler;
  const browsers = new Map<string, Browser>();

  /** A browser logged in as this user through the real login action. */
  async function loggedIn(email: string, { fresh = false } = {}): Promise<Browser> {
    const known = browsers.get(email);
    if (known && !fresh) return known;
    const browser = new Browser();
    const request = await browser.post("/connexion", { email, password: DEMO_PASSWORD });
    const outcome = await login({ request, params: {}, context: {} });
    if (!(outcome instanceof Response) || outcome.status !== 302) throw new Error(`login as ${email} failed`);
    browser.remember(outcome);
    if (!fresh) browsers.set(email, browser);
    return browser;
  }

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    // The app's modules, afresh, on this database (db.server keeps one client per process).
    process.env.DATABASE_URL = database.url;
    delete (globalThis as { __db?: unknown }).__db;
    vi.resetModules();
    db = (await import("~/db.server")).db;
    modules = await routeModules();
    login = modules.get("routes/connexion")?.action as Handler;
    f = await accessFixtures(db);
  }, 300_000);

  afterAll(async () => {
    await db.$disconnect();
    delete (globalThis as { __db?: unknown }).__db;
    await database.dispose();
  });

  /** Routes whose action ends the caller's session: each logged-in actor uses a session of its own. */
  const SESSION_ENDING = new Set(["routes/deconnexion"]);

  it("gives every route × method × actor the outcome of the policy table", async () => {
    const mismatches: string[] = [];
    let checked = 0;
    const record = (label: string, outcome: Outcome, expected: Expectation) => {
      checked += 1;
      dump(`${label}\t${expected}\t${outcome.status}\t${outcome.location ?? ""}`);
      if (!meets(outcome, expected)) {
        mismatches.push(`${label}: expected ${expected}, got ${outcome.status}${outcome.location ? ` → ${outcome.location}` : ""}${outcome.error ? ` (${outcome.error})` : ""}`);
      }
    };

    for (const route of routes) {
      const module = modules.get(route.id) as RouteModule;
      const policy = ACCESS_POLICY[route.id] ?? {};
      for (const handlerName of ["loader", "action"] as const) {
        const handler = module[handlerName];
        const handlerPolicy = policy[handlerName];
        if (!handler || !handlerPolicy) continue;
        const { method: declared, rule, intents } = splitPolicy(handlerPolicy);
        const method = handlerName === "loader" ? "GET" : (declared ?? "POST");
        const variants = [{ intent: null, rule }, ...Object.entries(intents).map(([intent, intentRule]) => ({ intent, rule: intentRule }))];
        for (const { intent, kind, level } of variants.flatMap((variant) => levelsOf(route, variant.rule).map((pair) => ({ intent: variant.intent, ...pair })))) {
          const params = paramsFor(route, kind, f);
          const url = urlOf(route, params);
          const label = `${route.id} ${method}${intent ? ` intent=${intent}` : ""} [${kind}]`;
          const family = familyOf(route);

          if (family === "api") {
            const actors: Array<[string, string | null]> = [
              ["no token", null],
              ["revoked token", f.apiTokens.revoked[kind]],
              ["another organisation's token", f.apiTokens.other],
              ["owner's token", f.apiTokens.owner[kind]],
            ];
            for (const [actor, token] of actors) {
              const served =
                level === "token" ? token === f.apiTokens.other || token === f.apiTokens.owner[kind] : level === "owner-token" && token === f.apiTokens.owner[kind];
              const expected: Expectation = level === "method-not-allowed" ? "405" : served ? "served" : "denied";
              record(`${label} ${actor}`, await call(handler, apiRequest(token, url, method), params), expected);
            }
            continue;
          }

          if (family === "feed") {
            const actors: Array<[string, string, boolean]> = [
              ["unknown token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false],
              ["revoked token", f.feed.revoked, false],
              ["valid token", f.feed.valid, true],
            ];
            for (const [actor, token, served] of actors) {
              const feedParams = { ...params, token };
              const request = new Request(new URL(urlOf(route, feedParams), BASE_URL), { method });
              record(`${label} ${actor}`, await call(handler, request, feedParams), served && level === "feed-token" ? "served" : "denied");
            }
            continue;
          }

          const fields = handlerName === "action" ? { ...actionFieldsFor(route, kind, f), ...(intent ? { intent } : {}) } : {};
          const actors: Array<{ name: string; email: string | null; role: MembershipRole | null }> = [
            { name: "anonymous", email: null, role: null },
            { name: "ADMIN of another organisation", email: f.users[kind].outsider, role: null },
            ...ROLES.map((role) => ({ name: role, email: f.users[kind][role], role })),
          ];
          for (const actor of actors) {
            const served =
              level === "public" ||
              (level === "authenticated" && actor.email !== null) ||
              (ROLE_LEVELS.has(level) && actor.role !== null && hasRole(actor.role, level as MembershipRole));
            const browser = actor.email ? await loggedIn(actor.email, { fresh: handlerName === "action" && SESSION_ENDING.has(route.id) }) : null;
            const request = await pageRequest(browser, url, method as "GET" | "POST", fields);
            record(`${label} ${actor.name}`, await call(handler, request, params), served ? "served" : "denied");
          }
        }
      }
    }
    console.log(`access matrix: ${checked} route×method×actor cases checked (${provider})`);
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  }, 600_000);

  /** What an outsider must never change: the owning organisations' rows that the routes touch. */
  async function ownersData() {
    const organizationId = { in: KINDS.map((kind) => f.owners[kind].id) };
    const scicId = f.owners.SCIC.id;
    const byId = { orderBy: { id: "asc" as const } };
    return {
      organizations: await db.organization.findMany({ where: { id: organizationId }, select: { id: true, updatedAt: true }, ...byId }),
      memberships: await db.membership.findMany({ where: { organizationId }, select: { id: true, role: true }, ...byId }),
      apiTokens: await db.apiToken.findMany({ where: { organizationId }, select: { id: true, revokedAt: true }, ...byId }),
      sites: await db.site.findMany({ where: { organizationId }, select: { id: true, updatedAt: true }, ...byId }),
      spaces: await db.space.findMany({ where: { organizationId }, select: { id: true, updatedAt: true, _count: { select: { closures: true } } }, ...byId }),
      series: await db.bookingSeries.findMany({ where: { organizationId }, select: { id: true, status: true, updatedAt: true }, ...byId }),
      occurrences: await db.occurrence.findMany({ where: { organizationId }, select: { id: true, status: true, updatedAt: true }, ...byId }),
      invoices: await db.invoice.findMany({ where: { scicId }, select: { id: true, number: true }, ...byId }),
      payments: await db.payment.count({ where: { scicId } }),
      premises: await db.premises.findMany({
        where: { organizationId },
        select: { id: true, state: true, updatedAt: true, _count: { select: { photos: true, history: true } } },
        ...byId,
      }),
      applications: await db.premisesApplication.findMany({ select: { id: true, status: true, _count: { select: { scores: true } } }, ...byId }),
      decisions: await db.premisesDecision.count(),
      needs: await db.premisesNeed.findMany({ where: { organizationId }, select: { id: true, status: true, updatedAt: true }, ...byId }),
    };
  }

  /** Valid form fields that would change the owner's resource named in the URL, were the check missing. */
  function idorFields(route: ManifestRoute): Fields {
    switch (route.id) {
      case "routes/organisations.$slug_.sites.$siteId":
        return { intent: "update-site", name: "Site piraté", address: "1 rue du Port", postalCode: "44400", city: "Bellerive-sur-Loire", description: "" };
      case "routes/organisations.$slug_.sites.$siteId_.espaces.nouveau":
        return { name: "Espace piraté", kind: "DESK_POOL", capacity: "12", seats: "10" };
      case "routes/organisations.$slug_.espaces.$spaceId":
        return { intent: "add-closure", startsOn: "2027-01-04", endsOn: "2027-01-04", reason: "Piratage" };
      case "routes/organisations.$slug_.besoins.$needId":
        return { ...WORKSHOP_NEED_FORM, description: "Besoin réécrit par un tiers." };
      case "routes/organisations.$slug_.biens.$id_.modifier":
        return {
          title: "Bien réécrit par un tiers",
          description: "",
          kind: "WORKSHOP",
          domain: "PRIVATE",
          "address.line": "12 rue des Lilas",
          "address.postalCode": "44400",
          "address.commune": "Bellerive-sur-Loire",
          surfaceM2: "85",
          levels: "1",
          condition: "GOOD",
          accessibility: "PARTIAL",
          utilities: ["ELECTRICITY"],
          availableFrom: "2027-06-01",
          availableUntil: "",
          occupationType: "TEMPORARY_OCCUPATION",
          rentEuros: "100",
          chargesEuros: "0",
          socialUtilityReductionPercent: "0",
          worksAllowed: "LIGHT",
          otherConditions: "",
        };
      case "routes/organisations.$slug_.biens.$id_.photos":
        return { alt: "Photo d'un tiers", photo: new File([PNG], "tiers.png", { type: "image/png" }) };
      case "routes/organisations.$slug_.reservations.$seriesId":
        return { intent: "annuler-tout" };
      case "routes/organisations.$slug_.facturation.$invoiceId":
        return { intent: "payment", receivedOn: "2027-02-10", amount: "10", method: "Virement" };
      case "routes/organisations.$slug_.biens.$id":
        return { intent: "WITHDRAW", reason: "Tentative d'un tiers" };
      case "routes/organisations.$slug_.biens.$id_.candidatures":
        return { intent: "score", applicationId: f.ids.reviewApplication, "scores.utilite": "4", "scores.viabilite": "5" };
      default:
        return {};
    }
  }

  it("refuses another organisation's ids, in URLs and in forms, on pages and on the API", async () => {
    const before = await ownersData();
    const problems: string[] = [];
    let attempts = 0;
    const expectDenied = (label: string, outcome: Outcome) => {
      attempts += 1;
      dump(`IDOR ${label}\t${outcome.status}`);
      if (![403, 404].includes(outcome.status)) problems.push(`${label}: expected 403/404, got ${outcome.status}${outcome.error ? ` (${outcome.error})` : ""}`);
    };
    const expectRefused = (label: string, outcome: Outcome) => {
      attempts += 1;
      dump(`IDOR ${label}\t${outcome.status}`);
      if (outcome.status < 400 || outcome.status >= 500) problems.push(`${label}: expected a 4xx refusal, got ${outcome.status}${outcome.error ? ` (${outcome.error})` : ""}`);
    };

    // 1. Pages: the ADMIN of an organisation of the same kind, on their OWN organisation's URL,
    //    with the owner's series, invoice, bien, application, need, photo, site or space id.
    for (const route of routes.filter((r) => familyOf(r) === "page" && paramNamesOf(r).includes("slug") && paramNamesOf(r).length > 1)) {
      const module = modules.get(route.id) as RouteModule;
      const policy = ACCESS_POLICY[route.id] ?? {};
      for (const handlerName of ["loader", "action"] as const) {
        const handler = module[handlerName];
        const handlerPolicy = policy[handlerName];
        if (!handler || !handlerPolicy) continue;
        for (const { kind, level } of levelsOf(route, splitPolicy(handlerPolicy).rule)) {
          if (level === "nobody") continue;
          const params = paramsFor(route, kind, f, f.outsiders[kind].slug);
          const browser = await loggedIn(f.users[kind].outsider);
          const label = `${route.id} ${handlerName} [${kind}] as ${f.outsiders[kind].slug}`;
          if (handlerName === "loader") {
            expectDenied(label, await call(handler, await pageRequest(browser, urlOf(route, params), "GET"), params));
          } else {
            const fields = { ...actionFieldsFor(route, kind, f), ...idorFields(route) };
            expectRefused(label, await call(handler, await pageRequest(browser, urlOf(route, params), "POST", fields), params));
          }
        }
      }
    }

    // 2. Forms that name a row by id: another organisation's API token, membership, bien, pending booking.
    const velo = await loggedIn(f.users.STRUCTURE.outsider);
    const neighbourScic = await loggedIn(f.users.SCIC.outsider);
    const form = async (browser: Browser, routeId: string, slug: string, fields: Fields) => {
      const params = { slug };
      const handler = modules.get(routeId)?.action as Handler;
      return call(handler, await pageRequest(browser, urlOf(routeOf(routeId), params), "POST", fields), params);
    };
    expectRefused(
      "revoke another organisation's API token",
      await form(velo, "routes/organisations.$slug_.jetons", f.outsiders.STRUCTURE.slug, { intent: "revoquer", tokenId: f.ids.ownerApiTokenId }),
    );
    expectRefused(
      "give ADMIN to a member of another organisation",
      await form(velo, "routes/organisations.$slug_.membres", f.outsiders.STRUCTURE.slug, { intent: "changer-role", membershipId: f.ids.ownerMembership, role: "ADMIN" }),
    );
    expectRefused(
      "remove a member of another organisation",
      await form(velo, "routes/organisations.$slug_.membres", f.outsiders.STRUCTURE.slug, { intent: "retirer", membershipId: f.ids.ownerMembership }),
    );
    expectRefused(
      "open another structure's bien to booking",
      await form(velo, "routes/organisations.$slug_.candidatures", f.outsiders.STRUCTURE.slug, { intent: "OPEN_BOOKING", premisesId: f.ids.premises }),
    );
    expectRefused(
      "approve a booking of another SCIC's space",
      await form(neighbourScic, "routes/organisations.$slug_.validations", f.outsiders.SCIC.slug, { seriesId: f.ids.pendingSeries, decision: "APPROVE" }),
    );
    expectRefused(
      "approve a booking of the site another structure runs",
      await form(velo, "routes/organisations.$slug_.validations", f.outsiders.STRUCTURE.slug, { seriesId: f.ids.structurePendingSeries, decision: "APPROVE" }),
    );

    // 3. API: another organisation's token on the owner's booking and occurrence.
    const api = (routeId: string, params: Record<string, string>) => {
      const handler = modules.get(routeId)?.action as Handler;
      return call(handler, apiRequest(f.apiTokens.other, urlOf(routeOf(routeId), params), "DELETE"), params);
    };
    expectDenied("API: cancel another organisation's booking", await api("routes/api.v1.bookings_.$id", { id: f.ids.series }));
    expectDenied(
      "API: cancel an occurrence of another organisation's booking",
      await api("routes/api.v1.bookings_.$id_.occurrences.$start", { id: f.ids.series, start: "2027-06-01T09:00" }),
    );

    // 4. Public pages: a draft bien, its photo and its application form do not exist for anyone.
    const anonymous = new Browser();
    const member = await loggedIn(f.users.STRUCTURE.MEMBER);
    for (const [routeId, params] of [
      ["routes/biens.$id", { id: f.ids.draftPremises }],
      ["routes/biens.photos.$photoId", { photoId: f.ids.draftPhoto }],
      ["routes/biens.$id_.candidater", { id: f.ids.draftPremises }],
    ] as const) {
      const handler = modules.get(routeId)?.loader as Handler;
      const url = urlOf(routeOf(routeId), params);
      for (const browser of routeId === "routes/biens.$id_.candidater" ? [member] : [anonymous, member]) {
        expectDenied(`${routeId} with a draft bien`, await call(handler, await pageRequest(browser, url, "GET"), params));
      }
    }

    console.log(`access matrix: ${attempts} IDOR attempts refused (${provider})`);
    expect(problems).toEqual([]);
    expect(await ownersData()).toEqual(before);

    // Control: the owner's ADMIN sending the same forms on the owner's URLs is answered (2xx/3xx),
    // so the refusals above come from the access checks, not from a form the action rejects.
    const accepted: string[] = [];
    for (const route of routes.filter((r) => Object.keys(idorFields(r)).length > 0)) {
      const handler = modules.get(route.id)?.action as Handler;
      const kind = (Object.keys(splitPolicy(ACCESS_POLICY[route.id].action as HandlerPolicy).rule) as OrganizationKind[])[0];
      const params = paramsFor(route, kind, f);
      const outcome = await call(handler, await pageRequest(await loggedIn(f.users[kind].ADMIN), urlOf(route, params), "POST", idorFields(route)), params);
      accepted.push(`${route.id}: ${outcome.status < 400 ? "accepted" : `refused ${outcome.status}${outcome.error ?? ""}`}`);
    }
    expect(accepted.filter((line) => !line.endsWith("accepted"))).toEqual([]);
  }, 600_000);
});
