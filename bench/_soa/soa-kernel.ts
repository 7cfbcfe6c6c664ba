/**
 * Scratch prototype (bench/_soa): a struct-of-arrays batch kernel of the warm (steady-state) path of
 * SeriesDetector.update with default options. One timestamp of all series is processed component by
 * component, each pass a tight loop over the series. State: one array per state field (length = series
 * count), fixed-size per-series vectors (daily bins, ring, fits) series-major with a stride.
 *
 * Same arithmetic as libs/detection (expressions copied in the same order; normalTail / logScore / medianOf
 * imported from the library). Branches that cannot occur in the warm path of the bench data throw (assert):
 * see ASSERT comments.
 */
// direct module paths: through the @preempt/detection barrel every call goes through two export getters
// (swc's CommonJS `export *`), ~4 % of the kernel's time in a profile
import { logScore } from '../../libs/detection/src/calibration/anomaly-likelihood';
import { medianOf } from '../../libs/detection/src/stats/median';
import { normalTail } from '../../libs/detection/src/stats/normal';

export const ENTRY_MAJOR = process.env.SOA_TABLE === 'entry';
export const ARR_KIND = process.env.SOA_ARR === 'arr' ? 'arr' : 'f64';
// TS sees Float64Array everywhere; with SOA_ARR=arr every array is a PACKED_DOUBLE number[] instead
// (one kind per process, so the code stays monomorphic).
export type Arr = Float64Array;
export function mk(n: number): Arr {
  if (ARR_KIND === 'f64') return new Float64Array(n);
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(0.5); // PACKED_DOUBLE_ELEMENTS
  for (let i = 0; i < n; i++) a[i] = 0;
  return a as unknown as Arr;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MAD_TO_SIGMA = 1.2533141373155003;
const NEVER = 1e9;
const RING = 15;
const FIT = 10; // Y_REF, S0, S1, S2, Q0, Q1, Q2, T0, T1, SYY
const TAU = 12 * HOUR;
const FAST_TAU = 2 * HOUR;
const TABLE = 512;
const BITS = 9;
const MAX_COUNT = 32 + 32 * 64 - 1;

/** One AnomalyLikelihood (+ its PotTail) over all series. */
export class Lik {
  longN: Arr;
  longMean: Arr;
  longVar: Arr;
  short: Arr;
  lsN: Arr;
  lsMean: Arr;
  lsVar: Arr;
  potShare: Arr;
  potN: Arr;
  exN: Arr;
  exMean: Arr;
  exVar: Arr;
  constructor(S: number) {
    this.longN = mk(S);
    this.longMean = mk(S);
    this.longVar = mk(S);
    this.short = mk(S);
    this.lsN = mk(S);
    this.lsMean = mk(S);
    this.lsVar = mk(S);
    this.potShare = mk(S);
    this.potN = mk(S);
    this.exN = mk(S);
    this.exMean = mk(S);
    this.exVar = mk(S);
  }
}

export class Soa {
  readonly S: number;
  // detector
  n: Arr;
  lastTs: Arr;
  sinceShift: Arr;
  // interval estimator
  ivCount: Arr;
  ivNext: Arr;
  ivMedian: Arr;
  ivRing: Arr; // ring: S * 15
  // seasonal profile
  sFirst: Arr;
  sLevel: Arr;
  sLevelN: Arr;
  daily: Arr;
  dailyN: Arr;
  dailyMad: Arr; // S * 24
  weekly: Arr;
  weeklyN: Arr; // S * 7
  ms: Arr; // S * 4
  dailyOn: Arr;
  weeklyOn: Arr;
  dailyMean: Arr;
  weeklyMean: Arr;
  // robust baseline
  bN: Arr;
  bLevel: Arr;
  bMad: Arr;
  bFast: Arr;
  // cusum
  cUp: Arr;
  cDown: Arr;
  cLast: Arr;
  lik: Lik;
  nlik: Lik;
  // pattern novelty
  nvN: Arr;
  scN: Arr;
  scMean: Arr;
  scVar: Arr;
  p1: Arr;
  p2: Arr;
  age: Arr;
  total: Arr;
  counts: Uint16Array; // S * 512
  // volatility shift
  voN: Arr;
  voLast: Arr;
  voShort: Arr;
  voLong: Arr;
  voRN: Arr;
  voRMean: Arr;
  voRVar: Arr;
  // range novelty
  rN: Arr;
  rMin: Arr;
  rMax: Arr;
  rFirst: Arr;
  // alert damper
  dRem: Arr;
  dQuiet: Arr;
  dPeak: Arr;
  dDipped: Arr;
  // trend forecaster
  tN: Arr;
  tFirst: Arr;
  tLast: Arr;
  slow: Arr;
  fast: Arr; // fits: S * 10
  tOutside: Arr;
  tOutsideFrom: Arr;
  tRunOn: Arr;
  tRunFit: Arr;
  tRunLastTs: Arr;
  tSteps: Arr;
  tStepAt: Arr;
  tStepBefore: Arr;
  tStepAfter: Arr;
  // per-timestamp scratch (not state)
  xSteps: Arr;
  xD: Arr;
  xW: Arr;
  xSeasonal: Arr;
  xSpread: Arr;
  xBSpread: Arr;
  xAbsZ: Arr;
  xZ: Arr;
  xShift: Arr;
  xIn: Arr;
  xTail: Arr;
  xTail2: Arr;
  xFired: Arr;
  xRangeFired: Arr;
  xCycles: Arr;
  xLevel: Arr;
  xLimit: Arr;
  xE0: Arr;
  xCG: Arr;
  xCC: Arr;
  xCL: Arr;
  xCHL: Arr;
  xCH: Arr;
  xTot: Arr;

  constructor(S: number) {
    this.S = S;
    this.n = mk(S);
    this.lastTs = mk(S);
    this.sinceShift = mk(S);
    this.ivCount = mk(S);
    this.ivNext = mk(S);
    this.ivMedian = mk(S);
    this.ivRing = mk(S * RING);
    this.sFirst = mk(S);
    this.sLevel = mk(S);
    this.sLevelN = mk(S);
    this.daily = mk(S * 24);
    this.dailyN = mk(S * 24);
    this.dailyMad = mk(S * 24);
    this.weekly = mk(S * 7);
    this.weeklyN = mk(S * 7);
    this.ms = mk(S * 4);
    this.dailyOn = mk(S);
    this.weeklyOn = mk(S);
    this.dailyMean = mk(S);
    this.weeklyMean = mk(S);
    this.bN = mk(S);
    this.bLevel = mk(S);
    this.bMad = mk(S);
    this.bFast = mk(S);
    this.cUp = mk(S);
    this.cDown = mk(S);
    this.cLast = mk(S);
    this.lik = new Lik(S);
    this.nlik = new Lik(S);
    this.nvN = mk(S);
    this.scN = mk(S);
    this.scMean = mk(S);
    this.scVar = mk(S);
    this.p1 = mk(S);
    this.p2 = mk(S);
    this.age = mk(S);
    this.total = mk(S);
    this.counts = new Uint16Array(S * TABLE);
    this.voN = mk(S);
    this.voLast = mk(S);
    this.voShort = mk(S);
    this.voLong = mk(S);
    this.voRN = mk(S);
    this.voRMean = mk(S);
    this.voRVar = mk(S);
    this.rN = mk(S);
    this.rMin = mk(S);
    this.rMax = mk(S);
    this.rFirst = mk(S);
    this.dRem = mk(S);
    this.dQuiet = mk(S);
    this.dPeak = mk(S);
    this.dDipped = mk(S);
    this.tN = mk(S);
    this.tFirst = mk(S);
    this.tLast = mk(S);
    this.slow = mk(S * FIT);
    this.fast = mk(S * FIT);
    this.tOutside = mk(S);
    this.tOutsideFrom = mk(S);
    this.tRunOn = mk(S);
    this.tRunFit = mk(S * FIT);
    this.tRunLastTs = mk(S);
    this.tSteps = mk(S);
    this.tStepAt = mk(S);
    this.tStepBefore = mk(S);
    this.tStepAfter = mk(S);
    this.xSteps = mk(S);
    this.xD = mk(S);
    this.xW = mk(S);
    this.xSeasonal = mk(S);
    this.xSpread = mk(S);
    this.xBSpread = mk(S);
    this.xAbsZ = mk(S);
    this.xZ = mk(S);
    this.xShift = mk(S);
    this.xIn = mk(S);
    this.xTail = mk(S);
    this.xTail2 = mk(S);
    this.xFired = mk(S);
    this.xRangeFired = mk(S);
    this.xCycles = mk(S);
    this.xLevel = mk(S);
    this.xLimit = mk(S);
    this.xE0 = mk(S);
    this.xCG = mk(S);
    this.xCC = mk(S);
    this.xCL = mk(S);
    this.xCHL = mk(S);
    this.xCH = mk(S);
    this.xTot = mk(S);
  }
}

/** Names of the state arrays (for copy / compare); scratch x* excluded. */
export function stateKeys(soa: Soa): string[] {
  return Object.keys(soa).filter((k) => k !== 'S' && k !== 'lik' && k !== 'nlik' && !/^x[A-Z]/.test(k));
}
export const LIK_KEYS = Object.keys(new Lik(1));

export function copySoa(from: Soa, to: Soa): void {
  const f = from as unknown as Record<string, Arr>;
  const t = to as unknown as Record<string, Arr>;
  for (const k of stateKeys(from)) {
    const a = f[k];
    const b = t[k];
    for (let i = 0; i < a.length; i++) b[i] = a[i];
  }
  for (const L of ['lik', 'nlik']) {
    const a = f[L] as unknown as Record<string, Arr>;
    const b = t[L] as unknown as Record<string, Arr>;
    for (const k of LIK_KEYS) for (let i = 0; i < a[k].length; i++) b[k][i] = a[k][i];
  }
}

function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}

function fail(what: string, s: number): never {
  throw new Error(`SoA kernel: unsupported branch '${what}' at series ${s}`);
}

// the line solveInto writes (LEVEL, SLOPE, VAR_LEVEL, VAR_SLOPE, COV, SIGMA2), as in discounted-fit
const line = new Float64Array(6);

function solvable(f: Arr, at: number): boolean {
  const det = f[at + 1] * f[at + 3] - f[at + 2] * f[at + 2];
  return det > 1e-9 * f[at + 1] * f[at + 3];
}

function solveInto(f: Arr, at: number, out: Float64Array): boolean {
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

function advance(f: Arr, dx: number, lambda: number, at: number): void {
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

function addPoint(f: Arr, x: number, y: number, at: number): void {
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

function clearFit(f: Arr, at: number): void {
  for (let i = 0; i < FIT; i++) f[at + i] = 0;
}

/** decayedRate(warmRate, window, 1) of robust-baseline (steps = 1 form); the general form below. */
function decayedRate(warmRate: number, window: number, steps: number): number {
  const a = Math.max(warmRate, 1 / window);
  if (a >= 1) return 1;
  return steps === 1 ? a : 1 - Math.pow(1 - a, steps);
}

/** updateEwMeanVarAt with weight 1 on three arrays. */
function ew(nA: Arr, mA: Arr, vA: Arr, s: number, x: number, window: number): void {
  const n = (nA[s] += 1);
  const a = Math.max(1 / n, 1 / window);
  const d = x - mA[s];
  mA[s] += a * d;
  vA[s] = (1 - a) * (vA[s] + a * d * d);
}

function learnBin(
  bins: Arr,
  counts: Arr,
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

function learnedMean(bins: Arr, counts: Arr, from: number, size: number): number {
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

// ---------------------------------------------------------------------------------------------------
// passes
// ---------------------------------------------------------------------------------------------------

/** Time, interval estimator, seasonal offset, spread, z, cusum. */
function passScore(
  q: Soa,
  ts: number,
  values: Arr,
  off: number,
  i0: number,
  i1: number,
  f: number,
  hour: number,
  day: number,
  outRaw: Arr,
  outExp: Arr,
  outOff: number,
): void {
  const S = q.S;
  const { n, lastTs, ivCount, ivNext, ivMedian, ivRing, daily, dailyN, dailyMean, dailyOn, weekly, weeklyN } =
    q;
  const { weeklyMean, weeklyOn, dailyMad, bLevel, bMad, cUp, cDown, cLast } = q;
  const { xSteps, xD, xW, xSeasonal, xSpread, xBSpread, xAbsZ, xZ, xShift } = q;
  for (let s = 0; s < S; s++) {
    const value = values[off + s];
    if (!Number.isFinite(value) || !Number.isFinite(ts)) fail('non-finite', s);
    const n0 = n[s];
    if (n0 < 100) fail('warm-up (n < warmupSamples)', s); // ASSERT: warm path only
    if (!(ts >= lastTs[s])) fail('out-of-order point', s); // ASSERT
    // observeTime
    const dt = ts - lastTs[s];
    lastTs[s] = ts;
    if (dt > 0) {
      const count = ivCount[s];
      if (count < RING) fail('interval ring filling', s); // ASSERT: ring full after 15 points
      const at = s * RING + ivNext[s];
      const evicted = ivRing[at];
      ivRing[at] = dt;
      ivNext[s] = (ivNext[s] + 1) % RING;
      if (evicted !== dt) EVENTS.medianRecompute++;
      if (evicted !== dt) ivMedian[s] = medianOf(ivRing as unknown as number[], count, s * RING);
    }
    const iv = ivMedian[s];
    xSteps[s] = iv <= 0 || dt <= iv ? 1 : Math.min(dt / iv, 1000);
    // seasonal: dailyAt (computed once per point in the library too), weeklyAt
    const b24 = s * 24;
    const v0 = dailyN[b24 + i0] > 0 ? daily[b24 + i0] : daily[b24 + i1];
    const v1 = dailyN[b24 + i1] > 0 ? daily[b24 + i1] : v0;
    const d = v0 * (1 - f) + v1 * f - dailyMean[s];
    const wi = s * 7 + day;
    const w = weeklyN[wi] === 0 ? 0 : weekly[wi] - weeklyMean[s];
    xD[s] = d;
    xW[s] = w;
    const dOn = dailyOn[s] !== 0;
    const seasonal = (dOn ? d : 0) + (weeklyOn[s] !== 0 ? w : 0);
    xSeasonal[s] = seasonal;
    const level = bLevel[s];
    const expected = level + seasonal;
    const hourly = dOn ? dailyMad[b24 + hour] * MAD_TO_SIGMA : 0;
    const floor = Math.max(1e-12, 1e-9 * Math.abs(level));
    const bSpread = Math.max(bMad[s] * MAD_TO_SIGMA, floor);
    xBSpread[s] = bSpread;
    const spread = hourly > bSpread ? hourly : bSpread;
    xSpread[s] = spread;
    const z = n0 === 0 ? 0 : (value - expected) / spread;
    const absZ = Math.abs(z);
    xZ[s] = z;
    xAbsZ[s] = absZ;
    const rawScore = absZ < 1e6 ? absZ : 1e6;
    outRaw[outOff + s] = rawScore;
    outExp[outOff + s] = expected;
    // cusum (drift 0.5, threshold 12, clip 4)
    const zc = z > 4 ? 4 : z < -4 ? -4 : z;
    const up = (cUp[s] = Math.max(0, cUp[s] + zc - 0.5));
    const down = (cDown[s] = Math.max(0, cDown[s] - zc - 0.5));
    cLast[s] = Math.max(up, down);
    let shift = 0;
    if (up >= 12) {
      EVENTS.cusumShift++;
      cUp[s] = 0;
      cDown[s] = 0;
      shift = 1;
    } else if (down >= 12) {
      EVENTS.cusumShift++;
      cUp[s] = 0;
      cDown[s] = 0;
      shift = -1;
    }
    xShift[s] = shift;
  }
}

/** AnomalyLikelihood.updateTail (pointTail 'pot', longWindow 2000, shortWindow 8, minStd 0.05). */
function passLikelihood(L: Lik, S: number, input: Arr, outTail: Arr): void {
  const { longN, longMean, longVar, short, lsN, lsMean, lsVar, potShare, potN, exN, exMean, exVar } = L;
  for (let s = 0; s < S; s++) {
    const r0 = input[s];
    const raw = r0 > 1e6 ? 1e6 : r0;
    const ln = longN[s];
    const shortNext = ln === 0 ? raw : short[s] + (raw - short[s]) / 8;
    const std = Math.max(Math.sqrt(longVar[s]), 0.05);
    const lm = longMean[s];
    const threshold = lm + 1.645 * std;
    // PotTail.tail
    let potNull = true;
    let potTail = 0;
    if (!(exN[s] < 10 || raw <= threshold)) {
      const m = exMean[s];
      const variance = exVar[s];
      const r = variance > 0 ? (m * m) / variance : 1;
      const shape = Math.min(1, Math.max(0, 0.5 * (1 - r)));
      const scale = Math.max(1e-12, 0.5 * m * (1 + r));
      const y = (raw - threshold) / scale;
      const survival = shape < 1e-6 ? Math.exp(-y) : Math.pow(1 + shape * y, -1 / shape);
      potTail = potShare[s] * survival;
      potNull = false;
    }
    const shortStd = Math.max(Math.sqrt(lsVar[s]), 0.05);
    const zShort = (shortNext - lsMean[s]) / shortStd;
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
    // learnOf
    short[s] = shortNext;
    const pn = (potN[s] = potN[s] + 1);
    const above = raw > threshold ? 1 : 0;
    potShare[s] += Math.max(1 / pn, 1 / 2000) * (above - potShare[s]);
    if (above === 1) ew(exN, exMean, exVar, s, raw - threshold, 2000 / 20);
    ew(longN, longMean, longVar, s, raw, 2000);
    ew(lsN, lsMean, lsVar, s, shortNext, 2000);
  }
}

/** (variant) PatternNovelty.update in one pass over the series (levels 10, table 512, scaleWindow 2000, halving 2000, hourOfDay): surprise. */
function passNoveltyFused(q: Soa, ts: number, values: Arr, off: number, out: Arr): void {
  const S = q.S;
  const { nvN, scN, scMean, scVar, p1, p2, age, total, counts: c } = q;
  const L = 10;
  // count table layout: series-major (entry e of series s at s * 512 + e, as in the library) or entry-major
  // (at e * S + s: one entry of all series is contiguous, the hour's entries are read sequentially)
  const ES = ENTRY_MAJOR ? S : 1;
  const SS = ENTRY_MAJOR ? 1 : TABLE;
  const h = Math.floor(ts / HOUR) % 24;
  const hour = h < 0 ? h + 24 : h;
  for (let s = 0; s < S; s++) {
    const value = values[off + s];
    // quantize
    const mean = scMean[s];
    const std = Math.max(Math.sqrt(scVar[s]), 1e-12, 1e-9 * Math.abs(mean));
    const z = (value - mean) / std;
    const l = Math.floor(((z + 3) * L) / 6);
    const level = l < 0 ? 0 : l >= L ? L - 1 : l;
    ew(scN, scMean, scVar, s, value, 2000);
    if (nvN[s] < 2) fail('novelty warm-up', s); // ASSERT
    const base = s * SS;
    const ctx = p2[s] * L + p1[s];
    const iGram = base + ES * nhash(1, ctx * L + level);
    const iCtx = base + ES * nhash(2, ctx);
    const iLevel = base + ES * nhash(3, level);
    const prior = (c[iLevel] + 1) / (total[s] + L);
    let p = (c[iGram] + prior) / (c[iCtx] + 1);
    const iHourLevel = base + ES * nhash(4, hour * L + level);
    const iHour = base + ES * nhash(5, hour);
    p *= (c[iHourLevel] + prior) / (c[iHour] + 1);
    const surprise = -Math.log(p);
    if (c[iGram] < MAX_COUNT) c[iGram]++;
    if (c[iCtx] < MAX_COUNT) c[iCtx]++;
    if (c[iLevel] < MAX_COUNT) c[iLevel]++;
    total[s]++;
    if (c[iHourLevel] < MAX_COUNT) c[iHourLevel]++;
    if (c[iHour] < MAX_COUNT) c[iHour]++;
    if (++age[s] >= 2000) {
      // halve (does not occur within 720 steps: age < 2000; kept for fidelity)
      EVENTS.noveltyHalving++;
      for (let i = 0; i < TABLE; i++) c[base + ES * i] >>= 1;
      total[s] = total[s] >> 1;
      age[s] = 0;
    }
    nvN[s]++;
    p2[s] = p1[s];
    p1[s] = level;
    out[s] = surprise > 0 ? surprise : 0;
  }
}

/**
 * PatternNovelty.update (levels 10, table 512, scaleWindow 2000, halving 2000, hourOfDay): surprise, in three
 * passes: quantize (+ learn the scale), the count table (read the five counts, then count: the only pass with
 * cache misses, kept short so the misses of many series overlap), the probability (-log).
 */
function passNovelty(q: Soa, ts: number, values: Arr, off: number, out: Arr): void {
  const S = q.S;
  const { nvN, scN, scMean, scVar, p1, p2, age, total, counts: c } = q;
  const { xLevel, xCG, xCC, xCL, xCHL, xCH, xTot } = q;
  const L = 10;
  // count table layout: series-major (entry e of series s at s * 512 + e, as in the library) or entry-major
  // (at e * S + s: one entry of all series is contiguous, the hour's entries are read sequentially)
  const ES = ENTRY_MAJOR ? S : 1;
  const SS = ENTRY_MAJOR ? 1 : TABLE;
  const h = Math.floor(ts / HOUR) % 24;
  const hour = h < 0 ? h + 24 : h;
  for (let s = 0; s < S; s++) {
    const value = values[off + s];
    // quantize
    const mean = scMean[s];
    const std = Math.max(Math.sqrt(scVar[s]), 1e-12, 1e-9 * Math.abs(mean));
    const z = (value - mean) / std;
    const l = Math.floor(((z + 3) * L) / 6);
    xLevel[s] = l < 0 ? 0 : l >= L ? L - 1 : l;
    ew(scN, scMean, scVar, s, value, 2000);
  }
  for (let s = 0; s < S; s++) {
    if (nvN[s] < 2) fail('novelty warm-up', s); // ASSERT
    const level = xLevel[s];
    const base = s * SS;
    const ctx = p2[s] * L + p1[s];
    const iGram = base + ES * nhash(1, ctx * L + level);
    const iCtx = base + ES * nhash(2, ctx);
    const iLevel = base + ES * nhash(3, level);
    const iHourLevel = base + ES * nhash(4, hour * L + level);
    const iHour = base + ES * nhash(5, hour);
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
    if (++age[s] >= 2000) {
      // halve (does not occur within 720 steps: age < 2000; kept for fidelity)
      EVENTS.noveltyHalving++;
      for (let i = 0; i < TABLE; i++) c[base + ES * i] >>= 1;
      total[s] = total[s] >> 1;
      age[s] = 0;
    }
    nvN[s]++;
    p2[s] = p1[s];
    p1[s] = level;
  }
  for (let s = 0; s < S; s++) {
    const prior = (xCL[s] + 1) / (xTot[s] + L);
    let p = (xCG[s] + prior) / (xCC[s] + 1);
    p *= (xCHL[s] + prior) / (xCH[s] + 1);
    const surprise = -Math.log(p);
    out[s] = surprise > 0 ? surprise : 0;
  }
}

/** VolatilityShift.updateTail (shortWindow 48, longWindow 2000); the smallest tail wins (fired). */
function passVolatility(q: Soa, values: Arr, off: number): void {
  const S = q.S;
  const { voN, voLast, voShort, voLong, voRN, voRMean, voRVar, xTail, xFired } = q;
  for (let s = 0; s < S; s++) {
    const value = values[off + s];
    const step = Math.abs(value - voLast[s]);
    const n = voN[s] + 1;
    voLast[s] = value;
    voN[s] = n;
    if (n <= 2) fail('volatility warm-up', s); // ASSERT
    const step_ = step < 1e300 ? step : 1e300;
    const short = voShort[s] + (step_ - voShort[s]) / 48;
    const long = voLong[s] + Math.max(1 / n, 1 / 2000) * (step_ - voLong[s]);
    const floor = Math.max(0.01 * long, 1e-300);
    const r = Math.log((short + floor) / (long + floor));
    const sd = Math.sqrt(voRVar[s]);
    const z = sd > 0 ? Math.abs(r - voRMean[s]) / sd : 0;
    const t = n > 50 ? 2 * normalTail(z) : 1;
    voShort[s] = short;
    voLong[s] = long;
    ew(voRN, voRMean, voRVar, s, r, 2000);
    if (t < xTail[s]) {
      xTail[s] = t;
      xFired[s] = 3; // 'volatility'
    }
  }
}

/** Range novelty, logScore, alert damper: the reported score. */
function passCombine(q: Soa, ts: number, values: Arr, off: number, outScore: Arr, outOff: number): void {
  const S = q.S;
  const { rN, rMin, rMax, rFirst, dRem, dQuiet, dPeak, dDipped, xTail, xAbsZ, xRangeFired } = q;
  for (let s = 0; s < S; s++) {
    const value = values[off + s];
    // RangeNovelty.update (tolerance 0.05, minSpan 1 day)
    let outside = false;
    if (rN[s] !== 0) {
      const min = rMin[s];
      const max = rMax[s];
      const pad = 0.05 * (max - min);
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
    xRangeFired[s] = beyondRange && likely < 0.5 ? 1 : 0;
    const combined = beyondRange ? 1 : likely;
    // AlertDamper.apply (alertLevel 0.5, refractory 200, resolve 24, escalateAfter 8)
    let score = combined;
    if (dRem[s] > 0) {
      const peak = Number.isNaN(dPeak[s]) ? 1 : dPeak[s];
      if (!(!(dDipped[s] === 1) || score < 0.5 || score <= peak) && 200 - dRem[s] + 1 >= 8) {
        EVENTS.damperEscalation++;
        dRem[s] = 0;
      }
    }
    if (dRem[s] > 0) {
      dRem[s]--;
      if (score < 0.5 * 0.5) dDipped[s] = 1;
      if (score > (Number.isNaN(dPeak[s]) ? 1 : dPeak[s])) dPeak[s] = score;
      dQuiet[s] = score < 0.5 * 0.5 ? dQuiet[s] + 1 : 0;
      if (dQuiet[s] >= 24) {
        EVENTS.damperResolved++;
        dRem[s] = 0;
      }
      score = 0;
    } else {
      dQuiet[s] = 0;
      if (score >= 0.5) {
        EVENTS.damperAlert++;
        dRem[s] = 200;
        dPeak[s] = score;
        dDipped[s] = 0;
      }
    }
    outScore[outOff + s] = score;
  }
}

/** Baseline learn (+ acceptShift, sinceShift), seasonal learnNoise + learn (+ decide). */
/** RobustBaseline.learn(value - seasonal, steps, weight), then acceptShift / sinceShift. */
function passBaseline(q: Soa, values: Arr, off: number): void {
  const S = q.S;
  const { bN, bLevel, bMad, bFast, sinceShift, xSteps, xSeasonal, xBSpread, xAbsZ, xShift } = q;
  for (let s = 0; s < S; s++) {
    const value = values[off + s];
    const absZ = xAbsZ[s];
    const seasonal = xSeasonal[s];
    const weight = absZ > 3 ? 3 / absZ : 1;
    const steps = xSteps[s];
    // RobustBaseline.learn(value - seasonal, steps, weight)
    {
      const x = value - seasonal;
      if (bN[s] === 0) fail('baseline first sample', s); // ASSERT
      const n = (bN[s] += weight);
      const r = x - bLevel[s];
      const absR = Math.abs(r);
      // this.spread before learning = xBSpread (level, mad unchanged since the score pass)
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

function passLearn(q: Soa, ts: number, values: Arr, off: number, hour: number): void {
  const S = q.S;
  const { ivMedian, sFirst, sLevel, sLevelN, dailyMad, ms, dailyOn, weeklyOn } = q;
  const { xD, xW, xSpread, xAbsZ, xCycles, xLimit, xE0 } = q;
  for (let s = 0; s < S; s++) {
    const value = values[off + s];
    const absZ = xAbsZ[s];
    const spread = xSpread[s];
    const weight = absZ > 3 ? 3 / absZ : 1;
    const intervalMs = ivMedian[s];
    const interval = intervalMs > 0 ? intervalMs : 60_000;
    const levelN0 = sLevelN[s];
    // SeasonalProfile.learnNoise(ts, absZ * spread, 3 * spread, intervalMs, weight)
    {
      const i = s * 24 + hour;
      const rate = Math.max(weight / (levelN0 + 1), weight / (Math.max(1, HOUR / interval) * 5));
      const absResidual = absZ * spread;
      const limit = 3 * spread;
      const x = absResidual < limit ? absResidual : limit;
      dailyMad[i] = dailyMad[i] === 0 ? x : dailyMad[i] + rate * (x - dailyMad[i]);
    }
    const cyclesBefore = Number(dailyOn[s] !== 0) + Number(weeklyOn[s] !== 0);
    // SeasonalProfile.learn(ts, value, intervalMs, weight)
    {
      if (levelN0 === 0) fail('seasonal first sample', s); // ASSERT
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
      const span = ts - sFirst[s];
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
/** SeasonalProfile.learn, second half: learnDaily, learnWeekly (their means in passMeans), the slow level. */
function passLearnBins(
  q: Soa,
  values: Arr,
  off: number,
  i0: number,
  i1: number,
  f: number,
  day: number,
): void {
  const S = q.S;
  const { ivMedian, sLevel, sLevelN, daily, dailyN, weekly, weeklyN, xD, xW, xAbsZ, xLimit, xE0 } = q;
  for (let s = 0; s < S; s++) {
    const x = values[off + s];
    const absZ = xAbsZ[s];
    const weight = absZ > 3 ? 3 / absZ : 1;
    const intervalMs = ivMedian[s];
    const interval = intervalMs > 0 ? intervalMs : 60_000;
    const perDay = DAY / interval;
    const d = xD[s];
    const w = xW[s];
    const e0 = xE0[s];
    const limit = xLimit[s];
    {
      // learnDaily
      const b24 = s * 24;
      const window = Math.max(1, HOUR / interval) * 5;
      learnBin(daily, dailyN, b24 + i0, e0 - w, limit, weight * (1 - f), window);
      learnBin(daily, dailyN, b24 + i1, e0 - w, limit, weight * f, window);
      // learnWeekly
      learnBin(weekly, weeklyN, s * 7 + day, e0 - d, limit, weight, perDay * 3);
      // dailyMean / weeklyMean: recomputed in passMeans (nothing below reads them)
      const levelN = (sLevelN[s] += weight);
      const t = x - d - w - sLevel[s];
      sLevel[s] +=
        decayedRate(weight / levelN, Math.max(24, perDay), 1) * (t > limit ? limit : t < -limit ? -limit : t);
    }
  }
}

/** The learned means of the daily and weekly bins (learnedMean, after learnDaily / learnWeekly). */
function passMeans(q: Soa): void {
  const { S, daily, dailyN, dailyMean, weekly, weeklyN, weeklyMean } = q;
  for (let s = 0; s < S; s++) {
    dailyMean[s] = learnedMean(daily, dailyN, s * 24, 24);
    weeklyMean[s] = learnedMean(weekly, weeklyN, s * 7, 7);
  }
}

/** TrendForecaster.update(ts, value - seasonal), with its step detection. */
function passTrend(
  q: Soa,
  ts: number,
  values: Arr,
  off: number,
  lamSlowDt: number,
  lamSlow: number,
  lamFast: number,
): void {
  const S = q.S;
  const { tN, tFirst, tLast, slow, fast, tOutside, tOutsideFrom, tRunOn, tRunFit, tRunLastTs, tSteps } = q;
  const { tStepAt, tStepBefore, tStepAfter, xSeasonal } = q;
  for (let s = 0; s < S; s++) {
    const value = values[off + s] - xSeasonal[s];
    const at = s * FIT;
    const n0 = tN[s];
    if (n0 === 0) tFirst[s] = tLast[s] = ts;
    if (ts < tFirst[s]) tFirst[s] = ts;
    const dt = ts - tLast[s];
    if (dt >= 0 && n0 > 0) {
      // stepped(ts, value)
      const run = tOutside[s];
      const ref = run !== 0 && tRunOn[s] === 1;
      const warm = !(n0 < 30 || tLast[s] - tFirst[s] < 2 * HOUR);
      const ok = ref ? solveInto(tRunFit, at, line) : warm && solvable(slow, at) && solveInto(fast, at, line);
      if (!ok) {
        tOutside[s] = 0;
        tRunOn[s] = 0;
      } else {
        const x = (ts - (ref ? tRunLastTs[s] : tLast[s])) / FAST_TAU;
        const mean = line[0] + line[1] * x;
        const variance = line[2] + 2 * line[4] * x + line[3] * x * x + line[5];
        const halfWidth = 2.576 * Math.sqrt(Math.max(0, variance)) + 1e-9 * (Math.abs(mean) + 1);
        const side = value > mean + halfWidth ? 1 : value < mean - halfWidth ? -1 : 0;
        const continues = side !== 0 && Math.sign(run) === side;
        const outside = (tOutside[s] = side === 0 ? 0 : continues ? run + side : side);
        if (side === 0) {
          tRunOn[s] = 0;
        } else {
          if (!continues) {
            EVENTS.trendRunStart++;
            tOutsideFrom[s] = mean;
            for (let k = 0; k < FIT; k++) tRunFit[at + k] = fast[at + k];
            tRunLastTs[s] = tLast[s];
            tRunOn[s] = 1;
          }
          if (Math.abs(outside) >= 3) {
            // a step: the fits restart on the new regime
            EVENTS.trendStep++;
            const before = Number.isNaN(tOutsideFrom[s]) ? mean : tOutsideFrom[s];
            clearFit(slow, at);
            clearFit(fast, at);
            tOutside[s] = 0;
            tRunOn[s] = 0;
            tSteps[s]++;
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
      // exp(-dt / tau) is cached per series while dt repeats: the same values computed once per timestamp
      const ls = dt === lamSlowDt ? lamSlow : Math.exp(-(dt / TAU));
      const lf = dt === lamSlowDt ? lamFast : Math.exp(-(dt / FAST_TAU));
      advance(slow, dt / TAU, ls, at);
      advance(fast, dt / FAST_TAU, lf, at);
      tLast[s] = ts;
    }
    addPoint(slow, dt < 0 ? dt / TAU : 0, value, at);
    addPoint(fast, dt < 0 ? dt / FAST_TAU : 0, value, at);
    tN[s]++;
  }
}

/** switchBasis when a cycle switched, n++, and the reported component (codes: see COMPONENTS). */
export const COMPONENTS = [null, 'range', 'pattern', 'volatility', 'changepoint', 'seasonality', 'baseline'];
function passFinish(
  q: Soa,
  ts: number,
  values: Arr,
  off: number,
  i0: number,
  i1: number,
  f: number,
  day: number,
  outScore: Arr,
  outComp: Int8Array,
  outOff: number,
): number {
  const S = q.S;
  const {
    n,
    sinceShift,
    cLast,
    dailyOn,
    weeklyOn,
    bLevel,
    bFast,
    xCycles,
    xSeasonal,
    xSpread,
    xFired,
    xRangeFired,
  } = q;
  let switches = 0;
  for (let s = 0; s < S; s++) {
    if (xCycles[s] !== 0) {
      switches++;
      // component(ts) after learning: dailyAt recomputed from the learned bins
      const { daily, dailyN, dailyMean, weekly, weeklyN, weeklyMean } = q;
      const b24 = s * 24;
      const v0 = dailyN[b24 + i0] > 0 ? daily[b24 + i0] : daily[b24 + i1];
      const v1 = dailyN[b24 + i1] > 0 ? daily[b24 + i1] : v0;
      const d = v0 * (1 - f) + v1 * f - dailyMean[s];
      const wi = s * 7 + day;
      const w = weeklyN[wi] === 0 ? 0 : weekly[wi] - weeklyMean[s];
      const after = (dailyOn[s] !== 0 ? d : 0) + (weeklyOn[s] !== 0 ? w : 0);
      const step = xSeasonal[s] - after;
      bLevel[s] += step;
      bFast[s] += step;
      const at = s * FIT;
      if (xCycles[s] > 0) EVENTS.cycleOn++;
      else EVENTS.cycleOff++;
      if (xCycles[s] > 0) {
        // createTrend: a fresh model in the same slots, fresh step bookkeeping
        q.tN[s] = 0;
        q.tFirst[s] = 0;
        q.tLast[s] = 0;
        clearFit(q.slow, at);
        clearFit(q.fast, at);
        q.tOutside[s] = 0;
        q.tOutsideFrom[s] = NaN;
        q.tRunOn[s] = 0;
        q.tSteps[s] = 0;
        q.tStepAt[s] = NaN;
        q.tStepBefore[s] = NaN;
        q.tStepAfter[s] = NaN;
      } else {
        if (!Number.isFinite(step)) fail('non-finite rebase', s);
        q.slow[at] += step;
        q.fast[at] += step;
      }
    }
    n[s] = n[s] + 1;
    const score = outScore[outOff + s];
    let comp = 0;
    if (!(score < 0.5)) {
      if (xRangeFired[s] === 1) comp = 1;
      else if (xFired[s] !== 0) comp = xFired[s];
      else {
        const value = values[off + s];
        const spread = xSpread[s];
        if (sinceShift[s] <= 3 || cLast[s] >= 0.5 * 12) comp = 4;
        else if ((dailyOn[s] !== 0 || weeklyOn[s] !== 0) && Math.abs(value - bLevel[s]) < 3 * spread)
          comp = 5;
        else comp = 6;
      }
    }
    outComp[outOff + s] = comp;
  }
  void ts;
  return switches;
}

export interface StepStats {
  switches: number;
}

/**
 * Processes one timestamp `ts` of all series: values[off + s] is series s's value. Writes score, rawScore,
 * expected and the component code to out*[outOff + s]. Returns the number of cycle switches.
 */
/** How often rare branches ran (counted per kernel run; reset by the caller). */
export const EVENTS = {
  medianRecompute: 0,
  cusumShift: 0,
  damperAlert: 0,
  damperEscalation: 0,
  damperResolved: 0,
  noveltyHalving: 0,
  trendRunStart: 0,
  trendStep: 0,
  cycleOn: 0,
  cycleOff: 0,
};

/** Exact variants of the kernel (same results), switched between runs for in-process A/B timing. */
export const VARIANT = { noveltyFused: false };

/** Milliseconds spent per pass (accumulated over calls). */
export const PASS_NAMES = [
  'score+cusum',
  'likelihood',
  'novelty',
  'novelty likelihood',
  'volatility',
  'range+damper',
  'learn baseline+seasonal',
  'trend',
  'finish',
];
export const PASS_MS = new Float64Array(PASS_NAMES.length);

export function step(
  q: Soa,
  ts: number,
  prevTs: number,
  values: Arr,
  off: number,
  outScore: Arr,
  outRaw: Arr,
  outExp: Arr,
  outComp: Int8Array,
  outOff: number,
): number {
  const S = q.S;
  // SeasonalProfile.locate: the position of ts in the day and week (a function of ts alone)
  const inDay = mod(ts, DAY);
  const p = inDay / HOUR - 0.5;
  const i0 = mod(Math.floor(p), 24);
  const i1 = (i0 + 1) % 24;
  const f = p - Math.floor(p);
  const hour = Math.floor(inDay / HOUR);
  const day = mod(Math.floor(ts / DAY), 7);
  let t0 = performance.now();
  const lap = (i: number): void => {
    const t1 = performance.now();
    PASS_MS[i] += t1 - t0;
    t0 = t1;
  };
  passScore(q, ts, values, off, i0, i1, f, hour, day, outRaw, outExp, outOff);
  lap(0);
  // residual likelihood (settled: n >= 10 holds in the warm path)
  const { xIn, xTail, xTail2, xFired, xAbsZ } = q;
  for (let s = 0; s < S; s++) {
    const absZ = xAbsZ[s];
    const raw = absZ < 1e6 ? absZ : 1e6;
    xIn[s] = raw < 20 ? raw : 20;
  }
  passLikelihood(q.lik, S, xIn, xTail);
  lap(1);
  if (VARIANT.noveltyFused) passNoveltyFused(q, ts, values, off, xIn);
  else passNovelty(q, ts, values, off, xIn);
  lap(2);
  passLikelihood(q.nlik, S, xIn, xTail2);
  for (let s = 0; s < S; s++) {
    const t = xTail2[s];
    if (t < xTail[s]) {
      xTail[s] = t;
      xFired[s] = 2; // 'pattern'
    } else {
      xFired[s] = 0;
    }
  }
  lap(3);
  passVolatility(q, values, off);
  lap(4);
  passCombine(q, ts, values, off, outScore, outOff);
  lap(5);
  passBaseline(q, values, off);
  passLearn(q, ts, values, off, hour);
  passLearnBins(q, values, off, i0, i1, f, day);
  passMeans(q);
  lap(6);
  const dt = ts - prevTs;
  passTrend(q, ts, values, off, dt, Math.exp(-(dt / TAU)), Math.exp(-(dt / FAST_TAU)));
  lap(7);
  const sw = passFinish(q, ts, values, off, i0, i1, f, day, outScore, outComp, outOff);
  lap(8);
  return sw;
}
