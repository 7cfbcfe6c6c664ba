import { CONTROL_TOPICS, partitionOf } from '@preempt/contracts';
import { seriesKey } from '@preempt/engine';
import { type Database, openDatabase } from '@preempt/storage';
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

  /** The detector's checkpoint database, opened apart (what an operator or a damaged copy does to it). */
  const checkpointDb = (): Promise<Database> =>
    openDatabase({ ...detector.config.database, applicationName: 'preempt-detector-test' });

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

  it('starts with a damaged checkpoint row: the others are restored, that model starts afresh and is re-checkpointed', async () => {
    const tenant = uniqueTenant();
    const { partitions } = detector.config;
    await publishPoints(client, partitions, { tenant, device: 'rtr-3', points: quiet(t0, 200, 3) });
    const good = seriesKey(tenant, 'rtr-3', 'temperature');
    await expectEventually(() =>
      expect(detector.engine.registry.series.get(good)?.lastTs).toBe(t0 + 199 * MINUTE),
    );
    await detector.checkpoints.flush();
    await detector.close();

    // a row cut short (what a manual edit or a partial copy leaves), in a partition this detector owns
    const damaged = seriesKey(tenant, 'rtr-4', 'temperature');
    const db = await checkpointDb();
    try {
      await db.query('INSERT INTO detector_checkpoints (series_key, partition, state) VALUES ($1, $2, $3)', [
        damaged,
        partitionOf(tenant, 'rtr-4', partitions),
        '{"kind":"series","tenant":',
      ]);
    } finally {
      await db.close();
    }

    detector = await startDetector();
    expect(detector.engine.registry.series.get(good)!.detector.toJSON().n).toBe(200);
    expect(detector.engine.registry.series.has(damaged)).toBe(false);
    const metrics = await (await fetch(`${detector.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^preempt_detector_checkpoints_unreadable_total [1-9]/m);

    // the series learns anew, and its next checkpoint replaces the damaged row with a readable state
    await publishPoints(client, partitions, { tenant, device: 'rtr-4', points: quiet(t0, 20, 4) });
    await expectEventually(() =>
      expect(detector.engine.registry.series.get(damaged)?.lastTs).toBe(t0 + 19 * MINUTE),
    );
    await detector.checkpoints.flush();
    const check = await checkpointDb();
    try {
      const { rows } = await check.query<{ state: string }>(
        'SELECT state FROM detector_checkpoints WHERE series_key = $1',
        [damaged],
      );
      expect((JSON.parse(rows[0].state) as { model: { n: number } }).model.n).toBe(20);
    } finally {
      await check.close();
    }
  });

  it('a retired device: its models leave memory and the checkpoint table, its points are dropped', async () => {
    const tenant = uniqueTenant();
    const { partitions } = detector.config;
    await publishPoints(client, partitions, { tenant, device: 'olt-5', points: quiet(t0, 100, 5) });
    const key = seriesKey(tenant, 'olt-5', 'temperature');
    await expectEventually(() =>
      expect(detector.engine.registry.series.get(key)?.lastTs).toBe(t0 + 99 * MINUTE),
    );
    await detector.checkpoints.flush();
    const db = await checkpointDb();
    const rows = async () =>
      (
        await db.query<{ series_key: string }>(
          'SELECT series_key FROM detector_checkpoints WHERE series_key LIKE $1',
          [`%/${tenant}/olt-5%`],
        )
      ).rows.length;
    try {
      expect(await rows()).toBeGreaterThan(0);
      // what the tickets service publishes (retained) when the NOC retires the device
      await client.publishAsync(
        CONTROL_TOPICS.retired,
        JSON.stringify({ at: Date.now(), devices: [{ tenant, device: 'olt-5' }] }),
        { qos: 1, retain: true },
      );
      await expectEventually(async () => {
        expect(detector.engine.registry.seriesOf(tenant, 'olt-5')).toEqual([]);
        expect(await rows()).toBe(0);
      });
      await publishPoints(client, partitions, {
        tenant,
        device: 'olt-5',
        points: quiet(t0 + 100 * MINUTE, 10, 6),
      });
      await expectEventually(async () => {
        const metrics = await (await fetch(`${detector.baseUrl}/metrics`)).text();
        expect(metrics).toMatch(/^preempt_detector_points_retired_total 10$/m);
      });
      expect(detector.engine.registry.seriesOf(tenant, 'olt-5')).toEqual([]);
    } finally {
      // the retained set would reach every later detector of this run
      await client.publishAsync(CONTROL_TOPICS.retired, '', { qos: 1, retain: true });
      await db.close();
    }
  });
});
