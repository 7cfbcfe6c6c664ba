import type { MqttClient } from 'mqtt';

import { publishPaced } from './fleet-publisher';
import type { FleetMessage } from './fleet-stream';

/** A fake client whose PUBACKs arrive on the next tick; it records what was in flight and when. */
function fakeClient(clock: () => number) {
  const published: Array<{ topic: string; at: number; inFlight: number }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const client = {
    publishAsync(topic: string) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      published.push({ topic, at: clock(), inFlight });
      return new Promise((resolve) =>
        setImmediate(() => {
          inFlight--;
          resolve(undefined);
        }),
      );
    },
  } as unknown as MqttClient;
  return { client, published, maxInFlight: () => maxInFlight };
}

const T = Date.UTC(2026, 10, 2);
const messages = (n: number, stepMs: number): FleetMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    sendAt: T + i * stepMs,
    topic: `telemetry/acme/d${i}`,
    payload: '{}',
  }));

describe('publishPaced', () => {
  it('publishes in order, at most maxInFlight awaiting their PUBACK, and counts them', async () => {
    const { client, published, maxInFlight } = fakeClient(() => 0);
    const progress = await publishPaced(client, messages(50, 1000), {
      start: T,
      speed: Infinity,
      maxInFlight: 4,
      now: () => T + 3_600_000,
    });
    expect(published.map((p) => p.topic)).toEqual(messages(50, 1000).map((m) => m.topic));
    expect(maxInFlight()).toBeLessThanOrEqual(4);
    expect(progress).toEqual({ sent: 50, acked: 50, eventTime: T + 49_000 });
  });

  it('paces in event time: a message goes once start + speed x elapsed wall time reaches it', async () => {
    let wall = T + 3_600_000; // the fleet ends an hour before now: the speed decides
    const wallStart = wall;
    const { client, published } = fakeClient(() => wall);
    await publishPaced(client, messages(5, 60_000), {
      start: T,
      speed: 1000,
      now: () => wall,
      sleep: async (ms) => void (wall += ms),
    });
    for (const [i, p] of published.entries())
      expect(T + 1000 * (p.at - wallStart)).toBeGreaterThanOrEqual(T + i * 60_000);
    // a minute of event time is 60 ms of wall time at 1000x: four minutes, 240 ms (give or take a 5-ms tick)
    expect(published[4].at - published[0].at).toBeGreaterThanOrEqual(240);
    expect(published[4].at - published[0].at).toBeLessThan(270);
  });

  it('never runs ahead of the wall clock (ingest refuses timestamps from the future)', async () => {
    let wall = T;
    const { client, published } = fakeClient(() => wall);
    await publishPaced(client, messages(3, 1000), {
      start: T,
      speed: Infinity,
      now: () => wall,
      sleep: async (ms) => void (wall += ms),
    });
    for (const [i, p] of published.entries()) expect(p.at).toBeGreaterThanOrEqual(T + i * 1000);
  });
});
