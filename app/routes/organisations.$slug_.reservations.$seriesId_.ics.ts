// GET /organisations/:slug/reservations/:seriesId/ics — one booking as an .ics file, to add it to
// one's own calendar. Members of the booking organisation only; another organisation's booking is 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { renderBookingFile } from "~/models/calendar-feed.server";
import { requireOrgRole } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  const file = await renderBookingFile(db, {
    organizationId: access.organization.id,
    seriesId: params.seriesId ?? "",
    origin: new URL(request.url).origin,
  });
  if (!file) throw new Response("Réservation introuvable.", { status: 404 });
  return new Response(request.method === "HEAD" ? null : file.body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="reservation-${params.seriesId}.ics"`,
      "Cache-Control": "private, no-store",
      "Last-Modified": file.lastModified.toUTCString(),
      ETag: file.etag,
    },
  });
}
