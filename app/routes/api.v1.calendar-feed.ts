// POST /api/v1/calendar-feed — a fresh URL of the calling organisation's calendar feed, as
// `{ "url": "https://…/calendrier/<token>.ics" }`. The URL made by the previous call stops
// working (the members' own feed URLs are not affected).
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { feedUrls, regenerateFeed } from "~/models/calendar-feed.server";
import { apiError, requireApiCaller } from "~/utils/api-auth.server";

function methodNotAllowed(): Response {
  const response = apiError(405, "method_not_allowed", "Utilisez POST pour obtenir l'adresse du calendrier.");
  response.headers.set("Allow", "POST");
  return response;
}

export async function loader() {
  return methodNotAllowed();
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  const caller = await requireApiCaller(request);
  const token = await regenerateFeed(db, {
    target: { scope: "ORGANIZATION", organizationId: caller.organization.id, userId: null },
    now: new Date(),
  });
  const { https, webcal } = feedUrls(new URL(request.url).origin, token);
  return Response.json({ url: https, webcalUrl: webcal }, { status: 201, headers: { "Cache-Control": "no-store" } });
}
