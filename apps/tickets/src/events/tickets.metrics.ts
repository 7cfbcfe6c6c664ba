import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import type { DetectionEventType } from '@preempt/contracts';

/** The tickets app's Prometheus metrics. */
@Injectable()
export class TicketsMetrics {
  private readonly events;
  private readonly invalid;
  private readonly changes;
  private readonly latency;
  private readonly streams;

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
  }

  event(type: DetectionEventType, result: 'applied' | 'duplicate' | 'failed'): void {
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
