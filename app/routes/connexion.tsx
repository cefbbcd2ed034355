import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { throttledMessage } from "~/domain/login-throttle";
import { loginSchema } from "~/forms/login";
import { beginLoginAttempt, finishLoginAttempt } from "~/models/login-attempt.server";
import { verifyLogin } from "~/models/user.server";
import { getCurrentUser } from "~/utils/auth.server";
import { clientIp } from "~/utils/client-ip.server";
import { now } from "~/utils/clock.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { createUserSession, safeRedirect } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Connexion — Tiers-lieux partagés" }];

// A throttled attempt's Retry-After must reach the HTML page too (forms work without JavaScript),
// and an action's headers reach a document response only through this export.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect("/tableau-de-bord");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  // Throttling comes before the password check, and answers the same whether the account
  // exists or not (attempts are counted per e-mail address, known or not).
  const attempt = await beginLoginAttempt(db, { email, ip: clientIp(request, context), now: now() });
  if (attempt.status === "THROTTLED") {
    return json(submission.reply({ formErrors: [throttledMessage(attempt.retryAfterMs)], hideFields: ["password"] }), {
      status: 429,
      headers: { "Retry-After": String(Math.ceil(attempt.retryAfterMs / 1000)) },
    });
  }
  const user = await verifyLogin(db, email, password);
  await finishLoginAttempt(db, { attemptId: attempt.attemptId, succeeded: user !== null });
  if (!user) {
    // One message for both cases, so the form does not reveal which e-mails have an account.
    return json(
      submission.reply({ formErrors: ["Adresse e-mail ou mot de passe incorrect."], hideFields: ["password"] }),
      { status: 401 },
    );
  }
  return createUserSession(request, user.id, safeRedirect(redirectTo));
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "connexion",
    lastResult,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });

  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">Se connecter</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <FormError id={form.errorId} errors={form.errors} />
        <Field label="Adresse e-mail" htmlFor={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
        </Field>
        <Field label="Mot de passe" htmlFor={fields.password.id} errorId={fields.password.errorId} errors={fields.password.errors}>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
        </Field>
        <div>
          <button type="submit">Se connecter</button>
        </div>
      </Form>
    </section>
  );
}
