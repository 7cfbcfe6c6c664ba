import { type EwMeanVarState, newEwMeanVar, updateEwMeanVar } from '../stats/ew-mean-var';
import { normalTail } from '../stats/normal';
import { PotTail, type PotTailState } from './pot-tail';

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
  private readonly s: LikelihoodState;

  private readonly pot: PotTail;

  constructor(options: Partial<LikelihoodOptions> = {}, state?: LikelihoodState) {
    this.o = { ...defaultLikelihoodOptions, ...options };
    this.s = state
      ? { long: { ...state.long }, short: state.short, longShort: { ...state.longShort }, pot: state.pot }
      : {
          long: newEwMeanVar(),
          short: 0,
          longShort: newEwMeanVar(),
          pot: undefined as unknown as PotTailState,
        };
    this.pot = new PotTail(this.o.longWindow, state?.pot);
  }

  /** Scores `raw` (finite, >= 0) against the history, then learns it. Returns the likelihood score in [0,1]. */
  update(rawScore: number): number {
    return logScore(this.updateTail(rawScore));
  }

  /**
   * Like {@link update}, but returns the tail probability itself (1 while there is no history). Callers that
   * combine several likelihoods take the smallest tail and map it once (logScore is decreasing).
   */
  updateTail(rawScore: number): number {
    const s = this.s;
    // Capping keeps the long-term variance finite whatever the input (1e300 squared would overflow).
    const raw = rawScore > RAW_CAP ? RAW_CAP : rawScore;
    s.short = s.long.n === 0 ? raw : s.short + (raw - s.short) / this.o.shortWindow;
    // Two scales: a single extreme sample (spike) and a sustained shift of the short-term mean (onset),
    // each judged against its own long-term distribution.
    const std = Math.max(Math.sqrt(s.long.var), this.o.minStd);
    const threshold = s.long.mean + POT_Z * std;
    const potTail = this.o.pointTail === 'pot' ? this.pot.tail(raw, threshold) : null;
    const shortStd = Math.max(Math.sqrt(s.longShort.var), this.o.minStd);
    const zShort = (s.short - s.longShort.mean) / shortStd;
    // The smaller tail wins. Both normal: the larger z decides (one erfc instead of two, same result).
    let tail: number;
    if (potTail === null) {
      const zPoint = (raw - s.long.mean) / std;
      tail = normalTail(zPoint > zShort ? zPoint : zShort);
    } else {
      // a short mean below its average has a tail >= 0.5, which cannot beat a point tail below 0.5
      const shortTail = zShort <= 0 && potTail < 0.5 ? 1 : normalTail(zShort);
      tail = potTail < shortTail ? potTail : shortTail;
    }
    if (s.long.n < 2) tail = 1;
    this.pot.update(raw, threshold);
    updateEwMeanVar(s.long, raw, this.o.longWindow);
    updateEwMeanVar(s.longShort, s.short, this.o.longWindow);
    return tail;
  }

  toJSON(): LikelihoodState {
    return {
      long: { ...this.s.long },
      short: this.s.short,
      longShort: { ...this.s.longShort },
      pot: this.pot.toJSON(),
    };
  }
}

/** Maps a tail probability to [0,1]: 1e-10 -> 1, 1e-5 -> 0.5, >= 1 -> 0. */
export function logScore(tail: number): number {
  const v = Math.log(tail + LOG_FLOOR) / -LOG_NORM;
  return v <= 0 ? 0 : v >= 1 ? 1 : v;
}
