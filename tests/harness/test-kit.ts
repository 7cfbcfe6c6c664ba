import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { type AccessOptions, generateKey, loadAccessEnv, toAccessConfig } from '@preempt/access';
import mqtt, { type MqttClient } from 'mqtt';

// Shared by the apps' integration fixtures and the end-to-end tests: unique ids, MQTT clients and
// sessions on the harness's broker (MQTT_URL), Nest apps on a free port.

let sequence = 0;

/**
 * An id nobody else uses in this run (tenants, client ids, shared groups).
 * @example uniqueId('quiet') // 'quiet-4711-mbx3k2-0'
 */
export function uniqueId(prefix = 't'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sequence++}`;
}

/** The admin key every app under test provisions (ADMIN_API_KEY), for the tests' own API calls. */
export const TEST_ADMIN_KEY = generateKey();

/** `Authorization` for the tests' API calls (the admin key unless another is given). */
export function authorization(key = TEST_ADMIN_KEY): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** The access settings of an app under test, from its environment (see appTestEnv). */
export function testAccess(env: Record<string, string | undefined>): AccessOptions {
  return toAccessConfig(loadAccessEnv(env));
}

/**
 * The environment an app under test reads: the harness's services (process.env), HTTP on a free loopback
 * port, a client id of its own and, with `sharedGroup`, a shared-subscription group of its own (an offline
 * persistent session in a shared group keeps receiving its share: Mosquitto queues it, so tests must not
 * join each other's groups); quiet logs; the tests' admin key. `overrides` win.
 */
export function appTestEnv(
  name: string,
  overrides: Record<string, string> = {},
  { sharedGroup = false } = {},
): Record<string, string | undefined> {
  return {
    ...process.env,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    MQTT_CLIENT_ID: uniqueId(name),
    ...(sharedGroup ? { MQTT_SHARED_GROUP: uniqueId('g') } : {}),
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    ...overrides,
  };
}

/** A test's own MQTT 5 client on the harness's broker (no reconnects: a lost broker fails the test). */
export function connectClient(clientId = uniqueId('test')): Promise<MqttClient> {
  return mqtt.connectAsync(process.env.MQTT_URL!, { clientId, protocolVersion: 5, reconnectPeriod: 0 });
}

/** Ends a persistent session for good (connect with clean start, disconnect): the broker stops queueing. */
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

/**
 * Starts an app like its main does, on a free loopback port; returns its base URL. Init hooks (stores,
 * databases, checkpoint restore) run before the channels start delivering (redelivered messages first).
 */
export async function listenOnFreePort(app: INestApplication): Promise<string> {
  await app.init();
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

/** A counter from /metrics: the sum over the lines of `name` that contain `labels`. */
export async function metricSum(baseUrl: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
