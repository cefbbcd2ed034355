// How lists of names are put in order: French alphabetical order, accents and case aside, numbers
// by their value ("Salle 2" before "Salle 10").
const frenchNames = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

export function compareNames(a: string, b: string): number {
  return frenchNames.compare(a, b);
}

/** A name as a search compares it: no accents, no case, words separated by single spaces. */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLocaleLowerCase("fr")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The records whose name holds every word of the query (accents and case aside: "velo soli"
 * finds "Coopérative Vélo Solidaire"), in French order, at most `limit` of them; `total` counts
 * all that match. An empty query matches every record.
 */
export function searchByName<T extends { name: string }>(records: readonly T[], query: string, limit: number): { found: T[]; total: number } {
  const words = foldForSearch(query).split(" ").filter(Boolean);
  const matching = records.filter((record) => {
    const name = foldForSearch(record.name);
    return words.every((word) => name.includes(word));
  });
  return { found: [...matching].sort((a, b) => compareNames(a.name, b.name)).slice(0, limit), total: matching.length };
}
