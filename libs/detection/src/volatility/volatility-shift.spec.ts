import { VolatilityShift } from './volatility-shift';

function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => {
    s = (1664525 * s + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

function maxScore(v: VolatilityShift, xs: number[]): number {
  return Math.max(...xs.map((x) => v.update(x)));
}

describe('VolatilityShift', () => {
  const g = gaussian(9);
  const calm = () => Array.from({ length: 3000 }, () => 100 + g());

  it('stays quiet on stationary noise', () => {
    const v = new VolatilityShift();
    v.update(100);
    calm().forEach((x) => v.update(x));
    expect(maxScore(v, calm().slice(0, 500))).toBeLessThan(0.4);
  });

  it('flags noise that grows fivefold, though every value stays within +/- 6 old sigmas', () => {
    const v = new VolatilityShift();
    calm().forEach((x) => v.update(x));
    const loud = Array.from({ length: 100 }, () => 100 + Math.max(-6, Math.min(6, 5 * g())));
    expect(maxScore(v, loud)).toBeGreaterThan(0.5);
  });

  it('flags a signal that gets stuck (two-sided)', () => {
    const v = new VolatilityShift();
    calm().forEach((x) => v.update(x));
    expect(maxScore(v, new Array<number>(100).fill(100.3))).toBeGreaterThan(0.5);
  });

  it('is finite for constant and extreme input, and round-trips through JSON', () => {
    const a = new VolatilityShift();
    for (const x of [0, 0, 0, 1e300, -1e300, 0, 5e-324, 1]) {
      const s = a.update(x);
      expect(s >= 0 && s <= 1).toBe(true);
    }
    calm().forEach((x) => a.update(x));
    const b = new VolatilityShift({}, JSON.parse(JSON.stringify(a.toJSON())));
    for (const x of calm().slice(0, 200)) expect(b.update(x)).toBe(a.update(x));
  });
});
