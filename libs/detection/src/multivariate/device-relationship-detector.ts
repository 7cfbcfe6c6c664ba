import { InvalidObservationError } from '../errors';
import { normalTail } from '../stats/normal';
import { emptyModel, learn, merge, precision, residuals } from './relationship-model';
import {
  type AbnormalRegime,
  defaultRelationshipOptions,
  type RelationshipAssessment,
  type RelationshipOptions,
  type RelationshipState,
} from './relationship-options';

export {
  defaultRelationshipOptions,
  type RelationshipAssessment,
  type RelationshipOptions,
  type RelationshipState,
} from './relationship-options';

// Timestamp of a metric not seen yet: finite, so the state stays JSON (-Infinity would become null).
const NEVER = -Number.MAX_VALUE;
// Same log scaling as the univariate calibration: tail probability 1e-10 -> 1, 1e-5 -> 0.5.
const LOG_FLOOR = 1e-10;

/**
 * Learns, per device, how its metrics move together and flags moments when they stop doing so (e.g.
 * temperature rising while the fan speed stays flat), naming the metric the others explain worst.
 *
 * Metrics arrive one at a time at slightly different timestamps; each update scores the snapshot of
 * every metric's latest value within `toleranceMs` (null when a metric is missing or stale). A round is
 * scored, then learned, once every metric has reported since the previous round (`update`); `score` and
 * `learn` are the two halves for a caller that holds whole rounds. A metric seen for the first time
 * restarts the warm-up (the relationship matrix changes shape).
 *
 * Gates, all in rounds (see RelationshipOptions): scores after `warmupRounds` rounds, and after a day
 * only when the model remembers a day or more (coarse sampling, see `warmupSpanMs`). A round scoring
 * >= alertScore starts an abnormal regime: its rounds are learned apart, not by the model, so a fault
 * that persists keeps scoring; it ends after `releaseRounds` calm rounds (the model learns again) or, after
 * min(`acceptRounds`, rounds the model has learned) rounds, is accepted as the new normal (pooled into the
 * model). Scores are prediction errors: a young model meeting a new operating point widens its bands.
 *
 * @example
 * const d = new DeviceRelationshipDetector();
 * d.update(ts, 'temperature', 51.2);
 * const a = d.update(ts + 800, 'fan_speed', 4200); // { score, metric: 'temperature', expected, ... } | null
 * d.score(ts2, { temperature: 60, fan_speed: 4200 }); // the same assessment, nothing learned
 */
export class DeviceRelationshipDetector {
  private readonly options: RelationshipOptions;
  private readonly state: RelationshipState;
  /** the callers' own-series deviation of each latest value (NaN: not given); transient, not in the state */
  private readonly deviation: number[] = [];

  constructor(options: Partial<RelationshipOptions> = {}, state?: RelationshipState) {
    this.options = { ...defaultRelationshipOptions, ...options };
    this.state = state ? structuredClone(state) : DeviceRelationshipDetector.emptyState([]);
  }

  static fromJSON(
    state: RelationshipState,
    options: Partial<RelationshipOptions> = {},
  ): DeviceRelationshipDetector {
    return new DeviceRelationshipDetector(options, state);
  }

  /** Whether the device is in an abnormal regime (a relationship fault that has neither ended nor been accepted). */
  get abnormal(): boolean {
    return (this.state.abnormal ?? null) !== null;
  }

  /** The metrics the model relates (in the order it learned them). */
  get metrics(): readonly string[] {
    return this.state.metrics;
  }

  toJSON(): RelationshipState {
    return structuredClone(this.state);
  }

  /**
   * Record one metric value, score the aligned snapshot, learn it when it completes a round. `deviation`
   * (optional) is how far the value is from its own series' usual level in that series' sigmas, cycles
   * removed (SeriesDetector.deviation): it tells which metric moved when a relationship breaks (see
   * `blamed`); without it the metric's distance from the model's mean serves.
   */
  update(ts: number, metric: string, value: number, deviation = NaN): RelationshipAssessment | null {
    if (!Number.isFinite(ts) || !Number.isFinite(value)) throw new InvalidObservationError(ts, value);
    const index = this.indexOf(metric);
    if (index < 0) return null;
    const s = this.state;
    if (ts >= s.latestTs[index]) {
      s.latestTs[index] = ts;
      s.latestValue[index] = value;
      s.fresh[index] = true;
      this.deviation[index] = deviation;
    }
    if (s.metrics.length < 2) return null;
    // One assessment per round: when the last metric of the snapshot arrives (partial snapshots would
    // mix old and new values and cost a scoring pass per metric).
    if (!s.fresh.every(Boolean)) return null;
    if (s.latestTs.some((t) => ts - t > this.options.toleranceMs)) return null;

    const assessment = this.assess(ts, s.latestValue, this.deviation);
    this.learnRound(ts, s.latestValue, assessment);
    s.fresh.fill(false);
    return assessment;
  }

  /**
   * Score one whole round (every known metric's value; other names are ignored) against the model without
   * learning it: the state is unchanged. Null while fewer than two metrics are known or one is missing.
   * `deviations`: as in `update`, per metric.
   *
   * @example
   * d.score(ts, { temperature: 71, fan_speed: 1500, power: 180 })?.score; // 0.93
   */
  score(
    ts: number,
    values: Readonly<Record<string, number>>,
    deviations: Readonly<Record<string, number>> = {},
  ): RelationshipAssessment | null {
    const x = this.vector(ts, values);
    if (!x) return null;
    return this.assess(
      ts,
      x,
      this.state.metrics.map((name) => deviations[name] ?? NaN),
    );
  }

  /**
   * Learn one whole round (registers new metric names, which restarts the warm-up): into the model, or
   * apart while the round belongs to an abnormal regime (it is scored first to know). False when the round
   * lacks a known metric (nothing learned). `update` is `score` then `learn` of each complete round.
   */
  learn(ts: number, values: Readonly<Record<string, number>>): boolean {
    for (const name of Object.keys(values)) this.indexOf(name);
    const x = this.vector(ts, values);
    if (!x) return false;
    this.learnRound(ts, x, this.assess(ts, x, []));
    return true;
  }

  /** The known metrics' values in index order (validated); null when one is missing or fewer than two. */
  private vector(ts: number, values: Readonly<Record<string, number>>): number[] | null {
    const metrics = this.state.metrics;
    if (metrics.length < 2) return null;
    const x: number[] = [];
    for (const name of metrics) {
      const v = values[name];
      if (v === undefined) return null;
      if (!Number.isFinite(ts) || !Number.isFinite(v)) throw new InvalidObservationError(ts, v);
      x.push(v);
    }
    return x;
  }

  /** Warm-up gate (see RelationshipOptions.warmupSpanMs): rounds, and a day only for a long memory. */
  private isWarm(ts: number): boolean {
    const s = this.state;
    const o = this.options;
    if (s.rounds < o.warmupRounds) return false;
    if (s.firstTs === undefined) return true;
    const spanMs = ts - s.firstTs;
    if (spanMs >= o.warmupSpanMs) return true;
    // ts is round rounds + 1: spanMs / rounds is the device's mean interval so far
    const memoryMs = (spanMs / s.rounds) * o.windowRounds;
    return memoryMs < o.warmupSpanMs;
  }

  /** Score a round against the model (never mutates the state). */
  private assess(ts: number, x: number[], deviation: readonly number[]): RelationshipAssessment {
    const s = this.state;
    if (!this.isWarm(ts)) return coldAssessment(ts, s.metrics, x);
    const o = this.options;
    const prec = s.precision ?? precision(s.model, o.ridge);
    const r = residuals(s.model, prec, x, Math.min(s.model.n, o.windowRounds));
    let worst = 0;
    for (let i = 1; i < r.z.length; i++) if (Math.abs(r.z[i]) > Math.abs(r.z[worst])) worst = i;
    // a NaN residual (an overflowing value, ~1e300) is as far as a residual gets
    const rawScore = Number.isNaN(r.z[worst]) ? Number.POSITIVE_INFINITY : Math.abs(r.z[worst]);
    const own = r.marginal.map((m, i) => {
      const d = deviation[i];
      return d === undefined || !Number.isFinite(d) ? m : d;
    });
    const named = blamed(r.z, own);
    const tail = Math.min(1, 2 * normalTail(rawScore) * r.z.length);
    const score = Math.min(1, Math.max(0, Math.log(tail + LOG_FLOOR) / Math.log(LOG_FLOOR)));
    const halfWidth = this.options.bandZ * r.sd[named];
    return {
      ts,
      score,
      rawScore,
      warm: true,
      component: score >= this.options.alertScore ? 'multivariate' : null,
      metric: s.metrics[named],
      value: x[named],
      expected: r.expected[named],
      band: { lower: r.expected[named] - halfWidth, upper: r.expected[named] + halfWidth },
      residuals: Object.fromEntries(s.metrics.map((name, i) => [name, r.z[i]])),
    };
  }

  /**
   * Learn a scored round. Normal rounds go into the model. A warm round scoring >= alertScore starts an
   * abnormal regime; its rounds (calm ones included, until the release) are learned apart, so a fault
   * that persists is not absorbed and keeps scoring. The regime ends after releaseRounds consecutive
   * rounds below releaseScore (hysteresis: a fault's noisy rounds dipping under the alert level do not end
   * it), or is accepted after min(acceptRounds, rounds the model has learned) rounds: what the model knows
   * is worth that many rounds, a young model's little. Accepted, the regime's mean and covariance are pooled
   * into the model, so the move between the two regimes becomes a learned direction of co-movement (a
   * model that has seen one operating point learns the pump's coupling from its first setpoint change).
   */
  private learnRound(ts: number, x: number[], a: RelationshipAssessment): void {
    const s = this.state;
    const o = this.options;
    if (s.rounds === 0) s.firstTs = ts;
    s.rounds++;
    const current = s.abnormal ?? null;
    if (!current && !(a.warm && a.score >= o.alertScore)) {
      learn(s.model, x, o.windowRounds);
      // only a model that scores needs its inverse (mathjs inv is the cost of a round)
      const stale = !s.precision || s.rounds - s.precision.rounds >= o.precisionEveryRounds;
      if (a.warm && stale) s.precision = { ...precision(s.model, o.ridge), rounds: s.rounds };
      return;
    }
    const regime = current ?? { rounds: 0, calm: 0, model: emptyModel(x.length), since: ts };
    s.abnormal = regime;
    regime.rounds++;
    learn(regime.model, x, o.windowRounds);
    regime.calm = a.score < o.releaseScore ? regime.calm + 1 : 0;
    if (regime.calm >= o.releaseRounds) {
      s.abnormal = null;
    } else if (regime.rounds >= Math.min(o.acceptRounds, s.model.n)) {
      this.pool(regime);
    }
  }

  /**
   * Accepts the abnormal regime as the new normal now, if it had started by `startedBy` (event time, epoch
   * ms; a regime of unknown start counts as started): pooled into the model as when it lasts `acceptRounds`.
   * A NOC engineer's false-positive judgement does this (libs/engine DetectionEngine.accept). Returns whether
   * it did.
   * @example d.accept(rule.createdAt) // the relationship that was judged harmless is learned
   */
  accept(startedBy = Infinity): boolean {
    const regime = this.state.abnormal ?? null;
    if (!regime || (regime.since ?? -Infinity) > startedBy) return false;
    this.pool(regime);
    return true;
  }

  /** Pools an abnormal regime's mean and covariance into the model; the device is normal again. */
  private pool(regime: AbnormalRegime): void {
    const s = this.state;
    merge(s.model, regime.model, this.options.windowRounds);
    s.abnormal = null;
    s.precision = { ...precision(s.model, this.options.ridge), rounds: s.rounds };
  }

  /** Index of a metric, registering it (and restarting the warm-up) when new; -1 beyond maxMetrics. */
  private indexOf(metric: string): number {
    const known = this.state.metrics.indexOf(metric);
    if (known >= 0) return known;
    if (this.state.metrics.length >= this.options.maxMetrics) return -1;
    const s = this.state;
    const next = DeviceRelationshipDetector.emptyState([...s.metrics, metric]);
    next.latestTs = [...s.latestTs, NEVER];
    next.latestValue = [...s.latestValue, 0];
    // nothing is learned any more: every value seen is "since the last learned round", so the round in
    // progress completes with the new metric (else rounds stay one metric out of step: previous round's
    // last metric with this round's first ones)
    next.fresh = [...s.latestTs.map((t) => t !== NEVER), false];
    Object.assign(s, next);
    return s.metrics.length - 1;
  }

  private static emptyState(metrics: string[]): RelationshipState {
    return {
      version: 1,
      metrics,
      latestTs: metrics.map(() => NEVER),
      latestValue: metrics.map(() => 0),
      fresh: metrics.map(() => false),
      rounds: 0,
      model: emptyModel(metrics.length),
      precision: null,
      abnormal: null,
    };
  }
}

/**
 * The metric a broken relationship is blamed on. Its largest regression residual alone can name the wrong
 * one: when temperature drifts up and the fan follows it, the two still agree with each other, and the CPU,
 * predicted high from both, has the largest residual although it is the one metric still at its usual
 * level. So each metric's residual is weighted by how far it is from its own usual level (at least 1):
 * the metric that both breaks the relationship and moved is named; the score is unchanged. `own` is the
 * caller's deviation from the series' own slow level with its cycles removed when given (a cycle is no
 * move, a drift is even when the adaptive baseline follows it), else the distance from the model's mean.
 */
export function blamed(z: readonly number[], own: readonly number[]): number {
  let best = 0;
  let bestWeight = -1;
  for (let i = 0; i < z.length; i++) {
    const m = Math.abs(own[i]);
    const weight = Math.abs(z[i]) * (m > 1 ? m : 1);
    if (weight > bestWeight) {
      bestWeight = weight;
      best = i;
    }
  }
  return best;
}

function coldAssessment(ts: number, metrics: string[], x: number[]): RelationshipAssessment {
  return {
    ts,
    score: 0,
    rawScore: 0,
    warm: false,
    component: null,
    metric: null,
    value: x[0],
    expected: x[0],
    band: { lower: x[0], upper: x[0] },
    residuals: Object.fromEntries(metrics.map((name) => [name, 0])),
  };
}
