import * as http from 'node:http';
import * as https from 'node:https';

import { HttpError, InfluxDB, setLogger, WriteApi } from '@influxdata/influxdb-client';
import { Logger } from '@nestjs/common';
import type { TelemetryPoint } from '@preempt/contracts';

import type { TelemetryQuery, TelemetryRow, TelemetryStore, TelemetryStoreStats } from '../telemetry-store';
import type { InfluxOptions } from './influx-options';
import { authHeaders, quoteIdentifier, quoteString, runInfluxQL } from './influxql';
import { TELEMETRY_MEASUREMENT, toLine } from './line-protocol';
import { PendingLines } from './pending-lines';

// The client logs every failed attempt through console; the store reports them itself (throttled).
const clientLogger = new Logger('InfluxDBClient');
setLogger({
  error: (message, error) => clientLogger.debug(`${message} ${error instanceof Error ? error.message : ''}`),
  warn: (message, error) => clientLogger.debug(`${message} ${error instanceof Error ? error.message : ''}`),
});

/** Effectively "retry until maxRetryTimeMs": the time bound, not a count, decides when a batch fails. */
const UNBOUNDED_RETRIES = 1_000_000_000;

/**
 * Telemetry in InfluxDB through @influxdata/influxdb-client's WriteApi (its batching, retries with backoff and
 * retry buffer). `write` resolves when InfluxDB confirmed every line of the call, or when the client gave
 * them up for good (counted as failed or shed): the caller acknowledges the MQTT message only then.
 */
export class InfluxTelemetryStore implements TelemetryStore {
  readonly kind = 'influxdb' as const;
  private readonly logger = new Logger(InfluxTelemetryStore.name);
  private readonly agent: http.Agent;
  private readonly writeApi: WriteApi;
  private readonly pending = new PendingLines();
  private readonly counters = { pointsWritten: 0, pointsFailed: 0, pointsShed: 0, writeErrors: 0 };
  private closing = false;
  private lastFailureLogAt = 0;

  constructor(private readonly options: InfluxOptions) {
    const Agent = options.url.startsWith('https:') ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxConnections });
    const client = new InfluxDB({
      url: options.url,
      token: options.api === 'v2' ? options.token : undefined,
      timeout: options.requestTimeoutMs,
      transportOptions: { agent: this.agent },
      headers: options.api === 'v1' ? authHeaders(options) : undefined,
    });
    this.writeApi = client.getWriteApi(options.org ?? '', options.bucket ?? options.database, 'ms', {
      batchSize: options.batchSize,
      flushInterval: options.flushIntervalMs,
      maxBufferLines: options.maxBufferLines,
      maxRetries: UNBOUNDED_RETRIES,
      maxRetryTime: options.maxRetryTimeMs,
      minRetryDelay: 200,
      maxRetryDelay: options.maxRetryDelayMs,
      exponentialBase: 2,
      randomRetry: true,
      gzipThreshold: options.gzip ? 1000 : Number.MAX_SAFE_INTEGER,
      writeSuccess: (lines) => {
        this.counters.pointsWritten += this.pending.settle(lines);
      },
      writeFailed: (error, lines, attempt, expires) => this.onWriteFailed(error, lines, attempt, expires),
      writeRetrySkipped: (entry) => {
        const shed = this.pending.settle(entry.lines);
        this.counters.pointsShed += shed;
        this.logger.error(`Retry buffer full (${options.maxBufferLines} lines): shed ${shed} points`);
      },
    });
    if (options.api === 'v1') {
      const params = new URLSearchParams({ db: options.database, precision: 'ms' });
      if (options.retentionPolicy) params.set('rp', options.retentionPolicy);
      this.writeApi.path = `/write?${params.toString()}`;
    }
  }

  /** v1: creates the database when asked to (idempotent). Throws while InfluxDB is unreachable. */
  async init(): Promise<void> {
    if (this.options.api !== 'v1' || !this.options.createDatabase) return;
    await runInfluxQL(
      { ...this.options, database: '' },
      `CREATE DATABASE ${quoteIdentifier(this.options.database)}`,
      'POST',
    );
  }

  write(points: readonly TelemetryPoint[]): Promise<void> {
    if (this.closing) return Promise.reject(new Error('telemetry store is closing'));
    if (points.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const lines = new Array<string>(points.length);
      for (let i = 0; i < points.length; i++) lines[i] = toLine(points[i]);
      this.pending.track(lines, resolve);
      this.writeApi.writeRecords(lines);
    });
  }

  async query(query: TelemetryQuery): Promise<TelemetryRow[]> {
    const statement =
      `SELECT "value" FROM ${quoteIdentifier(TELEMETRY_MEASUREMENT)}` +
      ` WHERE "tenant" = ${quoteString(query.tenant)} AND "device" = ${quoteString(query.device)}` +
      ` AND "metric" = ${quoteString(query.metric)}` +
      ` AND time >= ${Math.trunc(query.from)}ms AND time <= ${Math.trunc(query.to)}ms` +
      ` ORDER BY time ASC LIMIT ${Math.trunc(query.limit)}`;
    const series = await runInfluxQL(this.options, statement);
    const rows: TelemetryRow[] = [];
    for (const s of series) for (const [t, v] of s.values ?? []) rows.push([Number(t), Number(v)]);
    return rows;
  }

  async ping(): Promise<boolean> {
    try {
      const response = await fetch(`${this.options.url}/ping`, { signal: AbortSignal.timeout(2000) });
      return response.status === 204 || response.ok;
    } catch {
      return false;
    }
  }

  stats(): TelemetryStoreStats {
    return { ...this.counters, pointsPending: this.pending.points };
  }

  /**
   * Sends what is buffered and waits (up to closeTimeoutMs) for InfluxDB to confirm it. Points still
   * unconfirmed then were never acknowledged to the broker, which redelivers them to the next ingest process.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.writeApi.flush().catch(() => undefined);
    const drained = await this.pending.drained(this.options.closeTimeoutMs);
    if (!drained) {
      this.logger.warn(
        `${this.pending.points} points not confirmed by InfluxDB within ${this.options.closeTimeoutMs} ms; ` +
          'their MQTT messages stay unacknowledged and will be redelivered',
      );
    }
    this.writeApi.dispose();
    this.agent.destroy();
  }

  private onWriteFailed(error: Error, lines: string[], attempt: number, expires: number): void {
    this.counters.writeErrors++;
    const retriable = !(error instanceof HttpError) || error.statusCode >= 429;
    const final = !retriable || Date.now() >= expires;
    if (final && !this.closing) {
      const failed = this.pending.settle(lines);
      this.counters.pointsFailed += failed;
      this.logger.error(`InfluxDB refused ${failed} points for good (attempt ${attempt}): ${error.message}`);
      return;
    }
    const now = Date.now();
    if (now - this.lastFailureLogAt >= 10_000) {
      this.lastFailureLogAt = now;
      this.logger.warn(
        `InfluxDB write failed (attempt ${attempt}), ${lines.length} lines kept for retry: ${error.message}`,
      );
    }
  }
}
