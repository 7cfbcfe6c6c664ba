import type { CorrelationConfig } from './correlation.config';
import type { Observation } from './correlation.types';

/** The failure mode of evidence that names none (a metric outside the catalog, or moving its harmless way). */
const UNNAMED = 'anomaly';

/** Why a set of candidates became persistent: the deciding observations and the failure mode they carry. */
export interface Persistence {
  rule: 'forecast' | 'anomaly';
  failureMode: string;
  /** event time of the deciding point: the latest of the observations that satisfied the rule */
  detectedAt: number;
  observations: Observation[];
}

/**
 * Adds an observation to a device's candidates: duplicates (same type, metric and time) are ignored,
 * observations older than the longest rule window before the newest are forgotten, and the list is
 * bounded (oldest dropped first). Sorted by event time, so late events land where they belong.
 */
/** Why a ticket opens (or reopens): for the audit trail. */
export function describePersistence(persistence: Persistence): string {
  return persistence.rule === 'forecast'
    ? `limit breach forecast on ${persistence.observations.length} evaluations`
    : `${persistence.observations.length} anomalous points`;
}

export function addCandidate(
  candidates: readonly Observation[],
  observation: Observation,
  config: CorrelationConfig,
): Observation[] {
  const duplicate = candidates.some(
    (c) => c.type === observation.type && c.metric === observation.metric && c.at === observation.at,
  );
  const all = duplicate ? [...candidates] : [...candidates, observation];
  all.sort((a, b) => a.at - b.at);
  const newest = all[all.length - 1]?.at ?? observation.at;
  // each kind is kept as long as its rule looks back: forecasts for hours, anomalies for their window
  const kept = all.filter(
    (c) => c.at >= newest - (c.type === 'forecast' ? config.forecastWindowMs : config.anomalyWindowMs),
  );
  // over the bound, the oldest anomalies go first: a forecast run being confirmed keeps its start
  let excess = kept.length - config.maxCandidateObservations;
  if (excess <= 0) return kept;
  const bounded = kept.filter((c) => c.type === 'forecast' || excess-- <= 0);
  return bounded.slice(Math.max(0, bounded.length - config.maxCandidateObservations));
}

/**
 * A `recovered` event interrupts the metric's evidence: its candidates up to that time no longer count
 * (persistence means without a break).
 */
export function interruptCandidates(
  candidates: readonly Observation[],
  metric: string,
  at: number,
): Observation[] {
  return candidates.filter((c) => c.metric !== metric || c.at > at);
}

/**
 * Checks the persistence rules on a device's candidates, newest window first:
 * - forecast: a run of forecast points of one failure mode (no gap over forecastMaxGapMs) with
 *   >= forecastMinCount points, spanning the confirmation its latest point asks for (`forecastSpan`);
 * - anomaly: >= anomalyMinCount distinct anomalous points of the device (any metric, any failure mode)
 *   within anomalyWindowMs; the ticket takes the failure mode with the most of them (ties: the latest).
 * Returns null while the evidence is not persistent.
 */
export function findPersistence(
  candidates: readonly Observation[],
  config: CorrelationConfig,
): Persistence | null {
  return forecastPersistence(candidates, config) ?? anomalyPersistence(candidates, config);
}

function forecastPersistence(
  candidates: readonly Observation[],
  config: CorrelationConfig,
): Persistence | null {
  const byMode = new Map<string, Observation[]>();
  for (const c of candidates) {
    if (c.type !== 'forecast') continue;
    byMode.set(c.failureMode, [...(byMode.get(c.failureMode) ?? []), c]);
  }
  let best: Persistence | null = null;
  for (const [failureMode, list] of byMode) {
    const window = earliestConfirmedRun(list, config);
    if (!window) continue;
    const detectedAt = window[window.length - 1].at;
    if (!best || detectedAt < best.detectedAt)
      best = { rule: 'forecast', failureMode, detectedAt, observations: window };
  }
  return best;
}

function anomalyPersistence(
  candidates: readonly Observation[],
  config: CorrelationConfig,
): Persistence | null {
  if (config.anomalyOpens === 'none') return null;
  const anomalies = candidates.filter(
    (c) => c.type === 'anomaly' && (config.anomalyOpens === 'any' || c.failureMode !== UNNAMED),
  );
  const window = earliestSatisfyingWindow(anomalies, config.anomalyWindowMs, (w) => {
    return (
      new Set(w.map((c) => `${c.metric}\u0000${c.at}`)).size >= config.anomalyMinCount &&
      w[w.length - 1].at - w[0].at >= config.anomalyMinSpanMs
    );
  });
  if (!window) return null;
  const counts = new Map<string, number>();
  for (const c of window) counts.set(c.failureMode, (counts.get(c.failureMode) ?? 0) + 1);
  let failureMode = window[window.length - 1].failureMode;
  for (const [mode, count] of counts) if (count > counts.get(failureMode)!) failureMode = mode;
  return { rule: 'anomaly', failureMode, detectedAt: window[window.length - 1].at, observations: window };
}

/**
 * How long a forecast must have held before it opens a ticket: `forecastSpanShare` of the time from `at` to
 * the predicted breach, within [forecastMinSpanMs, forecastMaxSpanMs]. The further ahead a breach is
 * predicted, the longer the prediction must hold; as the breach nears, the confirmation shortens (a breach
 * already due confirms after forecastMinSpanMs).
 * @example forecastSpan(at, at + 20 * HOUR, config) // 4 h with the defaults (20 % of 20 h)
 */
export function forecastSpan(at: number, predictedBreachAt: number, config: CorrelationConfig): number {
  const share = Math.max(0, predictedBreachAt - at) * config.forecastSpanShare;
  return Math.min(config.forecastMaxSpanMs, Math.max(config.forecastMinSpanMs, share));
}

/**
 * The earliest confirmed run of one failure mode's forecasts (sorted): consecutive points at most
 * forecastMaxGapMs apart, >= forecastMinCount distinct points, spanning at least what its latest point's
 * prediction asks for (`forecastSpan`). Returns the run up to the confirming point, or null.
 */
function earliestConfirmedRun(
  sorted: readonly Observation[],
  config: CorrelationConfig,
): Observation[] | null {
  let start = 0;
  let points = 0;
  for (let end = 0; end < sorted.length; end++) {
    const c = sorted[end];
    if (end > start && c.at - sorted[end - 1].at > config.forecastMaxGapMs) {
      start = end;
      points = 0;
    }
    if (end === start || c.at !== sorted[end - 1].at) points++;
    const breachAt = c.evidence.forecast?.predictedBreachAt ?? c.at;
    if (points >= config.forecastMinCount && c.at - sorted[start].at >= forecastSpan(c.at, breachAt, config))
      return sorted.slice(start, end + 1);
  }
  return null;
}

/**
 * The first window (sorted observations ending at some observation, reaching back `windowMs`) that satisfies
 * `ok`, so `detectedAt` is the event time at which the evidence first became persistent even when events
 * arrived out of order.
 */
function earliestSatisfyingWindow(
  sorted: readonly Observation[],
  windowMs: number,
  ok: (window: Observation[]) => boolean,
): Observation[] | null {
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end].at - sorted[start].at > windowMs) start++;
    const window = sorted.slice(start, end + 1);
    if (ok(window)) return window;
  }
  return null;
}
