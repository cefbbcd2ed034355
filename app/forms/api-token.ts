import { z } from "zod";

// The two forms of the API tokens page (/organisations/:slug/jetons), shared by the page
// (client-side validation) and its action, which dispatches on `intent`.
export const createApiTokenSchema = z.object({
  intent: z.literal("creer"),
  name: z
    .string({ required_error: "Donnez un nom au jeton (par exemple l'outil qui l'utilisera)." })
    .trim()
    .min(2, "Le nom du jeton doit compter au moins 2 caractères.")
    .max(80, "Le nom du jeton ne doit pas dépasser 80 caractères."),
});

export const revokeApiTokenSchema = z.object({
  intent: z.literal("revoquer"),
  tokenId: z.string({ required_error: "Jeton introuvable." }).min(1, "Jeton introuvable.").max(100, "Jeton introuvable."),
});
