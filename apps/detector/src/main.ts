import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { accessEnv, loadAccessEnv, toAccessConfig } from '@preempt/access';
import { createApp, serve } from '@preempt/common';
import { ConfigError, describeConfig } from '@preempt/config';
import { MqttChannel } from '@preempt/messaging';
import { openDatabase } from '@preempt/storage';

import { composeDetector } from './compose';
import { detectorEnv, loadDetectorEnv, toDetectorConfig } from './config';

/**
 * The detector as its own process: MQTT_URL required (points in, events out on one connection);
 * DATABASE_URL (PostgreSQL) or PGlite under DATA_DIR for the model checkpoints.
 */
async function main(): Promise<void> {
  const values = loadDetectorEnv();
  if (!values.MQTT_URL) throw new ConfigError(['MQTT_URL is required for the detector process']);
  const access = loadAccessEnv();
  new Logger('Config').log(
    JSON.stringify({ ...describeConfig(detectorEnv, values), ...describeConfig(accessEnv, access) }),
  );
  const config = toDetectorConfig(values);
  const db = await openDatabase({ ...config.database, applicationName: 'preempt-detector' });
  const mqtt = new MqttChannel(config.mqtt);
  const app = await createApp(
    composeDetector(config, { devices: mqtt, apps: mqtt }, db, toAccessConfig(access)),
    values.LOG_LEVEL,
  );
  await serve(app, { ...config.http, closeAfter: [() => db.close()] });
  new Logger('Bootstrap').log(
    `Detector ${config.instance + 1}/${config.instances}: partitions [${config.ownedPartitions.join(',')}] of ${config.partitions}, HTTP on ${config.http.host}:${config.http.port}, MQTT ${config.mqtt.url}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
