// A bounded memo for small, pure computations asked again and again with a handful of inputs
// (opening-hours JSON, the booking horizon for one `now`, a calendar's frame). Forgetting
// everything when full is enough there: the working set is far below the bound.

/** `compute` with its results kept by `keyOf(...args)`; all are forgotten once `max` keys are held. */
export function memoizeBounded<Args extends unknown[], Result>(
  compute: (...args: Args) => Result,
  keyOf: (...args: Args) => string,
  max = 1000,
): (...args: Args) => Result {
  const results = new Map<string, Result>();
  return (...args) => {
    const key = keyOf(...args);
    if (results.has(key)) return results.get(key) as Result;
    const result = compute(...args);
    if (results.size >= max) results.clear();
    results.set(key, result);
    return result;
  };
}
