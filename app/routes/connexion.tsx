import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { loginSchema } from "~/forms/login";
import { verifyLogin } from "~/models/user.server";
import { getCurrentUser } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { createUserSession, safeRedirect } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Connexion — Tiers-lieux partagés" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect("/tableau-de-bord");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const user = await verifyLogin(db, email, password);
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
