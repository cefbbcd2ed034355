// The price in the booking preview (issue #5): through the real route, on SQLite and (when
// TEST_POSTGRES_URL is set) PostgreSQL, and equal to what the monthly billing run invoices later.
// The route uses the app's singleton client: each provider gets a fresh module graph bound to its
// own database (as tests/integration/healthz.test.ts does).
import type { Db } from "~/db.server";
import { openTestDatabase, providers, type TestDatabase } from "../helpers/databases";

const NOW = new Date("2027-03-01T08:00:00Z"); // Monday 1 March 2027, 09:00 in Paris
const STRUCTURE = "savoirs-partages";
const newBookingPath = `/organisations/${STRUCTURE}/reservations/nouvelle`;

async function appOn(url: string) {
  vi.resetModules();
  process.env.DATABASE_URL = url;
  (globalThis as { __db?: unknown }).__db = undefined;
  const [{ db, providerOf }, route, login, http, fixtures, seed, settings, billing, quote, bookings] = await Promise.all([
    import("~/db.server"),
    import("~/routes/organisations.$slug_.reservations.nouvelle"),
    import("../helpers/login"),
    import("../helpers/http"),
    import("../helpers/billing-fixtures"),
    import("../../prisma/seed"),
    import("~/models/pricing-settings.server"),
    import("~/models/billing.server"),
    import("~/models/booking-quote.server"),
    import("~/models/booking.server"),
  ]);
  return { db: db as Db, provider: providerOf(db), route, login, http, fixtures, seed, settings, billing, quote, bookings };
}

type App = Awaited<ReturnType<typeof appOn>>;

/** VAT at 20 % (outside the franchise), so the preview shows HT and TTC. */
async function billWithVat(app: App, scicId: string) {
  await app.settings.saveBillingSettings(app.db, {
    scicId,
    settings: {
      ...app.settings.DEFAULT_BILLING_SETTINGS,
      vatFranchise: false,
      vatRate: 2000,
      vatNumber: "FR32899123456",
      rcs: "RCS Nantes",
      cancellationPolicy: { kind: "PERCENT", percent: 50 },
    },
  });
}

describe.each(providers)("booking price on %s", (provider) => {
  let database: TestDatabase;
  let app: App;
  let f: Awaited<ReturnType<App["fixtures"]["billingFixtures"]>>;
  const previous = process.env.DATABASE_URL;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    database = await openTestDatabase(provider);
    app = await appOn(database.url);
    expect(app.provider).toBe(provider);
    f = await app.fixtures.billingFixtures(app.db);
    await billWithVat(app, f.scicId);
  });

  afterEach(async () => {
    vi.useRealTimers();
    await app.db.$disconnect();
    await database.dispose();
    process.env.DATABASE_URL = previous;
    (globalThis as { __db?: unknown }).__db = undefined;
  });

  async function preview(fields: Record<string, string>) {
    const member = await app.login.browserLoggedInAs(app.seed.DEMO_USERS.structureMember.email);
    const request = await member.post(newBookingPath, { intent: "apercu", spaceId: f.roomId, title: "Atelier numérique", ...fields });
    const response = await app.http.respond(() => app.route.action(app.http.routeArgs(request, { slug: STRUCTURE })));
    expect(response.status).toBe(200);
    const body = await response.json();
    return body.preview;
  }

  it("shows a weekly series' total and amount per month, HT and TTC, at the organisation's tier", async () => {
    // Tuesdays 14:00–16:00 from 16 March, 6 times: 3 in March, 3 in April; 2 h at 15 €/h = 30 € HT.
    const shown = await preview({
      date: "2027-03-16",
      startTime: "14:00",
      endTime: "16:00",
      "recurrence.frequency": "WEEKLY",
      "recurrence.weekdays": "TU",
      "recurrence.interval": "1",
      "recurrence.end.kind": "count",
      "recurrence.end.count": "6",
    });
    expect(shown.bookable).toHaveLength(6);
    expect(shown.price).toMatchObject({
      status: "PRICED",
      tierName: "Structure ESS",
      vatApplies: true,
      vatMention: null,
      occurrences: 6,
      htCents: 18000,
      vatCents: 3600,
      ttcCents: 21600,
      line: null,
    });
    expect(shown.price.months.map((m: { label: string; occurrences: number; htCents: number; ttcCents: number }) => [m.label, m.occurrences, m.htCents, m.ttcCents])).toEqual([
      ["mars 2027", 3, 9000, 10800],
      ["avril 2027", 3, 9000, 10800],
    ]);
  });

  it("shows a one-off booking's price: 5 h = half-day + 1 h", async () => {
    const shown = await preview({ date: "2027-03-17", startTime: "09:00", endTime: "14:00", "recurrence.frequency": "NONE" });
    expect(shown.price).toMatchObject({ status: "PRICED", htCents: 6500, ttcCents: 7800, line: { billed: "1 demi-journée + 1 h", includedMinutes: 0 } });
  });

  it("says the price is not defined, without failing, when the space has no rate card for the tier", async () => {
    await app.db.rateCard.deleteMany({ where: { spaceId: f.roomId, tierId: f.tierIds.ess } });
    const shown = await preview({ date: "2027-03-17", startTime: "09:00", endTime: "11:00", "recurrence.frequency": "NONE" });
    expect(shown.price.status).toBe("UNDEFINED");
    expect(shown.price.message).toMatch(/^Tarif non défini : cet espace n'a pas de grille tarifaire pour le tarif « Structure ESS »/);
  });

  it("quotes what the monthly billing run then invoices, to the cent (included hours partly used)", async () => {
    // The structure becomes Sociétaire by a manager's choice: 2 h included a month, 10 €/h.
    await app.db.tierOverride.create({
      data: { scicId: f.scicId, organizationId: f.structureId, tierId: f.tierIds.societaire, reason: "Convention de partenariat", at: NOW },
    });
    const book = (localStart: string, localEnd: string, rrule: string | null) =>
      app.bookings.createBooking(app.db, {
        spaceId: f.roomId,
        organizationId: f.structureId,
        createdById: f.memberUserId,
        title: "Permanence",
        request: { localStart, localEnd, rrule, seats: 1 },
        skip: "NONE",
        now: NOW,
      });
    // Already booked this month: 1 h, which uses 1 h of the 2 included hours.
    expect((await book("2027-03-02T09:00", "2027-03-02T10:00", null)).ok).toBe(true);

    // Tuesdays 14:00–16:30 from 9 March, 5 times: 9, 16, 23, 30 March and 6 April.
    const request = { localStart: "2027-03-09T14:00", localEnd: "2027-03-09T16:30", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=5", seats: 1 };
    const planned = await app.bookings.previewBooking(app.db, { spaceId: f.roomId, request, now: NOW });
    if (!planned.ok) throw new Error(JSON.stringify(planned.error));
    const quote = await app.quote.quoteForBooking(app.db, {
      spaceId: f.roomId,
      organizationId: f.structureId,
      occurrences: planned.bookable,
      seats: 1,
      today: "2027-03-01",
    });
    if (quote.status !== "PRICED") throw new Error(JSON.stringify(quote));
    // 9 March: 1 h left included, 1 h 30 billed (15 €); then 2 h 30 at 10 €/h (25 €); April: 2 h included, 30 min billed (5 €).
    expect(quote.months.map((m) => [m.month, m.includedMinutesUsed, m.htCents, m.vatCents, m.ttcCents])).toEqual([
      ["2027-03", 60, 9000, 1800, 10800],
      ["2027-04", 120, 500, 100, 600],
    ]);
    expect([quote.tierName, quote.htCents, quote.ttcCents]).toEqual(["Sociétaire", 9500, 11400]);

    const created = await book(request.localStart, request.localEnd, request.rrule);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const billedOn = new Date("2027-05-03T08:00:00Z");
    const invoiceOf = async (month: string) => {
      const run = await app.billing.runMonthlyBilling(app.db, { scicId: f.scicId, month, now: billedOn });
      expect(run.failed).toEqual([]);
      const row = await app.db.invoice.findFirstOrThrow({ where: { scicId: f.scicId, month, organizationId: f.structureId }, select: { id: true } });
      const invoice = await app.billing.getInvoice(app.db, { scicId: f.scicId, invoiceId: row.id });
      if (!invoice) throw new Error(`no invoice for ${month}`);
      return invoice;
    };
    const seriesOccurrenceIds = new Set(
      (await app.db.occurrence.findMany({ where: { seriesId: created.seriesId }, select: { id: true } })).map((o) => o.id),
    );
    const march = await invoiceOf("2027-03");
    const marchSeries = march.lines.filter((line) => line.occurrenceId !== null && seriesOccurrenceIds.has(line.occurrenceId));
    expect(marchSeries).toHaveLength(4);
    const sum = (lines: typeof march.lines, pick: (line: (typeof march.lines)[number]) => number) => lines.reduce((total, line) => total + pick(line), 0);
    expect([sum(marchSeries, (l) => l.amountHtCents), sum(marchSeries, (l) => l.vatCents), sum(marchSeries, (l) => l.amountTtcCents)]).toEqual([
      quote.months[0].htCents,
      quote.months[0].vatCents,
      quote.months[0].ttcCents,
    ]);
    // The whole March invoice: the 1 h booked before (covered by included hours) plus the series.
    expect(march.totalHtCents).toBe(quote.months[0].htCents);
    const april = await invoiceOf("2027-04");
    expect([april.totalHtCents, april.totalVatCents, april.totalTtcCents]).toEqual([quote.months[1].htCents, quote.months[1].vatCents, quote.months[1].ttcCents]);
  });
});
