// Express middleware: refuse a request whose declared body is larger than any page accepts,
// before Remix reads a byte of it (413, French message). The app checks again while reading
// (forms: readFormData in app/utils/form-guard.server.ts, 1 MiB; JSON API: 64 KiB; uploads:
// per-file limits in app/services/uploads.server.ts), so a chunked body without a declared
// length is still bounded for forms and the API; an upload must declare its length (411).

import { refuseEarly } from "./early-refusal.mjs";

/** Forms and the JSON API: app/utils/form-guard.server.ts MAX_FORM_BODY_BYTES. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Multipart uploads: an application carries at most 10 files of 5 MB, plus its text fields. */
export const MAX_MULTIPART_BODY_BYTES = 64 * 1024 * 1024;

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function refuse(req, res, status, message) {
  // The body is not read: the connection is closed.
  refuseEarly(req, res, { status, code: status === 413 ? "payload_too_large" : "length_required", message, closeConnection: true });
}

export function limitRequestBody({ maxBytes = MAX_BODY_BYTES, maxMultipartBytes = MAX_MULTIPART_BODY_BYTES } = {}) {
  return (req, res, next) => {
    if (!METHODS_WITH_BODY.has(req.method)) return next();
    const multipart = String(req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data");
    const limit = multipart ? maxMultipartBytes : maxBytes;
    const declared = req.headers["content-length"];
    if (declared === undefined) {
      if (multipart && req.headers["transfer-encoding"]) {
        return refuse(req, res, 411, "Envoyez les fichiers avec un formulaire qui indique sa taille (en-tête Content-Length).");
      }
      return next();
    }
    if (!/^\d+$/.test(declared) || Number(declared) > limit) {
      const megabytes = Math.round(limit / (1024 * 1024));
      return refuse(req, res, 413, `La requête est trop volumineuse : ${megabytes} Mo au plus${multipart ? " avec les fichiers joints" : ""}.`);
    }
    return next();
  };
}
