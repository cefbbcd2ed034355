// GET /organisations/:slug/facturation/export.csv?month=YYYY-MM: the month's invoices and credit
// notes, one row per line, for the accountant.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { invoicesCsv, isBillingMonth } from "~/models/billing.server";
import { csvResponse, requireScicManager } from "~/utils/scic-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const month = new URL(request.url).searchParams.get("month") ?? "";
  if (!isBillingMonth(month)) throw new Response("Indiquez le mois au format AAAA-MM (paramètre « month »).", { status: 400 });
  return csvResponse(await invoicesCsv(db, { scicId: access.organization.id, month }), `factures-${access.organization.slug}-${month}.csv`);
}
