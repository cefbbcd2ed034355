import { z } from "zod";
import { WEEKDAY_CODES } from "~/domain/recurrence";
import { isLocalDate } from "~/domain/time";

// The availability search (GET /disponibilites), shared by the page and its loader. The keys
// are the French query parameters people see in the address bar and may bookmark.

export const MAX_SEARCH_WEEKS = 52;

export const SEARCH_WEEKDAYS = [
  { code: "MO", label: "Lundi" },
  { code: "TU", label: "Mardi" },
  { code: "WE", label: "Mercredi" },
  { code: "TH", label: "Jeudi" },
  { code: "FR", label: "Vendredi" },
  { code: "SA", label: "Samedi" },
  { code: "SU", label: "Dimanche" },
] as const;

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const time = (label: string) =>
  z
    .string({ required_error: `Indiquez l'heure de ${label}.` })
    .regex(TIME_PATTERN, `Heure de ${label} invalide (format attendu : HH:MM, par exemple 14:00).`);

const wholeNumber = (messages: { type: string; min: string; max: string }, min: number, max: number) =>
  z
    .number({ invalid_type_error: messages.type })
    .int(messages.type)
    .min(min, messages.min)
    .max(max, messages.max);

export const availabilitySearchSchema = z
  .object({
    date: z
      .string({ required_error: "Indiquez la date." })
      .refine(isLocalDate, "Date invalide (format attendu : AAAA-MM-JJ, par exemple 2027-03-23)."),
    debut: time("début"),
    fin: time("fin"),
    repetition: z
      .enum(["aucune", "hebdomadaire"], { errorMap: () => ({ message: "Choisissez « une seule fois » ou « chaque semaine »." }) })
      .default("aucune"),
    semaines: wholeNumber(
      {
        type: "Le nombre de semaines doit être un nombre entier.",
        min: "Indiquez au moins 1 semaine.",
        max: `${MAX_SEARCH_WEEKS} semaines au plus.`,
      },
      1,
      MAX_SEARCH_WEEKS,
    ).optional(),
    jours: z
      .array(z.enum(WEEKDAY_CODES, { errorMap: () => ({ message: "Jour de la semaine invalide." }) }))
      .default([]),
    capacite: wholeNumber(
      {
        type: "La capacité doit être un nombre entier de personnes.",
        min: "La capacité doit être d'au moins 1 personne.",
        max: "La capacité ne peut pas dépasser 10 000 personnes.",
      },
      1,
      10_000,
    ).optional(),
    accessible: z.boolean().default(false),
    postes: wholeNumber(
      {
        type: "Le nombre de postes doit être un nombre entier.",
        min: "Indiquez au moins 1 poste.",
        max: "500 postes au plus.",
      },
      1,
      500,
    ).optional(),
    site: z.string().trim().max(100, "Site inconnu.").optional(),
  })
  .superRefine((search, ctx) => {
    if (TIME_PATTERN.test(search.debut) && TIME_PATTERN.test(search.fin) && search.fin <= search.debut) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["fin"], message: "L'heure de fin doit être postérieure à l'heure de début." });
    }
    if (search.repetition === "hebdomadaire" && search.semaines === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["semaines"], message: "Indiquez pendant combien de semaines." });
    }
  });

export type AvailabilitySearch = z.output<typeof availabilitySearchSchema>;
