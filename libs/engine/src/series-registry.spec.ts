import { MetricCatalog } from './metric-catalog';
import { DetectionEngine } from './detection.engine';

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
  it('takeDirtySliced yields the same rows as takeDirty when nothing changes meanwhile', async () => {
    const a = new DetectionEngine(new MetricCatalog());
    const b = new DetectionEngine(new MetricCatalog());
    feed(a, 30, 0, 50);
    feed(b, 30, 0, 50);
    const whole = a.registry.takeDirty();
    const sliced = await b.registry.takeDirtySliced(7);
    expect(sliced).toHaveLength(60); // 30 devices x 2 series (device models are written once warm)
    expect(sliced).toEqual(whole);
    expect(a.registry.takeDirty()).toEqual([]);
    expect(await b.registry.takeDirtySliced(7)).toEqual([]);
  });

  it('marks a model changed during a sliced snapshot dirty again, so the next checkpoint writes it', async () => {
    const engine = new DetectionEngine(new MetricCatalog());
    feed(engine, 10, 0, 20);
    const taking = engine.registry.takeDirtySliced(2);
    feed(engine, 1, 20, 21); // r0 changes while the snapshot yields
    await taking;
    const next = engine.registry.takeDirty().map((row) => row.key);
    expect(next).toEqual(expect.arrayContaining(['s/acme/r0/temperature', 's/acme/r0/fan_speed']));
  });
});
