// The bien form, shared by the creation and edit pages (fields of premisesFormSchema).
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type Submission, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError, ErrorList } from "~/components/forms";
import {
  ACCESSIBILITY_LABELS,
  ACCESSIBILITY_LEVELS,
  OCCUPATION_TYPE_LABELS,
  OCCUPATION_TYPES,
  PREMISES_CONDITION_LABELS,
  PREMISES_CONDITIONS,
  PREMISES_KIND_LABELS,
  PREMISES_KINDS,
  PROPERTY_DOMAIN_LABELS,
  PROPERTY_DOMAINS,
  UTILITIES,
  UTILITY_LABELS,
  WORKS_ALLOWED,
  WORKS_ALLOWED_LABELS,
} from "~/domain/premises";
import { premisesFormSchema } from "~/forms/premises";

export const VISIT_ROWS = 3;

/** What the form fields hold (amounts in euros); premisesFormSchema turns it into a bien. */
export type PremisesFormShape = {
  title: string;
  description: string;
  kind: string;
  domain: string;
  address: { line: string; postalCode: string; commune: string };
  surfaceM2: number;
  levels: number;
  condition: string;
  accessibility: string;
  utilities: string[];
  availableFrom: string;
  availableUntil: string;
  visits: string[];
  occupationType: string;
  rentEuros: number;
  chargesEuros: number;
  /** Errors of the amounts are reported under the domain's names. */
  rentCents: number;
  chargesCents: number;
  socialUtilityReductionPercent: number;
  insuranceRequired: boolean;
  worksAllowed: string;
  otherConditions: string;
};

export type PremisesFormDefaults = NonNullable<Parameters<typeof useForm<PremisesFormShape>>[0]["defaultValue"]>;

function Options({ values, labels }: { values: readonly string[]; labels: Record<string, string> }) {
  return (
    <>
      <option value="">Choisir…</option>
      {values.map((value) => (
        <option key={value} value={value}>
          {labels[value]}
        </option>
      ))}
    </>
  );
}

export function PremisesForm({ lastResult, defaultValue, submitLabel }: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: PremisesFormDefaults; submitLabel: string }) {
  const [form, fields] = useForm<PremisesFormShape>({
    id: "bien",
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    // The schema's input type is looser than the form's shape (passthrough); the output is the bien.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: premisesFormSchema }) as unknown as Submission<PremisesFormShape>,
  });
  const address = fields.address.getFieldset();
  const visits = fields.visits.getFieldList();
  // The schema numbers the visits filled in, skipping blank rows (visits[0] is the first one
  // filled in); each message goes back beside its row. By name, because the field list follows
  // the initial value: a new bien has no row metadata.
  const visitValues = Array.isArray(fields.visits.value) ? (fields.visits.value as Array<string | undefined>) : [];
  const filledRows = visitValues.flatMap((value, row) => (typeof value === "string" && value.trim() !== "" ? [row] : []));
  const visitRowErrors = (row: number) => {
    const position = filledRows.indexOf(row);
    return position === -1 ? undefined : fields.visits.allErrors[`${fields.visits.name}[${position}]`];
  };
  const text = (field: { id: string; name: string; errorId: string; errors?: string[]; initialValue?: unknown } & Parameters<typeof getInputProps>[0], label: string, type: "text" | "number" | "date" = "text", hint?: string) => (
    <Field label={label} htmlFor={field.id} errorId={field.errorId} errors={field.errors} hint={hint} hintId={hint ? `${field.id}-aide` : undefined}>
      <input {...getInputProps(field, { type })} step={type === "number" ? "any" : undefined} aria-describedby={hint ? `${field.id}-aide ${field.errorId}` : field.errorId} />
    </Field>
  );
  const euros = (field: typeof fields.rentEuros, domainField: typeof fields.rentCents, label: string) => (
    <Field label={label} htmlFor={field.id} errorId={domainField.errorId} errors={[...(field.errors ?? []), ...(domainField.errors ?? [])]}>
      <input {...getInputProps(field, { type: "number" })} step="0.01" min={0} aria-describedby={domainField.errorId} />
    </Field>
  );
  const select = (field: typeof fields.kind, label: string, values: readonly string[], labels: Record<string, string>) => (
    <Field label={label} htmlFor={field.id} errorId={field.errorId} errors={field.errors}>
      <select {...getSelectProps(field)}>
        <Options values={values} labels={labels} />
      </select>
    </Field>
  );
  return (
    <Form method="post" className="form form-wide" {...getFormProps(form)}>
      <AuthenticityTokenInput />
      <FormError id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>Le bien</legend>
        {text(fields.title, "Intitulé")}
        <Field label="Description" htmlFor={fields.description.id} errorId={fields.description.errorId} errors={fields.description.errors}>
          <textarea {...getTextareaProps(fields.description)} rows={4} />
        </Field>
        {select(fields.kind, "Type de bien", PREMISES_KINDS, PREMISES_KIND_LABELS)}
        {select(fields.domain, "Domaine", PROPERTY_DOMAINS, PROPERTY_DOMAIN_LABELS)}
        {text(fields.surfaceM2, "Surface (m²)", "number")}
        {text(fields.levels, "Nombre de niveaux (0 pour un terrain nu)", "number")}
        {select(fields.condition, "État", PREMISES_CONDITIONS, PREMISES_CONDITION_LABELS)}
        {select(fields.accessibility, "Accessibilité", ACCESSIBILITY_LEVELS, ACCESSIBILITY_LABELS)}
        <fieldset>
          <legend>Équipements</legend>
          {UTILITIES.map((utility) => (
            <div key={utility}>
              <input
                type="checkbox"
                id={`${fields.utilities.id}-${utility}`}
                name={fields.utilities.name}
                value={utility}
                defaultChecked={(fields.utilities.initialValue as string[] | undefined)?.includes(utility)}
              />
              <label htmlFor={`${fields.utilities.id}-${utility}`}>{UTILITY_LABELS[utility]}</label>
            </div>
          ))}
          <ErrorList id={fields.utilities.errorId} errors={fields.utilities.errors} />
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>Adresse (géocodée avec la Base adresse nationale)</legend>
        {text(address.line, "Voie (numéro et rue)")}
        {text(address.postalCode, "Code postal")}
        {text(address.commune, "Commune")}
      </fieldset>
      <fieldset>
        <legend>Disponibilité et visites</legend>
        {text(fields.availableFrom, "Disponible à partir du", "date")}
        {text(fields.availableUntil, "Disponible jusqu'au (vide si sans terme)", "date")}
        {Array.from({ length: VISIT_ROWS }, (_, index) => {
          const visit = visits[index];
          const id = `bien-visite-${index + 1}`;
          const errors = visitRowErrors(index);
          return (
            <div className="field" key={id}>
              <label htmlFor={id}>Visite {index + 1} (date et heure, facultatif)</label>
              <input
                id={id}
                type="datetime-local"
                name={`${fields.visits.name}[${index}]`}
                defaultValue={(visit?.initialValue as string | undefined) ?? ""}
                aria-invalid={errors ? true : undefined}
                aria-describedby={`${id}-erreur`}
              />
              <ErrorList id={`${id}-erreur`} errors={errors} />
            </div>
          );
        })}
        <ErrorList id={fields.visits.errorId} errors={fields.visits.errors} />
      </fieldset>
      <fieldset>
        <legend>Conditions d'occupation</legend>
        {select(fields.occupationType, "Type d'occupation", OCCUPATION_TYPES, OCCUPATION_TYPE_LABELS)}
        {euros(fields.rentEuros, fields.rentCents, "Redevance mensuelle (€)")}
        {euros(fields.chargesEuros, fields.chargesCents, "Charges mensuelles (€)")}
        {text(fields.socialUtilityReductionPercent, "Réduction pour un projet d'utilité sociale (%)", "number", "0 sans réduction, 100 pour la gratuité.")}
        <div className="field">
          <input {...getInputProps(fields.insuranceRequired, { type: "checkbox" })} />
          <label htmlFor={fields.insuranceRequired.id}>Assurance obligatoire</label>
        </div>
        {select(fields.worksAllowed, "Travaux autorisés", WORKS_ALLOWED, WORKS_ALLOWED_LABELS)}
        <Field label="Autres conditions" htmlFor={fields.otherConditions.id} errorId={fields.otherConditions.errorId} errors={fields.otherConditions.errors}>
          <textarea {...getTextareaProps(fields.otherConditions)} rows={3} />
        </Field>
      </fieldset>
      <div>
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}

/** Form defaults of a stored bien (amounts back in euros). */
export function premisesFormDefaults(bien: {
  title: string; description: string; kind: string; domain: string; addressLine: string; postalCode: string; commune: string;
  surfaceM2: number; levels: number; condition: string; accessibility: string; utilities: string; availableFrom: string;
  availableUntil: string | null; occupationType: string; rentCents: number; chargesCents: number; socialUtilityReductionPercent: number;
  insuranceRequired: boolean; worksAllowed: string; otherConditions: string; visits: string;
}): PremisesFormDefaults {
  return {
    title: bien.title,
    description: bien.description,
    kind: bien.kind,
    domain: bien.domain,
    surfaceM2: String(bien.surfaceM2),
    levels: String(bien.levels),
    condition: bien.condition,
    accessibility: bien.accessibility,
    availableFrom: bien.availableFrom,
    occupationType: bien.occupationType,
    socialUtilityReductionPercent: String(bien.socialUtilityReductionPercent),
    worksAllowed: bien.worksAllowed,
    otherConditions: bien.otherConditions,
    address: { line: bien.addressLine, postalCode: bien.postalCode, commune: bien.commune },
    utilities: JSON.parse(bien.utilities) as string[],
    visits: JSON.parse(bien.visits) as string[],
    availableUntil: bien.availableUntil ?? "",
    rentEuros: String(bien.rentCents / 100),
    chargesEuros: String(bien.chargesCents / 100),
    insuranceRequired: bien.insuranceRequired ? "on" : undefined,
  };
}
