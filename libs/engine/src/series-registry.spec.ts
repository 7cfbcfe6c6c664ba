import { DetectionEngine } from './detection.engine';
import { MetricCatalog } from './metric-catalog';

function feed(engine: DetectionEngine, devices: number, from: number, to: number): void {
  const t0 = Date.UTC(2026, 10, 20);
  for (let i = from; i < to; i++) {
    for (let d = 0; d < devices; d++) {
      const ts = t0 + i * 60_000;
      engine.process('acme', `r${d}`, [
        ['temperature', ts, 50 + Math.sin(i / 30) + d],
        ['fan_speed', ts, 3000 + 10 * Math.cos(i / 20)],
      ]);
    }
  }
}

describe('SeriesRegistry checkpoint snapshots', () => {
  it('yields the same rows whether taken in slices or at once', async () => {
    const a = new DetectionEngine(new MetricCatalog());
    const b = new DetectionEngine(new MetricCatalog());
    feed(a, 30, 0, 50);
    feed(b, 30, 0, 50);
    const whole = await a.registry.snapshot(Infinity);
    const sliced = await b.registry.snapshot(7);
    expect(sliced).toHaveLength(60); // 30 devices x 2 series (device models are written once warm)
    expect(sliced).toEqual(whole);
    expect(await a.registry.snapshot(Infinity)).toEqual([]);
    expect(await b.registry.snapshot(7)).toEqual([]);
  });

  it('is a consistent cut: a model changed while the snapshot is taken is written as at the cut, and dirty again', async () => {
    const engine = new DetectionEngine(new MetricCatalog());
    const atCut = new DetectionEngine(new MetricCatalog());
    feed(engine, 10, 0, 20);
    feed(atCut, 10, 0, 20);
    const expected = await atCut.registry.snapshot(Infinity);
    const taking = engine.registry.snapshot(2);
    feed(engine, 10, 20, 21); // every device changes while the snapshot yields
    expect(await taking).toEqual(expected);
    const next = (await engine.registry.snapshot()).map((row) => row.key);
    expect(next).toEqual(expect.arrayContaining(['s/acme/r0/temperature', 's/acme/r9/fan_speed']));
  });

  it('restores what it wrote: a restored engine continues exactly like the original', async () => {
    const original = new DetectionEngine(new MetricCatalog());
    feed(original, 3, 0, 3000);
    const restored = new DetectionEngine(new MetricCatalog());
    restored.restore(await original.registry.snapshot());
    feed(original, 3, 3000, 3100);
    feed(restored, 3, 3000, 3100);
    expect(await restored.registry.snapshot()).toEqual(await original.registry.snapshot());
  });
});

describe('SeriesRegistry.removeDevice (a retired device)', () => {
  it("forgets the device's series and relationship model, and no snapshot writes them any more", async () => {
    const engine = new DetectionEngine(new MetricCatalog(), { maxSeries: 5 });
    // r0..r2, two metrics each, 5 series at most: series are evicted all along, and an evicted series not
    // yet checkpointed waits in the registry for the next snapshot
    feed(engine, 3, 0, 150);
    await engine.registry.snapshot();
    feed(engine, 3, 150, 160);
    expect(engine.registry.evictions).toBeGreaterThan(0);
    const removed = engine.forget('acme', 'r1');
    expect(removed).toContain('d/acme/r1');
    expect(removed.every((k) => k === 'd/acme/r1' || k.startsWith('s/acme/r1/'))).toBe(true);
    expect(engine.registry.seriesOf('acme', 'r1')).toEqual([]);
    expect([...engine.registry.series.keys()].some((k) => k.startsWith('s/acme/r1/'))).toBe(false);
    const written = (await engine.registry.snapshot()).map((row) => row.key);
    expect(written.some((k) => k.includes('/r1'))).toBe(false);
    expect(written.some((k) => k.includes('/r0'))).toBe(true);
    expect(engine.forget('acme', 'r1')).toEqual([]);
  });
});

describe('SeriesRegistry bound', () => {
  const t0 = Date.UTC(2026, 10, 20);
  const point = (engine: DetectionEngine, device: string, i: number) =>
    engine.process('acme', device, [['temperature', t0 + i * 60_000, 50]]);
  const devices = (engine: DetectionEngine) =>
    [...engine.registry.series.values()].map((s) => s.device).sort();

  it('evicts the series used least recently, counting each eviction', () => {
    const engine = new DetectionEngine(new MetricCatalog(), { maxSeries: 3, multivariate: false });
    point(engine, 'a', 0);
    point(engine, 'b', 0);
    point(engine, 'c', 0);
    point(engine, 'a', 1); // a is in use again: b is now the least recently used
    point(engine, 'd', 0);
    expect(devices(engine)).toEqual(['a', 'c', 'd']);
    point(engine, 'e', 0);
    expect(devices(engine)).toEqual(['a', 'd', 'e']);
    expect(engine.registry.evictions).toBe(2);
    // the by-device index follows: an evicted series is gone from it, and comes back fresh
    expect(engine.registry.seriesOf('acme', 'b')).toEqual([]);
    expect(engine.registry.seriesOf('acme', 'a').map((s) => s.metric)).toEqual(['temperature']);
    point(engine, 'b', 1);
    expect(engine.registry.seriesOf('acme', 'b').map((s) => s.lastTs)).toEqual([t0 + 60_000]);
  });

  it('keeps a series in steady use through any churn of new ones', () => {
    const engine = new DetectionEngine(new MetricCatalog(), { maxSeries: 10, multivariate: false });
    for (let i = 0; i < 200; i++) {
      point(engine, 'steady', i);
      point(engine, `once-${i}`, 0);
    }
    expect(devices(engine)).toContain('steady');
    expect(engine.registry.series.size).toBe(10);
    expect(engine.registry.evictions).toBe(191);
  });
});
