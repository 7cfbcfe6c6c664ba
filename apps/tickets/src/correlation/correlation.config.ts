export const ANOMALY_OPENS = ['none', 'named', 'any'] as const;
export type AnomalyOpens = (typeof ANOMALY_OPENS)[number];

/**
 * Parameters of the correlation rules (README "Hysteresis" and "Severity"). All durations are event time,
 * in milliseconds: a replay at any speed takes the same decisions.
 */
export interface CorrelationConfig {
  /**
   * a forecast opens a ticket after this many forecast evaluations (distinct points) of one failure mode in
   * one run (no gap longer than forecastMaxGapMs)...
   */
  forecastMinCount: number;
  /**
   * ...spanning at least `forecastSpanShare` of the time to the predicted breach, clamped to
   * [forecastMinSpanMs, forecastMaxSpanMs]: a breach predicted a day ahead must be predicted for hours
   * (a surge, a cache refilling after a reload, a cycle whose amplitude changed all look like a trend for
   * an hour or two), one due within the hour opens at once
   */
  forecastMinSpanMs: number;
  forecastMaxSpanMs: number;
  forecastSpanShare: number;
  /** forecasts further apart than this start a new run */
  forecastMaxGapMs: number;
  /** forecast candidates older than this before the newest are forgotten (>= forecastMaxSpanMs) */
  forecastWindowMs: number;
  /** anomalies open a ticket after this many distinct anomalous points of one device (any metric)... */
  anomalyMinCount: number;
  /** ...within this window... */
  anomalyWindowMs: number;
  /** ...spanning at least this long (a burst of minutes, like a boot's CPU spike, is not persistent) */
  anomalyMinSpanMs: number;
  /**
   * which anomalies open a ticket by themselves (whatever this says, they join a device's open ticket as
   * evidence): `none` — only limit-breach forecasts (and device silence) open tickets; `named` — also
   * anomalies that name a failure mode (a catalog metric moving its failure direction); `any` — also those
   * that name none (failure mode `anomaly`: a metric outside the catalog, or one moving its harmless way)
   */
  anomalyOpens: AnomalyOpens;
  /** evidence of another failure mode joins a device's open ticket detected within this window */
  groupWindowMs: number;
  /** auto-resolve once every metric of the ticket has been back to normal this long */
  resolveHoldMs: number;
  /** auto-resolve once the device sent events but none abnormal for the ticket this long */
  silenceResolveMs: number;
  /**
   * an auto-resolved ticket whose failure mode is persistent again within this long (event time, from its
   * latest evidence) is reopened instead of a new one opening: one ticket per incident, even when the
   * evidence pauses for longer than the resolve hold (0: never reopen)
   */
  reopenWindowMs: number;
  /** time to predicted breach below which a ticket is critical */
  criticalWithinMs: number;
  /** time to predicted breach below which a ticket is major (else minor) */
  majorWithinMs: number;
  /** without a forecast: anomaly score from which a ticket is major (else minor) */
  majorScore: number;
  /** bounds of the stored state */
  maxEvidenceMetrics: number;
  maxCandidateObservations: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_CORRELATION_CONFIG: Readonly<CorrelationConfig> = Object.freeze({
  forecastMinCount: 3,
  forecastMinSpanMs: 15 * MINUTE,
  forecastMaxSpanMs: 4 * HOUR,
  forecastSpanShare: 0.2,
  forecastMaxGapMs: 30 * MINUTE,
  forecastWindowMs: 4 * HOUR,
  anomalyMinCount: 3,
  anomalyWindowMs: 30 * MINUTE,
  anomalyMinSpanMs: 30 * MINUTE,
  anomalyOpens: 'none',
  groupWindowMs: 10 * MINUTE,
  resolveHoldMs: 30 * MINUTE,
  silenceResolveMs: 6 * HOUR,
  reopenWindowMs: 12 * HOUR,
  criticalWithinMs: 4 * HOUR,
  majorWithinMs: 24 * HOUR,
  majorScore: 0.9,
  maxEvidenceMetrics: 32,
  maxCandidateObservations: 256,
});
