// Monthly billing as a SCIC manager does it (issue 5): from the dashboard to Facturation, bill
// last month (the seed holds that month's bookings of three organisations) and watch each
// invoice appear in the progress list until the run ends; running the month again bills nothing
// twice. Then open an issued invoice, read its legal mentions and totals, download its PDF, its
// Factur-X and the accountant's CSV, record a partial payment and see the balance left, on the invoice and
// on the payments page. Before all this, the manager gives the SCIC's IBAN in the billing
// settings (a wrong one is refused as it is typed) and the invoices print it, and the SCIC's address
// in the e-invoicing directory, which its Factur-X carries. axe-core checks the
// settings, the billing index, the invoice and the payments page.
import type { Locator, Page, Route } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { pdfAttachments } from "../helpers/pdf-attachments";
import { browserForTests, download, expectAccessible, getWithSession, submitInPlace } from "./support";

const MANAGER = "gestion@fabrique-commune.fr";
const SCIC = { slug: "fabrique-commune", name: "SCIC La Fabrique Commune" };
const BILLING_PATH = `/organisations/${SCIC.slug}/facturation`;
// The seed's bookings of the previous month (prisma/seed.ts, seedCooperativeAndBilling).
const BILLED_ORGANIZATIONS = ["Régie de quartier des Bords de Loire", "Coopérative Vélo Solidaire", "Ville de Bellerive-sur-Loire"];
const BUYER = { name: "Coopérative Vélo Solidaire", siret: "84567891200039" };

/** The account the manager gives in the billing settings, as typed and as printed. */
const ACCOUNT = { typed: "fr7630006000011234567890189", grouped: "FR76 3000 6000 0112 3456 7890 189", bic: "AGRIFRPP" };

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

function parisNow(): { year: number; month: number } {
  const [year, month] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit" })
    .format(new Date())
    .split("-")
    .map(Number);
  return { year, month };
}

/** "2026-10" when Paris is in November 2026. */
function previousMonth(): string {
  const { year, month } = parisNow();
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

/** "octobre 2026". */
function frenchMonth(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** "1 234,56 €" → 123456. */
function cents(text: string): number {
  const match = /(-?[\d\s\u00a0\u202f]+),(\d{2})\s*€/.exec(text);
  if (!match) throw new Error(`No amount in euros in « ${text} »`);
  const units = Number(match[1].replace(/[\s\u00a0\u202f]/g, ""));
  return Math.sign(units || 1) * (Math.abs(units) * 100 + Number(match[2]));
}

function euros(amountCents: number): string {
  const units = String(Math.floor(amountCents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${units},${String(amountCents % 100).padStart(2, "0")} €`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The text of the cell beside a row header of a table ("Total TTC" → "135,00 €"). */
async function rowValue(table: Locator, header: string): Promise<string> {
  const row = table.getByRole("row").filter({ has: table.page().getByRole("rowheader", { name: header, exact: true }) });
  return ((await row.getByRole("cell").first().textContent()) ?? "").trim();
}

describe("monthly billing", () => {
  let page: Page;
  const month = previousMonth();
  const invoiceNumber = new RegExp(`^${parisNow().year}-\\d{6}$`);
  let numbers: string[] = [];
  let invoicePath = "";
  let invoiceTotalCents = 0;
  let sellerElectronicAddress = "";

  const { open } = browserForTests({ keepPages: true });
  beforeAll(async () => {
    page = await open(MANAGER);
  });

  test("the manager gives the account to pay by transfer and the e-invoicing address: wrong ones are refused beside the field as they are typed, right ones saved", async () => {
    await page.goto(`${BILLING_PATH}/parametres`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const iban = page.getByLabel("IBAN du compte à créditer (facultatif)");
    // One check digit wrong: refused in the browser, by the form's own schema, before sending.
    await iban.fill("FR76 3000 6000 0112 3456 7890 188");
    await iban.blur();
    await page.getByText("Cet IBAN n'est pas valide : vérifiez-le (un IBAN français compte 27 caractères et commence par FR).").waitFor();
    expect(await iban.getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "paramètres de facturation avec un IBAN refusé");
    await iban.fill(ACCOUNT.typed);
    await page.getByLabel("BIC (facultatif)").fill(ACCOUNT.bic.toLowerCase());
    // The e-invoicing address must begin with the SCIC's own SIREN: another is refused as typed.
    const siren = (await page.getByLabel("SIRET (14 chiffres)").inputValue()).replace(/\s/g, "").slice(0, 9);
    const electronicAddress = page.getByLabel("Adresse de facturation électronique");
    await electronicAddress.fill("123456789_FACTURES");
    await electronicAddress.blur();
    await page.getByText(`L'adresse de facturation électronique commence par le SIREN ${siren}, seul ou suivi de « _ » et d'un complément (par exemple ${siren}_FACTURES).`).waitFor();
    expect(await electronicAddress.getAttribute("aria-invalid")).toBe("true");
    sellerElectronicAddress = `${siren}_FACTURES`;
    await electronicAddress.fill(`0225:${sellerElectronicAddress}`);
    await page.getByRole("button", { name: "Enregistrer les paramètres" }).click();
    await page.getByRole("status").filter({ hasText: "Paramètres de facturation enregistrés." }).waitFor();
    // Saved in electronic format, shown again by groups of four.
    await page.reload();
    expect(await iban.inputValue()).toBe(ACCOUNT.grouped);
    expect(await page.getByLabel("BIC (facultatif)").inputValue()).toBe(ACCOUNT.bic);
    expect(await electronicAddress.inputValue()).toBe(sellerElectronicAddress);
    await page.goto("/tableau-de-bord");
  });

  test("the manager opens Facturation from the dashboard, bills last month and watches each invoice appear until the run ends", async () => {
    await page.getByRole("link", { name: "Facturer les réservations et suivre les paiements" }).click();
    await page.getByRole("heading", { level: 1, name: `Facturation — ${SCIC.name}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe(BILLING_PATH);
    await page.getByText("Aucune facture.").waitFor();
    const monthInput = page.getByLabel("Mois (AAAA-MM)");
    expect(await monthInput.inputValue()).toBe(month);
    await expectAccessible(page, "facturation");

    // Hold the run's answer until the progress list, polled while the run's POST is pending,
    // shows every invoice: the page shows the run as it goes, then its result.
    const progress = page.locator('[aria-live="polite"] ol li');
    const progressSeen: string[] = [];
    const holdAnswer = async (route: Route) => {
      if (route.request().method() !== "POST") return route.fallback();
      const answer = await route.fetch();
      await page.getByRole("button", { name: "Facturation en cours…" }).waitFor();
      expect(await page.getByRole("button", { name: "Facturation en cours…" }).isDisabled()).toBe(true);
      await page.getByRole("heading", { level: 3, name: "Progression" }).waitFor();
      await progress.nth(BILLED_ORGANIZATIONS.length - 1).waitFor();
      progressSeen.push(...(await progress.allTextContents()).map((line) => line.trim()));
      await route.fulfill({ response: answer });
    };
    const isRunPost = (url: URL) => url.pathname === BILLING_PATH && url.searchParams.has("_data");
    await page.route(isRunPost, holdAnswer);
    await page.getByRole("button", { name: "Lancer la facturation" }).click();
    const result = page.getByRole("heading", { level: 3, name: `Résultat — ${frenchMonth(month)}` });
    await result.waitFor();
    await page.unroute(isRunPost, holdAnswer);

    expect(progressSeen).toHaveLength(BILLED_ORGANIZATIONS.length);
    for (const organization of BILLED_ORGANIZATIONS) {
      expect(progressSeen.filter((line) => line.includes(`— ${organization} : `))).toHaveLength(1);
    }
    for (const line of progressSeen) expect(line).toMatch(/^Facture \d{4}-\d{6} — .+ : [\d\s]+,\d{2} € TTC$/);
    await page.getByText(`${BILLED_ORGANIZATIONS.length} facture(s) créée(s), 0 déjà facturée(s), 0 en erreur`).waitFor();
    expect(await page.getByRole("button", { name: "Facturation en cours…" }).count()).toBe(0);

    // Numbers: YYYY-NNNNNN of this year, consecutive (gapless), one per organisation.
    numbers = (await page.getByRole("link", { name: /^Facture \d{4}-\d{6}$/ }).allTextContents()).map((text) => text.replace("Facture ", ""));
    expect(numbers).toHaveLength(BILLED_ORGANIZATIONS.length);
    for (const number of numbers) expect(number).toMatch(invoiceNumber);
    const sequence = numbers.map((number) => Number(number.slice(5))).sort((a, b) => a - b);
    expect(sequence).toEqual(sequence.map((_, index) => sequence[0] + index));

    // The list of issued invoices now has them, and the page is still accessible.
    const table = page.getByRole("table", { name: "Factures et avoirs émis" });
    await table.waitFor();
    for (const number of numbers) await table.getByRole("rowheader", { name: number, exact: true }).waitFor();
    await expectAccessible(page, "facturation après la facturation du mois");
  });

  test("running the same month again bills nothing twice", async () => {
    await page.getByRole("button", { name: "Lancer la facturation" }).click();
    await page.getByText(`0 facture(s) créée(s), ${BILLED_ORGANIZATIONS.length} déjà facturée(s), 0 en erreur`).waitFor();
    const table = page.getByRole("table", { name: "Factures et avoirs émis" });
    expect(await table.getByRole("rowheader").count()).toBe(BILLED_ORGANIZATIONS.length);
  });

  test("an issued invoice shows its legal mentions and totals, and its PDF and the month's CSV download", async () => {
    const row = page.getByRole("table", { name: "Factures et avoirs émis" }).getByRole("row").filter({ hasText: BUYER.name });
    const number = ((await row.getByRole("rowheader").textContent()) ?? "").trim();
    expect(numbers).toContain(number);
    await row.getByRole("link", { name: number, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: `Facture ${number}` }).waitFor();
    invoicePath = new URL(page.url()).pathname;
    expect(await page.title()).toBe(`Facture ${number} — Tiers-lieux partagés`);

    // Seller and buyer identities.
    const seller = page.getByRole("region", { name: "Vendeur" });
    expect(await seller.textContent()).toMatch(new RegExp(`${escapeRegExp(SCIC.name)} — SCIC SAS à capital variable.*SIREN 899123456 — SIRET 89912345600027 — RCS Nantes`));
    const buyer = page.getByRole("region", { name: "Client" });
    expect(await buyer.textContent()).toContain(BUYER.name);
    expect(await buyer.textContent()).toContain(`SIRET ${BUYER.siret}`);

    // Lines: what each costs adds up to the totals; under the VAT franchise, no VAT.
    const lines = page.getByRole("table", { name: "Lignes de facture" });
    const lineRows = lines.locator("tbody tr");
    expect(await lineRows.count()).toBeGreaterThanOrEqual(2);
    const lineAmounts = (await lineRows.locator("td:last-child").allTextContents()).map(cents);
    const totals = page.getByRole("table", { name: "Totaux" });
    const totalHt = cents(await rowValue(totals, "Total HT"));
    invoiceTotalCents = cents(await rowValue(totals, "Total TTC"));
    expect(lineAmounts.reduce((sum, amount) => sum + amount, 0)).toBe(totalHt);
    expect(await rowValue(totals, "Total TVA")).toBe("0,00 €");
    expect(invoiceTotalCents).toBe(totalHt);
    expect(invoiceTotalCents).toBeGreaterThan(0);
    // The seed's late cancellation of the month is billed under the space's policy.
    expect(await lines.textContent()).toMatch(/annulation tardive/i);

    const mentions = page.getByRole("region", { name: "Mentions légales" });
    const mentionTexts = (await mentions.getByRole("listitem").allTextContents()).map((text) => text.trim());
    expect(mentionTexts).toContain(`Facture n° ${number}`);
    expect(mentionTexts).toContain("TVA non applicable, art. 293 B du CGI");
    expect(mentionTexts.some((text) => text.startsWith("Date d'émission : "))).toBe(true);
    expect(mentionTexts.some((text) => /^Dates? de la prestation : /.test(text))).toBe(true);
    expect(mentionTexts.some((text) => text.startsWith("Date d'échéance : "))).toBe(true);
    expect(mentionTexts.some((text) => text.startsWith("Pénalités de retard : "))).toBe(true);
    expect(mentionTexts).toContain(`Paiement par virement sur le compte IBAN ${ACCOUNT.grouped} (BIC ${ACCOUNT.bic}).`);
    expect(mentionTexts.some((text) => text.includes("Indemnité forfaitaire pour frais de recouvrement") && text.includes("40 €"))).toBe(true);

    // The PDF, through the page's link and with its HTTP headers.
    const pdf = await download(page, page.getByRole("link", { name: "Télécharger le PDF" }));
    expect(pdf.fileName).toBe(`facture-${number}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.bytes.length).toBeGreaterThan(1_000);
    const pdfAnswer = await getWithSession(page, `${invoicePath}.pdf`);
    expect(pdfAnswer.status).toBe(200);
    expect(pdfAnswer.headers["content-type"]).toBe("application/pdf");
    expect(pdfAnswer.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // The Factur-X: a PDF carrying the invoice's CII XML as factur-x.xml.
    const facturX = await download(page, page.getByRole("link", { name: "Télécharger la facture électronique (Factur-X)" }));
    expect(facturX.fileName).toBe(`facture-${number}-factur-x.pdf`);
    expect(facturX.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const xml = (await pdfAttachments(facturX.bytes)).find((attachment) => attachment.name === "factur-x.xml");
    expect(xml?.content.toString("utf8")).toContain(`<ram:ID>${number}</ram:ID>`);
    expect(xml?.content.toString("utf8")).toContain(`<ram:URIID schemeID="0225">${sellerElectronicAddress}</ram:URIID>`);

    await expectAccessible(page, "facture");

    // The accountant's CSV of the month, from the billing page filtered on that month.
    await page.getByRole("link", { name: "← Facturation" }).click();
    await page.getByLabel("Mois de la prestation").fill(month);
    await page.getByRole("button", { name: "Filtrer" }).click();
    await page.getByRole("heading", { level: 2, name: `Factures et avoirs — ${frenchMonth(month)}` }).waitFor();
    const csvLink = page.getByRole("link", { name: `Exporter les factures de ${frenchMonth(month)} pour la comptabilité (CSV)` });
    const csv = await download(page, csvLink);
    expect(csv.fileName).toBe(`factures-${SCIC.slug}-${month}.csv`);
    const csvText = csv.bytes.toString("utf8").replace(/^\uFEFF/, "");
    const csvLines = csvText.split("\r\n").filter((line) => line.length > 0);
    expect(csvLines.length).toBeGreaterThan(BILLED_ORGANIZATIONS.length);
    for (const invoice of numbers) expect(csvLines.some((line) => line.split(";")[1] === invoice)).toBe(true);
    const buyerLines = csvLines.filter((line) => line.split(";")[1] === number);
    expect(buyerLines.length).toBe(lineAmounts.length);
    for (const line of buyerLines) expect(line.split(";").at(-1)).toBe(String(invoiceTotalCents));
    const csvAnswer = await getWithSession(page, `${BILLING_PATH}/export.csv?month=${month}`);
    expect(csvAnswer.status).toBe(200);
    expect(csvAnswer.headers["content-type"]).toBe("text/csv; charset=utf-8");
  });

  test("a partial payment leaves the rest of the invoice to pay, on the invoice and on the payments page", async () => {
    await page.goto(invoicePath);
    const payments = page.getByRole("region", { name: "Paiements" });
    await payments.waitFor();
    expect(await payments.textContent()).toContain(`Payé : 0,00 € ; crédité : 0,00 € ; reste à payer : ${euros(invoiceTotalCents)}.`);

    // A wrong amount is refused beside its field, in French.
    const amount = payments.getByLabel("Montant reçu (€)");
    await amount.fill("beaucoup");
    await payments.getByRole("button", { name: "Enregistrer le paiement" }).click();
    await payments.getByText("Le montant doit être positif, en euros, par exemple 120,50.").waitFor();
    expect(await amount.getAttribute("aria-invalid")).toBe("true");

    const paidCents = 5_000;
    await amount.fill("50,00");
    await payments.getByLabel("Moyen de paiement").fill("virement");
    await submitInPlace(page, payments.getByRole("button", { name: "Enregistrer le paiement" }));
    const remaining = invoiceTotalCents - paidCents;
    await payments.getByText(`Payé : 50,00 € ; crédité : 0,00 € ; reste à payer : ${euros(remaining)}.`).waitFor();
    await payments.getByRole("listitem").filter({ hasText: "50,00 € (virement)" }).waitFor();
    await expectAccessible(page, "facture après un paiement partiel");

    await page.goto(`${BILLING_PATH}/paiements`);
    await page.getByRole("heading", { level: 1, name: `Paiements et impayés — ${SCIC.name}` }).waitFor();
    const balances = page.getByRole("table", { name: "Solde par organisation" });
    const buyerRow = balances.getByRole("row").filter({ has: page.getByRole("rowheader", { name: BUYER.name, exact: true }) });
    const cells = (await buyerRow.getByRole("cell").allTextContents()).map((text) => text.trim());
    // Facturé TTC, Avoirs, Payé, Solde dû.
    expect(cells).toEqual([euros(invoiceTotalCents), "0,00 €", "50,00 €", euros(remaining)]);
    await expectAccessible(page, "paiements et impayés");
  });
});
