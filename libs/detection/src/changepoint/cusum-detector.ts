import { stateSlots } from '../stats/ew-mean-var';
import { withDefaults } from '../with-defaults';

/** Tuning of a {@link CusumDetector}, in units of standardized residuals (sigmas). */
export interface CusumOptions {
  /** allowance: drifts smaller than this many sigmas are ignored */
  drift: number;
  /** decision threshold on the cumulative sum */
  threshold: number;
  /** each standardized residual is clipped to +/- this, so one spike cannot confirm a shift on its own */
  clip: number;
}

export const defaultCusumOptions: CusumOptions = { drift: 0.5, threshold: 12, clip: 4 };

// slots of the state array (unboxed doubles, see README hot path)
const UP = 0;
const DOWN = 1;
const LAST = 2;
/** Number of slots a CusumDetector keeps in its state array. */
export const CUSUM_SLOTS = 3;

/** Plain-data state of a {@link CusumDetector}. */
export interface CusumState {
  up: number;
  down: number;
  /** max(up, down) right after the last update */
  last: number;
}

/**
 * Two-sided CUSUM (Page 1954) on standardized residuals: confirms a sustained level shift.
 * With the defaults a 4-sigma step is confirmed after 4 samples, a 1.5-sigma step after ~12, and an isolated
 * spike never (it adds at most clip - drift = 3.5).
 *
 * @example
 * const c = new CusumDetector();
 * [0, 5, 5, 5, 5].map((z) => c.update(z)); // [0, 0, 0, 0, 1]: upward shift confirmed at the 4th step
 */
export class CusumDetector {
  private readonly o: CusumOptions;
  // up, down, last in slots [b, b + CUSUM_SLOTS) of v: its own array, or a part of the owner's
  private readonly v: number[];
  private readonly b: number;

  /** `slab` / `at`: keep the state in slots [at, at + CUSUM_SLOTS) of the caller's double array. */
  constructor(options: Partial<CusumOptions> = {}, state?: CusumState, slab?: number[], at = 0) {
    this.o = withDefaults(defaultCusumOptions, options);
    const v = (this.v = stateSlots(CUSUM_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    v[b + UP] = state ? state.up : 0;
    v[b + DOWN] = state ? state.down : 0;
    v[b + LAST] = state ? state.last : 0;
  }

  /** Larger of the two cumulative sums after the last update (before a confirmation resets them), in sigmas. */
  get evidence(): number {
    return this.v[this.b + LAST];
  }

  /**
   * Probability of at least this much evidence without a shift: the CUSUM of N(0,1) residuals with allowance k
   * has an exponential stationary tail, P(S > s) ~ exp(-2ks) (Siegmund 1985).
   */
  get tail(): number {
    return Math.exp(-2 * this.o.drift * this.v[this.b + LAST]);
  }

  /** Feeds one standardized residual; returns +1 / -1 when an upward / downward shift is confirmed, else 0. */
  update(z: number): number {
    const { drift, threshold, clip } = this.o;
    const v = this.v;
    const b = this.b;
    const zc = z > clip ? clip : z < -clip ? -clip : z;
    const up = (v[b + UP] = Math.max(0, v[b + UP] + zc - drift));
    const down = (v[b + DOWN] = Math.max(0, v[b + DOWN] - zc - drift));
    v[b + LAST] = Math.max(up, down);
    if (up >= threshold) {
      this.reset();
      return 1;
    }
    if (down >= threshold) {
      this.reset();
      return -1;
    }
    return 0;
  }

  /** What `update` would return for `z` (+1 / -1 / 0), without learning. */
  score(z: number): number {
    const { drift, threshold, clip } = this.o;
    const v = this.v;
    const b = this.b;
    const zc = z > clip ? clip : z < -clip ? -clip : z;
    if (Math.max(0, v[b + UP] + zc - drift) >= threshold) return 1;
    return Math.max(0, v[b + DOWN] - zc - drift) >= threshold ? -1 : 0;
  }

  /** Learns `z` (the same state change as `update`). */
  learn(z: number): void {
    this.update(z);
  }

  reset(): void {
    this.v[this.b + UP] = 0;
    this.v[this.b + DOWN] = 0;
  }

  toJSON(): CusumState {
    const v = this.v;
    const b = this.b;
    return { up: v[b + UP], down: v[b + DOWN], last: v[b + LAST] };
  }
}
