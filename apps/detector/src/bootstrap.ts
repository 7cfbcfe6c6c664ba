import { INestApplication, Logger, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AckingMqttServer, logLevels, ObservabilityModule } from '@preempt/common';

import type { DetectorConfig } from './config';
import { DetectorModule } from './detector.module';

/**
 * The detector as its own app: HTTP (health, metrics) plus an MQTT consumer subscribed, without a shared
 * group, to `points/{p}/+/+` for exactly the partitions this instance owns.
 */
export async function createDetectorApp(
  config: DetectorConfig,
  options: { logLevel?: LogLevel } = {},
): Promise<{ app: INestApplication; mqtt: AckingMqttServer }> {
  const owned = config.ownedPartitions;
  const mqtt = new AckingMqttServer({
    ...config.mqtt,
    sharedGroup: undefined,
    topicsFor: (pattern) => (pattern.startsWith('points/') ? owned.map((p) => `points/${p}/+/+`) : [pattern]),
  });

  @Module({ imports: [ObservabilityModule, DetectorModule.register(config, { mode: 'mqtt', mqtt })] })
  class DetectorAppModule {}

  const app = await NestFactory.create(DetectorAppModule, {
    logger: logLevels(options.logLevel),
  });
  app.connectMicroservice({ strategy: mqtt }, { inheritAppConfig: true });
  return { app, mqtt };
}

/** Starts the MQTT consumer and the HTTP server; SIGTERM/SIGINT write a final checkpoint and close. */
export async function startDetectorApp(app: INestApplication, config: DetectorConfig): Promise<void> {
  app.enableShutdownHooks();
  // restore the checkpoints (onModuleInit) before the MQTT consumer starts receiving points
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  new Logger('Bootstrap').log(
    `Detector ${config.instance + 1}/${config.instances}: partitions [${config.ownedPartitions.join(',')}] of ${config.partitions}, HTTP on ${config.http.host}:${config.http.port}, MQTT ${config.mqtt.url}`,
  );
}
