import { INestApplication, Logger, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AckingMqttServer, logLevels, ObservabilityModule } from '@preempt/common';

import type { IngestConfig } from './config';
import { IngestModule } from './ingest.module';

/**
 * Creates the ingest app (HTTP + MQTT consumer) without listening yet. `extraImports` lets the all-in-one
 * runtime host the other apps' modules on the same HTTP server.
 */
export async function createIngestApp(
  config: IngestConfig,
  options: { logLevel?: LogLevel; extraImports?: NonNullable<Parameters<typeof Module>[0]>['imports'] } = {},
): Promise<{ app: INestApplication; mqtt: AckingMqttServer }> {
  const mqtt = new AckingMqttServer(config.mqtt);

  @Module({
    imports: [ObservabilityModule, IngestModule.register(config, mqtt), ...(options.extraImports ?? [])],
  })
  class IngestAppModule {}

  const app = await NestFactory.create(IngestAppModule, {
    logger: logLevels(options.logLevel ?? 'log'),
    bodyParser: true,
  });
  app.connectMicroservice({ strategy: mqtt }, { inheritAppConfig: true });
  return { app, mqtt };
}

/** Starts the MQTT consumer and the HTTP server; SIGTERM/SIGINT flush and close. */
export async function startIngestApp(app: INestApplication, config: IngestConfig): Promise<void> {
  app.enableShutdownHooks();
  // Init hooks (stores, databases) run before the MQTT consumer connects and redelivered messages arrive.
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  new Logger('Bootstrap').log(`HTTP on ${config.http.host}:${config.http.port}, MQTT ${config.mqtt.url}`);
}
