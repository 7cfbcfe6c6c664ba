import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { accessEnv, toAccessConfig } from '@preempt/access';
import { createApp, serve } from '@preempt/common';
import { ConfigError, describeConfig } from '@preempt/config';
import { InMemoryChannel, MqttChannel } from '@preempt/messaging';
import { openDatabase, toDatabaseOptions } from '@preempt/storage';

import { detectorEnv, toDetectorConfig } from '../../detector/src';
import { ingestEnv, toIngestConfig } from '../../ingest/src';
import { notifierEnv, toNotifierConfig } from '../../notifier/src';
import { ticketsEnv, toTicketsConfig } from '../../tickets/src';
import { EmbeddedBroker } from './broker/embedded-broker';
import { composePlatform } from './compose';
import { loadAllEnv, platformEnv } from './config';
import { serveConsole } from './console/serve-console';

/** Points messages one telemetry message may become (one per device it names), as provisioned for. */
const IN_PROCESS_WINDOW_PER_MQTT_MESSAGE = 4;

/**
 * The all-in-one runtime (`npm start`): one process, one HTTP server (HTTP_PORT), every app. Telemetry
 * comes from the broker; between the apps, messages go through the in-memory channel. Without MQTT_URL it
 * starts an embedded broker; without INFLUX_URL telemetry goes to a bounded in-memory store; without
 * DATABASE_URL tickets and model checkpoints go to PGlite under DATA_DIR.
 */
async function main(): Promise<void> {
  const env = loadAllEnv();
  const logger = new Logger('Platform');
  logger.log(
    JSON.stringify({
      ...describeConfig(platformEnv, env.platform),
      ...describeConfig(ingestEnv, env.ingest),
      ...describeConfig(detectorEnv, env.detector),
      ...describeConfig(ticketsEnv, env.tickets),
      ...describeConfig(notifierEnv, env.notifier),
      ...describeConfig(accessEnv, env.access),
    }),
  );

  const broker = env.ingest.MQTT_URL
    ? undefined
    : await EmbeddedBroker.start(env.platform.MQTT_HOST, env.platform.MQTT_PORT);
  // aedes speaks MQTT 3.1.1 and does not deliver $share subscriptions
  const ingest = toIngestConfig(
    env.ingest,
    broker ? { url: broker.url, protocolVersion: 4, sharedSubscriptions: false } : {},
  );
  const detector = toDetectorConfig(env.detector);
  const tickets = toTicketsConfig(env.tickets);
  const notifier = toNotifierConfig(env.notifier);
  const db = await openDatabase({ ...toDatabaseOptions(env.tickets), applicationName: 'preempt' });

  // Points wait in the detector's handler for the next checkpoint: its in-flight bound must hold an
  // interval's worth, or detection itself would wait. The broker's window bounds them before this does.
  const apps = new InMemoryChannel({
    maxInFlight: IN_PROCESS_WINDOW_PER_MQTT_MESSAGE * ingest.mqtt.receiveMaximum,
  });
  const channels = { devices: new MqttChannel(ingest.mqtt), apps };
  const access = {
    ...toAccessConfig(env.access),
    onFirstKey: (key: string) => printFirstKey(key, ingest.http.port),
  };
  const app = await createApp(
    composePlatform({ ingest, detector, tickets, notifier }, channels, db, access),
    env.ingest.LOG_LEVEL,
  );
  serveConsole(app);
  await serve(app, {
    ...ingest.http,
    closeAfter: [() => db.close(), async () => broker?.close()],
  });
  if (!env.ingest.INFLUX_URL)
    logger.warn('INFLUX_URL is unset: telemetry is kept in a bounded in-memory store (demo mode)');
  logger.log(
    `Preempt is up: POST telemetry to MQTT ${ingest.mqtt.url} (telemetry/{tenant}/{device}), ` +
      `tickets at http://localhost:${ingest.http.port}/api/v1/tickets`,
  );
}

/**
 * The first start's admin key, printed once on the terminal (not through the logger, whose lines may be
 * shipped elsewhere), with a login URL whose fragment never reaches the server, as Jupyter prints its token.
 */
function printFirstKey(key: string, port: number): void {
  process.stdout.write(
    `\nNo API key existed: an admin key was created. It is shown this once; keep it (or revoke it once you\n` +
      `have made your own with POST /api/v1/keys):\n\n    ${key}\n\n` +
      `    curl -H 'Authorization: Bearer ${key}' http://localhost:${port}/api/v1/tickets\n` +
      `    http://localhost:${port}/#key=${key}\n\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
