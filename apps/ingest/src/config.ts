import { ConfigError, ConfigOf, env, loadConfig } from '@preempt/config';
import { DEFAULT_PARTITIONS, DEFAULT_TELEMETRY_LIMITS, type TelemetryLimits } from '@preempt/contracts';
import {
  consumerGroup,
  type MqttChannelOptions,
  mqttEnv,
  mqttEnvProblems,
  toMqttOptions,
} from '@preempt/messaging';
import {
  databaseEnv,
  type DatabaseOptions,
  type InfluxOptions,
  type MemoryStoreOptions,
  toDatabaseOptions,
} from '@preempt/storage';

/** Every variable the ingest app reads (README "Configuration" lists them). */
export const ingestEnv = {
  ...mqttEnv({ clientId: 'preempt-ingest', receiveMaximum: 2000, sharedGroup: 'ingest' }),
  HTTP_HOST: env.string({ default: '0.0.0.0' }),
  HTTP_PORT: env.port({ default: 8080 }),
  // the API keys (shared with the other apps: the same PostgreSQL in production)
  ...databaseEnv,
  INFLUX_URL: env.url({ optional: true, protocols: ['http', 'https'] }),
  INFLUX_API: env.oneOf(['v1', 'v2'] as const, { default: 'v1' }),
  INFLUX_DATABASE: env.string({ default: 'preempt', pattern: /^[A-Za-z0-9_.-]{1,128}$/ }),
  INFLUX_RETENTION_POLICY: env.string({ optional: true, pattern: /^[A-Za-z0-9_.-]{1,128}$/ }),
  INFLUX_USERNAME: env.string({ optional: true }),
  INFLUX_PASSWORD: env.string({ optional: true, secret: true }),
  INFLUX_ORG: env.string({ optional: true }),
  INFLUX_BUCKET: env.string({ optional: true }),
  INFLUX_TOKEN: env.string({ optional: true, secret: true }),
  INFLUX_BATCH_SIZE: env.int({ default: 5000, min: 1, max: 100_000 }),
  INFLUX_FLUSH_INTERVAL: env.duration({ default: 100, min: 1 }),
  INFLUX_MAX_BUFFER_LINES: env.int({ default: 1_000_000, min: 1000 }),
  INFLUX_MAX_RETRY_TIME: env.duration({ default: 24 * 3_600_000, min: 1000 }),
  INFLUX_MAX_CONNECTIONS: env.int({ default: 2, min: 1, max: 64 }),
  INFLUX_GZIP: env.bool({ default: false }),
  MEMORY_STORE_MAX_POINTS_PER_SERIES: env.int({ default: 10_000, min: 10 }),
  MEMORY_STORE_MAX_SERIES: env.int({ default: 100_000, min: 1 }),
  TELEMETRY_MAX_PAYLOAD_BYTES: env.int({
    default: DEFAULT_TELEMETRY_LIMITS.maxPayloadBytes,
    min: 64,
    max: 16 * 1024 * 1024,
  }),
  TELEMETRY_MAX_METRICS_PER_MESSAGE: env.int({
    default: DEFAULT_TELEMETRY_LIMITS.maxMetricsPerMessage,
    min: 1,
  }),
  TELEMETRY_MAX_AGE: env.duration({ default: DEFAULT_TELEMETRY_LIMITS.maxAgeMs, min: 1000 }),
  TELEMETRY_MAX_FUTURE_SKEW: env.duration({ default: DEFAULT_TELEMETRY_LIMITS.maxFutureSkewMs }),
  DETECTION_HANDOFF: env.bool({ default: true }),
  DETECTION_PARTITIONS: env.int({ default: DEFAULT_PARTITIONS, min: 1, max: 4096 }),
  SHUTDOWN_TIMEOUT: env.duration({ default: 10_000, min: 100 }),
  LOG_LEVEL: env.oneOf(['error', 'warn', 'log', 'debug', 'verbose'] as const, { default: 'log' }),
};

export type IngestEnv = ConfigOf<typeof ingestEnv>;

/** What the ingest module needs, derived once from the environment. */
export interface IngestConfig {
  mqtt: MqttChannelOptions;
  /** competing-consumer group of the telemetry subscription (MQTT_SHARED_GROUP; undefined = none) */
  consumerGroup?: string;
  http: { host: string; port: number };
  /** where the API keys are: PostgreSQL when `url` is set, else PGlite under `dataDir` */
  database: DatabaseOptions;
  /** undefined = the embedded in-memory store */
  influx?: InfluxOptions;
  memory: MemoryStoreOptions;
  limits: TelemetryLimits;
  /** accepted points are handed to the detectors on partitioned topics of the app channel (or not: storage only) */
  handoff: { enabled: boolean; partitions: number };
  shutdownTimeoutMs: number;
}

export function loadIngestEnv(source: Record<string, string | undefined> = process.env): IngestEnv {
  const values = loadConfig(ingestEnv, source);
  const problems: string[] = [];
  if (values.INFLUX_URL && values.INFLUX_API === 'v2') {
    for (const name of ['INFLUX_ORG', 'INFLUX_BUCKET', 'INFLUX_TOKEN'] as const) {
      if (!values[name]) problems.push(`${name} is required when INFLUX_API=v2`);
    }
  }
  problems.push(...mqttEnvProblems(values));
  if (values.INFLUX_PASSWORD && !values.INFLUX_USERNAME)
    problems.push('INFLUX_PASSWORD is set without INFLUX_USERNAME');
  if (problems.length > 0) throw new ConfigError(problems);
  return values;
}

/** Builds the module config; `overrides` change the MQTT connection (the all-in-one's embedded broker). */
export function toIngestConfig(values: IngestEnv, overrides: Partial<MqttChannelOptions> = {}): IngestConfig {
  return {
    mqtt: toMqttOptions(values, overrides),
    consumerGroup: consumerGroup(values),
    http: { host: values.HTTP_HOST, port: values.HTTP_PORT },
    database: toDatabaseOptions(values),
    influx: values.INFLUX_URL
      ? {
          url: values.INFLUX_URL,
          api: values.INFLUX_API,
          database: values.INFLUX_DATABASE,
          retentionPolicy: values.INFLUX_RETENTION_POLICY,
          username: values.INFLUX_USERNAME,
          password: values.INFLUX_PASSWORD,
          org: values.INFLUX_ORG,
          bucket: values.INFLUX_BUCKET,
          token: values.INFLUX_TOKEN,
          batchSize: values.INFLUX_BATCH_SIZE,
          flushIntervalMs: values.INFLUX_FLUSH_INTERVAL,
          maxBufferLines: values.INFLUX_MAX_BUFFER_LINES,
          maxRetryTimeMs: values.INFLUX_MAX_RETRY_TIME,
          maxRetryDelayMs: 5000,
          maxConnections: values.INFLUX_MAX_CONNECTIONS,
          gzip: values.INFLUX_GZIP,
          requestTimeoutMs: 10_000,
          closeTimeoutMs: values.SHUTDOWN_TIMEOUT,
          createDatabase: true,
        }
      : undefined,
    memory: {
      maxPointsPerSeries: values.MEMORY_STORE_MAX_POINTS_PER_SERIES,
      maxSeries: values.MEMORY_STORE_MAX_SERIES,
    },
    limits: {
      ...DEFAULT_TELEMETRY_LIMITS,
      maxPayloadBytes: values.TELEMETRY_MAX_PAYLOAD_BYTES,
      maxMetricsPerMessage: values.TELEMETRY_MAX_METRICS_PER_MESSAGE,
      maxAgeMs: values.TELEMETRY_MAX_AGE,
      maxFutureSkewMs: values.TELEMETRY_MAX_FUTURE_SKEW,
    },
    handoff: { enabled: values.DETECTION_HANDOFF, partitions: values.DETECTION_PARTITIONS },
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT,
  };
}
