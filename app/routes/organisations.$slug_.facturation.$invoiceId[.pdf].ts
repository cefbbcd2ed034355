// GET /organisations/:slug/facturation/:invoiceId.pdf — the issued document as a PDF.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { getInvoice } from "~/models/billing.server";
import { invoicePdf } from "~/utils/invoice-pdf.server";
import { requireScicManager } from "~/utils/scic-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const invoice = await getInvoice(db, { scicId: access.organization.id, invoiceId: params.invoiceId ?? "" });
  if (!invoice) throw new Response("Facture introuvable.", { status: 404 });
  const bytes = await invoicePdf(invoice.document);
  const name = `${invoice.kind === "INVOICE" ? "facture" : "avoir"}-${invoice.number ?? invoice.id}.pdf`;
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
