// Limits on the shape of submitted forms, checked before anything parses them.
// conform turns `field[999999999]` into an array of that length: one request could make the
// server build and serialise a gigantic value. Every action passes its FormData through
// requireCsrf(), which calls this first. The body itself is read through readFormData(), which
// bounds its size.
import { readBoundedBody } from "./request-body.server";

export const FORM_LIMITS = {
  fields: 1_000,
  nameLength: 200,
  /** Highest list index a field name may use (e.g. `ranges[23]`). */
  listIndex: 500,
  valueLength: 20_000,
} as const;

/** A French explanation of why the form is refused, or null when it is acceptable. */
export function formShapeProblem(formData: FormData): string | null {
  let count = 0;
  for (const [name, value] of formData.entries()) {
    count += 1;
    if (count > FORM_LIMITS.fields) return "Le formulaire contient trop de champs.";
    if (name.length > FORM_LIMITS.nameLength) return "Un nom de champ du formulaire est trop long.";
    for (const match of name.matchAll(/\[(\d+)\]/g)) {
      if (Number(match[1]) > FORM_LIMITS.listIndex) return "Le formulaire contient une liste trop longue.";
    }
    if (typeof value === "string" && value.length > FORM_LIMITS.valueLength) {
      return "Une valeur du formulaire est trop longue.";
    }
    // PostgreSQL refuses it in text (SQLite takes it): refused here for every form and database.
    if (name.includes("\u0000") || (typeof value === "string" && value.includes("\u0000"))) {
      return FORM_NUL_MESSAGE;
    }
  }
  return null;
}

/**
 * Largest body a form action reads (1 MiB). Our longest forms weigh a few kilobytes; uploads
 * (multipart photos and attachments) are read by app/services/uploads.server.ts with their own
 * per-file limits, and the JSON API stops at 64 KiB (api-http.server.ts).
 */
export const MAX_FORM_BODY_BYTES = 1024 * 1024;

export const FORM_TOO_LARGE_MESSAGE = "Le formulaire envoyé est trop volumineux (1 Mo au plus) : raccourcissez les textes et recommencez.";
export const FORM_NUL_MESSAGE = "Le formulaire contient un caractère nul, qu'aucun texte ne peut contenir : retirez-le et recommencez.";
export const FORM_UNREADABLE_MESSAGE = "Le formulaire envoyé est illisible. Rechargez la page et recommencez.";

/**
 * The request's form fields, read at most MAX_FORM_BODY_BYTES: 413 beyond, 400 when the body is
 * not a form (another Content-Type, a broken multipart body), both with a French message. Every
 * form action reads its body through this rather than `request.formData()`, which buffers any
 * size and throws a TypeError (a 500) on a body it cannot parse.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    throw new Response(FORM_UNREADABLE_MESSAGE, { status: 400 });
  }
  const bytes = await readBoundedBody(request, MAX_FORM_BODY_BYTES);
  if (bytes === "TOO_LARGE") throw new Response(FORM_TOO_LARGE_MESSAGE, { status: 413 });
  try {
    return await new Response(bytes, { headers: { "Content-Type": request.headers.get("Content-Type") ?? "" } }).formData();
  } catch {
    throw new Response(FORM_UNREADABLE_MESSAGE, { status: 400 });
  }
}
