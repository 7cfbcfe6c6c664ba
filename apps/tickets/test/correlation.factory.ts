import {
  detectionEventId,
  type DetectionEvent,
  type DetectionEventType,
  type Evidence,
} from '@preempt/contracts';

import { DEFAULT_CORRELATION_CONFIG, type CorrelationConfig } from '../src/correlation/correlation.config';
import type { CorrelationOutcome, DeviceState, TicketState } from '../src/correlation/correlation.types';
import { correlate } from '../src/correlation/correlate';

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

/** Applies events like the service does (per device state, open tickets), keeping every ticket. */
export class CorrelationDriver {
  readonly tickets = new Map<string, TicketState>();
  readonly devices = new Map<string, DeviceState>();
  readonly outcomes: CorrelationOutcome[] = [];
  private ids = 0;

  constructor(readonly config: CorrelationConfig = DEFAULT_CORRELATION_CONFIG) {}

  apply(...events: DetectionEvent[]): this {
    for (const event of events) {
      const key = `${event.tenant}/${event.device}`;
      const device = this.devices.get(key) ?? {
        tenant: event.tenant,
        device: event.device,
        watermark: 0,
        candidates: [],
      };
      const mine = [...this.tickets.values()].filter(
        (t) => t.tenant === event.tenant && t.device === event.device,
      );
      const openTickets = mine.filter((t) => t.status !== 'resolved');
      // what the repository selects: auto-resolved with evidence within the reopen window
      const reopenable = mine.filter(
        (t) =>
          t.status === 'resolved' &&
          t.resolution === 'auto' &&
          event.type !== 'recovered' &&
          t.lastEvidenceAt >= event.evidence.at - this.config.reopenWindowMs,
      );
      const outcome = correlate(
        { event, device, openTickets, reopenable, newId: () => `t${++this.ids}` },
        this.config,
      );
      this.devices.set(key, outcome.device);
      for (const change of outcome.changes) this.tickets.set(change.ticket.id, change.ticket);
      this.outcomes.push(outcome);
    }
    return this;
  }

  all(): TicketState[] {
    return [...this.tickets.values()];
  }

  open(): TicketState[] {
    return this.all().filter((t) => t.status !== 'resolved');
  }
}
