import { FORM_LIMITS, formShapeProblem } from "~/utils/form-guard.server";

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("formShapeProblem", () => {
  it("accepts ordinary forms, lists included", () => {
    expect(formShapeProblem(form([["name", "Salle"], ["hours[1][0].open", "08:00"], ["days[6]", "SA"]]))).toBeNull();
  });

  it.each<[string, Array<[string, string]>, string]>([
    ["a huge list index", [["x[999999999]", "1"]], "Le formulaire contient une liste trop longue."],
    ["a nested huge index", [["ranges[1][600].open", "08:00"]], "Le formulaire contient une liste trop longue."],
    ["a very long field name", [["a".repeat(FORM_LIMITS.nameLength + 1), "1"]], "Un nom de champ du formulaire est trop long."],
    ["a very long value", [["title", "é".repeat(FORM_LIMITS.valueLength + 1)]], "Une valeur du formulaire est trop longue."],
    ["too many fields", Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i): [string, string] => [`f${i}`, "1"]), "Le formulaire contient trop de champs."],
  ])("refuses %s", (_label, entries, message) => {
    expect(formShapeProblem(form(entries))).toBe(message);
  });
});
