// Uploaded photos of biens, stored under DATA_DIR/uploads/premises. Multipart bodies are read
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
