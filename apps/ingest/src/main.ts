import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { ConfigError, describeConfig } from '@preempt/config';

import { createIngestApp, startIngestApp } from './bootstrap';
import { ingestEnv, loadIngestEnv, toIngestConfig } from './config';

/** The ingest app as its own process, against an external broker (MQTT_URL) and InfluxDB (INFLUX_URL). */
async function main(): Promise<void> {
  const values = loadIngestEnv();
  new Logger('Config').log(JSON.stringify(describeConfig(ingestEnv, values)));
  const config = toIngestConfig(values);
  const { app } = await createIngestApp(config, { logLevel: values.LOG_LEVEL });
  await startIngestApp(app, config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
