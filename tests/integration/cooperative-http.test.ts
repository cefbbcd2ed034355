// Sociétaires and tariffs pages: collèges under the legal frame, share movements, register CSV,
// rate cards and a journaled tier override.
import { db } from "~/db.server";
import { action as coopAction, loader as coopLoader } from "~/routes/organisations.$slug_.societaires";
import { loader as registerLoader } from "~/routes/organisations.$slug_.societaires.registre[.csv]";
import { loader as collegesCsvLoader } from "~/routes/organisations.$slug_.societaires.colleges[.csv]";
import { action as tariffsAction, loader as tariffsLoader } from "~/routes/organisations.$slug_.tarifs";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const SCIC = "fabrique-commune";

beforeAll(async () => {
  await seedDemoData(db);
});

async function postCoop(fields: Record<string, string>, email: string = DEMO_USERS.scicManager.email) {
  const browser = await browserLoggedInAs(email);
  return respond(async () => coopAction(routeArgs(await browser.post(`/organisations/${SCIC}/societaires`, fields), { slug: SCIC })));
}

describe("sociétaires", () => {
  it("shows the seeded register to a manager and refuses a member of another organisation", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const page = await respond(() => coopLoader(routeArgs(manager.get(`/organisations/${SCIC}/societaires?date=2026-01-01`), { slug: SCIC })));
    const { register } = await page.json();
    expect(register.colleges).toHaveLength(5);
    expect(register.rows.map((r: { name: string; shares: number }) => [r.name, r.shares])).toEqual([
      ["Amina Benali", 3],
      ["Paul Lefèvre", 2],
      ["Ville de Bellerive-sur-Loire", 40],
      ["Association Savoirs Partagés", 10],
      ["Régie des Bords de Loire", 6],
    ]);
    const outsider = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await respond(() => coopLoader(routeArgs(outsider.get(`/organisations/${SCIC}/societaires`), { slug: SCIC })))).status).toBe(404);
  });

  it("refuses collèges outside the legal frame with a French message, and saves valid ones", async () => {
    const refused = await postCoop({ intent: "colleges", "colleges[0].name": "A", "colleges[0].weightPercent": "60", "colleges[1].name": "B", "colleges[1].weightPercent": "40" });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("Il faut au moins 3 collèges.");
    const current = await db.college.findMany({ where: { scic: { slug: SCIC } }, orderBy: { position: "asc" } });
    const fields: Record<string, string> = { intent: "colleges" };
    const weights = ["25", "25", "20", "15", "15"];
    current.forEach((c, i) => {
      fields[`colleges[${i}].id`] = c.id;
      fields[`colleges[${i}].name`] = c.name;
      fields[`colleges[${i}].weightPercent`] = weights[i];
    });
    expect((await postCoop(fields)).status).toBe(302);
    expect((await db.college.findMany({ where: { scic: { slug: SCIC } }, orderBy: { position: "asc" } })).map((c) => c.weightBasisPoints)).toEqual([2500, 2500, 2000, 1500, 1500]);
  });

  it("refuses an associate linked to an organisation that does not exist (422, nothing written)", async () => {
    const college = await db.college.findFirstOrThrow({ where: { scic: { slug: SCIC } } });
    const before = await db.associate.count();
    const refused = await postCoop({ intent: "associate", kind: "ORGANISATION", name: "Structure fantôme", collegeId: college.id, organizationId: "pas-une-organisation" });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toEqual({ "": ["Organisation inconnue : choisissez-la dans la liste."] });
    expect(await db.associate.count()).toBe(before);
  });

  it("records a refund only within the parts held", async () => {
    const paul = await db.associate.findFirstOrThrow({ where: { name: "Paul Lefèvre" } });
    const tooMany = await postCoop({ intent: "movement", kind: "REFUND", associateId: paul.id, date: "2026-02-01", shares: "5" });
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(await tooMany.json())).toContain("ne détient que 2 parts");
    expect((await postCoop({ intent: "movement", kind: "REFUND", associateId: paul.id, date: "2026-02-01", shares: "1" })).status).toBe(302);
  });

  it("exports the register and the summary per collège as CSV", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const register = await respond(() => registerLoader(routeArgs(manager.get(`/organisations/${SCIC}/societaires/registre.csv?date=2026-01-01`), { slug: SCIC })));
    expect(register.headers.get("Content-Disposition")).toContain("registre-associes-fabrique-commune-2026-01-01.csv");
    const bytes = Buffer.from(await register.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads the accents
    const text = bytes.toString("utf8");
    expect(text.startsWith("\ufeffAssocié;Type;Collège")).toBe(true);
    expect(text).toContain("Ville de Bellerive-sur-Loire;Personne morale;Collectivités;10/06/2024;40;2000,00;2000,00;0,00\r\n");
    const summary = await respond(() => collegesCsvLoader(routeArgs(manager.get(`/organisations/${SCIC}/societaires/colleges.csv?date=2026-01-01`), { slug: SCIC })));
    expect(await summary.text()).toContain("\r\nTotal;100 %;5;61;");
  });
});

describe("tariffs", () => {
  it("lists each organisation's tier and journals a manager's override", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const page = await (await respond(() => tariffsLoader(routeArgs(manager.get(`/organisations/${SCIC}/tarifs`), { slug: SCIC })))).json();
    const tierOf = (name: string) => page.assignments.find((a: { organizationName: string }) => a.organizationName === name)?.tierName;
    expect(tierOf("Association Savoirs Partagés")).toBe("Sociétaire");
    expect(tierOf("Coopérative Vélo Solidaire")).toBe("Structure ESS");
    expect(tierOf("Ville de Bellerive-sur-Loire")).toBe("Collectivité");
    const velo = await db.organization.findUniqueOrThrow({ where: { slug: "velo-solidaire" } });
    const publicTier = page.tiers.find((t: { role: string | null }) => t.role === "PUBLIC");
    const request = await manager.post(`/organisations/${SCIC}/tarifs`, { intent: "override", organizationId: velo.id, tierId: publicTier.id, reason: "Adhésion non renouvelée" });
    expect((await respond(() => tariffsAction(routeArgs(request, { slug: SCIC })))).status).toBe(302);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "pricing_tier.overridden", targetId: velo.id } });
    expect(JSON.parse(audit.details)).toEqual({ tier: "Tarif public", reason: "Adhésion non renouvelée" });
    const noReason = await manager.post(`/organisations/${SCIC}/tarifs`, { intent: "override", organizationId: velo.id, tierId: publicTier.id, reason: "" });
    expect((await respond(() => tariffsAction(routeArgs(noReason, { slug: SCIC })))).status).toBe(400);
  });

  it("saves a rate card from euros and refuses one without any rate", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const space = await db.space.findFirstOrThrow({ where: { name: "Salle Olympe de Gouges" } });
    const tier = await db.pricingTier.findFirstOrThrow({ where: { name: "Structure ESS" } });
    const post = async (card: Record<string, string>) =>
      respond(async () =>
        tariffsAction(routeArgs(await manager.post(`/organisations/${SCIC}/tarifs`, { intent: "rate-card", spaceId: space.id, tierId: tier.id, ...card }), { slug: SCIC })),
      );
    expect((await post({ "card.hourCents": "16,50", "card.halfDayCents": "55" })).status).toBe(302);
    expect(await db.rateCard.findUniqueOrThrow({ where: { spaceId_tierId: { spaceId: space.id, tierId: tier.id } } })).toMatchObject({ hourCents: 1650, halfDayCents: 5500, dayCents: null });
    expect((await post({})).status).toBe(400);
  });
});

describe("finding an organisation in a network of many", () => {
  const NETWORK = Array.from({ length: 55 }, (_, index) => ({ slug: `reseau-${index + 1}`, name: `Structure du réseau ${index + 1}`, kind: "STRUCTURE" as const }));
  type Found = { found: Array<{ id: string; name: string }>; total: number };

  beforeAll(async () => {
    await db.organization.createMany({ data: NETWORK });
  });

  afterAll(async () => {
    await db.organization.deleteMany({ where: { slug: { in: NETWORK.map((o) => o.slug) } } });
  });

  const pageData = async (path: string, loader: typeof tariffsLoader | typeof coopLoader) => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    return (await respond(() => loader(routeArgs(manager.get(`/organisations/${SCIC}/${path}`), { slug: SCIC })))).json();
  };

  it("offers 50 organisations and their tiers without a search, and says how many there are", async () => {
    const others = await db.organization.count({ where: { slug: { not: SCIC } } });
    const page = await pageData("tarifs", tariffsLoader);
    const organizations: Found = page.organizations;
    expect(others).toBeGreaterThan(55);
    expect(organizations.found).toHaveLength(50);
    expect(organizations.total).toBe(others);
    // One tier computed per organisation offered, not per organisation of the network.
    expect(page.assignments).toHaveLength(50);
    expect(organizations.found.map((o) => o.name)).not.toContain("SCIC La Fabrique Commune");
  });

  it("narrows the tariffs page to the names holding every word asked, accents and case aside", async () => {
    const page = await pageData("tarifs?organisation=SOLIDAIRE%20v%C3%A9lo", tariffsLoader);
    expect(page.organizationQuery).toBe("SOLIDAIRE vélo");
    expect(page.organizations).toEqual({ found: [expect.objectContaining({ name: "Coopérative Vélo Solidaire" })], total: 1 });
    expect(page.assignments.map((a: { organizationName: string }) => a.organizationName)).toEqual(["Coopérative Vélo Solidaire"]);
  });

  it("narrows the associates' organisations on the register page, which keeps its date", async () => {
    const page = await pageData("societaires?date=2026-01-01&organisation=reseau%2012", coopLoader);
    expect(page.date).toBe("2026-01-01");
    expect(page.organizations.found.map((o: { name: string }) => o.name)).toEqual(["Structure du réseau 12"]);
    const none = await pageData("societaires?organisation=fabrique", coopLoader);
    expect(none.organizations).toEqual({ found: [], total: 0 });
  });
});
