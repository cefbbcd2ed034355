// A photo of one of the collectivité's biens, whatever its state (drafts included).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { findOrganizationPhoto } from "~/models/premises.server";
import { photoResponse } from "~/services/uploads.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug, "MEMBER");
  const photo = await findOrganizationPhoto(db, access.organization.id, params.photoId ?? "");
  if (!photo) throw new Response("Photo introuvable.", { status: 404 });
  return photoResponse(photo);
}
