// Form schemas of the premises pages, shared by the client (conform) and the actions. Each one
// adapts what a person types (euros, rows left blank) to the domain schemas of
// app/domain/premises.ts, calls.ts and matching.ts, which keep the rules and the messages.
import { z } from "zod";
import { applicationSchema, callSchema } from "~/domain/calls";
import { needSchema } from "~/domain/matching";
import { premisesSchema } from "~/domain/premises";

/**
 * An amount typed in euros. It is only read here; the domain schema checks the cents it becomes
 * (required, not negative, whole cents), so every field's message shows at once, under the
 * domain field's name (rentCents…), which the form displays beside the euro input.
 */
const eurosInput = z.number().optional();

/** 312.5 → 31250; 0.125 → 12.5 (not whole cents: the domain refuses it); undefined stays undefined. */
export function eurosToCents(euros: number | undefined): number | undefined {
  if (euros === undefined) return undefined;
  const cents = euros * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6 ? Math.round(cents) : cents;
}

/**
 * The form always sends its visit rows (visits[0], visits[1]…); a row left blank is no visit.
 * The visits filled in are numbered in order (visits[0] is the first row filled in), and the form
 * shows each visit's message beside the row it came from (app/components/premises-form.tsx).
 */
const visitRows = z.array(z.string().optional()).optional();

export const premisesFormSchema = z
  .object({ rentEuros: eurosInput, chargesEuros: eurosInput, visits: visitRows })
  .passthrough()
  .transform(({ rentEuros, chargesEuros, visits, ...rest }) => ({
    ...rest,
    visits: (visits ?? []).filter((visit): visit is string => visit !== undefined && visit.trim() !== ""),
    rentCents: eurosToCents(rentEuros),
    chargesCents: eurosToCents(chargesEuros),
  }))
  .pipe(premisesSchema);

export const CALL_FORM_ROWS = 5;

const rowText = z.string().trim().optional();
const criterionRow = z.object({ label: rowText, weight: z.number({ invalid_type_error: "La pondération doit être un nombre." }).optional(), description: rowText });
const documentRow = z.object({ label: rowText });

/** The call: up to five criteria rows and five document rows; blank rows are ignored. */
export const callFormSchema = z
  .object({
    deadline: z.string().optional(),
    criteria: z.array(criterionRow).default([]),
    requiredDocuments: z.array(documentRow).default([]),
  })
  .transform((form) => ({
    deadline: form.deadline,
    criteria: form.criteria
      .map((row, index) => ({ id: `critere-${index + 1}`, label: row.label ?? "", weight: row.weight, description: row.description ?? "" }))
      .filter((row) => row.label !== "" || row.weight !== undefined),
    requiredDocuments: form.requiredDocuments
      .map((row, index) => ({ id: `document-${index + 1}`, label: row.label ?? "", description: "" }))
      .filter((row) => row.label !== ""),
  }))
  .pipe(callSchema);

export const LIFECYCLE_INTENTS = ["PUBLISH", "CLOSE_CALL", "START_OCCUPATION", "END_OCCUPATION", "WITHDRAW"] as const;

export const lifecycleFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("PUBLISH") }),
  z.object({ intent: z.literal("CLOSE_CALL"), early: z.boolean().default(false), reason: z.string().trim().max(1000).optional() }),
  z.object({ intent: z.literal("START_OCCUPATION"), conventionSignedOn: z.string().optional() }),
  z.object({ intent: z.literal("END_OCCUPATION"), reason: z.string().trim().max(1000).optional() }),
  z.object({ intent: z.literal("WITHDRAW"), reason: z.string().trim().max(1000).optional() }),
]);

/** Files one application may carry (its required documents and free attachments together). */
export const MAX_APPLICATION_FILES = 10;
/** File inputs of the application form: `piece-<documentId>` per required document, `piece-libre` for the rest. */
export const ATTACHMENT_FIELD_PREFIX = "piece-";
export const FREE_ATTACHMENT_FIELD = "piece-libre";

export const applicationFormSchema = z
  .object({ maxRentEuros: eurosInput })
  .passthrough()
  .transform(({ maxRentEuros, ...rest }) => ({ ...rest, maxRentCents: eurosToCents(maxRentEuros) }))
  .pipe(applicationSchema);

/** One reviewer's scores of one application: scores.<criterionId> = 0–5, blank = not scored. */
export const scoreFormSchema = z.object({
  applicationId: z.string({ required_error: "Candidature manquante." }).min(1),
  // conform does not coerce the values of a record: blank → not scored, text → number.
  scores: z
    .record(
      z.preprocess(
        (value) => (value === undefined || value === "" ? undefined : Number(value)),
        z
          .number({ invalid_type_error: "La note est un nombre entier de 0 à 5." })
          .int("La note est un nombre entier de 0 à 5.")
          .min(0, "La note est un nombre entier de 0 à 5.")
          .max(5, "La note est un nombre entier de 0 à 5.")
          .optional(),
      ),
    )
    .default({}),
});

export const decisionFormSchema = z.object({
  winnerId: z.string({ required_error: "Choisissez la candidature retenue." }).min(1, "Choisissez la candidature retenue."),
  commonMessage: z.string().trim().max(2000, "Le message ne doit pas dépasser 2 000 caractères.").optional(),
});

/** A need: communes typed one per line, "Montreuil" or "Montreuil (93048)"; budget in euros. */
export const needFormSchema = z
  .object({ budgetMaxEuros: eurosInput, communesText: z.string().default("") })
  .passthrough()
  .transform(({ budgetMaxEuros, communesText, ...rest }) => ({
    ...rest,
    budgetMaxCents: eurosToCents(budgetMaxEuros),
    communes: communesText
      .split(/\r?\n|;/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const match = /^(.*?)\s*\(([0-9AB]{5})\)$/i.exec(line);
        return match ? { name: match[1], inseeCode: match[2].toUpperCase() } : { name: line, inseeCode: null };
      }),
  }))
  .pipe(needSchema);

export function communesToText(communes: ReadonlyArray<{ name: string; inseeCode: string | null }>): string {
  return communes.map((commune) => (commune.inseeCode ? `${commune.name} (${commune.inseeCode})` : commune.name)).join("\n");
}
