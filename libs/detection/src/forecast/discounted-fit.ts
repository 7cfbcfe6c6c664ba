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

export function emptyFit(): DiscountedFitState {
  return { yRef: 0, s0: 0, s1: 0, s2: 0, q0: 0, q1: 0, q2: 0, t0: 0, t1: 0, syy: 0 };
}

/**
 * Move the time origin forward by `dx` (units of tau) and discount every moment accordingly: existing
 * points now sit at x - dx, and sum w (x - d)^k expands binomially. `lambda` = exp(-dx), when the caller has it.
 */
export function advance(f: DiscountedFitState, dx: number, lambda = Math.exp(-dx)): void {
  if (!(dx > 0)) return;
  const lambda2 = lambda * lambda;
  const d2 = dx * dx;
  f.s2 = lambda * (f.s2 - 2 * dx * f.s1 + d2 * f.s0);
  f.s1 = lambda * (f.s1 - dx * f.s0);
  f.s0 = lambda * f.s0;
  f.q2 = lambda2 * (f.q2 - 2 * dx * f.q1 + d2 * f.q0);
  f.q1 = lambda2 * (f.q1 - dx * f.q0);
  f.q0 = lambda2 * f.q0;
  f.t1 = lambda * (f.t1 - dx * f.t0);
  f.t0 = lambda * f.t0;
  f.syy = lambda * f.syy;
}

/** Add one observation at position x (<= 0, units of tau) with its discount weight exp(x). */
export function addPoint(f: DiscountedFitState, x: number, y: number): void {
  const c = y - f.yRef;
  if (c !== 0) {
    f.syy += c * (c * f.s0 - 2 * f.t0);
    f.t0 -= c * f.s0;
    f.t1 -= c * f.s1;
    f.yRef = y;
  }
  if (x === 0) {
    f.s0 += 1;
    f.q0 += 1;
    return;
  }
  const w = Math.exp(x);
  f.s0 += w;
  f.s1 += w * x;
  f.s2 += w * x * x;
  f.q0 += w * w;
  f.q1 += w * w * x;
  f.q2 += w * w * x * x;
}

/**
 * Weighted least-squares line; null when the design is singular (fewer than two distinct times).
 * The coefficient covariance is the sandwich A^-1 B A^-1 sigma2 with A = X'WX and B = X'W^2X, exact
 * for independent noise of constant variance under discount weights; sigma2 = SSE / (s0 - tr(A^-1 B)),
 * which is unbiased under the same assumption.
 */
export function solve(f: DiscountedFitState): LineFit | null {
  const det = f.s0 * f.s2 - f.s1 * f.s1;
  if (!(det > 1e-9 * f.s0 * f.s2)) return null;
  // A^-1 = [[i00, i01], [i01, i11]]
  const i00 = f.s2 / det;
  const i01 = -f.s1 / det;
  const i11 = f.s0 / det;
  const slope = i01 * f.t0 + i11 * f.t1;
  const level0 = i00 * f.t0 + i01 * f.t1;
  const sse = Math.max(0, f.syy - level0 * f.t0 - slope * f.t1);
  // M = A^-1 B
  const m00 = i00 * f.q0 + i01 * f.q1;
  const m01 = i00 * f.q1 + i01 * f.q2;
  const m10 = i01 * f.q0 + i11 * f.q1;
  const m11 = i01 * f.q1 + i11 * f.q2;
  const dof = f.s0 - (m00 + m11);
  const sigma2 = dof > 0 ? sse / dof : 0;
  return {
    level: level0 + f.yRef,
    slope,
    varLevel: sigma2 * (m00 * i00 + m01 * i01),
    varSlope: sigma2 * (m10 * i01 + m11 * i11),
    covLevelSlope: sigma2 * (m00 * i01 + m01 * i11),
    sigma2,
  };
}
