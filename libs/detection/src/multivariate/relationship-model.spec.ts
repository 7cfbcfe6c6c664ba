import { seededNormal } from '../../test/forecast/synthetic';
import { emptyModel, learn, merge, precision, residuals } from './relationship-model';

describe('relationship model', () => {
  it('equals the batch mean and population covariance while fewer than `window` rounds were seen', () => {
    const normal = seededNormal(11);
    const m = emptyModel(3);
    const xs: number[][] = [];
    for (let n = 1; n <= 200; n++) {
      const a = normal();
      const x = [a, 2 * a + normal(), 100 + normal()];
      xs.push(x);
      learn(m, x, 1000);
      const mean = [0, 1, 2].map((i) => xs.reduce((s, v) => s + v[i], 0) / n);
      for (let i = 0; i < 3; i++) {
        expect(m.mean[i]).toBeCloseTo(mean[i], 9);
        for (let j = 0; j < 3; j++) {
          const cov = xs.reduce((s, v) => s + (v[i] - mean[i]) * (v[j] - mean[j]), 0) / n;
          expect(m.cov[i][j]).toBeCloseTo(cov, 9);
        }
      }
    }
  });

  it('predicts each metric like a least-squares regression on the others (no ridge)', () => {
    const normal = seededNormal(12);
    const m = emptyModel(2);
    for (let n = 0; n < 500; n++) {
      const a = normal();
      learn(m, [10 + a, 3 * a + 0.5 * normal()], 10_000);
    }
    const prec = precision(m, 0);
    const x = [11, 0];
    const r = residuals(m, prec, x);
    // Regression of metric 1 on metric 0: slope cov01 / var0; residual variance var1 - cov01^2 / var0.
    const slope = m.cov[0][1] / m.cov[0][0];
    const expected1 = m.mean[1] + slope * (x[0] - m.mean[0]);
    const sd1 = Math.sqrt(m.cov[1][1] - (m.cov[0][1] * m.cov[0][1]) / m.cov[0][0]);
    expect(r.expected[1]).toBeCloseTo(expected1, 9);
    expect(r.sd[1]).toBeCloseTo(sd1, 9);
    expect(r.z[1]).toBeCloseTo((x[1] - expected1) / sd1, 9);
  });

  it('widens the residual like a least-squares prediction interval: 1 + (1 + d^2) / n', () => {
    const normal = seededNormal(13);
    const m = emptyModel(2);
    for (let n = 0; n < 500; n++) {
      const a = normal();
      learn(m, [10 + a, 3 * a + 0.5 * normal()], 10_000);
    }
    const prec = precision(m, 0);
    const x = [14, 12];
    const plain = residuals(m, prec, x);
    const widened = residuals(m, prec, x, 500);
    // the other metric's Mahalanobis distance is its own squared standardized deviation
    const d2 = (x[0] - m.mean[0]) ** 2 / m.cov[0][0];
    expect(widened.sd[1]).toBeCloseTo(plain.sd[1] * Math.sqrt(1 + (1 + d2) / 500), 9);
    expect(widened.z[1]).toBeCloseTo(plain.z[1] / Math.sqrt(1 + (1 + d2) / 500), 9);
    expect(widened.expected).toEqual(plain.expected);
  });

  it('pools two models like the batch mean and covariance of both sets of rounds', () => {
    const normal = seededNormal(14);
    const a = emptyModel(2);
    const b = emptyModel(2);
    const xs: number[][] = [];
    for (let n = 0; n < 300; n++) {
      const x = n < 200 ? [normal(), 1 + normal()] : [5 + normal(), 3 + 2 * normal()];
      xs.push(x);
      learn(n < 200 ? a : b, x, 10_000);
    }
    merge(a, b, 10_000);
    const mean = [0, 1].map((i) => xs.reduce((s, v) => s + v[i], 0) / xs.length);
    expect(a.n).toBe(300);
    for (let i = 0; i < 2; i++) {
      expect(a.mean[i]).toBeCloseTo(mean[i], 9);
      for (let j = 0; j < 2; j++) {
        const cov = xs.reduce((s, v) => s + (v[i] - mean[i]) * (v[j] - mean[j]), 0) / xs.length;
        expect(a.cov[i][j]).toBeCloseTo(cov, 9);
      }
    }
  });
});
