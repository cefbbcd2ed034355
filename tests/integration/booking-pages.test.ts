// The booking pages through their loaders and actions, as a logged-in browser uses them:
// preview then confirm, changes of a series, approvals, notification links, and who may do what.
import { db } from "~/db.server";
import { createBooking } from "~/models/booking.server";
import { createUser } from "~/models/user.server";
import { loader as notificationsLoader, action as notificationsAction } from "~/routes/notifications";
import { action as seriesAction, loader as seriesLoader } from "~/routes/organisations.$slug_.reservations.$seriesId";
import { loader as bookingsLoader } from "~/routes/organisations.$slug_.reservations._index";
import { action as newBookingAction, loader as newBookingLoader } from "~/routes/organisations.$slug_.reservations.nouvelle";
import { action as approvalsAction, loader as approvalsLoader } from "~/routes/organisations.$slug_.validations";
import { loader as seriesLinkLoader } from "~/routes/reservations.$seriesId";
import { loader as dashboardLoader } from "~/routes/tableau-de-bord";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const NOW = new Date("2027-03-01T08:00:00Z"); // Monday 1 March 2027, 09:00 in Paris
const STRUCTURE = "savoirs-partages";
const OTHER_STRUCTURE = "velo-solidaire";
const SCIC = "fabrique-commune";

let f: BookingFixtures;
let member: Browser;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  f = await bookingFixtures(db);
  member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
});

afterAll(() => {
  vi.useRealTimers();
});

type Fields = Record<string, string | string[]>;

async function post<T extends (args: ReturnType<typeof routeArgs>) => Promise<unknown>>(
  browser: Browser,
  run: T,
  path: string,
  params: Record<string, string>,
  fields: Fields,
  options?: { withCsrf?: boolean },
) {
  const request = await browser.post(path, fields, options);
  return respond(() => run(routeArgs(request, params)));
}

const newBookingPath = `/organisations/${STRUCTURE}/reservations/nouvelle`;
const seriesPath = (seriesId: string, slug = STRUCTURE) => `/organisations/${slug}/reservations/${seriesId}`;

const submitBooking = (fields: Fields, browser = member, options?: { withCsrf?: boolean }) =>
  post(browser, newBookingAction, newBookingPath, { slug: STRUCTURE }, fields, options);
const submitSeriesAction = (seriesId: string, fields: Fields, browser = member, slug = STRUCTURE, options?: { withCsrf?: boolean }) =>
  post(browser, seriesAction, seriesPath(seriesId, slug), { slug, seriesId }, fields, options);
const viewSeries = (seriesId: string, query = "", browser = member, slug = STRUCTURE) =>
  respond(() => seriesLoader(routeArgs(browser.get(`${seriesPath(seriesId, slug)}${query}`), { slug, seriesId })));
const decide = (browser: Browser, fields: Fields, options?: { withCsrf?: boolean }) =>
  post(browser, approvalsAction, `/organisations/${SCIC}/validations`, { slug: SCIC }, fields, options);
const viewApprovals = (browser: Browser, slug = SCIC) =>
  respond(() => approvalsLoader(routeArgs(browser.get(`/organisations/${slug}/validations`), { slug })));

/** A booking made directly through the model, for the structure or another one. */
async function bookDirectly(spaceId: string, localStart: string, localEnd: string, extra: { rrule?: string; organizationId?: string; now?: Date } = {}) {
  const result = await createBooking(db, {
    spaceId,
    organizationId: extra.organizationId ?? f.structureId,
    createdById: extra.organizationId ? null : f.memberUserId,
    title: extra.organizationId ? "Réparation de vélos" : "Permanence numérique",
    request: { localStart, localEnd, rrule: extra.rrule ?? null, seats: 1 },
    skip: "NONE",
    now: extra.now ?? NOW,
  });
  if (!result.ok) throw new Error(`booking failed: ${JSON.stringify(result)}`);
  return result.seriesId;
}
const bookForOtherStructure = (spaceId: string, localStart: string, localEnd: string) =>
  bookDirectly(spaceId, localStart, localEnd, { organizationId: f.otherStructureId });

function weeklyForm(spaceId: string, date: string, startTime: string, endTime: string, weekday: string, count: number): Fields {
  return {
    intent: "apercu",
    spaceId,
    title: "Atelier numérique",
    date,
    startTime,
    endTime,
    "recurrence.frequency": "WEEKLY",
    "recurrence.weekdays": weekday,
    "recurrence.interval": "1",
    "recurrence.end.kind": "count",
    "recurrence.end.count": String(count),
  };
}

/** The confirmation form of a preview, as the page renders it: the same fields, the skips, intent "confirmer". */
function confirmationOf(preview: { hiddenFields: Array<[string, string]>; blocked: Array<{ recurrenceId: string }> }): Fields {
  const fields: Fields = {};
  for (const [name, value] of preview.hiddenFields) fields[name] = name in fields ? [fields[name]].flat().concat(value) : value;
  return { ...fields, skip: preview.blocked.map((date) => date.recurrenceId), intent: "confirmer" };
}

const seriesIdOf = (response: Response) => {
  const match = /\/reservations\/([^/?]+)\?/.exec(response.headers.get("Location") ?? "");
  if (!match) throw new Error(`not a redirect to a series: ${response.headers.get("Location")}`);
  return match[1];
};

const occurrencesOf = (seriesId: string) =>
  db.occurrence.findMany({ where: { seriesId }, orderBy: { recurrenceId: "asc" } });

describe("new booking: preview, then confirm", () => {
  it("offers the bookable spaces by site and preselects the one in ?espace=", async () => {
    const response = await respond(() => newBookingLoader(routeArgs(member.get(`${newBookingPath}?espace=${f.poolId}`), { slug: STRUCTURE })));
    expect(response.status).toBe(200);
    const { sites, preselectedSpaceId } = await response.json();
    expect(preselectedSpaceId).toBe(f.poolId);
    const halles = sites.find((site: { name: string }) => site.name === "Tiers-lieu des Halles");
    expect(halles.spaces.map((space: { label: string }) => space.label)).toContain("Grande halle (salle, 80 personnes, sur validation)");
    const unknown = await respond(() => newBookingLoader(routeArgs(member.get(`${newBookingPath}?espace=nope`), { slug: STRUCTURE })));
    expect((await unknown.json()).preselectedSpaceId).toBeNull();
  });

  it("previews every date and every conflicting date with its reason, writing nothing; then books the others", async () => {
    await bookForOtherStructure(f.roomId, "2027-05-11T15:00", "2027-05-11T17:00");
    const seriesBefore = await db.bookingSeries.count();

    const response = await submitBooking(weeklyForm(f.roomId, "2027-05-04", "14:00", "16:00", "TU", 3));
    expect(response.status).toBe(200);
    const { preview } = await response.json();
    expect(preview).toMatchObject({
      spaceName: "Salle test",
      repetition: "Chaque semaine le mardi, 3 fois",
      requiresApproval: false,
      continuesBeyondHorizon: false,
      bookable: ["mardi 4 mai 2027, 14:00 – 16:00", "mardi 18 mai 2027, 14:00 – 16:00"],
      blocked: [
        {
          recurrenceId: "2027-05-11T14:00",
          label: "mardi 11 mai 2027, 14:00 – 16:00",
          reasons: ["Le créneau du mardi 11 mai 2027 de 14:00 à 16:00 est déjà réservé."],
        },
      ],
    });
    expect(await db.bookingSeries.count()).toBe(seriesBefore);

    const confirmed = await submitBooking(confirmationOf(preview));
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toMatch(new RegExp(`^/organisations/${STRUCTURE}/reservations/[^/?]+\\?cree=1$`));
    const seriesId = seriesIdOf(confirmed);
    const occurrences = await occurrencesOf(seriesId);
    expect(occurrences.map((o) => [o.recurrenceId, o.status])).toEqual([
      ["2027-05-04T14:00", "CONFIRMED"],
      ["2027-05-11T14:00", "CANCELLED"],
      ["2027-05-18T14:00", "CONFIRMED"],
    ]);
    expect(occurrences[1].skippedReason).toBe("Le créneau du mardi 11 mai 2027 de 14:00 à 16:00 est déjà réservé.");
    const series = await db.bookingSeries.findUniqueOrThrow({ where: { id: seriesId } });
    expect(series).toMatchObject({ organizationId: f.structureId, createdById: f.memberUserId, title: "Atelier numérique", status: "CONFIRMED" });

    const page = await (await viewSeries(seriesId, "?cree=1")).json();
    expect(page.series.repetition).toBe("Chaque semaine le mardi, 3 fois");
    expect(page.occurrences.map((o: { badges: Array<{ label: string }> }) => o.badges.map((b) => b.label))).toEqual([
      ["Confirmée"],
      ["Non réservée"],
      ["Confirmée"],
    ]);
    expect(page.occurrences[1].skippedReason).toContain("déjà réservé");
  });

  it("shows the preview again, writing nothing, when a date was taken after the preview", async () => {
    const form = weeklyForm(f.roomId, "2027-06-01", "09:00", "10:00", "TU", 3);
    const first = await (await submitBooking(form)).json();
    expect(first.preview.blocked).toEqual([]);
    await bookForOtherStructure(f.roomId, "2027-06-08T09:00", "2027-06-08T10:00");
    const seriesBefore = await db.bookingSeries.count();

    const response = await submitBooking(confirmationOf(first.preview));
    expect(response.status).toBe(409);
    const { preview } = await response.json();
    expect(preview.notice).toBe(
      "Depuis votre aperçu, d'autres dates sont devenues indisponibles : rien n'a été réservé. Vérifiez la liste ci-dessous avant de confirmer.",
    );
    expect(preview.blocked.map((date: { recurrenceId: string }) => date.recurrenceId)).toEqual(["2027-06-08T09:00"]);
    expect(await db.bookingSeries.count()).toBe(seriesBefore);
  });

  it("answers 400 with the DST message beside the start time", async () => {
    const response = await submitBooking({
      intent: "apercu",
      spaceId: f.roomId,
      title: "Atelier de nuit",
      date: "2027-03-28",
      startTime: "02:30",
      endTime: "04:00",
      "recurrence.frequency": "NONE",
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toEqual({
      startTime: ["L'heure de début n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été)."],
    });
  });

  it("puts the model's refusals beside the field: seats of a desk pool, unknown space", async () => {
    const oneOff = { intent: "apercu", title: "Coworking", date: "2027-03-03", startTime: "09:00", endTime: "12:00", "recurrence.frequency": "NONE" };
    const tooMany = await submitBooking({ ...oneOff, spaceId: f.poolId, seats: "7" });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error).toEqual({ seats: ["Choisissez entre 1 et 6 postes."] });
    const unknown = await submitBooking({ ...oneOff, spaceId: "nope" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toEqual({ spaceId: ["Cet espace n'existe pas ou n'est plus réservable."] });
  });

  it("says when the booking will wait for approval, and when the series goes beyond the horizon", async () => {
    const approval = await (await submitBooking({ ...weeklyForm(f.approvalRoomId, "2027-03-09", "10:00", "12:00", "TU", 2) })).json();
    expect(approval.preview.requiresApproval).toBe(true);
    const louiseMichel = await db.space.findFirstOrThrow({ where: { name: "Atelier Louise Michel" } }); // horizon 365 days
    const long = await (await submitBooking(weeklyForm(louiseMichel.id, "2027-03-03", "10:00", "12:00", "WE", 60))).json();
    expect(long.preview.continuesBeyondHorizon).toBe(true);
    expect(long.preview.horizonDays).toBe(365);
  });
});

describe("the organisation's bookings", () => {
  it("lists upcoming occurrences by week with their status and series, and past ones apart", async () => {
    const pastSeriesId = await bookDirectly(f.poolId, "2027-02-10T09:00", "2027-02-10T12:00", { now: new Date("2027-02-01T08:00:00Z") });
    const upcoming = await (await respond(() => bookingsLoader(routeArgs(member.get(`/organisations/${STRUCTURE}/reservations`), { slug: STRUCTURE })))).json();
    expect(upcoming.canBook).toBe(true);
    const weeks = upcoming.weeks as Array<{ label: string; items: Array<{ seriesId: string; title: string; day: string; hours: string; badges: unknown[] }> }>;
    expect(weeks.length).toBeGreaterThan(0);
    expect(weeks.map((week) => week.label)).toContain("Semaine du lundi 3 mai 2027");
    const may4 = weeks.flatMap((week) => week.items).find((item) => item.day === "mardi 4 mai 2027");
    expect(may4).toMatchObject({ title: "Atelier numérique", hours: "14:00 – 16:00", badges: [{ label: "Confirmée", tone: "ok" }] });
    expect(weeks.flatMap((week) => week.items).map((item) => item.seriesId)).not.toContain(pastSeriesId);

    const past = await (await respond(() => bookingsLoader(routeArgs(member.get(`/organisations/${STRUCTURE}/reservations?passees=1`), { slug: STRUCTURE })))).json();
    expect(past.past).toBe(true);
    expect(past.weeks.flatMap((week: { items: Array<{ seriesId: string }> }) => week.items.map((item) => item.seriesId))).toEqual([pastSeriesId]);
  });
});

describe("changing a series", () => {
  it("cancels one date, saying beforehand that it is a late cancellation", async () => {
    const seriesId = await bookDirectly(f.roomId, "2027-03-02T10:00", "2027-03-02T12:00", { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4" });
    const page = await (await viewSeries(seriesId, "?annuler=2027-03-02T10:00")).json();
    expect(page.panel).toEqual({ intent: "annuler-date", recurrenceId: "2027-03-02T10:00" });
    expect(page.deadlineHours).toBe(48);
    expect(page.occurrences.map((o: { lateIfCancelledNow: boolean }) => o.lateIfCancelledNow)).toEqual([true, false, false, false]);

    const late = await submitSeriesAction(seriesId, { intent: "annuler-date", recurrenceId: "2027-03-02T10:00" });
    expect(late.status).toBe(302);
    expect(late.headers.get("Location")).toBe(`${seriesPath(seriesId)}?statut=date-annulee-tardive`);
    const inTime = await submitSeriesAction(seriesId, { intent: "annuler-date", recurrenceId: "2027-03-09T10:00" });
    expect(inTime.headers.get("Location")).toBe(`${seriesPath(seriesId)}?statut=date-annulee`);
    expect((await occurrencesOf(seriesId)).map((o) => [o.status, o.lateCancellation])).toEqual([
      ["CANCELLED", true],
      ["CANCELLED", false],
      ["CONFIRMED", false],
      ["CONFIRMED", false],
    ]);

    const again = await submitSeriesAction(seriesId, { intent: "annuler-date", recurrenceId: "2027-03-09T10:00" });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toEqual({ "": ["Cette occurrence est déjà annulée ou refusée."] });
    const after = await (await viewSeries(seriesId)).json();
    expect(after.occurrences[0].badges.map((b: { label: string }) => b.label)).toEqual(["Annulée", "Annulation tardive"]);
  });

  it("moves one date, and explains in French why a taken slot cannot be chosen", async () => {
    const seriesId = await bookDirectly(f.roomId, "2027-03-16T13:00", "2027-03-16T15:00", { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=2" });
    const move = { intent: "deplacer", recurrenceId: "2027-03-16T13:00", date: "2027-03-17", startTime: "14:00", endTime: "16:00" };
    const moved = await submitSeriesAction(seriesId, move);
    expect(moved.status).toBe(302);
    expect(moved.headers.get("Location")).toBe(`${seriesPath(seriesId)}?statut=deplacee`);
    const [first] = await occurrencesOf(seriesId);
    expect(first).toMatchObject({ recurrenceId: "2027-03-16T13:00", localStart: "2027-03-17T14:00", localEnd: "2027-03-17T16:00", modified: true });
    const page = await (await viewSeries(seriesId)).json();
    expect(page.occurrences[0].badges.map((b: { label: string }) => b.label)).toEqual(["Confirmée", "Déplacée"]);

    await bookForOtherStructure(f.roomId, "2027-03-18T09:00", "2027-03-18T11:00");
    const refused = await submitSeriesAction(seriesId, { ...move, recurrenceId: "2027-03-23T13:00", date: "2027-03-18", startTime: "10:00", endTime: "12:00" });
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error).toEqual({ "": ["Cette date n'est pas disponible :"] });
    expect(body.blocked[0].reasons).toEqual(["Le créneau du jeudi 18 mars 2027 de 10:00 à 12:00 est déjà réservé."]);
    expect((await occurrencesOf(seriesId))[1].localStart).toBe("2027-03-23T13:00");

    const gap = await submitSeriesAction(seriesId, { ...move, recurrenceId: "2027-03-23T13:00", date: "2027-03-28", startTime: "02:30", endTime: "04:00" });
    expect(gap.status).toBe(400);
    expect(Object.keys((await gap.json()).error)).toEqual(["startTime"]);
  });

  it("changes a date and the following ones, showing the conflicts first and skipping them when asked", async () => {
    const seriesId = await bookDirectly(f.roomId, "2027-04-01T10:00", "2027-04-01T11:00", { rrule: "FREQ=WEEKLY;BYDAY=TH;COUNT=4" });
    await bookForOtherStructure(f.roomId, "2027-04-15T14:00", "2027-04-15T15:00");
    const change = {
      intent: "modifier-suite",
      fromRecurrenceId: "2027-04-08T10:00",
      title: "Atelier du jeudi après-midi",
      startTime: "14:00",
      endTime: "15:00",
    };
    const conflicts = await submitSeriesAction(seriesId, change);
    expect(conflicts.status).toBe(409);
    const body = await conflicts.json();
    expect(body.blocked.map((date: { recurrenceId: string }) => date.recurrenceId)).toEqual(["2027-04-15T14:00"]);
    expect(body.blocked[0].reasons[0]).toContain("déjà réservé");
    const original = await db.bookingSeries.findUniqueOrThrow({ where: { id: seriesId } });
    expect(original.rrule).toBe("FREQ=WEEKLY;BYDAY=TH;COUNT=4");
    expect(await db.bookingSeries.count({ where: { splitFromId: seriesId } })).toBe(0);

    const fields: Fields = {};
    for (const [name, value] of body.hiddenFields as Array<[string, string]>) fields[name] = value;
    const changed = await submitSeriesAction(seriesId, { ...fields, intent: "modifier-suite", skip: ["2027-04-15T14:00"] });
    expect(changed.status).toBe(302);
    const continuationId = seriesIdOf(changed);
    expect(changed.headers.get("Location")).toBe(`${seriesPath(continuationId)}?statut=suite-modifiee`);
    const continuation = await db.bookingSeries.findUniqueOrThrow({ where: { id: continuationId } });
    expect(continuation).toMatchObject({ splitFromId: seriesId, title: "Atelier du jeudi après-midi", localStart: "2027-04-08T14:00" });
    expect((await occurrencesOf(continuationId)).map((o) => [o.recurrenceId, o.status])).toEqual([
      ["2027-04-08T14:00", "CONFIRMED"],
      ["2027-04-15T14:00", "CANCELLED"],
      ["2027-04-22T14:00", "CONFIRMED"],
    ]);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: seriesId } })).rrule).toBe("FREQ=WEEKLY;BYDAY=TH;UNTIL=20270407T235959");
    const originalPage = await (await viewSeries(seriesId)).json();
    expect(originalPage.continuations.map((c: { id: string }) => c.id)).toEqual([continuationId]);
  });

  it("cancels the whole booking after a confirmation step", async () => {
    const seriesId = await bookDirectly(f.roomId, "2027-07-06T10:00", "2027-07-06T12:00", { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3" });
    const page = await (await viewSeries(seriesId, "?annuler-tout=1")).json();
    expect(page.panel).toEqual({ intent: "annuler-tout", recurrenceId: null });
    expect(page.upcomingCount).toBe(3);
    expect(page.lateUpcomingCount).toBe(0);
    const response = await submitSeriesAction(seriesId, { intent: "annuler-tout" });
    expect(response.headers.get("Location")).toBe(`${seriesPath(seriesId)}?statut=serie-annulee`);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: seriesId } })).status).toBe("CANCELLED");
    expect((await occurrencesOf(seriesId)).map((o) => o.status)).toEqual(["CANCELLED", "CANCELLED", "CANCELLED"]);
    const after = await (await viewSeries(seriesId)).json();
    expect(after.canChange).toBe(false);
  });

  it("refuses an unknown action with a 400", async () => {
    const seriesId = await bookDirectly(f.roomId, "2027-07-07T10:00", "2027-07-07T12:00");
    expect((await submitSeriesAction(seriesId, { intent: "supprimer" })).status).toBe(400);
  });
});

describe("approvals", () => {
  it("lets a manager reject (reason required, booker notified) and accept pending bookings", async () => {
    const rejectedId = await bookDirectly(f.approvalRoomId, "2027-04-06T10:00", "2027-04-06T12:00");
    const acceptedId = await bookDirectly(f.approvalRoomId, "2027-04-07T10:00", "2027-04-07T12:00");
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);

    const list = await (await viewApprovals(manager)).json();
    const pending = list.pending.find((series: { id: string }) => series.id === rejectedId);
    expect(pending).toMatchObject({
      organizationName: "Association Savoirs Partagés",
      spaceName: "Salle sur validation",
      firstSlot: "mardi 6 avril 2027, 10:00 – 12:00",
      repetition: "Ne se répète pas",
      occurrenceCount: 1,
    });
    const dashboard = await (await respond(() => dashboardLoader(routeArgs(manager.get("/tableau-de-bord"))))).json();
    const scic = dashboard.organizations.find((o: { slug: string }) => o.slug === SCIC);
    const approve = scic.capabilities.find((c: { key: string }) => c.key === "approve-bookings");
    expect(approve.href).toBe(`/organisations/${SCIC}/validations`);
    expect(scic.pendingCount).toBe(list.pending.length);

    const noReason = await decide(manager, { seriesId: rejectedId, decision: "REJECT", reason: "" });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).error).toEqual({ reason: ["Indiquez le motif du refus : il est transmis à la structure qui a réservé."] });
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: rejectedId } })).status).toBe("PENDING");

    const rejected = await decide(manager, { seriesId: rejectedId, decision: "REJECT", reason: "La salle accueille une réunion publique." });
    expect(rejected.status).toBe(302);
    expect(rejected.headers.get("Location")).toBe(`/organisations/${SCIC}/validations?decision=refusee`);
    expect(await db.bookingSeries.findUniqueOrThrow({ where: { id: rejectedId } })).toMatchObject({
      status: "REJECTED",
      decisionReason: "La salle accueille une réunion publique.",
    });
    const notification = await db.notification.findFirstOrThrow({ where: { link: `/reservations/${rejectedId}` } });
    expect(notification).toMatchObject({ userId: f.memberUserId, organizationId: f.structureId, title: "Réservation refusée : Permanence numérique" });
    expect(notification.body).toContain("Motif : La salle accueille une réunion publique.");

    const accepted = await decide(manager, { seriesId: acceptedId, decision: "APPROVE" });
    expect(accepted.headers.get("Location")).toBe(`/organisations/${SCIC}/validations?decision=acceptee`);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: acceptedId } })).status).toBe("CONFIRMED");
    const twice = await decide(manager, { seriesId: acceptedId, decision: "APPROVE" });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error).toEqual({ "": ["Cette réservation a déjà été traitée."] });
    expect((await decide(manager, { seriesId: "nope", decision: "APPROVE" })).status).toBe(404);

    const page = await (await viewSeries(rejectedId)).json();
    expect(page.series).toMatchObject({ status: "REJECTED", decisionReason: "La salle accueille une réunion publique." });
  });

  it("sends each user of a notification link to the page they can use, and others to a 404", async () => {
    const seriesId = await bookDirectly(f.approvalRoomId, "2027-04-08T10:00", "2027-04-08T12:00");
    const follow = async (browser: Browser) => respond(() => seriesLinkLoader(routeArgs(browser.get(`/reservations/${seriesId}`), { seriesId })));
    expect((await follow(member)).headers.get("Location")).toBe(seriesPath(seriesId));
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    expect((await follow(manager)).headers.get("Location")).toBe(`/organisations/${SCIC}/validations#reservation-${seriesId}`);
    const outsider = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    expect((await follow(outsider)).status).toBe(404);
    expect((await follow(new Browser())).headers.get("Location")).toBe(`/connexion?redirectTo=%2Freservations%2F${seriesId}`);
  });
});

describe("notifications", () => {
  it("lists the user's notifications newest first and marks them all as read", async () => {
    const reader = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    await db.notification.createMany({
      data: [
        { userId: f.memberUserId, organizationId: f.structureId, title: "Plus ancienne", body: "…", createdAt: new Date("2027-02-27T08:00:00Z") },
        { userId: f.memberUserId, organizationId: f.structureId, title: "Plus récente", body: "…", link: "/reservations/x", createdAt: new Date("2027-02-28T08:00:00Z") },
      ],
    });
    const view = async () => (await respond(() => notificationsLoader(routeArgs(reader.get("/notifications"))))).json();
    const { notifications } = await view();
    const titles = notifications.map((n: { title: string }) => n.title);
    expect(titles.indexOf("Plus récente")).toBeLessThan(titles.indexOf("Plus ancienne"));
    expect(notifications.find((n: { title: string }) => n.title === "Plus récente")).toMatchObject({ link: "/reservations/x", unread: true });

    const dashboardBefore = await (await respond(() => dashboardLoader(routeArgs(reader.get("/tableau-de-bord"))))).json();
    expect(dashboardBefore.unreadNotifications).toBeGreaterThanOrEqual(2);
    const marked = await post(reader, notificationsAction, "/notifications", {}, {});
    expect(marked.status).toBe(302);
    expect((await view()).notifications.every((n: { unread: boolean }) => !n.unread)).toBe(true);
    const dashboardAfter = await (await respond(() => dashboardLoader(routeArgs(reader.get("/tableau-de-bord"))))).json();
    expect(dashboardAfter.unreadNotifications).toBe(0);
    // Another user's notifications are neither shown nor marked.
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    const theirs = await (await respond(() => notificationsLoader(routeArgs(manager.get("/notifications"))))).json();
    expect(theirs.notifications.map((n: { title: string }) => n.title)).not.toContain("Plus récente");
  });
});

describe("access", () => {
  it("answers 404 to another organisation, whatever the series id (IDOR)", async () => {
    const seriesId = await bookDirectly(f.roomId, "2027-08-03T10:00", "2027-08-03T12:00");
    const outsider = await browserLoggedInAs(DEMO_USERS.otherStructureMember.email);
    expect((await viewSeries(seriesId, "", outsider, OTHER_STRUCTURE)).status).toBe(404);
    expect((await submitSeriesAction(seriesId, { intent: "annuler-tout" }, outsider, OTHER_STRUCTURE)).status).toBe(404);
    expect((await submitSeriesAction(seriesId, { intent: "annuler-date", recurrenceId: "2027-08-03T10:00" }, outsider, OTHER_STRUCTURE)).status).toBe(404);
    expect((await viewSeries(seriesId, "", outsider)).status).toBe(404);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: seriesId } })).status).toBe("CONFIRMED");
    const list = await respond(() => bookingsLoader(routeArgs(outsider.get(`/organisations/${STRUCTURE}/reservations`), { slug: STRUCTURE })));
    expect(list.status).toBe(404);
  });

  it("lets only managers of the SCIC approve (403 to its plain members; a structure's own approvals page never reaches them)", async () => {
    const seriesId = await bookDirectly(f.approvalRoomId, "2027-04-13T10:00", "2027-04-13T12:00");
    const volunteer = await createUser(db, { email: "benevole@fabrique-commune.fr", name: "Nina Petit", password: DEMO_PASSWORD });
    await db.membership.create({ data: { userId: volunteer.id, organizationId: f.scicId, role: "MEMBER" } });
    const scicMember = await browserLoggedInAs(volunteer.email);
    expect((await viewApprovals(scicMember)).status).toBe(403);
    expect((await decide(scicMember, { seriesId, decision: "APPROVE" })).status).toBe(403);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: seriesId } })).status).toBe("PENDING");
    // A structure approves bookings of the sites it runs only (opened from its biens): not the SCIC's.
    const structureAdmin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const structureList = await viewApprovals(structureAdmin, STRUCTURE);
    expect(structureList.status).toBe(200);
    expect((await structureList.json()).pending).toEqual([]);
    const fromStructure = await post(structureAdmin, approvalsAction, `/organisations/${STRUCTURE}/validations`, { slug: STRUCTURE }, { seriesId, decision: "APPROVE" });
    expect(fromStructure.status).toBe(404);
    // A manager has no booking pages for the SCIC itself: it runs spaces, structures book them.
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    expect((await respond(() => newBookingLoader(routeArgs(manager.get(`/organisations/${SCIC}/reservations/nouvelle`), { slug: SCIC })))).status).toBe(404);
  });

  it("sends anonymous visitors to the login page", async () => {
    const anonymous = new Browser();
    const list = await respond(() => bookingsLoader(routeArgs(anonymous.get(`/organisations/${STRUCTURE}/reservations`), { slug: STRUCTURE })));
    expect(list.status).toBe(302);
    expect(list.headers.get("Location")).toBe(`/connexion?redirectTo=%2Forganisations%2F${STRUCTURE}%2Freservations`);
    const booking = await submitBooking(weeklyForm(f.roomId, "2027-09-07", "10:00", "12:00", "TU", 2), anonymous);
    expect(booking.status).toBe(302);
    expect((await viewApprovals(anonymous)).status).toBe(302);
    expect((await respond(() => notificationsLoader(routeArgs(anonymous.get("/notifications"))))).status).toBe(302);
  });

  it("refuses every form without its CSRF token with a 403, writing nothing", async () => {
    const seriesBefore = await db.bookingSeries.count();
    const form = { ...weeklyForm(f.roomId, "2027-09-14", "10:00", "12:00", "TU", 2), intent: "confirmer" };
    expect((await submitBooking(form, member, { withCsrf: false })).status).toBe(403);
    expect(await db.bookingSeries.count()).toBe(seriesBefore);
    const seriesId = await bookDirectly(f.roomId, "2027-09-21T10:00", "2027-09-21T12:00");
    expect((await submitSeriesAction(seriesId, { intent: "annuler-tout" }, member, STRUCTURE, { withCsrf: false })).status).toBe(403);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: seriesId } })).status).toBe("CONFIRMED");
    const manager = await browserLoggedInAs(DEMO_USERS.scicManager.email);
    expect((await decide(manager, { seriesId, decision: "APPROVE" }, { withCsrf: false })).status).toBe(403);
    expect((await post(member, notificationsAction, "/notifications", {}, {}, { withCsrf: false })).status).toBe(403);
  });
});
