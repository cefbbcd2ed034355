// "Mon compte" (RGPD): download everything we hold about me, or delete my account.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { deleteAccountSchema } from "~/forms/account";
import { deleteAccount } from "~/models/account.server";
import { verifyLogin } from "~/models/user.server";
import { requireUser } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { destroyUserSession } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Mon compte — Tiers-lieux partagés" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ user });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: deleteAccountSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  if (!(await verifyLogin(db, user.email, submission.value.password))) {
    return json(submission.reply({ fieldErrors: { password: ["Mot de passe incorrect."] }, hideFields: ["password"] }), { status: 400 });
  }
  const result = await deleteAccount(db, { userId: user.id, now: new Date() });
  if (!result.ok) {
    const message =
      `Vous êtes le seul administrateur ou la seule administratrice de : ${result.lastAdminOf.join(", ")}. ` +
      "Confiez ce rôle à un autre membre avant de supprimer votre compte.";
    return json(submission.reply({ formErrors: [message], hideFields: ["password"] }), { status: 409 });
  }
  return destroyUserSession(request, "/");
}

export default function AccountPage() {
  const { user } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "supprimer-compte",
    lastResult,
    constraint: getZodConstraint(deleteAccountSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deleteAccountSchema }),
  });
  return (
    <>
      <h1>Mon compte</h1>
      <dl className="facts">
        <dt>Nom</dt>
        <dd>{user.name}</dd>
        <dt>E-mail</dt>
        <dd>{user.email}</dd>
      </dl>
      <section aria-labelledby="export-title">
        <h2 id="export-title">Mes données</h2>
        <p>Téléchargez, au format JSON, tout ce que nous conservons à votre sujet : compte, rattachements, réservations faites, notifications, connexions.</p>
        <p>
          <a className="button button-secondary" href="/compte/donnees.json" download>
            Télécharger mes données
          </a>
        </p>
      </section>
      <section aria-labelledby="delete-title">
        <h2 id="delete-title">Supprimer mon compte</h2>
        <p>
          Votre compte, vos rattachements et vos notifications seront supprimés. Les réservations que vous avez faites restent à
          votre organisation, sans votre nom.
        </p>
        <Form method="post" className="form" {...getFormProps(form)}>
          <AuthenticityTokenInput />
          <FormError id={form.errorId} errors={form.errors} />
          <Field label="Mot de passe (pour confirmer)" htmlFor={fields.password.id} errorId={fields.password.errorId} errors={fields.password.errors}>
            <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
          </Field>
          <div>
            <button type="submit" className="button-danger">
              Supprimer définitivement mon compte
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
