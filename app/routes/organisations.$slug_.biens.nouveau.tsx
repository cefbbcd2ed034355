// An asset manager creates a bien (as a draft). The address is geocoded right away; when the
// BAN is down the bien is saved anyway and geocoded later (npm run premises:retry).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PremisesForm } from "~/components/premises-form";
import { db } from "~/db.server";
import { premisesFormSchema } from "~/forms/premises";
import { createPremises } from "~/models/premises.server";
import { geocodePremises } from "~/services/premises-checks.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Nouveau bien — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  return json({ organization: access.organization });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: premisesFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const created = await createPremises(db, access.organization.id, submission.value);
  if (created.geocodingStatus === "PENDING") await geocodePremises(db, created.id, new Date());
  return redirect(`/organisations/${access.organization.slug}/biens/${created.id}`);
}

export default function NewPremises() {
  const { organization } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section aria-labelledby="nouveau-bien-title">
      <h1 id="nouveau-bien-title">Nouveau bien de {organization.name}</h1>
      <PremisesForm lastResult={lastResult} defaultValue={{ insuranceRequired: "on", socialUtilityReductionPercent: "0" }} submitLabel="Enregistrer le brouillon" />
    </section>
  );
}
