import { IntervalEstimator } from './interval-estimator';

describe('IntervalEstimator', () => {
  it('is the median of the last 15 positive deltas at every step', () => {
    const iv = new IntervalEstimator();
    const deltas = [5, 5, 0, 7, -3, 5, 100, 5, 6, 4, 5, 5, 1000, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6];
    const seen: number[] = [];
    for (const d of deltas) {
      iv.observe(d);
      if (d > 0) seen.push(d);
      const window = seen.slice(-15).sort((a, b) => a - b);
      const m = window.length >> 1;
      const expected =
        window.length === 0 ? 0 : window.length % 2 ? window[m] : (window[m - 1] + window[m]) / 2;
      expect(iv.intervalMs).toBe(expected);
    }
    expect(iv.intervalMs).toBe(6);
  });

  it('ignores duplicates and out-of-order deltas', () => {
    const iv = new IntervalEstimator();
    iv.observe(0);
    iv.observe(-10);
    expect(iv.intervalMs).toBe(0);
  });

  it('round-trips through JSON', () => {
    const a = new IntervalEstimator();
    for (let i = 0; i < 20; i++) a.observe(1000 + (i % 3));
    const b = new IntervalEstimator(JSON.parse(JSON.stringify(a)));
    a.observe(5000);
    b.observe(5000);
    expect(b.toJSON()).toEqual(a.toJSON());
  });
});
