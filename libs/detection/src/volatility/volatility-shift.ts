import { logScore } from '../calibration/anomaly-likelihood';
import { type EwMeanVarState, stateSlots, updateEwMeanVarAt } from '../stats/ew-mean-var';
import { normalTail } from '../stats/normal';
import { withDefaults } from '../with-defaults';

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
// slots of the state array (unboxed doubles, see README hot path)
const N = 0;
const LAST = 1;
const SHORT = 2;
const LONG = 3;
const RATIO = 4; // n, mean, var of the log ratio
/** Number of slots a VolatilityShift keeps in its state array. */
export const VOLATILITY_SLOTS = RATIO + 3;

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
  // the state in slots [b, b + VOLATILITY_SLOTS) of v: its own array, or a part of the owner's
  private readonly v: number[];
  private readonly b: number;

  /** `slab` / `at`: keep the state in slots [at, at + VOLATILITY_SLOTS) of the caller's double array. */
  constructor(options: Partial<VolatilityOptions> = {}, state?: VolatilityState, slab?: number[], at = 0) {
    this.o = withDefaults(defaultVolatilityOptions, options);
    const v = (this.v = stateSlots(VOLATILITY_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    if (!state) return;
    v[b + N] = state.n;
    v[b + LAST] = state.last;
    v[b + SHORT] = state.short;
    v[b + LONG] = state.long;
    v[b + RATIO] = state.ratio.n;
    v[b + RATIO + 1] = state.ratio.mean;
    v[b + RATIO + 2] = state.ratio.var;
  }

  /** Scores the step into `value` (likelihood in [0,1], 0 while warming up), then learns it. */
  update(value: number): number {
    return logScore(this.updateTail(value));
  }

  /** The likelihood `update` would return, without learning. */
  score(value: number): number {
    return logScore(this.scoreTail(value));
  }

  /** Like {@link update}, but returns the two-sided tail probability (1 while warming up): scoreTail then learn. */
  updateTail(value: number): number {
    return this.step(value, true);
  }

  /** The tail probability `updateTail` would return, without learning. */
  scoreTail(value: number): number {
    return this.step(value, false);
  }

  /** Learns the step into `value` (the learning half of `updateTail`). */
  learn(value: number): void {
    this.step(value, true);
  }

  toJSON(): VolatilityState {
    const v = this.v;
    const b = this.b;
    return {
      n: v[b + N],
      last: v[b + LAST],
      short: v[b + SHORT],
      long: v[b + LONG],
      ratio: { n: v[b + RATIO], mean: v[b + RATIO + 1], var: v[b + RATIO + 2] },
    };
  }

  /** Computes the tail of the step into `value`; stores what it learned only with `learn`. */
  private step(value: number, learn: boolean): number {
    const v = this.v;
    const b = this.b;
    const step = Math.abs(value - v[b + LAST]);
    const n = v[b + N] + 1;
    if (learn) {
      v[b + LAST] = value;
      v[b + N] = n;
    }
    if (n === 1) return 1;
    const step_ = step < 1e300 ? step : 1e300;
    if (n === 2) {
      if (learn) {
        v[b + SHORT] = step_;
        v[b + LONG] = step_;
      }
      return 1;
    }
    const short = v[b + SHORT] + (step_ - v[b + SHORT]) / this.o.shortWindow;
    const long = v[b + LONG] + Math.max(1 / n, 1 / this.o.longWindow) * (step_ - v[b + LONG]);
    const floor = Math.max(FLOOR_SHARE * long, 1e-300);
    const r = Math.log((short + floor) / (long + floor));
    const sd = Math.sqrt(v[b + RATIO + 2]);
    const z = sd > 0 ? Math.abs(r - v[b + RATIO + 1]) / sd : 0;
    const tail = n > MIN_SAMPLES ? 2 * normalTail(z) : 1;
    if (learn) {
      v[b + SHORT] = short;
      v[b + LONG] = long;
      updateEwMeanVarAt(v, b + RATIO, r, this.o.longWindow);
    }
    return tail;
  }
}
