import type { DetectionEvent } from '@preempt/contracts';

import { correlate } from './correlate';
import { type CorrelationConfig, DEFAULT_CORRELATION_CONFIG } from './correlation.config';
import type { CorrelationOutcome, DeviceState, TicketState } from './correlation.types';

/**
 * The ticket rules replayed in memory: events applied like the service applies them (per device state,
 * its open tickets, the auto-resolved ones it may reopen), every ticket kept. The oracle of the benches and
 * the end-to-end tests, and the specs' driver of the rules.
 *
 * @example new CorrelationDriver().apply(...engine.process('acme', 'r1', points)).open()
 */
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
