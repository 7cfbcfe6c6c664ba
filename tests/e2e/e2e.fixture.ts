import type { DetectionEvent } from '@preempt/contracts';
import { type Database, type InfluxOptions, openDatabase, runInfluxQL } from '@preempt/storage';
import type { MqttClient } from 'mqtt';

import type { SimulatedDevice } from '../../simulators/src/device-simulator';
import { publishAll, type TelemetryMessage } from '../../simulators/src/telemetry-publisher';
import { expectEventually } from '../harness/expect-eventually';
import {
  authorization,
  clearSession,
  connectClient as connectTestClient,
  TEST_ADMIN_KEY,
  uniqueId,
} from '../harness/test-kit';
import { type AppName, AppProcess } from './app-process';

export { authorization, uniqueId };

/** How the apps run: three processes over the broker, or the all-in-one (`npm start`) with its in-memory channel. */
export type Composition = 'processes' | 'all-in-one';
export const COMPOSITIONS: readonly Composition[] = ['processes', 'all-in-one'];

export interface Stack {
  composition: Composition;
  /** the process serving each app (in the all-in-one, the same one) */
  ingest: AppProcess;
  detector: AppProcess;
  tickets: AppProcess;
  db: Database;
  close(): Promise<void>;
}

/**
 * The apps from the build, wired through the harness's Mosquitto, InfluxDB and PostgreSQL, each client with
 * its own id / shared group (no test joins another's session): as three processes, or as the all-in-one.
 */
export async function startStack(
  name: string,
  composition: Composition = 'processes',
  env: Partial<Record<AppName, Record<string, string>>> = {},
): Promise<Stack> {
  return composition === 'processes' ? startProcesses(name, env) : startAllInOne(name, env.platform ?? {});
}

async function startAllInOne(name: string, env: Record<string, string>): Promise<Stack> {
  const id = uniqueId(name);
  const clientId = `e2e-platform-${id}`;
  const databaseUrl = process.env.DATABASE_URL!;
  const platform = new AppProcess('platform', {
    MQTT_URL: process.env.MQTT_URL!,
    MQTT_CLIENT_ID: clientId,
    MQTT_SHARED_GROUP: `g-platform-${id}`,
    INFLUX_URL: process.env.INFLUX_URL!,
    INFLUX_DATABASE: process.env.INFLUX_DATABASE!,
    DATABASE_URL: databaseUrl,
    CHECKPOINT_INTERVAL: '1s',
    LOG_LEVEL: 'log',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    ...env,
  });
  const db = await openDatabase({ url: databaseUrl, dataDir: '', applicationName: 'preempt-e2e' });
  try {
    await platform.start();
  } catch (error) {
    await platform.kill();
    await db.close();
    throw error;
  }
  return {
    composition: 'all-in-one',
    ingest: platform,
    detector: platform,
    tickets: platform,
    db,
    async close() {
      await platform.stop();
      await clearSession(clientId);
      await db.close();
    },
  };
}

async function startProcesses(
  name: string,
  env: Partial<Record<AppName, Record<string, string>>>,
): Promise<Stack> {
  const id = uniqueId(name);
  const mqttUrl = process.env.MQTT_URL!;
  const databaseUrl = process.env.DATABASE_URL!;
  const clientIds = {
    ingest: `e2e-ingest-${id}`,
    detector: `e2e-detector-${id}`,
    tickets: `e2e-tickets-${id}`,
  };
  const ingest = new AppProcess('ingest', {
    MQTT_URL: mqttUrl,
    MQTT_CLIENT_ID: clientIds.ingest,
    MQTT_SHARED_GROUP: `g-ingest-${id}`,
    INFLUX_URL: process.env.INFLUX_URL!,
    INFLUX_DATABASE: process.env.INFLUX_DATABASE!,
    DETECTION_HANDOFF: 'true',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'warn',
    ...env.ingest,
  });
  const detector = new AppProcess('detector', {
    MQTT_URL: mqttUrl,
    MQTT_CLIENT_ID: clientIds.detector,
    DATABASE_URL: databaseUrl,
    CHECKPOINT_INTERVAL: '1s',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'log',
    ...env.detector,
  });
  const tickets = new AppProcess('tickets', {
    MQTT_URL: mqttUrl,
    MQTT_CLIENT_ID: clientIds.tickets,
    MQTT_SHARED_GROUP: `g-tickets-${id}`,
    DATABASE_URL: databaseUrl,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'warn',
    ...env.tickets,
  });
  const apps = [tickets, detector, ingest];
  const db = await openDatabase({ url: databaseUrl, dataDir: '', applicationName: 'preempt-e2e' });
  try {
    // consumers first: their subscriptions must exist before the first point flows
    await tickets.start();
    await detector.start();
    await ingest.start();
  } catch (error) {
    await Promise.all(apps.map((app) => app.kill()));
    await db.close();
    throw error;
  }
  return {
    composition: 'processes',
    ingest,
    detector,
    tickets,
    db,
    async close() {
      await Promise.all(apps.map((app) => app.stop()));
      // end the persistent sessions, so the broker stops queueing for them
      for (const clientId of [clientIds.ingest, `${clientIds.detector}-0`, clientIds.tickets])
        await clearSession(clientId);
      await db.close();
    },
  };
}

export function connectClient(): Promise<MqttClient> {
  return connectTestClient(uniqueId('e2e-client'));
}

export interface ReplayPlan {
  device: SimulatedDevice;
  start: number;
  end: number;
  stepMs: number;
}

/** The plans' telemetry messages merged in event-time order (devices interleaved, as a fleet reports). */
export function replayMessages(tenant: string, plans: readonly ReplayPlan[]): TelemetryMessage[] {
  const messages: TelemetryMessage[] = [];
  for (const plan of plans)
    for (let t = plan.start; t <= plan.end; t += plan.stepMs)
      messages.push({ topic: `telemetry/${tenant}/${plan.device.id}`, sample: plan.device.next(t) });
  // stable: one device's samples keep their order
  return messages.sort((a, b) => a.sample.ts - b.sample.ts);
}

/** Every series the plans feed (`s/{tenant}/{device}/{metric}`, the detector's checkpoint key) -> its last ts. */
export function expectedLastTs(tenant: string, plans: readonly ReplayPlan[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const plan of plans) {
    const lastTs = plan.start + Math.floor((plan.end - plan.start) / plan.stepMs) * plan.stepMs;
    for (const metric of plan.device.metrics) last.set(`s/${tenant}/${plan.device.id}/${metric}`, lastTs);
  }
  return last;
}

export function countPoints(messages: readonly TelemetryMessage[]): number {
  return messages.reduce((n, m) => n + Object.keys(m.sample.metrics).length, 0);
}

export { publishAll };

/** The detection events published for a tenant (deduplicated by id), collected from the broker. */
export class EventCollector {
  readonly byId = new Map<string, DetectionEvent>();
  received = 0;

  private constructor(private readonly client: MqttClient) {}

  static async start(tenant: string): Promise<EventCollector> {
    const client = await connectClient();
    const collector = new EventCollector(client);
    client.on('message', (_topic, payload) => {
      const event = JSON.parse(payload.toString()) as DetectionEvent;
      collector.received++;
      collector.byId.set(event.id, event);
    });
    await client.subscribeAsync(`events/${tenant}/+`, { qos: 1 });
    return collector;
  }

  get events(): DetectionEvent[] {
    return [...this.byId.values()];
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

/** The detector's checkpointed last ts per series key of a tenant. */
export async function checkpointedLastTs(db: Database, tenant: string): Promise<Map<string, number>> {
  const result = await db.query<{ series_key: string; last_ts: string }>(
    `SELECT series_key, state::jsonb->>'lastTs' AS last_ts FROM detector_checkpoints WHERE series_key LIKE $1`,
    [`s/${tenant}/%`],
  );
  return new Map(result.rows.map((r) => [r.series_key, Number(r.last_ts)]));
}

/** Checkpoint rows (series and device models) of a tenant. */
export async function checkpointRows(db: Database, tenant: string): Promise<number> {
  const result = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM detector_checkpoints WHERE series_key LIKE $1 OR series_key LIKE $2`,
    [`s/${tenant}/%`, `d/${tenant}/%`],
  );
  return Number(result.rows[0].n);
}

/** Waits until the detector has learned and checkpointed every series up to its last published point. */
export async function waitForDetector(
  db: Database,
  tenant: string,
  expected: Map<string, number>,
  timeoutMs = 180_000,
): Promise<void> {
  await expectEventually(
    async () =>
      expect(Object.fromEntries(await checkpointedLastTs(db, tenant))).toEqual(Object.fromEntries(expected)),
    { timeoutMs, intervalMs: 250 },
  );
}

/** The ids of every detection event the tickets service applied (committed) since `since` (epoch ms). */
export async function appliedSince(db: Database, since: number): Promise<string[]> {
  const result = await db.query<{ event_id: string }>(
    `SELECT event_id FROM applied_events WHERE applied_at >= $1 ORDER BY event_id`,
    [new Date(since)],
  );
  return result.rows.map((r) => r.event_id);
}

/** How many of these event ids the tickets service has applied (committed). */
export async function appliedCount(db: Database, ids: readonly string[]): Promise<number> {
  const result = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM applied_events WHERE event_id = ANY($1::text[])`,
    [ids],
  );
  return Number(result.rows[0].n);
}

export async function waitForTickets(
  db: Database,
  ids: readonly string[],
  timeoutMs = 120_000,
): Promise<void> {
  await expectEventually(async () => expect(await appliedCount(db, ids)).toBe(ids.length), {
    timeoutMs,
    intervalMs: 250,
  });
}

export interface TicketJson {
  id: string;
  device: string;
  failureMode: string;
  severity: string;
  status: string;
  detectedAt: string;
  predictedBreachAt: string | null;
  predictedBreachBand: { earliest: string; latest: string } | null;
  occurrenceCount: number;
  evidence: Array<{ metric: string }>;
}

/** Every ticket of a tenant from the API (GET /api/v1/tickets?tenant=...). */
export async function listTickets(tickets: AppProcess, tenant: string): Promise<TicketJson[]> {
  const response = await fetch(
    `${tickets.baseUrl}/api/v1/tickets?tenant=${encodeURIComponent(tenant)}&limit=500`,
    { headers: authorization() },
  );
  if (response.status !== 200)
    throw new Error(`GET /api/v1/tickets answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { items: TicketJson[]; nextCursor: string | null };
  expect(body.nextCursor).toBeNull();
  return body.items;
}

function influxOptions(): InfluxOptions {
  return {
    url: process.env.INFLUX_URL!,
    database: process.env.INFLUX_DATABASE!,
    requestTimeoutMs: 30_000,
  } as InfluxOptions;
}

/** Points of a tenant stored in InfluxDB, counted by InfluxDB. */
export async function countInInflux(tenant: string): Promise<number> {
  const series = await runInfluxQL(
    influxOptions(),
    `SELECT count("value") FROM "telemetry" WHERE "tenant" = '${tenant}'`,
  );
  return Number(series[0]?.values?.[0]?.[1] ?? 0);
}

export const floorTo = (t: number, step: number): number => Math.floor(t / step) * step;
