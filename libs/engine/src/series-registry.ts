import type { MetricCatalogEntry } from '@preempt/contracts';
import {
  DeviceRelationshipDetector,
  type FleetSeriesReader,
  type RegimeState,
  type RelationshipState,
  type SeriesDetectorOptions,
  type SeriesDetectorState,
  SeriesFleet,
  type SeriesRegime,
  type TrendForecaster,
  type TrendState,
} from '@preempt/detection';

import type { PolicyState } from './event-policy';

/**
 * A series' detector model: its slot in the registry's {@link SeriesFleet} (all series' SeriesDetector
 * states, learned in batches: libs/detection). Serializes as the SeriesDetector state.
 */
export class SeriesModel {
  constructor(
    readonly fleet: SeriesFleet,
    readonly slot: number,
  ) {}

  /** The model's non-learning reads (deviation, cycles, forecast...) as it is now; read before the fleet learns again. */
  get reader(): FleetSeriesReader {
    return this.fleet.reader(this.slot);
  }

  toJSON(): SeriesDetectorState {
    return this.fleet.toJSON(this.slot);
  }
}

/** One series' model and policy state, as held in memory. */
export interface SeriesRuntime {
  key: string;
  tenant: string;
  device: string;
  metric: string;
  partition: number;
  entry: MetricCatalogEntry | undefined;
  detector: SeriesModel;
  /** catalog metrics only: trend of the raw values, for limit forecasts while no cycle is learned */
  rawTrend: TrendForecaster | null;
  policy: PolicyState;
  /** newest event time learned; points at or before it are replays and skipped */
  lastTs: number;
  /** event time of the first point learned (null: none yet) */
  firstTs: number | null;
  /** registry bookkeeping: a point arrived since the series last reached the eviction end (second chance) */
  used?: boolean;
  /** normal / abnormal with hysteresis: a fault that persists stays abnormal (libs/detection SeriesRegime) */
  regime: SeriesRegime;
  /** DetectionEngine.processBatch's bookkeeping: the batch that last saw the series, its latest time and round in it */
  batch: number;
  batchTs: number;
  batchRound: number;
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
  /**
   * each metric's standardized residual on the others in the latest warm round (in memory only: after a
   * restart, null until the next warm round)
   */
  residuals?: Readonly<Record<string, number>> | null;
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
  /** absent in checkpoints written before it existed (starts normal) */
  regime?: RegimeState;
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
 * In-memory models, bounded: at most `maxSeries` series, the least recently used evicted first (second
 * chance, as CLOCK does it: Map insertion order is the queue; a point marks its series used, and a used series
 * at the eviction end is moved to the other end, unmarked, instead of being evicted; a get costs one lookup). An evicted series' last state goes to the next checkpoint; it restarts from scratch if
 * it comes back (size maxSeries above the active series count). Tracks which entries changed since the
 * last checkpoint and takes the checkpoints' snapshots.
 */
export class SeriesRegistry {
  /** every series' detector state (SeriesModel slots) */
  readonly fleet: SeriesFleet;
  readonly series = new Map<string, SeriesRuntime>();
  readonly devices = new Map<string, DeviceRuntime>();
  /** the same series by device (device key -> metric -> series): a device's series without a scan of all */
  private readonly byDevice = new Map<string, Map<string, SeriesRuntime>>();
  private dirty = new Set<string>();
  /** the snapshot being taken: key -> its row once serialized (null: not yet) */
  private cut: Map<string, CheckpointRow | null> | null = null;
  private evictedPending: CheckpointRow[] = [];
  /** > 0 while a batch is being processed: evictions wait (see {@link hold}) */
  private held = 0;
  evictions = 0;

  constructor(
    private readonly maxSeries: number,
    seriesOptions: Partial<SeriesDetectorOptions> = {},
  ) {
    this.fleet = new SeriesFleet(64, seriesOptions);
  }

  /** A new series model (a fresh SeriesDetector state, or one restored from a checkpoint: throws if unreadable). */
  newModel(state?: SeriesDetectorState): SeriesModel {
    return new SeriesModel(this.fleet, this.fleet.add(state));
  }

  /**
   * While a batch of points is being resolved and learned, series are not evicted (a series evicted before
   * its points of the batch are learned would checkpoint without them, and its freed slot could be reused
   * by a series of the same batch); {@link release} evicts down to maxSeries afterwards.
   */
  hold(): void {
    this.held++;
  }

  release(): void {
    if (--this.held > 0) return;
    this.held = 0;
    while (this.series.size > this.maxSeries) this.evictOldest();
  }

  getSeries(key: string): SeriesRuntime | undefined {
    const runtime = this.series.get(key);
    if (runtime) runtime.used = true;
    return runtime;
  }

  /**
   * getSeries by its names, through the by-device index (the device's metrics map: no series key built per
   * point). Marks it used, as getSeries does.
   */
  findSeries(tenant: string, device: string, metric: string): SeriesRuntime | undefined {
    const runtime = this.byDevice.get(deviceKey(tenant, device))?.get(metric);
    if (runtime) runtime.used = true;
    return runtime;
  }

  /** A device's series (from the by-device index: judgements and queries do not scan every series). Recency is not touched. */
  seriesOf(tenant: string, device: string): SeriesRuntime[] {
    return [...(this.byDevice.get(deviceKey(tenant, device))?.values() ?? [])];
  }

  addSeries(runtime: SeriesRuntime): void {
    runtime.used = false;
    const device = deviceKey(runtime.tenant, runtime.device);
    let metrics = this.byDevice.get(device);
    if (!metrics) this.byDevice.set(device, (metrics = new Map()));
    metrics.set(runtime.metric, runtime);
    const replaced = this.series.get(runtime.key);
    this.series.set(runtime.key, runtime);
    if (replaced && replaced !== runtime) this.fleet.remove(replaced.detector.slot);
    if (this.held === 0) while (this.series.size > this.maxSeries) this.evictOldest();
  }

  getDevice(key: string): DeviceRuntime | undefined {
    return this.devices.get(key);
  }

  addDevice(runtime: DeviceRuntime): void {
    this.devices.set(runtime.key, runtime);
    // devices are bounded like series (oldest first); a dropped device model re-learns if it returns
    if (this.devices.size > this.maxSeries) {
      const oldest = this.devices.keys().next().value!;
      this.beforeChange(oldest);
      this.devices.delete(oldest);
      this.dirty.delete(oldest);
    }
  }

  /**
   * Forgets every model of a device (its series and its relationship model), also those evicted but not yet
   * checkpointed; they are not written again (a retired device). Returns the keys removed from memory.
   */
  removeDevice(tenant: string, device: string): string[] {
    const dk = deviceKey(tenant, device);
    const removed = [...(this.byDevice.get(dk)?.values() ?? [])];
    const keys = removed.map((s) => s.key);
    for (const s of removed) {
      this.series.delete(s.key);
      this.fleet.remove(s.detector.slot);
    }
    this.byDevice.delete(dk);
    if (this.devices.delete(dk)) keys.push(dk);
    for (const key of keys) this.dirty.delete(key);
    const prefix = `${seriesKey(tenant, device, '')}`;
    this.evictedPending = this.evictedPending.filter((r) => r.key !== dk && !r.key.startsWith(prefix));
    return keys;
  }

  markDirty(key: string): void {
    this.dirty.add(key);
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }

  /**
   * Everything changed since the last snapshot, as checkpoint rows: a consistent cut of every series and
   * device model at the moment of the call, serialized in slices of `slice` states with the event loop
   * served in between (a large checkpoint does not stall the process). A model about to change while the
   * snapshot is being taken is serialized first, as it was at the cut (see {@link beforeChange}), so series
   * and device models always describe the same point of the stream: points redelivered after a crash are
   * neither learned twice nor missed by one of them.
   */
  async snapshot(slice = 250): Promise<CheckpointRow[]> {
    const cut = new Map<string, CheckpointRow | null>();
    for (const key of this.dirty) cut.set(key, null);
    this.dirty = new Set();
    const evicted = this.evictedPending;
    this.evictedPending = [];
    this.cut = cut;
    try {
      let serialized = 0;
      for (const [key, row] of cut) {
        if (row !== null) continue;
        cut.set(key, this.serialize(key));
        if (++serialized % slice === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.cut = null;
    }
    const rows: CheckpointRow[] = [];
    for (const row of cut.values()) if (row) rows.push(row);
    // an evicted series that came back is written from memory above
    for (const row of evicted) if (!this.series.has(row.key)) rows.push(row);
    return rows;
  }

  /** Called before a model changes: during a snapshot, a model of the cut not yet serialized is serialized now. */
  beforeChange(key: string): void {
    const cut = this.cut;
    if (cut !== null && cut.get(key) === null) cut.set(key, this.serialize(key));
  }

  /** A failed checkpoint: these keys must be written again next time. */
  restoreDirty(rows: CheckpointRow[]): void {
    for (const row of rows) {
      if (this.series.has(row.key) || this.devices.has(row.key)) this.dirty.add(row.key);
      else this.evictedPending.push(row);
    }
  }

  private serialize(key: string): CheckpointRow | null {
    const s = this.series.get(key);
    if (s) return { key, partition: s.partition, state: JSON.stringify(seriesCheckpoint(s)) };
    const d = this.devices.get(key);
    return d ? { key, partition: d.partition, state: JSON.stringify(deviceCheckpoint(d)) } : null;
  }

  private evictOldest(): void {
    let oldest = this.series.keys().next().value;
    if (oldest === undefined) return;
    let runtime = this.series.get(oldest)!;
    // a second chance for series used since they were queued (ends: each pass unmarks one)
    while (runtime.used) {
      runtime.used = false;
      this.series.delete(oldest);
      this.series.set(oldest, runtime);
      oldest = this.series.keys().next().value!;
      runtime = this.series.get(oldest)!;
    }
    this.beforeChange(oldest);
    this.series.delete(oldest);
    const device = deviceKey(runtime.tenant, runtime.device);
    const metrics = this.byDevice.get(device);
    if (metrics?.get(runtime.metric) === runtime) {
      metrics.delete(runtime.metric);
      if (metrics.size === 0) this.byDevice.delete(device);
    }
    if (this.dirty.delete(oldest))
      this.evictedPending.push({
        key: oldest,
        partition: runtime.partition,
        state: JSON.stringify(seriesCheckpoint(runtime)),
      });
    this.fleet.remove(runtime.detector.slot);
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
    regime: s.regime.toJSON(),
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
