// HTTP plumbing shared by the JSON API routes (app/routes/api.v1.*): JSON responses that are
// never cached, French JSON errors, method checks, and a bounded JSON body reader. Errors are
// thrown as Responses and turned into the reply by `handleApi`, so a route never answers 5xx
// for bad input and never leaks an HTML error page.
import type { ZodError } from "zod";
import "~/forms/zod-french";
import { apiError } from "./api-auth.server";
import { readBoundedBody } from "./request-body.server";

export { apiError };

/** Largest JSON body the API reads (64 KiB): a booking request is a few hundred bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

const NO_STORE = "no-store";

export function apiJson(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", NO_STORE);
  return Response.json(data, { status: init.status ?? 200, headers });
}

export function apiNoContent(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": NO_STORE } });
}

export type FieldErrors = Record<string, string[]>;

/** 422 with the French message of each invalid field: `{ error: { code, message, fields } }`. */
export function invalidRequest(fields: FieldErrors, message = "La requête contient des erreurs : voir « fields »."): Response {
  return apiError(422, "invalid_request", message, { fields });
}

export function notFound(message: string): Response {
  return apiError(404, "not_found", message);
}

/** Field errors of a failed zod parse, keyed by top-level field; unknown keys get their own entry. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  // No prototype: a JSON body may name a key "__proto__" (found by the fuzz test: a 500).
  const fields: FieldErrors = Object.create(null);
  const add = (key: string, message: string) => {
    const list = (fields[key] ??= []);
    if (!list.includes(message)) list.push(message);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add(key, `Champ inconnu : « ${key} » n'est pas accepté ici.`);
    } else {
      add(issue.path.length > 0 ? String(issue.path[0]) : "body", issue.message);
    }
  }
  return fields;
}

/** 405 naming the methods this address accepts, in the `Allow` header too. */
export function methodNotAllowed(request: Request, allowed: readonly string[]): Response {
  const response = apiError(
    405,
    "method_not_allowed",
    `La méthode ${request.method} n'est pas acceptée sur cette adresse (méthodes acceptées : ${allowed.join(", ")}).`,
  );
  response.headers.set("Allow", allowed.join(", "));
  return response;
}

/**
 * null when the request's method is one of `allowed`; otherwise the answer: 204 with `Allow` to
 * OPTIONS, 405 to anything else. Remix sends GET, HEAD and OPTIONS to loaders, the rest to actions,
 * so both call this first.
 */
export function refuseMethod(request: Request, allowed: readonly string[]): Response | null {
  const method = request.method.toUpperCase();
  if (allowed.includes(method)) return null;
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: allowed.join(", "), "Cache-Control": NO_STORE } });
  return methodNotAllowed(request, allowed);
}

/**
 * Runs an API handler: Responses (returned or thrown) get `Cache-Control: no-store`; anything
 * else thrown is a bug, logged and answered with a JSON 500 rather than Remix's HTML page.
 */
export async function handleApi(run: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await run();
  } catch (thrown) {
    if (!(thrown instanceof Response)) {
      console.error("API: unexpected error", thrown);
      return apiError(500, "internal_error", "Erreur interne du serveur : réessayez plus tard.");
    }
    response = thrown;
  }
  response.headers.set("Cache-Control", NO_STORE);
  return response;
}

function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
}

function tooLarge(): Response {
  return apiError(413, "payload_too_large", `Le corps de la requête dépasse ${MAX_JSON_BODY_BYTES / 1024} Kio.`);
}

/** The request's JSON body: 415 unless `application/json`, 413 over 64 KiB, 422 if it does not parse. */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (mediaType(request) !== "application/json") {
    throw apiError(415, "unsupported_media_type", "Le corps de la requête doit être du JSON : envoyez l'en-tête « Content-Type: application/json ».");
  }
  const bytes = await readBoundedBody(request, MAX_JSON_BODY_BYTES);
  if (bytes === "TOO_LARGE") throw tooLarge();
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalidRequest({ body: ["Le corps de la requête n'est pas du texte UTF-8 valide."] }, "Corps de requête illisible.");
  }
  if (text.trim() === "") throw invalidRequest({ body: ["Le corps de la requête est vide : un objet JSON est attendu."] }, "Corps de requête vide.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest({ body: ["Le corps de la requête n'est pas un JSON valide."] }, "JSON mal formé.");
  }
  // "\ud800" escapes parse into strings no database can store (the fuzz test found a 500), and
  // PostgreSQL refuses "\u0000" in text (SQLite takes it): both are refused for every field.
  if (hasText(value, (text) => LONE_SURROGATE.test(text))) {
    throw invalidRequest({ body: ["Le corps de la requête contient un caractère Unicode invalide (une moitié de paire de substitution, « \\ud800 »)."] }, "Texte Unicode invalide.");
  }
  if (hasText(value, (text) => text.includes("\u0000"))) {
    throw invalidRequest({ body: ["Le corps de la requête contient un caractère nul (« \\u0000 »), qu'aucun texte ne peut contenir."] }, "Caractère nul.");
  }
  return value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a parsed JSON value holds a string (or key) that `matches`. */
function hasText(value: unknown, matches: (text: string) => boolean, depth = 0): boolean {
  if (typeof value === "string") return matches(value);
  if (depth > 64 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => hasText(item, matches, depth + 1));
  return Object.entries(value).some(([key, item]) => matches(key) || hasText(item, matches, depth + 1));
}
