import { PAGE_SIZE, pageCount, pageOffset, pageSearch } from "~/domain/pagination";

describe("pageCount", () => {
  it("gives an empty list its one page and counts a partial last page", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(1)).toBe(1);
    expect(pageCount(PAGE_SIZE)).toBe(1);
    expect(pageCount(PAGE_SIZE + 1)).toBe(2);
    expect(pageCount(24_000)).toBe(480);
    expect(pageCount(7, 3)).toBe(3);
  });
});

describe("pageOffset", () => {
  it("skips the rows of the pages before", () => {
    expect(pageOffset(1)).toBe(0);
    expect(pageOffset(2)).toBe(PAGE_SIZE);
    expect(pageOffset(4, 10)).toBe(30);
  });
});

describe("pageSearch", () => {
  it("keeps the list's filters and sets the page", () => {
    expect(pageSearch("?mois=2027-06", 2)).toBe("?mois=2027-06&page=2");
    expect(pageSearch("?mois=2027-06&page=2", 3)).toBe("?mois=2027-06&page=3");
    expect(pageSearch("", 2)).toBe("?page=2");
  });

  it("gives page 1 the list's own address", () => {
    expect(pageSearch("?page=2", 1)).toBe("");
    expect(pageSearch("?mois=2027-06&page=2", 1)).toBe("?mois=2027-06");
    expect(pageSearch("", 1)).toBe("");
  });
});
