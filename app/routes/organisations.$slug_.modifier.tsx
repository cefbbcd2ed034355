import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError, TextField } from "~/components/forms";
import { db } from "~/db.server";
import { ELECTRONIC_ADDRESS_HINT, ELECTRONIC_ADDRESS_LABEL } from "~/forms/electronic-address";
import { organizationProfileSchema } from "~/forms/organization";
import { getOrganizationProfile, updateOrganizationProfile } from "~/models/organization.server";
import { isUniqueViolation } from "~/utils/db-errors.server";
import { requireOrgRole } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction = () => [{ title: "Modifier l'organisation — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "ADMIN");
  return json({ organization: await getOrganizationProfile(db, { organizationId: access.organization.id }) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "ADMIN");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: organizationProfileSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await updateOrganizationProfile(db, { organizationId: access.organization.id, profile: submission.value });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return json(submission.reply({ fieldErrors: { siret: ["Ce SIRET est déjà celui d'une autre organisation."] } }), { status: 409 });
    }
    throw error;
  }
  return redirect(`/organisations/${access.organization.slug}`);
}

export default function EditOrganization() {
  const { organization } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "organisation",
    lastResult,
    constraint: getZodConstraint(organizationProfileSchema),
    defaultValue: organization,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationProfileSchema }),
  });
  const text = (
    name: "name" | "legalForm" | "siret" | "electronicInvoicingAddress" | "address" | "postalCode" | "city",
    label: string,
    options: { autoComplete?: string; hint?: string } = {},
  ) => <TextField label={label} meta={fields[name]} {...options} />;
  return (
    <section aria-labelledby="edit-title">
      <h1 id="edit-title">Modifier {organization.name}</h1>
      <Form method="post" className="form form-wide" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <FormError id={form.errorId} errors={form.errors} />
        {text("name", "Nom", { autoComplete: "organization" })}
        {text("legalForm", "Forme juridique")}
        {text("siret", "SIRET (14 chiffres)")}
        {text("electronicInvoicingAddress", ELECTRONIC_ADDRESS_LABEL, { hint: ELECTRONIC_ADDRESS_HINT })}
        {text("address", "Adresse", { autoComplete: "street-address" })}
        {text("postalCode", "Code postal", { autoComplete: "postal-code" })}
        {text("city", "Commune", { autoComplete: "address-level2" })}
        <Field label="E-mail de contact" htmlFor={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
        </Field>
        <Field label="Présentation" htmlFor={fields.description.id} errorId={fields.description.errorId} errors={fields.description.errors}>
          <textarea {...getTextareaProps(fields.description)} rows={5} />
        </Field>
        <div>
          <button type="submit">Enregistrer</button>
        </div>
      </Form>
    </section>
  );
}
