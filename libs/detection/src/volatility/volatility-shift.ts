import { logScore } from '../calibration/anomaly-likelihood';
import { type EwMeanVarState, newEwMeanVar, updateEwMeanVar } from '../stats/ew-mean-var';
import { normalTail } from '../stats/normal';

/** Tuning of a {@link VolatilityShift}; windows in samples. */
export interface VolatilityOptions {
  /** span of the short-term mean absolute step |x(t) - x(t-1)|: ~50 samples keep the sampling noise of the
   * ratio near 10% */
  shortWindow: number;
  /** span of the long-term mean absolute step, and of the distribution of the log ratio */
  longWindow: number;
}

export const defaultVolatilityOptions: VolatilityOptions = { shortWindow: 48, longWindow: 2000 };

/** Plain-data state of a {@link VolatilityShift}. */
export interface VolatilityState {
  n: number;
  last: number;
  short: number;
  long: number;
  /** long-term distribution of ln(short / long) */
  ratio: EwMeanVarState;
}

// A log ratio must stay finite on flat stretches: steps below 1% of the long-term step count as that 1%.
const FLOOR_SHARE = 0.01;
const MIN_SAMPLES = 50;

/**
 * Two-sided change of volatility: the short-term mean absolute step of the series against its long-term
 * mean absolute step, as a log ratio, scored against the ratio's own long-term distribution (normal tail,
 * both sides) and mapped to the likelihood log scale. Catches noise that suddenly grows or a signal that
 * goes flat / gets stuck, while every value stays inside the expected band.
 *
 * @example
 * const v = new VolatilityShift();
 * v.update(x); // likelihood in [0,1]: 0.5 = a 1e-5 tail probability
 */
export class VolatilityShift {
  private readonly o: VolatilityOptions;
  private readonly s: VolatilityState;

  constructor(options: Partial<VolatilityOptions> = {}, state?: VolatilityState) {
    this.o = { ...defaultVolatilityOptions, ...options };
    this.s = state
      ? { ...state, ratio: { ...state.ratio } }
      : { n: 0, last: 0, short: 0, long: 0, ratio: newEwMeanVar() };
  }

  /** Scores the step into `value` (likelihood in [0,1], 0 while warming up), then learns it. */
  update(value: number): number {
    return logScore(this.updateTail(value));
  }

  /** Like {@link update}, but returns the two-sided tail probability (1 while warming up). */
  updateTail(value: number): number {
    const s = this.s;
    const step = Math.abs(value - s.last);
    s.last = value;
    if (s.n++ === 0) return 1;
    const step_ = step < 1e300 ? step : 1e300;
    if (s.n === 2) {
      s.short = step_;
      s.long = step_;
      return 1;
    }
    s.short += (step_ - s.short) / this.o.shortWindow;
    s.long += Math.max(1 / s.n, 1 / this.o.longWindow) * (step_ - s.long);
    const floor = Math.max(FLOOR_SHARE * s.long, 1e-300);
    const r = Math.log((s.short + floor) / (s.long + floor));
    const sd = Math.sqrt(s.ratio.var);
    const z = sd > 0 ? Math.abs(r - s.ratio.mean) / sd : 0;
    const tail = s.n > MIN_SAMPLES ? 2 * normalTail(z) : 1;
    updateEwMeanVar(s.ratio, r, this.o.longWindow);
    return tail;
  }

  toJSON(): VolatilityState {
    return { ...this.s, ratio: { ...this.s.ratio } };
  }
}
