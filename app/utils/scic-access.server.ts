// Pages of a SCIC's cooperative and billing: managers (MANAGER or ADMIN) of a SCIC only.
// A non-member gets 404 and a plain member 403 (requireOrgRole); another kind of organisation
// has no such pages: 404.
import { requireOrgRole, type OrgAccess } from "./auth.server";

export async function requireScicManager(request: Request, slug: string | undefined): Promise<OrgAccess> {
  const access = await requireOrgRole(request, slug, "MANAGER");
  if (access.organization.kind !== "SCIC") throw new Response("Page introuvable.", { status: 404 });
  return access;
}

/** A CSV download: UTF-8 (the body carries its BOM), attachment with a safe file name. */
export function csvResponse(body: string, fileName: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
