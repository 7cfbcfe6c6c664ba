import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateKey } from '@preempt/access';

import { freePort } from '../../tests/harness/free-port';
import type { ServiceHandle } from '../../tests/harness/service-spec';
import { startMosquitto } from '../../tests/harness/services';
import { metricValue, sleep, startNode, stopChild } from '../shared/bench-util';
import type { ScoredTicket } from './score';

export const PLATFORM_MAIN = 'dist/apps/platform/src/main.js';

/** The built all-in-one on a private DATA_DIR, with a private Mosquitto (or the embedded broker). */
export interface PlatformRun {
  dir: string;
  mqttUrl: string;
  httpUrl: string;
  adminKey: string;
  broker: 'mosquitto' | 'embedded';
  platform: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/apps/platform/src/main.js` on a fresh temp DATA_DIR, with ADMIN_API_KEY set to a fresh
 * key, behind a private Mosquitto started like tests/harness does (its config has an unlimited QoS 1
 * queue). `broker: 'embedded'` leaves MQTT_URL unset (the platform's own aedes broker).
 */
export async function startPlatform(o: {
  broker: 'mosquitto' | 'embedded';
  env?: Record<string, string>;
}): Promise<PlatformRun> {
  if (!existsSync(PLATFORM_MAIN)) throw new Error(`${PLATFORM_MAIN} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'preempt-scorecard-'));
  chmodSync(dir, 0o711); // Mosquitto runs as the unprivileged service user when we are root
  let mosquitto: ServiceHandle | undefined;
  try {
    const httpPort = await freePort();
    const adminKey = generateKey();
    let mqttUrl: string;
    const env: Record<string, string> = {
      DATA_DIR: join(dir, 'data'),
      HTTP_PORT: String(httpPort),
      ADMIN_API_KEY: adminKey,
      ...o.env,
    };
    if (o.broker === 'mosquitto') {
      mosquitto = await startMosquitto(dir);
      mqttUrl = mosquitto.url;
      env.MQTT_URL = mqttUrl;
      env.MQTT_CLIENT_ID = 'preempt-scorecard-platform';
    } else {
      const mqttPort = await freePort();
      env.MQTT_PORT = String(mqttPort);
      env.MQTT_HOST = '127.0.0.1';
      mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    }
    const platform = await startNode(PLATFORM_MAIN, env, /Preempt is up/);
    const broker = mosquitto;
    return {
      dir,
      mqttUrl,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      adminKey,
      broker: o.broker,
      platform,
      async stop() {
        await stopChild(platform);
        await broker?.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await mosquitto?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A counter or gauge of the platform's /metrics (summed over labels). */
export async function platformMetric(run: PlatformRun, name: string, labels: string[] = []): Promise<number> {
  const response = await fetch(`${run.httpUrl}/metrics`);
  return metricValue(await response.text(), name, labels);
}

/**
 * Waits until ingest accepted `points` points and the detector learned them all (the in-process chain
 * then has applied their events to the tickets), or until `timeoutMs`. Returns whether it got there.
 */
export async function waitForPoints(
  run: PlatformRun,
  points: number,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    const accepted = await platformMetric(run, 'preempt_ingest_points_accepted_total');
    const learned = await platformMetric(run, 'preempt_detector_points_processed');
    if (accepted >= points && learned >= accepted) return true;
    if (accepted !== last) log(`platform: ${accepted} of ${points} points accepted, ${learned} learned`);
    last = accepted;
    await sleep(2000);
  }
  return false;
}

/** Every ticket of the platform (any status), through the API, page by page. */
export async function fetchTickets(run: PlatformRun, query = ''): Promise<ScoredTicket[]> {
  const tickets: ScoredTicket[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${run.httpUrl}/api/v1/tickets?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${run.adminKey}` } });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { items: ScoredTicket[]; nextCursor: string | null };
    tickets.push(...page.items); // every field kept: SCORECARD_TICKETS writes them out
    cursor = page.nextCursor;
  } while (cursor);
  return tickets;
}
