// Edit an open need of the structure; the edited need is matched again (new matches notified).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NeedForm } from "~/components/need-form";
import { db } from "~/db.server";
import { communesToText, needFormSchema } from "~/forms/premises";
import { findStructureNeed, notifyNewMatchesForNeed, toNeed, updateNeed } from "~/models/premises-need.server";
import { requireCsrf } from "~/utils/csrf.server";
import { requireStructure } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Modifier un besoin — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStructure(request, params.slug);
  const row = await findStructureNeed(db, access.organization.id, params.needId ?? "");
  if (!row || row.status !== "OPEN") throw new Response("Besoin introuvable ou clos.", { status: 404 });
  const need = toNeed(row);
  return json({
    slug: access.organization.slug,
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
  const formData = await request.formData();
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: needFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const updated = await updateNeed(db, access.organization.id, params.needId ?? "", submission.value);
  if (!updated) throw new Response("Besoin introuvable ou clos.", { status: 404 });
  await notifyNewMatchesForNeed(db, updated.id, new Date());
  return redirect(`/organisations/${access.organization.slug}/besoins`);
}

export default function EditNeed() {
  const { slug, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section aria-labelledby="modifier-besoin-title">
      <p>
        <Link to={`/organisations/${slug}/besoins`}>← Nos besoins</Link>
      </p>
      <h1 id="modifier-besoin-title">Modifier un besoin</h1>
      <NeedForm lastResult={lastResult} defaultValue={defaults} submitLabel="Enregistrer" />
    </section>
  );
}
