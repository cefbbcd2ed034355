// CSRF protection for every mutation: a signed double-submit token (remix-utils), sent as a
// hidden `csrf` field by <AuthenticityTokenInput/> and checked by requireCsrf() in each action.
import { createCookie } from "@remix-run/node";
import { CSRF, CSRFError } from "remix-utils/csrf/server";
import "~/forms/zod-french";
import { secureCookies, sessionSecret } from "./env.server";
import { formShapeProblem } from "./form-guard.server";

const cookie = createCookie("csrf", {
  path: "/",
  httpOnly: true,
  secure: secureCookies,
  sameSite: "lax",
  secrets: [sessionSecret],
});

export const csrf = new CSRF({ cookie, secret: sessionSecret });

/**
 * Throws a 403 unless the form carries the token of this browser's CSRF cookie, and a 400
 * when the form's shape is beyond our limits (app/utils/form-guard.server.ts).
 */
export async function requireCsrf(request: Request, formData: FormData): Promise<void> {
  const problem = formShapeProblem(formData);
  if (problem) throw new Response(problem, { status: 400 });
  try {
    await csrf.validate(formData, request.headers);
  } catch (error) {
    if (error instanceof CSRFError) {
      throw new Response("Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.", {
        status: 403,
      });
    }
    throw error;
  }
}
