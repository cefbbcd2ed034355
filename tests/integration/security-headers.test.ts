// Security headers (issue #8): CSP with frame-ancestors, nosniff, Referrer-Policy, X-Frame-Options,
// HSTS in production only, on an HTML document, a resource route and error responses. Documents
// get them from app/entry.server.tsx (handleRequest); everything else from the HTTP server's
// middleware (scripts/security-headers.mjs), both from SECURITY_HEADERS. The requests go through
// the real Remix pipeline on the app's modules, behind Express (middleware, static files, Remix)
// in the order of scripts/server.mjs.
import type { AddressInfo } from "node:net";
import path from "node:path";
import { request as httpRequest, type Server } from "node:http";
import { createRequestHandler as createExpressHandler } from "@remix-run/express";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import express from "express";
import { db } from "~/db.server";
import { SECURITY_HEADERS } from "~/utils/security-headers.server";
import { seedDemoData } from "../../prisma/seed";
import { securityHeaders } from "../../scripts/security-headers.mjs";
import { inProcessServerBuild } from "../helpers/server-build";

let build: ServerBuild;
let server: Server;
let origin: string;

beforeAll(async () => {
  await seedDemoData(db);
  build = await inProcessServerBuild();
  const app = express();
  // As scripts/server.mjs does: the values come from the build's entry module.
  app.use(securityHeaders((build.entry.module as unknown as { SECURITY_HEADERS: typeof SECURITY_HEADERS }).SECURITY_HEADERS));
  app.use(express.static(path.join(process.cwd(), "public")));
  app.get("/route-stricte", (_req, res) => {
    res.setHeader("Referrer-Policy", "no-referrer");
    res.send("ok");
  });
  app.all("*", createExpressHandler({ build, mode: "production" }));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Each header exactly once, with the app's value (a repeated header would read "a, a"). */
function expectSecurityHeaders(response: Response) {
  for (const [name, value] of SECURITY_HEADERS) expect(response.headers.get(name), name).toBe(value);
}

describe("the headers", () => {
  it("forbid framing, sniffing and cross-origin referrers, and load nothing from elsewhere but map tiles", () => {
    const headers = new Map(SECURITY_HEADERS);
    const csp = headers.get("Content-Security-Policy") ?? "";
    expect(csp.split("; ")).toEqual(
      expect.arrayContaining(["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]),
    );
    expect(csp).toContain("img-src 'self' data: https://*.tile.openstreetmap.org");
    expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("add HSTS in production only", async () => {
    expect(new Map(SECURITY_HEADERS).has("Strict-Transport-Security")).toBe(false);
    const previous = process.env.NODE_ENV;
    vi.resetModules();
    process.env.NODE_ENV = "production";
    try {
      const production = new Map((await import("~/utils/security-headers.server")).SECURITY_HEADERS);
      expect(production.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
      // No development websocket in the production policy.
      expect(production.get("Content-Security-Policy")).not.toContain("ws://");
    } finally {
      process.env.NODE_ENV = previous;
      vi.resetModules();
    }
  });
});

describe("entry.server's handleRequest", () => {
  const remix = () => createRequestHandler(build, "production");

  it("puts them on an HTML document", async () => {
    const response = await remix()(new Request("http://localhost/biens"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expectSecurityHeaders(response);
  });

  it("puts them on the error page of an unknown address", async () => {
    const response = await remix()(new Request("http://localhost/cette-page-n-existe-pas"));
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("Page introuvable");
    expectSecurityHeaders(response);
  });
});

describe("the HTTP server", () => {
  it("keeps a document's headers, once each", async () => {
    const response = await fetch(`${origin}/biens`);
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
  });

  it("sends a document whole, with its length, not in chunks (entry.server renders it before answering)", async () => {
    const raw = await new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      httpRequest(`${origin}/biens`, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      })
        .on("error", reject)
        .end();
    });
    expect(raw.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(raw.headers["content-length"])).toBe(raw.body.byteLength);
    expect(raw.body.toString("utf8")).toMatch(/^<!DOCTYPE html>.*<\/html>$/s);
  });

  it("puts them on a resource route (CSV open data)", async () => {
    const response = await fetch(`${origin}/open-data/biens.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    expectSecurityHeaders(response);
  });

  it("puts them on error responses of resource routes and of the API", async () => {
    const unauthorized = await fetch(`${origin}/api/v1/spaces`);
    expect(unauthorized.status).toBe(401);
    expectSecurityHeaders(unauthorized);
    const missingPhoto = await fetch(`${origin}/biens/photos/inconnue`);
    expect(missingPhoto.status).toBe(404);
    expectSecurityHeaders(missingPhoto);
    const notFound = await fetch(`${origin}/cette-page-n-existe-pas`);
    expect(notFound.status).toBe(404);
    expectSecurityHeaders(notFound);
  });

  it("puts them on static files (an SVG is a document a browser can run)", async () => {
    const response = await fetch(`${origin}/favicon.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("image/svg+xml");
    expectSecurityHeaders(response);
  });

  it("keeps a stricter header a route chose", async () => {
    const response = await fetch(`${origin}/route-stricte`);
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
  });
});
