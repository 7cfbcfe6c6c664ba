import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { ConfigError, describeConfig } from '@preempt/config';

import { createDetectorApp, startDetectorApp } from './bootstrap';
import { detectorEnv, loadDetectorEnv, toDetectorConfig } from './config';

/** The detector as its own process: MQTT_URL required; DATABASE_URL (PostgreSQL) or PGlite under DATA_DIR. */
async function main(): Promise<void> {
  const values = loadDetectorEnv();
  if (!values.MQTT_URL) throw new ConfigError(['MQTT_URL is required for the detector process']);
  new Logger('Config').log(JSON.stringify(describeConfig(detectorEnv, values)));
  const config = toDetectorConfig(values);
  const { app } = await createDetectorApp(config, { logLevel: values.LOG_LEVEL });
  await startDetectorApp(app, config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
