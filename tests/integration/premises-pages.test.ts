// The premises pages through their loaders and actions: asset managers create, geocode (msw),
// publish and withdraw biens; photo uploads are limited; access control; public pages and open
// data show public biens only, without personal data.
import fs from "node:fs";
import path from "node:path";
import { setupServer } from "msw/node";
import { db } from "~/db.server";
import { loader as publicListLoader } from "~/routes/biens._index";
import { loader as publicDetailLoader } from "~/routes/biens.$id";
import { loader as csvLoader } from "~/routes/open-data.biens[.csv]";
import { loader as geoJsonLoader } from "~/routes/open-data.biens[.geojson]";
import { loader as managerListLoader } from "~/routes/organisations.$slug_.biens._index";
import { action as createAction } from "~/routes/organisations.$slug_.biens.nouveau";
import { action as premisesAction, loader as premisesLoader } from "~/routes/organisations.$slug_.biens.$id";
import { action as photoAction } from "~/routes/organisations.$slug_.biens.$id_.photos";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { banDown, premisesApiHandlers } from "../mocks/handlers";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { COLLECTIVITE, draftPremises, organizationId, publishDirectly, userId } from "../helpers/premises-fixtures";

vi.hoisted(() => {
  process.env.DATA_DIR = `${process.cwd()}/.cache/premises-uploads-${process.pid}`;
});

const server = setupServer(...premisesApiHandlers);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await seedDemoData(db);
  // A plain member of the collectivité (no asset-management rights).
  await db.membership.create({
    data: { userId: await userId(db, DEMO_USERS.structureMember.email), organizationId: await organizationId(db, COLLECTIVITE), role: "MEMBER" },
  });
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  fs.rmSync(process.env.DATA_DIR as string, { recursive: true, force: true });
});

const BIEN_FORM = {
  title: "Atelier de la rue des Lilas",
  description: "Ancien atelier municipal.",
  kind: "WORKSHOP",
  domain: "PRIVATE",
  "address.line": "12 rue des Lilas",
  "address.postalCode": "44400",
  "address.commune": "Bellerive-sur-Loire",
  surfaceM2: "85.5",
  levels: "1",
  condition: "GOOD",
  accessibility: "PARTIAL",
  utilities: ["ELECTRICITY", "HEATING"],
  availableFrom: "2027-06-01",
  availableUntil: "",
  occupationType: "TEMPORARY_OCCUPATION",
  rentEuros: "312.50",
  chargesEuros: "40",
  socialUtilityReductionPercent: "20",
  insuranceRequired: "on",
  worksAllowed: "LIGHT",
  otherConditions: "",
  "visits[0]": "2027-05-12T10:00",
};

async function create(browser: Browser, fields: Record<string, string | string[]>, options?: { withCsrf?: boolean }) {
  const request = await browser.post(`/organisations/${COLLECTIVITE}/biens/nouveau`, fields, options);
  return respond(() => createAction(routeArgs(request, { slug: COLLECTIVITE })));
}

async function lifecycle(browser: Browser, id: string, fields: Record<string, string>) {
  const request = await browser.post(`/organisations/${COLLECTIVITE}/biens/${id}`, fields);
  return respond(() => premisesAction(routeArgs(request, { slug: COLLECTIVITE, id })));
}

async function uploadPhoto(browser: Browser, id: string, file: File, alt = "Façade de l'atelier") {
  const body = new FormData();
  body.set("csrf", await browser.csrfToken());
  body.set("alt", alt);
  body.set("photo", file);
  const request = browser.get(`/organisations/${COLLECTIVITE}/biens/${id}/photos`, { method: "POST", body });
  return respond(() => photoAction(routeArgs(request, { slug: COLLECTIVITE, id })));
}

const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe("creating a bien", () => {
  it("saves the draft with amounts in cents and the BAN coordinates", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const response = await create(manager, BIEN_FORM);
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")?.split("/").pop() ?? "";
    const bien = await db.premises.findUniqueOrThrow({ where: { id } });
    expect(bien).toMatchObject({
      state: "DRAFT",
      rentCents: 31250,
      chargesCents: 4000,
      surfaceM2: 85.5,
      geocodingStatus: "OK",
      inseeCode: "44999",
      latitude: 47.2184,
      utilities: JSON.stringify(["ELECTRICITY", "HEATING"]),
      visits: JSON.stringify(["2027-05-12T10:00"]),
      availableUntil: null,
    });
  });

  it("still saves the bien when the BAN is down, with geocoding pending", async () => {
    server.use(banDown);
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const response = await create(manager, { ...BIEN_FORM, title: "Atelier sans géocodage" });
    expect(response.status).toBe(302);
    const bien = await db.premises.findFirstOrThrow({ where: { title: "Atelier sans géocodage" } });
    expect([bien.geocodingStatus, bien.latitude, bien.geocodingAttempts]).toEqual(["PENDING", null, 1]);
  });

  it("answers 400 with French messages beside the fields", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const response = await create(manager, { ...BIEN_FORM, surfaceM2: "0", kind: "BARE_LAND", rentEuros: "-3", "address.postalCode": "4440" });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.surfaceM2).toEqual(["La surface doit être supérieure à 0 m²."]);
    expect(error.rentCents).toEqual(["La redevance ne peut pas être négative."]);
    expect(error.levels).toEqual(["Un terrain nu n'a pas de niveau : indiquez 0."]);
    expect(error["address.postalCode"]).toEqual(["Le code postal compte 5 chiffres."]);
  });

  it("refuses anonymous visitors, other organisations, plain members and missing CSRF tokens", async () => {
    expect((await create(new Browser(), BIEN_FORM)).status).toBe(302);
    const structureAdmin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    expect((await create(structureAdmin, BIEN_FORM)).status).toBe(404);
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await create(member, BIEN_FORM)).status).toBe(403);
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    expect((await create(manager, BIEN_FORM, { withCsrf: false })).status).toBe(403);
    const scicAdmin = await browserLoggedInAs(DEMO_USERS.scicAdmin.email);
    const request = scicAdmin.get(`/organisations/fabrique-commune/biens`);
    expect((await respond(() => managerListLoader(routeArgs(request, { slug: "fabrique-commune" })))).status).toBe(404);
  });
});

describe("lifecycle through the bien page", () => {
  it("publishes, refuses a withdrawal without reason, withdraws, and shows the history", async () => {
    const { id } = await draftPremises(db, {}, { deadline: "2099-01-15T12:00" });
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    expect((await lifecycle(manager, id, { intent: "PUBLISH" })).status).toBe(302);
    expect((await db.premises.findUniqueOrThrow({ where: { id } })).state).toBe("PUBLISHED");

    const refused = await lifecycle(manager, id, { intent: "WITHDRAW", reason: "" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toBe("Impossible de retirer ce bien : indiquez le motif du retrait, il sera communiqué aux candidats.");

    const early = await lifecycle(manager, id, { intent: "CLOSE_CALL" });
    expect(early.status).toBe(400);
    expect((await early.json()).message).toMatch(/^Impossible de clore l'appel à candidatures : il reste ouvert jusqu'au/);

    expect((await lifecycle(manager, id, { intent: "WITHDRAW", reason: "Vente du bâtiment décidée en conseil municipal." })).status).toBe(302);
    const page = await respond(() => premisesLoader(routeArgs(manager.get(`/organisations/${COLLECTIVITE}/biens/${id}`), { slug: COLLECTIVITE, id })));
    const { history, bien } = await page.json();
    expect(bien.state).toBe("WITHDRAWN");
    expect(history).toHaveLength(2);
    expect(history[0]).toMatch(/^Publication par Sophie Lefèvre, le .* \(Brouillon → Publié, appel à candidatures ouvert\)\.$/);
    expect(history[1]).toMatch(/^Retrait par Sophie Lefèvre, .* Motif : Vente du bâtiment décidée en conseil municipal\.$/);
  });

  it("refuses publishing without a future deadline, and lifecycle actions by a plain member (403)", async () => {
    const { id } = await draftPremises(db, {}, { deadline: "2020-01-15T12:00" });
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const response = await lifecycle(manager, id, { intent: "PUBLISH" });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe(
      "Impossible de publier ce bien : la date limite de candidature (mercredi 15 janvier 2020 à 12:00) est déjà passée.",
    );
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await lifecycle(member, id, { intent: "WITHDRAW" })).status).toBe(403);
  });
});

describe("photo uploads", () => {
  it("stores a PNG under DATA_DIR/uploads", async () => {
    const { id } = await draftPremises(db);
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const response = await uploadPhoto(manager, id, new File([PNG_BYTES], "facade.png", { type: "image/png" }));
    expect(response.status).toBe(302);
    const photo = await db.premisesPhoto.findFirstOrThrow({ where: { premisesId: id } });
    expect(photo).toMatchObject({ mimeType: "image/png", sizeBytes: PNG_BYTES.byteLength, alt: "Façade de l'atelier" });
    expect(photo.path).toMatch(/^uploads\/premises\/[0-9a-f-]+\.png$/);
    expect(fs.existsSync(path.join(process.env.DATA_DIR as string, photo.path))).toBe(true);
  });

  it("refuses another type, a disguised file and a file over 5 MB with 400 and a French message", async () => {
    const { id } = await draftPremises(db);
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const pdf = await uploadPhoto(manager, id, new File(["%PDF-1.7"], "plan.pdf", { type: "application/pdf" }));
    expect(pdf.status).toBe(400);
    expect((await pdf.json()).errors).toEqual(["La photo doit être une image JPEG, PNG ou WebP."]);
    const disguised = await uploadPhoto(manager, id, new File(["<svg/>"], "image.png", { type: "image/png" }));
    expect((await disguised.json()).errors).toEqual(["La photo doit être une image JPEG, PNG ou WebP."]);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG_BYTES);
    const tooLarge = await uploadPhoto(manager, id, new File([big], "grande.png", { type: "image/png" }));
    expect(tooLarge.status).toBe(400);
    expect((await tooLarge.json()).errors).toEqual(["La photo ne doit pas dépasser 5 Mo."]);
    expect(await db.premisesPhoto.count({ where: { premisesId: id } })).toBe(0);
  });

  it("refuses an upload without CSRF token (403) or by a plain member (403)", async () => {
    const { id } = await draftPremises(db);
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const body = new FormData();
    body.set("alt", "Photo");
    body.set("photo", new File([PNG_BYTES], "a.png", { type: "image/png" }));
    const request = manager.get(`/organisations/${COLLECTIVITE}/biens/${id}/photos`, { method: "POST", body });
    expect((await respond(() => photoAction(routeArgs(request, { slug: COLLECTIVITE, id })))).status).toBe(403);
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await uploadPhoto(member, id, new File([PNG_BYTES], "a.png", { type: "image/png" }))).status).toBe(403);
  });
});

describe("public pages and open data", () => {
  let publishedId = "";
  let draftId = "";
  beforeAll(async () => {
    const manager = await userId(db, DEMO_USERS.collectiviteManager.email);
    const published = await draftPremises(db, { title: "Local public de la place" });
    await db.premises.update({ where: { id: published.id }, data: { latitude: 47.2184, longitude: -1.5536, inseeCode: "44999", geocodingStatus: "OK" } });
    await publishDirectly(db, published.id, manager, new Date("2027-03-01T09:00:00Z"));
    publishedId = published.id;
    draftId = (await draftPremises(db, { title: "Brouillon confidentiel" })).id;
  });

  it("lists public biens to anonymous visitors, with filters, never drafts", async () => {
    const all = await (await respond(() => publicListLoader(routeArgs(new Browser().get("/biens"))))).json();
    const titles = all.biens.map((bien: { title: string }) => bien.title);
    expect(titles).toContain("Local public de la place");
    expect(titles).not.toContain("Brouillon confidentiel");
    const filtered = await (await respond(() => publicListLoader(routeArgs(new Browser().get("/biens?kind=BARE_LAND&commune=Bellerive-sur-Loire"))))).json();
    expect(filtered.biens.map((bien: { title: string }) => bien.title)).not.toContain("Local public de la place");
    const invalid = await (await respond(() => publicListLoader(routeArgs(new Browser().get("/biens?surfaceMin=abc"))))).json();
    expect(invalid.errors.surfaceMin).toEqual(["La surface minimale doit être un nombre."]);
  });

  it("lists them fifty to a page, with the filters kept, the total on every page, 404 past the last page and 400 for a page that is no number", async () => {
    const manager = await userId(db, DEMO_USERS.collectiviteManager.email);
    const before = (await (await respond(() => publicListLoader(routeArgs(new Browser().get("/biens"))))).json()).total as number;
    for (let index = 0; index < 55; index++) {
      const { id } = await draftPremises(db, { title: `Local du lot ${String(index).padStart(2, "0")}`, availableFrom: "2029-01-01", kind: "WORKSHOP" });
      await publishDirectly(db, id, manager, new Date("2027-03-01T09:00:00Z"));
    }
    const list = async (query: string) => respond(() => publicListLoader(routeArgs(new Browser().get(`/biens${query}`))));
    const total = before + 55;
    const first = await (await list("")).json();
    expect(first).toMatchObject({ total, page: 1, pageCount: Math.ceil(total / 50) });
    expect(first.biens).toHaveLength(50);
    const last = await (await list(`?page=${first.pageCount}`)).json();
    expect(last.biens).toHaveLength(total - 50 * (first.pageCount - 1));
    const seen = new Set<string>();
    for (let page = 1; page <= first.pageCount; page++) {
      for (const bien of (await (await list(`?page=${page}`)).json()).biens as Array<{ id: string }>) seen.add(bien.id);
    }
    expect(seen.size).toBe(total);

    const workshops = await (await list("?kind=WORKSHOP&page=2")).json();
    expect(workshops.page).toBe(2);
    expect(workshops.biens.every((bien: { kind: string }) => bien.kind === "WORKSHOP")).toBe(true);
    expect((await list(`?page=${first.pageCount + 1}`)).status).toBe(404);
    expect((await list("?page=deux")).status).toBe(400);
  });

  it("shows the detail of a public bien without personal names or e-mails, and 404 for a draft", async () => {
    const response = await respond(() => publicDetailLoader(routeArgs(new Browser().get(`/biens/${publishedId}`), { id: publishedId })));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("Ville de Bellerive-sur-Loire");
    for (const personal of ["Sophie", "Lefèvre", "patrimoine@", "@ville-bellerive.fr", "actorName"]) expect(text).not.toContain(personal);
    expect((await respond(() => publicDetailLoader(routeArgs(new Browser().get(`/biens/${draftId}`), { id: draftId })))).status).toBe(404);
  });

  it("exports public biens as CSV and GeoJSON", async () => {
    const csv = await respond(() => csvLoader(routeArgs(new Browser().get("/open-data/biens.csv"))));
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    const lines = (await csv.text()).split("\r\n");
    expect(lines[0].split(",").slice(0, 3)).toEqual(["identifiant", "intitule", "type_code"]);
    const row = lines.find((line) => line.startsWith(publishedId)) ?? "";
    expect(row).toContain("Local public de la place");
    expect(row).toContain("2027-03-31T12:00:00+02:00");
    expect(row).toContain(`http://localhost/biens/${publishedId}`);
    expect(lines.some((line) => line.includes("Brouillon confidentiel"))).toBe(false);

    const geo = await respond(() => geoJsonLoader(routeArgs(new Browser().get("/open-data/biens.geojson"))));
    expect(geo.headers.get("Content-Type")).toBe("application/geo+json");
    const collection = await geo.json();
    expect(collection.type).toBe("FeatureCollection");
    const feature = collection.features.find((f: { properties: { identifiant: string } }) => f.properties.identifiant === publishedId);
    expect(feature.geometry).toEqual({ type: "Point", coordinates: [-1.5536, 47.2184] });
    expect(JSON.stringify(collection)).not.toMatch(/Sophie|Lefèvre|@ville-bellerive/);
  });
});
