// GET /api/v1/invoices.csv?month=YYYY-MM — a SCIC's invoices and credit notes of the month, one
// row per line (amounts in cents), for its accounting software. Only a SCIC's token: others 403.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { invoicesCsv, isBillingMonth } from "~/models/billing.server";
import { requireApiCaller } from "~/utils/api-auth.server";
import { apiError, handleApi, invalidRequest, methodNotAllowed, refuseMethod } from "~/utils/api-http.server";
import { csvResponse } from "~/utils/scic-access.server";

const ALLOWED = ["GET", "HEAD"] as const;

export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const refused = refuseMethod(request, ALLOWED);
    if (refused) return refused;
    const caller = await requireApiCaller(request);
    if (caller.organization.kind !== "SCIC") {
      return apiError(403, "forbidden", "Seul le jeton d'une SCIC donne accès à ses factures.");
    }
    const month = new URL(request.url).searchParams.get("month") ?? "";
    if (!isBillingMonth(month)) return invalidRequest({ month: ["Indiquez le mois au format AAAA-MM, par exemple 2027-01."] });
    return csvResponse(await invoicesCsv(db, { scicId: caller.organization.id, month }), `factures-${caller.organization.slug}-${month}.csv`);
  });
}

/** Remix sends every method but GET, HEAD and OPTIONS here: none is accepted. */
export function action({ request }: ActionFunctionArgs) {
  return handleApi(async () => methodNotAllowed(request, ALLOWED));
}
