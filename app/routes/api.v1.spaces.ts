// GET /api/v1/spaces — the spaces the caller's organisation may book (docs/api.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { listBookableSpaces } from "~/models/bookable-space.server";
import { requireApiCaller } from "~/utils/api-auth.server";
import { apiJson, handleApi, methodNotAllowed, refuseMethod } from "~/utils/api-http.server";

const ALLOWED = ["GET", "HEAD"] as const;

export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const refused = refuseMethod(request, ALLOWED);
    if (refused) return refused;
    const caller = await requireApiCaller(request);
    const spaces = await listBookableSpaces(db, { organizationId: caller.organization.id });
    return apiJson({
      spaces: spaces.map((space) => ({
        id: space.id,
        name: space.name,
        site: { id: space.siteId, name: space.siteName, address: space.siteAddress },
        kind: space.kind,
        capacity: space.capacity,
        seats: space.seats,
        accessible: space.accessible,
        requiresApproval: space.rules.requiresApproval,
      })),
    });
  });
}

/** Remix sends every method but GET, HEAD and OPTIONS here: none is accepted. */
export function action({ request }: ActionFunctionArgs) {
  return handleApi(async () => methodNotAllowed(request, ALLOWED));
}
