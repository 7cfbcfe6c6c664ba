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
