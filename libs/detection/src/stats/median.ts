// One module-level scratch buffer: medians of small windows are computed without allocating.
let scratch = new Float64Array(64);

/**
 * Median of the `count` values of `values` from index `from` (does not modify `values`, does not allocate for
 * count <= 64).
 *
 * @example
 * medianOf([5, 1, 3], 3); // 3
 */
export function medianOf(values: ArrayLike<number>, count: number = values.length, from = 0): number {
  if (count <= 0) return NaN;
  if (scratch.length < count) scratch = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    // insertion sort: count is small (tens), and this avoids a comparator closure
    const v = values[from + i];
    let j = i - 1;
    while (j >= 0 && scratch[j] > v) {
      scratch[j + 1] = scratch[j];
      j--;
    }
    scratch[j + 1] = v;
  }
  const mid = count >> 1;
  return count % 2 === 1 ? scratch[mid] : 0.5 * (scratch[mid - 1] + scratch[mid]);
}
