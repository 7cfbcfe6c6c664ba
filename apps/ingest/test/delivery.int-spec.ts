import { expectEventually } from '../../../tests/harness/expect-eventually';
import { getTestServices } from '../../../tests/harness/test-services';
import { connectClient, countInInflux, startIngest, uniqueTenant } from './ingest.fixture';

/** Publishes `count` QoS 1 messages, `inFlight` at a time; resolves when the broker acknowledged them all. */
async function publishMany(
  tenant: string,
  count: number,
  message: (i: number) => string,
  inFlight = 200,
): Promise<void> {
  const client = await connectClient();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client.publishAsync(`telemetry/${tenant}/dev-${i % 10}`, message(i), { qos: 1 });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  await client.endAsync();
}

describe('ingest delivery guarantees (real Mosquitto, real InfluxDB)', () => {
  it('stores every QoS 1 message published while ingest was stopped, after it restarts', async () => {
    const tenant = uniqueTenant('restart');
    const env = { MQTT_CLIENT_ID: `ingest-${tenant}`, MQTT_SHARED_GROUP: `g-${tenant}` };
    // The first run establishes the persistent session and its subscription, then stops.
    const first = await startIngest(env);
    await first.close({ keepSession: true });

    const base = Date.now() - 3_600_000;
    await publishMany(tenant, 10_000, (i) => JSON.stringify({ ts: base + i, metrics: { seq: i } }));

    const second = await startIngest(env);
    try {
      await expectEventually(async () => expect(await countInInflux(tenant)).toBe(10_000), {
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      expect(second.store.stats()).toMatchObject({ pointsFailed: 0, pointsShed: 0 });
    } finally {
      await second.close();
    }
  });

  it('loses no accepted point when InfluxDB is down for 30 s under load', async () => {
    const { influx } = getTestServices();
    const tenant = uniqueTenant('outage');
    const ingest = await startIngest();
    const base = Date.now() - 3_600_000;
    const metrics = (i: number) =>
      JSON.stringify({ ts: base + i, metrics: { a: i, b: -i, c: i / 2, d: 1, e: 2 } });
    let published = 0;
    try {
      // ~500 messages/s (2,500 points/s) for 5 s before, 30 s during and 5 s after the outage.
      const load = (async () => {
        const client = await connectClient();
        const started = Date.now();
        while (Date.now() - started < 40_000) {
          const batch = Array.from({ length: 50 }, () => published++);
          await Promise.all(
            batch.map((i) =>
              client.publishAsync(`telemetry/${tenant}/dev-${i % 20}`, metrics(i), { qos: 1 }),
            ),
          );
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await client.endAsync();
      })();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await influx.stop();
      const pendingDuringOutage = await new Promise<number>((resolve) =>
        setTimeout(() => resolve(ingest.store.stats().pointsPending), 30_000),
      );
      await influx.start();
      await load;

      expect(pendingDuringOutage).toBeGreaterThan(0);
      await expectEventually(async () => expect(await countInInflux(tenant)).toBe(published * 5), {
        timeoutMs: 90_000,
        intervalMs: 1000,
      });
      expect(ingest.store.stats()).toMatchObject({ pointsFailed: 0, pointsShed: 0, pointsPending: 0 });
      expect(ingest.store.stats().writeErrors).toBeGreaterThan(0);
    } finally {
      if (influx.pid === undefined) await influx.start();
      await ingest.close();
    }
  }, 180_000);

  it('splits the load between two ingest processes with a shared subscription, each message stored once', async () => {
    const tenant = uniqueTenant('shared');
    const a = await startIngest({ MQTT_SHARED_GROUP: `g-${tenant}` });
    const b = await startIngest({ MQTT_SHARED_GROUP: `g-${tenant}` });
    try {
      const base = Date.now() - 3_600_000;
      await publishMany(tenant, 2_000, (i) => JSON.stringify({ ts: base + i, metrics: { seq: i } }));
      await expectEventually(async () => expect(await countInInflux(tenant)).toBe(2_000), {
        timeoutMs: 30_000,
      });
      const handled = [a, b].map((ingest) => ingest.store.stats().pointsWritten);
      expect(handled[0] + handled[1]).toBeGreaterThanOrEqual(2_000);
      expect(handled[0]).toBeGreaterThan(0);
      expect(handled[1]).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
