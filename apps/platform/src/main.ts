import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { ConfigError, describeConfig } from '@preempt/config';
import type { DetectionEvent, TelemetryPoint } from '@preempt/contracts';
import { openDatabase } from '@preempt/storage';
import { Subject, type Observable } from 'rxjs';

import { detectorEnv, loadDetectorEnv, toDetectorConfig } from '../../detector/src/config';
import { DetectorModule } from '../../detector/src/detector.module';
import { DETECTION_EVENTS } from '../../detector/src/tokens';
import { createIngestApp, startIngestApp } from '../../ingest/src/bootstrap';
import { ingestEnv, loadIngestEnv, toIngestConfig } from '../../ingest/src/config';
import { ACCEPTED_TELEMETRY } from '../../ingest/src/tokens';
import { loadTicketsEnv, ticketsEnv, toTicketsConfig } from '../../tickets/src/config';
import { TicketsModule } from '../../tickets/src/tickets.module';
import { EmbeddedBroker } from './broker/embedded-broker';
import { loadPlatformEnv, platformEnv } from './config';
import { PlatformResourcesModule } from './platform-resources';

/** Every app's environment, parsed together so a bad setup reports all of its problems at once. */
function loadAllEnv() {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const platform = attempt(() => loadPlatformEnv());
  const ingest = attempt(() => loadIngestEnv());
  const detector = attempt(() => loadDetectorEnv());
  const tickets = attempt(() => loadTicketsEnv());
  if (!platform || !ingest || !detector || !tickets) throw new ConfigError([...new Set(problems)]);
  return { platform, ingest, detector, tickets };
}

/**
 * The all-in-one runtime (`npm start`): one process, one HTTP server (HTTP_PORT), every app, connected in
 * process: ingest -> detector -> tickets. Without MQTT_URL it starts an embedded broker; without
 * INFLUX_URL telemetry goes to a bounded in-memory store; without DATABASE_URL tickets and model
 * checkpoints go to PGlite under DATA_DIR.
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
    }),
  );

  const broker = env.ingest.MQTT_URL
    ? undefined
    : await EmbeddedBroker.start(env.platform.MQTT_HOST, env.platform.MQTT_PORT);
  // aedes speaks MQTT 3.1.1 and does not deliver $share subscriptions: one plain consumer.
  const mqttOverrides = broker
    ? { url: broker.url, protocolVersion: 4 as const, sharedGroup: undefined }
    : {};
  const ingestConfig = toIngestConfig(env.ingest, mqttOverrides, 'inprocess');
  const detectorConfig = toDetectorConfig(env.detector, {}, 'inprocess');
  const ticketsConfig = toTicketsConfig(env.tickets);
  const database = await openDatabase({
    url: env.tickets.DATABASE_URL,
    dataDir: env.tickets.DATA_DIR,
    applicationName: 'preempt',
  });

  // In process: ingest's accepted points -> detector -> detection events -> tickets.
  const accepted$ = new Subject<TelemetryPoint[]>();
  const events$ = new Subject<DetectionEvent>();
  const { app } = await createIngestApp(ingestConfig, {
    logLevel: env.ingest.LOG_LEVEL,
    extraImports: [
      DetectorModule.register(detectorConfig, { mode: 'inprocess', telemetry: accepted$, database }),
      TicketsModule.register(ticketsConfig, { mode: 'inprocess', events: events$, database }),
      PlatformResourcesModule.register({ database, broker }),
    ],
  });
  app.get<Observable<TelemetryPoint[]>>(ACCEPTED_TELEMETRY, { strict: false }).subscribe(accepted$);
  app.get<Observable<DetectionEvent>>(DETECTION_EVENTS, { strict: false }).subscribe(events$);

  await startIngestApp(app, ingestConfig);
  if (!env.ingest.INFLUX_URL)
    logger.warn('INFLUX_URL is unset: telemetry is kept in a bounded in-memory store (demo mode)');
  logger.log(
    `Preempt is up: POST telemetry to MQTT ${broker?.url ?? ingestConfig.mqtt.url} (telemetry/{tenant}/{device}), ` +
      `tickets at http://localhost:${ingestConfig.http.port}/api/v1/tickets`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
