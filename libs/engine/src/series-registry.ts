import type { MetricCatalogEntry } from '@preempt/contracts';
import {
  DeviceRelationshipDetector,
  SeriesDetector,
  type RelationshipState,
  type SeriesDetectorState,
  type TrendForecaster,
  type TrendState,
} from '@preempt/detection';

import type { PolicyState } from './event-policy';

/** One series' model and policy state, as held in memory. */
export interface SeriesRuntime {
  key: string;
  tenant: string;
  device: string;
  metric: string;
  partition: number;
  entry: MetricCatalogEntry | undefined;
  detector: SeriesDetector;
  /** catalog metrics only: trend of the raw values, for limit forecasts while no cycle is learned */
  rawTrend: TrendForecaster | null;
  policy: PolicyState;
  /** newest event time learned; points at or before it are replays and skipped */
  lastTs: number;
  /** event time of the first point learned (null: none yet) */
  firstTs: number | null;
}

/** One device's relationship model (all its metrics together). */
export interface DeviceRuntime {
  key: string;
  tenant: string;
  device: string;
  partition: number;
  detector: DeviceRelationshipDetector;
  policy: PolicyState;
  /** the metric named by the last multivariate anomaly (what a recovered event refers to) */
  lastMetric: string | null;
}

/** What is checkpointed per series / per device (JSON in detector_checkpoints.state). */
export interface SeriesCheckpoint {
  kind: 'series';
  tenant: string;
  device: string;
  metric: string;
  lastTs: number;
  /** absent in checkpoints written before it existed (such series count as seen long ago) */
  firstTs?: number | null;
  policy: PolicyState;
  model: SeriesDetectorState;
  rawTrend: TrendState | null;
}

export interface DeviceCheckpoint {
  kind: 'device';
  tenant: string;
  device: string;
  policy: PolicyState;
  lastMetric: string | null;
  model: RelationshipState;
}

export type Checkpoint = SeriesCheckpoint | DeviceCheckpoint;

/** One row of detector_checkpoints, state already serialized. */
export interface CheckpointRow {
  key: string;
  partition: number;
  state: string;
}

export function seriesKey(tenant: string, device: string, metric: string): string {
  return `s/${tenant}/${device}/${metric}`;
}

export function deviceKey(tenant: string, device: string): string {
  return `d/${tenant}/${device}`;
}

/**
 * In-memory models, bounded: at most `maxSeries` series (LRU by last point; Map insertion order is the
 * recency order). An evicted series' last state goes to the next checkpoint; it restarts from scratch if
 * it comes back (size maxSeries above the active series count). Tracks which entries changed since the
 * last checkpoint.
 */
export class SeriesRegistry {
  readonly series = new Map<string, SeriesRuntime>();
  readonly devices = new Map<string, DeviceRuntime>();
  private dirty = new Set<string>();
  private evictedPending: CheckpointRow[] = [];
  evictions = 0;

  constructor(private readonly maxSeries: number) {}

  getSeries(key: string): SeriesRuntime | undefined {
    const runtime = this.series.get(key);
    if (runtime) {
      // move to the most recent end
      this.series.delete(key);
      this.series.set(key, runtime);
    }
    return runtime;
  }

  addSeries(runtime: SeriesRuntime): void {
    this.series.set(runtime.key, runtime);
    while (this.series.size > this.maxSeries) this.evictOldest();
  }

  getDevice(key: string): DeviceRuntime | undefined {
    return this.devices.get(key);
  }

  addDevice(runtime: DeviceRuntime): void {
    this.devices.set(runtime.key, runtime);
    // devices are bounded like series (oldest first); a dropped device model re-learns if it returns
    if (this.devices.size > this.maxSeries) {
      const oldest = this.devices.keys().next().value!;
      this.devices.delete(oldest);
      this.dirty.delete(oldest);
    }
  }

  markDirty(key: string): void {
    this.dirty.add(key);
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }

  /** Snapshot of everything changed since the last call (serialized now, so later updates do not leak in). */
  takeDirty(): CheckpointRow[] {
    const rows: CheckpointRow[] = [];
    for (const key of this.dirty) {
      const s = this.series.get(key);
      if (s) rows.push({ key, partition: s.partition, state: JSON.stringify(seriesCheckpoint(s)) });
      const d = s ? undefined : this.devices.get(key);
      if (d) rows.push({ key, partition: d.partition, state: JSON.stringify(deviceCheckpoint(d)) });
    }
    // an evicted series that came back is written from memory above
    for (const row of this.evictedPending) if (!this.series.has(row.key)) rows.push(row);
    this.dirty = new Set();
    this.evictedPending = [];
    return rows;
  }
  /**
   * takeDirty() in slices of `slice` states, yielding to the event loop in between (a large checkpoint does
   * not stall everything else in the process). Not a consistent cut: a model changed meanwhile is written
   * in its newer state and marked dirty again. Only for the in-process mode, where nothing is replayed.
   */
  async takeDirtySliced(slice = 250): Promise<CheckpointRow[]> {
    const keys = [...this.dirty];
    this.dirty = new Set();
    const pending = this.evictedPending;
    this.evictedPending = [];
    const rows: CheckpointRow[] = [];
    for (let i = 0; i < keys.length; i++) {
      if (i > 0 && i % slice === 0) await new Promise((resolve) => setImmediate(resolve));
      const key = keys[i];
      const s = this.series.get(key);
      if (s) rows.push({ key, partition: s.partition, state: JSON.stringify(seriesCheckpoint(s)) });
      const d = s ? undefined : this.devices.get(key);
      if (d) rows.push({ key, partition: d.partition, state: JSON.stringify(deviceCheckpoint(d)) });
    }
    for (const row of pending) if (!this.series.has(row.key)) rows.push(row);
    return rows;
  }

  /** A failed checkpoint: these keys must be written again next time. */
  restoreDirty(rows: CheckpointRow[]): void {
    for (const row of rows) {
      if (this.series.has(row.key) || this.devices.has(row.key)) this.dirty.add(row.key);
      else this.evictedPending.push(row);
    }
  }

  private evictOldest(): void {
    const oldest = this.series.keys().next().value;
    if (oldest === undefined) return;
    const runtime = this.series.get(oldest)!;
    this.series.delete(oldest);
    if (this.dirty.delete(oldest))
      this.evictedPending.push({
        key: oldest,
        partition: runtime.partition,
        state: JSON.stringify(seriesCheckpoint(runtime)),
      });
    this.evictions++;
  }
}

export function seriesCheckpoint(s: SeriesRuntime): SeriesCheckpoint {
  return {
    kind: 'series',
    tenant: s.tenant,
    device: s.device,
    metric: s.metric,
    lastTs: s.lastTs,
    firstTs: s.firstTs,
    policy: { ...s.policy },
    model: s.detector.toJSON(),
    rawTrend: s.rawTrend ? s.rawTrend.toJSON() : null,
  };
}

export function deviceCheckpoint(d: DeviceRuntime): DeviceCheckpoint {
  return {
    kind: 'device',
    tenant: d.tenant,
    device: d.device,
    policy: { ...d.policy },
    lastMetric: d.lastMetric,
    model: d.detector.toJSON(),
  };
}
