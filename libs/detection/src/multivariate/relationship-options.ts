import type { Band } from '../types';
import type { RelationshipModelState } from './relationship-model';

/**
 * Options of a DeviceRelationshipDetector. Every gate and window is a number of rounds (one round = every
 * metric of the device reported once), so the detector behaves the same at 1 s and at 5 min sampling; the
 * only event-time bound is `warmupSpanMs`, and it applies only to models whose memory spans it.
 */
export interface RelationshipOptions {
  /** a metric's latest value belongs to the snapshot when it is at most this old */
  toleranceMs: number;
  /** complete rounds (every metric updated once) before scoring */
  warmupRounds: number;
  /**
   * event time the rounds must span before scoring, applied only when the model's memory (`windowRounds`
   * rounds at the device's mean interval) spans at least as much: such a model averages over the daily
   * cycle, and metrics that share the cycle look related in a different way over part of the day than over
   * all of it (a model learned on the night scores the morning as broken). A model with a shorter memory
   * (2000 rounds at 1 s = 33 min) forgets faster than the cycle turns and follows it as a slow drift of the
   * operating point: waiting a day would only blind it.
   */
  warmupSpanMs: number;
  /** forgetting span of mean and covariance, in rounds */
  windowRounds: number;
  /** ridge added to the correlation matrix (shrinks correlations, keeps the inverse finite) */
  ridge: number;
  /** score from which the explanation names the component and an abnormal regime starts */
  alertScore: number;
  /** an abnormal regime ends after `releaseRounds` consecutive rounds scoring below this (hysteresis) */
  releaseScore: number;
  /** consecutive calm rounds that end an abnormal regime (the fault is over; the model learns again) */
  releaseRounds: number;
  /**
   * rounds an abnormal regime lasts before it is accepted as the new normal (fewer when the model has
   * learned fewer rounds: it knows no more than that): the regime's own mean and covariance are pooled into
   * the model. A regime that lasted as long as the model remembers is no fault any more (e.g. a
   * re-configured fan curve): 33 min at 1 s, 7 days at 5 min.
   */
  acceptRounds: number;
  /**
   * @deprecated no effect: rounds of an abnormal regime are no longer learned by the model at a reduced
   * weight (that absorbed a persisting fault), they are learned apart (see `acceptRounds`)
   */
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
  releaseScore: 0.25,
  releaseRounds: 24,
  acceptRounds: 2000,
  anomalyWeight: 0.1,
  bandZ: 3,
  maxMetrics: 16,
  precisionEveryRounds: 16,
};

/** Rounds that broke the learned relationships, learned apart from the model (see `acceptRounds`). */
export interface AbnormalRegime {
  /** rounds since the regime started */
  rounds: number;
  /** consecutive rounds scoring below releaseScore */
  calm: number;
  /** the regime's own relationships (replaces the model when the regime is accepted) */
  model: RelationshipModelState;
  /** event time of the round that started it (absent in states saved before it was kept) */
  since?: number;
}

/** Plain-data state of a DeviceRelationshipDetector (JSON round-trips). */
export interface RelationshipState {
  version: 1;
  metrics: string[];
  latestTs: number[];
  latestValue: number[];
  /** metric updated since the last learned round */
  fresh: boolean[];
  /** complete rounds seen (learned by the model, or apart in an abnormal regime) */
  rounds: number;
  /** event time of the first learned round (absent in states written before it existed: warm by rounds) */
  firstTs?: number;
  model: RelationshipModelState;
  /** the precision matrix in use and the round it was computed at (kept, so a restore scores identically) */
  precision?: { p: number[][]; sd: number[]; rounds: number } | null;
  /** the abnormal regime in progress (absent in states written before it existed: none) */
  abnormal?: AbnormalRegime | null;
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
