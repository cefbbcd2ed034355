import { z } from "zod";

// Shared by the login page (client-side validation) and its action.
export const loginSchema = z.object({
  email: z
    .string({ required_error: "Saisissez votre adresse e-mail." })
    .trim()
    .max(254, "Cette adresse e-mail est trop longue.")
    .email("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
  password: z
    .string({ required_error: "Saisissez votre mot de passe." })
    .max(200, "Ce mot de passe est trop long."),
  redirectTo: z.string().optional(),
});
