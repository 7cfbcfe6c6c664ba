import fc from 'fast-check';

import { normalTail } from '../stats/normal';
import { AnomalyLikelihood, logScore } from './anomaly-likelihood';

describe('AnomalyLikelihood', () => {
  it('equals the batch formula at every step (point and short-mean tails under their past distributions)', () => {
    const raws = [0.5, 1, 0.2, 0.9, 3, 0.4, 0.7, 8, 0.1, 0.6, 0.3];
    const al = new AnomalyLikelihood({ longWindow: 1000, shortWindow: 4, minStd: 0.01, pointTail: 'normal' });
    const shorts: number[] = [];
    const moments = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return [mean, Math.max(0.01, Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length))];
    };
    raws.forEach((r, i) => {
      const score = al.update(r);
      shorts.push(i === 0 ? r : shorts[i - 1] + (r - shorts[i - 1]) / 4);
      if (i < 2) return expect(score).toBe(0);
      const [m, sd] = moments(raws.slice(0, i));
      const [ms, sds] = moments(shorts.slice(0, i));
      const z = Math.max((r - m) / sd, (shorts[i] - ms) / sds);
      expect(score).toBeCloseTo(logScore(normalTail(z)), 10);
    });
  });

  it('stays in [0,1] and finite for any non-negative finite raw score', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e300, noNaN: true }), { maxLength: 200 }), (raws) => {
        const al = new AnomalyLikelihood();
        for (const r of raws) {
          const s = al.update(r);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        }
      }),
      { seed: 11 },
    );
  });

  it('is low for typical scores and high for a burst', () => {
    const al = new AnomalyLikelihood();
    for (let i = 0; i < 1000; i++) al.update(0.8 * (1 + Math.sin(i)));
    expect(al.update(0.8)).toBeLessThan(0.1);
    expect(al.update(10)).toBeGreaterThan(0.9);
  });
});

describe('logScore', () => {
  it('maps tail probabilities onto the Numenta log scale', () => {
    expect(logScore(1)).toBe(0);
    expect(logScore(1e-5)).toBeCloseTo(0.5, 4);
    expect(logScore(0)).toBe(1);
  });
});
