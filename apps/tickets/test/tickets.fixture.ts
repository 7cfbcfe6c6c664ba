import type { INestApplication } from '@nestjs/common';
import { createApp } from '@preempt/common';
import { type DetectionEvent, topics } from '@preempt/contracts';
import { MqttChannel } from '@preempt/messaging';
import { openDatabase } from '@preempt/storage';
import type { MqttClient } from 'mqtt';

import {
  appTestEnv,
  authorization,
  clearSession,
  listenOnFreePort,
  testAccess,
  uniqueId,
} from '../../../tests/harness/test-kit';
import { composeTickets } from '../src/compose';
import { loadTicketsEnv, type TicketsConfig, toTicketsConfig } from '../src/config';

export { clearSession, connectClient, metricSum as counter } from '../../../tests/harness/test-kit';

/** A tenant id nobody else uses in this run. */
export const uniqueTenant = uniqueId;

export interface RunningTickets {
  app: INestApplication;
  config: TicketsConfig;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real tickets app against the harness's Mosquitto and PostgreSQL (env from the global setup). */
export async function startTickets(env: Record<string, string> = {}): Promise<RunningTickets> {
  // forecasts open tickets after 15 min here (the specs drive the mechanics, not the confirmation rule)
  const environment = appTestEnv(
    'tickets',
    { TICKET_FORECAST_MAX_SPAN: '15m', ...env },
    { sharedGroup: true },
  );
  const values = loadTicketsEnv(environment);
  const config = toTicketsConfig(values);
  const db = await openDatabase({ ...config.database, applicationName: 'preempt-tickets-test' });
  const mqtt = new MqttChannel(config.mqtt);
  const app = await createApp(
    composeTickets(config, { devices: mqtt, apps: mqtt }, db, testAccess(environment)),
    values.LOG_LEVEL,
  );
  const baseUrl = await listenOnFreePort(app);
  return {
    app,
    config,
    baseUrl,
    close: async () => {
      await app.close();
      await db.close();
      await clearSession(config.mqtt.clientId);
    },
  };
}

export async function publishEvents(client: MqttClient, ...events: DetectionEvent[]): Promise<void> {
  for (const event of events) {
    await client.publishAsync(topics.detectionEvents(event.tenant, event.device), JSON.stringify(event), {
      qos: 1,
    });
  }
}

/** A response as the specs see it; the body is asserted with matchers, so it stays untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiResponse = { status: number; type: string; body: any };

/** fetch + JSON, returning status, content type and body; as the tests' admin key unless headers say otherwise. */
export async function call(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const sent = { ...authorization(), ...headers };
  const response = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? sent : { 'content-type': 'application/json', ...sent },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : null,
  };
}
