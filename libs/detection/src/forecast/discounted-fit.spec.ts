import { seededNormal, seededRandom } from '../../test/forecast/synthetic';
import { addPoint, advance, emptyFit, solve } from './discounted-fit';

/** Batch weighted least squares of y on (1, x) with the same discount weights, from scratch. */
function batchFit(points: { x: number; y: number }[]) {
  const w = points.map((p) => Math.exp(p.x));
  const sw = w.reduce((a, b) => a + b, 0);
  const mx = points.reduce((a, p, i) => a + w[i] * p.x, 0) / sw;
  const my = points.reduce((a, p, i) => a + w[i] * p.y, 0) / sw;
  const sxx = points.reduce((a, p, i) => a + w[i] * (p.x - mx) ** 2, 0);
  const sxy = points.reduce((a, p, i) => a + w[i] * (p.x - mx) * (p.y - my), 0);
  const slope = sxy / sxx;
  const level = my - slope * mx;
  const sse = points.reduce((a, p, i) => a + w[i] * (p.y - level - slope * p.x) ** 2, 0);
  return { level, slope, sse };
}

describe('discounted line fit', () => {
  it('matches a batch weighted least-squares fit at every step (irregular times, offset values)', () => {
    const uniform = seededRandom(7);
    const normal = seededNormal(8);
    const fit = emptyFit();
    const points: { x: number; y: number }[] = [];
    for (let i = 0; i < 300; i++) {
      const dx = i === 0 ? 0 : uniform() * 0.05;
      advance(fit, dx);
      for (const p of points) p.x -= dx;
      const y = 1e6 + 3 * points.length * 0.01 + normal();
      addPoint(fit, 0, y);
      points.push({ x: 0, y });
      if (points.length < 3) continue;
      const online = solve(fit)!;
      const batch = batchFit(points);
      expect(online.level).toBeCloseTo(batch.level, 6);
      expect(online.slope).toBeCloseTo(batch.slope, 5);
    }
  });

  it('adds an out-of-order point at its discounted position', () => {
    const fit = emptyFit();
    const points = [
      { x: -2, y: 1 },
      { x: -1, y: 4 },
      { x: 0, y: 2 },
      { x: -0.5, y: 3 },
    ];
    advance(fit, 0);
    for (const p of points) addPoint(fit, p.x, p.y);
    const online = solve(fit)!;
    const batch = batchFit(points);
    expect(online.level).toBeCloseTo(batch.level, 10);
    expect(online.slope).toBeCloseTo(batch.slope, 10);
  });

  it('recovers a clean line exactly with zero residual variance', () => {
    const fit = emptyFit();
    for (let i = 0; i < 50; i++) {
      if (i > 0) advance(fit, 0.1);
      addPoint(fit, 0, 5 + 2 * 0.1 * i);
    }
    const line = solve(fit)!;
    expect(line.level).toBeCloseTo(5 + 2 * 4.9, 9);
    expect(line.slope).toBeCloseTo(2, 9);
    expect(line.sigma2).toBeLessThan(1e-12);
  });

  it('estimates the noise variance and a slope standard error that matches the spread across seeds', () => {
    const slopes: number[] = [];
    let sigma2 = 0;
    let varSlope = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const normal = seededNormal(seed);
      const fit = emptyFit();
      for (let i = 0; i < 400; i++) {
        if (i > 0) advance(fit, 0.02);
        addPoint(fit, 0, 2 * normal());
      }
      const line = solve(fit)!;
      slopes.push(line.slope);
      sigma2 += line.sigma2 / 200;
      varSlope += line.varSlope / 200;
    }
    const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
    const empirical = slopes.reduce((a, b) => a + (b - mean) ** 2, 0) / (slopes.length - 1);
    expect(sigma2).toBeGreaterThan(3.8);
    expect(sigma2).toBeLessThan(4.2);
    expect(empirical / varSlope).toBeGreaterThan(0.75);
    expect(empirical / varSlope).toBeLessThan(1.3);
  });

  it('refuses a design with a single distinct time', () => {
    const fit = emptyFit();
    addPoint(fit, 0, 1);
    addPoint(fit, 0, 2);
    expect(solve(fit)).toBeNull();
  });
});
