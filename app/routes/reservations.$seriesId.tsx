// The link of booking notifications (/reservations/<id>): it does not know the organisation, so
// it finds the series among the user's organisations and sends them to the page they can use.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { db } from "~/db.server";
import { findSeriesForUser } from "~/models/booking-queries.server";
import { listMembershipsOfUser } from "~/models/organization.server";
import { requireUser } from "~/utils/auth.server";
import { hasCapability } from "~/utils/capabilities.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const memberships = await listMembershipsOfUser(db, user.id);
  const bookers = memberships.filter((membership) => hasCapability(membership, "follow-bookings"));
  const managers = memberships.filter((membership) => hasCapability(membership, "approve-bookings"));
  const series = await findSeriesForUser(db, {
    seriesId: params.seriesId ?? "",
    bookerOrganizationIds: bookers.map((membership) => membership.organization.id),
    managerOrganizationIds: managers.map((membership) => membership.organization.id),
  });
  // The booker's page first: a member of both sides follows their own booking.
  const booker = series && bookers.find((membership) => membership.organization.id === series.organizationId);
  if (booker) throw redirect(`/organisations/${booker.organization.slug}/reservations/${params.seriesId}`);
  const manager = series && managers.find((membership) => membership.organization.id === series.space.organizationId);
  if (manager) throw redirect(`/organisations/${manager.organization.slug}/validations#reservation-${params.seriesId}`);
  throw new Response("Réservation introuvable.", { status: 404 });
}
