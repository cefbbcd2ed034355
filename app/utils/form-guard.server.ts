// Limits on the shape of submitted forms, checked before anything parses them.
// conform turns `field[999999999]` into an array of that length: one request could make the
// server build and serialise a gigantic value. Every action passes its FormData through
// requireCsrf(), which calls this first.

export const FORM_LIMITS = {
  fields: 1_000,
  nameLength: 200,
  /** Highest list index a field name may use (e.g. `ranges[23]`). */
  listIndex: 500,
  valueLength: 20_000,
} as const;

/** A French explanation of why the form is refused, or null when it is acceptable. */
export function formShapeProblem(formData: FormData): string | null {
  let count = 0;
  for (const [name, value] of formData.entries()) {
    count += 1;
    if (count > FORM_LIMITS.fields) return "Le formulaire contient trop de champs.";
    if (name.length > FORM_LIMITS.nameLength) return "Un nom de champ du formulaire est trop long.";
    for (const match of name.matchAll(/\[(\d+)\]/g)) {
      if (Number(match[1]) > FORM_LIMITS.listIndex) return "Le formulaire contient une liste trop longue.";
    }
    if (typeof value === "string" && value.length > FORM_LIMITS.valueLength) {
      return "Une valeur du formulaire est trop longue.";
    }
  }
  return null;
}
