// GET /api/v1/availability?spaceId=&from=&to=[&seats=] — free intervals of one space (docs/api.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { instantToParis, localDate } from "~/domain/time";
import { AVAILABILITY_WINDOW, availabilityQuerySchema } from "~/forms/api-booking";
import { bookableSpaceFreeIntervals } from "~/models/bookable-space.server";
import { requireApiCaller } from "~/utils/api-auth.server";
import { apiJson, handleApi, invalidRequest, methodNotAllowed, notFound, refuseMethod, zodFieldErrors } from "~/utils/api-http.server";
import { now } from "~/utils/clock.server";

const ALLOWED = ["GET", "HEAD"] as const;

export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const refused = refuseMethod(request, ALLOWED);
    if (refused) return refused;
    const caller = await requireApiCaller(request);
    const schema = availabilityQuerySchema({ today: localDate(instantToParis(now())), ...AVAILABILITY_WINDOW });
    const query = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return invalidRequest(zodFieldErrors(query.error));
    const { spaceId, from, to, seats } = query.data;
    const found = await bookableSpaceFreeIntervals(db, { organizationId: caller.organization.id, spaceId, from, to, seatsWanted: seats });
    if (!found) return notFound("Cet espace n'existe pas ou n'est pas réservable par votre organisation.");
    return apiJson({
      spaceId: found.space.id,
      from: query.data.localFrom,
      to: query.data.localTo,
      intervals: found.intervals.map((interval) => ({
        start: instantToParis(interval.startsAt),
        end: instantToParis(interval.endsAt),
        freeSeats: interval.freeSeats,
      })),
    });
  });
}

/** Remix sends every method but GET, HEAD and OPTIONS here: none is accepted. */
export function action({ request }: ActionFunctionArgs) {
  return handleApi(async () => methodNotAllowed(request, ALLOWED));
}
