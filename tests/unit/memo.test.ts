import { memoizeBounded } from "~/domain/memo";

describe("memoizeBounded", () => {
  it("computes once per key, including results that are null", () => {
    const calls: string[] = [];
    const parse = memoizeBounded(
      (text: string) => {
        calls.push(text);
        return text === "bad" ? null : text.length;
      },
      (text) => text,
    );
    expect([parse("abc"), parse("abc"), parse("bad"), parse("bad")]).toEqual([3, 3, null, null]);
    expect(calls).toEqual(["abc", "bad"]);
  });

  it("keys several arguments through keyOf", () => {
    let calls = 0;
    const add = memoizeBounded(
      (a: number, b: number) => {
        calls += 1;
        return a + b;
      },
      (a, b) => `${a}|${b}`,
    );
    expect([add(1, 2), add(1, 2), add(2, 1)]).toEqual([3, 3, 3]);
    expect(calls).toBe(2);
  });

  it("forgets everything once the bound is reached, then keeps memoising", () => {
    const calls: string[] = [];
    const upper = memoizeBounded(
      (text: string) => {
        calls.push(text);
        return text.toUpperCase();
      },
      (text) => text,
      2,
    );
    upper("a");
    upper("b");
    upper("c"); // full: a and b forgotten, c kept
    upper("c");
    upper("a");
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});
