// GET /organisations/:slug/facturation/:invoiceId/facturx.pdf: the Factur-X of an issued invoice
// and of a credit note, read back from the response and compared with the database rows.
import fs from "node:fs";
import path from "node:path";
import { db } from "~/db.server";
import { issueCreditNote, runMonthlyBilling } from "~/models/billing.server";
import { loader as facturxLoader } from "~/routes/organisations.$slug_.facturation.$invoiceId_.facturx[.pdf]";
import { FACTURX_CACHE_VERSION } from "~/utils/facturx.server";
import { DEMO_USERS } from "../../prisma/seed";
import { billingFixtures, type BillingFixtures } from "../helpers/billing-fixtures";
import { validateFacturxXsd } from "../helpers/facturx-xsd";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";
import { pdfAttachments, pdfCatalogInfo } from "../helpers/pdf-attachments";

const SCIC = "fabrique-commune";
let fixtures: BillingFixtures;
let invoiceId: string;

beforeAll(async () => {
  fixtures = await billingFixtures(db);
  // Every buyer declared an address finer than its SIREN (SIREN_SIRET); the SCIC did not.
  const buyers = await db.organization.findMany({ where: { id: { not: fixtures.scicId }, siret: { not: null } }, select: { id: true, siret: true } });
  for (const buyer of buyers) {
    await db.organization.update({ where: { id: buyer.id }, data: { electronicInvoicingAddress: `${buyer.siret?.slice(0, 9)}_${buyer.siret}` } });
  }
  const run = await runMonthlyBilling(db, { scicId: fixtures.scicId, month: "2027-01", now: new Date("2027-02-03T09:00:00Z") });
  invoiceId = run.created[0].invoiceId;
});

function download(browser: Browser, id: string) {
  return respond(() => facturxLoader(routeArgs(browser.get(`/organisations/${SCIC}/facturation/${id}/facturx.pdf`), { slug: SCIC, invoiceId: id })));
}

function texts(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`, "g"))].map((m) => m[1]);
}

function section(xml: string, name: string): string {
  const start = xml.indexOf(`<${name}>`);
  const end = xml.indexOf(`</${name}>`, start);
  if (start < 0 || end < 0) throw new Error(`no ${name} in XML`);
  return xml.slice(start, end);
}

const euros = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;
const compactDate = (date: string) => date.replaceAll("-", "");

describe("Factur-X download", () => {
  it("serves the SCIC manager an XSD-valid EN 16931 invoice equal to the database, in a PDF/A-3", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const response = await download(manager, invoiceId);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toContain('filename="facture-2027-000001-factur-x.pdf"');
    const pdf = new Uint8Array(await response.arrayBuffer());

    const info = await pdfCatalogInfo(pdf);
    expect(info.xmp).toContain("<pdfaid:part>3</pdfaid:part>");
    expect(info.associatedFiles).toBe(1);
    const [attachment, ...others] = await pdfAttachments(pdf);
    expect(others).toEqual([]);
    expect(attachment).toMatchObject({ name: "factur-x.xml", relationship: "Alternative", subtype: "text/xml" });
    const xml = attachment.content.toString("utf8");
    expect(await validateFacturxXsd(xml)).toEqual({ valid: true, errors: [] });

    const row = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { lines: { orderBy: { position: "asc" } } } });
    const scic = await db.organization.findUniqueOrThrow({ where: { id: fixtures.scicId } });
    const buyer = await db.organization.findUniqueOrThrow({ where: { id: row.organizationId } });
    expect(texts(section(xml, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID")).toEqual(["urn:cen.eu:en16931:2017"]);
    const header = section(xml, "rsm:ExchangedDocument");
    expect(texts(header, "ram:ID")).toEqual([row.number]);
    expect(texts(header, "ram:TypeCode")).toEqual(["380"]);
    expect(texts(header, "udt:DateTimeString")).toEqual([compactDate(row.issueDate)]);
    expect(texts(section(xml, "ram:DueDateDateTime"), "udt:DateTimeString")).toEqual([compactDate(row.dueDate ?? "")]);
    expect(texts(section(section(xml, "ram:ApplicableHeaderTradeSettlement"), "ram:BillingSpecifiedPeriod"), "udt:DateTimeString")).toEqual([compactDate(row.servicePeriodFrom), compactDate(row.servicePeriodTo)]);
    expect(texts(section(xml, "ram:SellerTradeParty"), "ram:ID")).toEqual(expect.arrayContaining([scic.siret?.slice(0, 9)]));
    expect(texts(section(xml, "ram:BuyerTradeParty"), "ram:ID")).toEqual(expect.arrayContaining([buyer.siret?.slice(0, 9)]));
    expect(texts(section(xml, "ram:SellerTradeParty"), "ram:Name")).toEqual([scic.name]);
    expect(texts(section(xml, "ram:BuyerTradeParty"), "ram:Name")).toEqual([buyer.name]);
    // Electronic addresses [BT-34, BT-49] under the French scheme 0225: the SCIC's SIREN (it
    // declared none), the buyer's declared SIREN_SIRET.
    expect(scic.electronicInvoicingAddress).toBeNull();
    expect(section(section(xml, "ram:SellerTradeParty"), "ram:URIUniversalCommunication")).toContain(`<ram:URIID schemeID="0225">${scic.siret?.slice(0, 9)}</ram:URIID>`);
    expect(buyer.electronicInvoicingAddress).toBe(`${buyer.siret?.slice(0, 9)}_${buyer.siret}`);
    expect(section(section(xml, "ram:BuyerTradeParty"), "ram:URIUniversalCommunication")).toContain(`<ram:URIID schemeID="0225">${buyer.electronicInvoicingAddress}</ram:URIID>`);

    const lineTotals = texts(xml, "ram:LineTotalAmount");
    expect(lineTotals.slice(0, -1)).toEqual(row.lines.map((l) => euros(l.amountHtCents)));
    expect(texts(xml, "ram:BilledQuantity")).toEqual(row.lines.map((l) => (l.quantityMillis / 1000).toFixed(3)));
    const totals = section(xml, "ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    expect(texts(totals, "ram:LineTotalAmount")).toEqual([euros(row.totalHtCents)]);
    expect(texts(totals, "ram:TaxBasisTotalAmount")).toEqual([euros(row.totalHtCents)]);
    expect(texts(totals, "ram:TaxTotalAmount")).toEqual([euros(row.totalVatCents)]);
    expect(texts(totals, "ram:GrandTotalAmount")).toEqual([euros(row.totalTtcCents)]);
    expect(texts(totals, "ram:DuePayableAmount")).toEqual([euros(row.totalTtcCents)]);
    // The fixture SCIC is under the VAT franchise (art. 293 B du CGI).
    expect(texts(xml, "ram:ExemptionReasonCode")).toEqual(["VATEX-FR-FRANCHISE"]);
  });

  it("serves a credit note as type 381 with positive amounts", async () => {
    const result = await issueCreditNote(db, { scicId: fixtures.scicId, invoiceId, reason: "Erreur de tarif", now: new Date("2027-02-10T09:00:00Z"), actorUserId: null });
    if (!result.ok) throw new Error(result.errors.join(" "));
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const response = await download(manager, result.id);
    expect(response.status).toBe(200);
    const note = await db.invoice.findUniqueOrThrow({ where: { id: result.id } });
    expect(response.headers.get("Content-Disposition")).toContain(`avoir-${note.number}-factur-x.pdf`);
    const [attachment] = await pdfAttachments(new Uint8Array(await response.arrayBuffer()));
    const xml = attachment.content.toString("utf8");
    expect(await validateFacturxXsd(xml)).toEqual({ valid: true, errors: [] });
    expect(texts(section(xml, "rsm:ExchangedDocument"), "ram:TypeCode")).toEqual(["381"]);
    const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
    const reference = section(xml, "ram:InvoiceReferencedDocument");
    expect(texts(reference, "ram:IssuerAssignedID")).toEqual([invoice.number]);
    expect(texts(reference, "qdt:DateTimeString")).toEqual([compactDate(invoice.issueDate)]);
    expect(texts(section(xml, "ram:SpecifiedTradeSettlementHeaderMonetarySummation"), "ram:GrandTotalAmount")).toEqual([euros(-note.totalTtcCents)]);
  });

  it("generates an issued document's Factur-X once, then serves the stored copy", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const first = Buffer.from(await (await download(manager, invoiceId)).arrayBuffer());
    const stored = path.join(process.env.DATA_DIR as string, "cache", "facturx", `${invoiceId}-v${FACTURX_CACHE_VERSION}.pdf`);
    expect(fs.readFileSync(stored).equals(first)).toBe(true);
    expect(Buffer.from(await (await download(manager, invoiceId)).arrayBuffer()).equals(first)).toBe(true);
    // What is served is the stored file, not a new rendering.
    fs.writeFileSync(stored, "%PDF-1.7 copie enregistrée");
    try {
      expect(await (await download(manager, invoiceId)).text()).toBe("%PDF-1.7 copie enregistrée");
    } finally {
      fs.writeFileSync(stored, first);
    }
    expect(fs.readdirSync(path.dirname(stored)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  // After the downloads above: a stored copy changes nothing to who may have it.
  it("keeps the plain PDF's access rules: login, 404 outside the SCIC, 403 for a member, 404 for an unknown id", async () => {
    const anonymous = await download(new Browser(), invoiceId);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);
    const outsider = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    expect((await download(outsider, invoiceId)).status).toBe(404);
    const member = await db.user.findFirstOrThrow({ where: { email: DEMO_USERS.otherStructureMember.email } });
    await db.membership.create({ data: { userId: member.id, organizationId: fixtures.scicId, role: "MEMBER" } });
    const scicMember = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    expect((await download(scicMember, invoiceId)).status).toBe(403);
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    expect((await download(manager, "inconnue")).status).toBe(404);
  });
});
