// The convention d'occupation of an attributed bien as a PDF download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { loadConvention } from "~/models/premises-convention.server";
import { conventionPdf, partyLines } from "~/services/convention-pdf.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const result = await loadConvention(db, access.organization.id, params.id ?? "");
  if (!result) throw new Response("Bien introuvable.", { status: 404 });
  if (!result.ok) throw new Response(result.message, { status: 409 });
  const bytes = await conventionPdf(result.convention, { parties: partyLines(result.convention) });
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="convention-${params.id}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
