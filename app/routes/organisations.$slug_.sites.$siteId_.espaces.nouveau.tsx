import { getCollectionProps, getFieldsetProps, getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorList, Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { hasListFieldName, newSpaceSchema, SPACE_KIND_LABELS, SPACE_KINDS } from "~/forms/space";
import { notifyNeedsMatchingNewSpace } from "~/models/premises-need.server";
import { getSite, requireSpacesAccess } from "~/models/site.server";
import { createSpace } from "~/models/space.server";
import { requireOrgRole } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction = () => [{ title: "Nouvel espace — Tiers-lieux partagés" }];

const siteNotFound = () => new Response("Site introuvable.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireSpacesAccess(access, "manage");
  const site = await getSite(db, { organizationId: access.organization.id, siteId: params.siteId ?? "" });
  if (!site) throw siteNotFound();
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    site: { id: site.id, name: site.name },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  requireSpacesAccess(access, "manage");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  if (hasListFieldName(formData)) throw new Response("Formulaire invalide.", { status: 400 });
  const submission = parseWithZod(formData, { schema: newSpaceSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const space = await createSpace(db, {
    organizationId: access.organization.id,
    siteId: params.siteId ?? "",
    space: submission.value,
  });
  if (!space) throw siteNotFound();
  await notifyNeedsMatchingNewSpace(db, space.id);
  return redirect(`/organisations/${access.organization.slug}/espaces/${space.id}?statut=cree`);
}

export default function NewSpace() {
  const { organization, site } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "nouvel-espace",
    lastResult,
    constraint: getZodConstraint(newSpaceSchema),
    defaultValue: { kind: "ROOM" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newSpaceSchema }),
  });
  const base = `/organisations/${organization.slug}`;
  return (
    <section aria-labelledby="new-space-title">
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › <Link to={`${base}/sites`}>Sites et espaces</Link> ›{" "}
        <Link to={`${base}/sites/${site.id}`}>{site.name}</Link> › Nouvel espace
      </nav>
      <h1 id="new-space-title">Nouvel espace — {site.name}</h1>
      <p>Les horaires d'ouverture, les règles de réservation et les fermetures se règlent ensuite, sur la page de l'espace.</p>
      <Form method="post" className="form form-wide" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <FormError id={form.errorId} errors={form.errors} />
        <Field label="Nom de l'espace" htmlFor={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} />
        </Field>
        <fieldset className="field" {...getFieldsetProps(fields.kind)}>
          <legend>Type d'espace</legend>
          {getCollectionProps(fields.kind, { type: "radio", options: [...SPACE_KINDS] }).map(({ key, ...props }) => (
            <div key={key}>
              <input {...props} />{" "}
              <label htmlFor={props.id}>{SPACE_KIND_LABELS[props.value as (typeof SPACE_KINDS)[number]]}</label>
            </div>
          ))}
          <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
        <Field
          label="Capacité (personnes)"
          htmlFor={fields.capacity.id}
          errorId={fields.capacity.errorId}
          errors={fields.capacity.errors}
        >
          <input {...getInputProps(fields.capacity, { type: "number" })} />
        </Field>
        <Field
          label="Nombre de postes (open space)"
          htmlFor={fields.seats.id}
          hint="Pour un open space seulement : postes réservables séparément, au plus la capacité. Ignoré pour une salle."
          hintId={fields.seats.descriptionId}
          errorId={fields.seats.errorId}
          errors={fields.seats.errors}
        >
          <input {...getInputProps(fields.seats, { type: "number", ariaDescribedBy: fields.seats.descriptionId })} />
        </Field>
        <div className="field">
          <div>
            <input {...getInputProps(fields.accessible, { type: "checkbox" })} />{" "}
            <label htmlFor={fields.accessible.id}>Accessible aux personnes à mobilité réduite</label>
          </div>
          <ErrorList id={fields.accessible.errorId} errors={fields.accessible.errors} />
        </div>
        <div>
          <button type="submit">Créer l'espace</button>
        </div>
      </Form>
    </section>
  );
}
