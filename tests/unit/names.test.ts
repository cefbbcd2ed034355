// The order of names on every list (spaces in a search, organisations on the payments page),
// and the search by name of the organisations a SCIC links to its associates and its tariffs.
import { compareNames, foldForSearch, searchByName } from "~/domain/names";

describe("compareNames", () => {
  it("sorts in French alphabetical order, accents and case aside, numbers by value", () => {
    const names = ["Salle 10", "zèbre", "Écurie", "salle 2", "Atelier", "école", "Salle 1"];
    expect([...names].sort(compareNames)).toEqual(["Atelier", "école", "Écurie", "Salle 1", "salle 2", "Salle 10", "zèbre"]);
  });

  it("takes names that differ only by accents or case as equal", () => {
    expect(compareNames("Élan", "elan")).toBe(0);
    expect(compareNames("Cœur", "cœur")).toBe(0);
    expect(compareNames("a", "b")).toBeLessThan(0);
  });
});

describe("foldForSearch", () => {
  it("drops accents, case and punctuation, keeping letters and digits", () => {
    expect(foldForSearch("  Coopérative « Vélo-Solidaire » n°2 ")).toBe("cooperative velo solidaire n 2");
    expect(foldForSearch("ÉCOLE d’Été")).toBe("ecole d ete");
    expect(foldForSearch("Cœur")).toBe("cœur");
  });
});

describe("searchByName", () => {
  const organisations = ["Coopérative Vélo Solidaire", "Association Savoirs Partagés", "Ville de Bellerive-sur-Loire", "Vélo École", "Atelier 10", "Atelier 2"].map((name, index) => ({ id: `o${index}`, name }));

  it("finds the names holding every word of the query, in any order, accents and case aside", () => {
    expect(searchByName(organisations, "velo soli", 50).found.map((o) => o.name)).toEqual(["Coopérative Vélo Solidaire"]);
    expect(searchByName(organisations, "VÉLO", 50).found.map((o) => o.name)).toEqual(["Coopérative Vélo Solidaire", "Vélo École"]);
    expect(searchByName(organisations, "loire bellerive", 50).found.map((o) => o.id)).toEqual(["o2"]);
    expect(searchByName(organisations, "vélo théâtre", 50)).toEqual({ found: [], total: 0 });
  });

  it("gives every record in French order for an empty query, at most `limit`, with the total", () => {
    expect(searchByName(organisations, "  ", 3)).toEqual({ found: [organisations[1], organisations[5], organisations[4]], total: 6 });
    expect(searchByName(organisations, "atelier", 1)).toEqual({ found: [organisations[5]], total: 2 });
  });
});
