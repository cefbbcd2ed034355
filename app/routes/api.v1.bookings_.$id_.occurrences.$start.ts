// DELETE /api/v1/bookings/{id}/occurrences/{start} — cancel one occurrence of one of the
// organisation's bookings; {start} is its original local start, e.g. 2027-03-23T14:00
// (docs/api.md). Another organisation's booking is a 404, untouched.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { occurrenceStartSchema } from "~/forms/api-booking";
import { cancelOccurrence } from "~/models/booking.server";
import { requireApiCaller } from "~/utils/api-auth.server";
import { apiError, apiNoContent, handleApi, invalidRequest, methodNotAllowed, notFound, refuseMethod } from "~/utils/api-http.server";
import { now } from "~/utils/clock.server";

const ALLOWED = ["DELETE"] as const;

/** Routers decode path parameters already; a client that double-encoded the colon (%253A) is decoded once more. */
function decodedStart(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** GET, HEAD and OPTIONS come here: OPTIONS is answered, the others refused. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => refuseMethod(request, ALLOWED) ?? methodNotAllowed(request, ALLOWED));
}

export function action({ request, params }: ActionFunctionArgs) {
  return handleApi(async () => {
    const refused = refuseMethod(request, ALLOWED);
    if (refused) return refused;
    const caller = await requireApiCaller(request);
    const start = occurrenceStartSchema.safeParse(decodedStart(params.start ?? ""));
    if (!start.success) return invalidRequest({ start: start.error.issues.map((issue) => issue.message) });
    const result = await cancelOccurrence(db, {
      organizationId: caller.organization.id,
      seriesId: params.id ?? "",
      recurrenceId: start.data,
      now: now(),
    });
    if (result.ok) return apiNoContent();
    if (result.reason === "NOT_FOUND") return notFound("Occurrence introuvable pour cette réservation.");
    if (result.reason === "NOT_ACTIVE") return apiError(409, "not_active", result.message);
    return apiError(409, "conflict", "Cette occurrence ne peut pas être annulée.");
  });
}
