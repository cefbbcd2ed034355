import { PAGE_SIZE, pageCount, pageOf, pageOffset, pageSearch } from "~/domain/pagination";

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

describe("pageSearch of one of two lists on a page", () => {
  it("sets its own parameter and keeps the other list's page", () => {
    expect(pageSearch("?page=3", 2, "retards")).toBe("?page=3&retards=2");
    expect(pageSearch("?page=3&retards=2", 1, "retards")).toBe("?page=3");
  });
});

describe("pageOf", () => {
  it("answers one page of rows in memory as the paginated queries do", () => {
    const rows = Array.from({ length: 7 }, (_, index) => index);
    expect(pageOf(rows, 1, 3)).toEqual({ rows: [0, 1, 2], total: 7, page: 1, pageCount: 3 });
    expect(pageOf(rows, 3, 3)).toEqual({ rows: [6], total: 7, page: 3, pageCount: 3 });
    expect(pageOf(rows, 4, 3)).toEqual({ rows: [], total: 7, page: 4, pageCount: 3 });
    expect(pageOf([], 1)).toEqual({ rows: [], total: 0, page: 1, pageCount: 1 });
    expect(pageOf(Array.from({ length: PAGE_SIZE + 1 }, (_, index) => index), 2).rows).toEqual([PAGE_SIZE]);
  });
});
