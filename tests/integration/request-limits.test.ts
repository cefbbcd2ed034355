// The explicit limits of docs/security.md "Limits": request bodies (Express before Remix, and
// the form actions while reading), the API's page size. The recurrence limits (occurrences per
// series, horizon, sub-daily rules) are tested in tests/unit/recurrence.test.ts and
// api-bookings.test.ts; upload sizes and types in premises-pages and premises-attachments.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { db } from "~/db.server";
import { MAX_PHOTOS } from "~/domain/premises";
import { MAX_BOOKINGS_LIMIT } from "~/forms/api-booking";
import { action as bookingAction } from "~/routes/organisations.$slug_.reservations.nouvelle";
import { loader as bookingsLoader } from "~/routes/api.v1.bookings";
import { action as photoAction } from "~/routes/organisations.$slug_.biens.$id_.photos";
import { action as apiBookingsAction } from "~/routes/api.v1.bookings";
import { FORM_NUL_MESSAGE, FORM_TOO_LARGE_MESSAGE, FORM_UNREADABLE_MESSAGE, MAX_FORM_BODY_BYTES, readFormData } from "~/utils/form-guard.server";
import { limitRequestBody, MAX_BODY_BYTES, MAX_MULTIPART_BODY_BYTES } from "../../scripts/body-limit.mjs";
import { NUL_IN_URL_MESSAGE, refuseNulInUrl } from "../../scripts/nul-guard.mjs";
import { DEMO_API_TOKENS, DEMO_USERS } from "../../prisma/seed";
import { bookingFixtures, type BookingFixtures } from "../helpers/booking-fixtures";
import { BASE_URL, respond, routeArgs } from "../helpers/http";
import { browserLoggedInAs } from "../helpers/login";

const NOW = new Date("2027-03-01T08:00:00Z");

vi.hoisted(() => {
  process.env.DATA_DIR = `${process.cwd()}/.cache/limits-uploads-${process.pid}`;
});

afterAll(() => fs.rmSync(process.env.DATA_DIR as string, { recursive: true, force: true }));

describe("Express: bodies larger than any page accepts (scripts/body-limit.mjs)", () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    const app = express();
    app.use(limitRequestBody());
    app.all("*", (req, res) => {
      req.resume();
      req.on("end", () => res.status(200).send("lu"));
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Headers of the last answer `declare` read. */
  let lastHeaders: http.IncomingHttpHeaders = {};

  /** Sends only the headers (a declared length, no body) and reads the answer. */
  function declare(headers: Record<string, string>, method = "POST", path = "/organisations/x/sites/nouveau"): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port, method, path, headers }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => {
          request.destroy();
          lastHeaders = response.headers;
          resolve({ status: response.statusCode ?? 0, body });
        });
      });
      request.on("error", reject);
      request.flushHeaders();
    });
  }

  it("answers 413 in French to a form or JSON body declared over 1 MiB, before reading it", async () => {
    expect(MAX_BODY_BYTES).toBe(MAX_FORM_BODY_BYTES);
    const refused = await declare({ "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(MAX_BODY_BYTES + 1) });
    expect(refused).toEqual({ status: 413, body: "La requête est trop volumineuse : 1 Mo au plus." });
    // The body is left unread: the connection is closed, and the refusal is never cached.
    expect(lastHeaders).toMatchObject({ connection: "close", "cache-control": "no-store" });
    const json = await declare({ "Content-Type": "application/json", "Content-Length": String(50 * 1024 * 1024) }, "POST", "/api/v1/bookings");
    expect(json.status).toBe(413);
    // The API answers in JSON, as its other errors.
    expect(JSON.parse(json.body)).toEqual({ error: { code: "payload_too_large", message: "La requête est trop volumineuse : 1 Mo au plus." } });
  });

  it("lets uploads declare up to 64 MiB, answers 413 beyond and 411 to a chunked upload", async () => {
    const multipart = { "Content-Type": "multipart/form-data; boundary=x" };
    const refused = await declare({ ...multipart, "Content-Length": String(MAX_MULTIPART_BODY_BYTES + 1) });
    expect(refused).toEqual({ status: 413, body: "La requête est trop volumineuse : 64 Mo au plus avec les fichiers joints." });
    const chunked = await declare({ ...multipart, "Transfer-Encoding": "chunked" });
    expect(chunked.status).toBe(411);
    expect(chunked.body).toContain("Content-Length");
  });

  it("passes a body under the limit, and requests without a body, to the app", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/organisations/x/sites/nouveau`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "nom=" + "a".repeat(10_000),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("lu");
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });
});

describe("Express: addresses with a NUL character (scripts/nul-guard.mjs)", () => {
  // PostgreSQL refuses a NUL in a query parameter (SQLite takes it): refused before any loader.
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(refuseNulInUrl());
    app.all("*", (_req, res) => res.status(200).send("page"));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("answers 400 in French to a page or filter with %00, in JSON on the API, and passes the others", async () => {
    const page = await fetch(`${base}/biens?commune=Nan%00tes`);
    expect([page.status, await page.text()]).toEqual([400, NUL_IN_URL_MESSAGE]);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    // Nothing left unread: the connection stays open.
    expect(page.headers.get("Connection")).not.toBe("close");
    expect((await fetch(`${base}/espaces/ab%00cd/semaine`)).status).toBe(400);
    const api = await fetch(`${base}/api/v1/bookings?from=2027-03-01%00`);
    expect([api.status, await api.json()]).toEqual([400, { error: { code: "invalid_request", message: NUL_IN_URL_MESSAGE } }]);
    // "%2500" is the text "%00", not a NUL.
    for (const path of ["/biens?commune=Nantes", "/biens?q=%2500", "/"]) expect((await fetch(base + path)).status).toBe(200);
  });
});

describe("form actions read at most 1 MiB (readFormData)", () => {
  const formRequest = (body: BodyInit, headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" }) =>
    new Request(new URL("/x", BASE_URL), { method: "POST", body, headers, duplex: "half" } as RequestInit);

  async function refusal(run: Promise<unknown>): Promise<{ status: number; text: string }> {
    const thrown = await run.then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    return { status: response.status, text: await response.text() };
  }

  it("reads an ordinary form", async () => {
    const form = await readFormData(formRequest("a=1&b=%C3%A9t%C3%A9&b=2"));
    expect(form.get("a")).toBe("1");
    expect(form.getAll("b")).toEqual(["été", "2"]);
  });

  it("answers 413 in French to a longer body, declared or streamed without a length", async () => {
    const declared = await refusal(readFormData(formRequest("a=" + "x".repeat(MAX_FORM_BODY_BYTES))));
    expect(declared).toEqual({ status: 413, text: FORM_TOO_LARGE_MESSAGE });
    const chunk = new TextEncoder().encode("a=" + "x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 100) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await refusal(readFormData(formRequest(stream)));
    expect(streamed).toEqual({ status: 413, text: FORM_TOO_LARGE_MESSAGE });
    // It stopped soon after the limit instead of reading the 6.4 MB offered.
    expect(sent).toBeLessThan(20);
  });

  it("answers 400 in French to a body that is not a form", async () => {
    for (const [body, type] of [
      ['{"a":1}', "application/json"],
      ["a=1", "text/plain"],
      ['--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated', "multipart/form-data; boundary=x"],
      ["a=1", "multipart/form-data"],
    ]) {
      expect(await refusal(readFormData(formRequest(body, { "Content-Type": type })))).toEqual({ status: 400, text: FORM_UNREADABLE_MESSAGE });
    }
  });
});

describe("limits through the pages and the API", () => {
  let f: BookingFixtures;

  beforeAll(async () => {
    f = await bookingFixtures(db);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  it("answers 413 from the booking action to a 2 MB form, and books nothing", async () => {
    const browser = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const filler = Object.fromEntries(Array.from({ length: 110 }, (_, i) => [`remplissage${i}`, "y".repeat(19_000)]));
    const request = await browser.post("/organisations/savoirs-partages/reservations/nouvelle", {
      intent: "confirmer",
      spaceId: f.roomId,
      title: "Trop long",
      date: "2027-04-06",
      startTime: "10:00",
      endTime: "11:00",
      "recurrence.frequency": "NONE",
      ...filler,
    });
    const seriesBefore = await db.bookingSeries.count();
    const response = await respond(() => bookingAction(routeArgs(request, { slug: "savoirs-partages" })));
    expect(response.status).toBe(413);
    expect(await response.text()).toBe(FORM_TOO_LARGE_MESSAGE);
    expect(await db.bookingSeries.count()).toBe(seriesBefore);
  });

  it("refuses a NUL character in a form (400) or a JSON body (422) in French, and books nothing", async () => {
    const browser = await browserLoggedInAs(DEMO_USERS.structureAdmin.email);
    const seriesBefore = await db.bookingSeries.count();
    const form = await browser.post("/organisations/savoirs-partages/reservations/nouvelle", {
      intent: "confirmer",
      spaceId: f.roomId,
      title: "Atelier\u0000",
      date: "2027-04-06",
      startTime: "10:00",
      endTime: "11:00",
      "recurrence.frequency": "NONE",
    });
    const refused = await respond(() => bookingAction(routeArgs(form, { slug: "savoirs-partages" })));
    expect([refused.status, await refused.text()]).toEqual([400, FORM_NUL_MESSAGE]);

    const request = new Request(new URL("/api/v1/bookings", BASE_URL), {
      method: "POST",
      headers: { Authorization: `Bearer ${DEMO_API_TOKENS.structure}`, "Content-Type": "application/json" },
      body: JSON.stringify({ spaceId: f.roomId, start: "2027-04-06T10:00", end: "2027-04-06T11:00", title: "Atelier\u0000" }),
    });
    const api = await apiBookingsAction(routeArgs(request));
    expect(api.status).toBe(422);
    expect((await api.json()).error.fields.body).toEqual(["Le corps de la requête contient un caractère nul (« \\u0000 »), qu'aucun texte ne peut contenir."]);
    expect(await db.bookingSeries.count()).toBe(seriesBefore);
  });

  it("caps GET /api/v1/bookings at ?limit= (at most 2000) and says when the list is cut", async () => {
    const { createBooking } = await import("~/models/booking.server");
    const booked = await createBooking(db, {
      spaceId: f.roomId,
      organizationId: f.structureId,
      createdById: null,
      title: "Chaque jour",
      request: { localStart: "2027-03-10T09:00", localEnd: "2027-03-10T10:00", rrule: "FREQ=DAILY;COUNT=5", seats: 1 },
      skip: "NONE",
      now: NOW,
    });
    expect(booked.ok).toBe(true);
    const list = async (query: string) => {
      const request = new Request(new URL(`/api/v1/bookings${query}`, BASE_URL), { headers: { Authorization: `Bearer ${DEMO_API_TOKENS.structure}` } });
      const response = await bookingsLoader(routeArgs(request));
      return { status: response.status, body: await response.json() };
    };
    const window = "?from=2027-03-10&to=2027-03-20";
    const all = await list(window);
    expect(all.status).toBe(200);
    expect(all.body.occurrences).toHaveLength(5);
    expect(all.body.truncated).toBe(false);

    const two = await list(`${window}&limit=2`);
    expect(two.body.occurrences.map((o: { start: string }) => o.start)).toEqual(["2027-03-10T09:00", "2027-03-11T09:00"]);
    expect(two.body.truncated).toBe(true);

    expect((await list(`${window}&limit=5`)).body.truncated).toBe(false);
    const capped = await list(`${window}&limit=999999999`);
    expect(capped.status).toBe(200);
    expect(capped.body.occurrences).toHaveLength(5);

    for (const bad of ["0", "-1", "abc", "1.5", "1e3"]) {
      const refused = await list(`${window}&limit=${bad}`);
      expect(refused.status).toBe(422);
      expect(refused.body.error.fields.limit).toEqual([`« limit » doit être un nombre entier de 1 à ${MAX_BOOKINGS_LIMIT}.`]);
    }
  });

  it(`keeps at most ${MAX_PHOTOS} photos per bien: the next upload is refused in French and not stored`, async () => {
    const collectivite = await db.organization.findUniqueOrThrow({ where: { slug: "ville-de-bellerive" } });
    const bien = await db.premises.findFirstOrThrow({ where: { organizationId: collectivite.id } });
    const existing = await db.premisesPhoto.count({ where: { premisesId: bien.id } });
    await db.premisesPhoto.createMany({
      data: Array.from({ length: MAX_PHOTOS - existing }, (_, i) => ({
        premisesId: bien.id,
        path: `uploads/premises/deja-${i}.png`,
        mimeType: "image/png",
        sizeBytes: 16,
        alt: `Photo ${i}`,
        position: existing + i,
      })),
    });
    const browser = await browserLoggedInAs(DEMO_USERS.collectiviteAdmin.email);
    const body = new FormData();
    body.set("csrf", await browser.csrfToken());
    body.set("alt", "Une photo de trop");
    body.set("photo", new File([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])], "trop.png", { type: "image/png" }));
    const request = browser.get(`/organisations/ville-de-bellerive/biens/${bien.id}/photos`, { method: "POST", body });
    const response = await respond(() => photoAction(routeArgs(request, { slug: "ville-de-bellerive", id: bien.id })));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([`Un bien compte au plus ${MAX_PHOTOS} photos : retirez-en une avant d'en ajouter une autre.`]);
    expect(await db.premisesPhoto.count({ where: { premisesId: bien.id } })).toBe(MAX_PHOTOS);
    const stored = fs.existsSync(`${process.env.DATA_DIR}/uploads/premises`) ? fs.readdirSync(`${process.env.DATA_DIR}/uploads/premises`) : [];
    expect(stored).toEqual([]);
  });
});
