import { seriesKey } from '@preempt/engine';
import type { MqttClient } from 'mqtt';

import { MINUTE } from '../../../libs/engine/test/scenario.fixture';
import { expectEventually } from '../../../tests/harness/expect-eventually';
import {
  collectEvents,
  connectClient,
  publishPoints,
  quiet,
  type RunningDetector,
  startDetector,
  uniqueTenant,
} from './detector.fixture';

const t0 = Date.UTC(2026, 0, 5);

describe('detector: points topics -> events topics (real Mosquitto, real PostgreSQL)', () => {
  let detector: RunningDetector;
  let client: MqttClient;

  beforeAll(async () => {
    detector = await startDetector();
    client = await connectClient();
  });

  afterAll(async () => {
    await client?.endAsync();
    await detector?.close();
  });

  it('publishes an anomaly event for a spike after warm-up, dropping invalid messages without stopping', async () => {
    const tenant = uniqueTenant();
    const events = await collectEvents(client, tenant);
    const { partitions } = detector.config;
    await client.publishAsync(`points/0/${tenant}/bad`, '{ not json', { qos: 1 });
    const points = [...quiet(t0, 200, 1), ['temperature', t0 + 200 * MINUTE, 95] as [string, number, number]];
    await publishPoints(client, partitions, { tenant, device: 'rtr-1', points });
    const anomaly = await expectEventually(
      () => {
        const found = events.find((e) => e.type === 'anomaly');
        expect(found).toBeDefined();
        return found!;
      },
      { timeoutMs: 15_000 },
    );
    expect(anomaly).toMatchObject({
      tenant,
      device: 'rtr-1',
      failureMode: 'overheating',
      evidence: { metric: 'temperature', at: t0 + 200 * MINUTE, observed: 95 },
    });
    expect(anomaly.recommendedAction).toContain('fan');
    const metrics = await (await fetch(`${detector.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/preempt_detector_messages_invalid_total [1-9]/);
    expect(metrics).toMatch(/preempt_detector_events_emitted\{type="anomaly"\} [1-9]/);
  });

  it('restores the models from the checkpoint after a restart: no second warm-up, replays skipped', async () => {
    const tenant = uniqueTenant();
    const { partitions } = detector.config;
    const points = quiet(t0, 200, 2);
    await publishPoints(client, partitions, { tenant, device: 'rtr-2', points });
    const key = seriesKey(tenant, 'rtr-2', 'temperature');
    await expectEventually(() =>
      expect(detector.engine.registry.series.get(key)?.lastTs).toBe(t0 + 199 * MINUTE),
    );
    await detector.checkpoints.flush();
    await detector.close();

    detector = await startDetector();
    expect(detector.checkpoints.restoredRows).toBeGreaterThan(0);
    const restored = detector.engine.registry.series.get(key)!;
    expect(restored.lastTs).toBe(t0 + 199 * MINUTE);
    expect(restored.detector.toJSON().n).toBe(200);

    const events = await collectEvents(client, tenant);
    // a redelivered old message is skipped, the next spike is scored by a warm model
    await publishPoints(client, partitions, { tenant, device: 'rtr-2', points: points.slice(-10) });
    await publishPoints(client, partitions, {
      tenant,
      device: 'rtr-2',
      points: [['temperature', t0 + 200 * MINUTE, 95]],
    });
    await expectEventually(() => expect(events.some((e) => e.type === 'anomaly')).toBe(true), {
      timeoutMs: 15_000,
    });
    expect(detector.engine.stats.skipped).toBeGreaterThanOrEqual(10);
  });
});
