import { MetricsRegistry } from '@preempt/common';
import { CONTROL_TOPICS } from '@preempt/contracts';
import { DetectionEngine, MetricCatalog } from '@preempt/engine';
import { InMemoryChannel } from '@preempt/messaging';

import type { CheckpointService } from '../checkpoint/checkpoint.service';
import { ControlState } from '../control/control-state.service';
import type { DeviceSilence } from '../silence/device-silence.service';
import { DetectionService } from './detection.service';
import { DetectorMetrics } from './detector.metrics';
import type { EventsPublisher } from './events.publisher';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1);

function points(from: number, to: number): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (let i = from; i < to; i++) out.push(['temperature', T0 + i * MINUTE, 50 + Math.sin(i / 7)]);
  return out;
}

function message(pts: [string, number, number][]): Uint8Array {
  return Buffer.from(JSON.stringify({ tenant: 'acme', device: 'r1', points: pts }));
}

describe('DetectionService', () => {
  // After a crash the broker redelivers at once: a point handled before the restore would go into a fresh
  // model that the restore then replaces, so the restored model would never learn it (and the message would
  // be acknowledged by the next checkpoint).
  it('learns points that arrive before the checkpoint restore on the restored model, in arrival order', async () => {
    const before = new DetectionEngine(new MetricCatalog());
    before.process('acme', 'r1', points(0, 200));
    const rows = await before.registry.snapshot();

    const engine = new DetectionEngine(new MetricCatalog());
    let markRestored!: () => void;
    const checkpoints = {
      restored: new Promise<void>((resolve) => (markRestored = resolve)),
      committed: () => Promise.resolve(),
    } as unknown as CheckpointService;
    const service = new DetectionService(
      engine,
      { publish: () => Promise.resolve() } as unknown as EventsPublisher,
      checkpoints,
      { invalidMessage: () => undefined, batch: () => undefined } as unknown as DetectorMetrics,
      new ControlState(new InMemoryChannel(), new MetricsRegistry()),
      { seen: () => null, forget: () => undefined } as unknown as DeviceSilence,
      new MetricCatalog(),
    );

    const handled = [
      service.handle('points/0/acme/r1', message(points(200, 230))),
      service.handle('points/0/acme/r1', message(points(230, 260))),
    ];
    // what CheckpointService.onModuleInit does once the rows are loaded
    engine.restore(rows);
    markRestored();
    await Promise.all(handled);

    before.process('acme', 'r1', points(200, 260));
    const key = 's/acme/r1/temperature';
    expect(engine.stats.skipped).toBe(0);
    expect(engine.registry.series.get(key)!.lastTs).toBe(T0 + 259 * MINUTE);
    expect(engine.registry.series.get(key)!.detector.toJSON()).toEqual(
      before.registry.series.get(key)!.detector.toJSON(),
    );
  });

  it("drops a retired device's points and forgets its models, silence and checkpoints at once", async () => {
    const engine = new DetectionEngine(new MetricCatalog());
    const control = new ControlState(new InMemoryChannel(), new MetricsRegistry());
    const registry = new MetricsRegistry();
    const forgotten: string[] = [];
    const service = new DetectionService(
      engine,
      { publish: () => Promise.resolve() } as unknown as EventsPublisher,
      {
        isRestored: true,
        committed: () => Promise.resolve(),
        forgetDevice: (tenant: string, device: string) => {
          forgotten.push(`checkpoints ${tenant}/${device}`);
          return Promise.resolve();
        },
      } as unknown as CheckpointService,
      new DetectorMetrics(registry, engine),
      control,
      {
        seen: () => null,
        forget: (tenant: string, device: string) => forgotten.push(`silence ${tenant}/${device}`),
      } as unknown as DeviceSilence,
      new MetricCatalog(),
    );
    const retire = (devices: { tenant: string; device: string }[], at: number) =>
      control.handle({
        topic: CONTROL_TOPICS.retired,
        payload: Buffer.from(JSON.stringify({ at, devices })),
        key: CONTROL_TOPICS.retired,
      });
    await service.handle('points/0/acme/r1', message(points(0, 50)));
    await service.handle(
      'points/0/acme/r1',
      Buffer.from(JSON.stringify({ tenant: 'acme', device: 'r2', points: points(0, 50) })),
    );
    expect(engine.registry.seriesOf('acme', 'r1')).toHaveLength(1);

    await retire([{ tenant: 'acme', device: 'r1' }], 1);
    expect(engine.registry.seriesOf('acme', 'r1')).toEqual([]);
    expect(engine.registry.seriesOf('acme', 'r2')).toHaveLength(1);
    expect(forgotten).toEqual(['silence acme/r1', 'checkpoints acme/r1']);

    const learned = engine.stats.points;
    await service.handle('points/0/acme/r1', message(points(50, 60)));
    expect(engine.stats.points).toBe(learned);
    expect(engine.registry.seriesOf('acme', 'r1')).toEqual([]);
    expect(await registry.registry.metrics()).toMatch(/^preempt_detector_points_retired_total 10$/m);

    // the same set again forgets nothing more; an older message is ignored; undone, the device learns afresh
    await retire([{ tenant: 'acme', device: 'r1' }], 2);
    await retire([], 0);
    expect(control.isRetired('acme', 'r1')).toBe(true);
    expect(forgotten).toHaveLength(2);
    await retire([], 3);
    await service.handle('points/0/acme/r1', message(points(60, 70)));
    expect(engine.registry.seriesOf('acme', 'r1')[0].detector.toJSON().n).toBe(10);
  });

  it('learns the messages of one event-loop turn as one engine batch: the events of one by one, in arrival order', async () => {
    const engine = new DetectionEngine(new MetricCatalog());
    const registry = new MetricsRegistry();
    const reference = new DetectionEngine(new MetricCatalog());
    const published: string[] = [];
    const service = new DetectionService(
      engine,
      {
        publish: (events: { type: string; device: string; evidence?: { metric: string; at: number } }[]) => {
          for (const e of events)
            published.push(`${e.device} ${e.type} ${e.evidence?.metric} ${e.evidence?.at}`);
          return Promise.resolve();
        },
      } as unknown as EventsPublisher,
      { isRestored: true, committed: () => Promise.resolve() } as unknown as CheckpointService,
      new DetectorMetrics(registry, engine),
      new ControlState(new InMemoryChannel(), new MetricsRegistry()),
      { seen: () => null, forget: () => undefined } as unknown as DeviceSilence,
      new MetricCatalog(),
    );
    const batches: number[] = [];
    const processBatch = engine.processBatch.bind(engine);
    engine.processBatch = (batch) => {
      batches.push(batch.length);
      return processBatch(batch);
    };
    const expected: string[] = [];
    const devices = ['r1', 'r2', 'r3'];
    // 400 rounds of three devices; r2 jumps at round 300 (anomalies)
    for (let round = 0; round < 400; round++) {
      const turn = devices.map((device, d) => {
        const pts: [string, number, number][] = [
          [
            'temperature',
            T0 + round * MINUTE + d * 1000,
            50 + Math.sin(round / 7 + d) + (d === 1 && round >= 300 ? 20 : 0),
          ],
        ];
        for (const e of reference.process('acme', device, pts))
          expected.push(`${device} ${e.type} ${e.evidence.metric} ${e.evidence.at}`);
        return service.handle(
          `points/0/acme/${device}`,
          Buffer.from(JSON.stringify({ tenant: 'acme', device, points: pts })),
        );
      });
      // the three messages of a turn share one acknowledgement
      expect(new Set(turn).size).toBe(1);
      await Promise.all(turn);
    }
    expect(batches).toEqual(Array.from({ length: 400 }, () => 3));
    expect(expected.length).toBeGreaterThan(0);
    expect(published).toEqual(expected);
    expect(engine.stats).toEqual(reference.stats);
    // what an operator sees of it
    const text = await registry.registry.metrics();
    expect(text).toMatch(/^preempt_detector_batch_messages_count 400$/m);
    expect(text).toMatch(/^preempt_detector_batch_messages_sum 1200$/m);
    expect(text).toMatch(/^preempt_detector_batch_duration_seconds_count 400$/m);
    expect(text).toMatch(/^preempt_detector_points_invalid 0$/m);
  });
});
