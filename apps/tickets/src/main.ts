import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { ConfigError, describeConfig } from '@preempt/config';

import { createTicketsApp, startTicketsApp } from './bootstrap';
import { loadTicketsEnv, ticketsEnv, toTicketsConfig } from './config';

/** The tickets app as its own process: MQTT_URL, DATABASE_URL (or DATA_DIR for PGlite), HTTP_PORT. */
async function main(): Promise<void> {
  const values = loadTicketsEnv();
  new Logger('Config').log(JSON.stringify(describeConfig(ticketsEnv, values)));
  const config = toTicketsConfig(values);
  const { app } = await createTicketsApp(config, { logLevel: values.LOG_LEVEL });
  await startTicketsApp(app, config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
