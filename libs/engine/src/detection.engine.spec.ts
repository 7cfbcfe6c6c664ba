import { checkEvent } from '@preempt/contracts';

import { DetectionEngine } from './detection.engine';
import { MetricCatalog } from './metric-catalog';
import { seriesKey } from './series-registry';

const T0 = Date.UTC(2026, 0, 5);
const FIVE_MIN = 5 * 60_000;

function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

describe('DetectionEngine evidence', () => {
  it('reports a value beyond everything seen as a range anomaly, valid against the event contract', () => {
    const engine = new DetectionEngine(new MetricCatalog());
    const r = lcg(6);
    // heavy, regular spikes up to ~200 that the likelihoods learn; 400 is beyond all history
    const value = (i: number) => 50 + r() + (i % 50 === 0 ? 100 + 100 * r() : 0);
    for (let i = 0; i < 2000; i++)
      engine.process('acme', 'r1', [['queue_depth', T0 + i * FIVE_MIN, value(i)]]);
    const events = engine.process('acme', 'r1', [['queue_depth', T0 + 2000 * FIVE_MIN, 400]]);
    expect(events.map((e) => [e.type, e.evidence.component])).toEqual([['anomaly', 'range']]);
    expect(checkEvent(JSON.parse(JSON.stringify(events[0])))).toBeNull();
  });
});

describe('DetectionEngine failure modes', () => {
  // a memory series at 60 % with small noise, then one sample far off it
  const run = (last: number) => {
    const engine = new DetectionEngine(new MetricCatalog());
    const r = lcg(3);
    for (let i = 0; i < 2000; i++)
      engine.process('acme', 'r1', [['memory_utilization', T0 + i * FIVE_MIN, 60 + 0.5 * r()]]);
    return engine.process('acme', 'r1', [['memory_utilization', T0 + 2000 * FIVE_MIN, last]]);
  };

  it('names the failure mode for a move in its direction only: a memory drop (a reboot) is just an anomaly', () => {
    const up = run(80).filter((e) => e.type === 'anomaly');
    expect(up.map((e) => e.failureMode)).toEqual(['memory_exhaustion']);
    expect(up[0].recommendedAction).toMatch(/leaking process/);
    const down = run(30).filter((e) => e.type === 'anomaly');
    expect(down.length).toBeGreaterThan(0);
    expect(down.map((e) => [e.failureMode, e.recommendedAction])).toEqual(down.map(() => ['anomaly', null]));
  });
});

describe('DetectionEngine in a maintenance window (learn: false)', () => {
  it('scores the points and reports their events, but learns nothing of them', () => {
    const engine = new DetectionEngine(new MetricCatalog());
    const r = lcg(9);
    for (let i = 0; i < 2000; i++)
      engine.process('acme', 'r1', [['queue_depth', T0 + i * FIVE_MIN, 50 + r()]]);
    const model = () =>
      JSON.stringify(engine.registry.getSeries(seriesKey('acme', 'r1', 'queue_depth'))?.detector);
    const before = model();
    expect(before).toBeDefined();
    // a planned reboot's wild values inside the window: reported (the tickets service suppresses them)...
    const inWindow = engine.process(
      'acme',
      'r1',
      [1, 2, 3].map((k) => ['queue_depth', T0 + (2000 + k) * FIVE_MIN, 400] as const),
      { learn: false },
    );
    expect(inWindow.filter((e) => e.type === 'anomaly').length).toBeGreaterThan(0);
    // ...and not learned: the series model is exactly what it was, so the same value still surprises after
    expect(model()).toBe(before);
    const after = engine.process('acme', 'r1', [['queue_depth', T0 + 2004 * FIVE_MIN, 400]]);
    expect(after.map((e) => e.type)).toEqual(['anomaly']);
  });
});

describe('DetectionEngine restore', () => {
  it('restores the readable checkpoints and reports each unreadable one with its reason', async () => {
    const before = new DetectionEngine(new MetricCatalog());
    const points: [string, number, number][] = [];
    for (let i = 0; i < 300; i++) points.push(['temperature', T0 + i * FIVE_MIN, 50 + Math.sin(i / 5)]);
    before.process('acme', 'r1', points);
    before.process('acme', 'r2', points);
    const rows = await before.registry.snapshot();
    const good = rows.find((r) => r.key === seriesKey('acme', 'r1', 'temperature'))!;
    const damaged = rows.find((r) => r.key === seriesKey('acme', 'r2', 'temperature'))!;
    const counts = JSON.parse(damaged.state) as { model: { novelty: { counts: string } } };
    counts.model.novelty.counts = '!' + counts.model.novelty.counts.slice(1);

    const engine = new DetectionEngine(new MetricCatalog());
    const result = engine.restore([
      { key: 's/acme/r3/temperature', partition: 0, state: '{"kind":"series",' }, // cut short
      {
        key: 's/acme/r4/temperature',
        partition: 0,
        state: JSON.stringify({ kind: 'tape', tenant: 'acme', device: 'r4' }),
      },
      {
        key: 's/acme/r5/temperature',
        partition: 0,
        state: JSON.stringify({ kind: 'series', tenant: 'acme' }),
      },
      { ...damaged, state: JSON.stringify(counts) },
      good,
    ]);

    expect(result.restored).toBe(1);
    expect(result.unreadable.map((u) => u.key)).toEqual([
      's/acme/r3/temperature',
      's/acme/r4/temperature',
      's/acme/r5/temperature',
      damaged.key,
    ]);
    const reasons = result.unreadable.map((u) => u.reason);
    expect(reasons[0]).toMatch(/JSON/);
    expect(reasons[1]).toBe('unknown checkpoint kind "tape"');
    expect(reasons[2]).toBe('tenant, device or metric missing');
    expect(reasons[3]).toMatch(/bad count digit/);
    // the readable model is the one checkpointed; the damaged series is absent and starts afresh
    expect(engine.registry.series.get(good.key)!.detector.toJSON()).toEqual(
      before.registry.series.get(good.key)!.detector.toJSON(),
    );
    expect(engine.registry.series.has(damaged.key)).toBe(false);
    engine.process('acme', 'r2', [['temperature', T0 + 300 * FIVE_MIN, 50]]);
    expect(engine.registry.series.get(damaged.key)!.detector.toJSON().n).toBe(1);
  });
});
