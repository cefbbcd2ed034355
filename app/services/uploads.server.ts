// Uploaded photos of biens, stored under DATA_DIR/uploads/premises, and the attachments of
// applications (PDF, JPEG, PNG), stored under DATA_DIR/uploads/applications. Multipart bodies are read
// with Remix's unstable_parseMultipartFormData and a handler that refuses, with a French
// message, a file of another type than JPEG, PNG or WebP (checked on its first bytes, not only
// its declared type) or larger than 5 MB, without buffering more than the limit.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { dataDir } from "~/utils/env.server";
import { readFormData } from "~/utils/form-guard.server";
import { ATTACHMENT_FIELD_PREFIX, FREE_ATTACHMENT_FIELD, MAX_APPLICATION_FILES } from "~/forms/premises";

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Text fields of a multipart form are small; this bounds them too. */
const MAX_TEXT_FIELD_BYTES = 64 * 1024;

const PHOTO_TYPES: Record<string, { extension: string; matches: (head: Uint8Array) => boolean }> = {
  "image/jpeg": { extension: "jpg", matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  "image/png": { extension: "png", matches: (h) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => h[i] === b) },
  "image/webp": {
    extension: "webp",
    matches: (h) => String.fromCharCode(...h.slice(0, 4)) === "RIFF" && String.fromCharCode(...h.slice(8, 12)) === "WEBP",
  },
};

export const PHOTO_TYPE_MESSAGE = "La photo doit être une image JPEG, PNG ou WebP.";
export const PHOTO_SIZE_MESSAGE = "La photo ne doit pas dépasser 5 Mo.";

export type StoredPhoto = { path: string; mimeType: string; sizeBytes: number; originalName: string };

export function uploadsRoot(): string {
  return path.join(dataDir, "uploads");
}

async function drain(data: AsyncIterable<Uint8Array>) {
  for await (const _chunk of data) {
    // Discard the rest of a refused file so the parser reaches the next fields.
  }
}

/**
 * Reads a multipart form whose file field `fieldName` holds a photo. Returns the text fields,
 * the stored photo (if any) and the French problems (wrong type, too large).
 */
export async function parsePhotoUpload(request: Request, fieldName = "photo") {
  const problems: string[] = [];
  const stored: StoredPhoto[] = [];
  const photoHandler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (filename === undefined) return undefined;
    if (name !== fieldName || filename === "") {
      await drain(data);
      return undefined;
    }
    const type = PHOTO_TYPES[contentType];
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > MAX_PHOTO_BYTES) tooLarge = true;
      else chunks.push(chunk);
    }
    if (tooLarge) {
      problems.push(PHOTO_SIZE_MESSAGE);
      return undefined;
    }
    const bytes = Buffer.concat(chunks);
    if (!type || !type.matches(bytes.subarray(0, 12))) {
      problems.push(PHOTO_TYPE_MESSAGE);
      return undefined;
    }
    const relative = path.join("uploads", "premises", `${crypto.randomUUID()}.${type.extension}`);
    await fs.mkdir(path.join(dataDir, "uploads", "premises"), { recursive: true });
    await fs.writeFile(path.join(dataDir, relative), bytes);
    stored.push({ path: relative, mimeType: contentType, sizeBytes: bytes.byteLength, originalName: filename });
    // The stored path is returned through `stored`, never read back from the form.
    return undefined;
  };
  const formData = await unstable_parseMultipartFormData(
    request,
    unstable_composeUploadHandlers(photoHandler, unstable_createMemoryUploadHandler({ maxPartSize: MAX_TEXT_FIELD_BYTES })),
  );
  return { formData, photo: stored[0] ?? null, problems };
}

// ---------------------------------------------------------------------------------------------
// Application attachments: PDF, JPEG or PNG, checked on their first bytes, kept in memory while
// the form is checked and written under DATA_DIR/uploads/applications only once it is accepted.
// ---------------------------------------------------------------------------------------------

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
// The form's field names and file count live in app/forms/premises.ts: the page renders them in
// the browser too, where this server module does not exist.
export { ATTACHMENT_FIELD_PREFIX, FREE_ATTACHMENT_FIELD, MAX_APPLICATION_FILES };

const ATTACHMENT_TYPES: Record<string, { extension: string; matches: (head: Uint8Array) => boolean }> = {
  "application/pdf": { extension: "pdf", matches: (h) => String.fromCharCode(...h.slice(0, 5)) === "%PDF-" },
  "image/jpeg": PHOTO_TYPES["image/jpeg"],
  "image/png": PHOTO_TYPES["image/png"],
};

export const ATTACHMENT_TYPE_MESSAGE = "Le fichier doit être un PDF, une image JPEG ou une image PNG.";
export const ATTACHMENT_SIZE_MESSAGE = "Le fichier ne doit pas dépasser 5 Mo.";
export const ATTACHMENT_COUNT_MESSAGE = `Joignez au plus ${MAX_APPLICATION_FILES} fichiers à une candidature.`;

/** An accepted file, still in memory. `field` is the file input it came from. */
export type ReceivedAttachment = { field: string; fileName: string; mimeType: string; extension: string; bytes: Buffer };

/** Keeps a file name displayable: no folders, no control characters, at most 200 characters. */
function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (base === "" ? "document" : base).slice(0, 200);
}

/**
 * Reads a multipart application form. Files of the `piece-…` inputs are checked (type on their
 * first bytes, size counted while streaming, count) and kept in memory; nothing is written.
 * `problems` maps a file input to its French messages.
 */
export async function parseAttachmentsUpload(request: Request) {
  const problems: Record<string, string[]> = {};
  const received: ReceivedAttachment[] = [];
  // A form without files may come url-encoded (no JavaScript, no file chosen, API clients).
  if ((request.headers.get("Content-Type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    return { formData: await readFormData(request), received, problems };
  }
  let count = 0;
  const problem = (field: string, message: string) => {
    const list = (problems[field] ??= []);
    if (!list.includes(message)) list.push(message);
  };
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (filename === undefined) return undefined;
    if (!name.startsWith(ATTACHMENT_FIELD_PREFIX) || filename === "") {
      await drain(data);
      return undefined;
    }
    count += 1;
    if (count > MAX_APPLICATION_FILES) {
      problem(name, ATTACHMENT_COUNT_MESSAGE);
      await drain(data);
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= MAX_ATTACHMENT_BYTES) chunks.push(chunk);
    }
    if (size > MAX_ATTACHMENT_BYTES) {
      problem(name, ATTACHMENT_SIZE_MESSAGE);
      return undefined;
    }
    const bytes = Buffer.concat(chunks);
    const type = ATTACHMENT_TYPES[contentType];
    if (!type || !type.matches(bytes.subarray(0, 12))) {
      problem(name, ATTACHMENT_TYPE_MESSAGE);
      return undefined;
    }
    received.push({ field: name, fileName: cleanFileName(filename), mimeType: contentType, extension: type.extension, bytes });
    return undefined;
  };
  const formData = await unstable_parseMultipartFormData(
    request,
    unstable_composeUploadHandlers(handler, unstable_createMemoryUploadHandler({ maxPartSize: MAX_TEXT_FIELD_BYTES })),
  );
  return { formData, received, problems };
}

export type StoredAttachmentFile = { field: string; fileName: string; path: string; mimeType: string; sizeBytes: number };

/** Writes accepted attachments under DATA_DIR/uploads/applications, each under a random name. */
export async function storeAttachments(files: readonly ReceivedAttachment[]): Promise<StoredAttachmentFile[]> {
  await fs.mkdir(path.join(dataDir, "uploads", "applications"), { recursive: true });
  const stored: StoredAttachmentFile[] = [];
  for (const file of files) {
    const relative = path.join("uploads", "applications", `${crypto.randomUUID()}.${file.extension}`);
    await fs.writeFile(path.join(dataDir, relative), file.bytes);
    stored.push({ field: file.field, fileName: file.fileName, path: relative, mimeType: file.mimeType, sizeBytes: file.bytes.byteLength });
  }
  return stored;
}

/** Serves a stored attachment as a download; its path comes from the database, never from the URL. */
export async function attachmentResponse(file: { path: string; mimeType: string; fileName: string }) {
  const absolute = path.resolve(dataDir, file.path);
  if (!absolute.startsWith(uploadsRoot() + path.sep)) throw new Response("Pièce jointe introuvable.", { status: 404 });
  const bytes = await fs.readFile(absolute).catch(() => {
    throw new Response("Pièce jointe introuvable.", { status: 404 });
  });
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(bytes, {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export async function removeStoredFile(relativePath: string) {
  await fs.rm(path.join(dataDir, relativePath), { force: true });
}

/** Serves a stored photo; its path comes from the database, never from the URL. */
export async function photoResponse(photo: { path: string; mimeType: string; sizeBytes: number }) {
  const absolute = path.resolve(dataDir, photo.path);
  if (!absolute.startsWith(uploadsRoot() + path.sep)) throw new Response("Photo introuvable.", { status: 404 });
  try {
    const bytes = await fs.readFile(absolute);
    return new Response(bytes, {
      headers: {
        "Content-Type": photo.mimeType,
        "Content-Length": String(bytes.byteLength),
        "Cache-Control": "public, max-age=86400",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch {
    throw new Response("Photo introuvable.", { status: 404 });
  }
}
