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

/**
 * {@link updateEwMeanVar} on three consecutive slots of a double array (n, mean, var at `at`..`at + 2`): the same
 * operations in the same order, for state kept unboxed in one array (see README, hot path).
 *
 * @example
 * const v = [0, 0, 0];
 * for (const x of [1, 2, 3]) updateEwMeanVarAt(v, 0, x, 100);
 * v[1]; // 2
 */
export function updateEwMeanVarAt(v: number[], at: number, x: number, window: number, weight = 1): void {
  const n = (v[at] += weight);
  const a = Math.max(weight / n, 1 / window);
  const d = x - v[at + 1];
  v[at + 1] += a * d;
  v[at + 2] = (1 - a) * (v[at + 2] + a * d * d);
}

/**
 * A double array of `count` zeros that V8 stores unboxed (PACKED_DOUBLE_ELEMENTS) from the start: numbers in
 * object fields are boxed (one heap object each), which costs a cache miss per field with thousands of series.
 */
export function doubleArray(count: number): number[] {
  // slice: Array.from alone leaves room to grow (23 slots for 7), memory every series would carry
  return Array.from(new Float64Array(count)).slice();
}

/**
 * The double array a component keeps its `count` state slots in: a fresh {@link doubleArray}, or the owner's
 * `slab` (slots [at, at + count) zeroed): an owner of several components (SeriesDetector) keeps all their
 * numbers in one array, so a point touches adjacent cache lines instead of one object per component.
 */
export function stateSlots(count: number, slab: number[] | undefined, at: number): number[] {
  if (!slab) return doubleArray(count);
  for (let i = 0; i < count; i++) slab[at + i] = 0;
  return slab;
}
