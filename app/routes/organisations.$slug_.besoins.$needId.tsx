// One open need of the structure: the published biens and the bookable spaces that fit it, each
// with the reasons and a link to apply or to book; and the form to edit it (the edited need is
// matched again, new matches notified).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NeedForm } from "~/components/need-form";
import { db } from "~/db.server";
import { communesToText, needFormSchema } from "~/forms/premises";
import { formatSurface } from "~/domain/premises";
import { BOOKABLE_SPACE_KIND_LABELS } from "~/domain/matching";
import {
  findStructureNeed,
  notifyNewMatchesForNeed,
  premisesMatchingNeed,
  spacesMatchingNeed,
  toNeed,
  updateNeed,
} from "~/models/premises-need.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireStructure } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Un besoin et ce qui y correspond — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStructure(request, params.slug);
  const row = await findStructureNeed(db, access.organization.id, params.needId ?? "");
  if (!row || row.status !== "OPEN") throw new Response("Besoin introuvable ou clos.", { status: 404 });
  const need = toNeed(row);
  const [biens, spaces] = await Promise.all([
    premisesMatchingNeed(db, access.organization.id, row.id),
    spacesMatchingNeed(db, access.organization.id, row.id),
  ]);
  return json({
    slug: access.organization.slug,
    matches: {
      biens: biens ?? [],
      spaces: (spaces ?? []).map(({ space, reasons }) => ({
        id: space.id,
        name: space.name,
        kind: space.kind,
        capacity: space.capacity,
        seats: space.seats,
        site: space.site,
        reasons,
      })),
    },
    defaults: {
      kinds: need.kinds,
      surfaceMinM2: String(need.surfaceMinM2),
      surfaceMaxM2: String(need.surfaceMaxM2),
      communesText: communesToText(need.communes),
      budgetMaxEuros: String(need.budgetMaxCents / 100),
      availableFrom: need.availableFrom,
      peopleCount: String(need.peopleCount),
      sharedUseAcceptable: need.sharedUseAcceptable ? "on" : undefined,
      accessibilityRequired: need.accessibilityRequired ? "on" : undefined,
      description: need.description,
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireStructure(request, params.slug);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: needFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const updated = await updateNeed(db, access.organization.id, params.needId ?? "", submission.value);
  if (!updated) throw new Response("Besoin introuvable ou clos.", { status: 404 });
  await notifyNewMatchesForNeed(db, updated.id, new Date());
  return redirect(`/organisations/${access.organization.slug}/besoins`);
}

export default function EditNeed() {
  const { slug, defaults, matches } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section aria-labelledby="besoin-title">
      <p>
        <Link to={`/organisations/${slug}/besoins`}>← Nos besoins</Link>
      </p>
      <h1 id="besoin-title">Notre besoin et ce qui y correspond</h1>

      <section aria-labelledby="biens-correspondants-title">
        <h2 id="biens-correspondants-title">Biens vacants correspondants</h2>
        {matches.biens.length === 0 ? (
          <p>Aucun bien dont l'appel à candidatures est ouvert ne correspond pour l'instant : vous serez notifiés dès qu'un bien correspondra.</p>
        ) : (
          <ul>
            {matches.biens.map(({ bien, reasons }) => (
              <li key={bien.id}>
                <Link to={`/biens/${bien.id}`}>{bien.title}</Link> ({bien.commune}, {formatSurface(bien.surfaceM2)}) —{" "}
                <Link to={`/biens/${bien.id}/candidater`}>Candidater pour « {bien.title} »</Link>
                <ul aria-label={`Pourquoi « ${bien.title} » correspond`}>
                  {reasons.map((reason) => (
                    <li key={reason.criterion}>{reason.message}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="espaces-correspondants-title">
        <h2 id="espaces-correspondants-title">Espaces réservables correspondants</h2>
        {matches.spaces.length === 0 ? (
          <p>Aucun espace réservable ne correspond à ce besoin (il faut accepter l'usage partagé et chercher 50 m² au plus).</p>
        ) : (
          <ul>
            {matches.spaces.map((space) => (
              <li key={space.id}>
                {space.name} ({BOOKABLE_SPACE_KIND_LABELS[space.kind]}, {space.site.name}, {space.site.commune}) —{" "}
                <Link to={`/organisations/${slug}/reservations/nouvelle?espace=${space.id}`}>Réserver « {space.name} »</Link>
                <ul aria-label={`Pourquoi « ${space.name} » correspond`}>
                  {space.reasons.map((reason) => (
                    <li key={reason.criterion}>{reason.message}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="modifier-besoin-title">
        <h2 id="modifier-besoin-title">Modifier ce besoin</h2>
        <NeedForm lastResult={lastResult} defaultValue={defaults} submitLabel="Enregistrer" />
      </section>
    </section>
  );
}
