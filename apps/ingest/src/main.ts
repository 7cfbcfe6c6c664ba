import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { createApp, serve } from '@preempt/common';
import { ConfigError, describeConfig } from '@preempt/config';
import { MqttChannel } from '@preempt/messaging';

import { composeIngest } from './compose';
import { ingestEnv, loadIngestEnv, toIngestConfig } from './config';

/**
 * The ingest app as its own process, against an external broker (MQTT_URL) and InfluxDB (INFLUX_URL).
 * One MQTT connection is both of its channels: telemetry and dead letters, and the points it hands on.
 */
async function main(): Promise<void> {
  const values = loadIngestEnv();
  new Logger('Config').log(JSON.stringify(describeConfig(ingestEnv, values)));
  const config = toIngestConfig(values);
  const mqtt = new MqttChannel(config.mqtt);
  const app = await createApp(composeIngest(config, { devices: mqtt, apps: mqtt }), values.LOG_LEVEL);
  await serve(app, config.http);
  new Logger('Bootstrap').log(`HTTP on ${config.http.host}:${config.http.port}, MQTT ${config.mqtt.url}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
