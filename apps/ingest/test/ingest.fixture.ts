import type { INestApplication } from '@nestjs/common';
import { createApp } from '@preempt/common';
import { MqttChannel } from '@preempt/messaging';
import {
  type InfluxOptions,
  openDatabase,
  runInfluxQL,
  TELEMETRY_STORE,
  type TelemetryStore,
} from '@preempt/storage';

import {
  appTestEnv,
  clearSession,
  listenOnFreePort,
  testAccess,
  uniqueId,
} from '../../../tests/harness/test-kit';
import { composeIngest } from '../src/compose';
import { type IngestConfig, loadIngestEnv, toIngestConfig } from '../src/config';

export { clearSession, connectClient } from '../../../tests/harness/test-kit';

/** A tenant id nobody else uses in this run, so tests never see each other's points. */
export const uniqueTenant = uniqueId;

export interface RunningIngest {
  app: INestApplication;
  config: IngestConfig;
  store: TelemetryStore;
  baseUrl: string;
  /** Stops the app and ends its persistent session, unless `keepSession` (to test a restart). */
  close(options?: { keepSession?: boolean }): Promise<void>;
}

/** The real ingest module against the harness's Mosquitto and InfluxDB (env from the global setup). */
export async function startIngest(env: Record<string, string> = {}): Promise<RunningIngest> {
  const environment = appTestEnv('ingest', env, { sharedGroup: true });
  const values = loadIngestEnv(environment);
  const config = toIngestConfig(values);
  const db = await openDatabase({ ...config.database, applicationName: 'preempt-ingest-test' });
  const mqtt = new MqttChannel(config.mqtt);
  const root = composeIngest(config, { devices: mqtt, apps: mqtt }, db, testAccess(environment));
  const app = await createApp(root, values.LOG_LEVEL);
  const baseUrl = await listenOnFreePort(app);
  return {
    app,
    config,
    store: app.get<TelemetryStore>(TELEMETRY_STORE),
    baseUrl,
    close: async (options = {}) => {
      await app.close();
      await db.close();
      if (!options.keepSession) await clearSession(config.mqtt.clientId);
    },
  };
}

export function influxOptions(): InfluxOptions {
  return { url: process.env.INFLUX_URL!, database: process.env.INFLUX_DATABASE! } as InfluxOptions;
}

/** Points stored in InfluxDB for a tenant (optionally one metric), counted by InfluxDB itself. */
export async function countInInflux(tenant: string, metric?: string): Promise<number> {
  const where = `"tenant" = '${tenant}'` + (metric ? ` AND "metric" = '${metric}'` : '');
  const series = await runInfluxQL(
    { ...influxOptions(), requestTimeoutMs: 10_000 },
    `SELECT count("value") FROM "telemetry" WHERE ${where}`,
  );
  return Number(series[0]?.values?.[0]?.[1] ?? 0);
}
