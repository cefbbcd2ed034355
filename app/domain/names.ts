// How lists of names are put in order: French alphabetical order, accents and case aside, numbers
// by their value ("Salle 2" before "Salle 10").
const frenchNames = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

export function compareNames(a: string, b: string): number {
  return frenchNames.compare(a, b);
}
