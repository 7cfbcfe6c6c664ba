import { medianOf } from '../stats/median';

/** Plain-data state of an {@link IntervalEstimator}: a ring of recent positive deltas (ms) and its median. */
export interface IntervalState {
  deltas: number[];
  next: number;
  median: number;
}

const RING = 15;

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
  private readonly s: IntervalState;

  constructor(state?: IntervalState) {
    this.s = state
      ? { deltas: [...state.deltas], next: state.next, median: state.median }
      : { deltas: [], next: 0, median: 0 };
  }

  /** Median positive delta in ms; 0 until the first positive delta. */
  get intervalMs(): number {
    return this.s.median;
  }

  /** Observes one delta between consecutive timestamps; non-positive deltas (duplicates, out of order) are ignored. */
  observe(deltaMs: number): void {
    if (!(deltaMs > 0)) return;
    const s = this.s;
    if (s.deltas.length < RING) {
      s.deltas.push(deltaMs);
    } else {
      const evicted = s.deltas[s.next];
      s.deltas[s.next] = deltaMs;
      s.next = (s.next + 1) % RING;
      // Regular sampling: replacing a delta by an equal one cannot move the median.
      if (evicted === deltaMs) return;
    }
    s.median = medianOf(s.deltas, s.deltas.length);
  }

  toJSON(): IntervalState {
    return { deltas: [...this.s.deltas], next: this.s.next, median: this.s.median };
  }
}
