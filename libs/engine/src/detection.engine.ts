import {
  type BreachForecast,
  type DetectionEvent,
  detectionEventId,
  type DetectionEventType,
  type Evidence,
  EVIDENCE_COMPONENTS,
  type EvidenceComponent,
  type MetricCatalogEntry,
  partitionOf,
} from '@preempt/contracts';
import {
  type Assessment,
  DeviceRelationshipDetector,
  FLEET_COMPONENTS,
  InvalidObservationError,
  type RelationshipAssessment,
  type SeriesDetectorOptions,
  SeriesRegime,
  TrendForecaster,
  type TrendStep,
} from '@preempt/detection';

import {
  decideEvents,
  defaultEventPolicyOptions,
  type EventPolicyOptions,
  forecastDue,
  initialPolicyState,
} from './event-policy';
import { forecastBreach } from './limit-forecast';
import type { MetricCatalog } from './metric-catalog';
import {
  type Checkpoint,
  type CheckpointRow,
  deviceKey,
  type DeviceRuntime,
  seriesKey,
  SeriesRegistry,
  type SeriesRuntime,
} from './series-registry';

/** One device's points for {@link DetectionEngine.processBatch} (a message of the points channel). */
export interface DeviceBatch {
  tenant: string;
  device: string;
  points: readonly (readonly [string, number, number])[];
  /** false: a device in maintenance, scored but not learned (see {@link DetectionEngine.process}) */
  learn?: boolean;
}

/** What {@link DetectionEngine.restore} did: rows restored, and the keys of those it could not read, with why. */
export interface RestoreResult {
  restored: number;
  unreadable: { key: string; reason: string }[];
}

export interface DetectionEngineOptions {
  partitions: number;
  maxSeries: number;
  policy: EventPolicyOptions;
  /** also run one DeviceRelationshipDetector per device */
  multivariate: boolean;
  /**
   * a limit forecast of a controlled metric (catalog `controlled`: fan speed) counts only when the device's
   * relationship model cannot explain its value from its other metrics: |standardized residual| >= this (0:
   * every forecast counts). Fans spinning down as a heat wave ends follow the temperature; a failing fan
   * slows while the temperature rises. Without a warm relationship model (one metric, warming up, just
   * restarted) every forecast counts.
   */
  explainedResidual: number;
  series?: Partial<SeriesDetectorOptions>;
}

export const defaultEngineOptions: DetectionEngineOptions = {
  partitions: 16,
  maxSeries: 100_000,
  policy: defaultEventPolicyOptions,
  multivariate: true,
  explainedResidual: 3,
};

export interface EngineStats {
  points: number;
  skipped: number;
  invalid: number;
  events: Record<DetectionEventType, number>;
}

// a daily cycle is decided after two days of data (libs/detection SeasonalProfile); raw trends wait for it
const RAW_TREND_AFTER_MS = 2 * 86_400_000;
const PATTERN_LEARNING_MS = 86_400_000;
// a level shift this recent is reported with a series' events (evidence.step)
const STEP_EVIDENCE_MS = 86_400_000;
// a level shift smaller than this many noise sigmas is not reported as a step (see evidence())
const STEP_MIN_SIGMAS = 4;

// lastTs of a series that has not learned anything yet (JSON-safe, unlike -Infinity)
const NEVER = Number.MIN_SAFE_INTEGER;

/**
 * The detector's core, free of I/O: points in (event time), DetectionEvents out, models kept per series
 * and per device in a bounded registry. apps/detector wraps it with the channel, metrics and checkpoints.
 *
 * @example
 * const engine = new DetectionEngine(new MetricCatalog());
 * const events = engine.process('acme', 'r1', [['temperature', ts, 71.5]]);
 */
export class DetectionEngine {
  readonly registry: SeriesRegistry;
  readonly stats: EngineStats = {
    points: 0,
    skipped: 0,
    invalid: 0,
    events: { anomaly: 0, forecast: 0, recovered: 0 },
  };
  private readonly o: DetectionEngineOptions;
  private readonly work = new BatchWork();
  /** batches processed (SeriesRuntime.batch stamps) */
  private batches = 0;

  constructor(
    private readonly catalog: MetricCatalog,
    options: Partial<DetectionEngineOptions> = {},
  ) {
    this.o = { ...defaultEngineOptions, ...options };
    this.registry = new SeriesRegistry(this.o.maxSeries, this.o.series);
  }

  /**
   * Learns a device's points (in order) and returns the events they cause. Replayed points are skipped.
   * With `learn: false` (a device in maintenance) each point is scored against a copy of its series model,
   * which is then dropped: the events still come (the tickets service records them as suppressed, and knows
   * at the window's end what is still abnormal), but nothing of the points is learned as normal, the limit
   * forecast keeps its pre-window fit, and the device's relationship model skips them.
   */
  process(
    tenant: string,
    device: string,
    points: readonly (readonly [string, number, number])[],
    options: { learn?: boolean } = {},
  ): DetectionEvent[] {
    return this.processBatch([{ tenant, device, points, learn: options.learn }])[0];
  }

  /**
   * {@link process} for several devices' points at once (messages in arrival order): the same events, per
   * message, as processing them one by one, but the series models learn in batches (one SeriesFleet call per
   * round: the k-th point of each series of the batch; ~2.5x the points/s of one SeriesDetector update per
   * point at 10,000 series, ~+10 % for the whole engine at 500 devices, where the rest dominates).
   * @example engine.processBatch([{ tenant: 'acme', device: 'r1', points }, { tenant: 'acme', device: 'r2', points: p2 }])
   */
  processBatch(batch: readonly DeviceBatch[]): DetectionEvent[][] {
    const work = this.work;
    work.clear();
    const results: DetectionEvent[][] = batch.map(() => []);
    this.registry.hold();
    try {
      this.resolve(batch, work);
      this.learnRounds(work, results);
    } finally {
      this.registry.release();
      work.clear();
    }
    for (const events of results) for (const event of events) this.stats.events[event.type]++;
    return results;
  }

  /**
   * The batch's points as work items, in arrival order, each with its round: after the round of its series'
   * previous point (a series learns its points in order, one per fleet call) and not before the round of its
   * device's previous point (a device's points keep their order: the relationship model learns them in it).
   */
  private resolve(batch: readonly DeviceBatch[], w: BatchWork): void {
    // per series, its latest round and time in this batch (fields stamped with the batch number)
    const stamp = ++this.batches;
    const deviceRound = new Map<string, number>();
    for (let m = 0; m < batch.length; m++) {
      const { tenant, device, points } = batch[m];
      const learn = batch[m].learn ?? true;
      const deviceModel = this.o.multivariate && learn ? this.device(tenant, device) : null;
      const dk = deviceKey(tenant, device);
      let round0 = deviceRound.get(dk) ?? 0;
      for (const [metric, ts, value] of points) {
        if (!Number.isFinite(ts) || !Number.isFinite(value)) {
          this.stats.invalid++;
          continue;
        }
        const series = this.series(tenant, device, metric);
        const seen = series.batch === stamp;
        if (ts <= (seen ? series.batchTs : series.lastTs)) {
          this.stats.skipped++;
          continue;
        }
        this.stats.points++;
        const round = seen && series.batchRound + 1 > round0 ? series.batchRound + 1 : round0;
        series.batch = stamp;
        series.batchTs = ts;
        series.batchRound = round;
        round0 = round;
        w.push(series, ts, value, learn, deviceModel, m, metric, round);
      }
      deviceRound.set(dk, round0);
    }
  }

  /** Learns the work items round by round; each round's items then go through the series and device logic in arrival order. */
  private learnRounds(w: BatchWork, results: DetectionEvent[][]): void {
    const fleet = this.registry.fleet;
    const byRound = w.byRound();
    for (const items of byRound) {
      // the round's learned points, one fleet call (each series at most once per round)
      let n = 0;
      for (const i of items) {
        if (!w.learn[i]) continue;
        const s = w.series[i];
        this.registry.beforeChange(s.key);
        w.slots[n] = s.detector.slot;
        w.values[n] = w.value[i];
        w.times[n] = w.ts[i];
        w.pos[i] = n++;
      }
      if (n > 0) {
        try {
          fleet.update(w.times, w.slots, w.values, n);
        } catch (e) {
          // a point the model rejects after validation (values near the double range): its outputs are NaN,
          // it is counted invalid below and the others of the round are learned
          if (!(e instanceof InvalidObservationError)) throw e;
        }
      }
      for (const i of items) {
        const s = w.series[i];
        const events = results[w.message[i]];
        let a: Assessment;
        if (w.learn[i]) {
          const p = w.pos[i];
          if (!(fleet.warm[p] === 1 || fleet.score[p] === fleet.score[p])) {
            this.stats.points--;
            this.stats.invalid++;
            continue;
          }
          a = {
            ts: w.ts[i],
            value: w.value[i],
            score: fleet.score[p],
            rawScore: fleet.rawScore[p],
            warm: fleet.warm[p] === 1,
            expected: fleet.expected[p],
            band: { lower: fleet.lower[p], upper: fleet.upper[p] },
            component: FLEET_COMPONENTS[fleet.component[p]],
            forecast: null,
          };
        } else {
          this.registry.beforeChange(s.key);
          // score: the Assessment update would give, on a copy of the state (nothing of the point is learned)
          a = s.detector.reader.score(w.ts[i], w.value[i]);
        }
        this.followSeries(s, a, events, w.learn[i]);
        const d = w.deviceModel[i];
        if (d)
          this.learnDevice(d, w.metric[i], a.ts, a.value, s.detector.reader.deviation(a.ts, a.value), events);
      }
    }
  }

  /**
   * Whether a device is abnormal now: one of its series is (a fault that persists stays abnormal until the
   * signal returns to its old regime or the shift is accepted: libs/detection SeriesRegime), or its
   * relationship model is in an abnormal regime. False for a device never seen.
   */
  abnormal(tenant: string, device: string): boolean {
    if (this.registry.getDevice(deviceKey(tenant, device))?.detector.abnormal) return true;
    return this.registry.seriesOf(tenant, device).some((s) => s.regime.abnormal);
  }

  /**
   * A NOC engineer judged what a device shows normal (false-positive feedback): the abnormal regimes that
   * had started by `startedBy` (epoch ms, the judgement's time) are accepted as the new normal, those of the
   * series of `metrics` and the device's relationship model (when it relates one of them); a regime that
   * started later is a new fault and stays. Idempotent: applying the same judgement again changes nothing.
   * Returns how many series regimes and whether the relationship regime were accepted.
   * @example engine.accept(rule.tenant, rule.device, rule.metrics, rule.createdAt)
   */
  accept(
    tenant: string,
    device: string,
    metrics: readonly string[],
    startedBy: number,
  ): { series: number; device: boolean } {
    let series = 0;
    for (const s of this.registry.seriesOf(tenant, device)) {
      if (!s.regime.abnormal || !metrics.includes(s.metric)) continue;
      this.registry.beforeChange(s.key);
      if (s.regime.accept(startedBy)) {
        series++;
        this.registry.markDirty(s.key);
      }
    }
    const d = this.registry.getDevice(deviceKey(tenant, device));
    let deviceAccepted = false;
    if (d?.detector.abnormal && metrics.some((m) => d.detector.metrics.includes(m))) {
      this.registry.beforeChange(d.key);
      deviceAccepted = d.detector.accept(startedBy);
      if (deviceAccepted) this.registry.markDirty(d.key);
    }
    return { series, device: deviceAccepted };
  }

  /**
   * Forgets a device's models (a retired device): its series and relationship model leave memory and are
   * not checkpointed again. Returns the keys removed (their checkpoint rows are the caller's to delete).
   * @example engine.forget('acme', 'olt-7') // ['s/acme/olt-7/rx_power', 'd/acme/olt-7']
   */
  forget(tenant: string, device: string): string[] {
    return this.registry.removeDevice(tenant, device);
  }

  /**
   * Restores checkpointed models (oldest first, so the most recent end up most recently used). A row that
   * cannot be read (not JSON, an unknown kind, a model state its class rejects) is skipped with its reason:
   * that series or device starts afresh and its next checkpoint replaces the row, the others are restored.
   * @example engine.restore(rows).unreadable // [{ key: 's/acme/r1/cpu', reason: 'Unexpected token ...' }]
   */
  restore(rows: readonly Pick<CheckpointRow, 'key' | 'partition' | 'state'>[]): RestoreResult {
    const result: RestoreResult = { restored: 0, unreadable: [] };
    for (const row of rows) {
      try {
        this.restoreRow(row);
        result.restored++;
      } catch (e) {
        result.unreadable.push({ key: row.key, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    return result;
  }

  private restoreRow(row: Pick<CheckpointRow, 'key' | 'partition' | 'state'>): void {
    const c = JSON.parse(row.state) as Checkpoint;
    if (c === null || typeof c !== 'object') throw new TypeError('not a checkpoint object');
    if (c.kind !== 'series' && c.kind !== 'device')
      throw new TypeError(`unknown checkpoint kind ${JSON.stringify((c as { kind?: unknown }).kind)}`);
    const names = c.kind === 'series' ? [c.tenant, c.device, c.metric] : [c.tenant, c.device];
    if (names.some((n) => typeof n !== 'string')) throw new TypeError('tenant, device or metric missing');
    if (c.model === null || typeof c.model !== 'object') throw new TypeError('model state missing');
    if (c.policy === null || typeof c.policy !== 'object') throw new TypeError('event policy state missing');
    if (c.kind === 'series') {
      const rawTrend = c.rawTrend ? TrendForecaster.fromJSON(c.rawTrend) : null;
      const regime = new SeriesRegime({}, c.regime);
      this.registry.addSeries({
        key: row.key,
        tenant: c.tenant,
        device: c.device,
        metric: c.metric,
        partition: row.partition,
        entry: this.catalog.lookup(c.metric),
        // last: a state the model rejects takes no slot
        detector: this.registry.newModel(c.model),
        rawTrend,
        policy: c.policy,
        lastTs: c.lastTs,
        firstTs: c.firstTs ?? NEVER,
        regime,
        batch: 0,
        batchTs: NEVER,
        batchRound: 0,
      });
    } else {
      this.registry.addDevice({
        key: row.key,
        tenant: c.tenant,
        device: c.device,
        partition: row.partition,
        detector: DeviceRelationshipDetector.fromJSON(c.model),
        policy: c.policy,
        lastMetric: c.lastMetric,
      });
    }
  }

  /** What follows a series' point once its model has learned (or scored) it: regime, limit forecast, events. */
  private followSeries(s: SeriesRuntime, a: Assessment, events: DetectionEvent[], learn: boolean): void {
    const { ts, value } = a;
    s.lastTs = ts;
    s.firstTs ??= ts;
    if (learn)
      s.regime.learn({
        value,
        score: a.score,
        expected: a.expected,
        spread: (a.band.upper - a.expected) / 3,
        seasonal: s.detector.reader.cycles.component(ts),
        ts,
      });
    this.registry.markDirty(s.key);
    const entry = s.entry;
    let forecast: BreachForecast | null = null;
    let breachInMs: number | null | undefined;
    if (learn) s.rawTrend?.update(ts, value);
    if (entry && forecastDue(s.policy, ts, this.o.policy)) {
      forecast = entry.controlled && this.explained(s) ? null : this.forecast(s, entry, ts);
      breachInMs = forecast ? forecast.predictedBreachAt - ts : null;
    }
    const beyondWarning = entry
      ? entry.direction === 'up'
        ? value >= entry.warning
        : value <= entry.warning
      : false;
    // A shape is novel only against a full day of shapes: in a series' first day its daily cycle reaches
    // phases for the first time, and co-moving metrics (temperature, fan, CPU) do so together, which
    // the ticket rules would read as three anomalies of one device. Pattern novelty is no event yet then.
    const learning = a.component === 'pattern' && ts - s.firstTs < PATTERN_LEARNING_MS;
    const decision = decideEvents(
      s.policy,
      {
        ts,
        score: learning ? 0 : a.score,
        outsideBand: a.value < a.band.lower || a.value > a.band.upper,
        beyondWarning,
        breachInMs,
      },
      this.o.policy,
    );
    if (!(decision.anomaly || decision.forecast || decision.recovered)) return;
    const step = s.detector.reader.lastStep;
    if (decision.anomaly)
      events.push(this.event('anomaly', s, evidence(s.metric, a, component(a), null, step)));
    if (decision.forecast)
      events.push(this.event('forecast', s, evidence(s.metric, a, 'trend', forecast, step)));
    if (decision.recovered) events.push(this.event('recovered', s, evidence(s.metric, a, null, null, step)));
  }

  /**
   * With a learned cycle: the detector's de-seasonalized trend plus the cycle. Without one, only once the
   * seasonality test has had its two days and found no cycle to remove: a raw-value trend puts a daily
   * cycle into its slope, and on the rising half of a healthy cycle predicts a far limit within hours (a
   * 20-50 % CPU cycle "reaches" 95 % by tomorrow). Then the detector's trend still serves when it has one
   * (it keeps its slope when a drift swamps the cycle and the cycle switches off); it restarts when a
   * cycle switches on, and the series' own raw-value forecaster, which never restarts, covers that
   * warm-up so there is no blind window right before a crossing.
   */
  private forecast(s: SeriesRuntime, entry: MetricCatalogEntry, ts: number): BreachForecast | null {
    // the live profile: serializing the whole detector (toJSON) for it cost a state copy per evaluation
    const model = s.detector.reader;
    const profile = model.cycles;
    const cycle = profile.dailyOn || profile.weeklyOn;
    if (cycle && model.forecast()) return forecastBreach(model, profile, entry, ts, this.o.policy.horizonMs);
    if (cycle || s.firstTs === null || ts - s.firstTs < RAW_TREND_AFTER_MS) return null;
    if (model.forecast()) return forecastBreach(model, null, entry, ts, this.o.policy.horizonMs);
    return s.rawTrend ? forecastBreach(s.rawTrend, null, entry, ts, this.o.policy.horizonMs) : null;
  }

  /** Whether the device's relationship model explains the series' current value from its other metrics. */
  private explained(s: SeriesRuntime): boolean {
    if (!this.o.multivariate || this.o.explainedResidual <= 0) return false;
    const residual = this.registry.getDevice(deviceKey(s.tenant, s.device))?.residuals?.[s.metric];
    return residual !== undefined && Math.abs(residual) < this.o.explainedResidual;
  }

  private learnDevice(
    d: DeviceRuntime,
    metric: string,
    ts: number,
    value: number,
    deviation: number,
    events: DetectionEvent[],
  ): void {
    this.registry.beforeChange(d.key);
    const a = d.detector.update(ts, metric, value, deviation);
    if (!a || !a.warm) return;
    d.residuals = a.residuals;
    this.registry.markDirty(d.key);
    const decision = decideEvents(
      d.policy,
      {
        ts,
        score: a.score,
        outsideBand: a.value < a.band.lower || a.value > a.band.upper,
        beyondWarning: false,
      },
      this.o.policy,
    );
    if (decision.anomaly && a.metric) {
      d.lastMetric = a.metric;
      events.push(this.deviceEvent('anomaly', d, a.metric, evidence(a.metric, a, 'multivariate', null)));
    }
    if (decision.recovered && d.lastMetric) {
      events.push(
        this.deviceEvent('recovered', d, d.lastMetric, evidence(d.lastMetric, a, 'multivariate', null)),
      );
    }
  }

  private series(tenant: string, device: string, metric: string): SeriesRuntime {
    const known = this.registry.findSeries(tenant, device, metric);
    if (known) return known;
    const key = seriesKey(tenant, device, metric);
    const entry = this.catalog.lookup(metric);
    const runtime: SeriesRuntime = {
      key,
      tenant,
      device,
      metric,
      partition: partitionOf(tenant, device, this.o.partitions),
      entry,
      detector: this.registry.newModel(),
      rawTrend: entry ? new TrendForecaster() : null,
      policy: initialPolicyState(),
      lastTs: NEVER,
      firstTs: null,
      regime: new SeriesRegime(),
      batch: 0,
      batchTs: NEVER,
      batchRound: 0,
    };
    this.registry.addSeries(runtime);
    return runtime;
  }

  private device(tenant: string, device: string): DeviceRuntime {
    const key = deviceKey(tenant, device);
    const known = this.registry.getDevice(key);
    if (known) return known;
    const runtime: DeviceRuntime = {
      key,
      tenant,
      device,
      partition: partitionOf(tenant, device, this.o.partitions),
      detector: new DeviceRelationshipDetector(),
      policy: initialPolicyState(),
      lastMetric: null,
    };
    this.registry.addDevice(runtime);
    return runtime;
  }

  private event(type: DetectionEventType, s: SeriesRuntime, ev: Evidence): DetectionEvent {
    const named = namesFailure(s.entry, type, ev);
    return {
      id: detectionEventId(type, s.tenant, s.device, s.metric, ev.at),
      type,
      tenant: s.tenant,
      device: s.device,
      failureMode: named ? s.entry!.failureMode : 'anomaly',
      recommendedAction: named ? s.entry!.recommendedAction : null,
      evidence: ev,
    };
  }

  private deviceEvent(
    type: DetectionEventType,
    d: DeviceRuntime,
    metric: string,
    ev: Evidence,
  ): DetectionEvent {
    const entry = this.catalog.lookup(metric);
    const named = namesFailure(entry, type, ev);
    return {
      // the multivariate view of a metric is its own evidence stream: keep its ids apart from the series'
      id: detectionEventId(type, d.tenant, d.device, `${metric}#multivariate`, ev.at),
      type,
      tenant: d.tenant,
      device: d.device,
      failureMode: named ? entry!.failureMode : 'anomaly',
      recommendedAction: named ? entry!.recommendedAction : null,
      evidence: ev,
    };
  }
}

/**
 * The work items of one {@link DetectionEngine.processBatch} (one per point to learn or score), as parallel
 * arrays reused from batch to batch, and the buffers of the fleet calls.
 */
class BatchWork {
  length = 0;
  readonly series: SeriesRuntime[] = [];
  readonly ts: number[] = [];
  readonly value: number[] = [];
  readonly learn: boolean[] = [];
  readonly deviceModel: (DeviceRuntime | null)[] = [];
  readonly message: number[] = [];
  readonly metric: string[] = [];
  readonly round: number[] = [];
  /** the item's position in its round's fleet call */
  readonly pos: number[] = [];
  slots = new Int32Array(64);
  values = new Float64Array(64);
  times = new Float64Array(64);
  private rounds = 0;

  push(
    series: SeriesRuntime,
    ts: number,
    value: number,
    learn: boolean,
    deviceModel: DeviceRuntime | null,
    message: number,
    metric: string,
    round: number,
  ): void {
    const i = this.length++;
    this.series[i] = series;
    this.ts[i] = ts;
    this.value[i] = value;
    this.learn[i] = learn;
    this.deviceModel[i] = deviceModel;
    this.message[i] = message;
    this.metric[i] = metric;
    this.round[i] = round;
    this.pos[i] = -1;
    if (round >= this.rounds) this.rounds = round + 1;
    if (this.length > this.slots.length) {
      const n = this.slots.length * 2;
      this.slots = new Int32Array(n);
      this.values = new Float64Array(n);
      this.times = new Float64Array(n);
    }
  }

  /** The items' indices by round, in arrival order within each. */
  byRound(): number[][] {
    const rounds: number[][] = Array.from({ length: this.rounds }, () => []);
    for (let i = 0; i < this.length; i++) rounds[this.round[i]].push(i);
    return rounds;
  }

  /** Forgets the items (and the references they hold). */
  clear(): void {
    this.length = 0;
    this.rounds = 0;
    this.series.length = 0;
    this.deviceModel.length = 0;
    this.metric.length = 0;
    this.ts.length = 0;
    this.value.length = 0;
    this.learn.length = 0;
    this.message.length = 0;
    this.round.length = 0;
    this.pos.length = 0;
  }
}

const COMPONENTS: ReadonlySet<string> = new Set<string>(EVIDENCE_COMPONENTS);

/**
 * A failure mode is named only for a move in its own direction: an anomaly of a catalog metric that moved
 * the other way (a memory drop after a reboot, fan speed up after a fan replacement, received power up) is
 * evidence of something unusual, failure mode `anomaly`, not of that failure. Forecasts always point at the
 * limit; `recovered` keeps the metric's name.
 */
function namesFailure(
  entry: MetricCatalogEntry | undefined,
  type: DetectionEventType,
  ev: Pick<Evidence, 'observed' | 'expected'>,
): boolean {
  if (!entry) return false;
  if (type !== 'anomaly') return true;
  return entry.direction === 'up' ? ev.observed >= ev.expected : ev.observed <= ev.expected;
}

/** The detection library's component names map 1:1; one it adds later reads as 'baseline' until the contract knows it. */
function component(a: Assessment): EvidenceComponent | null {
  if (a.component === null) return null;
  return COMPONENTS.has(a.component) ? (a.component as EvidenceComponent) : 'baseline';
}

/** What a series or a device model assessed, as the contract's evidence of one metric. */
function evidence(
  metric: string,
  a: Pick<Assessment | RelationshipAssessment, 'ts' | 'value' | 'expected' | 'band' | 'score'>,
  c: EvidenceComponent | null,
  forecast: BreachForecast | null,
  step: TrendStep | null = null,
): Evidence {
  const e: Evidence = {
    metric,
    at: a.ts,
    observed: a.value,
    expected: a.expected,
    band: { lower: a.band.lower, upper: a.band.upper },
    score: a.score,
    component: c,
    forecast,
  };
  // A recent level shift tells the engineer the level stepped (a firmware upgrade, a surge). Only one of at
  // least 4 noise sigmas is reported (4/3 of the expected band's half-width, which is 3 sigmas): the trend
  // model also restarts where a drift begins (its first points leave the fast line's interval by about the
  // band), which no person would call a step.
  const material =
    step !== null &&
    Math.abs(step.after - step.before) >= (STEP_MIN_SIGMAS / 3) * ((a.band.upper - a.band.lower) / 2);
  if (step && material && a.ts - step.at <= STEP_EVIDENCE_MS && step.at <= a.ts)
    e.step = { at: step.at, before: step.before, after: step.after };
  return e;
}
