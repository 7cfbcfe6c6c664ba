import { CONTROL_TOPICS, type DetectionEvent, type DeviceStatusEvent } from '@preempt/contracts';
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

// What the tickets service tells the detectors (retained control messages), and device silence, through the
// real detector app and Mosquitto.
describe('detector: device silence and the control messages (real Mosquitto, real PostgreSQL)', () => {
  let detector: RunningDetector;
  let client: MqttClient;

  beforeAll(async () => {
    detector = await startDetector({
      DEVICE_SILENCE_AFTER: '10m',
      DEVICE_SILENCE_WALL_GUARD: '1s',
      DEVICE_SILENCE_CHECK_INTERVAL: '200ms',
    });
    client = await connectClient();
  });

  afterAll(async () => {
    // leave no window or rule behind for later specs on this broker
    for (const topic of Object.values(CONTROL_TOPICS))
      await client?.publishAsync(topic, '', { qos: 1, retain: true });
    await client?.endAsync();
    await detector?.close();
  });

  it('reports a device that stops reporting (with its site), not one in maintenance, and each one back', async () => {
    const tenant = uniqueTenant('dark');
    // event times up to now: the silence clock is the newest point this detector saw, other specs' included
    // (restored from the shared checkpoints: up to now, or a few minutes ahead), so `busy` stays current
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
    const windowStart = new Date(start - 60 * MINUTE).toISOString().slice(0, 16);
    const events = (await collectEvents(client, tenant)) as unknown as DeviceStatusEvent[];
    const { partitions } = detector.config;
    // a window over the device `planned` from an hour before its points to 4 h later (UTC), retained for every
    // detector instance
    await client.publishAsync(
      CONTROL_TOPICS.maintenance,
      JSON.stringify({
        at: Date.now(),
        windows: [
          {
            id: 'w1',
            tenant,
            devices: ['planned'],
            site: null,
            start: windowStart,
            durationMinutes: 240,
            timeZone: 'UTC',
            rrule: null,
          },
        ],
      }),
      { qos: 1, retain: true },
    );
    await expectEventually(async () => {
      const body = await (await fetch(`${detector.baseUrl}/metrics`)).text();
      expect(body).toMatch(/preempt_detector_maintenance_windows 1/);
    });
    for (const device of ['dark', 'planned', 'busy'])
      await publishPoints(client, partitions, { tenant, device, site: 'par1', points: quiet(start, 30, 1) });
    // only `busy` goes on: 30 more minutes of event time
    await publishPoints(client, partitions, {
      tenant,
      device: 'busy',
      points: quiet(start + 30 * MINUTE, 30, 2),
    });
    const silent = await expectEventually(() => {
      const found = events.filter((e) => e.type === 'device_silent');
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(silent).toMatchObject({
      tenant,
      device: 'dark',
      site: 'par1',
      lastSeenAt: start + 29 * MINUTE,
      at: start + 39 * MINUTE,
    });
    // `dark` comes back
    await publishPoints(client, partitions, {
      tenant,
      device: 'dark',
      points: quiet(start + 60 * MINUTE, 5, 3),
    });
    await expectEventually(() =>
      expect(events.filter((e) => e.type === 'device_reporting')).toEqual([
        expect.objectContaining({ device: 'dark', at: start + 60 * MINUTE, lastSeenAt: start + 29 * MINUTE }),
      ]),
    );
    expect(events.filter((e) => e.device === 'planned')).toEqual([]);
    // the window is deleted: `planned`, still silent, is reported now
    await client.publishAsync(CONTROL_TOPICS.maintenance, JSON.stringify({ at: Date.now(), windows: [] }), {
      qos: 1,
      retain: true,
    });
    await expectEventually(() =>
      expect(events.filter((e) => e.device === 'planned')).toEqual([
        expect.objectContaining({ type: 'device_silent', lastSeenAt: start + 29 * MINUTE }),
      ]),
    );
  });

  it('withholds the events a false-positive feedback rule covers, for that device only', async () => {
    const tenant = uniqueTenant('fb');
    const events = (await collectEvents(client, tenant)) as DetectionEvent[];
    const { partitions } = detector.config;
    await client.publishAsync(
      CONTROL_TOPICS.feedback,
      JSON.stringify({
        at: Date.now(),
        rules: [
          {
            id: 'f1',
            tenant,
            device: 'marked',
            failureMode: 'overheating',
            metrics: ['temperature'],
            createdAt: t0,
            expiresAt: t0 + 86_400_000 * 7,
          },
        ],
      }),
      { qos: 1, retain: true },
    );
    await expectEventually(async () => {
      const body = await (await fetch(`${detector.baseUrl}/metrics`)).text();
      expect(body).toMatch(/preempt_detector_feedback_rules 1/);
    });
    // the same spike to 65 °C (inside the 70 °C warning limit) on both devices
    for (const device of ['marked', 'other']) {
      const points = [
        ...quiet(t0, 200, 4),
        ['temperature', t0 + 200 * MINUTE, 65] as [string, number, number],
      ];
      await publishPoints(client, partitions, { tenant, device, points });
    }
    await expectEventually(() =>
      expect(events.some((e) => e.device === 'other' && e.type === 'anomaly')).toBe(true),
    );
    const body = await (await fetch(`${detector.baseUrl}/metrics`)).text();
    expect(body).toMatch(/preempt_detector_events_withheld_total\{type="anomaly"\} [1-9]/);
    expect(events.filter((e) => e.device === 'marked' && e.type === 'anomaly')).toEqual([]);
  });

  it('accepts the abnormal regime a false-positive judgement covers: the judged level is normal from then on', async () => {
    const tenant = uniqueTenant('judged');
    const events = (await collectEvents(client, tenant)) as DetectionEvent[];
    const { partitions } = detector.config;
    // 200 quiet minutes, then the temperature steps up 6 °C and stays (inside the 70 °C warning limit)
    const stepped = (from: number, n: number, seed: number) =>
      quiet(t0 + from * MINUTE, n, seed).map(([m, ts, v]) => [m, ts, v + 6] as [string, number, number]);
    await publishPoints(client, partitions, {
      tenant,
      device: 'judged',
      points: [...quiet(t0, 200, 5), ...stepped(200, 30, 6)],
    });
    await expectEventually(() =>
      expect(events.some((e) => e.device === 'judged' && e.type === 'anomaly')).toBe(true),
    );
    expect(detector.engine.abnormal(tenant, 'judged')).toBe(true);
    // a NOC engineer resolves the ticket as a false positive at event time +230 min
    await client.publishAsync(
      CONTROL_TOPICS.feedback,
      JSON.stringify({
        at: Date.now(),
        rules: [
          {
            id: 'f2',
            tenant,
            device: 'judged',
            failureMode: 'overheating',
            metrics: ['temperature'],
            createdAt: t0 + 230 * MINUTE,
            expiresAt: t0 + 86_400_000 * 7,
          },
        ],
      }),
      { qos: 1, retain: true },
    );
    await expectEventually(async () => {
      const body = await (await fetch(`${detector.baseUrl}/metrics`)).text();
      expect(body).toMatch(/preempt_detector_feedback_rules 1/);
    });
    // applied with the next points: the stepped level goes on and the device is normal
    await publishPoints(client, partitions, { tenant, device: 'judged', points: stepped(230, 10, 7) });
    await expectEventually(async () => {
      const body = await (await fetch(`${detector.baseUrl}/metrics`)).text();
      expect(body).toMatch(/preempt_detector_regimes_accepted_total\{model="series"\} [1-9]/);
    });
    expect(detector.engine.abnormal(tenant, 'judged')).toBe(false);
  });
});
