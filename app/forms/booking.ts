// Form schemas of the booking pages, shared by the pages (client-side validation through
// conform) and their actions. The rules stay in app/domain: wall-clock ranges and DST gaps in
// time.ts, recurrence in recurrence.ts; this module maps the HTML fields onto them and puts each
// French message beside the field it is about.
import { z } from "zod";
import { MAX_OCCURRENCES, recurrenceFormSchema, recurrenceFromForm } from "~/domain/recurrence";
import { isLocalDate, isLocalDateTime, localDate, localRangeToInstants, type LocalDate, type LocalDateTime } from "~/domain/time";
import { normalizeTimeInput } from "~/forms/space";

/** Most seats one booking may ask for; the space's own number of seats is checked by the booking model. */
export const MAX_BOOKED_SEATS = 1000;

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const dateField = (required: string) =>
  z
    .string({ required_error: required })
    .trim()
    .refine(isLocalDate, "Date invalide (format attendu : AAAA-MM-JJ, par exemple 2027-03-23).");

/** "14:00" from a time input, or typed by hand where the browser has none ("14h", "14h30"). */
const timeField = (required: string) =>
  z
    .string({ required_error: required })
    .transform((value) => normalizeTimeInput(value) ?? value)
    .refine((value) => TIME_PATTERN.test(value), "Heure invalide (format attendu : HH:mm, par exemple 14:00).");

/** A recurrence id sent back by our own pages (hidden inputs). */
const recurrenceIdField = z
  .string({ required_error: "Choisissez la date concernée." })
  .refine(isLocalDateTime, "Date de la réservation invalide.");

const titleField = z
  .string({ required_error: "Indiquez l'objet de la réservation (par exemple « Atelier numérique »)." })
  .trim()
  .min(2, "L'objet de la réservation doit compter au moins 2 caractères.")
  .max(120, "L'objet de la réservation ne doit pas dépasser 120 caractères.");

/** Seats of a desk pool; a room is booked as a whole and ignores it. */
const seatsField = z
  .number({ invalid_type_error: "Le nombre de postes doit être un nombre." })
  .int("Le nombre de postes doit être un nombre entier.")
  .min(1, "Réservez au moins 1 poste.")
  .max(MAX_BOOKED_SEATS, `Vous ne pouvez pas réserver plus de ${MAX_BOOKED_SEATS} postes.`)
  .default(1);

/** The blocked dates the user saw and accepted to leave out (hidden inputs of the confirmation form). */
const skipField = z
  .array(recurrenceIdField)
  .max(MAX_OCCURRENCES, `${MAX_OCCURRENCES} dates au plus peuvent être laissées de côté.`)
  .default([]);

// ---------------------------------------------------------------------------------------------
// Date and times of a slot
// ---------------------------------------------------------------------------------------------

const slotEndShape = {
  startTime: timeField("Indiquez l'heure de début."),
  /** Only for a booking over several days; the end is on the start date otherwise. */
  endDate: dateField("Indiquez la date de fin.").optional(),
  endTime: timeField("Indiquez l'heure de fin."),
};

type SlotFields = { date: LocalDate; startTime: string; endDate?: LocalDate; endTime: string };

/**
 * The wall-clock range of a slot, or null after adding the issue beside the right field:
 * a start or end skipped by the spring DST change, an end not after the start.
 */
function slotRange(slot: SlotFields, ctx: z.RefinementCtx): { localStart: LocalDateTime; localEnd: LocalDateTime } | null {
  const endDate = slot.endDate ?? slot.date;
  if (endDate < slot.date) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endDate"], message: "La date de fin ne peut pas précéder la date de début." });
    return null;
  }
  const localStart = `${slot.date}T${slot.startTime}`;
  const localEnd = `${endDate}T${slot.endTime}`;
  const range = localRangeToInstants(localStart, localEnd);
  if (range.ok) return { localStart, localEnd };
  const message =
    range.reason === "END_NOT_AFTER_START"
      ? endDate === slot.date
        ? "L'heure de fin doit être après l'heure de début (pour une réservation sur plusieurs jours, indiquez la date de fin)."
        : "La fin doit être postérieure au début."
      : range.message;
  ctx.addIssue({ code: z.ZodIssueCode.custom, path: [range.field === "start" ? "startTime" : "endTime"], message });
  return null;
}

// ---------------------------------------------------------------------------------------------
// New booking
// ---------------------------------------------------------------------------------------------

export const BOOKING_INTENTS = ["apercu", "confirmer"] as const;
export type BookingIntent = (typeof BOOKING_INTENTS)[number];

/** "Ne se répète pas", or one of the domain's recurrence forms (fields `recurrence.*`). */
const repeatSchema = z.discriminatedUnion("frequency", [z.object({ frequency: z.literal("NONE") }), ...recurrenceFormSchema.options], {
  errorMap: () => ({ message: "Indiquez si la réservation se répète : pas de répétition, chaque semaine ou chaque mois." }),
});

export type RepeatFrequency = z.input<typeof repeatSchema>["frequency"];

/**
 * The booking form, both steps: "apercu" (preview, nothing written) and "confirmer" (the same
 * fields plus `skip`, the blocked dates the user saw). Its value is what previewBooking and
 * createBooking take.
 */
export const bookingSchema = z
  .object({
    intent: z.enum(BOOKING_INTENTS, { errorMap: () => ({ message: "Choisissez « Voir les dates » ou « Confirmer »." }) }),
    spaceId: z.string({ required_error: "Choisissez l'espace à réserver." }).trim().min(1, "Choisissez l'espace à réserver.").max(64),
    title: titleField,
    date: dateField("Indiquez la date de début."),
    ...slotEndShape,
    seats: seatsField,
    recurrence: repeatSchema,
    skip: skipField,
  })
  .transform((form, ctx) => {
    const range = slotRange(form, ctx);
    if (!range) return z.NEVER;
    let rrule: string | null = null;
    if (form.recurrence.frequency !== "NONE") {
      const { end } = form.recurrence;
      if (end.kind === "until" && end.until < form.date) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["recurrence", "end", "until"],
          message: "La date de fin de la répétition doit être le jour de la première réservation ou après.",
        });
        return z.NEVER;
      }
      const recurrence = recurrenceFromForm(form.recurrence, range.localStart);
      if (!recurrence.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["recurrence"], message: recurrence.message });
        return z.NEVER;
      }
      rrule = recurrence.rrule;
    }
    return {
      intent: form.intent,
      spaceId: form.spaceId,
      title: form.title,
      request: { ...range, rrule, seats: form.seats },
      skip: form.skip,
    };
  });

export type BookingFormValue = z.output<typeof bookingSchema>;

// ---------------------------------------------------------------------------------------------
// Changing a booking (series page): one schema per intent
// ---------------------------------------------------------------------------------------------

export const SERIES_INTENTS = ["annuler-date", "deplacer", "modifier-suite", "annuler-tout"] as const;
export type SeriesIntent = (typeof SERIES_INTENTS)[number];

/** "Annuler cette date". */
export const cancelOccurrenceSchema = z.object({
  intent: z.literal("annuler-date"),
  recurrenceId: recurrenceIdField,
});

/** "Déplacer": a new date and times for one occurrence. */
export const moveOccurrenceSchema = z
  .object({
    intent: z.literal("deplacer"),
    recurrenceId: recurrenceIdField,
    date: dateField("Indiquez la nouvelle date."),
    ...slotEndShape,
  })
  .transform((form, ctx) => {
    const range = slotRange(form, ctx);
    if (!range) return z.NEVER;
    return { recurrenceId: form.recurrenceId, ...range };
  });

/**
 * "Modifier cette date et les suivantes": new times (the date stays the occurrence's own),
 * title and seats; `skip` holds the dates the user accepted to leave out after seeing them.
 */
export const changeFollowingSchema = z
  .object({
    intent: z.literal("modifier-suite"),
    fromRecurrenceId: recurrenceIdField,
    title: titleField,
    ...slotEndShape,
    seats: seatsField,
    skip: skipField,
  })
  .transform((form, ctx) => {
    const range = slotRange({ ...form, date: localDate(form.fromRecurrenceId) }, ctx);
    if (!range) return z.NEVER;
    return { fromRecurrenceId: form.fromRecurrenceId, title: form.title, seats: form.seats, skip: form.skip, ...range };
  });

/** "Annuler toute la réservation": nothing to fill in, the confirmation step is the page itself. */
export const cancelSeriesSchema = z.object({ intent: z.literal("annuler-tout") });

// ---------------------------------------------------------------------------------------------
// Approval (managers)
// ---------------------------------------------------------------------------------------------

export const DECISIONS = ["APPROVE", "REJECT"] as const;

export const decisionSchema = z
  .object({
    seriesId: z.string({ required_error: "Réservation introuvable." }).trim().min(1, "Réservation introuvable.").max(64),
    decision: z.enum(DECISIONS, { errorMap: () => ({ message: "Choisissez « Accepter » ou « Refuser »." }) }),
    reason: z.string().trim().max(500, "Le motif ne doit pas dépasser 500 caractères.").optional(),
  })
  .superRefine((form, ctx) => {
    if (form.decision === "REJECT" && !form.reason) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["reason"],
        message: "Indiquez le motif du refus : il est transmis à la structure qui a réservé.",
      });
    }
  })
  .transform((form) => ({ ...form, reason: form.reason || null }));

// ---------------------------------------------------------------------------------------------
// Two-step forms without JavaScript
// ---------------------------------------------------------------------------------------------

/**
 * The form field a refusal of the booking model is about ("start" → the start time input…),
 * so its message goes beside that field; undefined for a refusal about the whole form.
 */
export function fieldOfModelError(field: string): string | undefined {
  const fields: Record<string, string> = { start: "startTime", end: "endTime", seats: "seats", space: "spaceId", date: "date" };
  return fields[field];
}

/**
 * The submitted fields as hidden-input pairs (nested names joined with dots, lists repeated),
 * so a confirmation form can post again exactly what was previewed. `omit` drops top-level
 * names (the CSRF token, the intent, the skipped dates, which the confirmation form sets itself).
 */
export function hiddenFieldsOf(payload: Record<string, unknown>, omit: readonly string[]): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  const visit = (name: string, value: unknown) => {
    if (typeof value === "string") fields.push([name, value]);
    else if (Array.isArray(value)) value.forEach((item) => typeof item === "string" && fields.push([name, item]));
    else if (value && typeof value === "object") {
      for (const [key, nested] of Object.entries(value)) visit(`${name}.${key}`, nested);
    }
  };
  for (const [key, value] of Object.entries(payload)) if (!omit.includes(key)) visit(key, value);
  return fields;
}
