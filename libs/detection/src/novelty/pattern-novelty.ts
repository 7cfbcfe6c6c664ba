import { type EwMeanVarState, stateSlots, updateEwMeanVarAt } from '../stats/ew-mean-var';
import { withDefaults } from '../with-defaults';
import { decodeCounts, encodeCounts, MAX_COUNT } from './count-codec';

/** Tuning of a {@link PatternNovelty}; windows are in samples. */
export interface NoveltyOptions {
  /** number of quantization levels of the normalized value (covering +/- 3 long-term sigmas) */
  levels: number;
  /** entries of the hashed count table (power of two): noisy series use several hundred distinct keys, and
   * collisions make a new pattern look familiar */
  tableSize: number;
  /** span of the long-term mean / variance used to normalize values before quantizing */
  scaleWindow: number;
  /** every count is halved after this many samples (forgetting: old habits stop counting as "seen") */
  halvingSamples: number;
  /** also learn the level distribution per hour of day (UTC): catches a daily rhythm that changes shape */
  hourOfDay: boolean;
}

export const defaultNoveltyOptions: NoveltyOptions = {
  levels: 10,
  tableSize: 512,
  scaleWindow: 2000,
  halvingSamples: 2000,
  hourOfDay: true,
};

/** Plain-data state of a {@link PatternNovelty}. */
export interface NoveltyState {
  n: number;
  scale: EwMeanVarState;
  /** the two previous levels (the sequence context) */
  p1: number;
  p2: number;
  /** samples since the last halving */
  age: number;
  /** decayed number of samples (halved with the table) */
  total: number;
  /** hashed decayed counts, 1-2 base-64 digits per entry (count-codec) */
  counts: string;
}

const HOUR = 3_600_000;
// key kinds hashed into the one table
const GRAM = 1;
const CONTEXT = 2;
const LEVEL = 3;
const HOUR_LEVEL = 4;
const HOUR_TOTAL = 5;
// slots of the state array (unboxed doubles, see README hot path)
const N = 0;
const SCALE = 1; // n, mean, var of the values
const P1 = 4;
const P2 = 5;
const AGE = 6;
const TOTAL = 7;
/** Number of slots a PatternNovelty (besides its count table) keeps in its state array. */
export const NOVELTY_SLOTS = TOTAL + 1;

/**
 * Sequence novelty (in the spirit of HTM / CAD OSE, but a few hundred bytes): the value, normalized by its
 * long-term mean and sigma, is quantized into `levels` levels; a hashed table of decayed counts learns which
 * level follows the two previous ones, and which levels occur at each hour of the day. The raw score is the
 * surprise (-ln of the smoothed probability) of the current level under both models, so a change of shape,
 * rhythm or variance scores high even when every value stays inside the expected band. Calibrate it like any
 * raw score (AnomalyLikelihood).
 *
 * @example
 * const pn = new PatternNovelty();
 * for (let i = 0; i < 5000; i++) pn.update(i * 300_000, i % 12 < 6 ? 0 : 1); // square wave: learned
 * pn.update(5000 * 300_000, 0.5); // ~ln(levels) and more: a level never seen in this rhythm
 */
export class PatternNovelty {
  private readonly o: NoveltyOptions;
  // the numbers in slots [b, b + NOVELTY_SLOTS) of v (its own array, or a part of the owner's); the counts apart
  private readonly v: number[];
  private readonly b: number;
  private readonly counts: Uint16Array;
  private readonly bits: number;

  /** `slab` / `at`: keep the numbers in slots [at, at + NOVELTY_SLOTS) of the caller's double array. */
  constructor(options: Partial<NoveltyOptions> = {}, state?: NoveltyState, slab?: number[], at = 0) {
    this.o = withDefaults(defaultNoveltyOptions, options);
    this.bits = Math.round(Math.log2(this.o.tableSize));
    if (2 ** this.bits !== this.o.tableSize) throw new RangeError('tableSize must be a power of two');
    const v = (this.v = stateSlots(NOVELTY_SLOTS, slab, at));
    const b = (this.b = slab ? at : 0);
    if (state) {
      v[b + N] = state.n;
      v[b + SCALE] = state.scale.n;
      v[b + SCALE + 1] = state.scale.mean;
      v[b + SCALE + 2] = state.scale.var;
      v[b + P1] = state.p1;
      v[b + P2] = state.p2;
      v[b + AGE] = state.age;
      v[b + TOTAL] = state.total;
    }
    this.counts = state ? decodeCounts(state.counts, this.o.tableSize) : new Uint16Array(this.o.tableSize);
  }

  /** Scores `value` at event time `ts` (surprise in nats, >= 0; 0 for the first samples), then learns it. */
  update(ts: number, value: number): number {
    return this.step(ts, value, true);
  }

  /** The surprise `update` would return, without learning. */
  score(ts: number, value: number): number {
    return this.step(ts, value, false);
  }

  /** Learns `value` at event time `ts` (the learning half of `update`). */
  learn(ts: number, value: number): void {
    this.step(ts, value, true);
  }

  /**
   * @internal The count table, by reference (SeriesFleet copies it in and out of its struct-of-arrays
   * state); not a stable API.
   */
  get countTable(): Uint16Array {
    return this.counts;
  }

  toJSON(): NoveltyState {
    const v = this.v;
    const b = this.b;
    return {
      n: v[b + N],
      scale: { n: v[b + SCALE], mean: v[b + SCALE + 1], var: v[b + SCALE + 2] },
      p1: v[b + P1],
      p2: v[b + P2],
      age: v[b + AGE],
      total: v[b + TOTAL],
      counts: encodeCounts(this.counts),
    };
  }

  /** Computes the surprise of `value`; stores what it learned only with `learn`. */
  private step(ts: number, value: number, learn: boolean): number {
    const v = this.v;
    const b = this.b;
    const L = this.o.levels;
    const level = this.quantize(value);
    if (learn) updateEwMeanVarAt(v, b + SCALE, value, this.o.scaleWindow);
    if (v[b + N] < 2) {
      if (learn) this.shiftContext(level);
      return 0;
    }
    const c = this.counts;
    const ctx = v[b + P2] * L + v[b + P1];
    const iGram = this.index(GRAM, ctx * L + level);
    const iCtx = this.index(CONTEXT, ctx);
    const iLevel = this.index(LEVEL, level);
    // Back-off prior: the overall level distribution (add-one smoothed), so a never-seen level is surprising.
    const prior = (c[iLevel] + 1) / (v[b + TOTAL] + L);
    // one log of the product of both models' probabilities
    let p = (c[iGram] + prior) / (c[iCtx] + 1);
    const hour = this.o.hourOfDay ? hourOfDay(ts) : -1;
    const iHourLevel = hour >= 0 ? this.index(HOUR_LEVEL, hour * L + level) : -1;
    const iHour = hour >= 0 ? this.index(HOUR_TOTAL, hour) : -1;
    if (hour >= 0) p *= (c[iHourLevel] + prior) / (c[iHour] + 1);
    const surprise = -Math.log(p);
    if (!learn) return surprise > 0 ? surprise : 0;

    this.add(iGram);
    this.add(iCtx);
    this.add(iLevel);
    v[b + TOTAL]++;
    if (hour >= 0) {
      this.add(iHourLevel);
      this.add(iHour);
    }
    if (++v[b + AGE] >= this.o.halvingSamples) this.halve();
    this.shiftContext(level);
    return surprise > 0 ? surprise : 0;
  }

  /** Counts the sample and makes `level` the newest of the two context levels. */
  private shiftContext(level: number): void {
    const v = this.v;
    const b = this.b;
    v[b + N]++;
    v[b + P2] = v[b + P1];
    v[b + P1] = level;
  }

  private quantize(value: number): number {
    const L = this.o.levels;
    const v = this.v;
    const b = this.b;
    const mean = v[b + SCALE + 1];
    const std = Math.max(Math.sqrt(v[b + SCALE + 2]), 1e-12, 1e-9 * Math.abs(mean));
    const z = (value - mean) / std;
    // +/- 3 sigmas over L levels; the outer levels also hold everything beyond
    const l = Math.floor(((z + 3) * L) / 6);
    return l < 0 ? 0 : l >= L ? L - 1 : l;
  }

  private index(kind: number, key: number): number {
    return Math.imul((kind << 16) ^ key, 0x9e3779b1) >>> (32 - this.bits);
  }

  private add(i: number): void {
    // saturates: only an entry shared by several frequent keys gets there, and forgetting stays on schedule
    if (this.counts[i] < MAX_COUNT) this.counts[i]++;
  }

  /** Halves every count (integer): exact, so a JSON round-trip never changes future outputs. */
  private halve(): void {
    const c = this.counts;
    for (let i = 0; i < c.length; i++) c[i] >>= 1;
    this.v[this.b + TOTAL] = this.v[this.b + TOTAL] >> 1;
    this.v[this.b + AGE] = 0;
  }
}

/** UTC hour of day (0-23) of an epoch-ms timestamp, also before 1970. */
function hourOfDay(ts: number): number {
  const h = Math.floor(ts / HOUR) % 24;
  return h < 0 ? h + 24 : h;
}
