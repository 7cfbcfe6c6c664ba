// Self-test of the integration harness: each private service answers like itself, and a test can stop
// and restart InfluxDB on the same port with its data kept.
import { connectAsync } from 'mqtt';
import { Client } from 'pg';

import { expectEventually } from './expect-eventually';
import { getTestServices } from './test-services';
import { readState } from './test-state';

const influxUrl = () => process.env.INFLUX_URL ?? '';
const database = () => process.env.INFLUX_DATABASE ?? '';

async function influxWrite(lines: string): Promise<Response> {
  return fetch(`${influxUrl()}/write?db=${database()}&precision=ms`, { method: 'POST', body: lines });
}

async function influxValues(query: string): Promise<unknown[][]> {
  const response = await fetch(`${influxUrl()}/query?db=${database()}&q=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { results: { series?: { values: unknown[][] }[] }[] };
  return body.results[0]?.series?.[0]?.values ?? [];
}

describe('test harness', () => {
  it('exports connection info on private loopback ports', () => {
    for (const name of ['MQTT_URL', 'INFLUX_URL', 'DATABASE_URL']) {
      const url = new URL(process.env[name] ?? 'missing:');
      expect(url.hostname).toBe('127.0.0.1');
      expect(['1883', '8080', '8086', '5432', '']).not.toContain(url.port);
    }
    expect(process.env.INFLUX_DATABASE).toBe('preempt_test');
  });

  it('round-trips an MQTT message at QoS 1', async () => {
    const topic = `harness/${Date.now()}`;
    const subscriber = await connectAsync(process.env.MQTT_URL ?? '', { reconnectPeriod: 0 });
    const publisher = await connectAsync(process.env.MQTT_URL ?? '', { reconnectPeriod: 0 });
    try {
      await subscriber.subscribeAsync(topic, { qos: 1 });
      const received = new Promise<string>((resolve) =>
        subscriber.on('message', (_topic, payload, packet) => {
          if (packet.qos === 1) resolve(payload.toString());
        }),
      );
      await publisher.publishAsync(topic, 'hello', { qos: 1 });
      await expect(received).resolves.toBe('hello');
    } finally {
      await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
    }
  });

  it('writes a point to InfluxDB and reads it back', async () => {
    const written = await influxWrite('harness_probe,device=d1 value=42 1700000000000');
    expect(written.status).toBe(204);
    expect(await influxValues('SELECT value FROM harness_probe')).toEqual([['2023-11-14T22:13:20Z', 42]]);
  });

  it('answers SQL on PostgreSQL', async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const result = await client.query<{ one: number; db: string }>(
        'select 1 as one, current_database() as db',
      );
      expect(result.rows).toEqual([{ one: 1, db: 'preempt_test' }]);
    } finally {
      await client.end();
    }
  });

  it('stops and restarts InfluxDB on the same port, keeping its data', async () => {
    const { influx } = getTestServices();
    const before = influx.pid;
    expect(await influxWrite('harness_restart value=1 1700000000000')).toHaveProperty('status', 204);

    await influx.stop();
    expect(influx.pid).toBeUndefined();
    await expect(influxWrite('harness_restart value=2 1700000001000')).rejects.toThrow();

    await influx.start();
    expect(influx.pid).not.toBe(before);
    expect(influx.url).toBe(process.env.INFLUX_URL);
    // The state file follows, so teardown stops the new process.
    expect(readState(process.env.PREEMPT_TEST_STATE ?? '').services.influxdb.pid).toBe(influx.pid);

    await expectEventually(async () =>
      expect((await influxWrite('harness_restart value=3 1700000002000')).status).toBe(204),
    );
    expect(await influxValues('SELECT value FROM harness_restart')).toEqual([
      ['2023-11-14T22:13:20Z', 1],
      ['2023-11-14T22:13:22Z', 3],
    ]);
  });
});
