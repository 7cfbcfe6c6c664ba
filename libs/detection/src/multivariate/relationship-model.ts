import { inv } from 'mathjs';

/**
 * Online model of how a device's metrics move together: an exponentially weighted mean vector and
 * covariance matrix, and from them, per metric, what the other metrics predict for it.
 *
 * Metrics are standardized with their own spread, so the relationship lives in the correlation matrix
 * R. With the precision matrix P = (R + ridge I)^-1, the best linear prediction of metric i from all the
 * others is -sum_{j != i} P_ij z_j / P_ii with residual variance 1 / P_ii, so one inverse gives every
 * metric's regression residual. The ridge keeps P finite when metrics are collinear or constant.
 */

/** Plain-data state: n (weighted count), mean[k], cov[k][k]. */
export interface RelationshipModelState {
  n: number;
  mean: number[];
  cov: number[][];
}

/** What the other metrics predict for each metric, in the metric's own units. */
export interface Residuals {
  /** standardized regression residual per metric (observed - expected) / residual sd */
  z: number[];
  /** expected value of each metric given the others */
  expected: number[];
  /** residual standard deviation of each metric given the others (own units) */
  sd: number[];
  /** each metric's own standardized deviation from its mean (x - mean) / sd, ignoring the others */
  marginal: number[];
}

export function emptyModel(k: number): RelationshipModelState {
  return {
    n: 0,
    mean: new Array<number>(k).fill(0),
    cov: Array.from({ length: k }, () => new Array<number>(k).fill(0)),
  };
}

/**
 * Learn one aligned vector. The new sample weighs max(weight / n, 1 / window): an exact running mean and
 * covariance at first, exponential forgetting with span `window` afterwards.
 */
export function learn(m: RelationshipModelState, x: number[], window: number, weight = 1): void {
  m.n += weight;
  const a = Math.max(weight / m.n, 1 / window);
  const k = x.length;
  const d = x.map((v, i) => v - m.mean[i]);
  for (let i = 0; i < k; i++) {
    m.mean[i] += a * d[i];
    for (let j = 0; j < k; j++) m.cov[i][j] = (1 - a) * (m.cov[i][j] + a * d[i] * d[j]);
  }
}

/**
 * Pool `other` (rounds learned after `m`'s) into `m`: counts add up (m's capped at `window`, the rounds
 * its forgetting still remembers), means average, and the covariance gains the spread between the two
 * means, so the move from one regime to the other becomes a learned direction of co-movement.
 */
export function merge(m: RelationshipModelState, other: RelationshipModelState, window: number): void {
  const n1 = Math.min(m.n, window);
  const n2 = other.n;
  if (n2 <= 0) return;
  const n = n1 + n2;
  const k = m.mean.length;
  const d = m.mean.map((mu, i) => other.mean[i] - mu);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++)
      m.cov[i][j] = (n1 * m.cov[i][j] + n2 * other.cov[i][j]) / n + ((n1 * n2) / (n * n)) * d[i] * d[j];
  }
  for (let i = 0; i < k; i++) m.mean[i] += (n2 / n) * d[i];
  m.n = n;
}

/**
 * Precision matrix of the ridge-regularized correlation matrix, and the standard deviations used to
 * standardize. A metric whose spread is (numerically) zero gets a tiny floor, so it stays finite: it is
 * predicted by its mean and any change of it is a large residual.
 */
export function precision(m: RelationshipModelState, ridge: number): { p: number[][]; sd: number[] } {
  const k = m.mean.length;
  const sd = m.mean.map((mu, i) => Math.sqrt(Math.max(m.cov[i][i], (1e-9 * Math.max(1, Math.abs(mu))) ** 2)));
  const r = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => m.cov[i][j] / (sd[i] * sd[j]) / (1 + ridge) + (i === j ? ridge : 0)),
  );
  return { p: inv(r), sd };
}

/**
 * Regression residual of every metric given the others (see the file comment), as a prediction error:
 * a model learned from `n` rounds knows its coefficients only so well, the less so the farther the other
 * metrics are from what it has seen, so the residual variance is widened by the least-squares
 * prediction-interval factor 1 + (1 + d^2) / n, d^2 the Mahalanobis distance of the other metrics from
 * their mean (d^2 = D^2 - z_i^2, D^2 that of the whole vector). A young model meeting a new operating point
 * widens a lot, a model of 2000 rounds hardly; n = Infinity gives the plain regression residual.
 */
export function residuals(
  m: RelationshipModelState,
  prec: { p: number[][]; sd: number[] },
  x: number[],
  n = Number.POSITIVE_INFINITY,
): Residuals {
  const { p, sd } = prec;
  const k = x.length;
  const zx = x.map((v, i) => (v - m.mean[i]) / sd[i]);
  // (P zx)_i = P_ii (zx_i - predicted_i): one pass gives every residual and D^2 = zx' P zx
  const pz = new Array<number>(k);
  let distance = 0;
  for (let i = 0; i < k; i++) {
    const row = p[i];
    let dot = 0;
    for (let j = 0; j < k; j++) dot += row[j] * zx[j];
    pz[i] = dot;
    distance += zx[i] * dot;
  }
  const z: number[] = [];
  const expected: number[] = [];
  const residualSd: number[] = [];
  for (let i = 0; i < k; i++) {
    const pii = p[i][i];
    const predicted = zx[i] - pz[i] / pii;
    const fitSd = 1 / Math.sqrt(pii);
    const zi = pz[i] * fitSd;
    // NaN when both overflow (values near 1e300): no widening then
    const leverage = distance - zi * zi >= 0 ? distance - zi * zi : 0;
    const condSd = fitSd * Math.sqrt(1 + (1 + leverage) / n);
    z.push((zx[i] - predicted) / condSd);
    expected.push(m.mean[i] + predicted * sd[i]);
    residualSd.push(condSd * sd[i]);
  }
  return { z, expected, sd: residualSd, marginal: zx };
}
