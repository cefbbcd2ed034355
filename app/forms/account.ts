import { z } from "zod";

// Shared by the account page and its action: deleting needs the password, typed again.
export const deleteAccountSchema = z.object({
  password: z.string({ required_error: "Saisissez votre mot de passe pour confirmer." }).max(200, "Ce mot de passe est trop long."),
});
