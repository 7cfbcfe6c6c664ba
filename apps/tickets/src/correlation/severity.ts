import type { CorrelationConfig } from './correlation.config';
import type { PredictedBreach, Severity } from './correlation.types';

const RANK: Record<Severity, number> = { minor: 0, major: 1, critical: 2 };

/**
 * Severity from the time left until the predicted breach (measured from the latest evidence, event time):
 * critical below `criticalWithinMs` (4 h; also when the breach is already due), major below `majorWithinMs`
 * (24 h), else minor. Without a forecast, from the highest anomaly score: major from `majorScore` (0.9),
 * else minor; an anomaly alone is never critical.
 *
 * @example severityOf({ at: now + 3_600_000, ... }, now, 0.6, config) // 'critical'
 */
export function severityOf(
  breach: PredictedBreach | null,
  reference: number,
  score: number,
  config: Pick<CorrelationConfig, 'criticalWithinMs' | 'majorWithinMs' | 'majorScore'>,
): Severity {
  if (breach) {
    const left = breach.at - reference;
    if (left < config.criticalWithinMs) return 'critical';
    if (left < config.majorWithinMs) return 'major';
    return 'minor';
  }
  return score >= config.majorScore ? 'major' : 'minor';
}

/** Severity only escalates while a ticket is open (a receding forecast must not make it flap). */
export function escalate(current: Severity, proposed: Severity): Severity {
  return RANK[proposed] > RANK[current] ? proposed : current;
}
