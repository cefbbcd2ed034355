// Form pieces that keep labels, hints and errors wired together for screen readers:
// every error sits beside its field, is referenced by aria-describedby, and announced.
import { getInputProps, getSelectProps } from "@conform-to/react";
import type { ReactNode } from "react";

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {errors.map((error) => (
        <p key={error} className="field-error">
          {error}
        </p>
      ))}
    </div>
  );
}

export function FormError({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} className="form-error" role="alert" tabIndex={-1}>
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

export function Field({
  label,
  htmlFor,
  hint,
  hintId,
  errorId,
  errors,
  children,
}: {
  label: string;
  htmlFor: string;
  hint?: string;
  hintId?: string;
  errorId: string;
  errors?: string[] | null;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {children}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

type InputMeta = Parameters<typeof getInputProps>[0];

/** A labelled one-line input wired to its conform field like <Field>, its hint read out with it. */
export function TextField({
  label,
  meta,
  hint,
  type = "text",
  inputMode,
  autoComplete,
}: {
  label: string;
  meta: InputMeta;
  hint?: string;
  type?: "text" | "time";
  inputMode?: "numeric" | "decimal";
  autoComplete?: string;
}) {
  const hintId = hint ? `${meta.id}-aide` : undefined;
  return (
    <Field label={label} htmlFor={meta.id} hint={hint} hintId={hintId} errorId={meta.errorId} errors={meta.errors}>
      <input
        {...getInputProps(meta, { type })}
        inputMode={inputMode}
        autoComplete={autoComplete}
        aria-describedby={[hintId, meta.errors ? meta.errorId : undefined].filter(Boolean).join(" ") || undefined}
      />
    </Field>
  );
}

type SelectMeta = Parameters<typeof getSelectProps>[0];

/**
 * A labelled select of records (id + name), with a first empty choice such as "Choisir…",
 * wired to its conform field like <Field>.
 */
export function SelectField({
  label,
  meta,
  emptyChoice,
  records,
}: {
  label: string;
  meta: SelectMeta;
  emptyChoice: { value: string; label: string };
  records: ReadonlyArray<{ id: string; name: string }>;
}) {
  return (
    <Field label={label} htmlFor={meta.id} errorId={meta.errorId} errors={meta.errors}>
      <select {...getSelectProps(meta)}>
        <option value={emptyChoice.value}>{emptyChoice.label}</option>
        {records.map((record) => (
          <option key={record.id} value={record.id}>
            {record.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
