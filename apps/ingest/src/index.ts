// The ingest app's public face: what a composition root, a bench or a test may use.
export { composeIngest } from './compose';
export { type IngestConfig, type IngestEnv, ingestEnv, loadIngestEnv, toIngestConfig } from './config';
export { IngestModule } from './ingest.module';
export { TelemetryHandler } from './telemetry/telemetry.handler';
export { INGEST_CONFIG } from './tokens';
