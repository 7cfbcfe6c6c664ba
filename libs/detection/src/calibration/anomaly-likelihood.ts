import { type EwMeanVarState, stateSlots, updateEwMeanVarAt } from '../stats/ew-mean-var';
import { normalTail } from '../stats/normal';
import { withDefaults } from '../with-defaults';
import { POT_SLOTS, PotTail, type PotTailState } from './pot-tail';

/** Tuning of {@link AnomalyLikelihood}; windows are in samples. */
export interface LikelihoodOptions {
  /** span of the long-term distribution of raw scores */
  longWindow: number;
  /** span of the short-term mean of raw scores */
  shortWindow: number;
  /** floor of the long-term standard deviation (raw-score units), so a perfectly quiet history stays finite */
  minStd: number;
  /** tail model of single raw scores: a normal fit, or peaks-over-threshold (generalized Pareto) */
  pointTail: 'normal' | 'pot';
}

export const defaultLikelihoodOptions: LikelihoodOptions = {
  longWindow: 2000,
  shortWindow: 8,
  minStd: 0.05,
  pointTail: 'pot',
};

/** Plain-data state of an {@link AnomalyLikelihood}. */
export interface LikelihoodState {
  long: EwMeanVarState;
  short: number;
  longShort: EwMeanVarState;
  pot: PotTailState;
}

// Numenta's log scaling: tail probability 1e-10 -> 1, so 0.5 means a 1e-5 tail (see README, calibration).
const LOG_FLOOR = 1e-10;
const LOG_NORM = -Math.log(LOG_FLOOR);
const RAW_CAP = 1e6;
// Peaks-over-threshold starts at mean + 1.645 sd of the raw scores (~5% of samples for a normal fit).
const POT_Z = 1.645;
// slots of the state array (unboxed doubles, see README hot path): long = n, mean, var of the raw scores
const LONG = 0;
const SHORT = 3;
const LONG_SHORT = 4; // n, mean, var of the short-term mean
const POT = LONG_SHORT + 3; // the PotTail's slots
/** Number of slots a AnomalyLikelihood (with its PotTail) keeps in its state array. */
export const LIKELIHOOD_SLOTS = POT + POT_SLOTS;

/**
 * Calibrates raw scores into an anomaly likelihood in [0,1] comparable across series (Ahmad et al. 2017):
 * the tail probability p of the short-term mean of raw scores under a normal fit of their long-term distribution,
 * mapped to `log(p + 1e-10) / log(1e-10)`. A score of 0.5 means "p = 1e-5", whatever the series' units or noise.
 *
 * @example
 * const al = new AnomalyLikelihood();
 * for (let i = 0; i < 500; i++) al.update(0.8);
 * al.update(0.8); // ~0
 * al.update(40);  // close to 1
 */
export class AnomalyLikelihood {
  private readonly o: LikelihoodOptions;
  // the state in slots [b, b + LIKELIHOOD_SLOTS) of v (its own array, or a part of the owner's), the
  // PotTail's among them
  private readonly v: number[];
  private readonly b: number;

  private readonly pot: PotTail;

  /** `slab` / `at`: keep the state in slots [at, at + LIKELIHOOD_SLOTS) of the caller's double array. */
  constructor(options: Partial<LikelihoodOptions> = {}, state?: LikelihoodState, slab?: number[], at = 0) {
    this.o = withDefaults(defaultLikelihoodOptions, options);
    const v = (this.v = stateSlots(LIKELIHOOD_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    if (state) {
      v[b + LONG] = state.long.n;
      v[b + LONG + 1] = state.long.mean;
      v[b + LONG + 2] = state.long.var;
      v[b + SHORT] = state.short;
      v[b + LONG_SHORT] = state.longShort.n;
      v[b + LONG_SHORT + 1] = state.longShort.mean;
      v[b + LONG_SHORT + 2] = state.longShort.var;
    }
    this.pot = new PotTail(this.o.longWindow, state?.pot, v, b + POT);
  }

  /** Scores `raw` (finite, >= 0) against the history, then learns it. Returns the likelihood score in [0,1]. */
  update(rawScore: number): number {
    return logScore(this.updateTail(rawScore));
  }

  /** The likelihood score in [0,1] `update` would return, without learning. */
  score(rawScore: number): number {
    return logScore(this.scoreTail(rawScore));
  }

  /**
   * Like {@link update}, but returns the tail probability itself (1 while there is no history). Callers that
   * combine several likelihoods take the smallest tail and map it once (logScore is decreasing).
   * Equals {@link scoreTail} then {@link learn}, sharing their intermediates.
   */
  updateTail(rawScore: number): number {
    const raw = capped(rawScore);
    const short = this.nextShort(raw);
    const std = this.longStd();
    const tail = this.tailOf(raw, short, std);
    this.learnOf(raw, short, std);
    return tail;
  }

  /** The tail probability `updateTail` would return, without learning. */
  scoreTail(rawScore: number): number {
    const raw = capped(rawScore);
    return this.tailOf(raw, this.nextShort(raw), this.longStd());
  }

  /** Learns `raw` (the learning half of `updateTail`). */
  learn(rawScore: number): void {
    const raw = capped(rawScore);
    this.learnOf(raw, this.nextShort(raw), this.longStd());
  }

  toJSON(): LikelihoodState {
    const v = this.v;
    const b = this.b;
    return {
      long: { n: v[b + LONG], mean: v[b + LONG + 1], var: v[b + LONG + 2] },
      short: v[b + SHORT],
      longShort: { n: v[b + LONG_SHORT], mean: v[b + LONG_SHORT + 1], var: v[b + LONG_SHORT + 2] },
      pot: this.pot.toJSON(),
    };
  }

  /** The short-term mean of raw scores once `raw` is included. */
  private nextShort(raw: number): number {
    const v = this.v;
    const b = this.b;
    return v[b + LONG] === 0 ? raw : v[b + SHORT] + (raw - v[b + SHORT]) / this.o.shortWindow;
  }

  private longStd(): number {
    return Math.max(Math.sqrt(this.v[this.b + LONG + 2]), this.o.minStd);
  }

  private tailOf(raw: number, short: number, std: number): number {
    const v = this.v;
    const b = this.b;
    // Two scales: a single extreme sample (spike) and a sustained shift of the short-term mean (onset),
    // each judged against its own long-term distribution.
    const threshold = v[b + LONG + 1] + POT_Z * std;
    const potTail = this.o.pointTail === 'pot' ? this.pot.tail(raw, threshold) : null;
    const shortStd = Math.max(Math.sqrt(v[b + LONG_SHORT + 2]), this.o.minStd);
    const zShort = (short - v[b + LONG_SHORT + 1]) / shortStd;
    // The smaller tail wins. Both normal: the larger z decides (one erfc instead of two, same result).
    let tail: number;
    if (potTail === null) {
      const zPoint = (raw - v[b + LONG + 1]) / std;
      tail = normalTail(zPoint > zShort ? zPoint : zShort);
    } else {
      // a short mean below its average has a tail >= 0.5, which cannot beat a point tail below 0.5
      const shortTail = zShort <= 0 && potTail < 0.5 ? 1 : normalTail(zShort);
      tail = potTail < shortTail ? potTail : shortTail;
    }
    if (v[b + LONG] < 2) tail = 1;
    return tail;
  }

  private learnOf(raw: number, short: number, std: number): void {
    const v = this.v;
    const b = this.b;
    v[b + SHORT] = short;
    this.pot.learn(raw, v[b + LONG + 1] + POT_Z * std);
    updateEwMeanVarAt(v, b + LONG, raw, this.o.longWindow);
    updateEwMeanVarAt(v, b + LONG_SHORT, short, this.o.longWindow);
  }
}

// Capping keeps the long-term variance finite whatever the input (1e300 squared would overflow).
function capped(rawScore: number): number {
  return rawScore > RAW_CAP ? RAW_CAP : rawScore;
}

/** Maps a tail probability to [0,1]: 1e-10 -> 1, 1e-5 -> 0.5, >= 1 -> 0. */
export function logScore(tail: number): number {
  const v = Math.log(tail + LOG_FLOOR) / -LOG_NORM;
  return v <= 0 ? 0 : v >= 1 ? 1 : v;
}
