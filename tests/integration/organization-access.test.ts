// Organisation pages and actions are reachable only by their members, with the right role.
import { db } from "~/db.server";
import { loader as organizationLoader } from "~/routes/organisations.$slug";
import { action as editAction, loader as editLoader } from "~/routes/organisations.$slug_.modifier";
import { DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

beforeAll(async () => {
  await seedDemoData(db);
});

const SCIC = "fabrique-commune";
const STRUCTURE = "savoirs-partages";

async function viewOrganization(browser: Browser, slug: string) {
  return respond(() => organizationLoader(routeArgs(browser.get(`/organisations/${slug}`), { slug })));
}

async function editOrganization(browser: Browser, slug: string, fields: Record<string, string>) {
  const request = await browser.post(`/organisations/${slug}/modifier`, fields);
  return respond(() => editAction(routeArgs(request, { slug })));
}

describe("organisation page", () => {
  it("sends anonymous visitors to the login page", async () => {
    const response = await viewOrganization(new Browser(), SCIC);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/connexion?redirectTo=%2Forganisations%2F${SCIC}`);
  });

  it("answers 404 to a user of another organisation", async () => {
    const outsider = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await viewOrganization(outsider, SCIC);
    expect(response.status).toBe(404);
  });

  it("answers 404 for an organisation that does not exist", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await viewOrganization(member, "nope")).status).toBe(404);
  });

  it("shows members their organisation, without the other members' e-mails", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await viewOrganization(member, STRUCTURE);
    expect(response.status).toBe(200);
    const { organization, role } = await response.json();
    expect(role).toBe("MEMBER");
    expect(organization.name).toBe("Association Savoirs Partagés");
    expect(organization.memberships.map((m: { user: { email: string | null } }) => m.user.email)).toEqual([null, null]);
  });

  it("shows managers the members' e-mails and the sites with their spaces", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const { organization } = await (await viewOrganization(manager, SCIC)).json();
    expect(organization.memberships.map((m: { user: { email: string } }) => m.user.email).sort()).toEqual([
      DEMO_USERS.scicAdmin.email,
      DEMO_USERS.scicManager.email,
    ]);
    expect(organization.sites[0].spaces.map((s: { name: string }) => s.name)).toContain("Open space — 12 postes");
  });
});

describe("editing an organisation", () => {
  it("is refused with 404 to an admin of another organisation, and nothing changes", async () => {
    const otherAdmin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await editOrganization(otherAdmin, SCIC, { name: "Piratée" });
    expect(response.status).toBe(404);
    expect((await db.organization.findUniqueOrThrow({ where: { slug: SCIC } })).name).toBe("SCIC La Fabrique Commune");
    const page = await respond(() => editLoader(routeArgs(otherAdmin.get(`/organisations/${SCIC}/modifier`), { slug: SCIC })));
    expect(page.status).toBe(404);
  });

  it("is refused with 403 to a plain member of the organisation", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await editOrganization(member, STRUCTURE, { name: "Renommée" });
    expect(response.status).toBe(403);
    expect((await db.organization.findUniqueOrThrow({ where: { slug: STRUCTURE } })).name).toBe("Association Savoirs Partagés");
  });

  it("is refused with 403 to a manager (admins only)", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    expect((await editOrganization(manager, SCIC, { name: "Renommée" })).status).toBe(403);
  });

  it("explains invalid fields in French with a 400 and writes nothing", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await editOrganization(admin, STRUCTURE, { name: "A", siret: "12345678901234", postalCode: "4400" });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.name).toEqual(["Le nom doit compter au moins 2 caractères."]);
    expect(error.siret).toEqual(["Ce SIRET n'est pas valide (clé de contrôle incorrecte)."]);
    expect(error.postalCode).toEqual(["Le code postal compte 5 chiffres."]);
    expect((await db.organization.findUniqueOrThrow({ where: { slug: STRUCTURE } })).name).toBe("Association Savoirs Partagés");
  });

  it("refuses a SIRET already used by another organisation with a 409 beside the field", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await editOrganization(admin, STRUCTURE, { name: "Association Savoirs Partagés", siret: "84567891200039" });
    expect(response.status).toBe(409);
    expect((await response.json()).error.siret).toEqual(["Ce SIRET est déjà celui d'une autre organisation."]);
  });

  it("lets the organisation's admin update it", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await editOrganization(admin, STRUCTURE, {
      name: "Association Savoirs Partagés",
      description: "Ateliers numériques et d'alphabétisation.",
      email: "Bonjour@Savoirs-Partages.fr",
    });
    expect(response.status).toBe(302);
    const updated = await db.organization.findUniqueOrThrow({ where: { slug: STRUCTURE } });
    expect(updated.description).toBe("Ateliers numériques et d'alphabétisation.");
    expect(updated.email).toBe("bonjour@savoirs-partages.fr");
  });

  it("keeps a finer e-invoicing address beginning with the organisation's SIREN, and shows it; refuses another beside its field", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const structure = await db.organization.findUniqueOrThrow({ where: { slug: STRUCTURE } });
    const siret = "55210055400013";
    const siren = "552100554";
    const profile = { name: structure.name, siret };

    const wrong = await editOrganization(admin, STRUCTURE, { ...profile, electronicInvoicingAddress: "812345678_FACTURES" });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.electronicInvoicingAddress).toEqual([
      `L'adresse de facturation électronique commence par le SIREN ${siren}, seul ou suivi de « _ » et d'un complément (par exemple ${siren}_FACTURES).`,
    ]);
    const withoutSiret = await editOrganization(admin, STRUCTURE, { name: structure.name, electronicInvoicingAddress: `${siren}_FACTURES` });
    expect(withoutSiret.status).toBe(400);
    expect((await withoutSiret.json()).error.electronicInvoicingAddress).toEqual([
      "Indiquez le SIRET : l'adresse de facturation électronique commence par le SIREN (ses 9 premiers chiffres).",
    ]);
    expect((await db.organization.findUniqueOrThrow({ where: { slug: STRUCTURE } })).electronicInvoicingAddress).toBeNull();

    const saved = await editOrganization(admin, STRUCTURE, { ...profile, electronicInvoicingAddress: `${siren}_${siret}` });
    expect(saved.status).toBe(302);
    expect((await db.organization.findUniqueOrThrow({ where: { slug: STRUCTURE } })).electronicInvoicingAddress).toBe(`${siren}_${siret}`);
    const edit = await respond(() => editLoader(routeArgs(admin.get(`/organisations/${STRUCTURE}/modifier`), { slug: STRUCTURE })));
    expect((await edit.json()).organization.electronicInvoicingAddress).toBe(`${siren}_${siret}`);
    const page = await viewOrganization(admin, STRUCTURE);
    expect((await page.json()).organization).toMatchObject({ siret, electronicInvoicingAddress: `${siren}_${siret}` });

    // Emptied: the SIREN is the address again.
    expect((await editOrganization(admin, STRUCTURE, { ...profile, electronicInvoicingAddress: "" })).status).toBe(302);
    expect((await db.organization.findUniqueOrThrow({ where: { slug: STRUCTURE } })).electronicInvoicingAddress).toBeNull();
  });

  it("refuses a form without CSRF token even from the admin", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const request = await admin.post(`/organisations/${STRUCTURE}/modifier`, { name: "Sans jeton" }, { withCsrf: false });
    expect((await respond(() => editAction(routeArgs(request, { slug: STRUCTURE })))).status).toBe(403);
  });
});

describe("form shape limits", () => {
  it("refuses a field name with a gigantic list index with a 400, before parsing it", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await editOrganization(admin, STRUCTURE, { name: "Association Savoirs Partagés", "x[999999999]": "1" });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("Le formulaire contient une liste trop longue.");
  });
});
