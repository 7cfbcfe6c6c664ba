/**
 * npm run demo — the all-in-one platform plus a small simulated fleet, replayed fast enough that a failure
 * develops in a couple of minutes: a newcomer watches a ticket open before its device's simulated outage.
 *
 * Starts `node dist/apps/platform/src/main.js` on a fresh DATA_DIR (a temp dir unless DATA_DIR is set) with
 * its embedded MQTT broker, prints the first admin key and where to look, then replays 3 days 20 hours of
 * six devices (1-min samples, scenario demo: each one fails, with a 14-18 h precursor, its outage 30-60 min
 * before now) at DEMO_SPEED (4000) times real time, printing each ticket as it opens with its lead before the
 * outage. The platform keeps running afterwards until Ctrl-C.
 *
 * Env: HTTP_PORT (8080, or a free port when taken), MQTT_PORT (1883, likewise), DATA_DIR, DEMO_SPEED,
 * DEMO_DEVICES (6), DEMO_SEED (1), DEMO_EXIT=1 (stop once the replay is over, for scripts and tests).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mqtt from 'mqtt';

import { planFleet } from '../../simulators/fleet/fleet-plan';
import { publishPaced } from '../../simulators/fleet/fleet-publisher';
import { fleetMessages } from '../../simulators/fleet/fleet-stream';
import { DAY, HOUR, MINUTE } from '../../simulators/src/device-simulator';

const MAIN = 'dist/apps/platform/src/main.js';
const TENANT = 'demo';

async function main(): Promise<void> {
  const wallStart = Date.now();
  const speed = Number(process.env.DEMO_SPEED ?? 4000);
  const devices = Number(process.env.DEMO_DEVICES ?? 6);
  const seed = Number(process.env.DEMO_SEED ?? 1);
  if (!(speed >= 1) || !Number.isInteger(devices) || devices < 1 || devices > 100 || !Number.isInteger(seed))
    throw new Error('DEMO_SPEED must be >= 1, DEMO_DEVICES 1-100, DEMO_SEED an integer');
  const httpPort = await portOr(Number(process.env.HTTP_PORT ?? 8080));
  const mqttPort = await portOr(Number(process.env.MQTT_PORT ?? 1883));
  const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'preempt-demo-'));
  const { platform, firstKey } = await startPlatform({ httpPort, mqttPort, dataDir });
  const stop = async (code: number) => {
    platform.kill('SIGTERM');
    await new Promise((resolve) => platform.once('exit', resolve));
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const key = firstKey ?? process.env.ADMIN_API_KEY;
  const http = `http://localhost:${httpPort}`;
  console.log(
    [
      '',
      `Preempt is running (data in ${dataDir}, log in ${join(dataDir, 'platform.log')}).`,
      key
        ? `Admin key (shown once, keep it):  ${key}`
        : 'This DATA_DIR already had keys: use yours (or start the demo without DATA_DIR for a fresh one).',
      `  tickets:  curl -H 'Authorization: Bearer ${key ?? '$KEY'}' ${http}/api/v1/tickets`,
      `  console:  ${http}/#key=${key ?? '<your key>'}`,
      `  API docs: ${http}/api/docs        MQTT: mqtt://localhost:${mqttPort} (telemetry/{tenant}/{device})`,
      '',
    ].join('\n'),
  );

  const intervalMs = MINUTE;
  const durationMs = 3 * DAY + 20 * HOUR;
  const start = Math.floor((Date.now() - durationMs) / intervalMs) * intervalMs;
  const plan = planFleet({ devices, seed, start, durationMs, intervalMs, scenario: 'demo' });
  console.log(
    `Replaying ${(durationMs / DAY).toFixed(1)} days of ${devices} devices at ${speed}x (about ${Math.round(durationMs / speed / 1000)} s). ` +
      `Each device fails ${plan.failures.map((f) => f.mode).join(', ')}; outages 30-60 min of event time before now.`,
  );
  const outages = new Map(plan.failures.map((f) => [f.device, f]));
  const seen = new Set<string>();
  let firstBefore: number | null = null;
  const poll = setInterval(() => {
    void listTickets(http, key).then(
      (tickets) => {
        for (const t of tickets) {
          if (seen.has(t.id)) continue;
          seen.add(t.id);
          const failure = outages.get(t.device);
          const detected = Date.parse(t.detectedAt);
          const lead = failure ? (failure.outageAt - detected) / HOUR : null;
          const wall = Math.round((Date.now() - wallStart) / 1000);
          if (lead !== null && lead > 0 && detected >= failure!.precursorStart) firstBefore ??= wall;
          console.log(
            `[${wall} s] ticket ${t.failureMode} on ${t.device} (${t.severity}), detected ${t.detectedAt}` +
              (failure
                ? lead! > 0
                  ? `: ${lead!.toFixed(1)} h before its simulated outage (${failure.mode})`
                  : `: ${(-lead!).toFixed(1)} h after its outage (${failure.mode})`
                : ''),
          );
        }
      },
      () => undefined,
    );
  }, 2000);

  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
    clientId: `preempt-demo-fleet-${process.pid}`,
    protocolVersion: 4,
  });
  await publishPaced(client, fleetMessages(plan, { tenant: TENANT, format: 'json' }), {
    start,
    speed,
    maxInFlight: 500,
  });
  await client.endAsync();
  await new Promise((resolve) => setTimeout(resolve, 5000)); // the last tickets
  clearInterval(poll);
  const wall = Math.round((Date.now() - wallStart) / 1000);
  console.log(
    firstBefore !== null
      ? `\nReplay done in ${wall} s; the first ticket before its outage opened ${firstBefore} s after the demo started.`
      : `\nReplay done in ${wall} s; no ticket opened before an outage.`,
  );
  if (process.env.DEMO_EXIT === '1') return stop(firstBefore !== null ? 0 : 1);
  console.log(`The platform keeps running at ${http} (Ctrl-C to stop).`);
}

interface TicketSummary {
  id: string;
  device: string;
  failureMode: string;
  severity: string;
  detectedAt: string;
}

async function listTickets(http: string, key: string | undefined): Promise<TicketSummary[]> {
  if (!key) return [];
  const response = await fetch(`${http}/api/v1/tickets?tenant=${TENANT}&limit=100`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (!response.ok) return [];
  return ((await response.json()) as { items: TicketSummary[] }).items;
}

/** Starts the built platform; resolves once it is up, with the first admin key it printed (fresh DATA_DIR). */
function startPlatform(o: {
  httpPort: number;
  mqttPort: number;
  dataDir: string;
}): Promise<{ platform: ChildProcess; firstKey?: string }> {
  return new Promise((resolve, reject) => {
    // the demo is the all-in-one on its embedded defaults: its own broker, in-memory telemetry, PGlite
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HTTP_PORT: String(o.httpPort),
      MQTT_PORT: String(o.mqttPort),
      DATA_DIR: o.dataDir,
    };
    for (const external of ['MQTT_URL', 'INFLUX_URL', 'DATABASE_URL']) delete env[external];
    const platform = spawn(process.execPath, [MAIN], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logFile = createWriteStream(join(o.dataDir, 'platform.log'));
    let output = '';
    let up = false;
    const onData = (chunk: Buffer) => {
      logFile.write(chunk);
      if (up) return;
      output += chunk.toString();
      if (/Preempt is up/.test(output)) {
        up = true;
        resolve({ platform, firstKey: /\b(pk_live_[A-Za-z0-9_-]+)/.exec(output)?.[1] });
      }
    };
    platform.stdout.on('data', onData);
    platform.stderr.on('data', onData);
    platform.once('exit', (code) => {
      if (!up)
        reject(
          new Error(`the platform exited with ${code} before it was up (did npm run build run?):\n${output}`),
        );
    });
  });
}

/** `preferred` when it is free on this machine, else a free port. */
function portOr(preferred: number): Promise<number> {
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : port));
      });
    });
  return listen(preferred).catch(() => listen(0));
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
