// Forms of the sociétaires page, shared by the browser (conform) and the action.
import { z } from "zod";
import { collegesSchema } from "~/domain/cooperative";
import { parseEurosToCents } from "~/domain/pricing";
import { isLocalDate } from "~/domain/time";

const localDateField = (message: string) => z.string({ required_error: message }).refine((value) => isLocalDate(value), message);

export const collegesFormSchema = z.object({
  intent: z.literal("colleges"),
  // Blank rows (the empty row offered for a new collège) are ignored.
  colleges: z.preprocess(
    (rows) =>
      Array.isArray(rows)
        ? rows.filter((row: unknown) => row && typeof row === "object" && Object.values(row as Record<string, unknown>).some((v) => typeof v === "string" && v.trim() !== ""))
        : [],
    collegesSchema,
  ),
});

export const associateFormSchema = z.object({
  intent: z.literal("associate"),
  kind: z.enum(["PERSON", "ORGANISATION"], { errorMap: () => ({ message: "Choisissez personne physique ou personne morale." }) }),
  name: z.string({ required_error: "Indiquez le nom de l'associé." }).trim().min(1, "Indiquez le nom de l'associé.").max(120, "Le nom ne doit pas dépasser 120 caractères."),
  collegeId: z.string({ required_error: "Choisissez un collège." }).min(1, "Choisissez un collège."),
  organizationId: z.string().optional(),
});

export const movementFormSchema = z
  .object({
    intent: z.literal("movement"),
    kind: z.enum(["SUBSCRIPTION", "TRANSFER", "REFUND"], { errorMap: () => ({ message: "Choisissez le type de mouvement." }) }),
    associateId: z.string({ required_error: "Choisissez l'associé." }).min(1, "Choisissez l'associé."),
    toAssociateId: z.string().optional(),
    date: localDateField("Indiquez la date au format AAAA-MM-JJ."),
    shares: z.coerce.number({ invalid_type_error: "Indiquez un nombre de parts." }).int("Indiquez un nombre entier de parts.").min(1, "Indiquez au moins une part."),
    nominalValue: z.string().optional(),
    paidOn: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "SUBSCRIPTION") {
      const cents = value.nominalValue ? parseEurosToCents(value.nominalValue) : null;
      if (cents === null || cents <= 0) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["nominalValue"], message: "Indiquez la valeur nominale d'une part, en euros." });
      if (value.paidOn && !isLocalDate(value.paidOn)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["paidOn"], message: "La date de libération doit être au format AAAA-MM-JJ." });
    }
    if (value.kind === "TRANSFER" && !value.toAssociateId) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["toAssociateId"], message: "Choisissez l'associé qui reçoit les parts." });
    }
  });
