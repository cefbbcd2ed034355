// Applications, scoring, ranking and the decision through the routes: a structure applies (SIRET
// checked with msw), reviewers score, a manager attributes, every applicant is notified, and the
// convention is printable and downloads as a PDF. Needs: matching notifies the structure.
import { setupServer } from "msw/node";
import { db } from "~/db.server";
import { action as applyAction } from "~/routes/biens.$id_.candidater";
import { action as premisesAction } from "~/routes/organisations.$slug_.biens.$id";
import { action as reviewAction, loader as reviewLoader } from "~/routes/organisations.$slug_.biens.$id_.candidatures";
import { loader as conventionLoader } from "~/routes/organisations.$slug_.biens.$id_.convention";
import { loader as conventionPdfLoader } from "~/routes/organisations.$slug_.biens.$id_.convention[.pdf]";
import { loader as applicationsLoader } from "~/routes/organisations.$slug_.candidatures";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { premisesApiHandlers, registryDown } from "../mocks/handlers";
import { respond, routeArgs, type Browser } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { applicationInput, COLLECTIVITE, draftPremises, organizationId, OTHER_STRUCTURE, publishDirectly, STRUCTURE, userId } from "../helpers/premises-fixtures";

const server = setupServer(...premisesApiHandlers);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await seedDemoData(db);
  await db.membership.create({
    data: { userId: await userId(db, DEMO_USERS.structureMember.email), organizationId: await organizationId(db, COLLECTIVITE), role: "MEMBER" },
  });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function applicationFields(structure: string, siret: string) {
  const input = applicationInput({ siret });
  return {
    structure,
    siret,
    project: input.project as string,
    activity: input.activity as string,
    peopleInvolved: "6",
    desiredStart: "2027-05-01",
    durationMonths: "18",
    maxRentEuros: "400",
    socialUtilityStatement: input.socialUtilityStatement as string,
  };
}

async function apply(browser: Browser, premisesId: string, fields: Record<string, string>) {
  const request = await browser.post(`/biens/${premisesId}/candidater`, fields);
  return respond(() => applyAction(routeArgs(request, { id: premisesId })));
}

async function review(browser: Browser, premisesId: string, fields: Record<string, string>) {
  const request = await browser.post(`/organisations/${COLLECTIVITE}/biens/${premisesId}/candidatures`, fields);
  return respond(() => reviewAction(routeArgs(request, { slug: COLLECTIVITE, id: premisesId })));
}

/** A published bien whose call is open (deadline far ahead). */
async function openBien() {
  const { id } = await draftPremises(db, {}, { deadline: "2099-01-15T12:00" });
  await publishDirectly(db, id, await userId(db, DEMO_USERS.collectiviteManager.email), new Date("2027-03-01T09:00:00Z"));
  return id;
}

async function closeCall(premisesId: string) {
  await db.premises.update({ where: { id: premisesId }, data: { state: "UNDER_REVIEW" } });
}

describe("applying", () => {
  it("accepts an application, verifies the SIRET, and the structure follows it", async () => {
    const premisesId = await openBien();
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await apply(member, premisesId, applicationFields(STRUCTURE, "81234567800013"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/organisations/${STRUCTURE}/candidatures`);
    const application = await db.premisesApplication.findFirstOrThrow({ where: { call: { premisesId } } });
    expect([application.siretStatus, application.maxRentCents]).toEqual(["VERIFIED", 40000]);
    const list = await (await respond(() => applicationsLoader(routeArgs(member.get(`/organisations/${STRUCTURE}/candidatures`), { slug: STRUCTURE })))).json();
    expect(list.applications.map((a: { id: string }) => a.id)).toContain(application.id);
  });

  it("accepts the application as non vérifié when the registry is down", async () => {
    server.use(registryDown);
    const premisesId = await openBien();
    const other = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    expect((await apply(other, premisesId, applicationFields(OTHER_STRUCTURE, "84567891200039"))).status).toBe(302);
    const application = await db.premisesApplication.findFirstOrThrow({ where: { call: { premisesId } } });
    expect([application.siretStatus, application.siretData, application.siretCheckAttempts]).toEqual(["UNVERIFIED", null, 1]);
  });

  it("refuses an invalid SIRET (400, French), a second application (400), a closed call, and another structure's slug (404)", async () => {
    const premisesId = await openBien();
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const invalid = await apply(member, premisesId, applicationFields(STRUCTURE, "81234567800014"));
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.siret).toEqual(["Ce SIRET n'est pas valide (clé de contrôle incorrecte)."]);
    expect((await apply(member, premisesId, applicationFields(STRUCTURE, "81234567800013"))).status).toBe(302);
    const again = await apply(member, premisesId, applicationFields(STRUCTURE, "81234567800013"));
    expect(again.status).toBe(400);
    expect((await again.json()).error[""]).toEqual(["Votre structure a déjà candidaté pour ce bien."]);
    expect((await apply(member, premisesId, applicationFields(OTHER_STRUCTURE, "84567891200039"))).status).toBe(404);
    await closeCall(premisesId);
    const other = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    const closed = await apply(other, premisesId, applicationFields(OTHER_STRUCTURE, "84567891200039"));
    expect(closed.status).toBe(400);
    expect((await closed.json()).error[""]).toEqual(["Ce bien ne fait pas l'objet d'un appel à candidatures ouvert."]);
  });
});

describe("withdrawal", () => {
  it("tells every applicant why a published bien is withdrawn", async () => {
    const premisesId = await openBien();
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    await apply(member, premisesId, applicationFields(STRUCTURE, "81234567800013"));
    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const request = await manager.post(`/organisations/${COLLECTIVITE}/biens/${premisesId}`, { intent: "WITHDRAW", reason: "Le bâtiment doit être désamianté." });
    expect((await respond(() => premisesAction(routeArgs(request, { slug: COLLECTIVITE, id: premisesId })))).status).toBe(302);
    const note = await db.notification.findFirstOrThrow({ where: { organizationId: await organizationId(db, STRUCTURE), title: "Le bien « Ancienne poste du centre » est retiré" } });
    expect(note.body).toBe(
      "Ville de Bellerive-sur-Loire a retiré le bien « Ancienne poste du centre » (Bellerive-sur-Loire) : votre candidature ne sera pas examinée. Motif : Le bâtiment doit être désamianté.",
    );
  });
});

describe("scoring, ranking and the decision", () => {
  it("ranks scored applications, attributes the bien, notifies every applicant, and prepares the convention", async () => {
    const premisesId = await openBien();
    const savoirs = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const velo = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    await apply(savoirs, premisesId, applicationFields(STRUCTURE, "81234567800013"));
    await apply(velo, premisesId, applicationFields(OTHER_STRUCTURE, "84567891200039"));
    await closeCall(premisesId);
    const applications = await db.premisesApplication.findMany({ where: { call: { premisesId } }, include: { organization: true } });
    const savoirsApplication = applications.find((a) => a.organization.slug === STRUCTURE)?.id ?? "";
    const veloApplication = applications.find((a) => a.organization.slug === OTHER_STRUCTURE)?.id ?? "";

    const manager = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const reviewer = await browserLoggedInAs(DEMO_USERS.structureMember.email); // also a plain member of the collectivité
    const outOfRange = await review(manager, premisesId, { intent: "score", applicationId: savoirsApplication, "scores.utilite": "7" });
    expect(outOfRange.status).toBe(400);
    expect((await outOfRange.json()).message).toBe("La note est un nombre entier de 0 à 5.");

    const early = await review(manager, premisesId, { intent: "decide", winnerId: savoirsApplication });
    expect(early.status).toBe(400);
    expect((await early.json()).message).toMatch(/^Toutes les candidatures doivent être notées sur chaque critère avant la décision/);

    const first = await review(manager, premisesId, { intent: "score", applicationId: savoirsApplication, "scores.utilite": "5", "scores.viabilite": "4" });
    expect(first.status, await first.clone().text()).toBe(302);
    await review(reviewer, premisesId, { intent: "score", applicationId: savoirsApplication, "scores.utilite": "4", "scores.viabilite": "4" });
    await review(manager, premisesId, { intent: "score", applicationId: veloApplication, "scores.utilite": "3", "scores.viabilite": "5" });

    const page = await (await respond(() => reviewLoader(routeArgs(manager.get("/"), { slug: COLLECTIVITE, id: premisesId })))).json();
    // Savoirs: 60 × 4.5/5 + 40 × 4/5 = 54 + 32 = 86; Vélo: 60 × 3/5 + 40 × 5/5 = 36 + 40 = 76.
    expect(page.ranked.map((entry: { structureName: string; score: number }) => [entry.structureName, entry.score])).toEqual([
      ["Association Savoirs Partagés", 86],
      [expect.any(String), 76],
    ]);

    expect((await review(reviewer, premisesId, { intent: "decide", winnerId: savoirsApplication })).status).toBe(403);
    const decided = await review(manager, premisesId, { intent: "decide", winnerId: savoirsApplication, commonMessage: "Merci à toutes les structures." });
    expect(decided.status).toBe(302);
    expect((await db.premises.findUniqueOrThrow({ where: { id: premisesId } })).state).toBe("ATTRIBUTED");
    const statuses = await db.premisesApplication.findMany({ where: { call: { premisesId } }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [savoirsApplication]: "ATTRIBUTED", [veloApplication]: "NOT_RETAINED" });

    const winnerNote = await db.notification.findFirstOrThrow({ where: { organizationId: await organizationId(db, STRUCTURE), link: `/biens/${premisesId}` } });
    expect(winnerNote.title).toBe("Votre candidature pour « Ancienne poste du centre » est retenue");
    expect(winnerNote.body).toContain("Votre candidature a obtenu 86,00 / 100 et est classée 1re sur 2.");
    expect(winnerNote.body).toContain("Message de Ville de Bellerive-sur-Loire : Merci à toutes les structures.");
    const loserNote = await db.notification.findFirstOrThrow({ where: { organizationId: await organizationId(db, OTHER_STRUCTURE), link: `/biens/${premisesId}` } });
    expect(loserNote.title).toBe("Votre candidature pour « Ancienne poste du centre » n'est pas retenue");
    expect(loserNote.body).toContain("classée 2e sur 2");

    const history = await db.premisesStateChange.findFirstOrThrow({ where: { premisesId, event: "ATTRIBUTE" } });
    expect([history.applicationId, history.actorName]).toEqual([savoirsApplication, DEMO_USERS.collectiviteManager.name]);

    const convention = await respond(() => conventionLoader(routeArgs(manager.get("/"), { slug: COLLECTIVITE, id: premisesId })));
    expect(convention.status).toBe(200);
    const { result } = await convention.json();
    expect(result.convention.parties.occupant.name).toBe("Association Savoirs Partagés");
    expect(result.convention.duration).toMatchObject({ startsOn: "2027-05-01", months: 18 });

    const pdf = await respond(() => conventionPdfLoader(routeArgs(manager.get("/"), { slug: COLLECTIVITE, id: premisesId })));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");

    const structureAdmin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    expect((await respond(() => conventionPdfLoader(routeArgs(structureAdmin.get("/"), { slug: COLLECTIVITE, id: premisesId })))).status).toBe(404);
  });
});
