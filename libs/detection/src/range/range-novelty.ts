/** Plain-data state of a {@link RangeNovelty}: the range of every value seen so far. */
export interface RangeState {
  n: number;
  min: number;
  max: number;
  /** event time of the first value (epoch ms) */
  first: number;
}

const DAY_MS = 86_400_000;

/**
 * A value beyond everything the series has ever done: outside [min, max] of all values seen so far, widened on
 * each side by `tolerance` x (max - min). This is the "spatial anomaly" rule of Numenta's HTM detector for
 * NAB (tolerance 0.05 there): people label values beyond the known range as anomalies, whatever a
 * likelihood says. Ranges never shrink, so a series that settles after a wild start stays quiet. Nothing is
 * flagged before the series has been seen for `minSpanMs` (a day): its first daily peak is not "new".
 * That bound is event time on purpose, whatever the sampling rate (a daily cycle takes a day); the
 * pipeline's warm-up adds one in samples. A bound in samples alone (the warm-up) flagged first daily peaks:
 * the engine's quiet-fleet scenarios (bench:scenarios) went from 361 to 752 anomaly events, 2 false tickets.
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
    private readonly minSpanMs = DAY_MS,
    state?: RangeState,
  ) {
    this.s = state ? { ...state } : { n: 0, min: 0, max: 0, first: 0 };
  }

  /** True when `value` (at event time `ts`) lies outside the widened range seen so far, then learns it. */
  update(ts: number, value: number): boolean {
    const s = this.s;
    if (s.n++ === 0) {
      s.min = value;
      s.max = value;
      s.first = ts;
      return false;
    }
    const pad = this.tolerance * (s.max - s.min);
    // an empty range (constant so far) has no scale: any change is a change, not "beyond the range"
    const outside = pad > 0 && ts - s.first >= this.minSpanMs && (value > s.max + pad || value < s.min - pad);
    if (value > s.max) s.max = value;
    if (value < s.min) s.min = value;
    return outside;
  }

  toJSON(): RangeState {
    return { ...this.s };
  }
}
