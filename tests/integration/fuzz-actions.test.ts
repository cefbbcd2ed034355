/// <reference types="vite/client" />
// Bad input, generated (issue #8): every route module of app/routes that exports an action, and
// every API endpoint (app/routes/api.*, loaders too), receives hostile values made by fast-check
// with a fixed seed: huge strings, control characters, NUL, lone surrogates, wrong types,
// missing and duplicated fields, negative, huge and NaN numbers, invalid and DST-gap dates,
// sub-daily and endless RRULEs, malformed JSON, oversized bodies and uploads, wrong MIME types,
// unknown intents. Each request is sent logged in as an ADMIN of the organisation that owns the
// page (or with its API token), with a valid CSRF token, so the action really runs.
//
// For every input: never a 5xx and never a thrown error that is not a Response; a 4xx carries a
// French message (text, `errors`, conform `error`, API `error.message`/`fields`) and leaves the
// database exactly as it was (row hashes of every table); a 3xx or 2xx is accepted input.
//
// Routes are found from the files of app/routes (the route manifest), so a new action is fuzzed
// without editing this file. Field names come from the zod schemas the route imports from
// app/forms or app/domain (conform names: `a.b`, `list[0].c`), from the names its source uses
// (`name="…"`, `formData.get("…")`), and from the small per-route lists below. Valid values
// (ids of the fixtures, enum values of the schemas, plausible dates) are mixed in, so inputs
// get past the first check and reach the models.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { setupServer } from "msw/node";
import type { ZodTypeAny } from "zod";
import { db, providerOf } from "~/db.server";
import { createBooking } from "~/models/booking.server";
import { runMonthlyBilling } from "~/models/billing.server";
import { createUserSession, getSessionUser } from "~/utils/session.server";
import { DEMO_API_TOKENS, DEMO_USERS } from "../../prisma/seed";
import { billingFixtures, type BillingFixtures } from "../helpers/billing-fixtures";
import { BASE_URL, Browser, respond, routeArgs } from "../helpers/http";
import { hasNulInUrl } from "../../scripts/nul-guard.mjs";
import { premisesApiHandlers } from "../mocks/handlers";

// Accepted uploads are written under DATA_DIR: keep them out of the app's data directory.
vi.hoisted(() => {
  process.env.DATA_DIR = `${process.cwd()}/.cache/fuzz-uploads-${process.pid}`;
});

/** The address and company registries (geocoding of a new bien, SIRET of an application). */
const server = setupServer(...premisesApiHandlers);

/** Change it to explore other inputs; a failure prints the seed and the input to replay. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_270_328);
/** Generated inputs per action (and per API loader); FUZZ_RUNS=1000 for a long run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const NOW = new Date("2027-03-01T08:00:00Z");

const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");

type RouteModule = {
  action?: (args: ReturnType<typeof routeArgs>) => Promise<unknown> | unknown;
  loader?: (args: ReturnType<typeof routeArgs>) => Promise<unknown> | unknown;
};

// Every route module and every form/domain module, imported lazily by path (the manifest).
const routeModules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}");
const schemaModules = import.meta.glob<Record<string, unknown>>(["../../app/forms/*.ts", "../../app/domain/*.ts"]);

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

const MEGABYTE_STRING = "x".repeat(1_000_000);
const LONE_SURROGATES = ["\uD800", "\uDFFF", "a\uD83Db", "\uDC00\uD800"];
const CONTROL = ["\u0000", "a\u0000b", "\u0007\u001b[31m\u0008", "\r\n\t\u000b\u000c", "\u202e\u200b\ufeff", "\u0085\u2028\u2029"];
const NUMBERS = ["-1", "0", "-0", "1e309", "-1e309", "NaN", "Infinity", "-Infinity", "9007199254740993", "99999999999999999999", "1.5", "0x10", "1_000", " 12 ", "١٢"];
const DATES = [
  "2027-03-28T02:30", // the spring DST gap in Paris
  "2027-03-28",
  "02:30",
  "2027-10-31T02:30", // the autumn fold
  "2027-02-30",
  "2027-13-45T25:99",
  "0000-01-01",
  "9999-12-31T23:59",
  "+275760-09-13",
  "-002027-01-01",
  "2027-03-28T02:30:00+01:00",
  "1970-01-01T00:00:00Z",
  "2027-W13",
  "24:00",
  "23:60",
  "14h",
];
const RRULES = [
  "FREQ=SECONDLY",
  "FREQ=MINUTELY;INTERVAL=1",
  "FREQ=HOURLY;COUNT=10",
  "FREQ=DAILY;COUNT=1000000000",
  "FREQ=WEEKLY;COUNT=1000000000;BYDAY=MO,TU,WE,TH,FR,SA,SU",
  "FREQ=WEEKLY;INTERVAL=0",
  "FREQ=YEARLY;UNTIL=99991231T000000Z",
  "FREQ=MONTHLY;BYDAY=5FR;COUNT=600",
  "RRULE:FREQ=DAILY\nEXDATE:20270101",
  "FREQ=WEEKLY;BYDAY=XX",
  "FREQ=DAILY;COUNT=-1",
];
const OTHERS = [
  "",
  " ",
  "true",
  "false",
  "on",
  "null",
  "undefined",
  "[]",
  "{}",
  "[object Object]",
  "__proto__",
  "constructor",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "../../../etc/passwd",
  "%00",
  "e\u0301",
  "💥".repeat(50),
];
/** Rare: each makes the request large (the per-value limit, the 1 MiB body limit). */
const HUGE = ["a".repeat(20_001), MEGABYTE_STRING];
const HOSTILE = [...LONE_SURROGATES, ...CONTROL, ...NUMBERS, ...DATES, ...RRULES, ...OTHERS];

/** A hostile string: one of the lists above, or random text, numbers and dates. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  { weight: 5, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 300, unit: "grapheme" }) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: fc.bigInt().map(String) },
  {
    weight: 2,
    arbitrary: fc.date({ noInvalidDate: false, min: new Date(-8.64e15), max: new Date(8.64e15) }).map((d) => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString().slice(0, 16))),
  },
);

/** A JSON value of the wrong type, for the API. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [[[]]], { $gt: "" }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---------------------------------------------------------------------------------------------
// Field names from zod schemas and route sources
// ---------------------------------------------------------------------------------------------

type Discovered = { file: string; names: Set<string>; intents: Set<string>; values: Map<string, Set<string>> };

function isZod(value: unknown): value is ZodTypeAny {
  return typeof value === "object" && value !== null && "_def" in value && typeof (value as ZodTypeAny).safeParse === "function";
}

/** Conform field names of a schema, and the literal/enum values each accepts. */
function walkSchema(schema: ZodTypeAny, prefix: string, found: Discovered, depth = 0): void {
  if (depth > 12) return;
  const def = schema._def as Record<string, unknown> & { typeName: string };
  const next = (inner: unknown, name = prefix) => isZod(inner) && walkSchema(inner, name, found, depth + 1);
  const addValue = (value: unknown) => {
    if (!prefix || (typeof value !== "string" && typeof value !== "number")) return;
    const set = found.values.get(prefix) ?? new Set<string>();
    set.add(String(value));
    found.values.set(prefix, set);
    if (prefix === "intent") found.intents.add(String(value));
  };
  switch (def.typeName) {
    case "ZodEffects":
      return void next(def.schema);
    case "ZodOptional":
    case "ZodNullable":
    case "ZodDefault":
    case "ZodCatch":
    case "ZodReadonly":
    case "ZodBranded":
      return void next(def.innerType ?? def.type);
    case "ZodPipeline":
      return void next(def.in);
    case "ZodObject": {
      const shape = (schema as unknown as { shape: Record<string, ZodTypeAny> }).shape;
      for (const [key, value] of Object.entries(shape)) walkSchema(value, prefix ? `${prefix}.${key}` : key, found, depth + 1);
      return;
    }
    case "ZodDiscriminatedUnion":
    case "ZodUnion":
      for (const option of def.options as ZodTypeAny[]) walkSchema(option, prefix, found, depth + 1);
      return;
    case "ZodIntersection":
      next(def.left);
      next(def.right);
      return;
    case "ZodArray":
    case "ZodSet":
      if (prefix) found.names.add(prefix);
      next(def.type ?? def.valueType, `${prefix}[0]`);
      next(def.type ?? def.valueType, `${prefix}[1]`);
      return;
    case "ZodRecord":
      if (prefix) found.names.add(prefix);
      return;
    case "ZodLiteral":
      if (prefix) found.names.add(prefix);
      return addValue(def.value);
    case "ZodEnum":
      if (prefix) found.names.add(prefix);
      for (const value of def.values as string[]) addValue(value);
      return;
    case "ZodNativeEnum":
      if (prefix) found.names.add(prefix);
      for (const value of Object.values(def.values as object)) addValue(value);
      return;
    default:
      if (prefix) found.names.add(prefix);
  }
}

function moduleKey(specifier: string): string | undefined {
  const match = /^~\/(forms|domain)\/([\w-]+)$/.exec(specifier);
  return match ? `../../app/${match[1]}/${match[2]}.ts` : undefined;
}

/** Names, intents and values a route's source and imported schemas reveal. */
async function discover(file: string, source: string, extraNames: string[] = []): Promise<Discovered> {
  const found: Discovered = { file, names: new Set(extraNames), intents: new Set(), values: new Map() };
  for (const match of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    const key = moduleKey(match[2]);
    if (!key || !schemaModules[key]) continue;
    const exports = await schemaModules[key]();
    for (const name of match[1].split(",").map((part) => part.trim().split(/\s+as\s+/)[0])) {
      const value = exports[name];
      if (isZod(value)) walkSchema(value, "", found);
    }
  }
  for (const match of source.matchAll(/\bname=(?:"|\{")([A-Za-z_][\w.[\]-]*)"/g)) found.names.add(match[1]);
  for (const match of source.matchAll(/formData\.get(?:All)?\(\s*"([^"]+)"/g)) found.names.add(match[1]);
  for (const match of source.matchAll(/intent\s*===\s*"([^"]+)"/g)) found.intents.add(match[1]);
  for (const match of source.matchAll(/name="intent"\s+value="([^"]+)"/g)) found.intents.add(match[1]);
  for (const match of source.matchAll(/value="([^"]+)"\s+name="intent"/g)) found.intents.add(match[1]);
  found.names.delete("csrf");
  found.names.add("intent");
  return found;
}

// ---------------------------------------------------------------------------------------------
// Fixtures: who is logged in, and the ids a route's params and fields can use
// ---------------------------------------------------------------------------------------------

const ORGS = { scic: "fabrique-commune", structure: "savoirs-partages", collectivite: "ville-de-bellerive" } as const;
type OrgKey = keyof typeof ORGS;
const ADMIN_OF: Record<OrgKey, string> = {
  scic: DEMO_USERS.scicAdmin.email,
  structure: DEMO_USERS.structureAdmin.email,
  collectivite: DEMO_USERS.collectiviteAdmin.email,
};

/** The organisation whose ADMIN sends a route's forms; routes not listed use the SCIC's. */
function ownerOf(file: string): OrgKey {
  if (/^organisations\.\$slug_\.biens/.test(file)) return "collectivite";
  if (/^organisations\.\$slug_\.(besoins|reservations|demande|candidatures)/.test(file)) return "structure";
  if (/^(biens\.|compte|notifications|deconnexion)/.test(file)) return "structure";
  return "scic";
}

type Ids = Record<string, string>;
let f: BillingFixtures;
let ids: Ids;
const browsers = new Map<OrgKey, Browser>();

/** A session for that user, made without the login form (fuzzing the login form throttles it). */
async function sessionFor(email: string): Promise<Browser> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const browser = new Browser();
  browser.remember(await createUserSession(browser.get("/"), user.id, "/"));
  return browser;
}

/** The admin's browser, logged in again if the last input logged them out (deconnexion…). */
async function adminBrowser(owner: OrgKey): Promise<Browser> {
  const current = browsers.get(owner);
  if (current && (await getSessionUser(current.get("/")))) return current;
  const browser = await sessionFor(ADMIN_OF[owner]);
  browsers.set(owner, browser);
  return browser;
}

async function loadIds(): Promise<Ids> {
  const org = (slug: string) => db.organization.findUniqueOrThrow({ where: { slug } });
  const scic = await org(ORGS.scic);
  const structure = await org(ORGS.structure);
  const collectivite = await org(ORGS.collectivite);
  const series = await createBooking(db, {
    spaceId: f.roomId,
    organizationId: structure.id,
    createdById: null,
    title: "Atelier du mardi",
    request: { localStart: "2027-04-06T10:00", localEnd: "2027-04-06T12:00", rrule: "FREQ=WEEKLY;COUNT=6", seats: 1 },
    skip: "NONE",
    now: NOW,
  });
  const pending = await createBooking(db, {
    spaceId: f.approvalRoomId,
    organizationId: structure.id,
    createdById: null,
    title: "Réunion à valider",
    request: { localStart: "2027-04-07T14:00", localEnd: "2027-04-07T16:00", rrule: null, seats: 1 },
    skip: "NONE",
    now: NOW,
  });
  if (!series.ok || !pending.ok) throw new Error("fixture bookings refused");
  const run = await runMonthlyBilling(db, { scicId: f.scicId, month: "2027-01", now: new Date("2027-02-03T09:00:00Z") });
  const openCall = await db.premises.findFirstOrThrow({ where: { organizationId: collectivite.id, state: "PUBLISHED" } });
  const reviewed = await db.premises.findFirst({ where: { organizationId: collectivite.id, state: "UNDER_REVIEW" } });
  const application = await db.premisesApplication.findFirst({});
  const need = await db.premisesNeed.findFirstOrThrow({ where: { organizationId: structure.id } });
  const otherMember = await db.membership.findFirstOrThrow({ where: { organizationId: scic.id, role: { not: "ADMIN" } } });
  const token = await db.apiToken.findFirstOrThrow({ where: { organizationId: scic.id } });
  const site = await db.site.findFirstOrThrow({ where: { organizationId: scic.id } });
  const associate = await db.associate.findFirst({ where: { scicId: scic.id } });
  const college = await db.college.findFirst({ where: { scicId: scic.id } });
  const tier = await db.pricingTier.findFirst({ where: { scicId: scic.id } });
  const notification = await db.notification.findFirst({});
  return {
    scicId: scic.id,
    structureId: structure.id,
    collectiviteId: collectivite.id,
    organizationId: structure.id,
    spaceId: f.roomId,
    poolId: f.poolId,
    siteId: site.id,
    seriesId: series.seriesId,
    pendingSeriesId: pending.seriesId,
    invoiceId: run.created[0]?.invoiceId ?? "aucune-facture",
    premisesId: openCall.id,
    reviewedPremisesId: reviewed?.id ?? openCall.id,
    applicationId: application?.id ?? "aucune-candidature",
    needId: need.id,
    membershipId: otherMember.id,
    tokenId: token.id,
    associateId: associate?.id ?? "aucun-associe",
    collegeId: college?.id ?? "aucun-college",
    tierId: tier?.id ?? "aucun-tarif",
    notificationId: notification?.id ?? "aucune-notification",
    recurrenceId: "2027-04-13T10:00",
  };
}

/** The value of a route param: the owning org's slug, or the fixture id the route expects. */
function paramValue(file: string, name: string, owner: OrgKey): string {
  if (name === "slug") return ORGS[owner];
  if (name === "id") return file.startsWith("api.") ? ids.seriesId : file.includes("candidatures") ? ids.reviewedPremisesId : ids.premisesId;
  if (name === "start") return ids.recurrenceId;
  return ids[name] ?? ids[name.replace(/Id$/, "") + "Id"] ?? "fuzz-inconnu";
}

/** Params of a flat route file name (`organisations.$slug_.biens.$id.tsx` → slug, id). */
function paramNames(file: string): string[] {
  const names = [...file.replace(/\.[jt]sx?$/, "").matchAll(/\$([A-Za-z0-9]+)/g)].map((match) => match[1]);
  if (/(^|\.)\$(\.|$)/.test(file.replace(/\.[jt]sx?$/, "") + ".")) names.push("*");
  return names;
}

/** Percent-encoding of a path segment; a lone surrogate (which no URL can carry) becomes U+FFFD, as in browsers. */
const encodeSegment = (value: string) => encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));

/** A dot inside `[.csv]` is a literal, not a segment separator. */
const ESCAPED_DOT = "\u{E000}";

/** The URL path of a flat route file with its params filled in. */
function urlOf(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/\.[jt]sx?$/, "")
    .replace(/\[(.*?)\]/g, (_m, literal: string) => literal.replaceAll(".", ESCAPED_DOT))
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) => {
      const clean = segment.replace(/_$/, "").replaceAll(ESCAPED_DOT, ".");
      if (clean === "$") return encodeSegment(params["*"] ?? "");
      return clean.replace(/^\$([A-Za-z0-9]+)/, (_m, name: string) => encodeSegment(params[name] ?? ""));
    });
  return `/${segments.join("/")}`.replace(/\/\.(\w+)$/, ".$1");
}

/** Extra field names for routes whose fields are not all in a schema or in `name="…"`. */
const EXTRA_FIELDS: Record<string, string[]> = {
  "organisations.$slug_.biens.$id_.photos.tsx": ["photo", "alt"],
  "biens.$id_.candidater.tsx": ["structure", "piece-libre", "piece-inconnue"],
  "notifications.tsx": ["notificationId", "id"],
};

type FormValues = Record<string, string | string[]>;

/**
 * A valid form per route where one is easy to write (the fuzzer breaks one to three of its
 * fields), so generated inputs reach the models and not only the schemas. Forms that would
 * remove the fixtures the other inputs need (cancel a whole series, withdraw the bien) are left out.
 */
function validForms(file: string): FormValues[] {
  const site = { name: "Site du fuzz", address: "1 rue de la Paix", postalCode: "44400", city: "Bellerive-sur-Loire", description: "" };
  const forms: Record<string, FormValues[]> = {
    "connexion.tsx": [{ email: DEMO_USERS.structureMember.email, password: "pas-le-bon-mot-de-passe" }],
    "compte.tsx": [{ password: "pas-le-bon-mot-de-passe" }],
    "organisations.$slug_.reservations.nouvelle.tsx": [
      { intent: "apercu", spaceId: ids.spaceId, title: "Atelier numérique", date: "2027-05-04", startTime: "10:00", endTime: "11:00", seats: "1", "recurrence.frequency": "NONE" },
      {
        intent: "confirmer",
        spaceId: ids.spaceId,
        title: "Atelier hebdomadaire",
        date: "2027-05-05",
        startTime: "14:00",
        endTime: "15:00",
        seats: "1",
        "recurrence.frequency": "WEEKLY",
        "recurrence.interval": "1",
        "recurrence.weekdays": "WE",
        "recurrence.end.kind": "count",
        "recurrence.end.count": "4",
      },
    ],
    "organisations.$slug_.reservations.$seriesId.tsx": [
      { intent: "annuler-date", recurrenceId: "2027-04-13T10:00" },
      { intent: "deplacer", recurrenceId: "2027-04-20T10:00", date: "2027-04-21", startTime: "10:00", endTime: "12:00" },
      { intent: "modifier-suite", fromRecurrenceId: "2027-05-04T10:00", title: "Atelier du mardi", startTime: "11:00", endTime: "12:00", seats: "1" },
    ],
    "organisations.$slug_.sites.nouveau.tsx": [site],
    "organisations.$slug_.sites.$siteId.tsx": [{ intent: "update-site", ...site, name: "Tiers-lieu des Halles" }],
    "organisations.$slug_.tarifs.tsx": [{ intent: "tier", name: "Tarif du fuzz", role: "NONE", includedHours: "0" }],
    "organisations.$slug_.societaires.tsx": [
      { intent: "associate", kind: "PERSON", name: "Associée du fuzz", collegeId: ids.collegeId },
      { intent: "movement", kind: "SUBSCRIPTION", associateId: ids.associateId, shares: "1", date: "2027-02-01" },
    ],
    "organisations.$slug_.facturation._index.tsx": [{ month: "2027-01" }],
    "organisations.$slug_.facturation.$invoiceId.tsx": [{ intent: "payment", receivedOn: "2027-02-10", amount: "10", method: "TRANSFER" }],
    "organisations.$slug_.membres.tsx": [{ intent: "changer-role", membershipId: ids.membershipId, role: "MANAGER" }],
    "organisations.$slug_.jetons.tsx": [{ intent: "creer", name: "Jeton du fuzz" }],
    "organisations.$slug_.calendrier.tsx": [{ intent: "regenerate", scope: "ORGANIZATION" }],
    "organisations.$slug_.validations.tsx": [{ seriesId: ids.pendingSeriesId, decision: "REJECT", reason: "Salle déjà prise ce jour-là." }],
    "organisations.$slug_.biens.$id_.candidatures.tsx": [{ intent: "score", applicationId: ids.applicationId, "scores.utilite": "3" }],
    "organisations.$slug_.candidatures.tsx": [{ intent: "OPEN_BOOKING", premisesId: ids.premisesId }],
    "organisations.$slug_.besoins.tsx": [{ intent: "close", needId: ids.needId }],
    "organisations.$slug_.biens.$id_.photos.tsx": [{ alt: "Façade sur la place" }],
    "biens.$id_.candidater.tsx": [{ structure: ORGS.structure, siret: "81234567800013", project: "Un lieu ressource de quartier ouvert à toutes et tous.", peopleInvolved: "6" }],
  };
  return forms[file] ?? [];
}

/** Query parameters of the API loaders (their schemas are built per request). */
const API_QUERY: Record<string, string[]> = {
  "api.v1.availability.ts": ["spaceId", "from", "to", "seats"],
  "api.v1.bookings.ts": ["from", "to", "limit"],
  "api.v1.invoices[.csv].ts": ["month"],
  "api.v1.spaces.ts": ["limit"],
};

/** A valid API body per endpoint, that the fuzzer then breaks field by field. */
function apiBase(file: string): Record<string, unknown> {
  if (file === "api.v1.bookings.ts") {
    return { spaceId: ids.spaceId, start: "2027-05-04T10:00", end: "2027-05-04T11:00", rrule: "FREQ=WEEKLY;COUNT=3", title: "Atelier", seats: 1, skipConflicts: true };
  }
  return {};
}

/** Plausible values mixed with the hostile ones, so some inputs pass the first checks. */
function plausible(found: Discovered, name: string): string[] {
  const values = [...(found.values.get(name) ?? [])];
  if (/id$/i.test(name)) values.push(...Object.values(ids));
  if (/date|until|from|to|deadline|availableFrom|start|end|desired/i.test(name)) values.push("2027-05-04", "2027-05-04T10:00", "2027-03-28T02:30", "2027-10-31T02:30");
  if (/time/i.test(name)) values.push("10:00", "02:30", "23:59");
  if (/month/i.test(name)) values.push("2027-01", "2027-13");
  if (/count|seats|capacity|number|shares|weight|cents|amount|minutes|hours|days|percent|surface|levels|score|people/i.test(name)) values.push("1", "10", "-5", "1000000000");
  if (/structure|slug|organisation/i.test(name)) values.push(...Object.values(ORGS));
  values.push("Un texte ordinaire", "2027-05-04", "1");
  return values;
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

type FileSpec = { field: string; name: string; type: string; bytes: "jpeg" | "png" | "html" | "svg" | "oversized" | "empty" };
type Encoding = "urlencoded" | "multipart" | "text/plain" | "json" | "no-content-type" | "broken-multipart" | "multipart-without-boundary";
type FormInput = { kind: "form"; encoding: Encoding; fields: Array<[string, string]>; files: FileSpec[]; oversizedBody: boolean };
type ApiInput = {
  kind: "api";
  method: string;
  pathParams: Record<string, string>;
  query: Array<[string, string]>;
  contentType: string | null;
  body: { type: "json"; value: unknown } | { type: "raw"; text: string } | { type: "bytes"; bytes: number[] } | { type: "huge" } | null;
};

const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];

function fileBytes(kind: FileSpec["bytes"]): Uint8Array<ArrayBuffer> {
  switch (kind) {
    case "jpeg":
      return new Uint8Array([...JPEG, ...new Array(200).fill(7)]);
    case "png":
      return new Uint8Array([...PNG, ...new Array(200).fill(7)]);
    case "html":
      return new TextEncoder().encode("<html><script>alert(1)</script></html>");
    case "svg":
      return new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    case "oversized": {
      const bytes = new Uint8Array(6 * 1024 * 1024 + 1);
      bytes.set(JPEG);
      return bytes;
    }
    case "empty":
      return new Uint8Array();
  }
}

function formInputs(found: Discovered): fc.Arbitrary<FormInput> {
  const names = [...found.names];
  const intents = [...found.intents];
  const fieldValue = (name: string) => fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 2, arbitrary: fc.constantFrom(...plausible(found, name)) });
  const field = fc.constantFrom(...names).chain((name) =>
    fc.oneof(
      // One value, or the same field twice (duplicated), or none (missing: not in the list).
      fieldValue(name).map((value) => [[name, value]] as Array<[string, string]>),
      fc.tuple(fieldValue(name), fieldValue(name)).map(([a, b]) => [[name, a], [name, b]] as Array<[string, string]>),
    ),
  );
  const hostileName = fc.oneof(fc.constantFrom("__proto__", "constructor", "a[999999999]", "x.y.z", "intent[0]", "\u0000", "a".repeat(300), "skip[1000]"), fc.string({ maxLength: 20 }));
  // File inputs of the route (photo, piece-…) get most of the files; any other name some.
  const fileFields = names.filter((name) => /photo|piece|fichier|file/i.test(name));
  const file = fc.record({
    field: fc.oneof(
      ...(fileFields.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...fileFields) }] : []),
      { weight: 1, arbitrary: fc.constantFrom("photo", "piece-libre", "piece-document", "file", ...names.slice(0, 5)) },
    ),
    name: fc.constantFrom("photo.jpg", "plan.pdf", "../../evil.sh", "", "a".repeat(300) + ".png", "\u0000.jpg"),
    type: fc.constantFrom("image/jpeg", "image/png", "image/webp", "text/html", "application/pdf", "image/svg+xml", "application/octet-stream", ""),
    bytes: fc.constantFrom<FileSpec["bytes"]>("jpeg", "png", "html", "svg", "oversized", "empty"),
  });
  const encoding = fc.oneof(
    { weight: fileFields.length > 0 ? 4 : 12, arbitrary: fc.constant<Encoding>("urlencoded") },
    { weight: fileFields.length > 0 ? 12 : 4, arbitrary: fc.constant<Encoding>("multipart") },
    { weight: 1, arbitrary: fc.constantFrom<Encoding>("text/plain", "json", "no-content-type", "broken-multipart", "multipart-without-boundary") },
  );
  // Random fields: whatever names, values, duplicates and missing fields.
  const random = fc.record({
    intent: fc.option(fc.constantFrom(...intents, "fuzz-intention-inconnue", "", "INTENT"), { nil: undefined, freq: 4 }),
    fields: fc.array(field, { maxLength: 12 }).map((groups) => groups.flat()),
    extra: fc.option(fc.tuple(hostileName, hostileString), { nil: undefined, freq: 2 }),
  }).map(({ intent, fields, extra }) => [...(intent === undefined ? [] : [["intent", intent] as [string, string]]), ...fields, ...(extra ? [extra] : [])]);
  // A valid form of the route with one to three fields replaced, dropped or sent twice.
  const bases = validForms(found.file);
  const baseNames = [...new Set([...names, ...bases.flatMap((base) => Object.keys(base))])];
  const mutated = bases.length === 0
    ? random
    : fc
        .record({
          base: fc.constantFrom(...bases),
          mutations: fc.array(fc.record({ name: fc.constantFrom(...baseNames), op: fc.constantFrom("replace", "replace", "drop", "duplicate"), value: hostileString }), { minLength: 0, maxLength: 3 }),
        })
        .chain(({ base, mutations }) =>
          fc.tuple(...mutations.map((m) => fc.oneof(fc.constant(m.value), fc.constantFrom(...plausible(found, m.name))))).map((values) => {
            let fields = Object.entries(base).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => [name, item] as [string, string]));
            mutations.forEach((mutation, index) => {
              const value = values[index] ?? mutation.value;
              if (mutation.op === "drop") fields = fields.filter(([name]) => name !== mutation.name);
              else if (mutation.op === "duplicate") fields.push([mutation.name, value]);
              else fields = [...fields.filter(([name]) => name !== mutation.name), [mutation.name, value]];
            });
            return fields;
          }),
        );
  return fc
    .record({
      fields: fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 2, arbitrary: random }),
      encoding,
      files: fc.array(file, { maxLength: 2 }),
      // One input in forty is a body over the size limit, made of values each under the per-value limit.
      roll: fc.integer({ min: 0, max: 39 }),
    })
    .map(({ fields, encoding, files, roll }): FormInput => ({
      kind: "form",
      encoding,
      fields,
      files: encoding === "multipart" ? files : [],
      oversizedBody: roll === 0,
    }));
}

const MALFORMED_JSON = ["{", '{"spaceId":', "[1,2", "nul", "'single'", '{"a":1,}', "\uFEFF{}", '{"__proto__":{"polluted":true}}', "1e999", "[]", "null", '"texte"', "{}".repeat(1000), "[".repeat(5000) + "]".repeat(5000)];

function apiInputs(file: string, hasAction: boolean, queryNames: string[]): fc.Arbitrary<ApiInput> {
  const base = apiBase(file);
  const keys = [...Object.keys(base), "spaceId", "start", "end", "rrule", "seats", "title", "skipConflicts", "unknownKey"];
  const params = paramNames(file);
  const mutatedBody = fc
    .array(fc.tuple(fc.constantFrom(...keys), fc.oneof(hostileJson, fc.constant(undefined))), { maxLength: 4 })
    .map((changes) => {
      const value: Record<string, unknown> = { ...base };
      for (const [key, replacement] of changes) {
        if (replacement === undefined) delete value[key];
        else value[key] = replacement;
      }
      return { type: "json" as const, value };
    });
  const body = fc.oneof(
    { weight: 4, arbitrary: mutatedBody },
    { weight: 1, arbitrary: hostileJson.map((value) => ({ type: "json" as const, value })) },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_JSON).map((text) => ({ type: "raw" as const, text })) },
    { weight: 1, arbitrary: fc.constantFrom([0xff, 0xfe, 0x7b, 0x7d], [0xc3, 0x28], [0xed, 0xa0, 0x80]).map((bytes) => ({ type: "bytes" as const, bytes })) },
    { weight: 1, arbitrary: fc.constant({ type: "huge" as const }) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  return fc.record({
    kind: fc.constant("api" as const),
    method: hasAction ? fc.constantFrom("POST", "POST", "POST", "PUT", "PATCH", "DELETE", "GET") : fc.constant("GET"),
    pathParams: fc.record(Object.fromEntries(params.map((name) => [name, fc.oneof(fc.constant(paramValue(file, name, "structure")), hostileString.filter((s) => s.length < 5000))]))),
    query: fc.array(fc.tuple(fc.constantFrom(...queryNames, "limit", "page"), fc.oneof(hostileString.filter((s) => s.length < 5000), fc.constantFrom("2027-03-01", "2027-04-30", "2027-01", ids.spaceId, "10", "100000"))), { maxLength: 4 }),
    contentType: fc.constantFrom("application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", null),
    body,
  });
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

async function formRequest(browser: Browser, url: string, input: FormInput): Promise<Request> {
  const token = await browser.csrfToken();
  const headers = new Headers();
  if (browser.cookieHeader) headers.set("Cookie", browser.cookieHeader);
  const fields: Array<[string, string]> = [["csrf", token], ...input.fields];
  if (input.oversizedBody) for (let i = 0; i < 110; i += 1) fields.push([`remplissage${i}`, "y".repeat(19_000)]);
  const url_ = new URL(url, BASE_URL);
  switch (input.encoding) {
    case "multipart": {
      const form = new FormData();
      for (const [name, value] of fields) form.append(name, value);
      for (const file of input.files) form.append(file.field, new Blob([fileBytes(file.bytes)], { type: file.type }), file.name);
      return new Request(url_, { method: "POST", body: form, headers });
    }
    case "text/plain":
      headers.set("Content-Type", "text/plain;charset=UTF-8");
      return new Request(url_, { method: "POST", body: fields.map(([name, value]) => `${name}=${value}`).join("\r\n"), headers });
    case "json":
      headers.set("Content-Type", "application/json");
      return new Request(url_, { method: "POST", body: JSON.stringify(Object.fromEntries(fields)), headers });
    case "broken-multipart":
      headers.set("Content-Type", "multipart/form-data; boundary=----fuzz");
      return new Request(url_, { method: "POST", body: `------fuzz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n------fuzz\r\nContent-Disposition: form-data; name="x`, headers });
    default: {
      const body = new URLSearchParams();
      for (const [name, value] of fields) body.append(name, value);
      if (input.encoding === "urlencoded") headers.set("Content-Type", "application/x-www-form-urlencoded");
      if (input.encoding === "multipart-without-boundary") headers.set("Content-Type", "multipart/form-data");
      // "no-content-type": a Request with a string body would add text/plain; send bytes instead.
      return new Request(url_, { method: "POST", body: new TextEncoder().encode(body.toString()), headers });
    }
  }
}

function apiRequest(url: string, input: ApiInput, token: string): Request {
  const headers = new Headers({ Authorization: `Bearer ${token}` });
  if (input.contentType) headers.set("Content-Type", input.contentType);
  let body: BodyInit | undefined;
  if (input.method !== "GET" && input.body) {
    if (input.body.type === "json") body = JSON.stringify(input.body.value ?? null);
    else if (input.body.type === "raw") body = input.body.text;
    else if (input.body.type === "bytes") body = new Uint8Array(input.body.bytes);
    else body = JSON.stringify({ title: "x".repeat(200_000) });
  }
  const target = new URL(url, BASE_URL);
  for (const [name, value] of input.query) target.searchParams.append(name, value);
  return new Request(target, { method: input.method, headers, body });
}

// ---------------------------------------------------------------------------------------------
// Judging a response
// ---------------------------------------------------------------------------------------------

const FRENCH = /[àâçéèêëîïôûùüÿœ«»]|\b(le|la|les|de|des|du|un|une|est|sont|doit|pas|ce|cette|votre|vos|au|aux|et|ou|en|à|introuvable|invalide|inconnue?|manquante?|obligatoire|incorrecte?|choisissez|indiquez|trop|envoyez|formulaire|candidature|action)\b/i;
const ENGLISH = /\b(expected|received|must|required|invalid[_ ]\w+|string|number|undefined|error:|cannot|unexpected|is not|should)\b/i;
/** Keys holding our error messages; the rest (echoes of the input, conform's state…) is skipped. */
const MESSAGE_KEYS = new Set(["error", "errors", "message", "formErrors", "fields", "fieldErrors", "notice"]);
const CONTAINER_KEYS = new Set(["result", "preview"]);

function messagesOf(value: unknown, underMessage = false, out: string[] = []): string[] {
  if (typeof value === "string") {
    if (underMessage) out.push(value);
  } else if (Array.isArray(value)) {
    if (underMessage) for (const item of value) messagesOf(item, true, out);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      // Under an error object every key is a field name and every string a message.
      if (underMessage && key !== "code") messagesOf(item, true, out);
      // conform's reply lists the submitted field names under `fields`; the API's `fields` holds messages.
      else if (MESSAGE_KEYS.has(key) && !(key === "fields" && Array.isArray(item))) messagesOf(item, true, out);
      else if (CONTAINER_KEYS.has(key)) messagesOf(item, false, out);
    }
  }
  return out;
}

async function frenchProblem(response: Response): Promise<string | null> {
  const text = await response.text();
  const type = response.headers.get("Content-Type") ?? "";
  let messages: string[];
  if (type.includes("json")) {
    try {
      messages = messagesOf(JSON.parse(text));
    } catch {
      return `unparsable JSON body: ${text.slice(0, 120)}`;
    }
  } else {
    messages = text.trim() ? [text.trim()] : [];
  }
  if (messages.length === 0) return `no message in ${text.slice(0, 200)}`;
  const english = messages.find((message) => !FRENCH.test(message) || ENGLISH.test(message));
  return english === undefined ? null : `message not in French: ${JSON.stringify(english.slice(0, 200))}`;
}

/** Columns that reading may touch: using an API token records when it was last used. */
const BOOKKEEPING_COLUMNS: Record<string, string[]> = { ApiToken: ["lastUsedAt"] };

const postgres = providerOf(db) === "postgres";

/** Row hashes of every table, to tell whether a rejected input wrote anything. */
async function snapshot(except: ReadonlySet<string>): Promise<Map<string, string>> {
  const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(
    postgres
      ? "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_prisma%' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name",
  );
  const result = new Map<string, string>();
  for (const { name } of tables) {
    if (except.has(name)) continue;
    const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "${name}"`);
    for (const row of rows) for (const column of BOOKKEEPING_COLUMNS[name] ?? []) delete row[column];
    // PostgreSQL has no rowid: rows are compared in the order of their text.
    const texts = rows
      .map((row) => JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value)))
      .sort();
    result.set(name, `${rows.length}:${createHash("sha256").update(texts.join("\n")).digest("hex")}`);
  }
  return result;
}

/**
 * What moves whenever something is written: SQLite's rows written through the app's single
 * connection (rolled-back ones included), PostgreSQL's write-ahead log position (which other
 * databases of the server move too: then the row hashes decide).
 */
async function totalChanges(): Promise<string> {
  const [row] = await db.$queryRawUnsafe<Array<{ n: unknown }>>(postgres ? "SELECT pg_current_wal_insert_lsn()::text AS n" : "SELECT total_changes() AS n");
  return String(row.n);
}

/**
 * The database's state before an input, and whether it is the same after. total_changes() is
 * the fast path (nothing written at all); when it moved, the row hashes decide, so a write
 * that was rolled back, or to an ignored table, is not taken for a change.
 */
class DatabaseWatch {
  #changes = "";
  #snapshot: Map<string, string> | null = null;
  #except: ReadonlySet<string> = new Set();

  async before(except: ReadonlySet<string>): Promise<void> {
    const changes = await totalChanges();
    if (changes !== this.#changes || !this.#snapshot || !sameSet(except, this.#except)) {
      this.#snapshot = await snapshot(except);
      this.#changes = changes;
      this.#except = except;
    }
  }

  /** Tables whose rows differ from before(). */
  async changed(): Promise<string[]> {
    const changes = await totalChanges();
    if (changes === this.#changes && this.#snapshot) return [];
    const after = await snapshot(this.#except);
    const changed = changedTables(this.#snapshot ?? new Map(), after);
    this.#snapshot = after;
    this.#changes = changes;
    return changed;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

const watch = new DatabaseWatch();

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));
}

/** Tables a rejected input may legitimately write: sessions, and the login throttle's attempts. */
const MAY_WRITE_ON_REJECTION: Record<string, string[]> = {
  "connexion.tsx": ["LoginAttempt", "AuditEvent"],
};
const ALWAYS_IGNORED = ["Session"];

function describe_(input: FormInput | ApiInput): string {
  return JSON.stringify(input, (_key, value) => (typeof value === "string" && value.length > 80 ? `${value.slice(0, 40)}…(${value.length} chars)` : value));
}

type Failure = { route: string; input: string; problem: string };

/** Statuses answered per route, to show (and check) that inputs got past access control. */
const statuses = new Map<string, Map<number, number>>();

async function judge(route: string, input: FormInput | ApiInput, except: Set<string>, run: () => Promise<unknown>): Promise<Failure | null> {
  await watch.before(except);
  let response: Response;
  try {
    response = await respond(run);
  } catch (error) {
    return { route, input: describe_(input), problem: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
  const status = response.status;
  const tally = statuses.get(route) ?? new Map<number, number>();
  tally.set(status, (tally.get(status) ?? 0) + 1);
  statuses.set(route, tally);
  if (status >= 500) return { route, input: describe_(input), problem: `answered ${status}: ${(await response.text()).slice(0, 300)}` };
  if (status >= 400) {
    const french = await frenchProblem(response);
    if (french) return { route, input: describe_(input), problem: `${status}, ${french}` };
    const changed = await watch.changed();
    if (changed.length > 0) return { route, input: describe_(input), problem: `${status} but the database changed: ${changed.join(", ")}` };
    return null;
  }
  if (status >= 300 && !response.headers.get("Location")) return { route, input: describe_(input), problem: `${status} without Location` };
  if (status < 200) return { route, input: describe_(input), problem: `answered ${status}` };
  return null;
}

// ---------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  f = await billingFixtures(db);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  ids = await loadIds();
});

afterAll(() => {
  vi.useRealTimers();
  server.close();
  fs.rmSync(process.env.DATA_DIR as string, { recursive: true, force: true });
});

const routeFiles = fs
  .readdirSync(ROUTES_DIR)
  .filter((file) => /\.(ts|tsx)$/.test(file))
  .sort();

describe("fuzzing every action and API endpoint", () => {
  it("answers hostile input with a French 4xx and an untouched database, or accepts it; never a 5xx", async () => {
    const failures: Failure[] = [];
    let tried = 0;
    let actions = 0;
    for (const file of routeFiles) {
      const module = await routeModules[`../../app/routes/${file}`]();
      const isApi = file.startsWith("api.");
      if (!module.action && !(isApi && module.loader)) continue;
      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const owner = ownerOf(file);
      const params = Object.fromEntries(paramNames(file).map((name) => [name, paramValue(file, name, owner)]));
      const except = new Set([...ALWAYS_IGNORED, ...(MAY_WRITE_ON_REJECTION[file] ?? [])]);
      const started = performance.now();
      const seed = SEED + [...file].reduce((sum, char) => sum + char.charCodeAt(0), 0);

      if (isApi) {
        const token = file.includes("invoices") ? DEMO_API_TOKENS.scic : DEMO_API_TOKENS.structure;
        const handlers = [...(module.action ? ["action" as const] : []), ...(module.loader ? ["loader" as const] : [])];
        for (const handler of handlers) {
          actions += 1;
          const inputs = fc.sample(apiInputs(file, handler === "action", API_QUERY[file] ?? []), { seed: seed + (handler === "loader" ? 1 : 0), numRuns: RUNS });
          for (const input of inputs) {
            if (handler === "loader") input.method = "GET";
            else if (input.method === "GET") input.method = "POST";
            // Remix decodes params from the URL: what a URL cannot carry (a lone surrogate) never reaches them.
            const pathParams = Object.fromEntries(
              Object.entries({ ...params, ...input.pathParams }).map(([name, value]) => [name, decodeURIComponent(encodeSegment(value))]),
            );
            const request = apiRequest(urlOf(file, pathParams), input, token);
            const run = module[handler] as NonNullable<RouteModule["action"]>;
            tried += 1;
            // The server refuses an address with a NUL (400, scripts/nul-guard.mjs) before any route.
            const { pathname, search } = new URL(request.url);
            if (hasNulInUrl(pathname + search)) continue;
            const failure = await judge(`${file} (${handler})`, input, except, async () => run(routeArgs(request, pathParams)));
            if (failure) failures.push(failure);
          }
        }
        continue;
      }

      actions += 1;
      const found = await discover(file, source, EXTRA_FIELDS[file]);
      // The login form is sent by someone not logged in (with the CSRF cookie of their browser).
      const anonymous = file === "connexion.tsx" ? new Browser() : null;
      const inputs = fc.sample(formInputs(found), { seed, numRuns: RUNS });
      for (const input of inputs) {
        const browser = anonymous ?? (await adminBrowser(owner));
        const request = await formRequest(browser, urlOf(file, params), input);
        tried += 1;
        const action = module.action as NonNullable<RouteModule["action"]>;
        const failure = await judge(file, input, except, async () => action(routeArgs(request, params)));
        if (failure) failures.push(failure);
      }
      if (process.env.FUZZ_PROFILE) console.log(`${file}: ${Math.round(performance.now() - started)} ms`);
    }
    console.log(`fuzz: ${tried} inputs tried over ${actions} actions`);
    if (process.env.FUZZ_PROFILE) {
      for (const [route, tally] of statuses) console.log(route, Object.fromEntries([...tally].sort(([a], [b]) => a - b)));
    }
    expect(actions).toBeGreaterThanOrEqual(30);
    expect(failures.slice(0, 40)).toEqual([]);
    // Logged in as the owner's ADMIN with a valid CSRF token: every action really ran for some
    // inputs (an answer other than 401/403), otherwise the fuzzing would only test the login.
    const neverPastAccess = [...statuses].filter(([, tally]) => [...tally.keys()].every((status) => status === 401 || status === 403));
    expect(neverPastAccess.map(([route]) => route)).toEqual([]);
  }, 900_000);
});

describe("the route manifest", () => {
  it("finds the action routes, fills their params and builds their URLs", () => {
    expect(urlOf("organisations.$slug_.biens.$id_.photos.tsx", { slug: "ville", id: "b1" })).toBe("/organisations/ville/biens/b1/photos");
    expect(urlOf("api.v1.invoices[.csv].ts", {})).toBe("/api/v1/invoices.csv");
    expect(urlOf("api.$.ts", { "*": "x" })).toBe("/api/x");
    expect(paramNames("api.v1.bookings_.$id_.occurrences.$start.ts")).toEqual(["id", "start"]);
    expect(paramNames("api.$.ts")).toEqual(["*"]);
  });
});
