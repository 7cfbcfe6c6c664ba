import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import type { DetectionEvent } from '@preempt/contracts';
import { detectionEventTopic } from '@preempt/contracts';
import mqtt, { type MqttClient } from 'mqtt';

import { createTicketsApp } from '../src/bootstrap';
import { loadTicketsEnv, toTicketsConfig, type TicketsConfig } from '../src/config';

let sequence = 0;

/** A tenant id nobody else uses in this run. */
export function uniqueTenant(prefix = 't'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sequence++}`;
}

export interface RunningTickets {
  app: INestApplication;
  config: TicketsConfig;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real tickets app against the harness's Mosquitto and PostgreSQL (env from the global setup). */
export async function startTickets(env: Record<string, string> = {}): Promise<RunningTickets> {
  const values = loadTicketsEnv({
    ...process.env,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    MQTT_CLIENT_ID: `tickets-${uniqueTenant()}`,
    MQTT_SHARED_GROUP: `g-${uniqueTenant()}`,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const config = toTicketsConfig(values);
  const { app } = await createTicketsApp(config, { logLevel: values.LOG_LEVEL });
  // Init hooks (stores, databases) run before the MQTT consumer connects and redelivered messages arrive.
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await clearSession(config.mqtt.clientId);
    },
  };
}

export async function clearSession(clientId: string): Promise<void> {
  const client = await mqtt.connectAsync(process.env.MQTT_URL!, {
    clientId,
    protocolVersion: 5,
    clean: true,
    properties: { sessionExpiryInterval: 0 },
    reconnectPeriod: 0,
  });
  await client.endAsync();
}

export async function connectClient(): Promise<MqttClient> {
  return mqtt.connectAsync(process.env.MQTT_URL!, {
    clientId: `test-${uniqueTenant()}`,
    protocolVersion: 5,
    reconnectPeriod: 0,
  });
}

export async function publishEvents(client: MqttClient, ...events: DetectionEvent[]): Promise<void> {
  for (const event of events) {
    await client.publishAsync(detectionEventTopic(event.tenant, event.device), JSON.stringify(event), {
      qos: 1,
    });
  }
}

/** A response as the specs see it; the body is asserted with matchers, so it stays untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiResponse = { status: number; type: string; body: any };

/** fetch + JSON, returning status, content type and body. */
export async function call(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : null,
  };
}

/** A counter from /metrics (sum over the label sets matching `labels`). */
export async function counter(baseUrl: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
