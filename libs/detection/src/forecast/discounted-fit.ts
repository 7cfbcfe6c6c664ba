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
 * The statistics of a {@link DiscountedFitState} in one unboxed double array (slots below, same order): numbers
 * in object fields are boxed, one heap object each, a cache miss each with thousands of series.
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

export function emptyFit(): Fit {
  return doubleArray(10);
}

export function fitFromState(state: DiscountedFitState): Fit {
  const f = emptyFit();
  f[Y_REF] = state.yRef;
  f[S0] = state.s0;
  f[S1] = state.s1;
  f[S2] = state.s2;
  f[Q0] = state.q0;
  f[Q1] = state.q1;
  f[Q2] = state.q2;
  f[T0] = state.t0;
  f[T1] = state.t1;
  f[SYY] = state.syy;
  return f;
}

export function fitToState(f: Fit): DiscountedFitState {
  return {
    yRef: f[Y_REF],
    s0: f[S0],
    s1: f[S1],
    s2: f[S2],
    q0: f[Q0],
    q1: f[Q1],
    q2: f[Q2],
    t0: f[T0],
    t1: f[T1],
    syy: f[SYY],
  };
}

/** Moves the fit's reference value (the values it learned shift by `delta`; slopes and residuals stay). */
export function rebaseFit(f: Fit, delta: number): void {
  f[Y_REF] += delta;
}

/**
 * Move the time origin forward by `dx` (units of tau) and discount every moment accordingly: existing
 * points now sit at x - dx, and sum w (x - d)^k expands binomially. `lambda` = exp(-dx), when the caller has it.
 */
export function advance(f: Fit, dx: number, lambda = Math.exp(-dx)): void {
  if (!(dx > 0)) return;
  const lambda2 = lambda * lambda;
  const d2 = dx * dx;
  f[S2] = lambda * (f[S2] - 2 * dx * f[S1] + d2 * f[S0]);
  f[S1] = lambda * (f[S1] - dx * f[S0]);
  f[S0] = lambda * f[S0];
  f[Q2] = lambda2 * (f[Q2] - 2 * dx * f[Q1] + d2 * f[Q0]);
  f[Q1] = lambda2 * (f[Q1] - dx * f[Q0]);
  f[Q0] = lambda2 * f[Q0];
  f[T1] = lambda * (f[T1] - dx * f[T0]);
  f[T0] = lambda * f[T0];
  f[SYY] = lambda * f[SYY];
}

/** Add one observation at position x (<= 0, units of tau) with its discount weight exp(x). */
export function addPoint(f: Fit, x: number, y: number): void {
  const c = y - f[Y_REF];
  if (c !== 0) {
    f[SYY] += c * (c * f[S0] - 2 * f[T0]);
    f[T0] -= c * f[S0];
    f[T1] -= c * f[S1];
    f[Y_REF] = y;
  }
  if (x === 0) {
    f[S0] += 1;
    f[Q0] += 1;
    return;
  }
  const w = Math.exp(x);
  f[S0] += w;
  f[S1] += w * x;
  f[S2] += w * x * x;
  f[Q0] += w * w;
  f[Q1] += w * w * x;
  f[Q2] += w * w * x * x;
}

/** Whether {@link solve} gives a line (the design is not singular), without solving. */
export function solvable(f: Fit): boolean {
  const det = f[S0] * f[S2] - f[S1] * f[S1];
  return det > 1e-9 * f[S0] * f[S2];
}

/**
 * Weighted least-squares line; null when the design is singular (fewer than two distinct times).
 * The coefficient covariance is the sandwich A^-1 B A^-1 sigma2 with A = X'WX and B = X'W^2X, exact
 * for independent noise of constant variance under discount weights; sigma2 = SSE / (s0 - tr(A^-1 B)),
 * which is unbiased under the same assumption.
 */
export function solve(f: Fit): LineFit | null {
  const s0 = f[S0];
  const s1 = f[S1];
  const s2 = f[S2];
  const t0 = f[T0];
  const t1 = f[T1];
  const det = s0 * s2 - s1 * s1;
  if (!(det > 1e-9 * s0 * s2)) return null;
  // A^-1 = [[i00, i01], [i01, i11]]
  const i00 = s2 / det;
  const i01 = -s1 / det;
  const i11 = s0 / det;
  const slope = i01 * t0 + i11 * t1;
  const level0 = i00 * t0 + i01 * t1;
  const sse = Math.max(0, f[SYY] - level0 * t0 - slope * t1);
  // M = A^-1 B
  const m00 = i00 * f[Q0] + i01 * f[Q1];
  const m01 = i00 * f[Q1] + i01 * f[Q2];
  const m10 = i01 * f[Q0] + i11 * f[Q1];
  const m11 = i01 * f[Q1] + i11 * f[Q2];
  const dof = s0 - (m00 + m11);
  const sigma2 = dof > 0 ? sse / dof : 0;
  return {
    level: level0 + f[Y_REF],
    slope,
    varLevel: sigma2 * (m00 * i00 + m01 * i01),
    varSlope: sigma2 * (m10 * i01 + m11 * i11),
    covLevelSlope: sigma2 * (m00 * i01 + m01 * i11),
    sigma2,
  };
}
