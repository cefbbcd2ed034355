// The SCIC's pricing tiers, rate cards per space and tier, and each organisation's tier
// (automatic, or chosen by a manager with a reason, journaled). Managers of the SCIC only.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError, SelectField } from "~/components/forms";
import { OrganizationSearch, organizationSearchOf } from "~/components/organization-search";
import { db } from "~/db.server";
import { formatEuros } from "~/domain/pricing";
import { formatDurationFr } from "~/domain/space-rules";
import { instantToParis, localDate } from "~/domain/time";
import { overrideFormSchema, rateCardFormSchema, tierFormSchema } from "~/forms/pricing";
import { searchOrganizations } from "~/models/organization.server";
import { assignTier, createTier, listRateCards, listTiers, saveRateCard, setTierOverride } from "~/models/pricing-settings.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireScicManager } from "~/utils/scic-access.server";

export const meta: MetaFunction = () => [{ title: "Tarifs — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const scicId = access.organization.id;
  const organizationQuery = organizationSearchOf(request);
  const [tiers, cards, spaces, organizations] = await Promise.all([
    listTiers(db, { scicId }),
    listRateCards(db, { scicId }),
    db.space.findMany({ where: { organizationId: scicId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    searchOrganizations(db, { query: organizationQuery, excludeId: scicId }),
  ]);
  const today = localDate(instantToParis(new Date()));
  const assignments = tiers.some((t) => t.role === "PUBLIC")
    ? await Promise.all(
        organizations.found.map(async (o) => {
          const a = await assignTier(db, { scicId, organizationId: o.id, date: today, tiers });
          return { organizationId: o.id, organizationName: o.name, tierName: a.tier.name, explanation: a.explanation };
        }),
      )
    : [];
  return json({ organization: access.organization, tiers, cards, spaces, organizationQuery, organizations, assignments });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const scicId = access.organization.id;
  const back = redirect(`/organisations/${access.organization.slug}/tarifs`);
  const intent = formData.get("intent");
  if (intent === "tier") {
    const submission = parseWithZod(formData, { schema: tierFormSchema });
    if (submission.status !== "success") return json(submission.reply(), { status: 400 });
    const { name, role, includedHours } = submission.value;
    const result = await createTier(db, { scicId, tier: { name, role: role === "NONE" ? null : role, includedMinutesPerMonth: includedHours * 60 } });
    if (!result.ok) return json(submission.reply({ formErrors: result.errors }), { status: 422 });
    return back;
  }
  if (intent === "rate-card") {
    const submission = parseWithZod(formData, { schema: rateCardFormSchema });
    if (submission.status !== "success") return json(submission.reply(), { status: 400 });
    const result = await saveRateCard(db, { scicId, ...submission.value });
    if (!result.ok) return json(submission.reply({ formErrors: result.errors }), { status: 422 });
    return back;
  }
  const submission = parseWithZod(formData, { schema: overrideFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const organization = await db.organization.findFirst({ where: { id: submission.value.organizationId, NOT: { id: scicId } }, select: { id: true } });
  if (!organization) return json(submission.reply({ fieldErrors: { organizationId: ["Organisation inconnue."] } }), { status: 422 });
  const result = await setTierOverride(db, {
    scicId,
    organizationId: organization.id,
    tierId: submission.value.tierId === "AUTO" ? null : submission.value.tierId,
    reason: submission.value.reason,
    actorUserId: access.user.id,
    now: new Date(),
  });
  if (!result.ok) return json(submission.reply({ formErrors: result.errors }), { status: 422 });
  return back;
}

const ROLE_LABELS = { SOCIETAIRE: "Sociétaires (parts libérées)", ESS: "Structures ESS vérifiées", PUBLIC: "Tarif par défaut" } as const;

export default function Tariffs() {
  const { organization, tiers, cards, spaces, organizationQuery, organizations, assignments } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const resultFor = (intent: string) => (lastResult?.initialValue?.intent === intent ? lastResult : undefined);
  const [tierForm, tierFields] = useForm({ id: "tier", lastResult: resultFor("tier"), onValidate: ({ formData }) => parseWithZod(formData, { schema: tierFormSchema }) });
  const [cardForm, cardFields] = useForm({ id: "rate-card", lastResult: resultFor("rate-card"), onValidate: ({ formData }) => parseWithZod(formData, { schema: rateCardFormSchema }) });
  const card = cardFields.card.getFieldset();
  const [overrideForm, overrideFields] = useForm({ id: "override", lastResult: resultFor("override"), onValidate: ({ formData }) => parseWithZod(formData, { schema: overrideFormSchema }) });
  const price = (cents: number | null) => (cents === null ? "—" : formatEuros(cents));
  return (
    <section aria-labelledby="tariffs-title">
      <h1 id="tariffs-title">Tarifs — {organization.name}</h1>
      <table>
        <caption>Tarifs de la coopérative</caption>
        <thead>
          <tr>
            <th scope="col">Tarif</th>
            <th scope="col">Attribué automatiquement à</th>
            <th scope="col">Heures incluses par mois</th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((t) => (
            <tr key={t.id}>
              <th scope="row">{t.name}</th>
              <td>{t.role ? ROLE_LABELS[t.role] : "Sur décision d'un gestionnaire"}</td>
              <td>{t.includedMinutesPerMonth > 0 ? formatDurationFr(t.includedMinutesPerMonth) : "Aucune"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Ajouter un tarif</h2>
      <Form method="post" className="form" {...getFormProps(tierForm)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="tier" />
        <FormError id={tierForm.errorId} errors={tierForm.errors} />
        <Field label="Nom" htmlFor={tierFields.name.id} errorId={tierFields.name.errorId} errors={tierFields.name.errors}>
          <input {...getInputProps(tierFields.name, { type: "text" })} />
        </Field>
        <Field label="Attribution automatique" htmlFor={tierFields.role.id} errorId={tierFields.role.errorId} errors={tierFields.role.errors}>
          <select {...getSelectProps(tierFields.role)}>
            <option value="NONE">Aucune (sur décision d'un gestionnaire)</option>
            <option value="SOCIETAIRE">{ROLE_LABELS.SOCIETAIRE}</option>
            <option value="ESS">{ROLE_LABELS.ESS}</option>
            <option value="PUBLIC">{ROLE_LABELS.PUBLIC}</option>
          </select>
        </Field>
        <Field label="Heures incluses par mois" htmlFor={tierFields.includedHours.id} errorId={tierFields.includedHours.errorId} errors={tierFields.includedHours.errors}>
          <input {...getInputProps(tierFields.includedHours, { type: "number" })} min={0} />
        </Field>
        <div>
          <button type="submit">Ajouter le tarif</button>
        </div>
      </Form>

      <h2>Grilles par espace</h2>
      <table>
        <caption>Prix HT par espace et par tarif</caption>
        <thead>
          <tr>
            <th scope="col">Espace</th>
            <th scope="col">Tarif</th>
            <th scope="col">Heure</th>
            <th scope="col">Demi-journée (4 h)</th>
            <th scope="col">Journée</th>
            <th scope="col">Mois (par poste)</th>
          </tr>
        </thead>
        <tbody>
          {cards.map((c) => (
            <tr key={`${c.spaceId}-${c.tierId}`}>
              <th scope="row">{spaces.find((s) => s.id === c.spaceId)?.name}</th>
              <td>{tiers.find((t) => t.id === c.tierId)?.name}</td>
              <td>{price(c.hourCents)}</td>
              <td>{price(c.halfDayCents)}</td>
              <td>{price(c.dayCents)}</td>
              <td>{price(c.monthCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post" className="form" {...getFormProps(cardForm)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="rate-card" />
        <FormError id={cardForm.errorId} errors={cardForm.errors} />
        <SelectField label="Espace" meta={cardFields.spaceId} emptyChoice={{ value: "", label: "Choisir…" }} records={spaces} />
        <SelectField label="Tarif" meta={cardFields.tierId} emptyChoice={{ value: "", label: "Choisir…" }} records={tiers} />
        <fieldset>
          <legend>Prix HT en euros (vide : non proposé)</legend>
          {(
            [
              ["hourCents", "À l'heure"],
              ["halfDayCents", "À la demi-journée"],
              ["dayCents", "À la journée"],
              ["monthCents", "Au mois, par poste"],
            ] as const
          ).map(([name, label]) => (
            <Field key={name} label={label} htmlFor={card[name].id} errorId={card[name].errorId} errors={card[name].errors}>
              <input {...getInputProps(card[name], { type: "text" })} inputMode="decimal" />
            </Field>
          ))}
        </fieldset>
        <div>
          <button type="submit">Enregistrer la grille</button>
        </div>
      </Form>

      <h2>Tarif de chaque organisation</h2>
      <OrganizationSearch id="tariff-organization-search" label="Chercher une organisation" query={organizationQuery} shown={organizations.found.length} total={organizations.total} />
      <table>
        <caption>Tarif appliqué aujourd'hui</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Tarif</th>
            <th scope="col">Pourquoi</th>
          </tr>
        </thead>
        <tbody>
          {assignments.map((a) => (
            <tr key={a.organizationId}>
              <th scope="row">{a.organizationName}</th>
              <td>{a.tierName}</td>
              <td>{a.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post" className="form" {...getFormProps(overrideForm)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="override" />
        <FormError id={overrideForm.errorId} errors={overrideForm.errors} />
        <SelectField label="Organisation" meta={overrideFields.organizationId} emptyChoice={{ value: "", label: "Choisir…" }} records={organizations.found} />
        <SelectField label="Tarif" meta={overrideFields.tierId} emptyChoice={{ value: "AUTO", label: "Automatique" }} records={tiers} />
        <Field label="Motif" htmlFor={overrideFields.reason.id} errorId={overrideFields.reason.errorId} errors={overrideFields.reason.errors}>
          <input {...getInputProps(overrideFields.reason, { type: "text" })} />
        </Field>
        <div>
          <button type="submit">Changer le tarif</button>
        </div>
      </Form>
    </section>
  );
}
