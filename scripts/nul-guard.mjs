// Express middleware: refuse an address holding a NUL character (%00) before Remix runs any
// loader. No page, filter or identifier of the app contains one, and PostgreSQL refuses it in
// a query parameter (an error, so a 500, where SQLite would have answered). Form and JSON bodies
// are checked by the app itself (app/utils/form-guard.server.ts, api-http.server.ts).

import { refuseEarly } from "./early-refusal.mjs";

export const NUL_IN_URL_MESSAGE = "L'adresse demandée contient un caractère nul (%00), qu'aucune page ni aucun filtre ne peut contenir.";

/** Whether an address (path and query, as sent) holds a NUL character. */
export function hasNulInUrl(url) {
  return /%00/i.test(url) || url.includes("\0");
}

export function refuseNulInUrl() {
  return (req, res, next) => {
    if (!hasNulInUrl(req.originalUrl)) return next();
    refuseEarly(req, res, { status: 400, code: "invalid_request", message: NUL_IN_URL_MESSAGE });
  };
}
