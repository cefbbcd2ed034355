// An asset manager edits a bien; a changed address is geocoded again. A published bien that now
// fits more open needs notifies their structures (each need once per bien).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PremisesForm, premisesFormDefaults } from "~/components/premises-form";
import { db } from "~/db.server";
import { premisesFormSchema } from "~/forms/premises";
import { findOrganizationPremises, updatePremises } from "~/models/premises.server";
import { notifyNewMatchesForPremises } from "~/models/premises-need.server";
import { geocodePremises } from "~/services/premises-checks.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Modifier le bien — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const bien = await findOrganizationPremises(db, access.organization.id, params.id ?? "");
  if (!bien) throw new Response("Bien introuvable.", { status: 404 });
  return json({ bien: { id: bien.id, title: bien.title }, defaults: premisesFormDefaults(bien) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: premisesFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const updated = await updatePremises(db, access.organization.id, params.id ?? "", submission.value);
  if (!updated) throw new Response("Bien introuvable.", { status: 404 });
  const now = new Date();
  if (updated.geocodingStatus === "PENDING") await geocodePremises(db, updated.id, now);
  await notifyNewMatchesForPremises(db, updated.id, now);
  return redirect(`/organisations/${access.organization.slug}/biens/${updated.id}`);
}

export default function EditPremises() {
  const { bien, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section aria-labelledby="modifier-bien-title">
      <h1 id="modifier-bien-title">Modifier « {bien.title} »</h1>
      <PremisesForm lastResult={lastResult} defaultValue={defaults} submitLabel="Enregistrer" />
    </section>
  );
}
