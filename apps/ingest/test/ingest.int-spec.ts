import type { DeadLetterMessage, RejectionReason } from '@preempt/contracts';
import type { MqttClient } from 'mqtt';

import { expectEventually } from '../../../tests/harness/expect-eventually';
import { authorization, metricSum as counter } from '../../../tests/harness/test-kit';
import {
  connectClient,
  countInInflux,
  type RunningIngest,
  startIngest,
  uniqueTenant,
} from './ingest.fixture';

describe('ingest: MQTT telemetry into InfluxDB (real Mosquitto, real InfluxDB)', () => {
  let ingest: RunningIngest;
  let client: MqttClient;

  beforeAll(async () => {
    ingest = await startIngest();
    client = await connectClient();
  });

  afterAll(async () => {
    await client?.endAsync();
    await ingest?.close();
  });

  const query = async (tenant: string, device: string, metric: string) => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const response = await fetch(
      `${ingest.baseUrl}/api/v1/telemetry/${tenant}/${device}?metric=${encodeURIComponent(metric)}&from=${from}`,
      { headers: authorization() },
    );
    expect(response.status).toBe(200);
    return (await response.json()) as {
      tenant: string;
      device: string;
      metric: string;
      points: [number, number][];
    };
  };

  it('stores JSON telemetry and serves it from the query API', async () => {
    const tenant = uniqueTenant();
    const ts = Date.now() - 1000;
    await client.publishAsync(
      `telemetry/${tenant}/rtr-01`,
      JSON.stringify([
        { ts, metrics: { temperature: 51.5, fan_speed: 3000 }, tags: { site: 'lyon-1' } },
        { ts: new Date(ts + 500).toISOString(), metrics: { temperature: 51.75 } },
      ]),
      { qos: 1 },
    );
    await expectEventually(async () => {
      const body = await query(tenant, 'rtr-01', 'temperature');
      expect(body).toEqual({
        tenant,
        device: 'rtr-01',
        metric: 'temperature',
        from: expect.any(String),
        to: expect.any(String),
        points: [
          [ts, 51.5],
          [ts + 500, 51.75],
        ],
      });
    });
    expect((await query(tenant, 'rtr-01', 'fan_speed')).points).toEqual([[ts, 3000]]);
    expect(await countInInflux(tenant)).toBe(3);
  });

  it('stores InfluxDB line protocol (Telegraf style), generic and named measurements', async () => {
    const tenant = uniqueTenant();
    const ns = BigInt(Date.now() - 2000) * 1_000_000n;
    const ms = Number(ns / 1_000_000n);
    const payload = [
      `telemetry,if=ge-0/0/1 optical_rx_power=-12.5,if_in_errors=3i ${ns}`,
      `cpu,host=olt-7 usage_idle=97.25 ${ns}`,
    ].join('\n');
    await client.publishAsync(`telemetry/${tenant}/olt-7`, payload, { qos: 1 });
    await expectEventually(async () => {
      expect((await query(tenant, 'olt-7', 'optical_rx_power')).points).toEqual([[ms, -12.5]]);
    });
    expect((await query(tenant, 'olt-7', 'if_in_errors')).points).toEqual([[ms, 3]]);
    expect((await query(tenant, 'olt-7', 'cpu.usage_idle')).points).toEqual([[ms, 97.25]]);
  });

  it('stores what the collectors send: Telegraf SNMP lines with string fields, Telegraf JSON batches, gnmic events', async () => {
    const tenant = uniqueTenant();
    const ms = Date.now() - 3000;
    const ns = BigInt(ms) * 1_000_000n;
    const skippedBefore = await counter(ingest.baseUrl, 'preempt_ingest_fields_skipped_total');
    // Telegraf "SNMP Input Plugin" interface table, line protocol: the string fields are skipped, the line kept
    await client.publishAsync(
      `telemetry/${tenant}/sw-1`,
      `interface,agent_host=10.0.0.1,ifName=ge-0/0/1 ifDescr="GigabitEthernet0/0/1",ifAlias="uplink",ifHCInOctets=123456789i,ifInErrors=2i ${ns}`,
      { qos: 1 },
    );
    // Telegraf "JSON" serializer, batch form, timestamps in seconds (json_timestamp_units = "1s")
    const seconds = Math.floor(ms / 1000);
    await client.publishAsync(
      `telemetry/${tenant}/sw-2`,
      JSON.stringify({
        metrics: [
          {
            name: 'cpu',
            tags: { host: 'sw-2' },
            fields: { usage_idle: 97.5, model: 'x' },
            timestamp: seconds,
          },
        ],
      }),
      { qos: 1 },
    );
    // gnmic "event" output format: values keyed by gNMI paths, uint64 counters as strings
    await client.publishAsync(
      `telemetry/${tenant}/rtr-9`,
      JSON.stringify([
        {
          name: 'sub1',
          timestamp: Number(ns),
          tags: { source: 'rtr-9:57400' },
          values: {
            '/interfaces/interface[name=ethernet-1/1]/state/counters/in-octets': '7753940',
            '/components/component/state/temperature/instant': 48.5,
          },
        },
      ]),
      { qos: 1 },
    );
    await expectEventually(async () => {
      expect((await query(tenant, 'sw-1', 'interface.ifHCInOctets')).points).toEqual([[ms, 123456789]]);
      expect((await query(tenant, 'sw-2', 'cpu.usage_idle')).points).toEqual([[seconds * 1000, 97.5]]);
      expect((await query(tenant, 'rtr-9', 'interfaces.interface.counters.in-octets')).points).toEqual([
        [Math.round(Number(ns) / 1e6), 7753940],
      ]);
    });
    expect((await query(tenant, 'sw-1', 'interface.ifInErrors')).points).toEqual([[ms, 2]]);
    expect((await query(tenant, 'rtr-9', 'components.component.temperature.instant')).points).toHaveLength(1);
    expect(await countInInflux(tenant)).toBe(5);
    // ifDescr, ifAlias and model
    expect(await counter(ingest.baseUrl, 'preempt_ingest_fields_skipped_total')).toBe(skippedBefore + 3);
  });

  it('dead-letters every rejection class with its reason and keeps the good messages around them', async () => {
    const tenant = uniqueTenant();
    const now = Date.now();
    const bad: [string, string | Buffer, RejectionReason][] = [
      [`telemetry/${tenant}/d1`, Buffer.alloc(300 * 1024, 'a'), 'payload_too_large'],
      [`telemetry/${tenant}/d1`, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'invalid_encoding'],
      [`telemetry/${tenant}/d1`, '{"metrics": {"temperature": 4', 'malformed_json'],
      [`telemetry/${tenant}/d1`, 'temperature=', 'malformed_line_protocol'],
      [`telemetry/${tenant}/d1`, '{"metrics": {"temperature": 1}, "device": "spoof"}', 'invalid_schema'],
      [`telemetry/${tenant}/d1`, '{"metrics": {}}', 'no_metrics'],
      [`telemetry/${tenant}/d1`, '{"metrics": {"temperature": "hot"}}', 'non_numeric_value'],
      [`telemetry/${tenant}/d1`, 'telemetry temperature=NaN', 'non_finite_value'],
      [`telemetry/${tenant}/d1`, '{"metrics": {"bad metric!": 1}}', 'invalid_metric_name'],
      [`telemetry/${tenant}/d1`, '{"metrics": {"t": 1}, "tags": {"device": "x"}}', 'invalid_tag'],
      [`telemetry/${tenant}/bad$device`, '{"metrics": {"t": 1}}', 'invalid_topic'],
      [`telemetry/${tenant}/d1`, '{"ts": "yesterday", "metrics": {"t": 1}}', 'invalid_timestamp'],
      [
        `telemetry/${tenant}/d1`,
        JSON.stringify({ ts: now + 3_600_000, metrics: { t: 1 } }),
        'timestamp_in_future',
      ],
      [
        `telemetry/${tenant}/d1`,
        JSON.stringify({ ts: now - 40 * 86_400_000, metrics: { t: 1 } }),
        'timestamp_too_old',
      ],
      [
        `telemetry/${tenant}/d1`,
        JSON.stringify({ metrics: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`m${i}`, i])) }),
        'too_many_metrics',
      ],
    ];
    const deadLetters: DeadLetterMessage[] = [];
    const listener = await connectClient();
    listener.on('message', (_topic, payload) =>
      deadLetters.push(JSON.parse(payload.toString()) as DeadLetterMessage),
    );
    await listener.subscribeAsync(`deadletter/${tenant}/+`, { qos: 1 });

    // good, bad, good, bad, ...: each good message carries its own index as the value.
    for (let i = 0; i < bad.length; i++) {
      await client.publishAsync(
        `telemetry/${tenant}/d1`,
        JSON.stringify({ ts: now - 60_000 + i, metrics: { ok: i } }),
        {
          qos: 1,
        },
      );
      await client.publishAsync(bad[i][0], bad[i][1], { qos: 1 });
    }
    await client.publishAsync(
      `telemetry/${tenant}/d1`,
      JSON.stringify({ ts: now, metrics: { ok: bad.length } }),
      {
        qos: 1,
      },
    );

    await expectEventually(() => expect(deadLetters).toHaveLength(bad.length), { timeoutMs: 15_000 });
    expect(deadLetters.map((d) => d.reason).sort()).toEqual(bad.map(([, , reason]) => reason).sort());
    for (const letter of deadLetters) {
      expect(letter.detail.length).toBeGreaterThan(5);
      expect(letter.payload.length).toBeLessThanOrEqual(4096);
      expect(new Date(letter.receivedAt).getTime()).toBeGreaterThan(now - 60_000);
    }
    expect(deadLetters.find((d) => d.reason === 'payload_too_large')).toMatchObject({
      truncated: true,
      payloadBytes: 300 * 1024,
    });
    expect(deadLetters.find((d) => d.reason === 'invalid_topic')?.topic).toBe(
      `telemetry/${tenant}/bad$device`,
    );

    await expectEventually(async () => {
      const body = await query(tenant, 'd1', 'ok');
      expect(body.points.map(([, value]) => value)).toEqual(
        Array.from({ length: bad.length + 1 }, (_, i) => i),
      );
    });
    expect(await countInInflux(tenant)).toBe(bad.length + 1);

    const metrics = await (await fetch(`${ingest.baseUrl}/metrics`)).text();
    for (const [, , reason] of bad)
      expect(metrics).toMatch(new RegExp(`preempt_ingest_rejected_total\\{reason="${reason}"\\} [1-9]`));
    await listener.endAsync();
  });

  it('answers bad query parameters with 400 and a problem document naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/api/v1/telemetry/acme/r1', 'metric'],
      ['/api/v1/telemetry/acme/r1?metric=t&from=yesterday', 'from'],
      ['/api/v1/telemetry/acme/r1?metric=t&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['/api/v1/telemetry/acme/r1?metric=t&limit=0', 'limit'],
      ['/api/v1/telemetry/ac%20me/r1?metric=t', 'tenant'],
    ];
    for (const [path, parameter] of cases) {
      const response = await fetch(ingest.baseUrl + path, { headers: authorization() });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 400, parameter, detail: expect.any(String) });
    }
  });

  it('reports liveness, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${ingest.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ingest.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { mqtt: 'up', storage: 'up' } });
    const metrics = await (await fetch(`${ingest.baseUrl}/metrics`)).text();
    expect(metrics).toContain('preempt_ingest_messages_total');
    expect(metrics).toContain('preempt_storage_points_written');
  });
});
