import { decayedRate, RobustBaseline } from './robust-baseline';

// Deterministic pseudo-noise (LCG) so the tests are reproducible without Math.random.
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (1664525 * s + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

describe('RobustBaseline', () => {
  it('is the running mean of the first samples (exact warm-up, no clipping before 10 samples)', () => {
    const b = new RobustBaseline({ levelWindow: 1000 });
    const xs = [3, 7, 2, 8, 5];
    xs.forEach((x, i) => {
      b.learn(x);
      const prefix = xs.slice(0, i + 1);
      expect(b.level).toBeCloseTo(prefix.reduce((a, c) => a + c, 0) / prefix.length, 12);
    });
  });

  it('resists a single huge outlier', () => {
    const b = new RobustBaseline();
    const r = noise(1);
    for (let i = 0; i < 300; i++) b.learn(100 + r());
    const before = b.level;
    b.learn(1e9);
    expect(Math.abs(b.level - before)).toBeLessThan(3 * b.spread);
  });

  it('estimates sigma of uniform noise (sd = 1/sqrt(12)) within 15%', () => {
    const b = new RobustBaseline();
    const r = noise(2);
    for (let i = 0; i < 5000; i++) b.learn(r());
    expect(b.spread).toBeGreaterThan(0.85 * 0.2887 * 0.9);
    expect(b.spread).toBeLessThan(1.15 * 0.2887 * 1.05);
  });

  it('follows slow drift', () => {
    const b = new RobustBaseline();
    for (let i = 0; i < 2000; i++) b.learn(i * 0.01);
    // an EWMA of span w lags a ramp by ~ (w - 1) / 2 * slope... bounded here by the window
    expect(19.99 - b.level).toBeLessThan(48 * 0.01);
  });

  it('keeps a positive finite spread on a constant series, including 1e12 magnitudes', () => {
    const b = new RobustBaseline();
    for (let i = 0; i < 100; i++) b.learn(1e12);
    expect(b.spread).toBeGreaterThan(0);
    expect(Number.isFinite(b.spread)).toBe(true);
    expect(b.level).toBe(1e12);
  });

  it('re-anchors at the fast level after acceptShift', () => {
    const b = new RobustBaseline();
    for (let i = 0; i < 200; i++) b.learn(i % 2);
    for (let i = 0; i < 20; i++) b.learn(50 + (i % 2));
    expect(b.level).toBeLessThan(10);
    b.acceptShift();
    expect(b.level).toBeGreaterThan(49);
  });

  it('round-trips through JSON', () => {
    const a = new RobustBaseline();
    for (let i = 0; i < 50; i++) a.learn(Math.sin(i));
    const b = new RobustBaseline({}, JSON.parse(JSON.stringify(a)));
    a.learn(3, 2, 0.5);
    b.learn(3, 2, 0.5);
    expect(b.toJSON()).toEqual(a.toJSON());
  });
});

describe('decayedRate', () => {
  it('compounds forgetting over elapsed steps', () => {
    expect(decayedRate(0, 10, 1)).toBeCloseTo(0.1, 12);
    expect(decayedRate(0, 10, 2)).toBeCloseTo(1 - 0.81, 12);
    expect(decayedRate(0.5, 10, 1)).toBe(0.5);
    expect(decayedRate(1, 10, 1)).toBe(1);
  });
});
