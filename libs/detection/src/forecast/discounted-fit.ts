import { doubleArray } from '../stats/ew-mean-var';

/**
 * Exponentially discounted least-squares line in continuous time.
 *
 * Every observation i gets the weight w_i = exp(-(now - t_i) / tau), so the fit forgets at a rate set by
 * elapsed time, not by the number of samples: irregular sampling and gaps need no special case.
 * Time is measured in units of tau relative to the newest timestamp (x <= 0), which keeps the moments
 * around 1 and the normal equations well conditioned.
 *
 * The state holds the weighted moments s_k = sum w x^k, q_k = sum w^2 x^k (for the sandwich covariance
 * of the coefficients), t_k = sum w x^k y and syy = sum w y^2, with y centred on `yRef` (moved to the
 * newest value at each update, so the sums keep their precision on large offsets).
 */

/** Plain-data sufficient statistics of the discounted line fit. */
export interface DiscountedFitState {
  yRef: number;
  s0: number;
  s1: number;
  s2: number;
  q0: number;
  q1: number;
  q2: number;
  t0: number;
  t1: number;
  syy: number;
}

/** Weighted least-squares line around x = 0 (now), x in units of tau. */
export interface LineFit {
  /** fitted value at x = 0 */
  level: number;
  /** per unit of x (tau) */
  slope: number;
  /** variances and covariance of level and slope (sandwich estimator) */
  varLevel: number;
  varSlope: number;
  covLevelSlope: number;
  /** residual variance of one observation */
  sigma2: number;
}

/**
 * The statistics of a {@link DiscountedFitState} in unboxed doubles (slots below, same order), from slot `at`
 * of a double array (0 for a fit of its own): numbers in object fields are boxed, one heap object each, a
 * cache miss each with thousands of series, so the owner keeps its fits in its own state array.
 */
export type Fit = number[];

const Y_REF = 0;
const S0 = 1;
const S1 = 2;
const S2 = 3;
const Q0 = 4;
const Q1 = 5;
const Q2 = 6;
const T0 = 7;
const T1 = 8;
const SYY = 9;
/** Number of slots of one fit. */
export const FIT_SLOTS = 10;

export function emptyFit(): Fit {
  return doubleArray(FIT_SLOTS);
}

export function fitFromState(state: DiscountedFitState): Fit {
  const f = emptyFit();
  fitInto(f, 0, state);
  return f;
}

/** Writes `state` into slots [at, at + FIT_SLOTS) of `f`. */
export function fitInto(f: Fit, at: number, state: DiscountedFitState): void {
  f[at + Y_REF] = state.yRef;
  f[at + S0] = state.s0;
  f[at + S1] = state.s1;
  f[at + S2] = state.s2;
  f[at + Q0] = state.q0;
  f[at + Q1] = state.q1;
  f[at + Q2] = state.q2;
  f[at + T0] = state.t0;
  f[at + T1] = state.t1;
  f[at + SYY] = state.syy;
}

/** Empties the fit at slot `at` of `f` (no points). */
export function clearFit(f: Fit, at = 0): void {
  for (let i = 0; i < FIT_SLOTS; i++) f[at + i] = 0;
}

export function fitToState(f: Fit, at = 0): DiscountedFitState {
  return {
    yRef: f[at + Y_REF],
    s0: f[at + S0],
    s1: f[at + S1],
    s2: f[at + S2],
    q0: f[at + Q0],
    q1: f[at + Q1],
    q2: f[at + Q2],
    t0: f[at + T0],
    t1: f[at + T1],
    syy: f[at + SYY],
  };
}

/** Moves the fit's reference value (the values it learned shift by `delta`; slopes and residuals stay). */
export function rebaseFit(f: Fit, delta: number, at = 0): void {
  f[at + Y_REF] += delta;
}

/**
 * Move the time origin forward by `dx` (units of tau) and discount every moment accordingly: existing
 * points now sit at x - dx, and sum w (x - d)^k expands binomially. `lambda` = exp(-dx), when the caller has it.
 */
export function advance(f: Fit, dx: number, lambda = Math.exp(-dx), at = 0): void {
  if (!(dx > 0)) return;
  const lambda2 = lambda * lambda;
  const d2 = dx * dx;
  f[at + S2] = lambda * (f[at + S2] - 2 * dx * f[at + S1] + d2 * f[at + S0]);
  f[at + S1] = lambda * (f[at + S1] - dx * f[at + S0]);
  f[at + S0] = lambda * f[at + S0];
  f[at + Q2] = lambda2 * (f[at + Q2] - 2 * dx * f[at + Q1] + d2 * f[at + Q0]);
  f[at + Q1] = lambda2 * (f[at + Q1] - dx * f[at + Q0]);
  f[at + Q0] = lambda2 * f[at + Q0];
  f[at + T1] = lambda * (f[at + T1] - dx * f[at + T0]);
  f[at + T0] = lambda * f[at + T0];
  f[at + SYY] = lambda * f[at + SYY];
}

/** Add one observation at position x (<= 0, units of tau) with its discount weight exp(x). */
export function addPoint(f: Fit, x: number, y: number, at = 0): void {
  const c = y - f[at + Y_REF];
  if (c !== 0) {
    f[at + SYY] += c * (c * f[at + S0] - 2 * f[at + T0]);
    f[at + T0] -= c * f[at + S0];
    f[at + T1] -= c * f[at + S1];
    f[at + Y_REF] = y;
  }
  if (x === 0) {
    f[at + S0] += 1;
    f[at + Q0] += 1;
    return;
  }
  const w = Math.exp(x);
  f[at + S0] += w;
  f[at + S1] += w * x;
  f[at + S2] += w * x * x;
  f[at + Q0] += w * w;
  f[at + Q1] += w * w * x;
  f[at + Q2] += w * w * x * x;
}

/** Whether {@link solve} gives a line (the design is not singular), without solving. */
export function solvable(f: Fit, at = 0): boolean {
  const det = f[at + S0] * f[at + S2] - f[at + S1] * f[at + S1];
  return det > 1e-9 * f[at + S0] * f[at + S2];
}

// slots of the line solveInto writes (the fields of a LineFit, in that order)
export const LINE_LEVEL = 0;
export const LINE_SLOPE = 1;
export const LINE_VAR_LEVEL = 2;
export const LINE_VAR_SLOPE = 3;
export const LINE_COV = 4;
export const LINE_SIGMA2 = 5;

/**
 * Weighted least-squares line; null when the design is singular (fewer than two distinct times).
 * The coefficient covariance is the sandwich A^-1 B A^-1 sigma2 with A = X'WX and B = X'W^2X, exact
 * for independent noise of constant variance under discount weights; sigma2 = SSE / (s0 - tr(A^-1 B)),
 * which is unbiased under the same assumption.
 */
export function solve(f: Fit, at = 0): LineFit | null {
  const out = lineScratch;
  if (!solveInto(f, at, out)) return null;
  return {
    level: out[LINE_LEVEL],
    slope: out[LINE_SLOPE],
    varLevel: out[LINE_VAR_LEVEL],
    varSlope: out[LINE_VAR_SLOPE],
    covLevelSlope: out[LINE_COV],
    sigma2: out[LINE_SIGMA2],
  };
}

const lineScratch = new Float64Array(6);

/**
 * {@link solve} without allocating: writes the line into `out` (LINE_* slots) and returns true, or returns
 * false when the design is singular. The same operations, so the same numbers (hot path: every point).
 */
export function solveInto(f: Fit, at: number, out: Float64Array): boolean {
  const s0 = f[at + S0];
  const s1 = f[at + S1];
  const s2 = f[at + S2];
  const t0 = f[at + T0];
  const t1 = f[at + T1];
  const det = s0 * s2 - s1 * s1;
  if (!(det > 1e-9 * s0 * s2)) return false;
  // A^-1 = [[i00, i01], [i01, i11]]
  const i00 = s2 / det;
  const i01 = -s1 / det;
  const i11 = s0 / det;
  const slope = i01 * t0 + i11 * t1;
  const level0 = i00 * t0 + i01 * t1;
  const sse = Math.max(0, f[at + SYY] - level0 * t0 - slope * t1);
  // M = A^-1 B
  const m00 = i00 * f[at + Q0] + i01 * f[at + Q1];
  const m01 = i00 * f[at + Q1] + i01 * f[at + Q2];
  const m10 = i01 * f[at + Q0] + i11 * f[at + Q1];
  const m11 = i01 * f[at + Q1] + i11 * f[at + Q2];
  const dof = s0 - (m00 + m11);
  const sigma2 = dof > 0 ? sse / dof : 0;
  out[LINE_LEVEL] = level0 + f[at + Y_REF];
  out[LINE_SLOPE] = slope;
  out[LINE_VAR_LEVEL] = sigma2 * (m00 * i00 + m01 * i01);
  out[LINE_VAR_SLOPE] = sigma2 * (m10 * i01 + m11 * i11);
  out[LINE_COV] = sigma2 * (m00 * i01 + m01 * i11);
  out[LINE_SIGMA2] = sigma2;
  return true;
}
