// Download of an application's attachment, for a member of the applicant structure or of the
// collectivité that owns the bien (its reviewers). Anyone else gets 404, as for a missing file.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { findAttachmentForOrganization } from "~/models/premises-call.server";
import { attachmentResponse } from "~/services/uploads.server";
import { requireOrgRole } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  const attachment = await findAttachmentForOrganization(db, access.organization.id, params.attachmentId ?? "");
  if (!attachment) throw new Response("Pièce jointe introuvable.", { status: 404 });
  return attachmentResponse(attachment);
}
