// Photo upload of a bien (multipart): JPEG, PNG or WebP up to 5 MB, at most MAX_PHOTOS (20) per
// bien, stored under DATA_DIR/uploads.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { db } from "~/db.server";
import { MAX_PHOTOS } from "~/domain/premises";
import { addPremisesPhoto } from "~/models/premises.server";
import { parsePhotoUpload, removeStoredFile } from "~/services/uploads.server";
import { requireCsrf } from "~/utils/csrf.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export async function loader() {
  throw new Response("Page introuvable.", { status: 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  let upload: Awaited<ReturnType<typeof parsePhotoUpload>>;
  try {
    upload = await parsePhotoUpload(request);
  } catch {
    return json({ errors: ["Envoyez la photo avec le formulaire d'ajout de photo."] }, { status: 400 });
  }
  const { formData, photo, problems } = upload;
  try {
    await requireCsrf(request, formData);
  } catch (error) {
    if (photo) await removeStoredFile(photo.path);
    throw error;
  }
  const alt = String(formData.get("alt") ?? "").trim();
  const errors = [...problems];
  if (!photo && problems.length === 0) errors.push("Choisissez une photo à envoyer.");
  if (alt.length === 0) errors.push("Décrivez la photo (texte alternatif lu par les lecteurs d'écran).");
  if (alt.length > 300) errors.push("Le texte alternatif ne doit pas dépasser 300 caractères.");
  if (errors.length > 0 || !photo) {
    if (photo) await removeStoredFile(photo.path);
    return json({ errors }, { status: 400 });
  }
  const created = await addPremisesPhoto(db, access.organization.id, params.id ?? "", { path: photo.path, mimeType: photo.mimeType, sizeBytes: photo.sizeBytes, alt });
  if (!created) {
    await removeStoredFile(photo.path);
    throw new Response("Bien introuvable.", { status: 404 });
  }
  if (created === "TOO_MANY_PHOTOS") {
    await removeStoredFile(photo.path);
    return json({ errors: [`Un bien compte au plus ${MAX_PHOTOS} photos : retirez-en une avant d'en ajouter une autre.`] }, { status: 400 });
  }
  return redirect(`/organisations/${access.organization.slug}/biens/${params.id}#photos`);
}
