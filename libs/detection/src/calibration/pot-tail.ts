import { type EwMeanVarState, newEwMeanVar, updateEwMeanVar } from '../stats/ew-mean-var';

/** Plain-data state of a {@link PotTail}. */
export interface PotTailState {
  /** EW share of samples above the threshold */
  share: number;
  n: number;
  /** EW mean/variance of the excesses over the threshold */
  excess: EwMeanVarState;
}

/**
 * Streaming peaks-over-threshold tail (extreme value theory, as in SPOT, Siffer et al. 2017): excesses of a
 * score over a high threshold follow a generalized Pareto distribution, fit here by the method of moments on
 * EW moments of the excesses. Heavy-tailed series (bursty counts) get a heavier tail, so their routine
 * spikes are not rare events; the shape is kept >= 0 (never lighter than exponential) to stay conservative.
 *
 * @example
 * const t = new PotTail();
 * t.update(x, threshold); // learn
 * t.tail(x, threshold);   // P(X >= x), or null until ~10 excesses were seen
 */
export class PotTail {
  private readonly s: PotTailState;

  constructor(
    private readonly window: number,
    state?: PotTailState,
  ) {
    this.s = state ? { ...state, excess: { ...state.excess } } : { share: 0, n: 0, excess: newEwMeanVar() };
  }

  /** Tail probability of x above the threshold; null at or below it, or while fewer than 10 excesses were seen. */
  tail(x: number, threshold: number): number | null {
    const s = this.s;
    if (s.excess.n < 10 || x <= threshold) return null;
    const m = s.excess.mean;
    const r = s.excess.var > 0 ? (m * m) / s.excess.var : 1;
    const shape = Math.min(1, Math.max(0, 0.5 * (1 - r)));
    const scale = Math.max(1e-12, 0.5 * m * (1 + r));
    const y = (x - threshold) / scale;
    const survival = shape < 1e-6 ? Math.exp(-y) : Math.pow(1 + shape * y, -1 / shape);
    return s.share * survival;
  }

  /** Learns x against the current threshold. */
  update(x: number, threshold: number): void {
    const s = this.s;
    s.n++;
    const above = x > threshold ? 1 : 0;
    s.share += Math.max(1 / s.n, 1 / this.window) * (above - s.share);
    if (above === 1) updateEwMeanVar(s.excess, x - threshold, this.window / 20);
  }

  toJSON(): PotTailState {
    return { ...this.s, excess: { ...this.s.excess } };
  }
}
