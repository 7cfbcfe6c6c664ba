/** How to reach InfluxDB and how hard to try. Built from env by the apps (see apps/ingest/src/config.ts). */
export interface InfluxOptions {
  url: string;
  /** v1: POST /write?db=&rp= (InfluxDB 1.x, 3.x); v2: POST /api/v2/write?org=&bucket= (2.x, 3.x) */
  api: 'v1' | 'v2';
  /** database (v1) — also the database name InfluxQL queries use (v2: the DBRP-mapped name, default bucket) */
  database: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
  org?: string;
  bucket?: string;
  token?: string;
  /** lines per write request */
  batchSize: number;
  flushIntervalMs: number;
  /** bound of the retry buffer (lines); overflow is shed and counted */
  maxBufferLines: number;
  /** how long a failed batch is retried before it is counted as failed */
  maxRetryTimeMs: number;
  maxRetryDelayMs: number;
  /** concurrent HTTP connections to InfluxDB */
  maxConnections: number;
  gzip: boolean;
  requestTimeoutMs: number;
  /** how long close() waits for pending points */
  closeTimeoutMs: number;
  /** v1 only: CREATE DATABASE at start (idempotent) */
  createDatabase: boolean;
}

export const DEFAULT_INFLUX_OPTIONS: Omit<InfluxOptions, 'url' | 'api' | 'database'> = {
  batchSize: 5000,
  flushIntervalMs: 100,
  maxBufferLines: 1_000_000,
  maxRetryTimeMs: 24 * 3_600_000,
  maxRetryDelayMs: 5_000,
  maxConnections: 2,
  gzip: false,
  requestTimeoutMs: 10_000,
  closeTimeoutMs: 10_000,
  createDatabase: true,
};
