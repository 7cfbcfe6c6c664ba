import { type BaselineOptions, defaultBaselineOptions } from '../baseline/robust-baseline';
import { defaultLikelihoodOptions, type LikelihoodOptions } from '../calibration/anomaly-likelihood';
import { type CusumOptions, defaultCusumOptions } from '../changepoint/cusum-detector';
import { defaultNoveltyOptions, type NoveltyOptions } from '../novelty/pattern-novelty';
import { defaultVolatilityOptions, type VolatilityOptions } from '../volatility/volatility-shift';

/** Tuning of a {@link SeriesDetector}. Windows and periods are in samples (one sample = one sampling interval). */
export interface SeriesDetectorOptions {
  baseline: Partial<BaselineOptions>;
  cusum: Partial<CusumOptions>;
  likelihood: Partial<LikelihoodOptions>;
  /** samples scored 0 while the statistics settle */
  warmupSamples: number;
  /** score at which an alert is raised: the component is reported and the refractory period starts */
  alertLevel: number;
  /** scores after an alert are suppressed for this many samples (alert de-duplication); 0 disables */
  refractorySamples: number;
  /** an alert's refractory period ends early after this many quiet samples (incident resolved); 0 = never */
  resolveSamples: number;
  /**
   * during a refractory period, a score above everything the incident scored, after scores fell below half
   * the alert level and at least the likelihood's short window after the alert, alerts at once (a new,
   * stronger burst; see AlertDamper)
   */
  escalation: boolean;
  /** samples with |z| above this are learned with weight huberK/|z| (anomalies are learned slowly) */
  huberK: number;
  /** a gap counts as at most this many sampling intervals of forgetting */
  maxGapSteps: number;
  /** also score the CUSUM's level-shift evidence (its stationary tail is ~exp(-2 * drift * S)) */
  shiftEvidence: boolean;
  /** sequence / rhythm novelty of the quantized value (calibrated separately, combined by max); false disables */
  novelty: Partial<NoveltyOptions> | false;
  /** two-sided change of volatility (short vs long mean absolute step); false disables */
  volatility: Partial<VolatilityOptions> | false;
  /**
   * a value beyond every value seen so far by more than this share of that range scores 1 (component 'range');
   * 0.05 is the spatial tolerance of Numenta's HTM detector for NAB; null disables
   */
  rangeTolerance: number | null;
  /** embed a TrendForecaster (forecast + timeToThreshold) fed with the de-seasonalized series */
  trend: boolean;
}

/**
 * Defaults chosen from principles, not fit on any benchmark: alertLevel 0.5 is a 1e-5 tail probability;
 * the refractory period (~0.7 day at 5-minute sampling) matches an alert repeat interval, ended early once the
 * incident is resolved (2 hours of quiet at 5-minute sampling).
 */
export const defaultSeriesDetectorOptions: SeriesDetectorOptions = {
  baseline: defaultBaselineOptions,
  cusum: defaultCusumOptions,
  likelihood: defaultLikelihoodOptions,
  warmupSamples: 100,
  alertLevel: 0.5,
  refractorySamples: 200,
  resolveSamples: 24,
  escalation: true,
  huberK: 3,
  maxGapSteps: 1000,
  shiftEvidence: false,
  novelty: defaultNoveltyOptions,
  volatility: defaultVolatilityOptions,
  rangeTolerance: 0.05,
  trend: true,
};
