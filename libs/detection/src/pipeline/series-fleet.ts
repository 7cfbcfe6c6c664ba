// SeriesFleet: SeriesDetector's default pipeline in struct-of-arrays form (see the class comment).
// Performance notes (measured with the scratch prototype, bench/_soa, removed once this replaced it):
// - one pass per component over the series of a call, each a tight loop; the pattern table pass only reads
//   and counts (its cache misses overlap across series), the -log and the quantizing are separate passes;
//   a fused novelty pass and an entry-major count table were not faster; Float64Array and packed number[]
//   state ran alike;
// - values that depend on the timestamp alone (position in the day and week, the novelty's hour, the trend's
//   discount factors of a repeated dt) are computed once per distinct time in a row of lanes;
// - direct module imports (below).
// Direct module paths, not the package barrel: through swc's CommonJS `export *` every call of an imported
// function goes through two export getters (~4 % of the kernel's time in a profile).
import { logScore } from '../calibration/anomaly-likelihood';
import { InvalidObservationError } from '../errors';
import type { DiscountedFitState } from '../forecast/discounted-fit';
import { defaultTrendOptions, type TrendStep } from '../forecast/trend-forecaster';
import { medianOf } from '../stats/median';
import { normalTail } from '../stats/normal';
import type { ComponentName } from '../types';
import { SeriesDetector, type SeriesDetectorInternals, type SeriesDetectorState } from './series-detector';
import { defaultSeriesDetectorOptions, type SeriesDetectorOptions } from './series-detector.options';

// ---------------------------------------------------------------------------------------------------------
// The default options, as constants of the kernel. The constructor checks them against the library's
// defaults (a change of a default must be made here too, or SeriesFleet refuses to run).
// ---------------------------------------------------------------------------------------------------------
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MAD_TO_SIGMA = 1.2533141373155003;
const NEVER = 1e9;
const RING = 15;
const FIT = 10; // Y_REF, S0, S1, S2, Q0, Q1, Q2, T0, T1, SYY (discounted-fit)
const TAU = 12 * HOUR;
const FAST_TAU = 2 * HOUR;
const TABLE = 512;
const BITS = 9;
const LEVELS = 10;
const MAX_COUNT = 32 + 32 * 64 - 1;
const WARMUP = 100;
const ALERT = 0.5;
const REFRACTORY = 200;
const RESOLVE = 24;
const ESCALATE_AFTER = 8;
const HUBER_K = 3;
const MAX_GAP_STEPS = 1000;
const CUSUM_DRIFT = 0.5;
const CUSUM_THRESHOLD = 12;
const CUSUM_CLIP = 4;
const LONG_WINDOW = 2000;
const SHORT_WINDOW = 8;
const MIN_STD = 0.05;
const SCALE_WINDOW = 2000;
const HALVING = 2000;
const VOL_SHORT = 48;
const VOL_LONG = 2000;
const RANGE_TOLERANCE = 0.05;

/** The options the kernel implements (checked against defaultSeriesDetectorOptions). */
const KERNEL_OPTIONS = {
  baseline: { levelWindow: 48, spreadWindow: 192, fastWindow: 6, huberK: 3, relativeFloor: 1e-9 },
  cusum: { drift: CUSUM_DRIFT, threshold: CUSUM_THRESHOLD, clip: CUSUM_CLIP },
  likelihood: { longWindow: LONG_WINDOW, shortWindow: SHORT_WINDOW, minStd: MIN_STD, pointTail: 'pot' },
  warmupSamples: WARMUP,
  alertLevel: ALERT,
  refractorySamples: REFRACTORY,
  resolveSamples: RESOLVE,
  escalation: true,
  huberK: HUBER_K,
  maxGapSteps: MAX_GAP_STEPS,
  shiftEvidence: false,
  novelty: {
    levels: LEVELS,
    tableSize: TABLE,
    scaleWindow: SCALE_WINDOW,
    halvingSamples: HALVING,
    hourOfDay: true,
  },
  volatility: { shortWindow: VOL_SHORT, longWindow: VOL_LONG },
  rangeTolerance: RANGE_TOLERANCE,
  trend: true,
};

/** The trend options the kernel implements (checked against defaultTrendOptions: createTrend uses them). */
const KERNEL_TREND = {
  tauMs: TAU,
  fastTauMs: FAST_TAU,
  z: 2.576,
  warmupPoints: 30,
  warmupSpanMs: 2 * HOUR,
  stepPoints: 3,
};

/** What {@link SeriesFleet.reader} answers: the SeriesDetector methods that do not learn. */
export type FleetSeriesReader = Pick<
  SeriesDetector,
  'score' | 'deviation' | 'cycles' | 'forecast' | 'timeToThreshold' | 'lastStep'
>;

/** Component codes of {@link SeriesFleet.component}: index = code. */
export const FLEET_COMPONENTS: readonly (ComponentName | null)[] = Object.freeze([
  null,
  'range',
  'pattern',
  'volatility',
  'changepoint',
  'seasonality',
  'baseline',
]);

const FREE = 0;
const KERNEL = 1;
const SCALAR = 2;

/** The struct-of-arrays state (one array per state field; fixed-size vectors slot-major with a stride). */
class FleetArrays {
  // detector
  n: Float64Array;
  lastTs: Float64Array;
  sinceShift: Float64Array;
  // interval estimator
  ivCount: Float64Array;
  ivNext: Float64Array;
  ivMedian: Float64Array;
  ivRing: Float64Array; // * 15
  // seasonal profile
  sFirst: Float64Array;
  sLevel: Float64Array;
  sLevelN: Float64Array;
  daily: Float64Array; // * 24
  dailyN: Float64Array; // * 24
  dailyMad: Float64Array; // * 24
  weekly: Float64Array; // * 7
  weeklyN: Float64Array; // * 7
  ms: Float64Array; // * 4
  dailyOn: Float64Array;
  weeklyOn: Float64Array;
  dailyMean: Float64Array;
  weeklyMean: Float64Array;
  // robust baseline
  bN: Float64Array;
  bLevel: Float64Array;
  bMad: Float64Array;
  bFast: Float64Array;
  // cusum
  cUp: Float64Array;
  cDown: Float64Array;
  cLast: Float64Array;
  // the two likelihoods (12 fields each: see LIK_*)
  lik: Float64Array; // * 12
  nlik: Float64Array; // * 12
  // pattern novelty
  nvN: Float64Array;
  scN: Float64Array;
  scMean: Float64Array;
  scVar: Float64Array;
  p1: Float64Array;
  p2: Float64Array;
  age: Float64Array;
  total: Float64Array;
  counts: Uint16Array; // * 512, entry-major: entry e of slot s at e * cap + s
  // volatility shift
  voN: Float64Array;
  voLast: Float64Array;
  voShort: Float64Array;
  voLong: Float64Array;
  voRN: Float64Array;
  voRMean: Float64Array;
  voRVar: Float64Array;
  // range novelty
  rN: Float64Array;
  rMin: Float64Array;
  rMax: Float64Array;
  rFirst: Float64Array;
  // alert damper
  dRem: Float64Array;
  dQuiet: Float64Array;
  dPeak: Float64Array;
  dDipped: Float64Array;
  // trend forecaster; its step bookkeeping: NaN = field absent, *Kind 0 absent / 1 null / 2 set
  tN: Float64Array;
  tFirst: Float64Array;
  tLast: Float64Array;
  slow: Float64Array; // * 10
  fast: Float64Array; // * 10
  tOutside: Float64Array;
  tOutsideFrom: Float64Array;
  tRunKind: Float64Array;
  tRunFit: Float64Array; // * 10
  tRunLastTs: Float64Array;
  tSteps: Float64Array;
  tStepKind: Float64Array;
  tStepAt: Float64Array;
  tStepBefore: Float64Array;
  tStepAfter: Float64Array;
  // per-call scratch (not state), indexed by slot
  xVal: Float64Array;
  xSteps: Float64Array;
  xD: Float64Array;
  xW: Float64Array;
  xSeasonal: Float64Array;
  xSpread: Float64Array;
  xBSpread: Float64Array;
  xAbsZ: Float64Array;
  xShift: Float64Array;
  xIn: Float64Array;
  xTail: Float64Array;
  xTail2: Float64Array;
  xFired: Float64Array;
  xRangeFired: Float64Array;
  xCycles: Float64Array;
  xLevel: Float64Array;
  xLimit: Float64Array;
  xE0: Float64Array;
  xCG: Float64Array;
  xCC: Float64Array;
  xCL: Float64Array;
  xCHL: Float64Array;
  xCH: Float64Array;
  xTot: Float64Array;
  xScore: Float64Array;
  xErr: Float64Array;
  // the point's time and its position in the day and week (SeasonalProfile.locate, PatternNovelty's hour)
  xTs: Float64Array;
  wI0: Float64Array;
  wI1: Float64Array;
  wF: Float64Array;
  wHour: Float64Array;
  wDay: Float64Array;
  wNHour: Float64Array;

  constructor(readonly cap: number) {
    const f = (k = 1): Float64Array => new Float64Array(cap * k);
    this.n = f();
    this.lastTs = f();
    this.sinceShift = f();
    this.ivCount = f();
    this.ivNext = f();
    this.ivMedian = f();
    this.ivRing = f(RING);
    this.sFirst = f();
    this.sLevel = f();
    this.sLevelN = f();
    this.daily = f(24);
    this.dailyN = f(24);
    this.dailyMad = f(24);
    this.weekly = f(7);
    this.weeklyN = f(7);
    this.ms = f(4);
    this.dailyOn = f();
    this.weeklyOn = f();
    this.dailyMean = f();
    this.weeklyMean = f();
    this.bN = f();
    this.bLevel = f();
    this.bMad = f();
    this.bFast = f();
    this.cUp = f();
    this.cDown = f();
    this.cLast = f();
    this.lik = f(LIK);
    this.nlik = f(LIK);
    this.nvN = f();
    this.scN = f();
    this.scMean = f();
    this.scVar = f();
    this.p1 = f();
    this.p2 = f();
    this.age = f();
    this.total = f();
    this.counts = new Uint16Array(cap * TABLE);
    this.voN = f();
    this.voLast = f();
    this.voShort = f();
    this.voLong = f();
    this.voRN = f();
    this.voRMean = f();
    this.voRVar = f();
    this.rN = f();
    this.rMin = f();
    this.rMax = f();
    this.rFirst = f();
    this.dRem = f();
    this.dQuiet = f();
    this.dPeak = f();
    this.dDipped = f();
    this.tN = f();
    this.tFirst = f();
    this.tLast = f();
    this.slow = f(FIT);
    this.fast = f(FIT);
    this.tOutside = f();
    this.tOutsideFrom = f();
    this.tRunKind = f();
    this.tRunFit = f(FIT);
    this.tRunLastTs = f();
    this.tSteps = f();
    this.tStepKind = f();
    this.tStepAt = f();
    this.tStepBefore = f();
    this.tStepAfter = f();
    this.xVal = f();
    this.xSteps = f();
    this.xD = f();
    this.xW = f();
    this.xSeasonal = f();
    this.xSpread = f();
    this.xBSpread = f();
    this.xAbsZ = f();
    this.xShift = f();
    this.xIn = f();
    this.xTail = f();
    this.xTail2 = f();
    this.xFired = f();
    this.xRangeFired = f();
    this.xCycles = f();
    this.xLevel = f();
    this.xLimit = f();
    this.xE0 = f();
    this.xCG = f();
    this.xCC = f();
    this.xCL = f();
    this.xCHL = f();
    this.xCH = f();
    this.xTot = f();
    this.xScore = f();
    this.xErr = f();
    this.xTs = f();
    this.wI0 = f();
    this.wI1 = f();
    this.wF = f();
    this.wHour = f();
    this.wDay = f();
    this.wNHour = f();
  }

  /** A copy with room for `cap` slots (state copied, scratch not needed but copied alike). */
  grown(cap: number): FleetArrays {
    const next = new FleetArrays(cap);
    const from = this as unknown as Record<string, Float64Array | Uint16Array>;
    const to = next as unknown as Record<string, Float64Array | Uint16Array>;
    for (const k of Object.keys(this)) if (k !== 'cap' && k !== 'counts') to[k].set(from[k]);
    // the count table is entry-major (entry e of slot s at e * cap + s): each entry's row moves
    for (let e = 0; e < TABLE; e++)
      next.counts.set(this.counts.subarray(e * this.cap, (e + 1) * this.cap), e * cap);
    return next;
  }
}

// fields of one AnomalyLikelihood (+ its PotTail) in FleetArrays.lik / nlik (slot-major, stride LIK), in the
// order of its slab slots
const LIK_LONG_N = 0;
const LIK_LONG_MEAN = 1;
const LIK_LONG_VAR = 2;
const LIK_SHORT = 3;
const LIK_LS_N = 4;
const LIK_LS_MEAN = 5;
const LIK_LS_VAR = 6;
const LIK_POT_SHARE = 7;
const LIK_POT_N = 8;
const LIK_EX_N = 9;
const LIK_EX_MEAN = 10;
const LIK_EX_VAR = 11;
const LIK = 12;

// ---------------------------------------------------------------------------------------------------------
// helpers: the components' arithmetic on Float64Arrays (same expressions, same order)
// ---------------------------------------------------------------------------------------------------------

function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}

// the line solveInto writes (LEVEL, SLOPE, VAR_LEVEL, VAR_SLOPE, COV, SIGMA2), as in discounted-fit
const line = new Float64Array(6);

function solvable(f: Float64Array, at: number): boolean {
  const det = f[at + 1] * f[at + 3] - f[at + 2] * f[at + 2];
  return det > 1e-9 * f[at + 1] * f[at + 3];
}

function solveInto(f: Float64Array, at: number, out: Float64Array): boolean {
  const s0 = f[at + 1];
  const s1 = f[at + 2];
  const s2 = f[at + 3];
  const t0 = f[at + 7];
  const t1 = f[at + 8];
  const det = s0 * s2 - s1 * s1;
  if (!(det > 1e-9 * s0 * s2)) return false;
  const i00 = s2 / det;
  const i01 = -s1 / det;
  const i11 = s0 / det;
  const slope = i01 * t0 + i11 * t1;
  const level0 = i00 * t0 + i01 * t1;
  const sse = Math.max(0, f[at + 9] - level0 * t0 - slope * t1);
  const m00 = i00 * f[at + 4] + i01 * f[at + 5];
  const m01 = i00 * f[at + 5] + i01 * f[at + 6];
  const m10 = i01 * f[at + 4] + i11 * f[at + 5];
  const m11 = i01 * f[at + 5] + i11 * f[at + 6];
  const dof = s0 - (m00 + m11);
  const sigma2 = dof > 0 ? sse / dof : 0;
  out[0] = level0 + f[at];
  out[1] = slope;
  out[2] = sigma2 * (m00 * i00 + m01 * i01);
  out[3] = sigma2 * (m10 * i01 + m11 * i11);
  out[4] = sigma2 * (m00 * i01 + m01 * i11);
  out[5] = sigma2;
  return true;
}

function advance(f: Float64Array, dx: number, lambda: number, at: number): void {
  if (!(dx > 0)) return;
  const lambda2 = lambda * lambda;
  const d2 = dx * dx;
  f[at + 3] = lambda * (f[at + 3] - 2 * dx * f[at + 2] + d2 * f[at + 1]);
  f[at + 2] = lambda * (f[at + 2] - dx * f[at + 1]);
  f[at + 1] = lambda * f[at + 1];
  f[at + 6] = lambda2 * (f[at + 6] - 2 * dx * f[at + 5] + d2 * f[at + 4]);
  f[at + 5] = lambda2 * (f[at + 5] - dx * f[at + 4]);
  f[at + 4] = lambda2 * f[at + 4];
  f[at + 8] = lambda * (f[at + 8] - dx * f[at + 7]);
  f[at + 7] = lambda * f[at + 7];
  f[at + 9] = lambda * f[at + 9];
}

function addPoint(f: Float64Array, x: number, y: number, at: number): void {
  const c = y - f[at];
  if (c !== 0) {
    f[at + 9] += c * (c * f[at + 1] - 2 * f[at + 7]);
    f[at + 7] -= c * f[at + 1];
    f[at + 8] -= c * f[at + 2];
    f[at] = y;
  }
  if (x === 0) {
    f[at + 1] += 1;
    f[at + 4] += 1;
    return;
  }
  const w = Math.exp(x);
  f[at + 1] += w;
  f[at + 2] += w * x;
  f[at + 3] += w * x * x;
  f[at + 4] += w * w;
  f[at + 5] += w * w * x;
  f[at + 6] += w * w * x * x;
}

function clearFit(f: Float64Array, at: number): void {
  for (let i = 0; i < FIT; i++) f[at + i] = 0;
}

/** robust-baseline's decayedRate. */
function decayedRate(warmRate: number, window: number, steps: number): number {
  const a = Math.max(warmRate, 1 / window);
  if (a >= 1) return 1;
  return steps === 1 ? a : 1 - Math.pow(1 - a, steps);
}

/** updateEwMeanVarAt with weight 1 on three fields at n, n + 1, n + 2 of one array. */
function ew3(a: Float64Array, at: number, x: number, window: number): void {
  const n = (a[at] += 1);
  const r = Math.max(1 / n, 1 / window);
  const d = x - a[at + 1];
  a[at + 1] += r * d;
  a[at + 2] = (1 - r) * (a[at + 2] + r * d * d);
}

/** updateEwMeanVarAt with weight 1 on three arrays. */
function ew(
  nA: Float64Array,
  mA: Float64Array,
  vA: Float64Array,
  s: number,
  x: number,
  window: number,
): void {
  const n = (nA[s] += 1);
  const a = Math.max(1 / n, 1 / window);
  const d = x - mA[s];
  mA[s] += a * d;
  vA[s] = (1 - a) * (vA[s] + a * d * d);
}

function learnBin(
  bins: Float64Array,
  counts: Float64Array,
  c: number,
  target: number,
  limit: number,
  weight: number,
  window: number,
): void {
  if (weight <= 0) return;
  const count = Math.round((counts[c] + weight) * 1000) / 1000;
  counts[c] = count > window ? Math.ceil(window) : count;
  if (counts[c] <= 0) return;
  const t = target - bins[c];
  bins[c] += Math.max(weight / counts[c], weight / window) * (t > limit ? limit : t < -limit ? -limit : t);
}

function learnedMean(bins: Float64Array, counts: Float64Array, from: number, size: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < size; i++) {
    if (counts[from + i] > 0) {
      sum += bins[from + i];
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

function nhash(kind: number, key: number): number {
  return Math.imul((kind << 16) ^ key, 0x9e3779b1) >>> (32 - BITS);
}

// ---------------------------------------------------------------------------------------------------------
// the kernel: SeriesDetector.update of the warm path as passes, each a tight loop over the lanes
// (lane j: slot lane[j], its point at position pos[j] of the call)
// ---------------------------------------------------------------------------------------------------------

/**
 * Each lane's time xTs and its position in the day and week (SeasonalProfile.locate) and hour (PatternNovelty):
 * functions of the time alone, computed once per distinct time of a call (the lanes of one time are usually
 * adjacent).
 */
function passWhen(q: FleetArrays, lane: Int32Array, L: number): void {
  const { xTs, wI0, wI1, wF, wHour, wDay, wNHour } = q;
  let last = NaN;
  let i0 = 0;
  let i1 = 0;
  let f = 0;
  let hour = 0;
  let day = 0;
  let nHour = 0;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const ts = xTs[s];
    if (ts !== last) {
      last = ts;
      const inDay = mod(ts, DAY);
      const p = inDay / HOUR - 0.5;
      i0 = mod(Math.floor(p), 24);
      i1 = (i0 + 1) % 24;
      f = p - Math.floor(p);
      hour = Math.floor(inDay / HOUR);
      day = mod(Math.floor(ts / DAY), 7);
      const h = Math.floor(ts / HOUR) % 24;
      nHour = h < 0 ? h + 24 : h;
    }
    wI0[s] = i0;
    wI1[s] = i1;
    wF[s] = f;
    wHour[s] = hour;
    wDay[s] = day;
    wNHour[s] = nHour;
  }
}

/** observeTime, the seasonal offset, the spread, z, rawScore / expected, cusum. */
function passScore(q: FleetArrays, lane: Int32Array, pos: Int32Array, L: number, o: Outputs): void {
  const { xTs, wI0, wI1, wF, wHour, wDay } = q;
  const { n, lastTs, ivCount, ivNext, ivMedian, ivRing, daily, dailyN, dailyMean, dailyOn, weekly, weeklyN } =
    q;
  const { weeklyMean, weeklyOn, dailyMad, bLevel, bMad, cUp, cDown, cLast } = q;
  const { xVal, xSteps, xD, xW, xSeasonal, xSpread, xBSpread, xAbsZ, xShift } = q;
  const { rawScore: outRaw, expected: outExp, lower: outLower, upper: outUpper } = o;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const value = xVal[s];
    const n0 = n[s];
    const ts = xTs[s];
    const i0 = wI0[s];
    const i1 = wI1[s];
    const f = wF[s];
    // observeTime (in order, n > 0, the ring full: checked before the kernel runs)
    const dt = ts - lastTs[s];
    lastTs[s] = ts;
    if (dt > 0) {
      const at = s * RING + ivNext[s];
      const evicted = ivRing[at];
      ivRing[at] = dt;
      ivNext[s] = (ivNext[s] + 1) % RING;
      if (evicted !== dt) ivMedian[s] = medianOf(ivRing as unknown as number[], ivCount[s], s * RING);
    }
    const iv = ivMedian[s];
    xSteps[s] = iv <= 0 || dt <= iv ? 1 : Math.min(dt / iv, MAX_GAP_STEPS);
    // seasonal: dailyAt, weeklyAt
    const b24 = s * 24;
    const v0 = dailyN[b24 + i0] > 0 ? daily[b24 + i0] : daily[b24 + i1];
    const v1 = dailyN[b24 + i1] > 0 ? daily[b24 + i1] : v0;
    const d = v0 * (1 - f) + v1 * f - dailyMean[s];
    const wi = s * 7 + wDay[s];
    const wk = weeklyN[wi] === 0 ? 0 : weekly[wi] - weeklyMean[s];
    xD[s] = d;
    xW[s] = wk;
    const dOn = dailyOn[s] !== 0;
    const seasonal = (dOn ? d : 0) + (weeklyOn[s] !== 0 ? wk : 0);
    xSeasonal[s] = seasonal;
    const level = bLevel[s];
    const expected = level + seasonal;
    const hourly = dOn ? dailyMad[b24 + wHour[s]] * MAD_TO_SIGMA : 0;
    const floor = Math.max(1e-12, 1e-9 * Math.abs(level));
    const bSpread = Math.max(bMad[s] * MAD_TO_SIGMA, floor);
    xBSpread[s] = bSpread;
    const spread = hourly > bSpread ? hourly : bSpread;
    xSpread[s] = spread;
    const z = n0 === 0 ? 0 : (value - expected) / spread;
    const absZ = Math.abs(z);
    xAbsZ[s] = absZ;
    const p = pos[j];
    outRaw[p] = absZ < 1e6 ? absZ : 1e6;
    outExp[p] = expected;
    // Assessment.band: expected +/- 3 spreads
    outLower[p] = expected - 3 * spread;
    outUpper[p] = expected + 3 * spread;
    // CusumDetector.update(z)
    const zc = z > CUSUM_CLIP ? CUSUM_CLIP : z < -CUSUM_CLIP ? -CUSUM_CLIP : z;
    const up = (cUp[s] = Math.max(0, cUp[s] + zc - CUSUM_DRIFT));
    const down = (cDown[s] = Math.max(0, cDown[s] - zc - CUSUM_DRIFT));
    cLast[s] = Math.max(up, down);
    let shift = 0;
    if (up >= CUSUM_THRESHOLD) {
      cUp[s] = 0;
      cDown[s] = 0;
      shift = 1;
    } else if (down >= CUSUM_THRESHOLD) {
      cUp[s] = 0;
      cDown[s] = 0;
      shift = -1;
    }
    xShift[s] = shift;
  }
}

/** AnomalyLikelihood.updateTail (pointTail 'pot') of input[s], into outTail[s]. */
function passLikelihood(
  A: Float64Array,
  lane: Int32Array,
  L: number,
  input: Float64Array,
  outTail: Float64Array,
): void {
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const b = s * LIK;
    const r0 = input[s];
    const raw = r0 > 1e6 ? 1e6 : r0;
    const ln = A[b + LIK_LONG_N];
    const shortNext = ln === 0 ? raw : A[b + LIK_SHORT] + (raw - A[b + LIK_SHORT]) / SHORT_WINDOW;
    const std = Math.max(Math.sqrt(A[b + LIK_LONG_VAR]), MIN_STD);
    const lm = A[b + LIK_LONG_MEAN];
    const threshold = lm + 1.645 * std;
    // PotTail.tail
    let potNull = true;
    let potTail = 0;
    if (!(A[b + LIK_EX_N] < 10 || raw <= threshold)) {
      const m = A[b + LIK_EX_MEAN];
      const variance = A[b + LIK_EX_VAR];
      const r = variance > 0 ? (m * m) / variance : 1;
      const shape = Math.min(1, Math.max(0, 0.5 * (1 - r)));
      const scale = Math.max(1e-12, 0.5 * m * (1 + r));
      const y = (raw - threshold) / scale;
      const survival = shape < 1e-6 ? Math.exp(-y) : Math.pow(1 + shape * y, -1 / shape);
      potTail = A[b + LIK_POT_SHARE] * survival;
      potNull = false;
    }
    const shortStd = Math.max(Math.sqrt(A[b + LIK_LS_VAR]), MIN_STD);
    const zShort = (shortNext - A[b + LIK_LS_MEAN]) / shortStd;
    let tail: number;
    if (potNull) {
      const zPoint = (raw - lm) / std;
      tail = normalTail(zPoint > zShort ? zPoint : zShort);
    } else {
      const shortTail = zShort <= 0 && potTail < 0.5 ? 1 : normalTail(zShort);
      tail = potTail < shortTail ? potTail : shortTail;
    }
    if (ln < 2) tail = 1;
    outTail[s] = tail;
    // learn
    A[b + LIK_SHORT] = shortNext;
    const pn = (A[b + LIK_POT_N] = A[b + LIK_POT_N] + 1);
    const above = raw > threshold ? 1 : 0;
    A[b + LIK_POT_SHARE] += Math.max(1 / pn, 1 / LONG_WINDOW) * (above - A[b + LIK_POT_SHARE]);
    if (above === 1) ew3(A, b + LIK_EX_N, raw - threshold, LONG_WINDOW / 20);
    ew3(A, b + LIK_LONG_N, raw, LONG_WINDOW);
    ew3(A, b + LIK_LS_N, shortNext, LONG_WINDOW);
  }
}

/**
 * PatternNovelty.update: the surprise into out[s], in three passes: quantize (+ learn the scale), the count
 * table (read the five counts, then count: the only pass with cache misses, kept short so the misses of many
 * series overlap), the probability (-log).
 */
function passNovelty(q: FleetArrays, lane: Int32Array, L: number, out: Float64Array): void {
  const { nvN, scN, scMean, scVar, p1, p2, age, total, counts: c, xVal, wNHour, cap } = q;
  const { xLevel, xCG, xCC, xCL, xCHL, xCH, xTot } = q;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const value = xVal[s];
    const mean = scMean[s];
    const std = Math.max(Math.sqrt(scVar[s]), 1e-12, 1e-9 * Math.abs(mean));
    const z = (value - mean) / std;
    const l = Math.floor(((z + 3) * LEVELS) / 6);
    xLevel[s] = l < 0 ? 0 : l >= LEVELS ? LEVELS - 1 : l;
    ew(scN, scMean, scVar, s, value, SCALE_WINDOW);
  }
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const level = xLevel[s];
    const hour = wNHour[s];
    // entry-major: entry e of every series lies together (e * cap + s), so the entries all series read
    // at this hour and level (most of them) are adjacent instead of one cache line per series
    const ctx = p2[s] * LEVELS + p1[s];
    const iGram = nhash(1, ctx * LEVELS + level) * cap + s;
    const iCtx = nhash(2, ctx) * cap + s;
    const iLevel = nhash(3, level) * cap + s;
    const iHourLevel = nhash(4, hour * LEVELS + level) * cap + s;
    const iHour = nhash(5, hour) * cap + s;
    xCG[s] = c[iGram];
    xCC[s] = c[iCtx];
    xCL[s] = c[iLevel];
    xCHL[s] = c[iHourLevel];
    xCH[s] = c[iHour];
    xTot[s] = total[s];
    if (c[iGram] < MAX_COUNT) c[iGram]++;
    if (c[iCtx] < MAX_COUNT) c[iCtx]++;
    if (c[iLevel] < MAX_COUNT) c[iLevel]++;
    total[s]++;
    if (c[iHourLevel] < MAX_COUNT) c[iHourLevel]++;
    if (c[iHour] < MAX_COUNT) c[iHour]++;
    if (++age[s] >= HALVING) {
      for (let i = 0; i < TABLE; i++) c[i * cap + s] >>= 1;
      total[s] = total[s] >> 1;
      age[s] = 0;
    }
    nvN[s]++;
    p2[s] = p1[s];
    p1[s] = level;
  }
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const prior = (xCL[s] + 1) / (xTot[s] + LEVELS);
    let p = (xCG[s] + prior) / (xCC[s] + 1);
    p *= (xCHL[s] + prior) / (xCH[s] + 1);
    const surprise = -Math.log(p);
    out[s] = surprise > 0 ? surprise : 0;
  }
}

/** VolatilityShift.updateTail; the smallest tail wins (fired). */
function passVolatility(q: FleetArrays, lane: Int32Array, L: number): void {
  const { voN, voLast, voShort, voLong, voRN, voRMean, voRVar, xTail, xFired, xVal } = q;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const value = xVal[s];
    const step = Math.abs(value - voLast[s]);
    const n = voN[s] + 1;
    voLast[s] = value;
    voN[s] = n;
    // n > 2: checked before the kernel runs
    const step_ = step < 1e300 ? step : 1e300;
    const short = voShort[s] + (step_ - voShort[s]) / VOL_SHORT;
    const long = voLong[s] + Math.max(1 / n, 1 / VOL_LONG) * (step_ - voLong[s]);
    const floor = Math.max(0.01 * long, 1e-300);
    const r = Math.log((short + floor) / (long + floor));
    const sd = Math.sqrt(voRVar[s]);
    const z = sd > 0 ? Math.abs(r - voRMean[s]) / sd : 0;
    const t = n > 50 ? 2 * normalTail(z) : 1;
    voShort[s] = short;
    voLong[s] = long;
    ew(voRN, voRMean, voRVar, s, r, VOL_LONG);
    if (t < xTail[s]) {
      xTail[s] = t;
      xFired[s] = 3; // 'volatility'
    }
  }
}

/** RangeNovelty, logScore, AlertDamper.apply: the reported score. */
function passCombine(q: FleetArrays, lane: Int32Array, pos: Int32Array, L: number, o: Outputs): void {
  const { rN, rMin, rMax, rFirst, dRem, dQuiet, dPeak, dDipped, xTail, xAbsZ, xRangeFired, xVal, xScore } = q;
  const xTs = q.xTs;
  const outScore = o.score;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const value = xVal[s];
    const ts = xTs[s];
    // RangeNovelty.update
    let outside = false;
    if (rN[s] !== 0) {
      const min = rMin[s];
      const max = rMax[s];
      const pad = RANGE_TOLERANCE * (max - min);
      outside = pad > 0 && ts - rFirst[s] >= DAY && (value > max + pad || value < min - pad);
    }
    if (rN[s]++ === 0) {
      rMin[s] = value;
      rMax[s] = value;
      rFirst[s] = ts;
    } else {
      if (value > rMax[s]) rMax[s] = value;
      if (value < rMin[s]) rMin[s] = value;
    }
    const beyondRange = outside && xAbsZ[s] > 3;
    const likely = logScore(xTail[s]);
    xRangeFired[s] = beyondRange && likely < ALERT ? 1 : 0;
    const combined = beyondRange ? 1 : likely;
    // AlertDamper.apply (warm: n >= warmupSamples holds in the kernel)
    let score = combined;
    if (dRem[s] > 0) {
      const peak = Number.isNaN(dPeak[s]) ? 1 : dPeak[s];
      if (
        !(!(dDipped[s] === 1) || score < ALERT || score <= peak) &&
        REFRACTORY - dRem[s] + 1 >= ESCALATE_AFTER
      ) {
        dRem[s] = 0;
      }
    }
    if (dRem[s] > 0) {
      dRem[s]--;
      if (score < ALERT * 0.5) dDipped[s] = 1;
      if (score > (Number.isNaN(dPeak[s]) ? 1 : dPeak[s])) dPeak[s] = score;
      dQuiet[s] = score < ALERT * 0.5 ? dQuiet[s] + 1 : 0;
      if (dQuiet[s] >= RESOLVE) dRem[s] = 0;
      score = 0;
    } else {
      dQuiet[s] = 0;
      if (score >= ALERT) {
        dRem[s] = REFRACTORY;
        dPeak[s] = score;
        dDipped[s] = 0;
      }
    }
    xScore[s] = score;
    outScore[pos[j]] = score;
  }
}

/** RobustBaseline.learn(value - seasonal, steps, weight), then acceptShift / sinceShift. */
function passBaseline(q: FleetArrays, lane: Int32Array, L: number): void {
  const { bN, bLevel, bMad, bFast, sinceShift, xSteps, xSeasonal, xBSpread, xAbsZ, xShift, xVal } = q;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const value = xVal[s];
    const absZ = xAbsZ[s];
    const seasonal = xSeasonal[s];
    const weight = absZ > HUBER_K ? HUBER_K / absZ : 1;
    const steps = xSteps[s];
    {
      // bN > 0: checked before the kernel runs (the library's first-sample branch)
      const x = value - seasonal;
      const n = (bN[s] += weight);
      const r = x - bLevel[s];
      const absR = Math.abs(r);
      // this.spread before learning = xBSpread (level and mad unchanged since the score pass)
      const limit = n < 10 ? Infinity : 3 * xBSpread[s];
      const clipped = absR > limit ? (r > 0 ? limit : -limit) : r;
      bLevel[s] += decayedRate(weight / n, 48, steps) * clipped;
      bMad[s] += decayedRate(weight / n, 192, steps) * (Math.min(absR, limit) - bMad[s]);
      bFast[s] += decayedRate(1 / n, 6, steps) * (x - bFast[s]);
    }
    if (xShift[s] !== 0) {
      bLevel[s] = bFast[s];
      sinceShift[s] = 0;
    } else if (sinceShift[s] < NEVER) {
      sinceShift[s]++;
    }
  }
}

/** SeasonalProfile.learnNoise, then the first half of SeasonalProfile.learn (mean squares, decide). */
function passLearn(q: FleetArrays, lane: Int32Array, L: number): void {
  const { ivMedian, sFirst, sLevel, sLevelN, dailyMad, ms, dailyOn, weeklyOn, xTs, wHour } = q;
  const { xD, xW, xSpread, xAbsZ, xCycles, xLimit, xE0, xVal } = q;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const value = xVal[s];
    const absZ = xAbsZ[s];
    const spread = xSpread[s];
    const weight = absZ > HUBER_K ? HUBER_K / absZ : 1;
    const intervalMs = ivMedian[s];
    const interval = intervalMs > 0 ? intervalMs : 60_000;
    const levelN0 = sLevelN[s];
    // SeasonalProfile.learnNoise(ts, absZ * spread, huberK * spread, intervalMs, weight)
    {
      const i = s * 24 + wHour[s];
      const rate = Math.max(weight / (levelN0 + 1), weight / (Math.max(1, HOUR / interval) * 5));
      const absResidual = absZ * spread;
      const limit = HUBER_K * spread;
      const x = absResidual < limit ? absResidual : limit;
      dailyMad[i] = dailyMad[i] === 0 ? x : dailyMad[i] + rate * (x - dailyMad[i]);
    }
    const cyclesBefore = Number(dailyOn[s] !== 0) + Number(weeklyOn[s] !== 0);
    // SeasonalProfile.learn(ts, value, intervalMs, weight) (levelN > 0: checked before the kernel runs)
    {
      const x = value;
      const perDay = DAY / interval;
      const d = xD[s];
      const w = xW[s];
      const e0 = x - sLevel[s];
      const msRate = decayedRate(1 / (levelN0 + 1), Math.max(200, 7 * perDay), 1) * weight;
      const r1 = e0 - d;
      const r2 = r1 - w;
      const r3 = e0 - w;
      const m = s * 4;
      ms[m] += msRate * (e0 * e0 - ms[m]);
      ms[m + 1] += msRate * (r1 * r1 - ms[m + 1]);
      ms[m + 2] += msRate * (r2 * r2 - ms[m + 2]);
      ms[m + 3] += msRate * (r3 * r3 - ms[m + 3]);
      // decide
      const span = xTs[s] - sFirst[s];
      const none = ms[m];
      const dly = ms[m + 1];
      const both = ms[m + 2];
      const weeklyOnly = ms[m + 3];
      const dailyRatio = dly / (none || 1);
      if (span >= 2 * DAY) dailyOn[s] = dailyRatio < (dailyOn[s] !== 0 ? 0.85 : 0.75) ? 1 : 0;
      const weeklyRatio = dailyOn[s] !== 0 ? both / (dly || 1) : weeklyOnly / (none || 1);
      if (span >= 2 * WEEK) weeklyOn[s] = weeklyRatio < (weeklyOn[s] !== 0 ? 0.85 : 0.75) ? 1 : 0;
      const limit = sLevelN[s] > 50 ? 4 * Math.sqrt(Math.min(ms[m], ms[m + 1], ms[m + 2])) : Infinity;
      xLimit[s] = limit;
      xE0[s] = e0;
    }
    const cyclesAfter = Number(dailyOn[s] !== 0) + Number(weeklyOn[s] !== 0);
    xCycles[s] = cyclesAfter - cyclesBefore;
  }
}

/** SeasonalProfile.learn, second half: learnDaily, learnWeekly, their means, the slow level. */
function passLearnBins(q: FleetArrays, lane: Int32Array, L: number): void {
  const { wI0, wI1, wF, wDay } = q;
  const { ivMedian, sLevel, sLevelN, daily, dailyN, weekly, weeklyN, dailyMean, weeklyMean } = q;
  const { xD, xW, xAbsZ, xLimit, xE0, xVal } = q;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const x = xVal[s];
    const absZ = xAbsZ[s];
    const weight = absZ > HUBER_K ? HUBER_K / absZ : 1;
    const intervalMs = ivMedian[s];
    const interval = intervalMs > 0 ? intervalMs : 60_000;
    const perDay = DAY / interval;
    const d = xD[s];
    const wk = xW[s];
    const e0 = xE0[s];
    const limit = xLimit[s];
    const b24 = s * 24;
    const i0 = wI0[s];
    const i1 = wI1[s];
    const f = wF[s];
    const day = wDay[s];
    const window = Math.max(1, HOUR / interval) * 5;
    learnBin(daily, dailyN, b24 + i0, e0 - wk, limit, weight * (1 - f), window);
    learnBin(daily, dailyN, b24 + i1, e0 - wk, limit, weight * f, window);
    dailyMean[s] = learnedMean(daily, dailyN, b24, 24);
    learnBin(weekly, weeklyN, s * 7 + day, e0 - d, limit, weight, perDay * 3);
    weeklyMean[s] = learnedMean(weekly, weeklyN, s * 7, 7);
    const levelN = (sLevelN[s] += weight);
    const t = x - d - wk - sLevel[s];
    sLevel[s] +=
      decayedRate(weight / levelN, Math.max(24, perDay), 1) * (t > limit ? limit : t < -limit ? -limit : t);
  }
}

/** Per-call cache of the trend's discount factors of one dt (exp computed once per distinct dt in a row). */
const decay = { dt: NaN, slow: NaN, fast: NaN };

/**
 * TrendForecaster.update(ts, value - seasonal), with its step detection. A non-finite value - seasonal makes
 * it throw (SeriesDetector.update stops there): the lane is marked (xErr) and the first error returned.
 */
function passTrend(q: FleetArrays, lane: Int32Array, L: number): InvalidObservationError | null {
  const { tN, tFirst, tLast, slow, fast, tOutside, tOutsideFrom, tRunKind, tRunFit, tRunLastTs, tSteps } = q;
  const { tStepKind, tStepAt, tStepBefore, tStepAfter, xSeasonal, xVal, xErr, xTs } = q;
  let error: InvalidObservationError | null = null;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const ts = xTs[s];
    const value = xVal[s] - xSeasonal[s];
    if (!Number.isFinite(value)) {
      xErr[s] = 1;
      error ??= new InvalidObservationError(ts, value);
      continue;
    }
    xErr[s] = 0;
    const at = s * FIT;
    const n0 = tN[s];
    if (n0 === 0) tFirst[s] = tLast[s] = ts;
    if (ts < tFirst[s]) tFirst[s] = ts;
    const dt = ts - tLast[s];
    if (dt >= 0 && n0 > 0) {
      // stepped(ts, value)
      const o = tOutside[s];
      const run = Number.isNaN(o) ? 0 : o; // r.outside ?? 0
      const ref = run !== 0 && tRunKind[s] === 2;
      const warm = !(n0 < 30 || tLast[s] - tFirst[s] < 2 * HOUR);
      const ok = ref ? solveInto(tRunFit, at, line) : warm && solvable(slow, at) && solveInto(fast, at, line);
      if (!ok) {
        tOutside[s] = 0;
        if (tRunKind[s] === 2) tRunKind[s] = 1;
      } else {
        const x = (ts - (ref ? tRunLastTs[s] : tLast[s])) / FAST_TAU;
        const mean = line[0] + line[1] * x;
        const variance = line[2] + 2 * line[4] * x + line[3] * x * x + line[5];
        const halfWidth = 2.576 * Math.sqrt(Math.max(0, variance)) + 1e-9 * (Math.abs(mean) + 1);
        const side = value > mean + halfWidth ? 1 : value < mean - halfWidth ? -1 : 0;
        const continues = side !== 0 && Math.sign(run) === side;
        const outside = (tOutside[s] = side === 0 ? 0 : continues ? run + side : side);
        if (side === 0) {
          if (tRunKind[s] === 2) tRunKind[s] = 1;
        } else {
          if (!continues) {
            tOutsideFrom[s] = mean;
            for (let k = 0; k < FIT; k++) tRunFit[at + k] = fast[at + k];
            tRunLastTs[s] = tLast[s];
            tRunKind[s] = 2;
          }
          if (Math.abs(outside) >= 3) {
            // a step: the fits restart on the new regime
            const before = Number.isNaN(tOutsideFrom[s]) ? mean : tOutsideFrom[s]; // r.outsideFrom ?? mean
            clearFit(slow, at);
            clearFit(fast, at);
            tOutside[s] = 0;
            tRunKind[s] = 1;
            tSteps[s] = (Number.isNaN(tSteps[s]) ? 0 : tSteps[s]) + 1;
            tStepKind[s] = 2;
            tStepAt[s] = ts;
            tStepBefore[s] = before;
            tStepAfter[s] = value;
            tFirst[s] = tLast[s] = ts;
            addPoint(slow, 0, value, at);
            addPoint(fast, 0, value, at);
            tN[s] = 1;
            continue;
          }
        }
      }
    }
    if (dt > 0) {
      if (decay.dt !== dt) {
        decay.slow = Math.exp(-(dt / TAU));
        decay.fast = Math.exp(-(dt / FAST_TAU));
        decay.dt = dt;
      }
      advance(slow, dt / TAU, decay.slow, at);
      advance(fast, dt / FAST_TAU, decay.fast, at);
      tLast[s] = ts;
    }
    addPoint(slow, dt < 0 ? dt / TAU : 0, value, at);
    addPoint(fast, dt < 0 ? dt / FAST_TAU : 0, value, at);
    tN[s]++;
  }
  return error;
}

/** switchBasis when a cycle switched, n++, and the reported component. Returns the first error (or null). */
function passFinish(
  q: FleetArrays,
  lane: Int32Array,
  pos: Int32Array,
  L: number,
  o: Outputs,
): InvalidObservationError | null {
  const { wI0, wI1, wF, wDay } = q;
  const { n, sinceShift, cLast, dailyOn, weeklyOn, bLevel, bFast, xCycles, xSeasonal, xSpread, xFired } = q;
  const { xRangeFired, xVal, xScore, xErr } = q;
  let error: InvalidObservationError | null = null;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const p = pos[j];
    if (xErr[s] !== 0) {
      // the trend threw (passTrend): no cycle switch, n not counted, no assessment
      failed(o, p);
      continue;
    }
    if (xCycles[s] !== 0) {
      // component(ts) after learning: dailyAt recomputed from the learned bins
      const { daily, dailyN, dailyMean, weekly, weeklyN, weeklyMean } = q;
      const b24 = s * 24;
      const i0 = wI0[s];
      const i1 = wI1[s];
      const f = wF[s];
      const v0 = dailyN[b24 + i0] > 0 ? daily[b24 + i0] : daily[b24 + i1];
      const v1 = dailyN[b24 + i1] > 0 ? daily[b24 + i1] : v0;
      const d = v0 * (1 - f) + v1 * f - dailyMean[s];
      const wi = s * 7 + wDay[s];
      const wk = weeklyN[wi] === 0 ? 0 : weekly[wi] - weeklyMean[s];
      const after = (dailyOn[s] !== 0 ? d : 0) + (weeklyOn[s] !== 0 ? wk : 0);
      const step = xSeasonal[s] - after;
      bLevel[s] += step;
      bFast[s] += step;
      const at = s * FIT;
      if (xCycles[s] > 0) {
        // createTrend: a fresh model in the same slots, no step bookkeeping
        q.tN[s] = 0;
        q.tFirst[s] = 0;
        q.tLast[s] = 0;
        clearFit(q.slow, at);
        clearFit(q.fast, at);
        clearTrendRun(q, s);
      } else if (!Number.isFinite(step)) {
        // TrendForecaster.rebase throws: SeriesDetector.update stops here (n not counted, no assessment)
        error ??= new InvalidObservationError(q.tLast[s], step);
        failed(o, p);
        continue;
      } else {
        q.slow[at] += step;
        q.fast[at] += step;
      }
    }
    n[s] = n[s] + 1;
    let comp = 0;
    if (!(xScore[s] < ALERT)) {
      if (xRangeFired[s] === 1) comp = 1;
      else if (xFired[s] !== 0) comp = xFired[s];
      else if (sinceShift[s] <= 3 || cLast[s] >= 0.5 * CUSUM_THRESHOLD) comp = 4;
      else if ((dailyOn[s] !== 0 || weeklyOn[s] !== 0) && Math.abs(xVal[s] - bLevel[s]) < 3 * xSpread[s])
        comp = 5;
      else comp = 6;
    }
    o.component[p] = comp;
    o.warm[p] = 1;
  }
  return error;
}

/** The outputs of a point SeriesDetector.update threw on (after validation). */
function failed(o: Outputs, p: number): void {
  o.score[p] = NaN;
  o.rawScore[p] = NaN;
  o.expected[p] = NaN;
  o.lower[p] = NaN;
  o.upper[p] = NaN;
  o.component[p] = 0;
  o.warm[p] = 0;
}

function clearTrendRun(q: FleetArrays, s: number): void {
  q.tOutside[s] = NaN;
  q.tOutsideFrom[s] = NaN;
  q.tRunKind[s] = 0;
  q.tSteps[s] = NaN;
  q.tStepKind[s] = 0;
  q.tStepAt[s] = NaN;
  q.tStepBefore[s] = NaN;
  q.tStepAfter[s] = NaN;
}

/** Runs the kernel on L lanes (lane j: slot lane[j], its time xTs, its point at position pos[j]); returns the first error a point raised (its series as SeriesDetector's). */
function runKernel(
  q: FleetArrays,
  lane: Int32Array,
  pos: Int32Array,
  L: number,
  o: Outputs,
): InvalidObservationError | null {
  passWhen(q, lane, L);
  passScore(q, lane, pos, L, o);
  // the residual likelihood (settled: n >= 10 holds in the kernel)
  const { xIn, xTail, xTail2, xFired, xAbsZ } = q;
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const absZ = xAbsZ[s];
    const raw = absZ < 1e6 ? absZ : 1e6;
    xIn[s] = raw < 20 ? raw : 20;
  }
  passLikelihood(q.lik, lane, L, xIn, xTail);
  passNovelty(q, lane, L, xIn);
  passLikelihood(q.nlik, lane, L, xIn, xTail2);
  for (let j = 0; j < L; j++) {
    const s = lane[j];
    const t = xTail2[s];
    if (t < xTail[s]) {
      xTail[s] = t;
      xFired[s] = 2; // 'pattern'
    } else {
      xFired[s] = 0;
    }
  }
  passVolatility(q, lane, L);
  passCombine(q, lane, pos, L, o);
  passBaseline(q, lane, L);
  passLearn(q, lane, L);
  passLearnBins(q, lane, L);
  const trendError = passTrend(q, lane, L);
  const finishError = passFinish(q, lane, pos, L, o);
  return trendError ?? finishError;
}

// ---------------------------------------------------------------------------------------------------------
// gather / scatter: a SeriesDetector's state in and out of the arrays
// ---------------------------------------------------------------------------------------------------------

/** Whether the kernel can take this detector's state (from its next in-order point on). */
function kernelReady(x: SeriesDetectorInternals): boolean {
  const { v, at } = x;
  return (
    v[at.n] >= WARMUP &&
    v[at.interval] === RING &&
    v[at.baseline] !== 0 &&
    v[at.seasonal + 2] !== 0 &&
    v[at.novelty] >= 2 &&
    v[at.volatility] >= 2
  );
}

function gather(x: SeriesDetectorInternals, q: FleetArrays, s: number): void {
  const { v, at } = x;
  q.n[s] = v[at.n];
  q.lastTs[s] = v[at.lastTs];
  q.sinceShift[s] = v[at.sinceShift];
  const bi = at.interval;
  q.ivCount[s] = v[bi];
  q.ivNext[s] = v[bi + 1];
  q.ivMedian[s] = v[bi + 2];
  for (let k = 0; k < RING; k++) q.ivRing[s * RING + k] = v[bi + 3 + k];
  const bs = at.seasonal;
  q.sFirst[s] = v[bs];
  q.sLevel[s] = v[bs + 1];
  q.sLevelN[s] = v[bs + 2];
  for (let k = 0; k < 24; k++) {
    q.daily[s * 24 + k] = v[bs + 3 + k];
    q.dailyN[s * 24 + k] = v[bs + 27 + k];
    q.dailyMad[s * 24 + k] = v[bs + 65 + k];
  }
  for (let k = 0; k < 7; k++) {
    q.weekly[s * 7 + k] = v[bs + 51 + k];
    q.weeklyN[s * 7 + k] = v[bs + 58 + k];
  }
  for (let k = 0; k < 4; k++) q.ms[s * 4 + k] = v[bs + 89 + k];
  q.dailyOn[s] = v[bs + 93];
  q.weeklyOn[s] = v[bs + 94];
  q.dailyMean[s] = v[bs + 95];
  q.weeklyMean[s] = v[bs + 96];
  const bb = at.baseline;
  q.bN[s] = v[bb];
  q.bLevel[s] = v[bb + 1];
  q.bMad[s] = v[bb + 2];
  q.bFast[s] = v[bb + 3];
  const bc = at.cusum;
  q.cUp[s] = v[bc];
  q.cDown[s] = v[bc + 1];
  q.cLast[s] = v[bc + 2];
  for (let k = 0; k < LIK; k++) {
    q.lik[s * LIK + k] = v[at.likelihood + k];
    q.nlik[s * LIK + k] = v[at.noveltyLikelihood + k];
  }
  const bn = at.novelty;
  q.nvN[s] = v[bn];
  q.scN[s] = v[bn + 1];
  q.scMean[s] = v[bn + 2];
  q.scVar[s] = v[bn + 3];
  q.p1[s] = v[bn + 4];
  q.p2[s] = v[bn + 5];
  q.age[s] = v[bn + 6];
  q.total[s] = v[bn + 7];
  for (let i = 0; i < TABLE; i++) q.counts[i * q.cap + s] = x.counts[i];
  const bv = at.volatility;
  q.voN[s] = v[bv];
  q.voLast[s] = v[bv + 1];
  q.voShort[s] = v[bv + 2];
  q.voLong[s] = v[bv + 3];
  q.voRN[s] = v[bv + 4];
  q.voRMean[s] = v[bv + 5];
  q.voRVar[s] = v[bv + 6];
  const br = at.range;
  q.rN[s] = v[br];
  q.rMin[s] = v[br + 1];
  q.rMax[s] = v[br + 2];
  q.rFirst[s] = v[br + 3];
  const bd = at.damper;
  q.dRem[s] = v[bd];
  q.dQuiet[s] = v[bd + 1];
  q.dPeak[s] = v[bd + 2];
  q.dDipped[s] = v[bd + 3];
  const bt = at.trend;
  q.tN[s] = v[bt];
  q.tFirst[s] = v[bt + 1];
  q.tLast[s] = v[bt + 2];
  // bt + 3..5: the trend's cached discount factors (derived)
  for (let k = 0; k < FIT; k++) {
    q.slow[s * FIT + k] = v[bt + 6 + k];
    q.fast[s * FIT + k] = v[bt + 16 + k];
  }
  const r = x.stepRun;
  clearTrendRun(q, s);
  if (r.outside !== undefined) q.tOutside[s] = r.outside;
  if (r.outsideFrom !== undefined) q.tOutsideFrom[s] = r.outsideFrom;
  if (r.runFit !== undefined) {
    q.tRunKind[s] = r.runFit ? 2 : 1;
    if (r.runFit) {
      const fs = r.runFit.fast;
      const fit = [fs.yRef, fs.s0, fs.s1, fs.s2, fs.q0, fs.q1, fs.q2, fs.t0, fs.t1, fs.syy];
      for (let k = 0; k < FIT; k++) q.tRunFit[s * FIT + k] = fit[k];
      q.tRunLastTs[s] = r.runFit.lastTs;
    }
  }
  if (r.steps !== undefined) q.tSteps[s] = r.steps;
  if (r.lastStep !== undefined) {
    q.tStepKind[s] = r.lastStep ? 2 : 1;
    if (r.lastStep) {
      q.tStepAt[s] = r.lastStep.at;
      q.tStepBefore[s] = r.lastStep.before;
      q.tStepAfter[s] = r.lastStep.after;
    }
  }
}

/** A SeriesDetector holding slot s's state (a new object; the arrays are unchanged). */
function scatter(q: FleetArrays, s: number): SeriesDetector {
  const d = new SeriesDetector();
  const x = d.internals();
  if (!x) throw new Error('SeriesFleet: the default SeriesDetector exposes no internals');
  const { v, at } = x;
  v[at.n] = q.n[s];
  v[at.lastTs] = q.lastTs[s];
  v[at.sinceShift] = q.sinceShift[s];
  const bi = at.interval;
  v[bi] = q.ivCount[s];
  v[bi + 1] = q.ivNext[s];
  v[bi + 2] = q.ivMedian[s];
  for (let k = 0; k < RING; k++) v[bi + 3 + k] = q.ivRing[s * RING + k];
  const bs = at.seasonal;
  v[bs] = q.sFirst[s];
  for (let k = 0; k < 24; k++) v[bs + 65 + k] = q.dailyMad[s * 24 + k];
  for (let k = 0; k < 4; k++) v[bs + 89 + k] = q.ms[s * 4 + k];
  putCycles(q, s, v, at);
  const bb = at.baseline;
  v[bb] = q.bN[s];
  v[bb + 3] = q.bFast[s];
  const bc = at.cusum;
  v[bc] = q.cUp[s];
  v[bc + 1] = q.cDown[s];
  v[bc + 2] = q.cLast[s];
  for (let k = 0; k < LIK; k++) {
    v[at.likelihood + k] = q.lik[s * LIK + k];
    v[at.noveltyLikelihood + k] = q.nlik[s * LIK + k];
  }
  const bn = at.novelty;
  v[bn] = q.nvN[s];
  v[bn + 1] = q.scN[s];
  v[bn + 2] = q.scMean[s];
  v[bn + 3] = q.scVar[s];
  v[bn + 4] = q.p1[s];
  v[bn + 5] = q.p2[s];
  v[bn + 6] = q.age[s];
  v[bn + 7] = q.total[s];
  for (let i = 0; i < TABLE; i++) x.counts[i] = q.counts[i * q.cap + s];
  const bv = at.volatility;
  v[bv] = q.voN[s];
  v[bv + 1] = q.voLast[s];
  v[bv + 2] = q.voShort[s];
  v[bv + 3] = q.voLong[s];
  v[bv + 4] = q.voRN[s];
  v[bv + 5] = q.voRMean[s];
  v[bv + 6] = q.voRVar[s];
  const br = at.range;
  v[br] = q.rN[s];
  v[br + 1] = q.rMin[s];
  v[br + 2] = q.rMax[s];
  v[br + 3] = q.rFirst[s];
  const bd = at.damper;
  v[bd] = q.dRem[s];
  v[bd + 1] = q.dQuiet[s];
  v[bd + 2] = q.dPeak[s];
  v[bd + 3] = q.dDipped[s];
  putTrendFits(q, s, v, at);
  const r = x.stepRun; // {} in a new detector
  if (!Number.isNaN(q.tOutside[s])) r.outside = q.tOutside[s];
  if (!Number.isNaN(q.tOutsideFrom[s])) r.outsideFrom = q.tOutsideFrom[s];
  if (q.tRunKind[s] === 1) r.runFit = null;
  else if (q.tRunKind[s] === 2) {
    const f = q.tRunFit;
    const b = s * FIT;
    const fast: DiscountedFitState = {
      yRef: f[b],
      s0: f[b + 1],
      s1: f[b + 2],
      s2: f[b + 3],
      q0: f[b + 4],
      q1: f[b + 5],
      q2: f[b + 6],
      t0: f[b + 7],
      t1: f[b + 8],
      syy: f[b + 9],
    };
    r.runFit = { fast, lastTs: q.tRunLastTs[s] };
  }
  if (!Number.isNaN(q.tSteps[s])) r.steps = q.tSteps[s];
  const step = stepOf(q, s);
  if (step !== undefined) r.lastStep = step;
  return d;
}

/**
 * Writes what the seasonal profile's reads (component, offsetBounds, dailyOn / weeklyOn, slowLevel) and the
 * baseline's spread use of slot s into a detector's slab: the bins and their weights and means, the cycle
 * flags, the slow level; the baseline's level and spread. The profile's position cache (derived: the last
 * time's bins and daily offset) is cleared, as in a new detector: a slab that held another series' bins
 * must not answer from it.
 */
function putCycles(q: FleetArrays, s: number, v: number[], at: SeriesDetectorInternals['at']): void {
  const bs = at.seasonal;
  v[bs + 1] = q.sLevel[s];
  v[bs + 2] = q.sLevelN[s];
  for (let k = 0; k < 24; k++) {
    v[bs + 3 + k] = q.daily[s * 24 + k];
    v[bs + 27 + k] = q.dailyN[s * 24 + k];
  }
  for (let k = 0; k < 7; k++) {
    v[bs + 51 + k] = q.weekly[s * 7 + k];
    v[bs + 58 + k] = q.weeklyN[s * 7 + k];
  }
  v[bs + 93] = q.dailyOn[s];
  v[bs + 94] = q.weeklyOn[s];
  v[bs + 95] = q.dailyMean[s];
  v[bs + 96] = q.weeklyMean[s];
  v[bs + 97] = NaN; // the position cache's time (bs + 97..103): none cached
  const bb = at.baseline;
  v[bb + 1] = q.bLevel[s];
  v[bb + 2] = q.bMad[s];
}

/** Writes slot s's trend fits (n, first and last time, the slow and fast fits) into a detector's slab. */
function putTrendFits(q: FleetArrays, s: number, v: number[], at: SeriesDetectorInternals['at']): void {
  const bt = at.trend;
  v[bt] = q.tN[s];
  v[bt + 1] = q.tFirst[s];
  v[bt + 2] = q.tLast[s];
  // bt + 3..5: the cached discount factors of the last advance (derived; NaN in a new detector)
  for (let k = 0; k < FIT; k++) {
    v[bt + 6 + k] = q.slow[s * FIT + k];
    v[bt + 16 + k] = q.fast[s * FIT + k];
  }
}

/** Slot s's trend lastStep: a new object when set, null when recorded as none, undefined when absent. */
function stepOf(q: FleetArrays, s: number): TrendStep | null | undefined {
  const kind = q.tStepKind[s];
  if (kind === 1) return null;
  if (kind === 2) return { at: q.tStepAt[s], before: q.tStepBefore[s], after: q.tStepAfter[s] };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// reader(slot) of kernel slots: one pooled SeriesDetector per fleet (the shadow) answers through the
// components' own code, holding only the parts of the slot's state the read needs
// ---------------------------------------------------------------------------------------------------------

/** Parts of a kernel slot's state a read needs (bits): what deviation and cycles read (putCycles). */
const PART_CYCLES = 1;
/** what forecast and timeToThreshold read (putTrendFits) */
const PART_TREND = 2;
/** lastStep */
const PART_STEP = 4;
/** score: the whole state (a new detector) */
const PART_ALL = 8;

/** The cycles a reader answers for (SeriesDetector#cycles). */
type FleetCycles = FleetSeriesReader['cycles'];

/** Where a slot reader gets the detector answering for its slot (its own, or the shadow holding `part`). */
type ReaderSource = (slot: number, part: number) => SeriesDetector;

/**
 * One SeriesDetector (default options) per fleet that answers the reads of kernel slots: each part of a
 * slot's state is copied into its slab at the first read that needs it, once per (slot, fleet state
 * version), so repeated reads of a slot between updates copy nothing, and a read copies at most ~70 numbers
 * instead of building a detector (scatter: a new SeriesDetector, its whole state and pattern table). Its
 * slab starts all NaN and the slots no part writes stay NaN: a read that came to use a number its part does
 * not copy answers NaN (the spec compares every read with SeriesDetector's) instead of another series' value.
 */
class Shadow {
  private readonly d = new SeriesDetector();
  private readonly x: SeriesDetectorInternals;
  private slot = -1;
  private version = -1;
  private parts = 0;

  constructor() {
    const x = this.d.internals();
    if (!x) throw new Error('SeriesFleet: the default SeriesDetector exposes no internals');
    x.v.fill(NaN);
    this.x = x;
  }

  /** The shadow holding `part` of slot s's state as of fleet state `version`. */
  holding(q: FleetArrays, s: number, version: number, part: number): SeriesDetector {
    if (s !== this.slot || version !== this.version) {
      this.slot = s;
      this.version = version;
      this.parts = 0;
    }
    if ((this.parts & part) === 0) {
      const x = this.x;
      if (part === PART_CYCLES) putCycles(q, s, x.v, x.at);
      else if (part === PART_TREND) putTrendFits(q, s, x.v, x.at);
      else {
        // the trend model of a detector that never learns is never replaced: stepRun stays its object
        const step = stepOf(q, s);
        if (step === undefined) delete x.stepRun.lastStep;
        else x.stepRun.lastStep = step;
      }
      this.parts |= part;
    }
    return this.d;
  }
}

/** What {@link SeriesFleet.reader} returns: one per slot, each read resolved at the time of the call. */
class SlotReader implements FleetSeriesReader {
  readonly cycles: FleetCycles;

  constructor(
    private readonly source: ReaderSource,
    private readonly slot: number,
  ) {
    this.cycles = new SlotCycles(source, slot);
  }

  score(ts: number, value: number): ReturnType<SeriesDetector['score']> {
    return this.source(this.slot, PART_ALL).score(ts, value);
  }

  deviation(ts: number, value: number): number {
    return this.source(this.slot, PART_CYCLES).deviation(ts, value);
  }

  forecast(): ReturnType<SeriesDetector['forecast']> {
    return this.source(this.slot, PART_TREND).forecast();
  }

  timeToThreshold(limit: number, direction: 'up' | 'down'): ReturnType<SeriesDetector['timeToThreshold']> {
    return this.source(this.slot, PART_TREND).timeToThreshold(limit, direction);
  }

  get lastStep(): TrendStep | null {
    return this.source(this.slot, PART_STEP).lastStep;
  }
}

/** A slot reader's `cycles`. */
class SlotCycles implements FleetCycles {
  constructor(
    private readonly source: ReaderSource,
    private readonly slot: number,
  ) {}

  component(ts: number): number {
    return this.source(this.slot, PART_CYCLES).cycles.component(ts);
  }

  offsetBounds(): [number, number] {
    return this.source(this.slot, PART_CYCLES).cycles.offsetBounds();
  }

  get dailyOn(): boolean {
    return this.source(this.slot, PART_CYCLES).cycles.dailyOn;
  }

  get weeklyOn(): boolean {
    return this.source(this.slot, PART_CYCLES).cycles.weeklyOn;
  }
}

/** The per-point results of the latest {@link SeriesFleet.update}, indexed by position in that call. */
interface Outputs {
  score: Float64Array;
  rawScore: Float64Array;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  component: Int8Array;
  warm: Uint8Array;
}

function checkDefaults(): void {
  const d = defaultSeriesDetectorOptions as unknown as Record<string, unknown>;
  const k = KERNEL_OPTIONS as unknown as Record<string, unknown>;
  const same = (a: unknown, b: unknown): boolean =>
    typeof a === 'object' && a !== null && typeof b === 'object' && b !== null
      ? Object.keys(a).length === Object.keys(b).length &&
        Object.keys(a).every((key) =>
          same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
        )
      : Object.is(a, b);
  const t = defaultTrendOptions as unknown as Record<string, unknown>;
  const trendSame = Object.entries(KERNEL_TREND).every(([key, value]) => Object.is(t[key], value));
  if (!same(d, k) || !trendSame)
    throw new Error(
      'SeriesFleet: defaultSeriesDetectorOptions changed; update the kernel constants (series-fleet.ts)',
    );
}

/**
 * The default {@link SeriesDetector} pipeline for many series at once, in struct-of-arrays form: every
 * output and every state is bit-identical to one SeriesDetector per series. The kernel implements the
 * default options (the constructor refuses to run if the defaults were changed without the kernel); with
 * other options every series runs as a SeriesDetector with them.
 *
 * - `add(state?)` returns a slot for a new series (or one restored from `SeriesDetector#toJSON`); `remove(slot)`
 *   frees it (freed slots are reused; the arrays grow by doubling).
 * - `update(ts, slots, values, count)` scores and learns one point of each of several series (each slot at
 *   most once per call; `ts` one time for all, or an array of each point's time): the results are in `score`, `rawScore`, `expected`, `lower` / `upper` (the band),
 *   `component` (codes: FLEET_COMPONENTS) and `warm`, indexed by position in the call — exactly what `SeriesDetector#update(ts, value)` returns.
 * - `toJSON(slot)` is what the same SeriesDetector would serialize; `reader(slot)` answers its reads that do not
 *   learn (score, deviation, cycles, forecast, timeToThreshold, lastStep), warm series without building one.
 *
 * Warm series (>= warmupSamples points, interval ring full) in time order run in a batch kernel whose
 * arithmetic is the components' expression for expression; every other point (a young series, an
 * out-of-order timestamp) goes through a SeriesDetector holding that series' state, and the state moves back
 * into the arrays at the series' next eligible point. Feed all the points of a timestamp in one call
 * (~2.5x faster than SeriesDetector objects at 10,000 series).
 *
 * Errors: if `ts` or any value is not finite (InvalidObservationError), a slot is not in use or appears
 * twice (RangeError), `update` throws before changing anything. A point that makes SeriesDetector#update
 * throw after validation (its trend model rejects a non-finite de-seasonalized value or cycle offset: values
 * near the double range, or a state holding non-finite numbers) leaves that series as SeriesDetector leaves
 * it, reports NaN for it (warm 0), and `update` throws the first such error once every other point of the call
 * has been processed.
 *
 * @example
 * const fleet = new SeriesFleet();
 * const a = fleet.add();
 * const b = fleet.add(savedState);
 * fleet.update(ts, [a, b], [42.1, 17]);
 * fleet.score[0]; // what SeriesDetector#update(ts, 42.1) returns for series a
 */
export class SeriesFleet {
  /** score of the point at position i of the latest update (SeriesDetector's Assessment.score) */
  score = new Float64Array(0);
  rawScore = new Float64Array(0);
  expected = new Float64Array(0);
  /** Assessment.band.lower / upper (expected -/+ 3 spreads) */
  lower = new Float64Array(0);
  upper = new Float64Array(0);
  /** component code (index in FLEET_COMPONENTS; 0: none) */
  component = new Int8Array(0);
  /** 1 when the series was warm (Assessment.warm) */
  warm = new Uint8Array(0);
  /** Points processed by the kernel / by SeriesDetector objects, state moves into / out of the arrays. */
  readonly stats = { kernelPoints: 0, scalarPoints: 0, gathers: 0, scatters: 0 };

  private q: FleetArrays;
  private mode: Uint8Array;
  private detectors: (SeriesDetector | null)[];
  private readonly free: number[] = [];
  private used = 0;
  private top = 0;
  private seen: Float64Array;
  private call = 0;
  private lane: Int32Array;
  private lanePos: Int32Array;
  private scalarPos: Int32Array;
  // reader(slot): one reader per slot (made at its first read), the pooled detector answering for kernel
  // slots, and the version of the fleet's state (bumped by update, add and remove: what the shadow holds of
  // a slot is stale after any of them)
  private readers: (SlotReader | null)[];
  private shadow: Shadow | null = null; // made at the first read of a kernel slot
  private version = 0;
  private readonly source: ReaderSource = (slot, part) => {
    this.check(slot);
    const d = this.detectors[slot];
    if (d) return d;
    if (part === PART_ALL) return scatter(this.q, slot);
    return (this.shadow ??= new Shadow()).holding(this.q, slot, this.version, part);
  };

  /**
   * @param capacity initial number of slots (grows by doubling)
   * @param options SeriesDetector options: with anything but the defaults every series runs as a
   *   SeriesDetector with them (exact, without the kernel's speed)
   */
  constructor(
    capacity = 64,
    private readonly options: Partial<SeriesDetectorOptions> = {},
  ) {
    if (typeof capacity !== 'number' || !(capacity >= 1))
      throw new TypeError(`SeriesFleet: capacity must be a number >= 1, got ${String(capacity)}`);
    if (options === null || typeof options !== 'object')
      throw new TypeError('SeriesFleet: options must be an object (SeriesDetectorOptions)');
    checkDefaults();
    const cap = Math.ceil(capacity);
    this.q = new FleetArrays(cap);
    this.mode = new Uint8Array(cap);
    this.detectors = new Array<SeriesDetector | null>(cap).fill(null);
    this.readers = new Array<SlotReader | null>(cap).fill(null);
    this.seen = new Float64Array(cap);
    this.lane = new Int32Array(cap);
    this.lanePos = new Int32Array(cap);
    this.scalarPos = new Int32Array(cap);
  }

  /** Number of series in the fleet. */
  get size(): number {
    return this.used;
  }

  /** A slot for a new series, or one restored from `state` (SeriesDetector#toJSON, JSON round-trip allowed). */
  add(state?: SeriesDetectorState): number {
    const o = this.options;
    const d = state ? SeriesDetector.fromJSON(state, o) : new SeriesDetector(o);
    this.version++;
    let s = this.free.pop();
    if (s === undefined) {
      if (this.top === this.q.cap) this.grow(this.q.cap * 2);
      s = this.top++;
    }
    this.used++;
    const x = d.internals();
    if (x && kernelReady(x)) {
      gather(x, this.q, s);
      this.mode[s] = KERNEL;
      this.detectors[s] = null;
    } else {
      this.mode[s] = SCALAR;
      this.detectors[s] = d;
    }
    return s;
  }

  /** Frees a slot (its number may be returned by a later add). */
  remove(slot: number): void {
    this.check(slot);
    this.version++;
    this.mode[slot] = FREE;
    this.detectors[slot] = null;
    this.free.push(slot);
    this.used--;
  }

  /**
   * The series in `slot` as it is now, for the SeriesDetector methods that do not learn (score without
   * learning, deviation, cycles, forecast, timeToThreshold, lastStep): what the same SeriesDetector would
   * answer, bit for bit. Valid until the next update, add or remove (the fleet reuses it: it is one object
   * per slot). A young series answers from its own SeriesDetector; a warm one through one detector the
   * fleet pools, into which a read copies the part of the slot's state it needs (deviation and cycles: the
   * seasonal profile and the baseline; forecast and timeToThreshold: the trend's fits; lastStep), once per
   * slot between two updates: no allocation (but a slot's first reader, and lastStep's object when one was
   * recorded), repeated reads copy nothing. `score` (rare: devices in maintenance) copies the whole state
   * into a new detector and scores on a copy of that. No read changes the fleet's state.
   * @example
   * const r = fleet.reader(slot);
   * r.deviation(ts, 61.5); // what SeriesDetector#deviation(ts, 61.5) answers for that series
   * r.cycles.component(ts + 3_600_000); // its seasonal offset an hour later
   */
  reader(slot: number): FleetSeriesReader {
    this.check(slot);
    return (this.readers[slot] ??= new SlotReader(this.source, slot));
  }

  /** What SeriesDetector#toJSON would return for the series in `slot`. */
  toJSON(slot: number): SeriesDetectorState {
    this.check(slot);
    const d = this.detectors[slot];
    return d ? d.toJSON() : scatter(this.q, slot).toJSON();
  }

  /**
   * Scores and learns the points (time, values[i]) of the series slots[i], i < count (each slot at most once):
   * the results are in score / rawScore / expected / lower / upper / component / warm at [i]. `ts` is one time
   * for all the points, or each point's own time (ts[i]: points of a round that arrive a little apart). See
   * the class comment for errors.
   */
  update(
    ts: number | ArrayLike<number>,
    slots: ArrayLike<number>,
    values: ArrayLike<number>,
    count = slots.length,
  ): void {
    this.version++;
    const one = typeof ts === 'number';
    if (!(
      count >= 0 &&
      count <= slots.length &&
      count <= values.length &&
      (one || count <= ts.length) &&
      Number.isInteger(count)
    ))
      throw new RangeError(`SeriesFleet.update: bad count ${String(count)}`);
    const stamp = ++this.call;
    const seen = this.seen;
    for (let i = 0; i < count; i++) {
      const s = slots[i];
      this.check(s);
      if (seen[s] === stamp) throw new RangeError(`SeriesFleet.update: slot ${s} twice in one call`);
      seen[s] = stamp;
      const value = values[i];
      const t = one ? ts : ts[i];
      if (!Number.isFinite(value) || !Number.isFinite(t)) throw new InvalidObservationError(t, value);
    }
    if (this.score.length < count) this.growOutputs(count);
    const q = this.q;
    const { mode, detectors, lane, lanePos, scalarPos } = this;
    const { lastTs, ivCount, xVal, xTs } = q;
    let L = 0;
    let nScalar = 0;
    for (let i = 0; i < count; i++) {
      const s = slots[i];
      const t = one ? ts : ts[i];
      if (mode[s] === KERNEL) {
        if (!(t >= lastTs[s] && ivCount[s] === RING)) {
          detectors[s] = scatter(q, s);
          mode[s] = SCALAR;
          this.stats.scatters++;
        }
      } else {
        const d = detectors[s] as SeriesDetector;
        const x = d.internals();
        if (x && kernelReady(x) && t >= x.v[x.at.lastTs]) {
          gather(x, q, s);
          mode[s] = KERNEL;
          detectors[s] = null;
          this.stats.gathers++;
        }
      }
      if (mode[s] === KERNEL) {
        lane[L] = s;
        lanePos[L] = i;
        xVal[s] = values[i];
        xTs[s] = t;
        L++;
      } else {
        scalarPos[nScalar++] = i;
      }
    }
    this.stats.kernelPoints += L;
    this.stats.scalarPoints += nScalar;
    let error = L > 0 ? runKernel(q, lane, lanePos, L, this) : null;
    for (let k = 0; k < nScalar; k++) {
      const i = scalarPos[k];
      const d = detectors[slots[i]] as SeriesDetector;
      try {
        const a = d.update(one ? ts : ts[i], values[i]);
        this.score[i] = a.score;
        this.rawScore[i] = a.rawScore;
        this.expected[i] = a.expected;
        const band = a.band;
        this.lower[i] = band.lower;
        this.upper[i] = band.upper;
        this.component[i] = componentCode(a.component);
        this.warm[i] = a.warm ? 1 : 0;
      } catch (e) {
        if (!(e instanceof InvalidObservationError)) throw e;
        error ??= e;
        failed(this, i);
      }
    }
    if (error) throw error;
  }

  private check(slot: number): void {
    if (!(Number.isInteger(slot) && slot >= 0 && slot < this.top && this.mode[slot] !== FREE))
      throw new RangeError(`SeriesFleet: slot ${String(slot)} is not in use`);
  }

  private grow(cap: number): void {
    this.q = this.q.grown(cap);
    const mode = new Uint8Array(cap);
    mode.set(this.mode);
    this.mode = mode;
    const seen = new Float64Array(cap);
    seen.set(this.seen);
    this.seen = seen;
    while (this.detectors.length < cap) this.detectors.push(null);
    while (this.readers.length < cap) this.readers.push(null);
    this.lane = new Int32Array(cap);
    this.lanePos = new Int32Array(cap);
    this.scalarPos = new Int32Array(cap);
  }

  private growOutputs(count: number): void {
    let n = Math.max(16, this.score.length);
    while (n < count) n *= 2;
    this.score = new Float64Array(n);
    this.rawScore = new Float64Array(n);
    this.expected = new Float64Array(n);
    this.lower = new Float64Array(n);
    this.upper = new Float64Array(n);
    this.component = new Int8Array(n);
    this.warm = new Uint8Array(n);
  }
}

function componentCode(c: ComponentName | null): number {
  const code = FLEET_COMPONENTS.indexOf(c);
  if (code < 0) throw new Error(`SeriesFleet: unknown component ${String(c)}`);
  return code;
}
