// /organisations/:slug/facturation/parametres: access, validation beside each field, saving the
// seller identity and the billing rules in one go, and the next invoice using them.
import { db } from "~/db.server";
import type { Invoice } from "~/domain/invoicing";
import { runMonthlyBilling } from "~/models/billing.server";
import { DEFAULT_BILLING_SETTINGS, getBillingProfile, getBillingSettings, saveBillingProfile } from "~/models/pricing-settings.server";
import { isUniqueViolation } from "~/utils/db-errors.server";
import { action, loader } from "~/routes/organisations.$slug_.facturation.parametres";
import { DEMO_USERS } from "../../prisma/seed";
import { billingFixtures, type BillingFixtures } from "../helpers/billing-fixtures";
import { openTestDatabase, providers } from "../helpers/databases";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const SCIC = "fabrique-commune";
const PATH = `/organisations/${SCIC}/facturation/parametres`;
let fixtures: BillingFixtures;
let siret: string;

beforeAll(async () => {
  fixtures = await billingFixtures(db);
  siret = (await db.organization.findUniqueOrThrow({ where: { id: fixtures.scicId } })).siret ?? "";
});

/** French intra-community VAT number of a SIREN: FR + key + SIREN. */
function vatNumberOf(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, "0")}${siren}`;
}

function validFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    legalForm: "SCIC SAS à capital variable",
    siret,
    rcs: "RCS Nantes",
    address: "12 rue des Halles",
    postalCode: "44000",
    city: "Nantes",
    vatRegime: "VAT",
    vatRate: "2000",
    vatNumber: vatNumberOf(siret.slice(0, 9)),
    vatExemptionText: "",
    paymentTermDays: "15",
    paymentMethod: "virement bancaire",
    // As typed: small letters and spaces.
    iban: "fr76 3000 6000 0112 3456 7890 189",
    bic: "agri frpp",
    latePenaltyText: "Pénalités de retard : trois fois le taux d'intérêt légal.",
    cancellationKind: "PERCENT",
    cancellationPercent: "25",
    cancellationAmount: "",
    surchargePercent: "20",
    surchargeEveningFrom: "19:00",
    surchargeEveningUntil: "",
    surchargeWeekend: "on",
    ...overrides,
  };
}

async function post(browser: Browser, fields: Record<string, string>, options?: { withCsrf?: boolean }) {
  return respond(async () => action(routeArgs(await browser.post(PATH, fields, options), { slug: SCIC })));
}

describe("billing settings page access", () => {
  it("sends anonymous visitors to the login page", async () => {
    const response = await respond(() => loader(routeArgs(new Browser().get(PATH), { slug: SCIC })));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);
  });

  it("answers 404 to another organisation's admin and 403 to a plain member of the SCIC, for the page and the form", async () => {
    const outsider = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    expect((await respond(() => loader(routeArgs(outsider.get(PATH), { slug: SCIC })))).status).toBe(404);
    expect((await post(outsider, validFields())).status).toBe(404);
    const user = await db.user.findFirstOrThrow({ where: { email: DEMO_USERS.otherStructureMember.email } });
    await db.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId: fixtures.scicId } },
      create: { userId: user.id, organizationId: fixtures.scicId, role: "MEMBER" },
      update: { role: "MEMBER" },
    });
    const member = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    expect((await respond(() => loader(routeArgs(member.get(PATH), { slug: SCIC })))).status).toBe(403);
    expect((await post(member, validFields())).status).toBe(403);
    expect((await getBillingSettings(db, { scicId: fixtures.scicId })).vatFranchise).toBe(true);
  });

  it("shows the manager the saved settings and refuses a form without CSRF token", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const page = await respond(() => loader(routeArgs(manager.get(PATH), { slug: SCIC })));
    expect(page.status).toBe(200);
    const { defaults } = await page.json();
    expect(defaults).toMatchObject({ vatRegime: "FRANCHISE", paymentTermDays: "30", cancellationKind: "PERCENT", cancellationPercent: "50", rcs: "RCS Nantes", siret });
    expect((await post(manager, validFields(), { withCsrf: false })).status).toBe(403);
  });
});

describe("billing settings validation", () => {
  it.each([
    [{ siret: "12345678901234" }, "siret", "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."],
    [{ siret: "1234" }, "siret", "Le SIRET compte 14 chiffres."],
    [{ postalCode: "440" }, "postalCode", "Le code postal compte 5 chiffres."],
    [{ legalForm: "" }, "legalForm", "Indiquez la forme juridique, par exemple « SCIC SAS à capital variable »."],
    [{ paymentTermDays: "90" }, "paymentTermDays", "Le délai de paiement est compris entre 0 et 60 jours (art. L441-10 du Code de commerce)."],
    [{ paymentTermDays: "trente" }, "paymentTermDays", "Le délai de paiement est un nombre de jours."],
    [{ vatNumber: "" }, "vatNumber", "Hors franchise, le numéro de TVA intracommunautaire est obligatoire."],
    [{ vatNumber: "FR00123456789" }, "vatNumber", "Le numéro de TVA intracommunautaire doit se terminer par le SIREN de la coopérative."],
    [{ vatRate: "" }, "vatRate", "Choisissez le taux de TVA appliqué aux réservations."],
    [{ vatRate: "0" }, "vatExemptionText", "À 0 % hors franchise, indiquez la mention d'exonération (article du CGI)."],
    [{ vatRate: "1900" }, "vatRate", "Choisissez un taux de TVA : 20 %, 10 %, 5,5 % ou 0 %."],
    [{ cancellationPercent: "" }, "cancellationPercent", "Indiquez le pourcentage du prix facturé en cas d'annulation tardive."],
    [{ cancellationPercent: "150" }, "cancellationPercent", "Le pourcentage doit être un entier entre 1 et 100."],
    [{ cancellationKind: "FLAT", cancellationAmount: "-3" }, "cancellationAmount", "Le montant forfaitaire doit être positif, en euros, par exemple 20,00."],
    [{ surchargeEveningFrom: "", surchargeWeekend: "" }, "surchargePercent", "Choisissez quand la majoration s'applique : en soirée, le week-end, ou les deux."],
    [{ iban: "FR76 3000 6000 0112 3456 7890 188" }, "iban", "Cet IBAN n'est pas valide : vérifiez-le (un IBAN français compte 27 caractères et commence par FR)."],
    [{ bic: "AGRI" }, "bic", "Ce BIC n'est pas valide : 8 ou 11 caractères, par exemple AGRIFRPP ou AGRIFRPP882."],
    [{ iban: "" }, "iban", "Indiquez l'IBAN du compte de ce BIC, ou videz le BIC."],
    [{ surchargeEveningFrom: "25:00" }, "surchargeEveningFrom", "L'heure de début de soirée doit être au format HH:MM, par exemple 19:00."],
  ])("refuses %o with a French message beside %s (400), saving nothing", async (overrides, field, message) => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const response = await post(manager, validFields(overrides));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error[field]).toEqual([message]);
    expect((await getBillingSettings(db, { scicId: fixtures.scicId })).vatFranchise).toBe(true);
  });

  it("refuses an e-invoicing address that is not the SCIC's SIREN or SIREN_complement, beside the field (400), saving nothing", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const siren = siret.slice(0, 9);
    const cases = [
      ["123456789_FACTURES", `L'adresse de facturation électronique commence par le SIREN ${siren}, seul ou suivi de « _ » et d'un complément (par exemple ${siren}_FACTURES).`],
      [`${siren}_`, `L'adresse de facturation électronique commence par le SIREN ${siren}, seul ou suivi de « _ » et d'un complément (par exemple ${siren}_FACTURES).`],
      [`${siren}_Comptabilité`, "L'adresse de facturation électronique ne peut contenir que des lettres sans accent, des chiffres et les signes « - », « _ » et « . »."],
      [`${siren}_${"X".repeat(120)}`, "L'adresse de facturation électronique ne doit pas dépasser 125 caractères."],
    ];
    for (const [address, message] of cases) {
      const response = await post(manager, validFields({ electronicInvoicingAddress: address }));
      expect(response.status).toBe(400);
      expect((await response.json()).error.electronicInvoicingAddress).toEqual([message]);
    }
    // A refused SIRET has its own message; the address waits for a valid one.
    const badSiret = await (await post(manager, validFields({ siret: "1234", electronicInvoicingAddress: `${siren}_FACTURES` }))).json();
    expect(badSiret.error.siret).toEqual(["Le SIRET compte 14 chiffres."]);
    expect(badSiret.error.electronicInvoicingAddress).toBeUndefined();
    expect((await db.organization.findUniqueOrThrow({ where: { id: fixtures.scicId } })).electronicInvoicingAddress).toBeNull();
  });

  it("answers 409 beside the SIRET when another organisation already has it", async () => {
    const other = await db.organization.findUniqueOrThrow({ where: { id: fixtures.structureId } });
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const response = await post(manager, validFields({ siret: other.siret ?? "", vatNumber: vatNumberOf((other.siret ?? "").slice(0, 9)) }));
    expect(response.status).toBe(409);
    expect((await response.json()).error.siret).toEqual(["Ce SIRET est déjà celui d'une autre organisation."]);
  });
});

describe("saving the billing settings", () => {
  it("saves identity and rules together, journals it, and the next invoice uses them", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    // Pasted from the directory, with its scheme: kept without it.
    const response = await post(manager, validFields({ electronicInvoicingAddress: ` 0225:${siret.slice(0, 9)}_FACTURES ` }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${PATH}?enregistre=1`);

    expect(await getBillingSettings(db, { scicId: fixtures.scicId })).toEqual({
      vatFranchise: false,
      vatRate: 2000,
      vatNumber: vatNumberOf(siret.slice(0, 9)),
      vatExemptionText: null,
      rcs: "RCS Nantes",
      paymentTermDays: 15,
      paymentMethod: "virement bancaire",
      paymentAccount: { iban: "FR7630006000011234567890189", bic: "AGRIFRPP" },
      latePenaltyText: "Pénalités de retard : trois fois le taux d'intérêt légal.",
      cancellationPolicy: { kind: "PERCENT", percent: 25 },
      surchargeRule: { percent: 20, evening: { from: "19:00", until: null }, weekend: true },
    });
    expect(await db.organization.findUniqueOrThrow({ where: { id: fixtures.scicId } })).toMatchObject({
      legalForm: "SCIC SAS à capital variable",
      electronicInvoicingAddress: `${siret.slice(0, 9)}_FACTURES`,
      address: "12 rue des Halles",
      postalCode: "44000",
      city: "Nantes",
    });
    expect(await db.auditEvent.count({ where: { organizationId: fixtures.scicId, action: "billing_settings.updated" } })).toBe(1);

    const page = await respond(() => loader(routeArgs(manager.get(`${PATH}?enregistre=1`), { slug: SCIC })));
    const data = await page.json();
    expect(data.saved).toBe(true);
    expect(data.defaults).toMatchObject({
      vatRegime: "VAT",
      vatRate: "2000",
      paymentTermDays: "15",
      surchargeWeekend: "on",
      iban: "FR76 3000 6000 0112 3456 7890 189",
      bic: "AGRIFRPP",
      electronicInvoicingAddress: `${siret.slice(0, 9)}_FACTURES`,
    });

    const run = await runMonthlyBilling(db, { scicId: fixtures.scicId, month: "2027-01", now: new Date("2027-02-03T09:00:00Z") });
    expect(run.created.length).toBeGreaterThan(0);
    const row = await db.invoice.findFirstOrThrow({ where: { organizationId: fixtures.structureId, month: "2027-01" }, include: { lines: true } });
    const document = JSON.parse(row.document) as Invoice;
    expect(document.seller).toMatchObject({
      legalForm: "SCIC SAS à capital variable",
      vatFranchise: false,
      vatNumber: vatNumberOf(siret.slice(0, 9)),
      electronicAddress: `${siret.slice(0, 9)}_FACTURES`,
    });
    expect(document.seller.address).toMatchObject({ line1: "12 rue des Halles", city: "Nantes" });
    expect(row.lines.every((l) => l.vatRate === 2000)).toBe(true);
    expect(row.totalVatCents).toBeGreaterThan(0);
    expect(row.dueDate).toBe("2027-02-18");
    expect(document.mentions).toContain("Pénalités de retard : trois fois le taux d'intérêt légal.");
    expect(document.mentions).not.toContain("TVA non applicable, art. 293 B du CGI");
    expect(document.paymentAccount).toEqual({ iban: "FR7630006000011234567890189", bic: "AGRIFRPP" });
    expect(document.mentions).toContain("Paiement par virement sur le compte IBAN FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPP).");
    // Late cancellation of a 2 h booking at the ESS rate (15 €/h): 25 % of 30 € = 7,50 € HT.
    const fee = row.lines.find((l) => l.kind === "LATE_CANCELLATION");
    expect(fee?.amountHtCents).toBe(750);
  });

  it("goes back to the VAT franchise: the rate is 0 and the VAT number optional", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const response = await post(
      manager,
      validFields({ vatRegime: "FRANCHISE", vatRate: "", vatNumber: "", cancellationKind: "NONE", cancellationPercent: "", surchargePercent: "", surchargeEveningFrom: "", surchargeWeekend: "", iban: "", bic: "" }),
    );
    expect(response.status).toBe(302);
    expect(await getBillingSettings(db, { scicId: fixtures.scicId })).toMatchObject({
      vatFranchise: true,
      vatRate: 0,
      vatNumber: null,
      paymentAccount: null,
      cancellationPolicy: { kind: "NONE" },
      surchargeRule: null,
    });
  });
});

describe.each(providers)("saveBillingProfile on %s", (provider) => {
  it("writes identity, settings and journal in one transaction; a taken SIRET changes nothing", async () => {
    const database = await openTestDatabase(provider);
    try {
      const base = await billingFixtures(database.db);
      const actor = await database.db.user.findFirstOrThrow({ where: { email: DEMO_USERS.scicManager.email } });
      const scic = await database.db.organization.findUniqueOrThrow({ where: { id: base.scicId } });
      const identity = {
        legalForm: "SCIC SA",
        siret: scic.siret ?? "",
        electronicInvoicingAddress: `${scic.siret?.slice(0, 9)}_FACTURES`,
        address: "3 rue Neuve",
        postalCode: "44100",
        city: "Nantes",
      };
      const settings = { ...DEFAULT_BILLING_SETTINGS, paymentTermDays: 10, cancellationPolicy: { kind: "FLAT" as const, amountCents: 1000 } };
      await saveBillingProfile(database.db, { scicId: base.scicId, identity, settings, actorUserId: actor.id, now: new Date("2027-02-01T08:00:00Z") });
      const saved = await getBillingProfile(database.db, { scicId: base.scicId });
      expect(saved.identity).toMatchObject({ legalForm: "SCIC SA", electronicInvoicingAddress: `${scic.siret?.slice(0, 9)}_FACTURES`, address: "3 rue Neuve", postalCode: "44100" });
      expect(saved.settings).toMatchObject({ paymentTermDays: 10, cancellationPolicy: { kind: "FLAT", amountCents: 1000 } });

      const other = await database.db.organization.findUniqueOrThrow({ where: { id: base.structureId } });
      const attempt = saveBillingProfile(database.db, {
        scicId: base.scicId,
        identity: { ...identity, siret: other.siret ?? "", address: "ailleurs" },
        settings: { ...settings, paymentTermDays: 45 },
        actorUserId: actor.id,
        now: new Date("2027-02-02T08:00:00Z"),
      });
      await expect(attempt).rejects.toSatisfy(isUniqueViolation);
      // Rolled back as a whole: neither the identity nor the settings nor the journal moved.
      const after = await getBillingProfile(database.db, { scicId: base.scicId });
      expect(after.identity.address).toBe("3 rue Neuve");
      expect(after.settings.paymentTermDays).toBe(10);
      expect(await database.db.auditEvent.count({ where: { organizationId: base.scicId, action: "billing_settings.updated" } })).toBe(1);

      await runMonthlyBilling(database.db, { scicId: base.scicId, month: "2027-01", now: new Date("2027-02-03T09:00:00Z") });
      const invoice = await database.db.invoice.findFirstOrThrow({ where: { organizationId: base.structureId, month: "2027-01" }, include: { lines: true } });
      expect(invoice.dueDate).toBe("2027-02-13");
      expect(invoice.lines.find((l) => l.kind === "LATE_CANCELLATION")?.amountHtCents).toBe(1000);
    } finally {
      await database.dispose();
    }
  });
});
