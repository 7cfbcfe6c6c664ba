/**
 * Deterministic synthetic series for the forecast suite: seeded noise, daily cycles and degradations
 * toward a limit whose true crossing time is known in closed form.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** 2026-01-05T00:00:00Z, a Monday */
export const T0 = Date.UTC(2026, 0, 5);

/** Mulberry32: tiny seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a seeded uniform source. */
export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** A daily cycle peaking at 15:00 UTC. */
export function dailyCycle(amplitude: number): (ts: number) => number {
  return (ts) => amplitude * Math.cos((2 * Math.PI * (ts - 15 * HOUR_MS)) / DAY_MS);
}

/**
 * A degradation: flat at `base` until `driftStart`, then moving toward `limit`, which the noise-free
 * signal reaches exactly at `crossingTs`.
 */
export interface Degradation {
  name: string;
  base: number;
  limit: number;
  driftStart: number;
  crossingTs: number;
  /** noise-free, de-seasonalized signal */
  signal: (ts: number) => number;
}

/** Straight line from base (at driftStart) to limit (at crossingTs). */
export function linearDegradation(
  base: number,
  limit: number,
  driftStart: number,
  durationMs: number,
): Degradation {
  const crossingTs = driftStart + durationMs;
  const signal = (ts: number): number =>
    ts <= driftStart ? base : base + ((limit - base) * (ts - driftStart)) / durationMs;
  return { name: 'linear', base, limit, driftStart, crossingTs, signal };
}

/** base + A (e^((t - driftStart) / T) - 1), reaching limit after `durationMs` = `foldings` time constants. */
export function exponentialDegradation(
  base: number,
  limit: number,
  driftStart: number,
  durationMs: number,
  foldings: number,
): Degradation {
  const timeConstant = durationMs / foldings;
  const amplitude = (limit - base) / Math.expm1(foldings);
  const signal = (ts: number): number =>
    ts <= driftStart ? base : base + amplitude * Math.expm1((ts - driftStart) / timeConstant);
  return { name: 'exponential', base, limit, driftStart, crossingTs: driftStart + durationMs, signal };
}

/**
 * Minimal online daily-profile estimator, standing in for the pipeline's seasonality stage: one
 * exponentially weighted mean per time-of-day slot; the seasonal component of a slot is its mean minus
 * the mean over all slots. Returns null until every slot has been seen once (one full day): feeding
 * the forecaster raw values first and de-seasonalized ones later would look like a level shift.
 */
export class OnlineDailyProfile {
  private readonly slots: number[];
  private readonly seen: boolean[];
  private seenCount = 0;

  constructor(
    private readonly slotMs = 15 * MINUTE_MS,
    private readonly alpha = 0.2,
  ) {
    this.slots = new Array<number>(Math.round(DAY_MS / slotMs)).fill(0);
    this.seen = new Array<boolean>(this.slots.length).fill(false);
  }

  /** Learn (ts, value) and return the de-seasonalized value, using the profile before this point. */
  deseasonalize(ts: number, value: number): number | null {
    const slot = Math.floor((ts % DAY_MS) / this.slotMs);
    const complete = this.seenCount === this.slots.length;
    const mean = this.slots.reduce((sum, v) => sum + v, 0) / this.slots.length;
    const adjusted = complete ? value - (this.slots[slot] - mean) : null;
    if (!this.seen[slot]) {
      this.seen[slot] = true;
      this.seenCount++;
      this.slots[slot] = value;
    } else {
      this.slots[slot] += this.alpha * (value - this.slots[slot]);
    }
    return adjusted;
  }
}
