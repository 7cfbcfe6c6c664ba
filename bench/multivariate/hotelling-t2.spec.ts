import { chiSquareQuantile, chiSquareTail, HotellingT2 } from './hotelling-t2';
import { random } from './pump-simulator';

describe('Hotelling T2 baseline', () => {
  it('has the chi-square tail and quantiles of the tables', () => {
    expect(chiSquareTail(11.0705, 5)).toBeCloseTo(0.05, 5);
    expect(chiSquareTail(9.21034, 2)).toBeCloseTo(0.01, 6);
    expect(chiSquareQuantile(0.999, 1)).toBeCloseTo(10.8276, 3);
    expect(chiSquareQuantile(0.95, 4)).toBeCloseTo(9.48773, 4);
  });

  it('scores the squared Mahalanobis distance from the warm-up', () => {
    const rnd = random(3);
    const rows = Array.from({ length: 2000 }, () => {
      const a = rnd() - 0.5;
      return [a, a + 0.1 * (rnd() - 0.5)];
    });
    const t2 = HotellingT2.fit(rows);
    // along the learned correlation: small; against it (same marginal size): large
    expect(t2.score([0.3, 0.3])).toBeLessThan(5);
    expect(t2.score([0.3, -0.3])).toBeGreaterThan(300); // (0.6 / (0.1 / sqrt 12))^2 = 432
    expect(t2.limit).toBeCloseTo(chiSquareQuantile(1 - 1e-5, 2), 9);
  });
});
