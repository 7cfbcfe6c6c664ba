import {
  type DetectionEvent,
  detectionEventId,
  type DetectionEventType,
  type Evidence,
} from '@preempt/contracts';

export { CorrelationDriver } from '../src/correlation/correlation-driver';

/** Test factories and a tiny in-memory driver of the correlation rules (used by the specs). */
export const MIN = 60_000;
export const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

export const CATALOG: Record<string, { failureMode: string; action: string }> = {
  temperature: { failureMode: 'overheating', action: 'Check fans and airflow' },
  fan_speed: { failureMode: 'cooling_failure', action: 'Replace the fan tray' },
  optical_rx_power: { failureMode: 'optical_degradation', action: 'Clean or replace the optic' },
  psu_voltage: { failureMode: 'power_supply', action: 'Check the PSU' },
};

export function newEvent(
  type: DetectionEventType,
  at: number,
  overrides: { tenant?: string; device?: string; metric?: string; score?: number; breachAt?: number } = {},
): DetectionEvent {
  const tenant = overrides.tenant ?? 'acme';
  const device = overrides.device ?? 'rtr-01';
  const metric = overrides.metric ?? 'temperature';
  const catalog = CATALOG[metric] ?? { failureMode: 'anomaly', action: null };
  const evidence: Evidence = {
    metric,
    at,
    observed: 71,
    expected: 60,
    band: { lower: 55, upper: 65 },
    score: overrides.score ?? (type === 'anomaly' ? 0.7 : 0.2),
    component: type === 'forecast' ? 'trend' : type === 'anomaly' ? 'baseline' : null,
    forecast:
      type === 'forecast'
        ? {
            limit: 85,
            level: 'critical',
            direction: 'up',
            predictedBreachAt: overrides.breachAt ?? at + 6 * 60 * MIN,
            earliest: (overrides.breachAt ?? at + 6 * 60 * MIN) - 60 * MIN,
            latest: (overrides.breachAt ?? at + 6 * 60 * MIN) + 60 * MIN,
          }
        : null,
  };
  return {
    id: detectionEventId(type, tenant, device, metric, at),
    type,
    tenant,
    device,
    failureMode: catalog.failureMode,
    recommendedAction: catalog.action,
    evidence,
  };
}
