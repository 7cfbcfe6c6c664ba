import { INestApplication, Logger, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AckingMqttServer, logLevels, ObservabilityModule } from '@preempt/common';

import type { TicketsConfig } from './config';
import { TicketsModule } from './tickets.module';

/** The tickets app as its own process: HTTP API + MQTT consumer of detection events. */
export async function createTicketsApp(
  config: TicketsConfig,
  options: { logLevel?: LogLevel } = {},
): Promise<{ app: INestApplication; mqtt: AckingMqttServer }> {
  const mqtt = new AckingMqttServer(config.mqtt);

  @Module({ imports: [ObservabilityModule, TicketsModule.register(config, { mode: 'mqtt', mqtt })] })
  class TicketsAppModule {}

  const level = options.logLevel ?? 'log';
  const app = await NestFactory.create(TicketsAppModule, {
    logger: logLevels(level),
    bodyParser: true,
  });
  app.connectMicroservice({ strategy: mqtt }, { inheritAppConfig: true });
  return { app, mqtt };
}

/** Starts the MQTT consumer and the HTTP server; SIGTERM/SIGINT drain and close. */
export async function startTicketsApp(app: INestApplication, config: TicketsConfig): Promise<void> {
  app.enableShutdownHooks();
  // Init hooks (stores, databases) run before the MQTT consumer connects and redelivered messages arrive.
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  new Logger('Bootstrap').log(`HTTP on ${config.http.host}:${config.http.port}, MQTT ${config.mqtt.url}`);
}
