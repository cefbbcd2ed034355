// Billing pages, downloads and the accountant's API: access control, CSRF, CSV and PDF contents.
import { db } from "~/db.server";
import { PAGE_SIZE } from "~/domain/pagination";
import { runMonthlyBilling } from "~/models/billing.server";
import { loader as apiInvoicesLoader } from "~/routes/api.v1.invoices[.csv]";
import { loader as exportLoader } from "~/routes/organisations.$slug_.facturation.export[.csv]";
import { action as billingAction, loader as billingLoader } from "~/routes/organisations.$slug_.facturation._index";
import { action as invoiceAction, loader as invoiceLoader } from "~/routes/organisations.$slug_.facturation.$invoiceId";
import { loader as pdfLoader } from "~/routes/organisations.$slug_.facturation.$invoiceId[.pdf]";
import { loader as paymentsLoader } from "~/routes/organisations.$slug_.facturation.paiements";
import { DEMO_USERS } from "../../prisma/seed";
import { billingFixtures, type BillingFixtures } from "../helpers/billing-fixtures";
import { BASE_URL, Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const SCIC = "fabrique-commune";
let fixtures: BillingFixtures;
let invoiceId: string;

beforeAll(async () => {
  fixtures = await billingFixtures(db);
  const run = await runMonthlyBilling(db, { scicId: fixtures.scicId, month: "2027-01", now: new Date("2027-02-03T09:00:00Z") });
  invoiceId = run.created[0].invoiceId;
});

/** Rows of our CSV: `;`-separated, CRLF, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\ufeff/, "").split("\r\n").filter(Boolean)) {
    const cells = [...line.matchAll(/(?:^|;)("(?:[^"]|"")*"|[^;]*)/g)].map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"'));
    rows.push(cells);
  }
  return rows;
}

function apiGet(path: string, token: string) {
  return respond(() => apiInvoicesLoader(routeArgs(new Request(new URL(path, BASE_URL), { headers: { Authorization: `Bearer ${token}` } }))));
}

describe("billing page access", () => {
  it("sends anonymous visitors to the login page", async () => {
    const response = await respond(() => billingLoader(routeArgs(new Browser().get(`/organisations/${SCIC}/facturation`), { slug: SCIC })));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);
  });

  it("answers 404 to another organisation's admin and 403 to a structure member or a non-SCIC", async () => {
    const outsider = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    expect((await respond(() => billingLoader(routeArgs(outsider.get(`/organisations/${SCIC}/facturation`), { slug: SCIC })))).status).toBe(404);
    // Admin of a structure: its own organisation is not a SCIC, so it has no billing pages.
    expect(
      (await respond(() => billingLoader(routeArgs(outsider.get(`/organisations/savoirs-partages/facturation`), { slug: "savoirs-partages" })))).status,
    ).toBe(404);
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect(
      (await respond(() => billingLoader(routeArgs(member.get(`/organisations/savoirs-partages/facturation`), { slug: "savoirs-partages" })))).status,
    ).toBe(403);
  });

  it("lets the SCIC manager see invoices and refuses a run without CSRF token", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const page = await respond(() => billingLoader(routeArgs(manager.get(`/organisations/${SCIC}/facturation`), { slug: SCIC })));
    expect(page.status).toBe(200);
    const { invoices } = await page.json();
    expect(invoices.map((i: { number: string }) => i.number)).toEqual(expect.arrayContaining(["2027-000001", "2027-000002"]));
    const forged = await manager.post(`/organisations/${SCIC}/facturation`, { month: "2027-02" }, { withCsrf: false });
    expect((await respond(() => billingAction(routeArgs(forged, { slug: SCIC })))).status).toBe(403);
    expect(await db.invoice.count({ where: { month: "2027-02" } })).toBe(0);
  });

  it("runs a month from the page, then skips it the second time", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const run = async () =>
      respond(async () => billingAction(routeArgs(await manager.post(`/organisations/${SCIC}/facturation`, { month: "2027-02", runId: "run-test-0001" }), { slug: SCIC })));
    const first = await (await run()).json();
    expect(first.summary.created).toHaveLength(1);
    const second = await (await run()).json();
    expect(second.summary.created).toHaveLength(0);
    expect(second.summary.skipped).toHaveLength(1);
    const invalid = await respond(async () => billingAction(routeArgs(await manager.post(`/organisations/${SCIC}/facturation`, { month: "janvier" }), { slug: SCIC })));
    expect(invalid.status).toBe(400);
  });

  it("refuses a credit note to a plain member with 403", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const request = await member.post(`/organisations/${SCIC}/facturation/${invoiceId}`, { intent: "credit-note", reason: "Test" });
    expect((await respond(() => invoiceAction(routeArgs(request, { slug: SCIC, invoiceId })))).status).toBe(404);
  });
});

describe("invoice page and downloads", () => {
  it("shows the legal mentions and downloads a PDF", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const page = await respond(() => invoiceLoader(routeArgs(manager.get(`/organisations/${SCIC}/facturation/${invoiceId}`), { slug: SCIC, invoiceId })));
    const { invoice } = await page.json();
    expect(invoice.document.mentions).toEqual(
      expect.arrayContaining(["Facture n° 2027-000001", "TVA non applicable, art. 293 B du CGI", expect.stringMatching(/^Indemnité forfaitaire/)]),
    );
    const pdf = await respond(() => pdfLoader(routeArgs(manager.get(`/organisations/${SCIC}/facturation/${invoiceId}.pdf`), { slug: SCIC, invoiceId })));
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toContain("facture-2027-000001.pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("records a partial payment and issues a credit note from the page", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const pay = await manager.post(`/organisations/${SCIC}/facturation/${invoiceId}`, { intent: "payment", receivedOn: "2027-02-20", amount: "40,00", method: "virement" });
    expect((await respond(() => invoiceAction(routeArgs(pay, { slug: SCIC, invoiceId })))).status).toBe(302);
    expect(await db.payment.findFirstOrThrow({ where: { invoiceId } })).toMatchObject({ amountCents: 4000, receivedOn: "2027-02-20" });
    const badAmount = await manager.post(`/organisations/${SCIC}/facturation/${invoiceId}`, { intent: "payment", receivedOn: "2027-02-20", amount: "-3", method: "virement" });
    expect((await respond(() => invoiceAction(routeArgs(badAmount, { slug: SCIC, invoiceId })))).status).toBe(400);
    // The page issues credit notes today: credit an invoice issued today (the February run above).
    const issuedToday = await db.invoice.findFirstOrThrow({ where: { month: "2027-02", kind: "INVOICE" } });
    const credit = await manager.post(`/organisations/${SCIC}/facturation/${issuedToday.id}`, { intent: "credit-note", reason: "Geste commercial" });
    const response = await respond(() => invoiceAction(routeArgs(credit, { slug: SCIC, invoiceId: issuedToday.id })));
    expect(response.status).toBe(302);
    const note = await db.invoice.findFirstOrThrow({ where: { correctsInvoiceId: issuedToday.id } });
    expect(note.kind).toBe("CREDIT_NOTE");
    expect(note.totalTtcCents).toBe(-issuedToday.totalTtcCents);
    // An invoice issued in 2027 cannot be credited with a credit note dated today (before it): 422.
    const early = await manager.post(`/organisations/${SCIC}/facturation/${invoiceId}`, { intent: "credit-note", reason: "Trop tôt" });
    expect((await respond(() => invoiceAction(routeArgs(early, { slug: SCIC, invoiceId })))).status).toBe(422);
  });

  it("exports the month's lines as CSV for the accountant", async () => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const response = await respond(() => exportLoader(routeArgs(manager.get(`/organisations/${SCIC}/facturation/export.csv?month=2027-01`), { slug: SCIC })));
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="factures-fabrique-commune-2027-01.csv"');
    const text = await response.text();
    const rows = parseCsv(text);
    expect(rows[0].slice(0, 3)).toEqual(["Type", "Numéro", "Date d'émission"]);
    const first = rows.filter((r) => r[1] === "2027-000001");
    expect(first.map((r) => [r[0], r[7], r[12], r[17]])).toEqual([
      ["Facture", "1", "6500", "11000"],
      ["Facture", "2", "3000", "11000"],
      ["Facture", "3", "1500", "11000"],
    ]);
    expect(rows.some((r) => r[0] === "Avoir" && r[4] === "2027-000001")).toBe(false); // credit notes of February are not in January's export
    expect((await respond(() => exportLoader(routeArgs(manager.get(`/organisations/${SCIC}/facturation/export.csv?month=x`), { slug: SCIC })))).status).toBe(400);
  });
});

describe("GET /api/v1/invoices.csv", () => {
  it("answers the SCIC's token with the month's CSV", async () => {
    const response = await apiGet("/api/v1/invoices.csv?month=2027-01", "demo-api-token-scic");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(await response.text()).toContain("2027-000002");
  });

  it("refuses a structure's token with 403, no token with 401 and a bad month with 422", async () => {
    expect((await apiGet("/api/v1/invoices.csv?month=2027-01", "demo-api-token-structure")).status).toBe(403);
    expect((await respond(() => apiInvoicesLoader(routeArgs(new Request(new URL("/api/v1/invoices.csv?month=2027-01", BASE_URL)))))).status).toBe(401);
    expect((await apiGet("/api/v1/invoices.csv?month=2027-13", "demo-api-token-scic")).status).toBe(422);
  });
});

describe("invoice list pages", () => {
  const MONTH = "2027-06";
  const listed = async (search = "") => {
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    return respond(() => billingLoader(routeArgs(manager.get(`/organisations/${SCIC}/facturation${search}`), { slug: SCIC })));
  };

  beforeAll(async () => {
    // A network bills thousands of organisations a month: copies of an issued invoice for June,
    // issued over the first twenty days of July, several on the same day (their order must
    // still be stable).
    const { id: _id, number: _number, runKey: _runKey, createdAt: _createdAt, ...issued } = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
    await db.invoice.createMany({
      data: Array.from({ length: PAGE_SIZE + 7 }, (_, i) => ({
        ...issued,
        number: `2027-${String(900_000 + i).padStart(6, "0")}`,
        month: MONTH,
        issueDate: `2027-07-${String(1 + (i % 20)).padStart(2, "0")}`,
        servicePeriodFrom: `${MONTH}-01`,
        servicePeriodTo: `${MONTH}-30`,
      })),
    });
  });

  it("shows the newest invoices first, fifty to a page, each invoice on one page only", async () => {
    const total = await db.invoice.count({ where: { scicId: fixtures.scicId } });
    const first = await (await listed()).json();
    expect(first).toMatchObject({ page: 1, pageCount: Math.ceil(total / PAGE_SIZE), total });
    expect(first.invoices).toHaveLength(PAGE_SIZE);
    expect(first.invoices[0].issueDate).toBe("2027-07-20");

    const pages = [first];
    for (let page = 2; page <= first.pageCount; page++) pages.push(await (await listed(`?page=${page}`)).json());
    const ids = pages.flatMap((list) => list.invoices.map((invoice: { id: string }) => invoice.id));
    expect(new Set(ids).size).toBe(total);
    const dates = pages.flatMap((list) => list.invoices.map((invoice: { issueDate: string }) => invoice.issueDate));
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("pages within the month filtered", async () => {
    const second = await (await listed(`?mois=${MONTH}&page=2`)).json();
    expect(second).toMatchObject({ month: MONTH, page: 2, pageCount: 2, total: PAGE_SIZE + 7 });
    expect(second.invoices).toHaveLength(7);
    expect(second.invoices.every((invoice: { month: string }) => invoice.month === MONTH)).toBe(true);
  });

  it("answers 404 past the last page and 400 to a page that is not a number", async () => {
    expect((await listed(`?mois=${MONTH}&page=3`)).status).toBe(404);
    expect((await listed("?page=abc")).status).toBe(400);
    expect((await listed("?page=0")).status).toBe(400);
    expect((await listed("?mois=2030-01")).status).toBe(200);
  });

  it("pages the payments page's overdue invoices by ?retards=, oldest due date first, apart from the balances' ?page=", async () => {
    // Invoices of 2025 left unpaid: overdue whenever the test runs.
    const { id: _id, number: _number, runKey: _runKey, createdAt: _createdAt, ...issued } = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
    const day = (i: number) => String(1 + (i % 28)).padStart(2, "0");
    const unpaid = Array.from({ length: PAGE_SIZE + 3 }, (_, i) => `2025-${String(800_000 + i).padStart(6, "0")}`);
    await db.invoice.createMany({
      data: unpaid.map((number, i) => ({
        ...issued,
        number,
        month: "2025-05",
        issueDate: `2025-06-${day(i)}`,
        dueDate: `2025-07-${day(i)}`,
        servicePeriodFrom: "2025-05-01",
        servicePeriodTo: "2025-05-31",
      })),
    });
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const paymentsPage = (search = "") => respond(() => paymentsLoader(routeArgs(manager.get(`/organisations/${SCIC}/facturation/paiements${search}`), { slug: SCIC })));
    const first = await (await paymentsPage()).json();
    expect(first.overdue.rows).toHaveLength(PAGE_SIZE);
    expect(first.overdue.pageCount).toBe(Math.ceil(first.overdue.total / PAGE_SIZE));
    expect(first.overdue.pageCount).toBeGreaterThan(1);
    const pages = [first];
    for (let page = 2; page <= first.overdue.pageCount; page++) pages.push(await (await paymentsPage(`?page=1&retards=${page}`)).json());
    type Overdue = { number: string; dueDate: string; remainingCents: number };
    const rows: Overdue[] = pages.flatMap((page) => page.overdue.rows);
    expect(rows.map((row) => row.number)).toEqual(expect.arrayContaining(unpaid));
    expect(new Set(rows.map((row) => row.number)).size).toBe(first.overdue.total);
    expect(rows.map((row) => row.dueDate)).toEqual(rows.map((row) => row.dueDate).sort());
    expect(first.totals.overdueCents).toBe(rows.reduce((sum, row) => sum + row.remainingCents, 0));
    // The balances' page is its own: every page shows the same (single) page of balances.
    expect(pages.every((page) => page.balances.page === 1 && page.balances.rows.length === first.balances.rows.length)).toBe(true);
    expect((await paymentsPage("?page=2")).status).toBe(404);
    expect((await paymentsPage(`?retards=${first.overdue.pageCount + 1}`)).status).toBe(404);
    expect((await paymentsPage("?retards=abc")).status).toBe(400);
  });
});
