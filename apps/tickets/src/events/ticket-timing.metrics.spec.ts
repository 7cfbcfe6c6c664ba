import { MetricsRegistry } from '@preempt/common';
import { Subject } from 'rxjs';

import type { TicketRecord } from '../storage/ticket.record';
import type { TicketLifecycleEvent } from '../tickets/ticket-lifecycle.event';
import { TicketTimingMetrics } from './ticket-timing.metrics';

const OPENED = Date.UTC(2026, 11, 1, 12);

function event(
  type: TicketLifecycleEvent['type'],
  afterMs: number,
  ticket: Partial<TicketRecord>,
): TicketLifecycleEvent {
  return {
    id: 1,
    type,
    ticket: { openedAt: OPENED, severity: 'major', resolution: null, ...ticket } as TicketRecord,
    actor: 'night shift',
    at: OPENED + afterMs,
    comment: null,
  };
}

describe('ticket timing metrics', () => {
  it('observes opening -> acknowledgement and opening -> resolution (by resolution) from the lifecycle events', async () => {
    const registry = new MetricsRegistry();
    const lifecycle = new Subject<TicketLifecycleEvent>();
    const timing = new TicketTimingMetrics(registry, lifecycle);
    timing.onModuleInit();
    lifecycle.next(event('TicketAcknowledged', 4 * 60_000, {}));
    lifecycle.next(event('TicketAcknowledged', 20 * 60_000, { severity: 'critical' }));
    lifecycle.next(event('TicketResolved', 3 * 3_600_000, { resolution: 'false_positive' }));
    lifecycle.next(event('TicketCommented', 60_000, {})); // not a timing
    timing.onModuleDestroy();
    lifecycle.next(event('TicketAcknowledged', 60_000, {})); // after shutdown: not observed

    const text = await registry.registry.metrics();
    expect(text).toContain('preempt_tickets_time_to_acknowledge_seconds_sum{severity="major"} 240');
    expect(text).toContain('preempt_tickets_time_to_acknowledge_seconds_count{severity="major"} 1');
    expect(text).toContain('preempt_tickets_time_to_acknowledge_seconds_bucket{le="300",severity="major"} 1');
    expect(text).toContain(
      'preempt_tickets_time_to_acknowledge_seconds_bucket{le="900",severity="critical"} 0',
    );
    expect(text).toContain(
      'preempt_tickets_time_to_resolve_seconds_sum{severity="major",resolution="false_positive"} 10800',
    );
  });
});
