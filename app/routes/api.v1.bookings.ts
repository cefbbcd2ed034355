// GET /api/v1/bookings — the organisation's occurrences in a window;
// POST /api/v1/bookings — book a space, one-off or recurring, or with "dryRun" say what it
// would book and cost (docs/api.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { addMinutesLocal, instantToParis, localDate, minutesBetweenLocal, type LocalDateTime } from "~/domain/time";
import type { BookingQuote } from "~/domain/quote";
import { apiBookingSchema, BOOKINGS_WINDOW, bookingsQuerySchema, type ApiBookingInput } from "~/forms/api-booking";
import { quoteForBooking } from "~/models/booking-quote.server";
import { createBooking, listOrganizationOccurrences, previewBooking, type BlockedDate } from "~/models/booking.server";
import { findBookableSpace } from "~/models/bookable-space.server";
import type { SpaceForBooking } from "~/models/space-planning.server";
import { requireApiCaller } from "~/utils/api-auth.server";
import {
  apiJson,
  handleApi,
  invalidRequest,
  readJsonBody,
  refuseMethod,
  zodFieldErrors,
} from "~/utils/api-http.server";
import { now } from "~/utils/clock.server";

const ALLOWED = ["GET", "HEAD", "POST"] as const;

export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const refused = refuseMethod(request, ALLOWED);
    if (refused) return refused;
    const caller = await requireApiCaller(request);
    const schema = bookingsQuerySchema({ today: localDate(instantToParis(now())), ...BOOKINGS_WINDOW });
    const query = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return invalidRequest(zodFieldErrors(query.error));
    const { from, to, localFrom, localTo, limit } = query.data;
    // One more than asked tells whether the window holds more than `limit` occurrences.
    const found = await listOrganizationOccurrences(db, { organizationId: caller.organization.id, from, to, limit: limit + 1 });
    const occurrences = found.slice(0, limit);
    return apiJson({
      from: localFrom,
      to: localTo,
      occurrences: occurrences.map((occurrence) => ({
        bookingId: occurrence.seriesId,
        spaceId: occurrence.spaceId,
        title: occurrence.series.title,
        start: occurrence.localStart,
        end: occurrence.localEnd,
        recurrenceId: occurrence.recurrenceId,
        status: occurrence.status,
      })),
      truncated: found.length > limit,
    });
  });
}

export function action({ request }: ActionFunctionArgs) {
  return handleApi(async () => {
    // Actions only receive POST, PUT, PATCH and DELETE: POST passes.
    const refused = refuseMethod(request, ALLOWED);
    if (refused) return refused;
    const caller = await requireApiCaller(request);
    const parsed = apiBookingSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) return invalidRequest(zodFieldErrors(parsed.error));
    const input = parsed.data;
    const organizationId = caller.organization.id;
    const space = await findBookableSpace(db, { organizationId, spaceId: input.spaceId });
    if (!space) {
      return invalidRequest({ spaceId: ["Cet espace n'existe pas ou n'est pas réservable par votre organisation."] });
    }
    if (input.dryRun) return dryRunResponse({ organizationId, input, space });
    const result = await createBooking(db, {
      spaceId: input.spaceId,
      // Already loaded for the scope check: createBooking does not read it a second time.
      space,
      organizationId,
      // Booked by the organisation through its token, not by a person.
      createdById: null,
      title: input.title,
      request: input.request,
      skip: input.skip,
      now: now(),
    });
    if (result.ok) {
      return apiJson(
        {
          id: result.seriesId,
          status: result.status,
          occurrences: result.booked.map((occurrence) => ({ start: occurrence.localStart, end: occurrence.localEnd })),
          skipped: result.skipped.map((date) => ({ start: date.recurrenceId, reason: reasonOf(date) })),
          continuesBeyondHorizon: result.continuesBeyondHorizon,
        },
        { status: 201 },
      );
    }
    if (result.reason === "INVALID") {
      const field = result.error.field === "space" ? "spaceId" : result.error.field;
      return invalidRequest({ [field]: [result.error.message] });
    }
    const durationMinutes = minutesBetweenLocal(input.request.localStart, input.request.localEnd);
    const message =
      result.reason === "NOTHING_TO_BOOK"
        ? "Aucune date de cette demande ne peut être réservée : rien n'a été enregistré."
        : `${result.blocked.length === 1 ? "Une date de cette demande ne peut pas être réservée" : `${result.blocked.length} dates de cette demande ne peuvent pas être réservées`} : ` +
          "rien n'a été enregistré. Renvoyez la demande avec « skipConflicts »: true pour réserver les autres dates.";
    return conflictResponse(message, result.blocked, durationMinutes);
  });
}

/**
 * What the same request without `dryRun` would book and cost, nothing written: the dates it
 * would book, those it cannot (with why), whether it would succeed (with its skipConflicts), and
 * the price the monthly billing would invoice (docs/api.md).
 */
async function dryRunResponse({
  organizationId,
  input,
  space,
}: {
  organizationId: string;
  input: ApiBookingInput;
  /** Already loaded for the scope check: not read a second time. */
  space: SpaceForBooking;
}): Promise<Response> {
  const at = now();
  const preview = await previewBooking(db, { spaceId: input.spaceId, request: input.request, now: at, space });
  if (!preview.ok) {
    const field = preview.error.field === "space" ? "spaceId" : preview.error.field;
    return invalidRequest({ [field]: [preview.error.message] });
  }
  const quote = await quoteForBooking(db, {
    spaceId: input.spaceId,
    organizationId,
    occurrences: preview.bookable,
    seats: input.request.seats,
    today: localDate(instantToParis(at)),
  });
  const durationMinutes = minutesBetweenLocal(input.request.localStart, input.request.localEnd);
  return apiJson({
    dryRun: true,
    wouldSucceed: preview.bookable.length > 0 && (preview.blocked.length === 0 || input.skip === "ALL"),
    status: preview.space.rules.requiresApproval ? "PENDING" : "CONFIRMED",
    occurrences: preview.bookable.map((occurrence) => ({ start: occurrence.localStart, end: occurrence.localEnd })),
    blocked: blockedJson(preview.blocked, durationMinutes),
    continuesBeyondHorizon: preview.plan.continuesBeyondHorizon,
    price: priceJson(quote),
  });
}

/** A quote as the API gives it: amounts in cents, per Paris month, or why there is none. */
function priceJson(quote: BookingQuote) {
  if (quote.status !== "PRICED") return { status: quote.status, message: quote.message };
  return {
    status: quote.status,
    tier: quote.tierName,
    htCents: quote.htCents,
    vatCents: quote.vatCents,
    ttcCents: quote.ttcCents,
    vatMention: quote.vatMention,
    months: quote.months.map((month) => ({
      month: month.month,
      occurrences: month.occurrences,
      monthlyFlat: month.monthlyFlat,
      htCents: month.htCents,
      vatCents: month.vatCents,
      ttcCents: month.ttcCents,
    })),
  };
}

/** The French reason(s) a date cannot be booked. */
function reasonOf(date: BlockedDate): string {
  return date.problems.map((problem) => problem.message).join(" ");
}

/**
 * 409 with every date that cannot be booked. Dates are named by their local start on the
 * rule; the end follows the same wall-clock duration (dates in the DST gap have no instant).
 */
function conflictResponse(message: string, blocked: BlockedDate[], durationMinutes: number): Response {
  return apiJson({ error: { code: "conflict", message }, conflicts: blockedJson(blocked, durationMinutes) }, { status: 409 });
}

function blockedJson(blocked: readonly BlockedDate[], durationMinutes: number) {
  return blocked.map((date) => ({
    start: date.recurrenceId,
    end: addMinutesLocal(date.recurrenceId as LocalDateTime, durationMinutes),
    reason: reasonOf(date),
  }));
}
