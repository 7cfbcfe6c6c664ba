import { ConfigError, ConfigOf, env, loadConfig } from '@preempt/config';
import { DEFAULT_PARTITIONS, type MetricCatalogEntry, ownedPartitions } from '@preempt/contracts';
import { DEFAULT_METRIC_CATALOG, defaultEventPolicyOptions, type EventPolicyOptions } from '@preempt/engine';
import { type MqttChannelOptions, mqttEnv, mqttEnvProblems, toMqttOptions } from '@preempt/messaging';
import { databaseEnv, type DatabaseOptions, toDatabaseOptions } from '@preempt/storage';

import { loadCatalogFile } from './catalog/catalog-file';

/** Every variable the detector reads (README "Configuration"). */
export const detectorEnv = {
  // Points are acknowledged only after the next checkpoint (up to CHECKPOINT_INTERVAL): room for that many.
  // No shared group: partitions are owned, not shared.
  ...mqttEnv({ clientId: 'preempt-detector', receiveMaximum: 20_000 }),
  HTTP_HOST: env.string({ default: '0.0.0.0' }),
  HTTP_PORT: env.port({ default: 8081 }),
  ...databaseEnv,
  DETECTOR_INSTANCE: env.int({ default: 0, min: 0 }),
  DETECTOR_INSTANCES: env.int({ default: 1, min: 1, max: 4096 }),
  DETECTION_PARTITIONS: env.int({ default: DEFAULT_PARTITIONS, min: 1, max: 4096 }),
  DETECTOR_MAX_SERIES: env.int({ default: 100_000, min: 1 }),
  DETECTOR_MULTIVARIATE: env.bool({ default: true }),
  DETECTOR_ALERT_LEVEL: env.string({
    default: String(defaultEventPolicyOptions.alertLevel),
    pattern: /^(0(\.\d+)?|1(\.0+)?)$/,
  }),
  DETECTOR_ANOMALY_REPEAT: env.duration({ default: defaultEventPolicyOptions.anomalyRepeatMs, min: 0 }),
  DETECTOR_FORECAST_INTERVAL: env.duration({ default: defaultEventPolicyOptions.forecastIntervalMs, min: 0 }),
  DETECTOR_FORECAST_HORIZON: env.duration({ default: defaultEventPolicyOptions.horizonMs, min: 60_000 }),
  DETECTOR_RECOVERY_HOLD: env.duration({ default: defaultEventPolicyOptions.recoveryHoldMs, min: 0 }),
  // points are acknowledged once a checkpoint holds what they taught: the interval bounds that wait
  CHECKPOINT_INTERVAL: env.duration({ default: 2_000, min: 50 }),
  METRIC_CATALOG: env.string({ optional: true }),
  // a device with no point for this long (event time) is silent; 0: no silence detection
  DEVICE_SILENCE_AFTER: env.duration({ default: 15 * 60_000, min: 0 }),
  // ... and no point for this long of wall time (a replaying device is not silent)
  DEVICE_SILENCE_WALL_GUARD: env.duration({ default: 30_000, min: 0 }),
  DEVICE_SILENCE_CHECK_INTERVAL: env.duration({ default: 10_000, min: 100 }),
  SHUTDOWN_TIMEOUT: env.duration({ default: 10_000, min: 100 }),
  LOG_LEVEL: env.oneOf(['error', 'warn', 'log', 'debug', 'verbose'] as const, { default: 'log' }),
};

export type DetectorEnv = ConfigOf<typeof detectorEnv>;

/** What the detector module needs, derived once from the environment. */
export interface DetectorConfig {
  /** the MQTT connection of the detector's own process */
  mqtt: MqttChannelOptions;
  http: { host: string; port: number };
  database: DatabaseOptions;
  partitions: number;
  instance: number;
  instances: number;
  /** partitions p with p % instances == instance */
  ownedPartitions: number[];
  maxSeries: number;
  multivariate: boolean;
  policy: EventPolicyOptions;
  catalog: MetricCatalogEntry[];
  checkpointIntervalMs: number;
  /** device silence (DEVICE_SILENCE_*): afterMs 0 = off */
  silence: { afterMs: number; wallGuardMs: number; checkIntervalMs: number };
  shutdownTimeoutMs: number;
}

export function loadDetectorEnv(source: Record<string, string | undefined> = process.env): DetectorEnv {
  const values = loadConfig(detectorEnv, source);
  const problems: string[] = [];
  if (values.DETECTOR_INSTANCE >= values.DETECTOR_INSTANCES)
    problems.push(
      `DETECTOR_INSTANCE (${values.DETECTOR_INSTANCE}) must be below DETECTOR_INSTANCES (${values.DETECTOR_INSTANCES})`,
    );
  if (values.DETECTOR_INSTANCES > values.DETECTION_PARTITIONS)
    problems.push(
      `DETECTOR_INSTANCES (${values.DETECTOR_INSTANCES}) must not exceed DETECTION_PARTITIONS (${values.DETECTION_PARTITIONS})`,
    );
  problems.push(...mqttEnvProblems(values));
  if (problems.length > 0) throw new ConfigError(problems);
  return values;
}

/** Builds the module config (reads the METRIC_CATALOG file: a bad file is a ConfigError listing its problems). */
export function toDetectorConfig(values: DetectorEnv): DetectorConfig {
  return {
    // one persistent session per instance
    mqtt: toMqttOptions(values, { clientId: `${values.MQTT_CLIENT_ID}-${values.DETECTOR_INSTANCE}` }),
    http: { host: values.HTTP_HOST, port: values.HTTP_PORT },
    database: toDatabaseOptions(values),
    partitions: values.DETECTION_PARTITIONS,
    instance: values.DETECTOR_INSTANCE,
    instances: values.DETECTOR_INSTANCES,
    ownedPartitions: ownedPartitions(
      values.DETECTOR_INSTANCE,
      values.DETECTOR_INSTANCES,
      values.DETECTION_PARTITIONS,
    ),
    maxSeries: values.DETECTOR_MAX_SERIES,
    multivariate: values.DETECTOR_MULTIVARIATE,
    policy: {
      ...defaultEventPolicyOptions,
      alertLevel: Number(values.DETECTOR_ALERT_LEVEL),
      anomalyRepeatMs: values.DETECTOR_ANOMALY_REPEAT,
      forecastIntervalMs: values.DETECTOR_FORECAST_INTERVAL,
      horizonMs: values.DETECTOR_FORECAST_HORIZON,
      recoveryHoldMs: values.DETECTOR_RECOVERY_HOLD,
    },
    catalog: values.METRIC_CATALOG ? loadCatalogFile(values.METRIC_CATALOG) : [...DEFAULT_METRIC_CATALOG],
    checkpointIntervalMs: values.CHECKPOINT_INTERVAL,
    silence: {
      afterMs: values.DEVICE_SILENCE_AFTER,
      wallGuardMs: values.DEVICE_SILENCE_WALL_GUARD,
      checkIntervalMs: values.DEVICE_SILENCE_CHECK_INTERVAL,
    },
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT,
  };
}
