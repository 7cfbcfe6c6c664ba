/** Plain-data state of an {@link EwMeanVar}. */
export interface EwMeanVarState {
  n: number;
  mean: number;
  var: number;
}

/** A fresh, empty state. */
export function newEwMeanVar(): EwMeanVarState {
  return { n: 0, mean: 0, var: 0 };
}

/**
 * Exponentially weighted mean and variance that starts as an exact running mean (Welford).
 *
 * The weight of the new sample is `max(weight / n, 1 / window)`: while fewer than `window` samples have been seen
 * the result equals the batch mean / population variance, afterwards it forgets with span `window`.
 * `weight` in (0, 1] lets callers learn less from suspicious samples. Mutates and returns `s` (no allocation).
 *
 * @example
 * const s = newEwMeanVar();
 * for (const x of [1, 2, 3]) updateEwMeanVar(s, x, 100);
 * s.mean; // 2
 * s.var;  // 2/3
 */
export function updateEwMeanVar(s: EwMeanVarState, x: number, window: number, weight = 1): EwMeanVarState {
  s.n += weight;
  const a = Math.max(weight / s.n, 1 / window);
  const d = x - s.mean;
  s.mean += a * d;
  // West's incremental weighted variance: exact for equal weights, EW recursion afterwards.
  s.var = (1 - a) * (s.var + a * d * d);
  return s;
}

/** Standard deviation of an {@link EwMeanVarState}. */
export function ewStd(s: EwMeanVarState): number {
  return Math.sqrt(s.var);
}
