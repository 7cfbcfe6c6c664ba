/**
 * npm run bench:ingest — end-to-end ingest throughput against a real Mosquitto and InfluxDB 1.x.
 *
 * Same messages, same run: (1) the I/O floor — a bare mqtt.js subscriber that turns the JSON payloads into
 * line protocol and POSTs them to /write, no validation, no durability tracking; (2) the ingest app as its
 * own process (dist/apps/ingest/src/main.js). Each is timed from the first publish until InfluxDB answers
 * the full count. Prints a table, then one JSON line.
 *
 * Env: BENCH_DEVICES (1000), BENCH_METRICS (10), BENCH_MESSAGES_PER_DEVICE (30), BENCH_ROUNDS (3).
 */
import * as http from 'node:http';

import mqtt, { type MqttClient } from 'mqtt';

import { startTestStack, stopTestStack } from '../../tests/harness/test-stack';
import { fmt, median, sampleRss, sleep, startNode, stopChild } from '../shared/bench-util';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const METRICS = Number(process.env.BENCH_METRICS ?? 10);
const PER_DEVICE = Number(process.env.BENCH_MESSAGES_PER_DEVICE ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TENANT = 'bench';
const TOTAL_MESSAGES = DEVICES * PER_DEVICE;
const TOTAL_POINTS = TOTAL_MESSAGES * METRICS;

interface Message {
  topic: string;
  payload: string;
}

function buildMessages(base: number): Message[] {
  const names = Array.from({ length: METRICS }, (_, m) => `metric_${m}`);
  const messages: Message[] = [];
  for (let i = 0; i < PER_DEVICE; i++) {
    for (let d = 0; d < DEVICES; d++) {
      const metrics: Record<string, number> = {};
      for (const name of names)
        metrics[name] = Math.round((50 + 10 * Math.sin(i + d) + Math.random()) * 100) / 100;
      messages.push({
        topic: `telemetry/${TENANT}/dev-${d}`,
        payload: JSON.stringify({ ts: base + i * 1000, metrics }),
      });
    }
  }
  return messages;
}

function influxQuery(url: string, q: string, db = ''): Promise<unknown> {
  const params = new URLSearchParams({ q, db, epoch: 'ms' });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/query?${params.toString()}`,
      { method: q.startsWith('SELECT') ? 'GET' : 'POST' },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

async function countPoints(url: string, db: string): Promise<number> {
  const body = (await influxQuery(
    url,
    `SELECT count("value") FROM "telemetry" WHERE "tenant" = '${TENANT}'`,
    db,
  )) as {
    results: { series?: { values: [number, number][] }[] }[];
  };
  return Number(body.results[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
}

async function publishAll(mqttUrl: string, messages: Message[]): Promise<number> {
  const client = await mqtt.connectAsync(mqttUrl, {
    clientId: `bench-pub-${process.pid}`,
    protocolVersion: 5,
  });
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const message = messages[next++];
      await client.publishAsync(message.topic, message.payload, { qos: 1 });
    }
  };
  await Promise.all(Array.from({ length: 500 }, worker));
  await client.endAsync();
  return started;
}

async function waitForCount(url: string, db: string, expected: number, timeoutMs = 300_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await countPoints(url, db);
    if (count >= expected) return Date.now();
    if (Date.now() > deadline) throw new Error(`${db}: ${count} of ${expected} points after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** The floor: subscribe, convert to line protocol, POST /write in 5,000-line bodies over 2 connections. */
async function startFloor(mqttUrl: string, influxUrl: string, db: string): Promise<MqttClient> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  let lines: string[] = [];
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        `${influxUrl}/write?db=${db}&precision=ms`,
        { method: 'POST', agent, headers: { 'content-type': 'text/plain' } },
        (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 204 ? resolve() : reject(new Error(`${response.statusCode}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const flush = () => {
    if (lines.length === 0) return;
    const body = lines.join('\n');
    lines = [];
    void post(body).catch((error: unknown) => console.error('floor write failed', error));
  };
  const timer = setInterval(flush, 100);
  const client = await mqtt.connectAsync(mqttUrl, {
    clientId: `bench-floor-${process.pid}`,
    protocolVersion: 5,
  });
  client.on('message', (topic, payload) => {
    const [, tenant, device] = topic.split('/');
    const { ts, metrics } = JSON.parse(payload.toString()) as { ts: number; metrics: Record<string, number> };
    for (const name in metrics) {
      lines.push(`telemetry,device=${device},metric=${name},tenant=${tenant} value=${metrics[name]} ${ts}`);
    }
    if (lines.length >= 5000) flush();
  });
  client.on('end', () => clearInterval(timer));
  await client.subscribeAsync('telemetry/+/+', { qos: 1 });
  return client;
}

async function main(): Promise<void> {
  const stack = await startTestStack();
  const results: { floor: number; ingest: number; rssPeak: number; rssEnd: number }[] = [];
  try {
    const influx = stack.influx.url;
    for (let round = 0; round < ROUNDS; round++) {
      const messages = buildMessages(Date.now() - 3_600_000 - round * 86_400_000);

      const floorDb = `bench_floor_${round}`;
      await influxQuery(influx, `CREATE DATABASE ${floorDb}`);
      const floor = await startFloor(stack.mosquitto.url, influx, floorDb);
      const floorStart = await publishAll(stack.mosquitto.url, messages);
      const floorEnd = await waitForCount(influx, floorDb, TOTAL_POINTS);
      await floor.endAsync(true);

      const ingestDb = `bench_ingest_${round}`;
      const ingest = await startNode(
        'dist/apps/ingest/src/main.js',
        {
          MQTT_URL: stack.mosquitto.url,
          MQTT_CLIENT_ID: `bench-ingest-${round}`,
          // a group per round: the previous round's persistent session would otherwise still get its share
          MQTT_SHARED_GROUP: `bench-${process.pid}-${round}`,
          INFLUX_URL: influx,
          INFLUX_DATABASE: ingestDb,
          // the API keys, in the PostgreSQL every process of a deployment shares
          DATABASE_URL: stack.postgres.url,
          HTTP_PORT: '0',
          HTTP_HOST: '127.0.0.1',
          DETECTION_HANDOFF: 'false',
          LOG_LEVEL: 'log',
        },
        /Subscribed to/,
        process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
      );
      await sleep(500); // subscription granted
      const rss = sampleRss(ingest.pid!);
      const ingestStart = await publishAll(stack.mosquitto.url, messages);
      const ingestEnd = await waitForCount(influx, ingestDb, TOTAL_POINTS);
      const memory = rss.stop();
      await stopChild(ingest);

      results.push({
        floor: TOTAL_POINTS / ((floorEnd - floorStart) / 1000),
        ingest: TOTAL_POINTS / ((ingestEnd - ingestStart) / 1000),
        rssPeak: memory.peak,
        rssEnd: memory.last,
      });
      const r = results[results.length - 1];
      console.error(`round ${round + 1}: floor ${fmt(r.floor)} points/s, ingest ${fmt(r.ingest)} points/s`);
    }
  } finally {
    await stopTestStack(stack.stateFile);
  }

  const floor = median(results.map((r) => r.floor));
  const ingest = median(results.map((r) => r.ingest));
  const rssPeakMiB = Math.max(...results.map((r) => r.rssPeak)) / 1048576;
  console.log('');
  console.log(
    `ingest benchmark: ${DEVICES} devices x ${METRICS} metrics, ${fmt(TOTAL_MESSAGES)} JSON messages (${fmt(TOTAL_POINTS)} points) per round, ${ROUNDS} round(s), QoS 1 through Mosquitto, InfluxDB 1.x`,
  );
  console.log('| path | points/s (published -> readable in InfluxDB) |');
  console.log('|---|---:|');
  console.log(`| floor: bare mqtt.js -> line protocol -> POST /write | ${fmt(floor)} |`);
  console.log(`| ingest app (validation, WriteApi, ack after durable) | ${fmt(ingest)} |`);
  console.log(`| ratio ingest / floor | ${(ingest / floor).toFixed(2)} |`);
  console.log(`| ingest RSS peak | ${rssPeakMiB.toFixed(0)} MiB |`);
  console.log(
    JSON.stringify({
      bench: 'ingest',
      devices: DEVICES,
      metricsPerMessage: METRICS,
      messages: TOTAL_MESSAGES,
      points: TOTAL_POINTS,
      rounds: ROUNDS,
      floorPointsPerSec: Math.round(floor),
      ingestPointsPerSec: Math.round(ingest),
      ratio: Number((ingest / floor).toFixed(3)),
      ingestRssPeakMiB: Number(rssPeakMiB.toFixed(1)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
