import { decayedRate } from '../baseline/robust-baseline';
import { stateSlots } from '../stats/ew-mean-var';
import { packFloats, unpackFloats } from '../stats/packed-floats';

/**
 * Plain-data state of a {@link SeasonalProfile} (~0.9 KiB as JSON). The 62 doubles are packed (exact IEEE-754
 * bytes in base 64, see packFloats): half the size of JSON decimals; bin counts stay readable.
 */
export interface SeasonalState {
  /** packFloats([first, level, levelN, ...daily (24), ...weekly (7), ...dailyMad (24), ...ms (4)]) */
  packed: string;
  /** learned weights of the daily / weekly bins (3 decimals, saturating: short as JSON) */
  dailyN: number[];
  weeklyN: number[];
  dailyOn: boolean;
  weeklyOn: boolean;
}

const PACKED_COUNT = 3 + 24 + 7 + 24 + 4;

const HOUR = 3_600_000;
const MAD_TO_SIGMA = 1.2533141373155003;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
// A cycle is judged on out-of-sample residuals: the first cycle only fills the profile, the second is the
// first it can predict. So a cycle needs two periods of event time whatever the sampling rate (physics).
const MIN_CYCLES = 2;
// A cycle is used once removing it explains this share of the residual variance; hysteresis avoids flapping.
const ON_RATIO = 0.75;
const OFF_RATIO = 0.85;
// Each bin remembers about this many cycles.
const DAILY_MEMORY_DAYS = 5;
const WEEKLY_MEMORY_WEEKS = 3;

// Slots of the state array (unboxed doubles, see README hot path): everything a point reads or writes lies in
// one array, so a point touches a few adjacent cache lines instead of a dozen separate objects.
/** first timestamp seen (epoch ms) */
const FIRST = 0;
/** slow (one day) level of the de-seasonalized series, the reference the profiles are learned against */
const LEVEL = 1;
const LEVEL_N = 2;
/** 24 hourly bins (UTC) of the daily profile, and their learned weights */
const DAILY = 3;
const DAILY_N = DAILY + 24;
/** 7 day-of-week bins (UTC days) of the weekly profile, and their learned weights */
const WEEKLY = DAILY_N + 24;
const WEEKLY_N = WEEKLY + 7;
/** 24 hourly bins of the mean absolute residual after the cycles: some hours are noisier than others */
const DAILY_MAD = WEEKLY_N + 7;
/** EW mean squares of out-of-sample residuals: [none, daily, daily+weekly, weekly] */
const MS = DAILY_MAD + 24;
/** whether the daily / weekly cycle is on (0 / 1) */
const DAILY_ON = MS + 4;
const WEEKLY_ON = DAILY_ON + 1;
// Derived data, never serialized: the means of the learned bins (the profiles are kept zero-mean), recomputed
// only when bins change; and where the last timestamp falls (see locate): the timestamp, the daily bins around
// it and the weight of the second, its UTC hour and day of the week, then the daily offset at the cached time
// (NaN until computed for the current bins). The pipeline asks up to eight times per point, and a
// floating-point modulo is a slow library call.
const DAILY_MEAN = WEEKLY_ON + 1;
const WEEKLY_MEAN = DAILY_MEAN + 1;
const AT_TS = WEEKLY_MEAN + 1;
const AT_I0 = AT_TS + 1;
const AT_I1 = AT_TS + 2;
const AT_F = AT_TS + 3;
const AT_HOUR = AT_TS + 4;
const AT_DAY = AT_TS + 5;
const AT_DAILY = AT_TS + 6;
/** Number of slots a SeasonalProfile keeps in its state array. */
export const SEASONAL_SLOTS = AT_DAILY + 1;

/**
 * Daily and weekly cycles, detected from the data and removed before scoring.
 * The daily profile has 24 hourly bins (linearly interpolated), the weekly profile 7 day bins; both are
 * EW means of the residual to a slow level, fit by backfitting, and kept zero-mean. A cycle is switched on only
 * when it reduces the out-of-sample residual variance by 25%, judged after two cycles (2 days for daily,
 * 14 days for weekly, whatever the sampling rate).
 *
 * @example
 * const sp = new SeasonalProfile();
 * for (let t = 0; t < 10 * DAY; t += 300_000) sp.learn(t, Math.sin((2 * Math.PI * t) / DAY), 300_000);
 * sp.component(6 * HOUR); // ~1: the daily peak
 */
export class SeasonalProfile {
  // the state in slots [b, b + SEASONAL_SLOTS) of v: its own array, or a part of the owner's (SeriesDetector)
  private readonly v: number[];
  private readonly b: number;

  /** `slab` / `at`: keep the state in slots [at, at + SEASONAL_SLOTS) of the caller's double array. */
  constructor(state?: SeasonalState, slab?: number[], at = 0) {
    const v = (this.v = stateSlots(SEASONAL_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    if (state) unpack(state as SeasonalState | LegacySeasonalState, v, b);
    else v[b + FIRST] = NaN;
    v[b + AT_TS] = NaN;
    v[b + DAILY_MEAN] = learnedMean(v, b + DAILY, b + DAILY_N, 24);
    v[b + WEEKLY_MEAN] = learnedMean(v, b + WEEKLY, b + WEEKLY_N, 7);
  }

  /** The slow (about one day) level of the de-seasonalized series; NaN before the first sample. */
  get slowLevel(): number {
    return this.v[this.b + LEVEL_N] > 0 ? this.v[this.b + LEVEL] : NaN;
  }

  get dailyOn(): boolean {
    return this.v[this.b + DAILY_ON] !== 0;
  }

  get weeklyOn(): boolean {
    return this.v[this.b + WEEKLY_ON] !== 0;
  }

  /** The seasonal offset of the cycles currently switched on, at time ts. */
  component(ts: number): number {
    const v = this.v;
    const b = this.b;
    return (v[b + DAILY_ON] !== 0 ? this.dailyAt(ts) : 0) + (v[b + WEEKLY_ON] !== 0 ? this.weeklyAt(ts) : 0);
  }

  /**
   * Bounds of `component(t)` over every time t: [lowest, highest] offset the cycles switched on can add (the
   * daily offset interpolates between two of its bins, the weekly one is a bin or 0). Callers scanning many
   * future times skip those where even the most adverse offset cannot matter (up to rounding: allow a margin).
   * @example const [low, high] = profile.offsetBounds(); // [0, 0] without cycles
   */
  offsetBounds(): [number, number] {
    const v = this.v;
    const b = this.b;
    let low = 0;
    let high = 0;
    if (v[b + DAILY_ON] !== 0) {
      let min = v[b + DAILY];
      let max = min;
      for (let i = 1; i < 24; i++) {
        const x = v[b + DAILY + i];
        if (x < min) min = x;
        if (x > max) max = x;
      }
      low += min - v[b + DAILY_MEAN];
      high += max - v[b + DAILY_MEAN];
    }
    if (v[b + WEEKLY_ON] !== 0) {
      let min = 0;
      let max = 0;
      for (let i = 0; i < 7; i++) {
        if (v[b + WEEKLY_N + i] === 0) continue;
        const x = v[b + WEEKLY + i] - v[b + WEEKLY_MEAN];
        if (x < min) min = x;
        if (x > max) max = x;
      }
      low += min;
      high += max;
    }
    return [low, high];
  }

  /** The seasonal offset at `ts` (= component(ts); never learns): the score step of the learn / score contract. */
  score(ts: number): number {
    return this.component(ts);
  }

  /** Scores `ts` (the offset before learning), then learns `x`: `score` then `learn`. */
  update(ts: number, x: number, intervalMs: number, weight = 1): number {
    const offset = this.component(ts);
    this.learn(ts, x, intervalMs, weight);
    return offset;
  }

  /** Sigma estimate of the residual noise at this hour of day; 0 while the daily cycle is off. */
  spreadAt(ts: number): number {
    const v = this.v;
    const b = this.b;
    if (v[b + DAILY_ON] === 0) return 0;
    return v[b + DAILY_MAD + this.locate(ts, AT_HOUR)] * MAD_TO_SIGMA;
  }

  /**
   * Learns the size of the caller's residual (observed - expected) at this hour of day: the hourly noise
   * profile. `limit` clips outliers (same units as the residual).
   */
  learnNoise(ts: number, absResidual: number, limit: number, intervalMs: number, weight = 1): void {
    const v = this.v;
    const b = this.b;
    const i = b + DAILY_MAD + this.locate(ts, AT_HOUR);
    const interval = intervalMs > 0 ? intervalMs : 60_000;
    const rate = Math.max(
      weight / (v[b + LEVEL_N] + 1),
      weight / (Math.max(1, HOUR / interval) * DAILY_MEMORY_DAYS),
    );
    const x = absResidual < limit ? absResidual : limit;
    // an empty bin starts at its first sample instead of creeping up from 0
    v[i] = v[i] === 0 ? x : v[i] + rate * (x - v[i]);
  }

  /**
   * Learns one observation. `intervalMs` is the inferred sampling interval (0 when unknown), `weight` in (0,1]
   * down-weights suspicious samples.
   */
  learn(ts: number, x: number, intervalMs: number, weight = 1): void {
    const v = this.v;
    const b = this.b;
    if (v[b + LEVEL_N] === 0) {
      v[b + FIRST] = ts;
      v[b + LEVEL] = x;
      v[b + LEVEL_N] = weight;
      return;
    }
    const interval = intervalMs > 0 ? intervalMs : 60_000;
    const perDay = DAY / interval;
    const d = this.dailyAt(ts);
    const w = this.weeklyAt(ts);
    const e0 = x - v[b + LEVEL];
    // Out-of-sample residuals (before learning this point) decide which cycles are real.
    const msRate = decayedRate(1 / (v[b + LEVEL_N] + 1), Math.max(200, 7 * perDay), 1) * weight;
    const r1 = e0 - d;
    const r2 = r1 - w;
    const r3 = e0 - w;
    const ms = b + MS;
    v[ms] += msRate * (e0 * e0 - v[ms]);
    v[ms + 1] += msRate * (r1 * r1 - v[ms + 1]);
    v[ms + 2] += msRate * (r2 * r2 - v[ms + 2]);
    v[ms + 3] += msRate * (r3 * r3 - v[ms + 3]);
    this.decide(ts);

    // Robustness: one outlier may move a bin by at most 4 residual sigmas.
    const limit = v[b + LEVEL_N] > 50 ? 4 * Math.sqrt(Math.min(v[ms], v[ms + 1], v[ms + 2])) : Infinity;
    this.learnDaily(ts, e0 - w, limit, weight, Math.max(1, HOUR / interval));
    this.learnWeekly(ts, e0 - d, limit, weight, perDay);
    const levelN = (v[b + LEVEL_N] += weight);
    v[b + LEVEL] +=
      decayedRate(weight / levelN, Math.max(24, perDay), 1) * clip(x - d - w - v[b + LEVEL], limit);
  }

  toJSON(): SeasonalState {
    const v = this.v;
    const b = this.b;
    return {
      packed: packFloats([
        v[b + FIRST],
        v[b + LEVEL],
        v[b + LEVEL_N],
        ...v.slice(b + DAILY, b + DAILY + 24),
        ...v.slice(b + WEEKLY, b + WEEKLY + 7),
        ...v.slice(b + DAILY_MAD, b + DAILY_MAD + 24),
        ...v.slice(b + MS, b + MS + 4),
      ]),
      dailyN: v.slice(b + DAILY_N, b + DAILY_N + 24),
      weeklyN: v.slice(b + WEEKLY_N, b + WEEKLY_N + 7),
      dailyOn: v[b + DAILY_ON] !== 0,
      weeklyOn: v[b + WEEKLY_ON] !== 0,
    };
  }

  private decide(ts: number): void {
    const v = this.v;
    const b = this.b;
    const span = ts - v[b + FIRST];
    const none = v[b + MS];
    const daily = v[b + MS + 1];
    const both = v[b + MS + 2];
    const weeklyOnly = v[b + MS + 3];
    const dailyRatio = daily / (none || 1);
    if (span >= MIN_CYCLES * DAY)
      v[b + DAILY_ON] = dailyRatio < (v[b + DAILY_ON] !== 0 ? OFF_RATIO : ON_RATIO) ? 1 : 0;
    const weeklyRatio = v[b + DAILY_ON] !== 0 ? both / (daily || 1) : weeklyOnly / (none || 1);
    if (span >= MIN_CYCLES * WEEK)
      v[b + WEEKLY_ON] = weeklyRatio < (v[b + WEEKLY_ON] !== 0 ? OFF_RATIO : ON_RATIO) ? 1 : 0;
  }

  /** Slot `slot` (AT_*) of the position of `ts` in the day and week, computed once per timestamp. */
  private locate(ts: number, slot: number): number {
    const v = this.v;
    const b = this.b;
    if (v[b + AT_TS] !== ts) {
      const inDay = mod(ts, DAY);
      const p = inDay / HOUR - 0.5;
      const i0 = mod(Math.floor(p), 24);
      v[b + AT_I0] = i0;
      v[b + AT_I1] = (i0 + 1) % 24;
      v[b + AT_F] = p - Math.floor(p);
      v[b + AT_HOUR] = Math.floor(inDay / HOUR);
      v[b + AT_DAY] = mod(Math.floor(ts / DAY), 7);
      v[b + AT_DAILY] = NaN;
      v[b + AT_TS] = ts;
    }
    return v[b + slot];
  }

  private dailyAt(ts: number): number {
    const v = this.v;
    const b = this.b;
    this.locate(ts, AT_TS);
    if (!Number.isNaN(v[b + AT_DAILY])) return v[b + AT_DAILY];
    const i0 = v[b + AT_I0];
    const i1 = v[b + AT_I1];
    const f = v[b + AT_F];
    const v0 = v[b + DAILY_N + i0] > 0 ? v[b + DAILY + i0] : v[b + DAILY + i1];
    const v1 = v[b + DAILY_N + i1] > 0 ? v[b + DAILY + i1] : v0;
    return (v[b + AT_DAILY] = v0 * (1 - f) + v1 * f - v[b + DAILY_MEAN]);
  }

  private weeklyAt(ts: number): number {
    const v = this.v;
    const b = this.b;
    const i = this.locate(ts, AT_DAY);
    if (v[b + WEEKLY_N + i] === 0) return 0;
    return v[b + WEEKLY + i] - v[b + WEEKLY_MEAN];
  }

  private learnDaily(ts: number, target: number, limit: number, weight: number, updatesPerDay: number): void {
    const v = this.v;
    const b = this.b;
    this.locate(ts, AT_TS);
    const f = v[b + AT_F];
    const window = updatesPerDay * DAILY_MEMORY_DAYS;
    learnBin(v, b + DAILY, b + DAILY_N, v[b + AT_I0], target, limit, weight * (1 - f), window);
    learnBin(v, b + DAILY, b + DAILY_N, v[b + AT_I1], target, limit, weight * f, window);
    v[b + DAILY_MEAN] = learnedMean(v, b + DAILY, b + DAILY_N, 24);
    v[b + AT_DAILY] = NaN;
  }

  private learnWeekly(ts: number, target: number, limit: number, weight: number, perDay: number): void {
    const v = this.v;
    const b = this.b;
    const i = this.locate(ts, AT_DAY);
    learnBin(v, b + WEEKLY, b + WEEKLY_N, i, target, limit, weight, perDay * WEEKLY_MEMORY_WEEKS);
    v[b + WEEKLY_MEAN] = learnedMean(v, b + WEEKLY, b + WEEKLY_N, 7);
  }
}

/** The state written before the doubles were packed (plain arrays); still accepted when restoring. */
interface LegacySeasonalState {
  first: number | null; // JSON turned a NaN into null
  level: number;
  levelN: number;
  daily: number[];
  dailyN: number[];
  weekly: number[];
  weeklyN: number[];
  dailyMad: number[];
  ms: number[];
  dailyOn: boolean;
  weeklyOn: boolean;
}

/** Writes a serialized state into slots [b, b + SEASONAL_SLOTS) of v (the derived slots are left alone). */
function unpack(state: SeasonalState | LegacySeasonalState, v: number[], b: number): void {
  if (!('packed' in state)) {
    const l = state;
    v[b + FIRST] = l.first ?? NaN;
    v[b + LEVEL] = l.level;
    v[b + LEVEL_N] = l.levelN;
    copyInto(v, b + DAILY, l.daily);
    copyInto(v, b + WEEKLY, l.weekly);
    copyInto(v, b + DAILY_MAD, l.dailyMad);
    copyInto(v, b + MS, l.ms);
  } else {
    // first, level, levelN, daily (24), weekly (7), dailyMad (24), ms (4)
    const f = unpackFloats(state.packed, PACKED_COUNT);
    v[b + FIRST] = f[0];
    v[b + LEVEL] = f[1];
    v[b + LEVEL_N] = f[2];
    copyInto(v, b + DAILY, f.slice(3, 27));
    copyInto(v, b + WEEKLY, f.slice(27, 34));
    copyInto(v, b + DAILY_MAD, f.slice(34, 58));
    copyInto(v, b + MS, f.slice(58, 62));
  }
  copyInto(v, b + DAILY_N, state.dailyN);
  copyInto(v, b + WEEKLY_N, state.weeklyN);
  v[b + DAILY_ON] = state.dailyOn ? 1 : 0;
  v[b + WEEKLY_ON] = state.weeklyOn ? 1 : 0;
}

function copyInto(v: number[], at: number, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) v[at + i] = values[i];
}

/** Learns `target` into bin i of the bins at v[bins..] with their learned weights at v[counts..]. */
function learnBin(
  v: number[],
  bins: number,
  counts: number,
  i: number,
  target: number,
  limit: number,
  weight: number,
  window: number,
): void {
  if (weight <= 0) return;
  // Counts are kept to 3 decimals and saturate (as an integer) at the bin's memory, past which a bin learns at
  // 1/window whatever its count: both keep the JSON state short (24 + 7 numbers of a few digits).
  const c = counts + i;
  const count = Math.round((v[c] + weight) * 1000) / 1000;
  v[c] = count > window ? Math.ceil(window) : count;
  if (v[c] <= 0) return;
  // the innovation is clipped, not the target: a cycle may be much larger than the residual noise
  v[bins + i] += Math.max(weight / v[c], weight / window) * clip(target - v[bins + i], limit);
}

/** Mean of the `size` bins at v[bins..] whose learned weight (at v[counts..]) is positive; 0 when none is. */
function learnedMean(v: number[], bins: number, counts: number, size: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < size; i++) {
    if (v[counts + i] > 0) {
      sum += v[bins + i];
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

function clip(x: number, limit: number): number {
  return x > limit ? limit : x < -limit ? -limit : x;
}

function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}
