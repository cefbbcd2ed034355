// GET /organisations/:slug/facturation/:invoiceId/facturx.pdf — the issued document as a
// Factur-X (EN 16931) PDF/A-3 with its CII XML; same access rules as the plain PDF.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { getInvoice } from "~/models/billing.server";
import { facturxFileName, storedFacturxPdf } from "~/utils/facturx.server";
import { requireScicManager } from "~/utils/scic-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const invoice = await getInvoice(db, { scicId: access.organization.id, invoiceId: params.invoiceId ?? "" });
  if (!invoice || invoice.number === null) throw new Response("Facture introuvable.", { status: 404 });
  const bytes = await storedFacturxPdf(invoice.id, invoice.document);
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${facturxFileName(invoice.document)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
