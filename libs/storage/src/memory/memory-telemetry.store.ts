import { Logger } from '@nestjs/common';
import type { TelemetryPoint } from '@preempt/contracts';

import type { TelemetryQuery, TelemetryRow, TelemetryStore, TelemetryStoreStats } from '../telemetry-store';

export interface MemoryStoreOptions {
  /** newest points kept per series; older ones are evicted (the demo store's retention) */
  maxPointsPerSeries: number;
  /** series kept; points of further series are shed and counted */
  maxSeries: number;
}

export const DEFAULT_MEMORY_STORE_OPTIONS: MemoryStoreOptions = {
  maxPointsPerSeries: 10_000,
  maxSeries: 100_000,
};

interface Series {
  ts: number[];
  values: number[];
  sorted: boolean;
}

/**
 * The embedded demo store used when INFLUX_URL is unset: bounded, in process, lost on restart. Each series
 * keeps its newest `maxPointsPerSeries` points; beyond `maxSeries` series new ones are shed and counted.
 */
export class MemoryTelemetryStore implements TelemetryStore {
  readonly kind = 'memory' as const;
  private readonly logger = new Logger(MemoryTelemetryStore.name);
  private readonly series = new Map<string, Series>();
  private readonly counters = {
    pointsWritten: 0,
    pointsFailed: 0,
    pointsShed: 0,
    writeErrors: 0,
    pointsEvicted: 0,
  };

  constructor(private readonly options: MemoryStoreOptions = DEFAULT_MEMORY_STORE_OPTIONS) {}

  write(points: readonly TelemetryPoint[]): Promise<void> {
    for (const point of points) {
      const series = this.seriesFor(point);
      if (!series) {
        this.counters.pointsShed++;
        continue;
      }
      const last = series.ts.length - 1;
      if (last >= 0 && point.ts < series.ts[last]) series.sorted = false;
      series.ts.push(point.ts);
      series.values.push(point.value);
      this.counters.pointsWritten++;
      this.evict(series);
    }
    return Promise.resolve();
  }

  query(query: TelemetryQuery): Promise<TelemetryRow[]> {
    const series = this.series.get(seriesKey(query.tenant, query.device, query.metric));
    if (!series) return Promise.resolve([]);
    if (!series.sorted) this.sort(series);
    const rows: TelemetryRow[] = [];
    for (let i = lowerBound(series.ts, query.from); i < series.ts.length && rows.length < query.limit; i++) {
      if (series.ts[i] > query.to) break;
      rows.push([series.ts[i], series.values[i]]);
    }
    return Promise.resolve(rows);
  }

  ping(): Promise<boolean> {
    return Promise.resolve(true);
  }

  stats(): TelemetryStoreStats & { pointsEvicted: number; series: number } {
    return { ...this.counters, pointsPending: 0, series: this.series.size };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private seriesFor(point: TelemetryPoint): Series | undefined {
    const key = seriesKey(point.tenant, point.device, point.metric);
    let series = this.series.get(key);
    if (series) return series;
    if (this.series.size >= this.options.maxSeries) {
      if (this.counters.pointsShed === 0)
        this.logger.warn(`Memory store full (${this.options.maxSeries} series)`);
      return undefined;
    }
    series = { ts: [], values: [], sorted: true };
    this.series.set(key, series);
    return series;
  }

  private evict(series: Series): void {
    // Trim in chunks so eviction stays amortised O(1) per point.
    const excess = series.ts.length - this.options.maxPointsPerSeries;
    if (excess < Math.max(1, this.options.maxPointsPerSeries >> 4)) return;
    if (!series.sorted) this.sort(series);
    series.ts.splice(0, excess);
    series.values.splice(0, excess);
    this.counters.pointsEvicted += excess;
  }

  private sort(series: Series): void {
    const order = series.ts.map((_, i) => i).sort((a, b) => series.ts[a] - series.ts[b] || a - b);
    series.ts = order.map((i) => series.ts[i]);
    series.values = order.map((i) => series.values[i]);
    series.sorted = true;
  }
}

function seriesKey(tenant: string, device: string, metric: string): string {
  return `${tenant}\u0000${device}\u0000${metric}`;
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
