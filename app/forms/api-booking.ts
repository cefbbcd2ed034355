// Input of the booking JSON API (app/routes/api.v1.*): the POST body and the `from`/`to`
// windows of the read endpoints, each parsed by ONE zod schema with French messages.
// Times are Europe/Paris wall clock without offset ("2027-03-23T14:00"), as in the database.
import { z } from "zod";
import { parseRRule } from "~/domain/recurrence";
import {
  addDaysLocal,
  addMinutesLocal,
  isLocalDate,
  isLocalDateTime,
  localRangeToInstants,
  minutesBetweenLocal,
  parisToInstant,
  type LocalDate,
  type LocalDateTime,
} from "~/domain/time";

export const DEFAULT_BOOKING_TITLE = "Réservation";
export const MAX_TITLE_LENGTH = 200;
/** Generous ceiling; the space's own seat count is checked by the booking model. */
export const MAX_SEATS = 1000;

const localDateTimeField = (label: string) =>
  z
    .string({ required_error: `Indiquez ${label}.`, invalid_type_error: `${capitalize(label)} doit être une chaîne « AAAA-MM-JJTHH:mm ».` })
    .refine(isLocalDateTime, `${capitalize(label)} doit être au format AAAA-MM-JJTHH:mm, heure de Paris sans décalage (par exemple 2027-03-23T14:00).`);

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * `POST /api/v1/bookings`. Strict: an unknown key is an error (a typo such as "rule" must not
 * silently book a one-off slot). The output is what `createBooking` takes.
 */
export const apiBookingSchema = z
  .object(
    {
      spaceId: z
        .string({ required_error: "Indiquez l'espace à réserver (spaceId).", invalid_type_error: "spaceId doit être une chaîne." })
        .trim()
        .min(1, "Indiquez l'espace à réserver (spaceId).")
        .max(100, "Identifiant d'espace invalide."),
      start: localDateTimeField("l'heure de début"),
      end: localDateTimeField("l'heure de fin"),
      rrule: z
        .string({ invalid_type_error: "La règle de récurrence doit être une chaîne, par exemple « FREQ=WEEKLY;BYDAY=TU;COUNT=20 »." })
        .optional(),
      seats: z
        .number({ invalid_type_error: "Le nombre de places doit être un nombre." })
        .int("Le nombre de places doit être un nombre entier.")
        .min(1, "Il faut réserver au moins 1 place.")
        .max(MAX_SEATS, `${MAX_SEATS} places au plus.`)
        .default(1),
      title: z
        .string({ invalid_type_error: "Le titre doit être une chaîne." })
        .trim()
        .min(1, "Le titre ne peut pas être vide.")
        .max(MAX_TITLE_LENGTH, `Le titre ne doit pas dépasser ${MAX_TITLE_LENGTH} caractères.`)
        .default(DEFAULT_BOOKING_TITLE),
      skipConflicts: z.boolean({ invalid_type_error: "skipConflicts doit valoir true ou false." }).default(false),
      dryRun: z.boolean({ invalid_type_error: "dryRun doit valoir true ou false." }).default(false),
    },
    { required_error: "Le corps de la requête doit être un objet JSON.", invalid_type_error: "Le corps de la requête doit être un objet JSON." },
  )
  .strict()
  .transform((body, ctx) => {
    // Checked here rather than per field: both need the start (DST gap message, rule vs DTSTART).
    const range = localRangeToInstants(body.start, body.end);
    if (!range.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [range.field], message: range.message });
      return z.NEVER;
    }
    let rrule: string | null = null;
    if (body.rrule !== undefined) {
      const parsed = parseRRule(body.rrule, { localStart: body.start });
      if (!parsed.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["rrule"], message: parsed.message });
        return z.NEVER;
      }
      rrule = parsed.rrule;
    }
    return {
      spaceId: body.spaceId,
      title: body.title,
      request: { localStart: body.start, localEnd: body.end, rrule, seats: body.seats },
      skip: body.skipConflicts ? ("ALL" as const) : ("NONE" as const),
      /** Say what would be booked and its price, writing nothing. */
      dryRun: body.dryRun,
    };
  });

export type ApiBookingInput = z.output<typeof apiBookingSchema>;

// ---------------------------------------------------------------------------------------------
// Windows of the read endpoints
// ---------------------------------------------------------------------------------------------

export type WindowOptions = {
  /** Paris date the default window starts on. */
  today: LocalDate;
  defaultDays: number;
  maxDays: number;
};

/** Availability: a week by default, a month at most (each interval is computed on the fly). */
export const AVAILABILITY_WINDOW = { defaultDays: 7, maxDays: 31 } as const;
/** The organisation's occurrences: 90 days by default, a year (366 days) at most. */
export const BOOKINGS_WINDOW = { defaultDays: 90, maxDays: 366 } as const;

export type ApiWindow = { localFrom: LocalDateTime; localTo: LocalDateTime; from: Date; to: Date };

/** An absent or empty query parameter is "not given". */
const windowBound = (name: "from" | "to") =>
  z.preprocess(
    (value) => (value === null || value === "" ? undefined : value),
    z
      .string()
      .refine(
        (value) => isLocalDate(value) || isLocalDateTime(value),
        `« ${name} » doit être une date AAAA-MM-JJ ou une date et heure AAAA-MM-JJTHH:mm (heure de Paris).`,
      )
      .optional(),
  );

/**
 * `from` (a date means its midnight) to `to` (a date is included whole; a date and time is
 * excluded), on the Paris wall clock. Without `from`: today; without `to`: `defaultDays` later.
 */
function resolveWindow(query: { from?: string; to?: string }, options: WindowOptions, ctx: z.RefinementCtx): ApiWindow | null {
  const localFrom = query.from === undefined ? `${options.today}T00:00` : isLocalDate(query.from) ? `${query.from}T00:00` : query.from;
  const localTo =
    query.to === undefined
      ? addMinutesLocal(localFrom, options.defaultDays * 24 * 60)
      : isLocalDate(query.to)
        ? `${addDaysLocal(query.to, 1)}T00:00`
        : query.to;
  if (localTo <= localFrom) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "La fin de la période (« to ») doit être postérieure à son début (« from »)." });
    return null;
  }
  if (minutesBetweenLocal(localFrom, localTo) > options.maxDays * 24 * 60) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: `La période demandée ne peut pas dépasser ${options.maxDays} jours.` });
    return null;
  }
  const from = parisToInstant(localFrom);
  if (!from.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["from"], message: from.message });
  const to = parisToInstant(localTo);
  if (!to.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: to.message });
  if (!from.ok || !to.ok) return null;
  return { localFrom, localTo, from: from.instant, to: to.instant };
}

/** Most occurrences `GET /api/v1/bookings` returns; a larger `?limit=` is capped to it. */
export const MAX_BOOKINGS_LIMIT = 2000;

/** `?limit=`: a whole number from 1; above MAX_BOOKINGS_LIMIT it is capped, absent it is the cap. */
const limitParam = z.preprocess(
  (value) => (value === null || value === "" ? undefined : value),
  z
    .string()
    .regex(/^[1-9]\d{0,8}$/, `« limit » doit être un nombre entier de 1 à ${MAX_BOOKINGS_LIMIT}.`)
    .transform((value) => Math.min(Number(value), MAX_BOOKINGS_LIMIT))
    .optional(),
);

/** `GET /api/v1/bookings?from=&to=[&limit=]`. */
export function bookingsQuerySchema(options: WindowOptions) {
  return z
    .object({ from: windowBound("from"), to: windowBound("to"), limit: limitParam })
    .transform((query, ctx) => {
      const window = resolveWindow(query, options, ctx);
      return window ? { ...window, limit: query.limit ?? MAX_BOOKINGS_LIMIT } : z.NEVER;
    });
}

/** `GET /api/v1/availability?spaceId=&from=&to=`. */
export function availabilityQuerySchema(options: WindowOptions) {
  return z
    .object({
      spaceId: z
        .string({ required_error: "Indiquez l'espace (paramètre « spaceId »).", invalid_type_error: "Indiquez l'espace (paramètre « spaceId »)." })
        .trim()
        .min(1, "Indiquez l'espace (paramètre « spaceId »).")
        .max(100, "Identifiant d'espace invalide."),
      from: windowBound("from"),
      to: windowBound("to"),
      /** Desk pools: only intervals with at least this many free seats (default 1). */
      seats: z.preprocess(
        (value) => (value === null || value === "" ? undefined : value),
        z
          .string()
          .regex(/^[1-9]\d{0,3}$/, `« seats » doit être un nombre entier de 1 à ${MAX_SEATS}.`)
          .transform(Number)
          .refine((seats) => seats <= MAX_SEATS, `« seats » doit être un nombre entier de 1 à ${MAX_SEATS}.`)
          .default("1"),
      ),
    })
    .transform((query, ctx) => {
      const window = resolveWindow(query, options, ctx);
      return window ? { spaceId: query.spaceId, seats: query.seats, ...window } : z.NEVER;
    });
}

/** The `{start}` of `/api/v1/bookings/{id}/occurrences/{start}`: an occurrence's original local start. */
export const occurrenceStartSchema = z
  .string({ required_error: "Indiquez le début de l'occurrence." })
  .refine(isLocalDateTime, "Le début de l'occurrence doit être au format AAAA-MM-JJTHH:mm (par exemple 2027-03-23T14:00).");
