// The demand register for an ESS structure (any member): publish a need, see the published biens
// that fit each open need, close a need. Publishing notifies the structure of the matches in-app.
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { NeedForm } from "~/components/need-form";
import { db } from "~/db.server";
import { formatEurosCompact, formatSurface, joinFr, PREMISES_KIND_LABELS } from "~/domain/premises";
import { formatDayMonthYear } from "~/domain/time";
import { needFormSchema } from "~/forms/premises";
import { closeNeed, createNeed, listStructureNeeds, notifyNewMatchesForNeed, premisesMatchingNeed, toNeed } from "~/models/premises-need.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireStructure } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Nos besoins de locaux — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStructure(request, params.slug);
  const rows = await listStructureNeeds(db, access.organization.id);
  const needs = await Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      status: row.status,
      need: toNeed(row),
      matches: row.status === "OPEN" ? ((await premisesMatchingNeed(db, access.organization.id, row.id)) ?? []) : [],
    })),
  );
  return json({ organization: access.organization, needs });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireStructure(request, params.slug);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const now = new Date();
  if (formData.get("intent") === "close") {
    const closed = await closeNeed(db, access.organization.id, String(formData.get("needId") ?? ""), now);
    if (!closed) throw new Response("Besoin introuvable ou déjà clos.", { status: 404 });
    return redirect(`/organisations/${access.organization.slug}/besoins`);
  }
  const submission = parseWithZod(formData, { schema: needFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { id } = await createNeed(db, access.organization.id, submission.value);
  await notifyNewMatchesForNeed(db, id, now);
  return redirect(`/organisations/${access.organization.slug}/besoins`);
}

export default function StructureNeeds() {
  const { organization, needs } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section aria-labelledby="besoins-title">
      <h1 id="besoins-title">Besoins de locaux de {organization.name}</h1>
      {needs.length === 0 ? <p>Aucun besoin publié.</p> : null}
      {needs.map(({ id, status, need, matches }) => (
        <article key={id} aria-labelledby={`besoin-${id}`}>
          <h2 id={`besoin-${id}`}>
            {joinFr(need.kinds.map((kind) => PREMISES_KIND_LABELS[kind]))} — {joinFr(need.communes.map((c) => c.name))}
            {status === "CLOSED" ? " (clos)" : ""}
          </h2>
          <p>
            De {formatSurface(need.surfaceMinM2)} à {formatSurface(need.surfaceMaxM2)}, budget {formatEurosCompact(need.budgetMaxCents)} par mois, à partir du{" "}
            {formatDayMonthYear(need.availableFrom)}, {need.peopleCount} personne(s).
          </p>
          {status === "OPEN" ? (
            <>
              <h3>Biens correspondants</h3>
              {matches.length === 0 ? (
                <p>Aucun bien publié ne correspond pour l'instant : vous serez notifiés dès qu'un bien correspondra.</p>
              ) : (
                <ul>
                  {matches.map((match) => (
                    <li key={match.bien.id}>
                      <Link to={`/biens/${match.bien.id}`}>{match.bien.title}</Link> ({match.bien.commune}, {formatSurface(match.bien.surfaceM2)})
                    </li>
                  ))}
                </ul>
              )}
              <p>
                <Link to={`/organisations/${organization.slug}/besoins/${id}`}>Biens et espaces réservables correspondants</Link>
                {" · "}
                <Link to={`/organisations/${organization.slug}/besoins/${id}#modifier-besoin-title`}>Modifier ce besoin</Link>
              </p>
              <Form method="post">
                <AuthenticityTokenInput />
                <input type="hidden" name="intent" value="close" />
                <input type="hidden" name="needId" value={id} />
                <button type="submit">Clore ce besoin</button>
              </Form>
            </>
          ) : null}
        </article>
      ))}
      <section aria-labelledby="nouveau-besoin-title">
        <h2 id="nouveau-besoin-title">Publier un besoin</h2>
        <NeedForm lastResult={lastResult} submitLabel="Publier le besoin" />
      </section>
    </section>
  );
}
