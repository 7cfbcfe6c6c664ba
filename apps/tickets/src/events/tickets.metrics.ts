import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import type { DetectionEventType, DeviceStatusType } from '@preempt/contracts';

/** The tickets app's Prometheus metrics. */
@Injectable()
export class TicketsMetrics {
  private readonly events;
  private readonly invalid;
  private readonly changes;
  private readonly latency;
  private readonly streams;
  private readonly suppressedEvidence;

  constructor(metrics: MetricsRegistry) {
    this.events = metrics.counter('preempt_tickets_events_total', 'Detection events by type and result', [
      'type',
      'result',
    ]);
    this.invalid = metrics.counter(
      'preempt_tickets_events_invalid_total',
      'Detection events dropped as invalid',
    );
    this.changes = metrics.counter('preempt_tickets_changes_total', 'Ticket changes made by the rules', [
      'kind',
      'severity',
    ]);
    this.latency = metrics.histogram(
      'preempt_tickets_event_duration_seconds',
      'From receipt of a detection event to its commit',
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    this.streams = metrics.gauge('preempt_tickets_event_streams', 'Open GET /api/v1/events streams');
    this.suppressedEvidence = metrics.counter(
      'preempt_tickets_evidence_suppressed_total',
      'Abnormal evidence that opened no ticket: its device was in a maintenance window',
    );
  }

  suppressed(): void {
    this.suppressedEvidence.inc();
  }

  event(
    type: DetectionEventType | DeviceStatusType,
    result: 'applied' | 'duplicate' | 'failed' | 'retired',
  ): void {
    this.events.inc({ type, result });
  }

  invalidEvent(): void {
    this.invalid.inc();
  }

  ticketChange(kind: string, severity: string): void {
    this.changes.inc({ kind, severity });
  }

  eventStreams(open: number): void {
    this.streams.set(open);
  }

  done(receivedAt: number): void {
    this.latency.observe((Date.now() - receivedAt) / 1000);
  }
}
