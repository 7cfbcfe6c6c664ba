import type { TelemetryPoint } from '@preempt/contracts';

/** One series' points between two instants, oldest first. */
export interface TelemetryQuery {
  tenant: string;
  device: string;
  metric: string;
  /** inclusive, epoch ms */
  from: number;
  /** inclusive, epoch ms */
  to: number;
  limit: number;
}

/** `[epochMs, value]`, the query API's wire shape. */
export type TelemetryRow = [number, number];

/** Running totals, exported as Prometheus counters by the apps. */
export interface TelemetryStoreStats {
  /** points confirmed durable by the store */
  pointsWritten: number;
  /** points the store refused for good (e.g. InfluxDB 400) or whose retries expired */
  pointsFailed: number;
  /** points dropped because a configured buffer bound was hit */
  pointsShed: number;
  /** points accepted but not yet confirmed */
  pointsPending: number;
  /** failed write attempts (each may be retried) */
  writeErrors: number;
}

/**
 * Where accepted telemetry goes. `write` resolves once every point is durable (or has been counted as failed
 * or shed): the ingest app acknowledges the MQTT message only then.
 */
export interface TelemetryStore {
  readonly kind: 'influxdb' | 'memory';
  write(points: readonly TelemetryPoint[]): Promise<void>;
  query(query: TelemetryQuery): Promise<TelemetryRow[]>;
  /** true when the backing store answers */
  ping(): Promise<boolean>;
  stats(): TelemetryStoreStats;
  /** flushes what is buffered (bounded by a timeout) and releases connections */
  close(): Promise<void>;
}

export const TELEMETRY_STORE = Symbol('TELEMETRY_STORE');
