import { MaintenanceCalendar } from '@preempt/contracts';
import { DetectionEngine, FeedbackFilter, MetricCatalog } from '@preempt/engine';

import type { CheckpointService } from '../checkpoint/checkpoint.service';
import type { ControlState } from '../control/control-state.service';
import type { DeviceSilence } from '../silence/device-silence.service';
import { DetectionService } from './detection.service';
import type { DetectorMetrics } from './detector.metrics';
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
      { invalidMessage: () => undefined } as unknown as DetectorMetrics,
      { calendar: MaintenanceCalendar.EMPTY, feedback: FeedbackFilter.EMPTY } as ControlState,
      { seen: () => null } as unknown as DeviceSilence,
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
});
