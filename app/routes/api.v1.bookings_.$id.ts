// DELETE /api/v1/bookings/{id} — cancel every occurrence still to come of one of the
// organisation's bookings (docs/api.md). Another organisation's id is a 404, untouched.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { cancelSeries } from "~/models/booking.server";
import { requireApiCaller } from "~/utils/api-auth.server";
import { apiError, apiNoContent, handleApi, methodNotAllowed, notFound, refuseMethod } from "~/utils/api-http.server";
import { now } from "~/utils/clock.server";

const ALLOWED = ["DELETE"] as const;

/** GET, HEAD and OPTIONS come here: OPTIONS is answered, the others refused. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => refuseMethod(request, ALLOWED) ?? methodNotAllowed(request, ALLOWED));
}

export function action({ request, params }: ActionFunctionArgs) {
  return handleApi(async () => {
    const refused = refuseMethod(request, ALLOWED);
    if (refused) return refused;
    const caller = await requireApiCaller(request);
    const seriesId = params.id ?? "";
    const result = await cancelSeries(db, { organizationId: caller.organization.id, seriesId, now: now() });
    if (result.ok) return apiNoContent();
    if (result.reason === "NOT_FOUND") return notFound("Réservation introuvable.");
    if (result.reason === "NOT_ACTIVE") return apiError(409, "not_active", result.message);
    return apiError(409, "conflict", "Cette réservation ne peut pas être annulée.");
  });
}
