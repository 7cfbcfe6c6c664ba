import { decayedRate } from '../baseline/robust-baseline';
import { doubleArray } from '../stats/ew-mean-var';
import { packFloats, unpackFloats } from '../stats/packed-floats';

/** In-memory data of a {@link SeasonalProfile}. */
interface SeasonalData {
  /** first timestamp seen (epoch ms) */
  first: number;
  /** slow (one day) level of the de-seasonalized series, the reference the profiles are learned against */
  level: number;
  levelN: number;
  /** 24 hourly bins (UTC) of the daily profile, and their learned weights */
  daily: number[];
  dailyN: number[];
  /** 7 day-of-week bins (UTC days) of the weekly profile, and their learned weights */
  weekly: number[];
  weeklyN: number[];
  /** 24 hourly bins of the mean absolute residual after the cycles: some hours are noisier than others */
  dailyMad: number[];
  /** EW mean squares of out-of-sample residuals: [none, daily, daily+weekly, weekly] */
  ms: number[];
  dailyOn: boolean;
  weeklyOn: boolean;
}

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
// slots of the position cache: the timestamp, the daily bins around it and the weight of the second, its UTC
// hour and day of the week; then the daily offset at the cached time (NaN until computed for the current bins)
const AT_TS = 0;
const AT_I0 = 1;
const AT_I1 = 2;
const AT_F = 3;
const AT_HOUR = 4;
const AT_DAY = 5;
const AT_DAILY = 6;

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
  private readonly s: SeasonalData;
  // means of the learned bins, cached (recomputed only when bins change): the profiles are kept zero-mean
  private dailyMean: number;
  private weeklyMean: number;
  // Where the last timestamp falls (see locate): the pipeline asks up to eight times per point, and a
  // floating-point modulo is a slow library call. Derived data, never serialized.
  private readonly at = doubleArray(7);

  constructor(state?: SeasonalState) {
    this.at[AT_TS] = NaN;
    this.s = state ? unpack(state as SeasonalState | LegacySeasonalState) : emptyData();
    this.dailyMean = learnedMean(this.s.daily, this.s.dailyN);
    this.weeklyMean = learnedMean(this.s.weekly, this.s.weeklyN);
  }

  /** The slow (about one day) level of the de-seasonalized series; NaN before the first sample. */
  get slowLevel(): number {
    return this.s.levelN > 0 ? this.s.level : NaN;
  }

  get dailyOn(): boolean {
    return this.s.dailyOn;
  }

  get weeklyOn(): boolean {
    return this.s.weeklyOn;
  }

  /** The seasonal offset of the cycles currently switched on, at time ts. */
  component(ts: number): number {
    return (this.s.dailyOn ? this.dailyAt(ts) : 0) + (this.s.weeklyOn ? this.weeklyAt(ts) : 0);
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
    if (!this.s.dailyOn) return 0;
    return this.s.dailyMad[this.locate(ts)[AT_HOUR]] * MAD_TO_SIGMA;
  }

  /**
   * Learns the size of the caller's residual (observed - expected) at this hour of day: the hourly noise
   * profile. `limit` clips outliers (same units as the residual).
   */
  learnNoise(ts: number, absResidual: number, limit: number, intervalMs: number, weight = 1): void {
    const s = this.s;
    const hour = this.locate(ts)[AT_HOUR];
    const interval = intervalMs > 0 ? intervalMs : 60_000;
    const rate = Math.max(
      weight / (s.levelN + 1),
      weight / (Math.max(1, HOUR / interval) * DAILY_MEMORY_DAYS),
    );
    const x = absResidual < limit ? absResidual : limit;
    // an empty bin starts at its first sample instead of creeping up from 0
    s.dailyMad[hour] = s.dailyMad[hour] === 0 ? x : s.dailyMad[hour] + rate * (x - s.dailyMad[hour]);
  }

  /**
   * Learns one observation. `intervalMs` is the inferred sampling interval (0 when unknown), `weight` in (0,1]
   * down-weights suspicious samples.
   */
  learn(ts: number, x: number, intervalMs: number, weight = 1): void {
    const s = this.s;
    if (s.levelN === 0) {
      s.first = ts;
      s.level = x;
      s.levelN = weight;
      return;
    }
    const interval = intervalMs > 0 ? intervalMs : 60_000;
    const perDay = DAY / interval;
    const d = this.dailyAt(ts);
    const w = this.weeklyAt(ts);
    const e0 = x - s.level;
    // Out-of-sample residuals (before learning this point) decide which cycles are real.
    const msRate = decayedRate(1 / (s.levelN + 1), Math.max(200, 7 * perDay), 1) * weight;
    const r1 = e0 - d;
    const r2 = r1 - w;
    const r3 = e0 - w;
    s.ms[0] += msRate * (e0 * e0 - s.ms[0]);
    s.ms[1] += msRate * (r1 * r1 - s.ms[1]);
    s.ms[2] += msRate * (r2 * r2 - s.ms[2]);
    s.ms[3] += msRate * (r3 * r3 - s.ms[3]);
    this.decide(ts);

    // Robustness: one outlier may move a bin by at most 4 residual sigmas.
    const limit = s.levelN > 50 ? 4 * Math.sqrt(Math.min(s.ms[0], s.ms[1], s.ms[2])) : Infinity;
    this.learnDaily(ts, e0 - w, limit, weight, Math.max(1, HOUR / interval));
    this.learnWeekly(ts, e0 - d, limit, weight, perDay);
    s.levelN += weight;
    s.level += decayedRate(weight / s.levelN, Math.max(24, perDay), 1) * clip(x - d - w - s.level, limit);
  }

  toJSON(): SeasonalState {
    const s = this.s;
    return {
      packed: packFloats([s.first, s.level, s.levelN, ...s.daily, ...s.weekly, ...s.dailyMad, ...s.ms]),
      dailyN: [...s.dailyN],
      weeklyN: [...s.weeklyN],
      dailyOn: s.dailyOn,
      weeklyOn: s.weeklyOn,
    };
  }

  private decide(ts: number): void {
    const s = this.s;
    const span = ts - s.first;
    const [none, daily, both, weeklyOnly] = s.ms;
    const dailyRatio = daily / (none || 1);
    if (span >= MIN_CYCLES * DAY) s.dailyOn = dailyRatio < (s.dailyOn ? OFF_RATIO : ON_RATIO);
    const weeklyRatio = s.dailyOn ? both / (daily || 1) : weeklyOnly / (none || 1);
    if (span >= MIN_CYCLES * WEEK) s.weeklyOn = weeklyRatio < (s.weeklyOn ? OFF_RATIO : ON_RATIO);
  }

  /** The position of `ts` in the day and week, computed once per timestamp. */
  private locate(ts: number): number[] {
    const at = this.at;
    if (at[AT_TS] === ts) return at;
    const inDay = mod(ts, DAY);
    const p = inDay / HOUR - 0.5;
    const i0 = mod(Math.floor(p), 24);
    at[AT_I0] = i0;
    at[AT_I1] = (i0 + 1) % 24;
    at[AT_F] = p - Math.floor(p);
    at[AT_HOUR] = Math.floor(inDay / HOUR);
    at[AT_DAY] = mod(Math.floor(ts / DAY), 7);
    at[AT_DAILY] = NaN;
    at[AT_TS] = ts;
    return at;
  }

  private dailyAt(ts: number): number {
    const at = this.locate(ts);
    if (!Number.isNaN(at[AT_DAILY])) return at[AT_DAILY];
    const s = this.s;
    const i0 = at[AT_I0];
    const i1 = at[AT_I1];
    const f = at[AT_F];
    const v0 = s.dailyN[i0] > 0 ? s.daily[i0] : s.daily[i1];
    const v1 = s.dailyN[i1] > 0 ? s.daily[i1] : v0;
    return (at[AT_DAILY] = v0 * (1 - f) + v1 * f - this.dailyMean);
  }

  private weeklyAt(ts: number): number {
    const s = this.s;
    const i = this.locate(ts)[AT_DAY];
    if (s.weeklyN[i] === 0) return 0;
    return s.weekly[i] - this.weeklyMean;
  }

  private learnDaily(ts: number, target: number, limit: number, weight: number, updatesPerDay: number): void {
    const s = this.s;
    const at = this.locate(ts);
    const f = at[AT_F];
    const window = updatesPerDay * DAILY_MEMORY_DAYS;
    learnBin(s.daily, s.dailyN, at[AT_I0], target, limit, weight * (1 - f), window);
    learnBin(s.daily, s.dailyN, at[AT_I1], target, limit, weight * f, window);
    this.dailyMean = learnedMean(s.daily, s.dailyN);
    at[AT_DAILY] = NaN;
  }

  private learnWeekly(ts: number, target: number, limit: number, weight: number, perDay: number): void {
    const s = this.s;
    const i = this.locate(ts)[AT_DAY];
    learnBin(s.weekly, s.weeklyN, i, target, limit, weight, perDay * WEEKLY_MEMORY_WEEKS);
    this.weeklyMean = learnedMean(s.weekly, s.weeklyN);
  }
}

function emptyData(): SeasonalData {
  return {
    first: NaN,
    level: 0,
    levelN: 0,
    daily: doubleArray(24),
    dailyN: doubleArray(24),
    weekly: doubleArray(7),
    weeklyN: doubleArray(7),
    dailyMad: doubleArray(24),
    ms: doubleArray(4),
    dailyOn: false,
    weeklyOn: false,
  };
}

/** The state written before the doubles were packed (plain arrays); still accepted when restoring. */
type LegacySeasonalState = SeasonalData;

function unpack(state: SeasonalState | LegacySeasonalState): SeasonalData {
  if (!('packed' in state)) {
    const l = state;
    return {
      ...l,
      first: l.first ?? NaN, // JSON turned a NaN into null
      daily: [...l.daily],
      dailyN: [...l.dailyN],
      weekly: [...l.weekly],
      weeklyN: [...l.weeklyN],
      dailyMad: [...l.dailyMad],
      ms: [...l.ms],
    };
  }
  const f = unpackFloats(state.packed, PACKED_COUNT);
  return {
    first: f[0],
    level: f[1],
    levelN: f[2],
    daily: f.slice(3, 27),
    weekly: f.slice(27, 34),
    dailyMad: f.slice(34, 58),
    ms: f.slice(58, 62),
    dailyN: [...state.dailyN],
    weeklyN: [...state.weeklyN],
    dailyOn: state.dailyOn,
    weeklyOn: state.weeklyOn,
  };
}

function learnBin(
  bins: number[],
  counts: number[],
  i: number,
  target: number,
  limit: number,
  weight: number,
  window: number,
): void {
  if (weight <= 0) return;
  // Counts are kept to 3 decimals and saturate (as an integer) at the bin's memory, past which a bin learns at
  // 1/window whatever its count: both keep the JSON state short (24 + 7 numbers of a few digits).
  const count = Math.round((counts[i] + weight) * 1000) / 1000;
  counts[i] = count > window ? Math.ceil(window) : count;
  if (counts[i] <= 0) return;
  // the innovation is clipped, not the target: a cycle may be much larger than the residual noise
  bins[i] += Math.max(weight / counts[i], weight / window) * clip(target - bins[i], limit);
}

function learnedMean(bins: number[], counts: number[]): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < bins.length; i++) {
    if (counts[i] > 0) {
      sum += bins[i];
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
