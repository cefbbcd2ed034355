// Photo of a public bien, read from DATA_DIR/uploads. Photos of drafts stay private
// (managers see them through /organisations/:slug/biens/photos/:photoId).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { findPublicPhoto } from "~/models/premises.server";
import { photoResponse } from "~/services/uploads.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const photo = await findPublicPhoto(db, params.photoId ?? "");
  if (!photo) throw new Response("Photo introuvable.", { status: 404 });
  return photoResponse(photo);
}
