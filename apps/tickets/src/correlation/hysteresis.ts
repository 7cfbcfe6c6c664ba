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
  const horizon = newest - Math.max(config.forecastWindowMs, config.anomalyWindowMs);
  const kept = all.filter((c) => c.at >= horizon);
  return kept.slice(Math.max(0, kept.length - config.maxCandidateObservations));
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
 * - forecast: >= forecastMinCount forecast points of one failure mode within forecastWindowMs, spanning
 *   >= forecastMinSpanMs;
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
    const window = earliestSatisfyingWindow(list, config.forecastWindowMs, (w) => {
      const points = new Set(w.map((c) => c.at)).size;
      return points >= config.forecastMinCount && w[w.length - 1].at - w[0].at >= config.forecastMinSpanMs;
    });
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
