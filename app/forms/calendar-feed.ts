import { z } from "zod";

// The buttons of the Calendrier page: create/regenerate or revoke one feed URL.
// Shared by the page (client-side validation) and its action.
export const FEED_SCOPES = ["ORGANIZATION", "USER", "SPACE", "SITE"] as const;

export const calendarFeedSchema = z
  .object({
    intent: z.enum(["regenerate", "revoke"], { errorMap: () => ({ message: "Action inconnue : créer, régénérer ou révoquer le lien." }) }),
    scope: z.enum(FEED_SCOPES, { errorMap: () => ({ message: "Calendrier inconnu." }) }),
    targetId: z.string().trim().max(64, "Identifiant trop long.").optional(),
  })
  .superRefine((value, context) => {
    if ((value.scope === "SPACE" || value.scope === "SITE") && !value.targetId) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["targetId"], message: "Choisissez l'espace ou le site." });
    }
  });

export type CalendarFeedInput = z.output<typeof calendarFeedSchema>;
