import { InvalidObservationError } from '../errors';
import { normalTail } from '../stats/normal';
import type { Band } from '../types';
import { emptyModel, learn, precision, type RelationshipModelState, residuals } from './relationship-model';

export interface RelationshipOptions {
  /** a metric's latest value belongs to the snapshot when it is at most this old */
  toleranceMs: number;
  /** complete rounds (every metric updated once) before scoring */
  warmupRounds: number;
  /**
   * event time the rounds must span before scoring: metrics that share a daily cycle look related in a
   * different way over part of the day than over all of it (a model learned on the night scores the
   * morning as broken)
   */
  warmupSpanMs: number;
  /** forgetting span of mean and covariance, in rounds */
  windowRounds: number;
  /** ridge added to the correlation matrix (shrinks correlations, keeps the inverse finite) */
  ridge: number;
  /** score from which the explanation names the component and rounds are learned with reduced weight */
  alertScore: number;
  /** learning weight of a round that scored >= alertScore (a lasting change is still accepted slowly) */
  anomalyWeight: number;
  /** half-width of the expected band, in residual standard deviations */
  bandZ: number;
  /** metrics beyond this many are ignored (bounds the state: O(maxMetrics^2) numbers) */
  maxMetrics: number;
  /** rounds between two inversions of the correlation matrix (relationships drift slowly; mathjs inv is the cost) */
  precisionEveryRounds: number;
}

export const defaultRelationshipOptions: RelationshipOptions = {
  toleranceMs: 60_000,
  warmupRounds: 100,
  warmupSpanMs: 24 * 3_600_000,
  windowRounds: 2000,
  ridge: 0.01,
  alertScore: 0.5,
  anomalyWeight: 0.1,
  bandZ: 3,
  maxMetrics: 16,
  precisionEveryRounds: 16,
};

/** Plain-data state of a DeviceRelationshipDetector (JSON round-trips). */
export interface RelationshipState {
  version: 1;
  metrics: string[];
  latestTs: number[];
  latestValue: number[];
  /** metric updated since the last learned round */
  fresh: boolean[];
  rounds: number;
  /** event time of the first learned round (absent in states written before it existed: warm by rounds) */
  firstTs?: number;
  model: RelationshipModelState;
  /** the precision matrix in use and the round it was computed at (kept, so a restore scores identically) */
  precision?: { p: number[][]; sd: number[]; rounds: number } | null;
}

/** How well the device's metrics fit their learned relationships at one moment. */
export interface RelationshipAssessment {
  ts: number;
  /** likelihood-style score in [0,1]: 0.5 = a 1e-5 tail probability (Bonferroni over the metrics) */
  score: number;
  /** largest absolute standardized regression residual */
  rawScore: number;
  warm: boolean;
  /** 'multivariate' when score >= alertScore, else null */
  component: 'multivariate' | null;
  /** metric the broken relationship is blamed on: deviates from what the others predict and from its own level (null while warming up) */
  metric: string | null;
  /** that metric: observed, expected from the others, and expected band */
  value: number;
  expected: number;
  band: Band;
  /** standardized residual of every metric */
  residuals: Record<string, number>;
}

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
 * learned (score first, then learn) once every metric has reported since the previous round.
 * A metric seen for the first time restarts the warm-up (the relationship matrix changes shape).
 *
 * @example
 * const d = new DeviceRelationshipDetector();
 * d.update(ts, 'temperature', 51.2);
 * const a = d.update(ts + 800, 'fan_speed', 4200); // { score, metric: 'temperature', expected, ... } | null
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

    const assessment = this.score(ts, s.latestValue);
    const weight = assessment.score >= this.options.alertScore ? this.options.anomalyWeight : 1;
    learn(s.model, s.latestValue, this.options.windowRounds, weight);
    if (s.rounds === 0) s.firstTs = ts;
    s.rounds++;
    s.fresh.fill(false);
    return assessment;
  }

  private score(ts: number, x: number[]): RelationshipAssessment {
    const s = this.state;
    const warm =
      s.rounds >= this.options.warmupRounds &&
      (s.firstTs === undefined || ts - s.firstTs >= this.options.warmupSpanMs);
    if (!warm) return coldAssessment(ts, s.metrics, x);
    if (!s.precision || s.rounds - s.precision.rounds >= this.options.precisionEveryRounds) {
      s.precision = { ...precision(s.model, this.options.ridge), rounds: s.rounds };
    }
    const r = residuals(s.model, s.precision, x);
    let worst = 0;
    for (let i = 1; i < r.z.length; i++) if (Math.abs(r.z[i]) > Math.abs(r.z[worst])) worst = i;
    const rawScore = Math.abs(r.z[worst]);
    const own = r.marginal.map((m, i) => {
      const d = this.deviation[i];
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
      warm,
      component: score >= this.options.alertScore ? 'multivariate' : null,
      metric: s.metrics[named],
      value: x[named],
      expected: r.expected[named],
      band: { lower: r.expected[named] - halfWidth, upper: r.expected[named] + halfWidth },
      residuals: Object.fromEntries(s.metrics.map((name, i) => [name, r.z[i]])),
    };
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
function blamed(z: readonly number[], own: readonly number[]): number {
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
