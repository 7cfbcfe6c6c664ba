import { stateSlots } from '../stats/ew-mean-var';
import { medianOf } from '../stats/median';

/** Plain-data state of an {@link IntervalEstimator}: a ring of recent positive deltas (ms) and its median. */
export interface IntervalState {
  deltas: number[];
  next: number;
  median: number;
}

const RING = 15;
// slots of the state array (unboxed doubles, see README hot path): how many deltas the ring holds, the next
// one to replace once it is full, the median, then the ring
const COUNT = 0;
const NEXT = 1;
const MEDIAN = 2;
const DELTAS = 3;
/** Number of slots an IntervalEstimator keeps in its state array. */
export const INTERVAL_SLOTS = DELTAS + RING;

/**
 * Infers the sampling interval of a series as the median of its last 15 positive time deltas: robust to
 * gaps, bursts and jitter, and it follows a change of sampling rate after ~8 samples.
 *
 * @example
 * const iv = new IntervalEstimator();
 * for (const d of [60_000, 60_000, 3_600_000, 60_000]) iv.observe(d);
 * iv.intervalMs; // 60_000 (the one-hour gap is ignored)
 */
export class IntervalEstimator {
  // the IntervalState in slots [b, b + INTERVAL_SLOTS) of v: its own array, or a part of the owner's
  private readonly v: number[];
  private readonly b: number;

  /** `slab` / `at`: keep the state in slots [at, at + INTERVAL_SLOTS) of the caller's double array. */
  constructor(state?: IntervalState, slab?: number[], at = 0) {
    const v = (this.v = stateSlots(INTERVAL_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    if (!state) return;
    if (state.deltas.length > RING)
      throw new RangeError(`at most ${RING} deltas, got ${state.deltas.length}`);
    v[b + COUNT] = state.deltas.length;
    v[b + NEXT] = state.next;
    v[b + MEDIAN] = state.median;
    for (let i = 0; i < state.deltas.length; i++) v[b + DELTAS + i] = state.deltas[i];
  }

  /** Median positive delta in ms; 0 until the first positive delta. */
  get intervalMs(): number {
    return this.v[this.b + MEDIAN];
  }

  /** Observes one delta between consecutive timestamps; non-positive deltas (duplicates, out of order) are ignored. */
  observe(deltaMs: number): void {
    if (!(deltaMs > 0)) return;
    const v = this.v;
    const b = this.b;
    const count = v[b + COUNT];
    if (count < RING) {
      v[b + DELTAS + count] = deltaMs;
      v[b + COUNT] = count + 1;
    } else {
      const at = b + DELTAS + v[b + NEXT];
      const evicted = v[at];
      v[at] = deltaMs;
      v[b + NEXT] = (v[b + NEXT] + 1) % RING;
      // Regular sampling: replacing a delta by an equal one cannot move the median.
      if (evicted === deltaMs) return;
    }
    v[b + MEDIAN] = medianOf(v, v[b + COUNT], b + DELTAS);
  }

  toJSON(): IntervalState {
    const v = this.v;
    const b = this.b;
    return {
      deltas: v.slice(b + DELTAS, b + DELTAS + v[b + COUNT]),
      next: v[b + NEXT],
      median: v[b + MEDIAN],
    };
  }
}
