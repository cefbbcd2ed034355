// French default messages for zod. Every schema of app/forms and app/domain writes its own
// messages for the mistakes a person makes; this error map answers the others in French too:
// a field sent twice (conform then reads a list where a text is expected), an object where a
// number is expected in the API, a bound without a custom message. Installed once by importing
// this module: app/root.tsx (browser), app/utils/csrf.server.ts (every form action) and
// app/utils/api-http.server.ts (the JSON API). Messages written in a schema always win.
import { z, ZodIssueCode, type ZodErrorMap } from "zod";

const TYPE_NAMES: Record<string, string> = {
  string: "un texte",
  number: "un nombre",
  integer: "un nombre entier",
  float: "un nombre",
  bigint: "un nombre entier",
  boolean: "vrai ou faux",
  date: "une date",
  array: "une liste",
  object: "un objet",
  null: "rien (null)",
  undefined: "rien",
  nan: "un nombre invalide",
  symbol: "un symbole",
  function: "une fonction",
  map: "une table",
  set: "un ensemble",
  promise: "une promesse",
  void: "rien",
  never: "rien",
  unknown: "une valeur",
};

const typeName = (type: string) => TYPE_NAMES[type] ?? "une autre valeur";
const plural = (count: number | bigint, word: string) => `${count} ${word}${Number(count) > 1 ? "s" : ""}`;

export const frenchErrorMap: ZodErrorMap = (issue) => {
  switch (issue.code) {
    case ZodIssueCode.invalid_type:
      if (issue.received === "undefined") return { message: "Ce champ est obligatoire." };
      if (issue.received === "array" && issue.expected !== "array") {
        return { message: "Ce champ a été envoyé plusieurs fois : une seule valeur est attendue." };
      }
      return { message: `Valeur invalide : ${typeName(issue.expected)} est attendu, pas ${typeName(issue.received)}.` };
    case ZodIssueCode.invalid_literal:
    case ZodIssueCode.invalid_enum_value:
    case ZodIssueCode.invalid_union:
    case ZodIssueCode.invalid_union_discriminator:
      return { message: "Valeur invalide : choisissez parmi les options proposées." };
    case ZodIssueCode.unrecognized_keys:
      return { message: `Champ inconnu : ${issue.keys.map((key) => `« ${key} »`).join(", ")}.` };
    case ZodIssueCode.invalid_date:
      return { message: "Date invalide." };
    case ZodIssueCode.invalid_string:
      if (issue.validation === "email") return { message: "Adresse e-mail invalide." };
      if (issue.validation === "url") return { message: "Adresse web invalide." };
      return { message: "Format invalide." };
    case ZodIssueCode.too_small:
      if (issue.type === "string") return { message: `Au moins ${plural(issue.minimum, "caractère")}.` };
      if (issue.type === "array" || issue.type === "set") return { message: `Au moins ${plural(issue.minimum, "élément")}.` };
      if (issue.type === "date") return { message: "Date trop ancienne." };
      return { message: `La valeur doit être ${issue.inclusive ? "supérieure ou égale" : "supérieure"} à ${issue.minimum}.` };
    case ZodIssueCode.too_big:
      if (issue.type === "string") return { message: `Au plus ${plural(issue.maximum, "caractère")}.` };
      if (issue.type === "array" || issue.type === "set") return { message: `Au plus ${plural(issue.maximum, "élément")}.` };
      if (issue.type === "date") return { message: "Date trop lointaine." };
      return { message: `La valeur doit être ${issue.inclusive ? "inférieure ou égale" : "inférieure"} à ${issue.maximum}.` };
    case ZodIssueCode.not_multiple_of:
      return { message: `La valeur doit être un multiple de ${issue.multipleOf}.` };
    case ZodIssueCode.not_finite:
      return { message: "La valeur doit être un nombre fini." };
    default:
      return { message: "Valeur invalide." };
  }
};

z.setErrorMap(frenchErrorMap);
