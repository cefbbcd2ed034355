// The need form of the demand register (fields of needFormSchema), for creation and edition.
import { getFormProps, getInputProps, getTextareaProps, useForm, type Submission, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorList, Field, FormError } from "~/components/forms";
import { PREMISES_KIND_LABELS, PREMISES_KINDS } from "~/domain/premises";
import { needFormSchema } from "~/forms/premises";

export type NeedFormShape = {
  intent: string;
  kinds: string[];
  surfaceMinM2: number;
  surfaceMaxM2: number;
  communesText: string;
  communes: unknown;
  budgetMaxEuros: number;
  budgetMaxCents: number;
  availableFrom: string;
  sharedUseAcceptable: boolean;
  peopleCount: number;
  accessibilityRequired: boolean;
  description: string;
};

export type NeedFormDefaults = NonNullable<Parameters<typeof useForm<NeedFormShape>>[0]["defaultValue"]>;

export function NeedForm({ lastResult, defaultValue, submitLabel }: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: NeedFormDefaults; submitLabel: string }) {
  const [form, fields] = useForm<NeedFormShape>({
    id: "besoin",
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: needFormSchema }) as unknown as Submission<NeedFormShape>,
  });
  const number = (field: typeof fields.surfaceMinM2, label: string) => (
    <Field label={label} htmlFor={field.id} errorId={field.errorId} errors={field.errors}>
      <input {...getInputProps(field, { type: "number" })} step="any" />
    </Field>
  );
  const checkbox = (field: typeof fields.sharedUseAcceptable, label: string) => (
    <div className="field">
      <input {...getInputProps(field, { type: "checkbox" })} />
      <label htmlFor={field.id}>{label}</label>
    </div>
  );
  const initialKinds = (fields.kinds.initialValue as string[] | undefined) ?? [];
  return (
    <Form method="post" className="form form-wide" {...getFormProps(form)}>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="save" />
      <FormError id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>Types de biens recherchés</legend>
        {PREMISES_KINDS.map((kind) => (
          <div key={kind}>
            <input type="checkbox" id={`besoin-type-${kind}`} name={fields.kinds.name} value={kind} defaultChecked={initialKinds.includes(kind)} />
            <label htmlFor={`besoin-type-${kind}`}>{PREMISES_KIND_LABELS[kind]}</label>
          </div>
        ))}
        <ErrorList id={fields.kinds.errorId} errors={fields.kinds.errors} />
      </fieldset>
      {number(fields.surfaceMinM2, "Surface minimale (m²)")}
      {number(fields.surfaceMaxM2, "Surface maximale (m²)")}
      <Field
        label="Communes recherchées (une par ligne, code INSEE entre parenthèses si vous le connaissez)"
        htmlFor={fields.communesText.id}
        errorId={fields.communes.errorId}
        errors={[...(fields.communesText.errors ?? []), ...(fields.communes.errors ?? [])]}
      >
        <textarea {...getTextareaProps(fields.communesText)} rows={3} aria-describedby={fields.communes.errorId} />
      </Field>
      <Field label="Budget mensuel maximal, charges comprises (€)" htmlFor={fields.budgetMaxEuros.id} errorId={fields.budgetMaxCents.errorId} errors={fields.budgetMaxCents.errors}>
        <input {...getInputProps(fields.budgetMaxEuros, { type: "number" })} step="0.01" min={0} aria-describedby={fields.budgetMaxCents.errorId} />
      </Field>
      <Field label="À partir du" htmlFor={fields.availableFrom.id} errorId={fields.availableFrom.errorId} errors={fields.availableFrom.errors}>
        <input {...getInputProps(fields.availableFrom, { type: "date" })} />
      </Field>
      {number(fields.peopleCount, "Nombre de personnes à accueillir")}
      {checkbox(fields.sharedUseAcceptable, "Un usage partagé nous convient")}
      {checkbox(fields.accessibilityRequired, "Le lieu doit être accessible aux personnes à mobilité réduite")}
      <Field label="Précisions" htmlFor={fields.description.id} errorId={fields.description.errorId} errors={fields.description.errors}>
        <textarea {...getTextareaProps(fields.description)} rows={3} />
      </Field>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
