// The order of names on every list (spaces in a search, organisations on the payments page).
import { compareNames } from "~/domain/names";

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
