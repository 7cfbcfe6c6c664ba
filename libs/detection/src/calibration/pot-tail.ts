import { type EwMeanVarState, stateSlots, updateEwMeanVarAt } from '../stats/ew-mean-var';

/** Plain-data state of a {@link PotTail}. */
export interface PotTailState {
  /** EW share of samples above the threshold */
  share: number;
  n: number;
  /** EW mean/variance of the excesses over the threshold */
  excess: EwMeanVarState;
}

// slots of the state array (unboxed doubles, see README hot path)
const SHARE = 0;
const N = 1;
const EXCESS = 2; // n, mean, var of the excesses
/** Number of slots a PotTail keeps in its state array. */
export const POT_SLOTS = EXCESS + 3;

/**
 * Streaming peaks-over-threshold tail (extreme value theory, as in SPOT, Siffer et al. 2017): excesses of a
 * score over a high threshold follow a generalized Pareto distribution, fit here by the method of moments on
 * EW moments of the excesses. Heavy-tailed series (bursty counts) get a heavier tail, so their routine
 * spikes are not rare events; the shape is kept >= 0 (never lighter than exponential) to stay conservative.
 *
 * @example
 * const t = new PotTail();
 * t.learn(x, threshold); // learn
 * t.score(x, threshold); // P(X >= x), or null until ~10 excesses were seen (never learns)
 */
export class PotTail {
  // the state in slots [b, b + POT_SLOTS) of v: its own array, or a part of the owner's
  private readonly v: number[];
  private readonly b: number;

  /** `slab` / `at`: keep the state in slots [at, at + POT_SLOTS) of the caller's double array. */
  constructor(
    private readonly window: number,
    state?: PotTailState,
    slab?: number[],
    at = 0,
  ) {
    const v = (this.v = stateSlots(POT_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    if (!state) return;
    v[b + SHARE] = state.share;
    v[b + N] = state.n;
    v[b + EXCESS] = state.excess.n;
    v[b + EXCESS + 1] = state.excess.mean;
    v[b + EXCESS + 2] = state.excess.var;
  }

  /** Tail probability of x above the threshold; null at or below it, or while fewer than 10 excesses were seen. */
  tail(x: number, threshold: number): number | null {
    const v = this.v;
    const b = this.b;
    if (v[b + EXCESS] < 10 || x <= threshold) return null;
    const m = v[b + EXCESS + 1];
    const variance = v[b + EXCESS + 2];
    const r = variance > 0 ? (m * m) / variance : 1;
    const shape = Math.min(1, Math.max(0, 0.5 * (1 - r)));
    const scale = Math.max(1e-12, 0.5 * m * (1 + r));
    const y = (x - threshold) / scale;
    const survival = shape < 1e-6 ? Math.exp(-y) : Math.pow(1 + shape * y, -1 / shape);
    return v[b + SHARE] * survival;
  }

  /** Same as {@link tail} (never learns): the score step of the learn / score contract. */
  score(x: number, threshold: number): number | null {
    return this.tail(x, threshold);
  }

  /** Learns x against the current threshold. */
  learn(x: number, threshold: number): void {
    const v = this.v;
    const b = this.b;
    const n = ++v[b + N];
    const above = x > threshold ? 1 : 0;
    v[b + SHARE] += Math.max(1 / n, 1 / this.window) * (above - v[b + SHARE]);
    if (above === 1) updateEwMeanVarAt(v, b + EXCESS, x - threshold, this.window / 20);
  }

  /** Scores x, then learns it: `score` then `learn`. */
  update(x: number, threshold: number): number | null {
    const tail = this.tail(x, threshold);
    this.learn(x, threshold);
    return tail;
  }

  toJSON(): PotTailState {
    const v = this.v;
    const b = this.b;
    return {
      share: v[b + SHARE],
      n: v[b + N],
      excess: { n: v[b + EXCESS], mean: v[b + EXCESS + 1], var: v[b + EXCESS + 2] },
    };
  }
}
