import type { DetectionEvent } from '@preempt/contracts';
import type { SeriesDetectorState } from '@preempt/detection';

import { stateItRejects } from '../../detection/test/rejected-state';
import { DetectionEngine, type DeviceBatch } from './detection.engine';
import { initialPolicyState } from './event-policy';
import { MetricCatalog } from './metric-catalog';
import { seriesKey } from './series-registry';

const T0 = Date.UTC(2026, 0, 5, 3);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEP = 5 * MINUTE;

function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

const DEVICES = 10;

/**
 * One polling round of every device (each polled a few seconds after the previous, its metrics 100 ms
 * apart): healthy devices with daily cycles, one overheating (a drift: forecasts), spikes (anomalies), a
 * firmware-like step of memory, a device in maintenance for two hours (learn: false), a replayed point, a
 * device whose message carries two rounds grouped by metric, and a second message of one device.
 */
function round(t: number, r: () => number): DeviceBatch[] {
  const batch: DeviceBatch[] = [];
  for (let d = 0; d < DEVICES; d++) {
    const ts = T0 + t * STEP + d * 3_000;
    const daily = Math.sin((2 * Math.PI * (ts % DAY)) / DAY + d);
    const drift = d === 1 && t > 500 ? (t - 500) * 0.08 : 0;
    const temperature = 45 + 5 * daily + drift + r();
    const cpu = 30 + 10 * daily + 2 * r() + (d === 2 && t % 211 === 0 ? 60 : 0);
    const memory = 50 + r() + (d === 3 && t > 600 ? 20 : 0);
    const fan = 4000 + 300 * daily + 30 * r();
    const points: [string, number, number][] = [
      ['temperature', ts, temperature],
      ['cpu_utilization', ts + 100, cpu],
      ['memory_utilization', ts + 200, memory],
      ['fan_speed', ts + 300, fan],
    ];
    if (d === 4 && t === 700) points.push(['temperature', ts - STEP, 99]); // a replay: skipped
    if (d === 5 && t % 2 === 1) continue; // sends every other round, both rounds grouped by metric
    if (d === 5 && t % 2 === 0) {
      const next = ts + STEP;
      points.length = 0;
      points.push(
        ['temperature', ts, temperature],
        // now and then a spike of the later temperature and the earlier cpu point: their events keep the order
        ['temperature', next, temperature + r() + (t % 100 === 0 ? 30 : 0)],
        ['cpu_utilization', ts + 100, cpu + (t % 100 === 0 ? 60 : 0)],
        ['cpu_utilization', next + 100, cpu + r()],
      );
    }
    const inMaintenance = d === 6 && t >= 650 && t < 674;
    batch.push({ tenant: 'acme', device: `r${d}`, points, learn: !inMaintenance });
    // a second message of one device in the same round (a late metric)
    if (d === 7)
      batch.push({ tenant: 'acme', device: 'r7', points: [['optical_rx_power', ts + 2_000, -8 - r()]] });
  }
  return batch;
}

describe('DetectionEngine.processBatch', () => {
  it('gives every message the events processing the messages one by one gives, and the same models', async () => {
    const one = new DetectionEngine(new MetricCatalog());
    const batched = new DetectionEngine(new MetricCatalog());
    const r = lcg(17);
    let events = 0;
    const types = new Set<string>();
    for (let t = 0; t < 3 * 288; t++) {
      const batch = round(t, r);
      const expected: DetectionEvent[][] = batch.map((m) =>
        one.process(m.tenant, m.device, m.points, { learn: m.learn }),
      );
      const got = batched.processBatch(batch);
      expect({ t, events: got }).toEqual({ t, events: expected });
      // ... which come in the order of their points (as learned one by one), even when a message groups
      // several rounds by metric
      batch.forEach((m, k) => {
        const at = (e: DetectionEvent) =>
          m.points.findIndex(([metric, ts]) => ts === e.evidence.at && e.evidence.metric === metric);
        const order = expected[k].map(at).filter((i) => i >= 0);
        expect({ t, order }).toEqual({ t, order: [...order].sort((x, y) => x - y) });
      });
      for (const list of expected) for (const e of list) types.add(`${e.type}:${e.evidence.component}`);
      events += expected.flat().length;
    }
    expect(batched.stats).toEqual(one.stats);
    const rows = async (e: DetectionEngine) =>
      (await e.registry.snapshot()).sort((a, b) => a.key.localeCompare(b.key));
    expect(await rows(batched)).toEqual(await rows(one));
    // the scenario reached what it is meant to compare: anomalies, forecasts, multivariate events, replays
    expect(events).toBeGreaterThan(20);
    expect([...types].some((k) => k.startsWith('forecast'))).toBe(true);
    expect([...types].some((k) => k.startsWith('anomaly'))).toBe(true);
    expect(one.stats.skipped).toBeGreaterThan(0);
    expect(batched.registry.fleet.stats.kernelPoints).toBeGreaterThan(0.5 * one.stats.points);
  });

  it('counts a point its model rejects as invalid and learns the rest of the batch', () => {
    // a state whose next point the model rejects after validation (as a corrupted checkpoint could hold)
    const { state, broken } = stateItRejects(T0);
    const checkpoint = (device: string, model: SeriesDetectorState) => ({
      key: seriesKey('acme', device, 'queue_depth'),
      partition: 0,
      state: JSON.stringify({
        kind: 'series',
        tenant: 'acme',
        device,
        metric: 'queue_depth',
        lastTs: T0 + 149 * STEP,
        firstTs: T0,
        policy: initialPolicyState(),
        model,
        rawTrend: null,
      }),
    });
    const engine = new DetectionEngine(new MetricCatalog(), { multivariate: false });
    expect(engine.restore([checkpoint('a', state), checkpoint('b', broken)]).unreadable).toEqual([]);
    const at = T0 + 150 * STEP;
    const [a, b] = engine.processBatch([
      { tenant: 'acme', device: 'a', points: [['queue_depth', at, 50]] },
      { tenant: 'acme', device: 'b', points: [['queue_depth', at, 11]] },
    ]);
    expect(a.map((e) => e.type)).toEqual(['anomaly']);
    expect(b).toEqual([]);
    expect(engine.stats).toMatchObject({ points: 1, invalid: 1 });
    expect(engine.registry.getSeries(seriesKey('acme', 'a', 'queue_depth'))!.lastTs).toBe(at);
  });
});
