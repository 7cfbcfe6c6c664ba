import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEFAULT_INFLUX_OPTIONS, type InfluxOptions, InfluxTelemetryStore } from '@preempt/storage';

import { expectEventually } from '../../../tests/harness/expect-eventually';

/**
 * InfluxDB 2.x/3.x cannot run on this machine (Debian ships 1.6.7), so this pins the wire contract of the
 * v2 mode against a recording HTTP endpoint: path, query string, token header, line protocol body. The
 * v1 mode is exercised against the real InfluxDB 1.6.7 by the ingest integration tests.
 */
describe('InfluxTelemetryStore request shapes', () => {
  let server: http.Server;
  let url: string;
  const requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (requests.length = 0));

  const point = {
    tenant: 'acme',
    device: 'r1',
    metric: 'temperature',
    ts: 1_700_000_000_000,
    value: 51.5,
    tags: {},
  };
  const options = (overrides: Partial<InfluxOptions>): InfluxOptions => ({
    ...DEFAULT_INFLUX_OPTIONS,
    url,
    api: 'v1',
    database: 'preempt',
    flushIntervalMs: 10,
    ...overrides,
  });

  it('v2: POST /api/v2/write with org, bucket, ms precision and the token', async () => {
    const store = new InfluxTelemetryStore(
      options({ api: 'v2', org: 'noc', bucket: 'telemetry', token: 's3cret', database: 'telemetry' }),
    );
    await store.write([point]);
    await expectEventually(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/v2/write?org=noc&bucket=telemetry&precision=ms',
      body: 'telemetry,device=r1,metric=temperature,tenant=acme value=51.5 1700000000000',
    });
    expect(requests[0].headers.authorization).toBe('Token s3cret');
    expect(store.stats()).toMatchObject({ pointsWritten: 1, pointsPending: 0 });
    await store.close();
  });

  it('v1: POST /write with db, retention policy, ms precision and basic auth', async () => {
    const store = new InfluxTelemetryStore(
      options({ retentionPolicy: 'autogen', username: 'ingest', password: 'pw' }),
    );
    await store.write([point]);
    await expectEventually(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/write?db=preempt&precision=ms&rp=autogen' });
    expect(requests[0].headers.authorization).toBe(`Basic ${Buffer.from('ingest:pw').toString('base64')}`);
    await store.close();
  });
});
