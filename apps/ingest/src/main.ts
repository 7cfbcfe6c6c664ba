import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { accessEnv, loadAccessEnv, toAccessConfig } from '@preempt/access';
import { createApp, serve } from '@preempt/common';
import { ConfigError, describeConfig } from '@preempt/config';
import { MqttChannel } from '@preempt/messaging';
import { openDatabase } from '@preempt/storage';

import { composeIngest } from './compose';
import { ingestEnv, loadIngestEnv, toIngestConfig } from './config';

/**
 * The ingest app as its own process, against an external broker (MQTT_URL) and InfluxDB (INFLUX_URL); the
 * API keys in DATABASE_URL (or PGlite under DATA_DIR).
 * One MQTT connection is both of its channels: telemetry and dead letters, and the points it hands on.
 */
async function main(): Promise<void> {
  const values = loadIngestEnv();
  const access = loadAccessEnv();
  new Logger('Config').log(
    JSON.stringify({ ...describeConfig(ingestEnv, values), ...describeConfig(accessEnv, access) }),
  );
  const config = toIngestConfig(values);
  const db = await openDatabase({ ...config.database, applicationName: 'preempt-ingest' });
  const mqtt = new MqttChannel(config.mqtt);
  const root = composeIngest(config, { devices: mqtt, apps: mqtt }, db, toAccessConfig(access));
  const app = await createApp(root, values.LOG_LEVEL);
  await serve(app, { ...config.http, closeAfter: [() => db.close()] });
  new Logger('Bootstrap').log(`HTTP on ${config.http.host}:${config.http.port}, MQTT ${config.mqtt.url}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
