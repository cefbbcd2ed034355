// Application attachments: a structure attaches the documents the call asks for (multipart,
// PDF/JPEG/PNG, 5 MB, 10 files); a wrong type, a file too big, too many files or a missing
// required document is refused beside its field with nothing written; only the applicant and the
// collectivité that owns the bien can download them (IDOR). Model rules on both databases.
import fs from "node:fs";
import path from "node:path";
import { setupServer } from "msw/node";
import { db, type Db } from "~/db.server";
import { applicationSchema, callSchema } from "~/domain/calls";
import { premisesSchema } from "~/domain/premises";
import { findAttachmentForOrganization, saveCall, submitApplication } from "~/models/premises-call.server";
import { createPremises } from "~/models/premises.server";
import { action as applyAction, loader as applyLoader } from "~/routes/biens.$id_.candidater";
import { loader as reviewLoader } from "~/routes/organisations.$slug_.biens.$id_.candidatures";
import { loader as applicationsLoader } from "~/routes/organisations.$slug_.candidatures";
import { loader as attachmentLoader } from "~/routes/organisations.$slug_.pieces-jointes.$attachmentId";
import { ATTACHMENT_COUNT_MESSAGE, ATTACHMENT_SIZE_MESSAGE, ATTACHMENT_TYPE_MESSAGE, MAX_APPLICATION_FILES } from "~/services/uploads.server";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { premisesApiHandlers } from "../mocks/handlers";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";
import {
  applicationInput,
  callInput,
  COLLECTIVITE,
  draftPremises,
  organizationId,
  OTHER_STRUCTURE,
  premisesInput,
  publishDirectly,
  STRUCTURE,
  userId,
} from "../helpers/premises-fixtures";

vi.hoisted(() => {
  process.env.DATA_DIR = `${process.cwd()}/.cache/application-uploads-${process.pid}`;
});
const UPLOADS = path.join(process.env.DATA_DIR as string, "uploads", "applications");

const server = setupServer(...premisesApiHandlers);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await seedDemoData(db);
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  fs.rmSync(process.env.DATA_DIR as string, { recursive: true, force: true });
});

const STATUTES = { id: "statuts", label: "Statuts de l'association" };
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function storedFiles(): string[] {
  return fs.existsSync(UPLOADS) ? fs.readdirSync(UPLOADS) : [];
}

/** A published bien whose call asks for the statutes. */
async function openBien(requiredDocuments = [STATUTES]) {
  const { id } = await draftPremises(db, {}, { deadline: "2099-01-15T12:00", requiredDocuments });
  await publishDirectly(db, id, await userId(db, DEMO_USERS.collectiviteManager.email), new Date("2027-03-01T09:00:00Z"));
  return id;
}

function applicationFields(structure: string) {
  const input = applicationInput();
  return {
    structure,
    siret: "81234567800013",
    project: input.project as string,
    activity: input.activity as string,
    peopleInvolved: "6",
    desiredStart: "2027-05-01",
    durationMonths: "18",
    maxRentEuros: "400",
    socialUtilityStatement: input.socialUtilityStatement as string,
  };
}

async function applyWithFiles(browser: Browser, premisesId: string, files: Array<[field: string, file: File]>, structure = STRUCTURE) {
  const body = new FormData();
  body.set("csrf", await browser.csrfToken());
  for (const [key, value] of Object.entries(applicationFields(structure))) body.set(key, value);
  for (const [field, file] of files) body.append(field, file);
  const request = browser.get(`/biens/${premisesId}/candidater`, { method: "POST", body });
  return respond(() => applyAction(routeArgs(request, { id: premisesId })));
}

async function download(browser: Browser, slug: string, attachmentId: string) {
  return respond(() => attachmentLoader(routeArgs(browser.get(`/organisations/${slug}/pieces-jointes/${attachmentId}`), { slug, attachmentId })));
}

describe("attaching documents to an application", () => {
  it("lists the call's required documents on the form", async () => {
    const premisesId = await openBien();
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const data = await (await respond(() => applyLoader(routeArgs(member.get(`/biens/${premisesId}/candidater`), { id: premisesId })))).json();
    expect(data.requiredDocuments).toEqual([{ ...STATUTES, description: "" }]);
  });

  it("stores the required document and a free attachment, and both sides can download them; nobody else (IDOR)", async () => {
    const premisesId = await openBien();
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const before = storedFiles().length;
    const response = await applyWithFiles(member, premisesId, [
      ["piece-statuts", new File([PDF], "statuts 2026.pdf", { type: "application/pdf" })],
      ["piece-libre", new File([PNG], "plan.png", { type: "image/png" })],
    ]);
    expect(response.status).toBe(302);
    const application = await db.premisesApplication.findFirstOrThrow({ where: { call: { premisesId } }, include: { attachments: { orderBy: { fileName: "asc" } } } });
    expect(application.attachments.map((a) => [a.fileName, a.documentId, a.mimeType, a.sizeBytes])).toEqual([
      ["plan.png", null, "image/png", PNG.byteLength],
      ["statuts 2026.pdf", "statuts", "application/pdf", PDF.byteLength],
    ]);
    expect(storedFiles().length).toBe(before + 2);
    const [png, pdf] = application.attachments;
    expect(pdf.path).toMatch(/^uploads\/applications\/[0-9a-f-]{36}\.pdf$/);

    // The applicant structure (any member) downloads its file.
    const own = await download(member, STRUCTURE, pdf.id);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(own.headers.get("Content-Disposition")).toContain("attachment;");
    expect(own.headers.get("Content-Disposition")).toContain("statuts%202026.pdf");
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(PDF);

    // The reviewers of the collectivité that owns the bien download it too.
    const reviewer = await browserLoggedInAs(DEMO_USERS.collectiviteManager.email);
    const reviewed = await download(reviewer, COLLECTIVITE, png.id);
    expect(reviewed.status).toBe(200);
    expect(new Uint8Array(await reviewed.arrayBuffer())).toEqual(PNG);
    // …and see them listed on the review page, with the document they answer.
    const review = await (await respond(() => reviewLoader(routeArgs(reviewer.get(`/organisations/${COLLECTIVITE}/biens/${premisesId}/candidatures`), { slug: COLLECTIVITE, id: premisesId })))).json();
    expect(review.applications[0].attachments.map((a: { fileName: string; documentLabel: string | null }) => [a.fileName, a.documentLabel]).sort()).toEqual([
      ["plan.png", null],
      ["statuts 2026.pdf", STATUTES.label],
    ]);
    const list = await (await respond(() => applicationsLoader(routeArgs(member.get(`/organisations/${STRUCTURE}/candidatures`), { slug: STRUCTURE })))).json();
    expect(list.applications.find((a: { id: string }) => a.id === application.id).attachments).toHaveLength(2);

    // Another structure: 404 through its own slug (not its file) and through the applicant's
    // slug (not a member); anonymous visitors are sent to the login page.
    const outsider = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    expect((await download(outsider, OTHER_STRUCTURE, pdf.id)).status).toBe(404);
    expect((await download(outsider, STRUCTURE, pdf.id)).status).toBe(404);
    expect((await download(outsider, COLLECTIVITE, pdf.id)).status).toBe(404);
    const anonymous = await download(new Browser(), STRUCTURE, pdf.id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/connexion/);
    // A SCIC member cannot reach it either, nor an id that does not exist.
    const scic = await browserLoggedInAs(DEMO_USERS.scicAdmin.email);
    expect((await download(scic, "fabrique-commune", pdf.id)).status).toBe(404);
    expect((await download(member, STRUCTURE, "inexistant")).status).toBe(404);
  });

  it.each([
    ["a text file declared as PDF", [["piece-statuts", new File(["bonjour"], "statuts.pdf", { type: "application/pdf" })]], "piece-statuts", ATTACHMENT_TYPE_MESSAGE],
    ["a Word document", [["piece-statuts", new File([PDF], "statuts.docx", { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" })]], "piece-statuts", ATTACHMENT_TYPE_MESSAGE],
    [
      "a PDF over 5 MB",
      [["piece-statuts", new File([PDF, new Uint8Array(5 * 1024 * 1024)], "statuts.pdf", { type: "application/pdf" })]],
      "piece-statuts",
      ATTACHMENT_SIZE_MESSAGE,
    ],
    ["no statutes at all", [["piece-libre", new File([PNG], "plan.png", { type: "image/png" })]], "piece-statuts", "Joignez « Statuts de l'association » (PDF, JPEG ou PNG)."],
    [
      "too many files",
      [
        ["piece-statuts", new File([PDF], "statuts.pdf", { type: "application/pdf" })],
        ...Array.from({ length: MAX_APPLICATION_FILES }, (_, index) => ["piece-libre", new File([PNG], `plan-${index}.png`, { type: "image/png" })]),
      ],
      "piece-libre",
      ATTACHMENT_COUNT_MESSAGE,
    ],
  ] as Array<[string, Array<[string, File]>, string, string]>)("refuses %s beside the field (400) and writes nothing", async (_label, files, field, message) => {
    const premisesId = await openBien();
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const before = storedFiles().length;
    const response = await applyWithFiles(member, premisesId, files);
    expect(response.status).toBe(400);
    const result = await response.json();
    expect(result.error[field]).toEqual([message]);
    expect(await db.premisesApplication.count({ where: { call: { premisesId } } })).toBe(0);
    expect(storedFiles().length).toBe(before);
  });

  it("keeps the field errors of the text fields next to the file errors", async () => {
    const premisesId = await openBien();
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const body = new FormData();
    body.set("csrf", await member.csrfToken());
    for (const [key, value] of Object.entries({ ...applicationFields(STRUCTURE), siret: "123" })) body.set(key, value);
    body.append("piece-statuts", new File(["bonjour"], "statuts.pdf", { type: "application/pdf" }));
    const response = await respond(() => applyAction(routeArgs(member.get(`/biens/${premisesId}/candidater`, { method: "POST", body }), { id: premisesId })));
    expect(response.status).toBe(400);
    const result = await response.json();
    expect(result.error.siret).toEqual(["Le SIRET compte 14 chiffres."]);
    expect(result.error["piece-statuts"]).toEqual([ATTACHMENT_TYPE_MESSAGE]);
  });

  it("refuses an upload without CSRF token (403) and writes nothing", async () => {
    const premisesId = await openBien([]);
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const before = storedFiles().length;
    const body = new FormData();
    for (const [key, value] of Object.entries(applicationFields(STRUCTURE))) body.set(key, value);
    body.append("piece-libre", new File([PDF], "projet.pdf", { type: "application/pdf" }));
    const response = await respond(() => applyAction(routeArgs(member.get(`/biens/${premisesId}/candidater`, { method: "POST", body }), { id: premisesId })));
    expect(response.status).toBe(403);
    expect(storedFiles().length).toBe(before);
    expect(await db.premisesApplication.count({ where: { call: { premisesId } } })).toBe(0);
  });
});

describe.each(providers)("attachments in the database, on %s", (provider) => {
  let database: TestDatabase;
  let base: Db;

  beforeAll(async () => {
    database = await openTestDatabase(provider);
    base = database.db;
    await seedDemoData(base);
  });
  afterAll(async () => {
    await database.dispose();
  });

  async function publishedBien() {
    const owner = await organizationId(base, COLLECTIVITE);
    const { id } = await createPremises(base, owner, premisesSchema.parse(premisesInput()));
    const saved = await saveCall(base, owner, id, callSchema.parse(callInput({ deadline: "2099-01-15T12:00", requiredDocuments: [STATUTES] })));
    if (!saved.ok) throw new Error(saved.message);
    await base.premises.update({ where: { id }, data: { state: "PUBLISHED" } });
    return { id, owner };
  }

  function file(name: string, documentId: string | null) {
    return { documentId, fileName: name, path: `uploads/applications/${provider}-${name}-${Math.random()}`, mimeType: "application/pdf", sizeBytes: 42 };
  }

  it("refuses an application without the required document and writes no row", async () => {
    const { id } = await publishedBien();
    const structureId = await organizationId(base, STRUCTURE);
    const result = await submitApplication(base, {
      structureId,
      userId: await userId(base, DEMO_USERS.structureMember.email),
      premisesId: id,
      application: applicationSchema.parse(applicationInput()),
      attachments: [file("plan.pdf", null)],
      at: new Date("2027-03-02T10:00:00Z"),
    });
    expect(result).toEqual({ ok: false, status: 400, messages: ["Document manquant : « Statuts de l'association »."] });
    expect(await base.premisesApplication.count({ where: { call: { premisesId: id } } })).toBe(0);
    expect(await base.premisesApplicationAttachment.count({ where: { application: { call: { premisesId: id } } } })).toBe(0);
  });

  it("stores the attachments with the application, and serves them to the applicant and the owner only", async () => {
    const { id, owner } = await publishedBien();
    const structureId = await organizationId(base, STRUCTURE);
    const result = await submitApplication(base, {
      structureId,
      userId: await userId(base, DEMO_USERS.structureMember.email),
      premisesId: id,
      application: applicationSchema.parse(applicationInput()),
      attachments: [file("statuts.pdf", "statuts"), file("budget.pdf", null)],
      at: new Date("2027-03-02T10:00:00Z"),
    });
    if (!result.ok) throw new Error(result.messages.join(" "));
    const rows = await base.premisesApplicationAttachment.findMany({ where: { applicationId: result.applicationId }, orderBy: { fileName: "asc" } });
    expect(rows.map((row) => [row.fileName, row.documentId])).toEqual([
      ["budget.pdf", null],
      ["statuts.pdf", "statuts"],
    ]);
    const attachmentId = rows[1].id;
    expect((await findAttachmentForOrganization(base, structureId, attachmentId))?.fileName).toBe("statuts.pdf");
    expect((await findAttachmentForOrganization(base, owner, attachmentId))?.fileName).toBe("statuts.pdf");
    expect(await findAttachmentForOrganization(base, await organizationId(base, OTHER_STRUCTURE), attachmentId)).toBeNull();
    expect(await findAttachmentForOrganization(base, await organizationId(base, "fabrique-commune"), attachmentId)).toBeNull();

    // Deleting the application deletes its attachment rows.
    await base.premisesApplication.delete({ where: { id: result.applicationId } });
    expect(await base.premisesApplicationAttachment.count({ where: { applicationId: result.applicationId } })).toBe(0);
  });
});
