import { stateSlots } from '../stats/ew-mean-var';

/** Plain-data state of a {@link RangeNovelty}: the range of every value seen so far. */
export interface RangeState {
  n: number;
  min: number;
  max: number;
  /** event time of the first value (epoch ms) */
  first: number;
}

const DAY_MS = 86_400_000;
const N = 0;
const MIN = 1;
const MAX = 2;
const FIRST = 3;
/** Number of slots a RangeNovelty keeps in its state array. */
export const RANGE_SLOTS = 4;

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
  // n, min, max, first in slots [b, b + RANGE_SLOTS) of v: its own array, or a part of the owner's (unboxed
  // doubles, see README hot path)
  private readonly v: number[];
  private readonly b: number;

  /** `slab` / `at`: keep the state in slots [at, at + RANGE_SLOTS) of the caller's double array. */
  constructor(
    private readonly tolerance = 0.05,
    private readonly minSpanMs = DAY_MS,
    state?: RangeState,
    slab?: number[],
    at = 0,
  ) {
    const v = (this.v = stateSlots(RANGE_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    v[b + N] = state ? state.n : 0;
    v[b + MIN] = state ? state.min : 0;
    v[b + MAX] = state ? state.max : 0;
    v[b + FIRST] = state ? state.first : 0;
  }

  /** True when `value` (at event time `ts`) lies outside the widened range seen so far, then learns it. */
  update(ts: number, value: number): boolean {
    const outside = this.score(ts, value);
    this.learn(ts, value);
    return outside;
  }

  /** True when `value` (at event time `ts`) lies outside the widened range seen so far (never learns). */
  score(ts: number, value: number): boolean {
    const v = this.v;
    const b = this.b;
    if (v[b + N] === 0) return false;
    const min = v[b + MIN];
    const max = v[b + MAX];
    const pad = this.tolerance * (max - min);
    // an empty range (constant so far) has no scale: any change is a change, not "beyond the range"
    return pad > 0 && ts - v[b + FIRST] >= this.minSpanMs && (value > max + pad || value < min - pad);
  }

  /** Learns `value` at event time `ts` into the range. */
  learn(ts: number, value: number): void {
    const v = this.v;
    const b = this.b;
    if (v[b + N]++ === 0) {
      v[b + MIN] = value;
      v[b + MAX] = value;
      v[b + FIRST] = ts;
      return;
    }
    if (value > v[b + MAX]) v[b + MAX] = value;
    if (value < v[b + MIN]) v[b + MIN] = value;
  }

  toJSON(): RangeState {
    const v = this.v;
    const b = this.b;
    return { n: v[b + N], min: v[b + MIN], max: v[b + MAX], first: v[b + FIRST] };
  }
}
