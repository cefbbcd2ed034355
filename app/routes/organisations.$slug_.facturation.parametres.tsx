// Billing settings of a SCIC: the seller identity printed on invoices and the billing rules
// (VAT regime, payment terms, penalties, late-cancellation fees, surcharge). Managers only.
// Saved values apply to the next invoices; issued ones keep their snapshot (0009).
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError, TextField } from "~/components/forms";
import { db } from "~/db.server";
import { DEFAULT_LATE_PENALTY_TEXT, RECOVERY_INDEMNITY_MENTION, VAT_FRANCHISE_MENTION } from "~/domain/invoicing";
import { ELECTRONIC_ADDRESS_HINT, ELECTRONIC_ADDRESS_LABEL } from "~/forms/electronic-address";
import { billingSettingsFormDefaults, billingSettingsFromForm, billingSettingsSchema } from "~/forms/billing";
import { getBillingProfile, saveBillingProfile } from "~/models/pricing-settings.server";
import { requireCsrf } from "~/utils/csrf.server";
import { isUniqueViolation } from "~/utils/db-errors.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireScicManager } from "~/utils/scic-access.server";

export const meta: MetaFunction = () => [{ title: "Paramètres de facturation — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const { identity, settings } = await getBillingProfile(db, { scicId: access.organization.id });
  const saved = new URL(request.url).searchParams.get("enregistre") === "1";
  return json({
    slug: access.organization.slug,
    name: identity.name,
    defaults: billingSettingsFormDefaults(identity, settings),
    saved,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: billingSettingsSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { identity, settings } = billingSettingsFromForm(submission.value);
  try {
    await saveBillingProfile(db, { scicId: access.organization.id, identity, settings, actorUserId: access.user.id, now: new Date() });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return json(submission.reply({ fieldErrors: { siret: ["Ce SIRET est déjà celui d'une autre organisation."] } }), { status: 409 });
    }
    throw error;
  }
  return redirect(`/organisations/${access.organization.slug}/facturation/parametres?enregistre=1`);
}

export default function BillingSettingsPage() {
  const { slug, name, defaults, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "parametres-facturation",
    lastResult,
    constraint: getZodConstraint(billingSettingsSchema),
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: billingSettingsSchema }),
  });
  type TextFieldName =
    | "legalForm"
    | "siret"
    | "electronicInvoicingAddress"
    | "rcs"
    | "address"
    | "postalCode"
    | "city"
    | "vatNumber"
    | "vatExemptionText"
    | "paymentTermDays"
    | "paymentMethod"
    | "iban"
    | "bic"
    | "cancellationPercent"
    | "cancellationAmount"
    | "surchargePercent"
    | "surchargeEveningFrom"
    | "surchargeEveningUntil";
  const text = (
    name: TextFieldName,
    label: string,
    options: { hint?: string; inputMode?: "numeric" | "decimal"; autoComplete?: string; type?: "text" | "time" } = {},
  ) => <TextField label={label} meta={fields[name]} {...options} />;
  const base = `/organisations/${slug}/facturation`;
  return (
    <section aria-labelledby="settings-title">
      <p>
        <Link to={base}>← Facturation</Link>
      </p>
      <h1 id="settings-title">Paramètres de facturation</h1>
      <p>
        Ces informations figurent sur les factures de {name} et s&apos;appliquent aux prochaines factures émises ; les
        factures déjà émises ne changent pas.
      </p>
      {saved ? (
        <p role="status" className="notice">
          Paramètres de facturation enregistrés.
        </p>
      ) : null}
      <Form method="post" className="form form-wide" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <FormError id={form.errorId} errors={form.errors} />
        <fieldset>
          <legend>Identité du vendeur</legend>
          <p>Raison sociale : {name} (modifiable par un administrateur sur la page de l&apos;organisation).</p>
          {text("legalForm", "Forme juridique", { hint: "Par exemple : SCIC SAS à capital variable." })}
          {text("siret", "SIRET (14 chiffres)", { inputMode: "numeric", hint: "Le SIREN est formé de ses 9 premiers chiffres." })}
          {text("electronicInvoicingAddress", ELECTRONIC_ADDRESS_LABEL, { hint: ELECTRONIC_ADDRESS_HINT })}
          {text("rcs", "Immatriculation (RCS)", { hint: "Par exemple : RCS Nantes. Facultatif." })}
          {text("address", "Adresse", { autoComplete: "street-address" })}
          {text("postalCode", "Code postal", { inputMode: "numeric", autoComplete: "postal-code" })}
          {text("city", "Commune", { autoComplete: "address-level2" })}
        </fieldset>
        <fieldset>
          <legend>TVA</legend>
          <Field label="Régime de TVA" htmlFor={fields.vatRegime.id} errorId={fields.vatRegime.errorId} errors={fields.vatRegime.errors}>
            <select {...getSelectProps(fields.vatRegime)}>
              <option value="FRANCHISE">Franchise en base de TVA ({VAT_FRANCHISE_MENTION})</option>
              <option value="VAT">TVA facturée</option>
            </select>
          </Field>
          <Field label="Taux de TVA (hors franchise)" htmlFor={fields.vatRate.id} errorId={fields.vatRate.errorId} errors={fields.vatRate.errors}>
            <select {...getSelectProps(fields.vatRate)}>
              <option value="">Choisir…</option>
              <option value="2000">20 %</option>
              <option value="1000">10 %</option>
              <option value="550">5,5 %</option>
              <option value="0">0 % (exonération)</option>
            </select>
          </Field>
          {text("vatNumber", "Numéro de TVA intracommunautaire", { hint: "Obligatoire hors franchise, par exemple FR40812345678." })}
          {text("vatExemptionText", "Mention d'exonération (TVA à 0 %)", { hint: "Par exemple : Exonération de TVA, art. 261 D du CGI." })}
        </fieldset>
        <fieldset>
          <legend>Paiement</legend>
          {text("paymentTermDays", "Délai de paiement (jours après l'émission)", { inputMode: "numeric", hint: "Entre 0 (à réception) et 60 jours." })}
          {text("paymentMethod", "Moyen de paiement", { hint: "Par exemple : virement bancaire." })}
          {text("iban", "IBAN du compte à créditer (facultatif)", {
            hint: "Imprimé sur les factures et transmis dans leur Factur-X, par exemple FR76 3000 6000 0112 3456 7890 189.",
          })}
          {text("bic", "BIC (facultatif)", { hint: "8 ou 11 caractères, par exemple AGRIFRPP." })}
          <Field
            label="Pénalités de retard"
            htmlFor={fields.latePenaltyText.id}
            hint={`Laisser vide pour la mention légale par défaut : ${DEFAULT_LATE_PENALTY_TEXT}`}
            hintId={`${fields.latePenaltyText.id}-aide`}
            errorId={fields.latePenaltyText.errorId}
            errors={fields.latePenaltyText.errors}
          >
            <textarea {...getTextareaProps(fields.latePenaltyText)} rows={3} aria-describedby={`${fields.latePenaltyText.id}-aide`} />
          </Field>
          <p>{RECOVERY_INDEMNITY_MENTION} Ce montant est fixé par la loi et figure sur les factures des clients professionnels.</p>
        </fieldset>
        <fieldset>
          <legend>Annulation tardive</legend>
          <Field
            label="Frais d'annulation tardive"
            htmlFor={fields.cancellationKind.id}
            errorId={fields.cancellationKind.errorId}
            errors={fields.cancellationKind.errors}
          >
            <select {...getSelectProps(fields.cancellationKind)}>
              <option value="NONE">Aucuns frais</option>
              <option value="PERCENT">Un pourcentage du prix de la réservation</option>
              <option value="FLAT">Un montant forfaitaire</option>
            </select>
          </Field>
          {text("cancellationPercent", "Pourcentage du prix (%)", { inputMode: "numeric" })}
          {text("cancellationAmount", "Montant forfaitaire HT (€)", { inputMode: "decimal", hint: "Jamais plus que le prix de la réservation." })}
        </fieldset>
        <fieldset>
          <legend>Majoration soir et week-end</legend>
          {text("surchargePercent", "Majoration (%)", { inputMode: "numeric", hint: "Laisser vide : pas de majoration." })}
          {text("surchargeEveningFrom", "Soirée à partir de", { type: "time" })}
          {text("surchargeEveningUntil", "Soirée jusqu'à (facultatif)", { type: "time" })}
          <div className="checkbox">
            <input {...getInputProps(fields.surchargeWeekend, { type: "checkbox" })} />
            <label htmlFor={fields.surchargeWeekend.id}>Le samedi et le dimanche</label>
          </div>
        </fieldset>
        <div>
          <button type="submit">Enregistrer les paramètres</button>
        </div>
      </Form>
    </section>
  );
}
