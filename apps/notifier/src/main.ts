import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { accessEnv, loadAccessEnv, toAccessConfig } from '@preempt/access';
import { createApp, serve } from '@preempt/common';
import { ConfigError, describeConfig } from '@preempt/config';
import { MqttChannel } from '@preempt/messaging';
import { openDatabase } from '@preempt/storage';

import { composeNotifier } from './compose';
import { loadNotifierEnv, notifierEnv, toNotifierConfig } from './config';

/** The notifier as its own process: MQTT_URL, DATABASE_URL (or DATA_DIR for PGlite), SMTP_URL, HTTP_PORT. */
async function main(): Promise<void> {
  const values = loadNotifierEnv();
  const access = loadAccessEnv();
  new Logger('Config').log(
    JSON.stringify({ ...describeConfig(notifierEnv, values), ...describeConfig(accessEnv, access) }),
  );
  const config = toNotifierConfig(values);
  const db = await openDatabase({ ...config.database, applicationName: 'preempt-notifier' });
  const mqtt = new MqttChannel(config.mqtt);
  const app = await createApp(
    composeNotifier(config, { devices: mqtt, apps: mqtt }, db, toAccessConfig(access)),
    values.LOG_LEVEL,
  );
  await serve(app, { ...config.http, closeAfter: [() => db.close()] });
  new Logger('Bootstrap').log(`HTTP on ${config.http.host}:${config.http.port}, MQTT ${config.mqtt.url}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
