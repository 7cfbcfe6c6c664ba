import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { ConfigError, describeConfig } from '@preempt/config';

import { createIngestApp, startIngestApp } from '../../ingest/src/bootstrap';
import { ingestEnv, loadIngestEnv, toIngestConfig } from '../../ingest/src/config';
import { EmbeddedBroker } from './broker/embedded-broker';
import { loadPlatformEnv, platformEnv } from './config';

/**
 * The all-in-one runtime (`npm start`): one process, one HTTP server, every app. Without MQTT_URL it
 * starts an embedded broker; without INFLUX_URL telemetry goes to the bounded in-memory store.
 */
async function main(): Promise<void> {
  const ingestValues = loadIngestEnv();
  const platformValues = loadPlatformEnv();
  const logger = new Logger('Platform');
  logger.log(
    JSON.stringify({
      ...describeConfig(platformEnv, platformValues),
      ...describeConfig(ingestEnv, ingestValues),
    }),
  );

  const broker = ingestValues.MQTT_URL
    ? undefined
    : await EmbeddedBroker.start(platformValues.MQTT_HOST, platformValues.MQTT_PORT);
  // aedes speaks MQTT 3.1.1 and does not deliver $share subscriptions: one plain consumer.
  const config = toIngestConfig(
    ingestValues,
    broker ? { url: broker.url, protocolVersion: 4, sharedGroup: undefined } : {},
    'inprocess',
  );
  const { app } = await createIngestApp(config, { logLevel: ingestValues.LOG_LEVEL });
  if (broker) {
    // Nest closes the app on SIGTERM/SIGINT; the broker goes after it so the last acknowledgements get out.
    const closeBroker = async () => broker.close();
    process.once('beforeExit', () => void closeBroker());
    app.getHttpServer().once('close', () => void closeBroker());
  }
  await startIngestApp(app, config);
  if (!ingestValues.INFLUX_URL)
    logger.warn('INFLUX_URL is unset: telemetry is kept in a bounded in-memory store (demo mode)');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
