import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { siteSchema } from "~/forms/site";
import { hasListFieldName } from "~/forms/space";
import { createSite, requireSpacesAccess } from "~/models/site.server";
import { requireOrgRole } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction = () => [{ title: "Nouveau site — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireSpacesAccess(access, "create");
  return json({ organization: { slug: access.organization.slug, name: access.organization.name } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireSpacesAccess(access, "create");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  if (hasListFieldName(formData)) throw new Response("Formulaire invalide.", { status: 400 });
  const submission = parseWithZod(formData, { schema: siteSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const site = await createSite(db, { organizationId: access.organization.id, site: submission.value });
  return redirect(`/organisations/${access.organization.slug}/sites/${site.id}`);
}

export default function NewSite() {
  const { organization } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "nouveau-site",
    lastResult,
    constraint: getZodConstraint(siteSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: siteSchema }),
  });
  const base = `/organisations/${organization.slug}`;
  const text = (name: "name" | "address" | "postalCode" | "city", label: string, autoComplete?: string) => (
    <Field label={label} htmlFor={fields[name].id} errorId={fields[name].errorId} errors={fields[name].errors}>
      <input {...getInputProps(fields[name], { type: "text" })} autoComplete={autoComplete} />
    </Field>
  );
  return (
    <section aria-labelledby="new-site-title">
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › <Link to={`${base}/sites`}>Sites et espaces</Link> › Nouveau site
      </nav>
      <h1 id="new-site-title">Nouveau site</h1>
      <Form method="post" className="form form-wide" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <FormError id={form.errorId} errors={form.errors} />
        {text("name", "Nom du site")}
        {text("address", "Adresse", "street-address")}
        {text("postalCode", "Code postal (5 chiffres)", "postal-code")}
        {text("city", "Commune", "address-level2")}
        <Field label="Présentation (facultatif)" htmlFor={fields.description.id} errorId={fields.description.errorId} errors={fields.description.errors}>
          <textarea {...getTextareaProps(fields.description)} rows={4} />
        </Field>
        <div>
          <button type="submit">Créer le site</button>
        </div>
      </Form>
    </section>
  );
}
