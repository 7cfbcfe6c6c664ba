import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';
import type { Subject, Subscription } from 'rxjs';

import type { TicketLifecycleEvent } from '../tickets/ticket-lifecycle.event';
import { TICKET_EVENTS } from '../tokens';

// 1 min to 1 week: a NOC acknowledges in minutes, a slow fault resolves in days
const BUCKETS_SECONDS = [60, 300, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400, 259_200, 604_800];

/**
 * How long tickets wait for people, as Prometheus histograms (the live counterpart of GET
 * /api/v1/reports/operations): opening to acknowledgement, and opening to resolution by how it was resolved.
 * Each process observes the changes it makes; Prometheus sums the processes.
 */
@Injectable()
export class TicketTimingMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly toAcknowledge;
  private readonly toResolve;
  private subscription: Subscription | null = null;

  constructor(
    metrics: MetricsRegistry,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
  ) {
    this.toAcknowledge = metrics.histogram(
      'preempt_tickets_time_to_acknowledge_seconds',
      'From the opening of a ticket to its acknowledgement',
      BUCKETS_SECONDS,
      ['severity'],
    );
    this.toResolve = metrics.histogram(
      'preempt_tickets_time_to_resolve_seconds',
      'From the opening of a ticket to its resolution (manual, auto: recovered, false_positive)',
      BUCKETS_SECONDS,
      ['severity', 'resolution'],
    );
  }

  onModuleInit(): void {
    this.subscription = this.lifecycle.subscribe((event) => this.observe(event));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  observe(event: TicketLifecycleEvent): void {
    const { ticket } = event;
    const seconds = Math.max(0, event.at - ticket.openedAt) / 1000;
    if (event.type === 'TicketAcknowledged')
      this.toAcknowledge.observe({ severity: ticket.severity }, seconds);
    else if (event.type === 'TicketResolved')
      this.toResolve.observe(
        { severity: ticket.severity, resolution: ticket.resolution ?? 'manual' },
        seconds,
      );
  }
}
