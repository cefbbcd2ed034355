// The booking JSON API (/api/v1/…), called through its resource routes with the demo tokens,
// on the app's database. The routes read the clock through app/utils/clock.server.ts, so the
// tests fix "now" with fake Date timers and book fixed dates of 2027.
import { db } from "~/db.server";
import { action as unknownApiAction, loader as unknownApiLoader } from "~/routes/api.$";
import { action as availabilityAction, loader as availabilityLoader } from "~/routes/api.v1.availability";
import { action as bookingsAction, loader as bookingsLoader } from "~/routes/api.v1.bookings";
import { action as seriesAction, loader as seriesLoader } from "~/routes/api.v1.bookings_.$id";
import { action as occurrenceAction, loader as occurrenceLoader } from "~/routes/api.v1.bookings_.$id_.occurrences.$start";
import { action as spacesAction, loader as spacesLoader } from "~/routes/api.v1.spaces";
import { quoteForBooking } from "~/models/booking-quote.server";
import { MAX_JSON_BODY_BYTES } from "~/utils/api-http.server";
import { hashToken } from "~/utils/tokens.server";
import { DEMO_API_TOKENS } from "../../prisma/seed";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { BASE_URL, routeArgs } from "../helpers/http";

const NOW = new Date("2027-03-01T08:00:00Z");
const STRUCTURE_TOKEN = DEMO_API_TOKENS.structure;
const SCIC_TOKEN = DEMO_API_TOKENS.scic;

let f: BookingFixtures;

beforeAll(async () => {
  f = await bookingFixtures(db);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterAll(() => {
  vi.useRealTimers();
});

type RequestOptions = { method?: string; token?: string | null; headers?: Record<string, string>; body?: BodyInit };

function apiRequest(path: string, { method = "GET", token = STRUCTURE_TOKEN, headers = {}, body }: RequestOptions = {}): Request {
  const allHeaders = new Headers(headers);
  if (token !== null) allHeaders.set("Authorization", `Bearer ${token}`);
  return new Request(new URL(path, BASE_URL), { method, headers: allHeaders, body });
}

function postBooking(body: unknown, options: RequestOptions = {}) {
  const request = apiRequest("/api/v1/bookings", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    ...options,
  });
  return bookingsAction(routeArgs(request));
}

const getBookings = (query = "", token: string = STRUCTURE_TOKEN) => bookingsLoader(routeArgs(apiRequest(`/api/v1/bookings${query}`, { token })));

const deleteSeries = (id: string, token: string = STRUCTURE_TOKEN) =>
  seriesAction(routeArgs(apiRequest(`/api/v1/bookings/${id}`, { method: "DELETE", token }), { id }));

const deleteOccurrence = (id: string, start: string, token: string = STRUCTURE_TOKEN) =>
  occurrenceAction(routeArgs(apiRequest(`/api/v1/bookings/${id}/occurrences/${start}`, { method: "DELETE", token }), { id, start }));

const getAvailability = (query: string) => availabilityLoader(routeArgs(apiRequest(`/api/v1/availability${query}`)));

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  return body.error as { code: string; message: string; fields?: Record<string, string[]> };
}

const activeOccurrencesOf = (seriesId: string) =>
  db.occurrence.findMany({ where: { seriesId, status: { in: ["PENDING", "CONFIRMED"] } }, orderBy: { startsAt: "asc" } });

describe("authentication", () => {
  it("answers 401 in French without a token", async () => {
    const error = await expectError(await spacesLoader(routeArgs(apiRequest("/api/v1/spaces", { token: null }))), 401, "unauthorized");
    expect(error.message).toContain("Authorization: Bearer");
  });

  it("answers 401 to an unknown token and to a revoked one", async () => {
    await expectError(await spacesLoader(routeArgs(apiRequest("/api/v1/spaces", { token: "not-a-real-token" }))), 401, "unauthorized");
    await db.apiToken.create({
      data: { organizationId: f.structureId, name: "Ancien", tokenHash: hashToken("revoked-token-of-the-structure"), revokedAt: NOW },
    });
    const revoked = await postBooking(
      { spaceId: f.roomId, start: "2027-04-01T10:00", end: "2027-04-01T11:00" },
      { token: "revoked-token-of-the-structure" },
    );
    const error = await expectError(revoked, 401, "unauthorized");
    expect(error.message).toBe("Jeton d'API inconnu ou révoqué.");
    expect(await db.bookingSeries.count({ where: { localStart: "2027-04-01T10:00" } })).toBe(0);
  });
});

describe("GET /api/v1/spaces", () => {
  it("lists the bookable spaces with their site, kind, capacity, seats and rules", async () => {
    const response = await spacesLoader(routeArgs(apiRequest("/api/v1/spaces")));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { spaces } = await response.json();
    const byName = (name: string) => spaces.find((space: { name: string }) => space.name === name);
    expect(byName("Salle Olympe de Gouges")).toEqual({
      id: expect.any(String),
      name: "Salle Olympe de Gouges",
      site: { id: expect.any(String), name: "Tiers-lieu des Halles", address: "12 rue des Halles, 44400 Bellerive-sur-Loire" },
      kind: "ROOM",
      capacity: 12,
      seats: 1,
      accessible: true,
      requiresApproval: false,
    });
    expect(byName("Cuisine partagée")).toMatchObject({ kind: "ROOM", requiresApproval: true, accessible: false });
    expect(byName("Open space — 12 postes")).toMatchObject({ kind: "DESK_POOL", seats: 12, capacity: 12 });
    expect(byName("Salle test")).toMatchObject({ id: f.roomId });
  });

  it("refuses other methods with 405 and an Allow header, and answers OPTIONS without data", async () => {
    const response = await spacesAction(routeArgs(apiRequest("/api/v1/spaces", { method: "POST" })));
    await expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("Allow")).toBe("GET, HEAD");
    // Remix sends OPTIONS to the loader: it must not answer with the listing.
    const options = await spacesLoader(routeArgs(apiRequest("/api/v1/spaces", { method: "OPTIONS" })));
    expect(options.status).toBe(204);
    expect(options.headers.get("Allow")).toBe("GET, HEAD");
    expect(await options.text()).toBe("");
  });
});

describe("POST /api/v1/bookings", () => {
  it("books a one-off slot: 201 with the occurrence, for the token's organisation", async () => {
    const response = await postBooking({ spaceId: f.roomId, start: "2027-03-23T14:00", end: "2027-03-23T16:00" });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({
      id: expect.any(String),
      status: "CONFIRMED",
      occurrences: [{ start: "2027-03-23T14:00", end: "2027-03-23T16:00" }],
      skipped: [],
      continuesBeyondHorizon: false,
    });
    const series = await db.bookingSeries.findUniqueOrThrow({ where: { id: body.id } });
    expect(series).toMatchObject({ organizationId: f.structureId, title: "Réservation", createdById: null, rrule: null });
  });

  it("books a weekly series at the same local time across the DST change, and lists every occurrence", async () => {
    const response = await postBooking({
      spaceId: f.roomId,
      start: "2027-03-16T09:00",
      end: "2027-03-16T10:30",
      rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
      title: "Atelier numérique",
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.occurrences).toEqual([
      { start: "2027-03-16T09:00", end: "2027-03-16T10:30" },
      { start: "2027-03-23T09:00", end: "2027-03-23T10:30" },
      { start: "2027-03-30T09:00", end: "2027-03-30T10:30" },
      { start: "2027-04-06T09:00", end: "2027-04-06T10:30" },
    ]);
    const occurrences = await activeOccurrencesOf(body.id);
    expect(occurrences.map((o) => o.startsAt.toISOString())).toEqual([
      "2027-03-16T08:00:00.000Z",
      "2027-03-23T08:00:00.000Z",
      "2027-03-30T07:00:00.000Z",
      "2027-04-06T07:00:00.000Z",
    ]);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id: body.id } })).title).toBe("Atelier numérique");
  });

  it("answers 409 with every conflicting date and writes nothing; skipConflicts books the others", async () => {
    const taken = await postBooking({ spaceId: f.roomId, start: "2027-05-11T15:00", end: "2027-05-11T17:00" }, { token: SCIC_TOKEN });
    expect(taken.status).toBe(201);
    const request = { spaceId: f.roomId, start: "2027-05-04T14:00", end: "2027-05-04T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3" };
    const seriesBefore = await db.bookingSeries.count();

    const refused = await postBooking(request);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("Cache-Control")).toBe("no-store");
    const conflict = await refused.json();
    expect(conflict.error.code).toBe("conflict");
    expect(conflict.error.message).toContain("skipConflicts");
    expect(conflict.conflicts).toEqual([
      { start: "2027-05-11T14:00", end: "2027-05-11T16:00", reason: "Le créneau du mardi 11 mai 2027 de 14:00 à 16:00 est déjà réservé." },
    ]);
    expect(await db.bookingSeries.count()).toBe(seriesBefore);

    const accepted = await postBooking({ ...request, skipConflicts: true });
    expect(accepted.status).toBe(201);
    const body = await accepted.json();
    expect(body.occurrences).toEqual([
      { start: "2027-05-04T14:00", end: "2027-05-04T16:00" },
      { start: "2027-05-18T14:00", end: "2027-05-18T16:00" },
    ]);
    expect(body.skipped).toEqual([
      { start: "2027-05-11T14:00", reason: "Le créneau du mardi 11 mai 2027 de 14:00 à 16:00 est déjà réservé." },
    ]);
  });

  it("answers 409 when no date can be booked, e.g. outside opening hours", async () => {
    const response = await postBooking({ spaceId: f.roomId, start: "2027-03-24T19:00", end: "2027-03-24T21:00" });
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.error.message).toBe("Aucune date de cette demande ne peut être réservée : rien n'a été enregistré.");
    expect(body.conflicts).toHaveLength(1);
    expect(body.conflicts[0]).toMatchObject({ start: "2027-03-24T19:00", end: "2027-03-24T21:00" });
    expect(body.conflicts[0].reason).toContain("en dehors des horaires d'ouverture");
  });

  describe("dryRun", () => {
    beforeAll(async () => {
      // The fixture room gets the demo SCIC's prices: 15 € an hour, whatever the tier.
      const tiers = await db.pricingTier.findMany({ where: { scicId: f.scicId }, select: { id: true } });
      await db.rateCard.createMany({ data: tiers.map((tier) => ({ scicId: f.scicId, spaceId: f.roomId, tierId: tier.id, hourCents: 1500 })) });
    });

    it("says what a weekly series would book and what it would cost, writing nothing", async () => {
      const request = { spaceId: f.roomId, start: "2027-06-01T14:00", end: "2027-06-01T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3" };
      const [seriesBefore, occurrencesBefore] = await Promise.all([db.bookingSeries.count(), db.occurrence.count()]);
      const response = await postBooking({ ...request, dryRun: true });
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      const body = await response.json();
      expect(body).toMatchObject({
        dryRun: true,
        wouldSucceed: true,
        status: "CONFIRMED",
        occurrences: [
          { start: "2027-06-01T14:00", end: "2027-06-01T16:00" },
          { start: "2027-06-08T14:00", end: "2027-06-08T16:00" },
          { start: "2027-06-15T14:00", end: "2027-06-15T16:00" },
        ],
        blocked: [],
        continuesBeyondHorizon: false,
      });
      // The price the booking form shows, hence the monthly billing invoices (booking-price.test.ts).
      const quote = await quoteForBooking(db, {
        spaceId: f.roomId,
        organizationId: f.structureId,
        occurrences: body.occurrences.map((o: { start: string; end: string }) => ({ localStart: o.start, localEnd: o.end })),
        seats: 1,
        today: "2027-03-01",
      });
      if (quote.status !== "PRICED") throw new Error(`the demo SCIC prices its rooms: ${quote.message}`);
      expect(body.price).toEqual({
        status: "PRICED",
        tier: quote.tierName,
        htCents: quote.htCents,
        vatCents: quote.vatCents,
        ttcCents: quote.ttcCents,
        vatMention: quote.vatMention,
        months: [{ month: "2027-06", occurrences: 3, monthlyFlat: false, htCents: quote.htCents, vatCents: quote.vatCents, ttcCents: quote.ttcCents }],
      });
      expect(body.price.htCents).toBeGreaterThan(0);
      expect([await db.bookingSeries.count(), await db.occurrence.count()]).toEqual([seriesBefore, occurrencesBefore]);
    });

    it("lists the dates that cannot be booked, and whether the request would succeed with its skipConflicts", async () => {
      const taken = await postBooking({ spaceId: f.roomId, start: "2027-06-29T15:00", end: "2027-06-29T17:00" }, { token: SCIC_TOKEN });
      expect(taken.status).toBe(201);
      const request = { spaceId: f.roomId, start: "2027-06-22T14:00", end: "2027-06-22T16:00", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=2", dryRun: true };
      const strict = await (await postBooking(request)).json();
      expect(strict).toMatchObject({
        wouldSucceed: false,
        occurrences: [{ start: "2027-06-22T14:00", end: "2027-06-22T16:00" }],
        blocked: [{ start: "2027-06-29T14:00", end: "2027-06-29T16:00", reason: "Le créneau du mardi 29 juin 2027 de 14:00 à 16:00 est déjà réservé." }],
      });
      expect((await (await postBooking({ ...request, skipConflicts: true })).json()).wouldSucceed).toBe(true);
      const closed = await (await postBooking({ spaceId: f.roomId, start: "2027-06-23T19:00", end: "2027-06-23T21:00", dryRun: true })).json();
      expect(closed).toMatchObject({ wouldSucceed: false, occurrences: [], price: { status: "PRICED", htCents: 0 } });
    });

    it("says a space that requires approval would put the booking on hold, and refuses a dryRun that is not a boolean", async () => {
      const held = await postBooking({ spaceId: f.approvalRoomId, start: "2027-06-24T10:00", end: "2027-06-24T12:00", dryRun: true });
      expect((await held.json()).status).toBe("PENDING");
      const error = await expectError(await postBooking({ spaceId: f.roomId, start: "2027-06-24T10:00", end: "2027-06-24T12:00", dryRun: "oui" }), 422, "invalid_request");
      expect(error.fields?.dryRun).toEqual(["dryRun doit valoir true ou false."]);
    });
  });

  it("puts a booking of a space that requires approval on hold", async () => {
    const response = await postBooking({ spaceId: f.approvalRoomId, start: "2027-03-25T10:00", end: "2027-03-25T12:00" });
    expect(response.status).toBe(201);
    expect((await response.json()).status).toBe("PENDING");
  });

  describe("422 on invalid input, in French beside each field", () => {
    const valid = () => ({ spaceId: f.roomId, start: "2027-06-01T10:00", end: "2027-06-01T11:00" });

    it("names every missing field", async () => {
      const error = await expectError(await postBooking({}), 422, "invalid_request");
      expect(error.fields).toEqual({
        spaceId: ["Indiquez l'espace à réserver (spaceId)."],
        start: ["Indiquez l'heure de début."],
        end: ["Indiquez l'heure de fin."],
      });
    });

    it("refuses an unknown key rather than ignoring it", async () => {
      const error = await expectError(await postBooking({ ...valid(), rule: "FREQ=WEEKLY;COUNT=2" }), 422, "invalid_request");
      expect(error.fields).toEqual({ rule: ["Champ inconnu : « rule » n'est pas accepté ici."] });
    });

    it("refuses FREQ=SECONDLY and an absurd COUNT with the rule's French message", async () => {
      const secondly = await expectError(await postBooking({ ...valid(), rrule: "FREQ=SECONDLY;COUNT=5" }), 422, "invalid_request");
      expect(secondly.fields).toEqual({ rrule: ["FREQ=SECONDLY n'est pas accepté : une réservation se répète au plus une fois par jour."] });
      const huge = await expectError(await postBooking({ ...valid(), rrule: "FREQ=DAILY;COUNT=1000000000" }), 422, "invalid_request");
      expect(huge.fields).toEqual({ rrule: ["COUNT=1000000000 : la valeur doit être un nombre entier entre 1 et 520."] });
    });

    it("refuses a start in the spring DST gap", async () => {
      const error = await expectError(
        await postBooking({ spaceId: f.roomId, start: "2027-03-28T02:30", end: "2027-03-28T04:00" }),
        422,
        "invalid_request",
      );
      expect(error.fields).toEqual({
        start: ["L'heure de début n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été)."],
      });
    });

    it("refuses malformed times, an end before the start, wrong types and a body that is not an object", async () => {
      const times = await expectError(await postBooking({ ...valid(), start: "2027-06-01 10:00", end: "2027-06-01T25:00" }), 422, "invalid_request");
      expect(Object.keys(times.fields ?? {}).sort()).toEqual(["end", "start"]);
      const reversed = await expectError(await postBooking({ ...valid(), end: "2027-06-01T09:00" }), 422, "invalid_request");
      expect(reversed.fields).toEqual({ end: ["La fin doit être postérieure au début."] });
      const types = await expectError(await postBooking({ ...valid(), seats: "2", skipConflicts: "yes", title: "  " }), 422, "invalid_request");
      expect(types.fields).toEqual({
        seats: ["Le nombre de places doit être un nombre."],
        skipConflicts: ["skipConflicts doit valoir true ou false."],
        title: ["Le titre ne peut pas être vide."],
      });
      const array = await expectError(await postBooking([valid()]), 422, "invalid_request");
      expect(array.fields).toEqual({ body: ["Le corps de la requête doit être un objet JSON."] });
    });

    it("refuses malformed JSON", async () => {
      const response = await postBooking(undefined, { body: '{"spaceId": "x", "start": ' });
      const error = await expectError(response, 422, "invalid_request");
      expect(error.fields).toEqual({ body: ["Le corps de la requête n'est pas un JSON valide."] });
    });

    it("refuses a key named __proto__ and unpaired surrogates with 422, not 500 (found by the fuzz test)", async () => {
      const proto = await expectError(await postBooking(undefined, { body: '{"__proto__":{"polluted":true}}' }), 422, "invalid_request");
      expect(proto.fields?.__proto__).toEqual(["Champ inconnu : « __proto__ » n'est pas accepté ici."]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const lone = await expectError(await postBooking(undefined, { body: JSON.stringify({ ...valid(), title: "Atelier \ud800" }) }), 422, "invalid_request");
      expect(lone.fields).toEqual({ body: ["Le corps de la requête contient un caractère Unicode invalide (une moitié de paire de substitution, « \\ud800 »)."] });
      const loneKey = await expectError(await postBooking(undefined, { body: '{"\\udfff": 1}' }), 422, "invalid_request");
      expect(Object.keys(loneKey.fields ?? {})).toEqual(["body"]);
    });

    it("refuses more seats than the desk pool has", async () => {
      const error = await expectError(
        await postBooking({ spaceId: f.poolId, start: "2027-06-02T09:00", end: "2027-06-02T12:00", seats: 7 }),
        422,
        "invalid_request",
      );
      expect(error.fields).toEqual({ seats: ["Choisissez entre 1 et 6 postes."] });
    });

    it("refuses a space that does not exist", async () => {
      const error = await expectError(await postBooking({ ...valid(), spaceId: "espace-inconnu" }), 422, "invalid_request");
      expect(error.fields).toEqual({ spaceId: ["Cet espace n'existe pas ou n'est pas réservable par votre organisation."] });
    });
  });

  it("answers 413 to a body over 64 KiB, by its Content-Length or by its actual size", async () => {
    const declared = await postBooking(undefined, { headers: { "Content-Type": "application/json", "Content-Length": String(MAX_JSON_BODY_BYTES + 1) }, body: "{}" });
    await expectError(declared, 413, "payload_too_large");
    const oversized = JSON.stringify({ spaceId: f.roomId, start: "2027-06-03T10:00", end: "2027-06-03T11:00", title: "x".repeat(MAX_JSON_BODY_BYTES) });
    const actual = await postBooking(undefined, { body: oversized });
    const error = await expectError(actual, 413, "payload_too_large");
    expect(error.message).toBe("Le corps de la requête dépasse 64 Kio.");
    expect(await db.bookingSeries.count({ where: { localStart: "2027-06-03T10:00" } })).toBe(0);
  });

  it("answers 415 unless the body is declared as JSON", async () => {
    const body = JSON.stringify({ spaceId: f.roomId, start: "2027-06-04T10:00", end: "2027-06-04T11:00" });
    await expectError(await postBooking(undefined, { headers: { "Content-Type": "text/plain" }, body }), 415, "unsupported_media_type");
    await expectError(await postBooking(undefined, { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "spaceId=x" }), 415, "unsupported_media_type");
    const withCharset = await postBooking(undefined, { headers: { "Content-Type": "application/json; charset=utf-8" }, body });
    expect(withCharset.status).toBe(201);
  });

  it("refuses other methods on /api/v1/bookings with 405 and an Allow header", async () => {
    const response = await bookingsAction(routeArgs(apiRequest("/api/v1/bookings", { method: "PUT" })));
    await expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("Allow")).toBe("GET, HEAD, POST");
    const options = await bookingsLoader(routeArgs(apiRequest("/api/v1/bookings", { method: "OPTIONS" })));
    expect(options.status).toBe(204);
    expect(options.headers.get("Allow")).toBe("GET, HEAD, POST");
  });
});

describe("GET /api/v1/bookings", () => {
  type Listed = { bookingId: string; spaceId: string; start: string; end: string; status: string; recurrenceId: string };

  it("lists the organisation's occurrences from today for 90 days by default", async () => {
    const response = await getBookings();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body.from).toBe("2027-03-01T00:00");
    expect(body.to).toBe("2027-05-30T00:00");
    const starts = body.occurrences.map((o: Listed) => o.start);
    expect(starts).toContain("2027-03-23T14:00");
    expect(starts).toContain("2027-05-18T14:00");
    // The SCIC's booking of 11 May is not the structure's.
    expect(starts).not.toContain("2027-05-11T15:00");
    expect(body.occurrences[0]).toEqual({
      bookingId: expect.any(String),
      spaceId: f.roomId,
      title: "Atelier numérique",
      start: "2027-03-16T09:00",
      end: "2027-03-16T10:30",
      recurrenceId: "2027-03-16T09:00",
      status: "CONFIRMED",
    });
  });

  it("narrows to the window asked, dates included whole", async () => {
    const { occurrences } = await (await getBookings("?from=2027-03-23&to=2027-03-23")).json();
    expect(occurrences.map((o: Listed) => [o.start, o.end])).toEqual([
      ["2027-03-23T09:00", "2027-03-23T10:30"],
      ["2027-03-23T14:00", "2027-03-23T16:00"],
    ]);
    const { occurrences: morning } = await (await getBookings("?from=2027-03-23T00:00&to=2027-03-23T12:00")).json();
    expect(morning.map((o: Listed) => o.start)).toEqual(["2027-03-23T09:00"]);
  });

  it("refuses a window longer than 366 days, reversed, or malformed", async () => {
    const long = await expectError(await getBookings("?from=2027-01-01&to=2028-01-02"), 422, "invalid_request");
    expect(long.fields).toEqual({ to: ["La période demandée ne peut pas dépasser 366 jours."] });
    expect((await getBookings("?from=2027-01-01&to=2028-01-01")).status).toBe(200);
    const reversed = await expectError(await getBookings("?from=2027-05-01&to=2027-04-01"), 422, "invalid_request");
    expect(reversed.fields?.to).toEqual(["La fin de la période (« to ») doit être postérieure à son début (« from »)."]);
    const malformed = await expectError(await getBookings("?from=demain"), 422, "invalid_request");
    expect(Object.keys(malformed.fields ?? {})).toEqual(["from"]);
  });
});

describe("DELETE /api/v1/bookings/{id} and /occurrences/{start}", () => {
  async function book(start: string, end: string, extra: Record<string, unknown> = {}, token: string = STRUCTURE_TOKEN) {
    const response = await postBooking({ spaceId: f.roomId, start, end, ...extra }, { token });
    expect(response.status).toBe(201);
    return (await response.json()).id as string;
  }

  it("cancels a whole series (204), then answers 409 as it is already cancelled", async () => {
    const id = await book("2027-07-05T10:00", "2027-07-05T11:00", { rrule: "FREQ=WEEKLY;BYDAY=MO;COUNT=3" });
    const response = await deleteSeries(id);
    expect(response.status).toBe(204);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toBe("");
    expect(await activeOccurrencesOf(id)).toEqual([]);
    expect((await db.bookingSeries.findUniqueOrThrow({ where: { id } })).status).toBe("CANCELLED");
    const again = await expectError(await deleteSeries(id), 409, "not_active");
    expect(again.message).toBe("Cette réservation est déjà annulée ou refusée.");
  });

  it("cancels one occurrence, named by its local start with the colon encoded or not", async () => {
    const id = await book("2027-07-06T10:00", "2027-07-06T11:00", { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3" });
    expect((await deleteOccurrence(id, "2027-07-13T10%3A00")).status).toBe(204);
    expect((await deleteOccurrence(id, "2027-07-20T10:00")).status).toBe(204);
    expect((await activeOccurrencesOf(id)).map((o) => o.localStart)).toEqual(["2027-07-06T10:00"]);
    const again = await expectError(await deleteOccurrence(id, "2027-07-13T10:00"), 409, "not_active");
    expect(again.message).toBe("Cette occurrence est déjà annulée ou refusée.");
    await expectError(await deleteOccurrence(id, "2027-07-14T10:00"), 404, "not_found");
    const malformed = await expectError(await deleteOccurrence(id, "mardi"), 422, "invalid_request");
    expect(Object.keys(malformed.fields ?? {})).toEqual(["start"]);
  });

  it("answers 404 for an unknown booking", async () => {
    await expectError(await deleteSeries("reservation-inconnue"), 404, "not_found");
    await expectError(await deleteOccurrence("reservation-inconnue", "2027-07-06T10:00"), 404, "not_found");
  });

  it("answers 404 to another organisation's token and leaves its booking untouched (IDOR)", async () => {
    const id = await book("2027-07-07T10:00", "2027-07-07T11:00", { rrule: "FREQ=WEEKLY;BYDAY=WE;COUNT=2" });
    const before = await db.bookingSeries.findUniqueOrThrow({ where: { id }, include: { occurrences: true } });
    await expectError(await deleteSeries(id, SCIC_TOKEN), 404, "not_found");
    await expectError(await deleteOccurrence(id, "2027-07-07T10:00", SCIC_TOKEN), 404, "not_found");
    const after = await db.bookingSeries.findUniqueOrThrow({ where: { id }, include: { occurrences: true } });
    expect(after).toEqual(before);
    expect(after.occurrences.every((o) => o.status === "CONFIRMED")).toBe(true);
    const { occurrences } = await (await getBookings("?from=2027-07-07&to=2027-07-07", SCIC_TOKEN)).json();
    expect(occurrences).toEqual([]);
  });

  it("refuses other methods with 405 and an Allow header", async () => {
    const get = await seriesLoader(routeArgs(apiRequest("/api/v1/bookings/abc"), { id: "abc" }));
    await expectError(get, 405, "method_not_allowed");
    expect(get.headers.get("Allow")).toBe("DELETE");
    const patch = await seriesAction(routeArgs(apiRequest("/api/v1/bookings/abc", { method: "PATCH" }), { id: "abc" }));
    await expectError(patch, 405, "method_not_allowed");
    const options = await seriesLoader(routeArgs(apiRequest("/api/v1/bookings/abc", { method: "OPTIONS" }), { id: "abc" }));
    expect(options.status).toBe(204);
    expect(options.headers.get("Allow")).toBe("DELETE");
    const getOccurrence = await occurrenceLoader(
      routeArgs(apiRequest("/api/v1/bookings/abc/occurrences/2027-07-06T10:00"), { id: "abc", start: "2027-07-06T10:00" }),
    );
    await expectError(getOccurrence, 405, "method_not_allowed");
    expect(getOccurrence.headers.get("Allow")).toBe("DELETE");
  });
});

describe("GET /api/v1/availability", () => {
  it("gives the free intervals of a room within its opening hours, in local time", async () => {
    const response = await getAvailability(`?spaceId=${f.roomId}&from=2027-03-23&to=2027-03-23`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({
      spaceId: f.roomId,
      from: "2027-03-23T00:00",
      to: "2027-03-24T00:00",
      intervals: [
        { start: "2027-03-23T08:00", end: "2027-03-23T09:00", freeSeats: 1 },
        { start: "2027-03-23T10:30", end: "2027-03-23T14:00", freeSeats: 1 },
        { start: "2027-03-23T16:00", end: "2027-03-23T20:00", freeSeats: 1 },
      ],
    });
  });

  it("widens bookings by the room's buffer and counts free seats in a desk pool", async () => {
    expect((await postBooking({ spaceId: f.bufferedRoomId, start: "2027-08-02T10:00", end: "2027-08-02T11:00" })).status).toBe(201);
    const buffered = await (await getAvailability(`?spaceId=${f.bufferedRoomId}&from=2027-08-02&to=2027-08-02`)).json();
    expect(buffered.intervals).toEqual([
      { start: "2027-08-02T08:00", end: "2027-08-02T09:30", freeSeats: 1 },
      { start: "2027-08-02T11:30", end: "2027-08-02T20:00", freeSeats: 1 },
    ]);
    expect((await postBooking({ spaceId: f.poolId, start: "2027-08-03T09:00", end: "2027-08-03T12:00", seats: 4 })).status).toBe(201);
    // One seat wanted: the whole morning is free, with at least 2 seats throughout.
    const pool = await (await getAvailability(`?spaceId=${f.poolId}&from=2027-08-03T08:00&to=2027-08-03T14:00`)).json();
    expect(pool.intervals).toEqual([{ start: "2027-08-03T08:00", end: "2027-08-03T14:00", freeSeats: 2 }]);
    const threeSeats = await (await getAvailability(`?spaceId=${f.poolId}&from=2027-08-03T08:00&to=2027-08-03T14:00&seats=3`)).json();
    expect(threeSeats.intervals).toEqual([
      { start: "2027-08-03T08:00", end: "2027-08-03T09:00", freeSeats: 6 },
      { start: "2027-08-03T12:00", end: "2027-08-03T14:00", freeSeats: 6 },
    ]);
    const badSeats = await expectError(await getAvailability(`?spaceId=${f.poolId}&seats=0`), 422, "invalid_request");
    expect(badSeats.fields).toEqual({ seats: ["« seats » doit être un nombre entier de 1 à 1000."] });
  });

  it("answers 422 without a space or for a window over 31 days, 404 for an unknown space", async () => {
    const missing = await expectError(await getAvailability("?from=2027-03-01"), 422, "invalid_request");
    expect(missing.fields).toEqual({ spaceId: ["Indiquez l'espace (paramètre « spaceId »)."] });
    const long = await expectError(await getAvailability(`?spaceId=${f.roomId}&from=2027-03-01&to=2027-04-01`), 422, "invalid_request");
    expect(long.fields).toEqual({ to: ["La période demandée ne peut pas dépasser 31 jours."] });
    expect((await getAvailability(`?spaceId=${f.roomId}&from=2027-03-01&to=2027-03-31`)).status).toBe(200);
    await expectError(await getAvailability("?spaceId=espace-inconnu"), 404, "not_found");
  });

  it("refuses a bound in the DST gap", async () => {
    const error = await expectError(await getAvailability(`?spaceId=${f.roomId}&from=2027-03-28T02:30&to=2027-03-28T12:00`), 422, "invalid_request");
    expect(error.fields?.from?.[0]).toContain("n'existe pas à Paris");
  });

  it("refuses other methods with 405", async () => {
    const response = await availabilityAction(routeArgs(apiRequest("/api/v1/availability", { method: "DELETE" })));
    await expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("Allow")).toBe("GET, HEAD");
  });
});

describe("unknown API addresses", () => {
  it("answer a JSON 404 in French, whatever the method", async () => {
    const get = await unknownApiLoader(routeArgs(apiRequest("/api/v1/reservations"), { "*": "v1/reservations" }));
    const error = await expectError(get, 404, "not_found");
    expect(error.message).toContain("n'existe pas");
    await expectError(await unknownApiAction(routeArgs(apiRequest("/api/v2/bookings", { method: "POST" }), { "*": "v2/bookings" })), 404, "not_found");
  });
});
