import { normalTail } from '@preempt/detection';
import { inv } from 'mathjs';

/**
 * The classic multivariate SPC baseline: Hotelling's T^2 = (x - mean)' S^-1 (x - mean) with the mean
 * and covariance S of a clean warm-up (phase I), fixed afterwards (phase II).
 *
 * @example
 * const t2 = HotellingT2.fit(warmupRows);
 * t2.score([1, 2, 3]) > t2.limit; // alarm
 */
export class HotellingT2 {
  private constructor(
    private readonly mean: number[],
    private readonly precision: number[][],
    /** a-priori control limit: the chi-square quantile at the engine's rarity (tail 1e-5) */
    readonly limit: number,
  ) {}

  static fit(rows: readonly number[][], tail = 1e-5): HotellingT2 {
    const k = rows[0].length;
    const n = rows.length;
    const mean = Array.from({ length: k }, (_, i) => rows.reduce((s, x) => s + x[i], 0) / n);
    const cov = Array.from({ length: k }, (_, i) =>
      Array.from(
        { length: k },
        (_, j) => rows.reduce((s, x) => s + (x[i] - mean[i]) * (x[j] - mean[j]), 0) / (n - 1),
      ),
    );
    return new HotellingT2(mean, inv(cov), chiSquareQuantile(1 - tail, k));
  }

  score(x: readonly number[]): number {
    const k = x.length;
    let t2 = 0;
    for (let i = 0; i < k; i++) {
      const di = x[i] - this.mean[i];
      for (let j = 0; j < k; j++) t2 += di * this.precision[i][j] * (x[j] - this.mean[j]);
    }
    return t2;
  }
}

/** Upper tail P(X > x) of a chi-square with k degrees of freedom (closed forms by parity). */
export function chiSquareTail(x: number, k: number): number {
  if (x <= 0) return 1;
  if (k % 2 === 0) {
    let term = 1;
    let sum = 1;
    for (let j = 1; j < k / 2; j++) sum += term *= x / 2 / j;
    return Math.exp(-x / 2) * sum;
  }
  const root = Math.sqrt(x);
  const density = Math.exp(-x / 2) / Math.sqrt(2 * Math.PI);
  let term = 1 / root;
  let sum = 0;
  for (let j = 1; j <= (k - 1) / 2; j++) sum += term *= x / (2 * j - 1);
  return 2 * normalTail(root) + 2 * density * sum;
}

/** x with P(X <= x) = p for a chi-square with k degrees of freedom (bisection). */
export function chiSquareQuantile(p: number, k: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (1 - chiSquareTail(mid, k) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
