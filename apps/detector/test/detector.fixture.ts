import type { INestApplication } from '@nestjs/common';
import { createApp } from '@preempt/common';
import { type DetectionEvent, partitionOf, type PointsMessage, topics } from '@preempt/contracts';
import { DetectionEngine } from '@preempt/engine';
import { MqttChannel } from '@preempt/messaging';
import { openDatabase } from '@preempt/storage';
import type { MqttClient } from 'mqtt';

import { gaussian, MINUTE, rng } from '../../../libs/engine/test/scenario.fixture';
import { appTestEnv, listenOnFreePort, testAccess, uniqueId } from '../../../tests/harness/test-kit';
import { CheckpointService } from '../src/checkpoint/checkpoint.service';
import { composeDetector } from '../src/compose';
import { type DetectorConfig, loadDetectorEnv, toDetectorConfig } from '../src/config';

export { connectClient } from '../../../tests/harness/test-kit';

export const uniqueTenant = uniqueId;

/** `n` quiet temperature samples (1 min apart) from `start` (200: enough to warm a series up). */
export function quiet(start: number, n: number, seed: number): [string, number, number][] {
  const random = rng(seed);
  return Array.from({ length: n }, (_, i) => [
    'temperature',
    start + i * MINUTE,
    50 + 0.3 * gaussian(random),
  ]);
}

export interface RunningDetector {
  app: INestApplication;
  config: DetectorConfig;
  engine: DetectionEngine;
  checkpoints: CheckpointService;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real detector app as its own process composes it, against the harness's Mosquitto and PostgreSQL. */
export async function startDetector(env: Record<string, string> = {}): Promise<RunningDetector> {
  const environment = appTestEnv('detector', { CHECKPOINT_INTERVAL: '200ms', ...env });
  const values = loadDetectorEnv(environment);
  const config = toDetectorConfig(values);
  const db = await openDatabase({ ...config.database, applicationName: 'preempt-detector-test' });
  const mqtt = new MqttChannel(config.mqtt);
  const app = await createApp(
    composeDetector(config, { devices: mqtt, apps: mqtt }, db, testAccess(environment)),
    values.LOG_LEVEL,
  );
  const baseUrl = await listenOnFreePort(app);
  return {
    app,
    config,
    engine: app.get(DetectionEngine),
    checkpoints: app.get(CheckpointService),
    baseUrl,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/** Publishes a device's points on its partition topic, in messages of `perMessage` points. */
export async function publishPoints(
  client: MqttClient,
  partitions: number,
  message: PointsMessage,
  perMessage = 60,
): Promise<void> {
  const topic = topics.points(
    partitionOf(message.tenant, message.device, partitions),
    message.tenant,
    message.device,
  );
  for (let i = 0; i < message.points.length; i += perMessage) {
    const chunk = { ...message, points: message.points.slice(i, i + perMessage) };
    await client.publishAsync(topic, JSON.stringify(chunk), { qos: 1 });
  }
}

/** Collects the DetectionEvents published for a tenant. */
export async function collectEvents(client: MqttClient, tenant: string): Promise<DetectionEvent[]> {
  const events: DetectionEvent[] = [];
  client.on('message', (topic, payload) => {
    if (topic.startsWith(`events/${tenant}/`)) events.push(JSON.parse(payload.toString()) as DetectionEvent);
  });
  await client.subscribeAsync(`events/${tenant}/+`, { qos: 1 });
  return events;
}
