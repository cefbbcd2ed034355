import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { siteSchema, type SiteFormFields, type SiteInput } from "~/forms/site";
import { hasListFieldName, SPACE_KIND_LABELS } from "~/forms/space";
import { deleteEmptySite, getSite, requireSpacesAccess, updateSite } from "~/models/site.server";
import { requireOrgRole } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.site.name ?? "Site"} — Tiers-lieux partagés` },
];

const siteNotFound = () => new Response("Site introuvable.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireSpacesAccess(access, "manage");
  const site = await getSite(db, { organizationId: access.organization.id, siteId: params.siteId ?? "" });
  if (!site) throw siteNotFound();
  return json({ organization: { slug: access.organization.slug, name: access.organization.name }, site });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireSpacesAccess(access, "manage");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  if (hasListFieldName(formData)) throw new Response("Formulaire invalide.", { status: 400 });
  const organizationId = access.organization.id;
  const siteId = params.siteId ?? "";
  const sitePath = `/organisations/${access.organization.slug}/sites`;
  const intent = formData.get("intent");

  if (intent === "update-site") {
    const submission = parseWithZod(formData, { schema: siteSchema });
    if (submission.status !== "success") return json({ ...submission.reply(), formName: intent }, { status: 400 });
    if (!(await updateSite(db, { organizationId, siteId, site: submission.value }))) throw siteNotFound();
    return redirect(`${sitePath}/${siteId}?statut=enregistre`);
  }
  if (intent === "delete-site") {
    const result = await deleteEmptySite(db, { organizationId, siteId });
    if (result === "not-found") throw siteNotFound();
    if (result === "has-spaces") {
      return json(
        { formName: intent, status: "error" as const, error: { "": ["Ce site contient des espaces : il ne peut pas être supprimé."] } },
        { status: 409 },
      );
    }
    return redirect(sitePath);
  }
  throw new Response("Action inconnue.", { status: 400 });
}

export default function SitePage() {
  const { organization, site } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<SiteFormFields, SiteInput>({
    id: "site",
    lastResult: actionData?.formName === "update-site" ? actionData : undefined,
    constraint: getZodConstraint(siteSchema),
    defaultValue: site,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: siteSchema }),
  });
  const base = `/organisations/${organization.slug}`;
  const [searchParams] = useSearchParams();
  const saved = actionData ? null : searchParams.get("statut");
  const text = (name: "name" | "address" | "postalCode" | "city", label: string, autoComplete?: string) => (
    <Field label={label} htmlFor={fields[name].id} errorId={fields[name].errorId} errors={fields[name].errors}>
      <input {...getInputProps(fields[name], { type: "text" })} autoComplete={autoComplete} />
    </Field>
  );
  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › <Link to={`${base}/sites`}>Sites et espaces</Link> › {site.name}
      </nav>
      <h1>{site.name}</h1>
      {saved === "enregistre" ? (
        <p className="notice" role="status">
          Le site est enregistré.
        </p>
      ) : null}

      <section aria-labelledby="site-spaces-title">
        <h2 id="site-spaces-title">Espaces</h2>
        {site.spaces.length === 0 ? (
          <p>Aucun espace dans ce site pour l'instant.</p>
        ) : (
          <ul>
            {site.spaces.map((space) => (
              <li key={space.id}>
                <Link to={`${base}/espaces/${space.id}`}>{space.name}</Link> — {SPACE_KIND_LABELS[space.kind]}
                {space.kind === "DESK_POOL" ? ` (${space.seats} postes)` : ""}, {space.capacity} personnes
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link className="button" to={`${base}/sites/${site.id}/espaces/nouveau`}>
            Ajouter un espace
          </Link>
        </p>
      </section>

      <section aria-labelledby="site-edit-title">
        <h2 id="site-edit-title">Modifier le site</h2>
        <Form method="post" className="form form-wide" {...getFormProps(form)}>
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value="update-site" />
          <FormError id={form.errorId} errors={form.errors} />
          {text("name", "Nom du site")}
          {text("address", "Adresse", "street-address")}
          {text("postalCode", "Code postal (5 chiffres)", "postal-code")}
          {text("city", "Commune", "address-level2")}
          <Field label="Présentation (facultatif)" htmlFor={fields.description.id} errorId={fields.description.errorId} errors={fields.description.errors}>
            <textarea {...getTextareaProps(fields.description)} rows={4} />
          </Field>
          <div>
            <button type="submit">Enregistrer le site</button>
          </div>
        </Form>
      </section>

      {site.spaces.length === 0 ? (
        <section aria-labelledby="site-delete-title">
          <h2 id="site-delete-title">Supprimer le site</h2>
          <p>Un site sans espace peut être supprimé. Cette action est définitive.</p>
          <Form method="post">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="delete-site" />
            <FormError errors={actionData?.formName === "delete-site" ? actionData.error?.[""] : null} />
            <button type="submit" className="button-danger">
              Supprimer le site {site.name}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
