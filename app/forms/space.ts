// Form schemas of a space, shared by its pages (client-side validation through conform) and
// their actions. They are built from the domain schemas of app/domain/space-rules.ts, which stay
// the single source of the rules and of their French messages; this module only adds what the
// HTML form needs (row inputs, checkboxes, required fields) and maps errors back to the inputs.
import { z } from "zod";
import {
  bookingRulesSchema,
  closureSchema,
  ISO_WEEKDAYS,
  MAX_RANGES_PER_DAY,
  openingHoursSchema,
  timeRangeSchema,
  WEEKDAY_LABELS_FR,
  type BookingRules,
  type IsoWeekday,
  type OpeningHours,
  type TimeRange,
} from "~/domain/space-rules";

/**
 * True when a submitted field name has a list index ("x[3]"). None of the sites/spaces forms has
 * list fields, and conform turns a forged `x[999999999]` into a sparse array whose 400 reply then
 * takes tens of seconds to serialise: the actions refuse such a form before parsing it.
 */
export function hasListFieldName(formData: FormData): boolean {
  for (const name of formData.keys()) if (name.includes("[")) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Identity of a space (name, kind, capacity, seats, accessibility)
// ---------------------------------------------------------------------------------------------

export const SPACE_KINDS = ["ROOM", "DESK_POOL"] as const;
export type SpaceKind = (typeof SPACE_KINDS)[number];
export const SPACE_KIND_LABELS: Record<SpaceKind, string> = {
  ROOM: "Salle",
  DESK_POOL: "Open space (postes de travail)",
};
export const MAX_SPACE_CAPACITY = 1000;

const spaceIdentityShape = {
  name: z
    .string({ required_error: "Indiquez le nom de l'espace." })
    .trim()
    .min(2, "Le nom de l'espace doit compter au moins 2 caractères.")
    .max(120, "Le nom de l'espace ne doit pas dépasser 120 caractères."),
  kind: z.enum(SPACE_KINDS, { errorMap: () => ({ message: "Choisissez le type d'espace : salle ou open space." }) }),
  capacity: z
    .number({ required_error: "Indiquez la capacité.", invalid_type_error: "La capacité doit être un nombre." })
    .int("La capacité doit être un nombre entier.")
    .min(1, "La capacité doit être d'au moins 1 personne.")
    .max(MAX_SPACE_CAPACITY, `La capacité ne doit pas dépasser ${MAX_SPACE_CAPACITY} personnes.`),
  // Only read for an open space; a room always has 1 seat (it is booked as a whole).
  seats: z
    .number({ invalid_type_error: "Le nombre de postes doit être un nombre." })
    .int("Le nombre de postes doit être un nombre entier.")
    .min(1, "Un open space offre au moins 1 poste.")
    .optional(),
  // An unchecked checkbox sends nothing.
  accessible: z.boolean().default(false),
};

type SpaceIdentity = { kind?: SpaceKind; capacity?: number; seats?: number };

/**
 * Decision: an open space's seats cannot exceed its capacity (the number of people it holds);
 * fewer seats than capacity is fine (room to stand, a meeting corner…).
 */
function checkSeats(space: SpaceIdentity, ctx: z.RefinementCtx): void {
  if (space.kind !== "DESK_POOL") return;
  if (space.seats === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["seats"], message: "Indiquez le nombre de postes de l'open space." });
  } else if (space.capacity !== undefined && space.seats > space.capacity) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["seats"],
      message: `Le nombre de postes (${space.seats}) ne peut pas dépasser la capacité (${space.capacity} personnes).`,
    });
  }
}

function seatsOf(space: { kind: SpaceKind; seats?: number }): number {
  return space.kind === "DESK_POOL" ? (space.seats ?? 1) : 1;
}

// ---------------------------------------------------------------------------------------------
// Description and equipment
// ---------------------------------------------------------------------------------------------

export const MAX_EQUIPMENT_ITEMS = 50;
export const MAX_EQUIPMENT_ITEM_LENGTH = 100;

const description = z
  .string()
  .trim()
  .max(2000, "La description ne doit pas dépasser 2 000 caractères.")
  .optional()
  .transform((value) => value ?? "");

/** One item per line; blank lines and surrounding spaces are dropped. */
const equipment = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ""),
  )
  .refine((items) => items.length <= MAX_EQUIPMENT_ITEMS, `Indiquez au plus ${MAX_EQUIPMENT_ITEMS} équipements.`)
  .refine(
    (items) => items.every((item) => item.length <= MAX_EQUIPMENT_ITEM_LENGTH),
    `Chaque équipement (une ligne) ne doit pas dépasser ${MAX_EQUIPMENT_ITEM_LENGTH} caractères.`,
  )
  .transform((items) => items.join("\n"));

// ---------------------------------------------------------------------------------------------
// Opening hours: a fixed grid of rows per weekday, usable without JavaScript
// ---------------------------------------------------------------------------------------------

/** Rows shown per weekday (more when a day already has more ranges, up to MAX_RANGES_PER_DAY). */
export const OPENING_ROWS_PER_DAY = 3;

// Rows are keyed "0".."5" (inputs named `openingHours.2.0.open`), an object rather than an
// array: a forged field name such as `openingHours.2[999999999].open` cannot make the parser
// build a huge array, and keys beyond MAX_RANGES_PER_DAY are simply ignored.
export const OPENING_ROW_KEYS = ["0", "1", "2", "3", "4", "5"] as const;
export type OpeningRowKey = (typeof OPENING_ROW_KEYS)[number];
if (OPENING_ROW_KEYS.length !== MAX_RANGES_PER_DAY) throw new Error("OPENING_ROW_KEYS must match MAX_RANGES_PER_DAY");

const timeInput = z.string().optional();
const openingRowSchema = z.object({ open: timeInput, close: timeInput });
const openingDaySchema = z.object({
  0: openingRowSchema,
  1: openingRowSchema,
  2: openingRowSchema,
  3: openingRowSchema,
  4: openingRowSchema,
  5: openingRowSchema,
});

/**
 * What a time input may send: "08:30" (type="time"), or typed by hand where type="time" is not
 * supported: "8:30", "8h30", "8h", "08:30:00". Anything else is left as is for the domain to reject.
 */
export function normalizeTimeInput(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const m = /^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)(?::00)?$/.exec(text);
  if (!m) return text;
  return `${m[1].padStart(2, "0")}:${m[2] ?? "00"}`;
}

/**
 * `<input type="time">` cannot show "24:00": a closing time of 00:00 means midnight at the END of
 * the day (the domain's "24:00"), since a range cannot close at the start of its own day.
 */
function closingTime(value: string | undefined): string | undefined {
  const time = normalizeTimeInput(value);
  return time === "00:00" ? "24:00" : time;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Form rows → domain opening hours (validated and normalised by openingHoursSchema).
 * Empty rows are ignored; errors of one row go beside its input ("Mardi, plage 2 : …"), errors
 * of a whole day (overlaps, too many ranges) beside the weekday's group ("Mardi : …").
 */
export const openingHoursFormSchema = z
  .object({
    1: openingDaySchema,
    2: openingDaySchema,
    3: openingDaySchema,
    4: openingDaySchema,
    5: openingDaySchema,
    6: openingDaySchema,
    7: openingDaySchema,
  })
  .transform((days, ctx): OpeningHours => {
    let rowErrors = false;
    const ranges = {} as Record<IsoWeekday, TimeRange[]>;
    for (const day of ISO_WEEKDAYS) {
      ranges[day] = [];
      for (const key of OPENING_ROW_KEYS) {
        const row = days[day][key];
        const open = normalizeTimeInput(row.open);
        const close = closingTime(row.close);
        if (open === undefined && close === undefined) continue;
        const range = timeRangeSchema.safeParse({ open, close });
        if (range.success) {
          ranges[day].push(range.data);
          continue;
        }
        rowErrors = true;
        for (const issue of range.error.issues) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [String(day), key, ...issue.path],
            message: `${WEEKDAY_LABELS_FR[day - 1]}, plage ${Number(key) + 1} : ${lowerFirst(issue.message)}`,
          });
        }
      }
    }
    // The well-formed ranges are checked together even when another row is wrong, so that every
    // error shows at once.
    const result = openingHoursSchema.safeParse(ranges);
    if (!result.success) {
      for (const issue of result.error.issues) {
        // The domain's day-level messages already name the weekday ("Mardi : les plages … se chevauchent.").
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [String(issue.path[0])], message: issue.message });
      }
      return z.NEVER;
    }
    return rowErrors ? z.NEVER : result.data;
  });

export type OpeningRowsValue = Record<`${IsoWeekday}`, Partial<Record<OpeningRowKey, { open: string; close: string }>>>;

/** Domain opening hours → form rows (at least OPENING_ROWS_PER_DAY per weekday, extra ones empty). */
export function openingHoursToRows(openingHours: Partial<OpeningHours>): OpeningRowsValue {
  const rows = {} as OpeningRowsValue;
  for (const day of ISO_WEEKDAYS) {
    const ranges = openingHours[day] ?? [];
    const count = Math.min(MAX_RANGES_PER_DAY, Math.max(OPENING_ROWS_PER_DAY, ranges.length));
    const dayRows: OpeningRowsValue[`${IsoWeekday}`] = {};
    for (const key of OPENING_ROW_KEYS.slice(0, count)) {
      const range = ranges[Number(key)];
      dayRows[key] = range
        ? { open: range.open, close: range.close === "24:00" ? "00:00" : range.close }
        : { open: "", close: "" };
    }
    rows[`${day}`] = dayRows;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Booking rules
// ---------------------------------------------------------------------------------------------

const { shape: ruleFields } = bookingRulesSchema.innerType();

/**
 * The domain's booking rules, every number REQUIRED: the form always shows them filled in, so an
 * emptied field is a mistake to point out, not "back to the default". Once each field is valid,
 * the domain schema checks the rules together (multiples of the granularity, min ≤ max…).
 */
export const bookingRulesFormSchema = z
  .object({
    slotMinutes: ruleFields.slotMinutes.removeDefault(),
    minDurationMinutes: ruleFields.minDurationMinutes.removeDefault(),
    maxDurationMinutes: ruleFields.maxDurationMinutes.removeDefault(),
    bufferMinutes: ruleFields.bufferMinutes.removeDefault(),
    minNoticeMinutes: ruleFields.minNoticeMinutes.removeDefault(),
    horizonDays: ruleFields.horizonDays.removeDefault(),
    // An unchecked checkbox sends nothing: the domain default (false) applies.
    requiresApproval: ruleFields.requiresApproval,
    cancellationDeadlineHours: ruleFields.cancellationDeadlineHours.removeDefault(),
  })
  .pipe(bookingRulesSchema);

// ---------------------------------------------------------------------------------------------
// Whole forms
// ---------------------------------------------------------------------------------------------

/**
 * "New space" page: what identifies the space. It is created with the domain's default booking
 * rules and no opening hours (so it cannot be booked until a manager opens it); the space page
 * then sets everything else.
 */
export const newSpaceSchema = z
  .object(spaceIdentityShape)
  .superRefine(checkSeats)
  .transform((space) => ({ ...space, seats: seatsOf(space) }));

export type NewSpaceInput = z.output<typeof newSpaceSchema>;

/** Space page, main form: everything of a space, saved in one statement. */
export const spaceSchema = z
  .object({
    ...spaceIdentityShape,
    description,
    equipment,
    openingHours: openingHoursFormSchema,
    rules: bookingRulesFormSchema,
  })
  .superRefine(checkSeats)
  .transform((space) => ({ ...space, seats: seatsOf(space) }));

export type SpaceFormFields = z.input<typeof spaceSchema>;
export type SpaceInput = z.output<typeof spaceSchema>;

/** Space page: add a closure (dates inclusive, Europe/Paris). */
export const closureFormSchema = closureSchema;

export const MIN_HOLIDAY_YEAR = 2000;
export const MAX_HOLIDAY_YEAR = 2100;

/** Space page: "Ajouter les jours fériés {année}". */
export const publicHolidaysFormSchema = z.object({
  year: z
    .number({ required_error: "Choisissez l'année.", invalid_type_error: "L'année doit être un nombre." })
    .int("L'année doit être un nombre entier.")
    .min(MIN_HOLIDAY_YEAR, `Choisissez une année entre ${MIN_HOLIDAY_YEAR} et ${MAX_HOLIDAY_YEAR}.`)
    .max(MAX_HOLIDAY_YEAR, `Choisissez une année entre ${MIN_HOLIDAY_YEAR} et ${MAX_HOLIDAY_YEAR}.`),
});

/** The space form's initial value, from what is stored (conform serialises numbers and booleans). */
export function spaceFormDefaultValue(space: {
  name: string;
  description: string;
  kind: SpaceKind;
  capacity: number;
  seats: number;
  accessible: boolean;
  equipment: string;
  openingHours: OpeningHours | null;
  rules: BookingRules;
}) {
  return {
    name: space.name,
    description: space.description,
    kind: space.kind,
    capacity: space.capacity,
    seats: space.kind === "DESK_POOL" ? space.seats : undefined,
    accessible: space.accessible,
    equipment: space.equipment,
    openingHours: openingHoursToRows(space.openingHours ?? {}),
    rules: space.rules,
  };
}
