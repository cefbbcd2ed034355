// What both week calendars (a site's, a space's) read from their request, and until when their
// page may be kept (docs/decisions/0021-document-cache.md).
import type { AppLoadContext } from "@remix-run/node";
import { isoWeekOfInstant, weekWindow } from "~/domain/week-calendar";
import { requestedWeek } from "~/models/calendar.server";
import { requireSession } from "./auth.server";
import { cacheDocumentUntil } from "./document-cache.server";

/** The logged-in user, the week asked for (`?semaine=`, this week without it) and this week. */
export async function weekPageRequest(request: Request, context: AppLoadContext | undefined) {
  const { user, expiresAt } = await requireSession(request);
  const now = new Date();
  const week = requestedWeek(request, now);
  // "This week" (the default week and its link) is another one from next Monday on.
  const currentWeek = isoWeekOfInstant(now);
  cacheDocumentUntil(context, expiresAt);
  cacheDocumentUntil(context, weekWindow(currentWeek).endsAt);
  return { user, week, currentWeek };
}
