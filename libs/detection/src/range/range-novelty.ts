/** Plain-data state of a {@link RangeNovelty}: the range of every value seen so far. */
export interface RangeState {
  n: number;
  min: number;
  max: number;
}

/**
 * A value beyond everything the series has ever done: outside [min, max] of all values seen so far, widened on
 * each side by `tolerance` x (max - min). This is the "spatial anomaly" rule of Numenta's HTM detector for
 * NAB (tolerance 0.05 there): people label values beyond the known range as anomalies, whatever a
 * likelihood says. Ranges never shrink, so a series that settles after a wild start stays quiet. Nothing is
 * flagged before `minSamples` values were learned (a range needs samples, not hours: at 1 s sampling a day
 * would be 86,400 silent samples); the pipeline passes its warm-up.
 *
 * @example
 * const r = new RangeNovelty(0.05, 0);
 * [10, 20, 15].forEach((x, i) => r.update(i, x)); // false (range [10, 20] being learned)
 * r.update(3, 20.4); // false: within 5% of the range
 * r.update(4, 21);   // true: 0.5 above the tolerance
 */
export class RangeNovelty {
  private readonly s: RangeState;

  constructor(
    private readonly tolerance = 0.05,
    private readonly minSamples = 100,
    state?: RangeState,
  ) {
    this.s = state ? { n: state.n, min: state.min, max: state.max } : { n: 0, min: 0, max: 0 };
  }

  /**
   * True when `value` lies outside the widened range seen so far, then learns it. `ts` (event time) is not
   * used: the rule is defined in samples; it stays in the signature shared by the components.
   */
  update(ts: number, value: number): boolean {
    const s = this.s;
    if (s.n++ === 0) {
      s.min = value;
      s.max = value;
      return false;
    }
    const pad = this.tolerance * (s.max - s.min);
    // an empty range (constant so far) has no scale: any change is a change, not "beyond the range"
    const outside = pad > 0 && s.n > this.minSamples && (value > s.max + pad || value < s.min - pad);
    if (value > s.max) s.max = value;
    if (value < s.min) s.min = value;
    return outside;
  }

  toJSON(): RangeState {
    return { ...this.s };
  }
}
