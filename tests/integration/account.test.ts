// RGPD: a person downloads their own data, and deletes their account (bookings stay, anonymised).
import { db } from "~/db.server";
import { createBooking } from "~/models/booking.server";
import { action as accountAction, loader as accountLoader } from "~/routes/compte";
import { loader as exportLoader } from "~/routes/compte.donnees[.json]";
import { action as loginAction } from "~/routes/connexion";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { Browser, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

let f: BookingFixtures;
let seriesId: string;

beforeAll(async () => {
  f = await bookingFixtures(db);
  const booked = await createBooking(db, {
    spaceId: f.roomId,
    organizationId: f.structureId,
    createdById: f.memberUserId,
    title: "Atelier d'écriture",
    request: { localStart: "2027-05-04T10:00", localEnd: "2027-05-04T12:00", rrule: null, seats: 1 },
    skip: "NONE",
    now: new Date("2027-03-01T08:00:00Z"),
  });
  if (!booked.ok) throw new Error("booking failed");
  seriesId = booked.seriesId;
});

async function deleteWith(browser: Browser, password: string, { withCsrf = true } = {}) {
  const request = await browser.post("/compte", { password }, { withCsrf });
  return browser.remember(await respond(() => accountAction(routeArgs(request))));
}

describe("my data", () => {
  it("exports the person's own data as a JSON attachment, and nobody else's", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await respond(() => exportLoader(routeArgs(member.get("/compte/donnees.json"))));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    const text = await response.text();
    const data = JSON.parse(text);
    expect(data.email).toBe(DEMO_USERS.structureMember.email);
    expect(data.memberships.map((m: { organization: { name: string } }) => m.organization.name)).toEqual(["Association Savoirs Partagés"]);
    expect(data.bookings.map((b: { title: string }) => b.title)).toContain("Atelier d'écriture");
    expect(data.loginAttempts.length).toBeGreaterThan(0);
    expect(text).not.toContain(DEMO_USERS.structureAdmin.email);
    expect(text).not.toContain("passwordHash");
  });

  it("sends anonymous visitors to the login page", async () => {
    const response = await respond(() => exportLoader(routeArgs(new Browser().get("/compte/donnees.json"))));
    expect(response.status).toBe(302);
    const page = await respond(() => accountLoader(routeArgs(new Browser().get("/compte"))));
    expect(page.status).toBe(302);
  });
});

describe("deleting my account", () => {
  it("refuses without the CSRF token or with a wrong password, and deletes nothing", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    expect((await deleteWith(member, DEMO_PASSWORD, { withCsrf: false })).status).toBe(403);
    const wrong = await deleteWith(member, "not-it");
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.password).toEqual(["Mot de passe incorrect."]);
    expect(await db.user.count({ where: { email: DEMO_USERS.structureMember.email } })).toBe(1);
  });

  it("refuses the last admin of an organisation, naming it", async () => {
    const admin = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const response = await deleteWith(admin, DEMO_PASSWORD);
    expect(response.status).toBe(409);
    expect(JSON.stringify(await response.json())).toContain("Association Savoirs Partagés");
    expect(await db.user.count({ where: { email: DEMO_USERS.structureAdmin.email } })).toBe(1);
  });

  it("deletes the account, logs out, keeps the bookings anonymised and journals it", async () => {
    const member = await browserLoggedInAs(DEMO_USERS.structureMember.email);
    const response = await deleteWith(member, DEMO_PASSWORD);
    expect(response.status).toBe(302);
    expect(member.cookie("__session")).toBeUndefined();
    expect(await db.user.count({ where: { email: DEMO_USERS.structureMember.email } })).toBe(0);
    expect(await db.membership.count({ where: { userId: f.memberUserId } })).toBe(0);
    expect(await db.loginAttempt.count({ where: { email: DEMO_USERS.structureMember.email } })).toBe(0);
    const series = await db.bookingSeries.findUniqueOrThrow({ where: { id: seriesId } });
    expect(series.createdById).toBeNull();
    expect(series.organizationId).toBe(f.structureId);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "account.deleted", targetId: f.memberUserId } });
    expect(audit.organizationId).toBe(f.structureId);
    // The deleted account can no longer log in.
    const again = new Browser();
    const login = await respond(async () => loginAction(routeArgs(await again.post("/connexion", { email: DEMO_USERS.structureMember.email, password: DEMO_PASSWORD }))));
    expect(login.status).toBe(401);
  });
});
