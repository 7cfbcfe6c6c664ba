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
