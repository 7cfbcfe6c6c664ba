import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { expectEventually } from '../harness/expect-eventually';
import { freePort } from '../harness/free-port';

const run = promisify(execFile);
const MAIN = join(__dirname, '../../dist/apps/platform/src/main.js');

/**
 * The README's run command on embedded defaults: no MQTT_URL (embedded broker), no INFLUX_URL (memory
 * store), no DATABASE_URL (PGlite). Data sent with the real mosquitto_pub comes back from the query API.
 */
describe('all-in-one runtime (npm start) on embedded defaults', () => {
  /** The admin key the first start printed. */
  const firstKey = (): string => {
    const match = /No API key existed[^\n]*\n[^\n]*\n\n {4}(\S+)\n/.exec(output);
    if (!match) throw new Error(`no first-start key in the output:\n${output}`);
    return match[1];
  };
  let child: ChildProcess;
  let dataDir: string;
  let httpPort: number;
  let mqttPort: number;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first (npm test does)`);
    dataDir = mkdtempSync(join(tmpdir(), 'preempt-platform-'));
    httpPort = await freePort();
    mqttPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HTTP_PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      DATA_DIR: dataDir,
    };
    for (const name of ['MQTT_URL', 'INFLUX_URL', 'DATABASE_URL', 'INFLUX_DATABASE']) delete env[name];
    child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expectEventually(
      async () => {
        expect(child.exitCode).toBeNull();
        expect((await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status).toBe(200);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    ).catch((error: unknown) => {
      throw new Error(`platform did not become ready: ${String(error)}\n${output}`);
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const publish = (topic: string, message: string) =>
    run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mqttPort), '-q', '1', '-t', topic, '-m', message]);

  const points = async (device: string, metric: string) => {
    const response = await fetch(
      `http://127.0.0.1:${httpPort}/api/v1/telemetry/acme/${device}?metric=${metric}`,
      { headers: { authorization: `Bearer ${firstKey()}` } },
    );
    return ((await response.json()) as { points: [number, number][] }).points;
  };

  it('serves /healthz', async () => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('describes its API at /api/docs-json, without a key', async () => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/api/docs-json`);
    expect(response.status).toBe(200);
    const spec = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/tickets', '/api/v1/keys', '/api/v1/telemetry/{tenant}/{device}']),
    );
    expect((await fetch(`http://127.0.0.1:${httpPort}/api/docs`)).status).toBe(200);
  });

  it('returns a JSON message sent with mosquitto_pub from the query API within 1 s', async () => {
    const ts = Date.now() - 1000;
    await publish('telemetry/acme/rtr-01', JSON.stringify({ ts, metrics: { temperature: 51.5 } }));
    await expectEventually(async () => expect(await points('rtr-01', 'temperature')).toEqual([[ts, 51.5]]), {
      timeoutMs: 1000,
      intervalMs: 20,
    });
  });

  it('returns a line-protocol message sent with mosquitto_pub from the query API within 1 s', async () => {
    const ms = Date.now() - 1000;
    await publish(
      'telemetry/acme/olt-7',
      `telemetry,if=pon-1 optical_rx_power=-12.5 ${BigInt(ms) * 1_000_000n}`,
    );
    await expectEventually(
      async () => expect(await points('olt-7', 'optical_rx_power')).toEqual([[ms, -12.5]]),
      {
        timeoutMs: 1000,
        intervalMs: 20,
      },
    );
  });

  it('answers the tickets API from the embedded database, with the key it printed', async () => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/api/v1/tickets`, {
      headers: { authorization: `Bearer ${firstKey()}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ items: [] });
  });

  it('printed one admin key, with a login URL, on its first start; the API refuses a call without it', async () => {
    expect(output.match(/No API key existed/g)).toHaveLength(1);
    expect(output).toContain(`http://localhost:${httpPort}/#key=${firstKey()}`);
    const refused = await fetch(`http://127.0.0.1:${httpPort}/api/v1/tickets`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('never writes a key to its output: the first one only in the block it printed, a created one nowhere', async () => {
    const created = await fetch(`http://127.0.0.1:${httpPort}/api/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${firstKey()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'acme portal', role: 'customer', tenant: 'acme' }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    expect(
      (
        await fetch(`http://127.0.0.1:${httpPort}/api/v1/tickets`, {
          headers: { authorization: `Bearer ${key}` },
        })
      ).status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(output).not.toContain(key);
    // the key line, the curl example and the login URL of the one block
    expect(output.split(firstKey())).toHaveLength(4);
  });
});
