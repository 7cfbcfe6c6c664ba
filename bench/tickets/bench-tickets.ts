/**
 * npm run bench:tickets — latency from publishing the deciding point to its ticket being visible in the API,
 * under a background load, through the all-in-one runtime (dist/apps/platform/src/main.js: ingest ->
 * InfluxDB -> detector -> tickets in PostgreSQL) with a private Mosquitto, InfluxDB and PostgreSQL.
 *
 * 1. Trial devices get a healthy history (event time, one array message each) and the detector warms up.
 * 2. A forked generator publishes the background load (healthy devices, QoS 1, paced).
 * 3. Every trial device gets its first N-1 spikes (their anomalies are applied; no ticket may open yet).
 * 4. One trial at a time, after a random pause: publish the deciding spike, start the clock, poll
 *    GET /api/v1/tickets?tenant=&device= every ~5 ms until the ticket is there.
 * Prints a table, then one JSON line (last line).
 *
 * Env: BENCH_TRIALS (100), BENCH_LOAD_RATE (2000 messages/s), BENCH_LOAD_DEVICES (200), BENCH_LOAD_METRICS
 * (10), BENCH_LOAD_WARMUP (30 s), BENCH_HISTORY (200 samples), BENCH_PROFILE (dir: --cpu-prof the platform),
 * BENCH_PLATFORM_LOG (file: the platform's output), BENCH_PLATFORM_ENV (K=V,K=V: platform settings to compare),
 * BENCH_NODE_ARGS (the platform's Node flags, e.g. "--trace-gc").
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateKey } from '@preempt/access';
import mqtt, { type MqttClient } from 'mqtt';

import { freePort } from '../../tests/harness/free-port';
import { startTestStack, stopTestStack } from '../../tests/harness/test-stack';
import { cpuSecondsOf, loadAverage, sleep, startNode, stopChild } from '../shared/bench-util';
import type { LoadStats } from './background-load';
import { type PlatformApi, platformApi, type Snapshot } from './platform-api';
import { report, type Trial } from './report';
import { historyPayload, spike, TRIAL_TENANT, type TrialDevice, trialDevices } from './trial-devices';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 100);
const LOAD_RATE = Number(process.env.BENCH_LOAD_RATE ?? 2000);
const LOAD_DEVICES = Number(process.env.BENCH_LOAD_DEVICES ?? 200);
const LOAD_METRICS = Number(process.env.BENCH_LOAD_METRICS ?? 10);
const LOAD_WARMUP_MS = Number(process.env.BENCH_LOAD_WARMUP ?? 30) * 1000;
const HISTORY = Number(process.env.BENCH_HISTORY ?? 200);
/** spikes per trial device: the tickets rule's TICKET_ANOMALY_MIN_COUNT (3) */
const SPIKES = 3;
const POLL_MS = 5;
const TRIAL_TIMEOUT_MS = 10_000;

/** BENCH_PLATFORM_ENV="INFLUX_FLUSH_INTERVAL=20,CHECKPOINT_INTERVAL=60000": extra platform variables (ablations). */
function platformOverrides(): Record<string, string> {
  const pairs = (process.env.BENCH_PLATFORM_ENV ?? '').split(',').filter((p) => p.includes('='));
  return Object.fromEntries(
    pairs.map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1)]),
  );
}

/** Polls `check` every `everyMs` until it returns true; false after `timeoutMs`. */
async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return false;
}

async function publishAll(client: MqttClient, messages: { topic: string; payload: string }[]): Promise<void> {
  await Promise.all(messages.map((m) => client.publishAsync(m.topic, m.payload, { qos: 1 })));
}

function startLoad(mqttUrl: string): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'background-load.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: {
      ...process.env,
      LOAD_MQTT_URL: mqttUrl,
      LOAD_RATE: String(LOAD_RATE),
      LOAD_DEVICES: String(LOAD_DEVICES),
      LOAD_METRICS: String(LOAD_METRICS),
    },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) =>
      message === 'ready' ? resolve(child) : reject(new Error(String(message))),
    );
    child.once('exit', (code) => reject(new Error(`background load exited with ${code}`)));
  });
}

function loadStats(child: ChildProcess, command: 'stats' | 'stop'): Promise<LoadStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('background load did not answer')), 10_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as LoadStats);
    });
    child.send(command);
  });
}

/** Stops the generator (it ends its MQTT session and exits); SIGKILL if it does not within 5 s. */
async function stopLoad(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** One measured trial: publish the deciding spike, poll the API until its ticket is there. */
async function measure(client: MqttClient, api: PlatformApi, trial: TrialDevice): Promise<Trial> {
  const decide = spike(trial, SPIKES - 1);
  const wallStart = Date.now();
  const start = performance.now();
  client.publish(trial.topic, decide.payload, { qos: 1 });
  let polls = 0;
  let errors = 0;
  for (;;) {
    const pollStart = performance.now();
    // a failed poll (e.g. 500 while the database pool is exhausted) is counted and retried
    const ticket = await api.ticketOf(TRIAL_TENANT, trial.device).catch(() => {
      errors++;
      return null;
    });
    polls++;
    if (ticket) {
      return {
        device: trial.device,
        latencyMs: performance.now() - start,
        toOpenedMs: ticket.openedAt - wallStart,
        decidedByThisPoint: ticket.detectedAt === decide.ts,
        polls,
        errors,
      };
    }
    if (performance.now() - start > TRIAL_TIMEOUT_MS)
      return {
        device: trial.device,
        latencyMs: Infinity,
        toOpenedMs: NaN,
        decidedByThisPoint: false,
        polls,
        errors,
      };
    await sleep(Math.max(0, POLL_MS - (performance.now() - pollStart)));
  }
}

async function main(): Promise<void> {
  const stack = await startTestStack();
  const dataDir = mkdtempSync(join(tmpdir(), 'preempt-bench-tickets-'));
  let platform: ChildProcess | undefined;
  let load: ChildProcess | undefined;
  let client: MqttClient | undefined;
  let stopping = false;
  const output: string[] = [];
  try {
    const port = await freePort();
    const adminKey = generateKey();
    platform = await startNode(
      'dist/apps/platform/src/main.js',
      {
        MQTT_URL: stack.mosquitto.url,
        INFLUX_URL: stack.influx.url,
        INFLUX_DATABASE: 'bench_tickets',
        DATABASE_URL: stack.postgres.url,
        DATA_DIR: dataDir,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        LOG_LEVEL: 'log',
        ADMIN_API_KEY: adminKey,
        ...platformOverrides(),
      },
      /Preempt is up/,
      [
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
        ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ],
    );
    const keep = (chunk: Buffer) =>
      output.push(...chunk.toString().split('\n').slice(-20)) > 200 && output.splice(0, 100);
    const log = process.env.BENCH_PLATFORM_LOG
      ? createWriteStream(process.env.BENCH_PLATFORM_LOG)
      : undefined;
    if (log) platform.stdout?.pipe(log);
    if (log) platform.stderr?.pipe(log);
    platform.stdout?.on('data', keep);
    platform.stderr?.on('data', keep);
    platform.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`platform exited (${code ?? signal}); its last output:\n${output.slice(-40).join('\n')}`);
    });
    const api = platformApi(`http://127.0.0.1:${port}`, adminKey);
    client = await mqtt.connectAsync(stack.mosquitto.url, {
      clientId: `bench-trials-${process.pid}`,
      protocolVersion: 5,
    });
    await sleep(500); // the platform's subscription is granted

    // 1. history, in event time, as fast as the platform takes it
    const trials = trialDevices(TRIALS, HISTORY, SPIKES, Date.now());
    await publishAll(
      client,
      trials.map((t) => ({ topic: t.topic, payload: historyPayload(t, HISTORY) })),
    );
    const learned = await until(
      async () => (await api.snapshot()).detectorPoints >= TRIALS * HISTORY,
      60_000,
    );
    if (!learned) throw new Error('the detector did not learn the trial history within 60 s');
    console.error(`history: ${TRIALS} devices x ${HISTORY} samples learned`);

    // 2. background load
    load = await startLoad(stack.mosquitto.url);
    console.error(
      `background load: ${LOAD_RATE} messages/s x ${LOAD_METRICS} metrics, warming up ${LOAD_WARMUP_MS / 1000} s`,
    );
    await sleep(LOAD_WARMUP_MS);

    // 3. the first N-1 spikes of every trial device; their anomaly events must be applied, no ticket opened
    const beforePriming = await api.snapshot();
    for (let k = 0; k < SPIKES - 1; k++)
      await publishAll(
        client,
        trials.map((t) => ({ topic: t.topic, payload: spike(t, k).payload })),
      );
    const primed = await until(
      async () =>
        (await api.snapshot()).anomaliesApplied - beforePriming.anomaliesApplied >= TRIALS * (SPIKES - 1),
      30_000,
    );
    const primedCount = (await api.snapshot()).anomaliesApplied - beforePriming.anomaliesApplied;
    await sleep(1000);
    const early = new Set((await api.ticketsOf(TRIAL_TENANT)).map((t) => t.device));
    console.error(
      `primed ${primed ? 'ok' : 'TIMEOUT'} (${primedCount} anomalies applied); ${early.size} trial devices already have a ticket (skipped)`,
    );

    // 4. measured trials, one at a time, at random phases of the flush / checkpoint cycles
    const start: Snapshot = await api.snapshot();
    const startStats = await loadStats(load, 'stats');
    const startCpu = cpuSecondsOf(platform.pid!);
    const startLoadAvg = loadAverage();
    const results: Trial[] = [];
    for (const trial of trials) {
      if (early.has(trial.device)) continue;
      await sleep(150 + Math.random() * 350);
      results.push(await measure(client, api, trial));
    }
    const end: Snapshot = await api.snapshot();
    const endStats = await loadStats(load, 'stats');
    const endCpu = cpuSecondsOf(platform.pid!);
    const elapsedS = (end.at - start.at) / 1000;
    await sleep(2000);
    const settled = await api.snapshot();
    const finalStats = await loadStats(load, 'stop');
    await stopLoad(load);

    report({
      trials: results,
      skippedEarly: early.size,
      primed,
      config: { trials: TRIALS, loadRate: LOAD_RATE, loadDevices: LOAD_DEVICES, loadMetrics: LOAD_METRICS },
      start,
      end,
      settled,
      load: { start: startStats, end: endStats, final: finalStats },
      platformCpu: (endCpu - startCpu) / elapsedS,
      loadAverage: { start: startLoadAvg, end: loadAverage() },
    });
  } catch (error) {
    console.error(`platform's last output:\n${output.slice(-60).join('\n')}`);
    throw error;
  } finally {
    if (load) await stopLoad(load);
    await client?.endAsync().catch(() => undefined);
    stopping = true;
    if (platform) await stopChild(platform);
    await stopTestStack(stack.stateFile);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
