// The demand register through its routes: a structure publishes, edits and closes a need; a
// fitting bien notifies the structure once; the collectivité sees the demand and the matches.
import { setupServer } from "msw/node";
import { db } from "~/db.server";
import { action as needsAction, loader as needsLoader } from "~/routes/organisations.$slug_.besoins";
import { action as editNeedAction } from "~/routes/organisations.$slug_.besoins.$needId";
import { loader as demandLoader } from "~/routes/organisations.$slug_.demande";
import { action as premisesAction } from "~/routes/organisations.$slug_.biens.$id";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { premisesApiHandlers } from "../mocks/handlers";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { COLLECTIVITE, draftPremises, organizationId, OTHER_STRUCTURE, STRUCTURE, WORKSHOP_NEED_FORM } from "../helpers/premises-fixtures";

const server = setupServer(...premisesApiHandlers);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await seedDemoData(db);
});
afterAll(() => server.close());

async function post(browser: Browser, slug: string, fields: Record<string, string | string[]>) {
  const request = await browser.post(`/organisations/${slug}/besoins`, fields);
  return respond(() => needsAction(routeArgs(request, { slug })));
}

describe("needs of a structure", () => {
  it("publishes a need (any member), refuses an invalid one with French messages, and closes it", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const invalid = await post(member, OTHER_STRUCTURE, { ...WORKSHOP_NEED_FORM, kinds: [], surfaceMaxM2: "10", communesText: "" });
    expect(invalid.status).toBe(400);
    const { error } = await invalid.json();
    expect(error.kinds).toEqual(["Choisissez au moins un type de bien."]);
    expect(error.surfaceMaxM2).toEqual(["La surface maximale doit être supérieure ou égale à la surface minimale."]);
    expect(error.communes).toEqual(["Indiquez au moins une commune."]);

    expect((await post(member, OTHER_STRUCTURE, WORKSHOP_NEED_FORM)).status).toBe(302);
    const need = await db.premisesNeed.findFirstOrThrow({ where: { organizationId: await organizationId(db, OTHER_STRUCTURE) } });
    expect(JSON.parse(need.communes)).toEqual([{ name: "Bellerive-sur-Loire", inseeCode: "44999" }]);
    expect(need.budgetMaxCents).toBe(50000);

    const editRequest = await member.post(`/organisations/${OTHER_STRUCTURE}/besoins/${need.id}`, { ...WORKSHOP_NEED_FORM, surfaceMaxM2: "300" });
    expect((await respond(() => editNeedAction(routeArgs(editRequest, { slug: OTHER_STRUCTURE, needId: need.id })))).status).toBe(302);
    expect((await db.premisesNeed.findUniqueOrThrow({ where: { id: need.id } })).surfaceMaxM2).toBe(300);

    expect((await post(member, OTHER_STRUCTURE, { intent: "close", needId: need.id })).status).toBe(302);
    expect((await db.premisesNeed.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("CLOSED");
  });

  it("refuses other organisations (404), collectivités (404), anonymous visitors and missing CSRF (403)", async () => {
    const outsider = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await post(outsider, OTHER_STRUCTURE, WORKSHOP_NEED_FORM)).status).toBe(404);
    const collectivite = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    expect((await post(collectivite, COLLECTIVITE, WORKSHOP_NEED_FORM)).status).toBe(404);
    expect((await post(new Browser(), OTHER_STRUCTURE, WORKSHOP_NEED_FORM)).status).toBe(302);
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const request = await member.post(`/organisations/${OTHER_STRUCTURE}/besoins`, WORKSHOP_NEED_FORM, { withCsrf: false });
    expect((await respond(() => needsAction(routeArgs(request, { slug: OTHER_STRUCTURE })))).status).toBe(403);
  });
});

describe("matching", () => {
  it("notifies the structure once when a fitting bien is published, and both sides see the match", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    await post(member, OTHER_STRUCTURE, WORKSHOP_NEED_FORM);
    const velo = await organizationId(db, OTHER_STRUCTURE);
    const { id } = await draftPremises(
      db,
      { title: "Atelier municipal", kind: "WORKSHOP", surfaceM2: 90, rentCents: 30000, chargesCents: 5000, socialUtilityReductionPercent: 0, availableFrom: "2027-05-01" },
      { deadline: "2099-01-15T12:00" },
    );
    await db.premises.update({ where: { id }, data: { inseeCode: "44999", latitude: 47.2, longitude: -1.55, geocodingStatus: "OK" } });
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);

    const demand = await (await respond(() => demandLoader(routeArgs(manager.get("/"), { slug: COLLECTIVITE })))).json();
    const draftMatches = demand.matches.find((entry: { bien: { id: string } }) => entry.bien.id === id);
    expect(draftMatches.needs.map((need: { structureName: string }) => need.structureName)).toContain("Coopérative Vélo Solidaire");
    const bellerive = demand.demand.find((commune: { inseeCode: string }) => commune.inseeCode === "44999");
    expect(bellerive.byKind.find((kind: { kind: string }) => kind.kind === "WORKSHOP").needCount).toBeGreaterThanOrEqual(1);

    const publish = await manager.post(`/organisations/${COLLECTIVITE}/biens/${id}`, { intent: "PUBLISH" });
    expect((await respond(() => premisesAction(routeArgs(publish, { slug: COLLECTIVITE, id })))).status).toBe(302);
    const notes = await db.notification.findMany({ where: { organizationId: velo, link: `/biens/${id}` } });
    expect(notes.map((note) => note.title)).toEqual(["Un bien correspond à votre besoin : « Atelier municipal »"]);

    // Publishing a second need of the same structure that also fits: one more notification, not a repeat.
    await post(member, OTHER_STRUCTURE, { ...WORKSHOP_NEED_FORM, surfaceMinM2: "80" });
    expect(await db.notification.count({ where: { organizationId: velo, link: `/biens/${id}` } })).toBe(2);

    const page = await (await respond(() => needsLoader(routeArgs(member.get("/"), { slug: OTHER_STRUCTURE })))).json();
    const open = page.needs.filter((need: { status: string }) => need.status === "OPEN");
    expect(open.every((need: { matches: Array<{ bien: { id: string } }> }) => need.matches.some((match) => match.bien.id === id))).toBe(true);
    expect(await db.notification.count({ where: { organizationId: await organizationId(db, STRUCTURE), link: `/biens/${id}` } })).toBe(0);
  });
});
