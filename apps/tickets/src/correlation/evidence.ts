import type { BreachForecast, Evidence } from '@preempt/contracts';

import type { CorrelationConfig } from './correlation.config';
import type { AbnormalEventType, EvidenceEntry, Observation, PredictedBreach } from './correlation.types';

/**
 * Adds one abnormal observation to a ticket's evidence: one entry per metric keeps the latest evidence
 * (by event time; an older, late event only adds to the counts) and the counts. At most `maxMetrics`
 * entries: a new metric beyond that is counted on the ticket only.
 *
 * @example mergeEvidence([], { metric: 'temperature', ... }, 'forecast', 'overheating', 32) // one entry
 */
export function mergeEvidence(
  entries: readonly EvidenceEntry[],
  evidence: Evidence,
  type: AbnormalEventType,
  failureMode: string,
  maxMetrics: number,
): EvidenceEntry[] {
  const index = entries.findIndex((entry) => entry.metric === evidence.metric);
  const counts = { anomalies: type === 'anomaly' ? 1 : 0, forecasts: type === 'forecast' ? 1 : 0 };
  if (index < 0) {
    if (entries.length >= maxMetrics) return [...entries];
    const entry: EvidenceEntry = {
      ...evidence,
      failureMode,
      eventType: type,
      ...counts,
      firstAt: evidence.at,
      recoveredAt: null,
      breachedAt: beyondLimit(evidence, evidence.forecast) ? evidence.at : null,
    };
    return [...entries, entry];
  }
  const previous = entries[index];
  const newer = evidence.at >= previous.at;
  const breachedAt =
    previous.breachedAt ??
    (newer && beyondLimit(evidence, previous.forecast ?? evidence.forecast) ? evidence.at : null);
  const latest: EvidenceEntry = newer
    ? {
        ...previous,
        ...evidence,
        // an anomaly event may carry no forecast: keep the last one known for this metric; after the breach,
        // keep the last prediction made before it
        forecast:
          breachedAt !== null
            ? (previous.forecast ?? evidence.forecast)
            : (evidence.forecast ?? previous.forecast),
        eventType: type,
        breachedAt,
      }
    : { ...previous };
  latest.anomalies = previous.anomalies + counts.anomalies;
  latest.forecasts = previous.forecasts + counts.forecasts;
  latest.firstAt = Math.min(previous.firstAt, evidence.at);
  // abnormal evidence after a recovery means the metric is abnormal again
  latest.recoveredAt =
    previous.recoveredAt !== null && previous.recoveredAt >= latest.at ? previous.recoveredAt : null;
  const next = [...entries];
  next[index] = latest;
  return next;
}

/** Marks a metric recovered at `at` unless it was abnormal later than that (out-of-order events). */
/** Every candidate observation merged into `evidence` (in order; bounded by maxEvidenceMetrics). */
export function mergeCandidates(
  evidence: readonly EvidenceEntry[],
  candidates: readonly Observation[],
  config: Pick<CorrelationConfig, 'maxEvidenceMetrics'>,
): EvidenceEntry[] {
  let merged = [...evidence];
  for (const c of candidates) {
    merged = mergeEvidence(merged, c.evidence, c.type, c.failureMode, config.maxEvidenceMetrics);
  }
  return merged;
}

export function markRecovered(
  entries: readonly EvidenceEntry[],
  metric: string,
  at: number,
): EvidenceEntry[] {
  return entries.map((entry) => {
    if (entry.metric !== metric || at < entry.at) return entry;
    // back to normal since the first recovery after the latest abnormal point (repeats do not move it)
    if (entry.recoveredAt !== null && entry.recoveredAt <= at) return entry;
    return { ...entry, recoveredAt: at };
  });
}

/**
 * Since when the ticket's device is back to normal: when every metric has a `recovered` event after its
 * latest abnormal evidence, the latest abnormal evidence time; else null. (The detector sends `recovered`
 * only after its own hold, so "normal since" is the last bad point, not the confirmation.)
 */
export function ticketRecoveredAt(entries: readonly EvidenceEntry[]): number | null {
  if (entries.length === 0) return null;
  let since = 0;
  for (const entry of entries) {
    if (entry.recoveredAt === null) return null;
    since = Math.max(since, entry.at);
  }
  return since;
}

/**
 * The ticket's predicted breach: the earliest predicted crossing among the metrics' latest forecasts that
 * are still abnormal.
 */
export function predictedBreachOf(entries: readonly EvidenceEntry[]): PredictedBreach | null {
  let best: PredictedBreach | null = null;
  for (const entry of entries) {
    const forecast = entry.forecast;
    if (!forecast || entry.recoveredAt !== null) continue;
    if (best === null || forecast.predictedBreachAt < best.at) {
      best = { at: forecast.predictedBreachAt, earliest: forecast.earliest, latest: forecast.latest };
    }
  }
  return best;
}

export function maxScore(entries: readonly EvidenceEntry[]): number {
  return entries.reduce((max, entry) => Math.max(max, entry.score), 0);
}

function beyondLimit(evidence: Evidence, forecast: BreachForecast | null): boolean {
  if (!forecast) return false;
  return forecast.direction === 'up'
    ? evidence.observed >= forecast.limit
    : evidence.observed <= forecast.limit;
}
