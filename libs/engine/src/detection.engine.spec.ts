import { checkEvent } from '@preempt/contracts';

import { DetectionEngine } from './detection.engine';
import { MetricCatalog } from './metric-catalog';

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
