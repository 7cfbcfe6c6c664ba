import { PotTail } from './pot-tail';

function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (1664525 * s + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

describe('PotTail', () => {
  it('is null until 10 excesses were seen', () => {
    const t = new PotTail(1000);
    for (let i = 0; i < 9; i++) t.update(2, 1);
    expect(t.tail(5, 1)).toBeNull();
    t.update(2, 1);
    expect(t.tail(5, 1)).not.toBeNull();
  });

  it('recovers an exponential tail: P(X > x) = exp(-x) for Exp(1) samples', () => {
    const t = new PotTail(20000);
    const u = noise(1);
    for (let i = 0; i < 20000; i++) t.update(-Math.log(u()), 2);
    for (const x of [4, 6, 8]) {
      const p = t.tail(x, 2) ?? NaN;
      expect(Math.log(p)).toBeGreaterThan(-x - 0.6);
      expect(Math.log(p)).toBeLessThan(-x + 0.6);
    }
  });

  it('gives a heavy (Pareto) tail more mass far out than an exponential one', () => {
    const heavy = new PotTail(20000);
    const light = new PotTail(20000);
    const u = noise(2);
    for (let i = 0; i < 20000; i++) {
      const v = u();
      heavy.update(Math.pow(v, -1 / 3), 2); // Pareto, alpha = 3
      light.update(1 - Math.log(v), 2);
    }
    expect(heavy.tail(30, 2) ?? 0).toBeGreaterThan(100 * (light.tail(30, 2) ?? 1));
  });

  it('round-trips through JSON', () => {
    const a = new PotTail(100);
    for (let i = 0; i < 50; i++) a.update(i % 7, 3);
    const b = new PotTail(100, JSON.parse(JSON.stringify(a)));
    a.update(9, 3);
    b.update(9, 3);
    expect(b.tail(12, 3)).toBe(a.tail(12, 3));
  });
});
