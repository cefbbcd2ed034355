// API tokens of an organisation, for its admins: list, create (the clear token is shown once,
// on the response to the creation form, and never stored) and revoke.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { formatParisDateTime } from "~/domain/time";
import { createApiTokenSchema, revokeApiTokenSchema } from "~/forms/api-token";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-token.server";
import { requireOrgRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Jetons d'API — ${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

// The page lists secrets' metadata and, right after a creation, the clear token itself: no cache
// may keep it. (An action's own headers reach a document response only through this export.)
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** A date for display, with its ISO form for <time dateTime>. */
function shownDate(date: Date | null) {
  return date ? { iso: date.toISOString(), label: formatParisDateTime(date) } : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "ADMIN");
  const tokens = await listApiTokens(db, { organizationId: access.organization.id });
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      createdAt: shownDate(token.createdAt),
      lastUsedAt: shownDate(token.lastUsedAt),
      revokedAt: shownDate(token.revokedAt),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "ADMIN");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const organizationId = access.organization.id;
  const intent = formData.get("intent");

  if (intent === "creer") {
    const submission = parseWithZod(formData, { schema: createApiTokenSchema });
    if (submission.status !== "success") return json({ result: submission.reply(), created: null }, { status: 400 });
    const created = await createApiToken(db, { organizationId, name: submission.value.name, actorUserId: access.user.id, now: now() });
    // The only response that ever carries the clear token: no cache may keep it.
    return json(
      { result: submission.reply({ resetForm: true }), created: { name: created.name, token: created.token } },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  if (intent === "revoquer") {
    const submission = parseWithZod(formData, { schema: revokeApiTokenSchema });
    if (submission.status !== "success") throw new Response("Jeton introuvable.", { status: 404 });
    const outcome = await revokeApiToken(db, {
      organizationId,
      tokenId: submission.value.tokenId,
      actorUserId: access.user.id,
      now: now(),
    });
    if (outcome === "NOT_FOUND") throw new Response("Jeton introuvable.", { status: 404 });
    return redirect(`/organisations/${access.organization.slug}/jetons?statut=revoque`);
  }
  throw new Response("Action inconnue.", { status: 400 });
}

export default function ApiTokensPage() {
  const { organization, tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "nouveau-jeton",
    lastResult: actionData?.result,
    constraint: getZodConstraint(createApiTokenSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createApiTokenSchema }),
  });
  const created = actionData?.created ?? null;
  const base = `/organisations/${organization.slug}`;

  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › Jetons d'API
      </nav>
      <h1>Jetons d'API</h1>
      <p className="lead">
        Un jeton permet à un logiciel (agenda, site web, outil interne) de consulter les espaces et de réserver au nom de{" "}
        {organization.name} via l'API JSON. Traitez-le comme un mot de passe : révoquez-le dès qu'il n'est plus utile.
      </p>

      {created ? (
        <section className="card" aria-labelledby="jeton-cree" role="status">
          <h2 id="jeton-cree">Jeton « {created.name} » créé</h2>
          <p>
            <strong>Copiez-le maintenant : il ne sera plus jamais affiché.</strong> Nous n'en conservons qu'une empreinte ; s'il
            est perdu, révoquez-le et créez-en un autre.
          </p>
          <div className="field">
            <label htmlFor="jeton-clair">Jeton (sélectionnez-le puis copiez-le avec Ctrl+C, ou Cmd+C sur Mac)</label>
            <input id="jeton-clair" type="text" readOnly value={created.token} spellCheck={false} autoComplete="off" />
          </div>
          <p>
            Utilisation : en-tête <code>Authorization: Bearer &lt;jeton&gt;</code> sur chaque requête à <code>/api/v1/…</code>.
          </p>
        </section>
      ) : null}
      {searchParams.get("statut") === "revoque" ? (
        <p className="notice" role="status">
          Le jeton est révoqué : il ne permet plus d'accéder à l'API.
        </p>
      ) : null}

      <section aria-labelledby="liste-jetons">
        <h2 id="liste-jetons">Jetons de l'organisation</h2>
        {tokens.length === 0 ? (
          <p>Aucun jeton pour l'instant.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Jetons d'API de {organization.name}</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Créé le</th>
                <th scope="col">Dernière utilisation</th>
                <th scope="col">État</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{token.createdAt ? <time dateTime={token.createdAt.iso}>{token.createdAt.label}</time> : "—"}</td>
                  <td>{token.lastUsedAt ? <time dateTime={token.lastUsedAt.iso}>{token.lastUsedAt.label}</time> : "Jamais"}</td>
                  <td>
                    {token.revokedAt ? (
                      <span className="badge badge-warn">
                        Révoqué le <time dateTime={token.revokedAt.iso}>{token.revokedAt.label}</time>
                      </span>
                    ) : (
                      <span className="badge badge-ok">Actif</span>
                    )}
                  </td>
                  <td>
                    {token.revokedAt ? (
                      "—"
                    ) : (
                      <Form method="post">
                        <AuthenticityTokenInput />
                        <input type="hidden" name="intent" value="revoquer" />
                        <input type="hidden" name="tokenId" value={token.id} />
                        <button type="submit" className="button-danger">
                          Révoquer<span className="visually-hidden"> le jeton « {token.name} »</span>
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="creer-jeton">
        <h2 id="creer-jeton">Créer un jeton</h2>
        <Form method="post" className="form" {...getFormProps(form)}>
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value="creer" />
          <FormError id={form.errorId} errors={form.errors} />
          <Field
            label="Nom du jeton"
            htmlFor={fields.name.id}
            hint="Pour le reconnaître plus tard, par exemple « Site web » ou « Agenda partagé »."
            hintId={fields.name.descriptionId}
            errorId={fields.name.errorId}
            errors={fields.name.errors}
          >
            <input {...getInputProps(fields.name, { type: "text", ariaDescribedBy: fields.name.descriptionId })} autoComplete="off" />
          </Field>
          <div>
            <button type="submit">Créer le jeton</button>
          </div>
        </Form>
      </section>
    </>
  );
}
