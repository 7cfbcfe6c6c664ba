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
  private readonly s: CusumState;

  constructor(options: Partial<CusumOptions> = {}, state?: CusumState) {
    this.o = { ...defaultCusumOptions, ...options };
    this.s = state ? { ...state } : { up: 0, down: 0, last: 0 };
  }

  /** Larger of the two cumulative sums after the last update (before a confirmation resets them), in sigmas. */
  get evidence(): number {
    return this.s.last;
  }

  /**
   * Probability of at least this much evidence without a shift: the CUSUM of N(0,1) residuals with allowance k
   * has an exponential stationary tail, P(S > s) ~ exp(-2ks) (Siegmund 1985).
   */
  get tail(): number {
    return Math.exp(-2 * this.o.drift * this.s.last);
  }

  /** Feeds one standardized residual; returns +1 / -1 when an upward / downward shift is confirmed, else 0. */
  update(z: number): number {
    const { drift, threshold, clip } = this.o;
    const s = this.s;
    const zc = z > clip ? clip : z < -clip ? -clip : z;
    s.up = Math.max(0, s.up + zc - drift);
    s.down = Math.max(0, s.down - zc - drift);
    s.last = Math.max(s.up, s.down);
    if (s.up >= threshold) {
      this.reset();
      return 1;
    }
    if (s.down >= threshold) {
      this.reset();
      return -1;
    }
    return 0;
  }

  reset(): void {
    this.s.up = 0;
    this.s.down = 0;
  }

  toJSON(): CusumState {
    return { ...this.s };
  }
}
