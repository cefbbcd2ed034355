import { z } from "zod";
import { MEMBERSHIP_ROLES } from "~/domain/roles";

// The three forms of the members page (/organisations/:slug/membres), shared by the page
// (client-side validation) and its action, which dispatches on `intent`.

const role = z.enum(MEMBERSHIP_ROLES, {
  errorMap: () => ({ message: "Choisissez un rôle : administrateur·rice, gestionnaire ou membre." }),
});

const membershipId = z
  .string({ required_error: "Membre introuvable." })
  .min(1, "Membre introuvable.")
  .max(100, "Membre introuvable.");

export const addMemberSchema = z.object({
  intent: z.literal("ajouter"),
  email: z
    .string({ required_error: "Saisissez l'adresse e-mail de la personne." })
    .trim()
    .max(254, "Cette adresse e-mail est trop longue.")
    .email("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
  role,
});

export const changeRoleSchema = z.object({
  intent: z.literal("changer-role"),
  membershipId,
  role,
});

export const removeMemberSchema = z.object({
  intent: z.literal("retirer"),
  membershipId,
});
