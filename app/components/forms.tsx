// Form pieces that keep labels, hints and errors wired together for screen readers:
// every error sits beside its field, is referenced by aria-describedby, and announced.
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
