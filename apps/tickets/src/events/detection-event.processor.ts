import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { KeyedQueue } from '@preempt/common';
import type { DetectionEvent } from '@preempt/contracts';
import type { Queryable } from '@preempt/storage';
import type { Subject } from 'rxjs';

import type { TicketsConfig } from '../config';
import { dueAutoResolutions } from '../correlation/auto-resolve';
import { correlate } from '../correlation/correlate';
import type { TicketChange } from '../correlation/correlation.types';
import type { TicketRecord } from '../storage/ticket.record';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import type { TicketLifecycleEvent, TicketLifecycleType } from '../tickets/ticket-lifecycle.event';
import { TICKET_EVENTS, TICKETS_CONFIG } from '../tokens';
import { TicketsMetrics } from './tickets.metrics';

const LIFECYCLE: Record<TicketChange['kind'], TicketLifecycleType> = {
  opened: 'TicketOpened',
  reopened: 'TicketReopened',
  updated: 'TicketUpdated',
  resolved: 'TicketResolved',
};

export type ApplyResult = 'applied' | 'duplicate';

interface Written {
  change: TicketChange;
  record: TicketRecord;
}

/**
 * Applies detection events to tickets: one transaction per event (event id recorded, device row and its
 * open tickets locked, rules applied, changes and their lifecycle events (the outbox) written), strictly in
 * order per device inside this process. Resolves after the commit, so the channel acknowledges only durable
 * work.
 */
@Injectable()
export class DetectionEventProcessor {
  private readonly logger = new Logger(DetectionEventProcessor.name);
  private readonly queue = new KeyedQueue();
  /** largest event time seen by this process: the clock of the auto-resolve sweep */
  private watermark = 0;

  constructor(
    private readonly repository: TicketRepository,
    private readonly events: TicketEventsRepository,
    @Inject(TICKETS_CONFIG) private readonly config: TicketsConfig,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
    private readonly metrics: TicketsMetrics,
  ) {}

  get eventTimeWatermark(): number {
    return this.watermark;
  }

  apply(event: DetectionEvent): Promise<ApplyResult> {
    return this.queue.run(`${event.tenant}\u0000${event.device}`, () => this.applyNow(event));
  }

  /** Auto-resolves the device's due tickets at event time `now` (the sweep for devices gone quiet). */
  resolveDue(tenant: string, device: string, now: number): Promise<number> {
    return this.queue.run(`${tenant}\u0000${device}`, async () => {
      const written = await this.repository.db.transaction(async (tx) => {
        const wall = Date.now();
        await this.repository.lockDevice(tx, tenant, device, wall);
        const open = await this.repository.lockOpenTickets(tx, tenant, device);
        const due = dueAutoResolutions(open, now, this.config.correlation);
        return this.record(tx, await this.write(tx, due, wall), wall);
      });
      this.publish(written);
      return written.changes.length;
    });
  }

  drain(): Promise<void> {
    return this.queue.drain();
  }

  private async applyNow(event: DetectionEvent): Promise<ApplyResult> {
    const result = await this.repository.db.transaction(async (tx) => {
      const wall = Date.now();
      if (!(await this.repository.markApplied(tx, event.id, wall))) return null;
      const device = await this.repository.lockDevice(tx, event.tenant, event.device, wall);
      const { reopenWindowMs } = this.config.correlation;
      const tickets = await this.repository.lockOpenTickets(
        tx,
        event.tenant,
        event.device,
        event.type === 'recovered' || reopenWindowMs <= 0 ? null : event.evidence.at - reopenWindowMs,
      );
      const openTickets = tickets.filter((t) => t.status !== 'resolved');
      const reopenable = tickets.filter((t) => t.status === 'resolved');
      const outcome = correlate(
        { event, device, openTickets, reopenable, newId: randomUUID },
        this.config.correlation,
      );
      await this.repository.saveDevice(tx, outcome.device, wall);
      return this.record(tx, await this.write(tx, outcome.changes, wall), wall);
    });
    this.watermark = Math.max(this.watermark, event.evidence.at);
    if (result === null) {
      this.metrics.event(event.type, 'duplicate');
      this.logger.debug(`Event ${event.id} (${event.tenant}/${event.device}) already applied`);
      return 'duplicate';
    }
    this.metrics.event(event.type, 'applied');
    this.publish(result);
    return 'applied';
  }

  private async write(tx: Queryable, changes: readonly TicketChange[], now: number): Promise<Written[]> {
    const written: Written[] = [];
    for (const change of changes) {
      const record =
        change.kind === 'opened'
          ? await this.repository.insertTicket(tx, change.ticket, now)
          : await this.repository.updateTicket(tx, change.ticket, now);
      for (const note of change.notes) {
        await this.repository.appendAudit(tx, record.id, { ...note, actor: 'system' }, now);
      }
      written.push({ change, record });
    }
    return written;
  }

  /** The changes' lifecycle events into the outbox: the transaction's last statements. */
  private async record(
    tx: Queryable,
    changes: Written[],
    now: number,
  ): Promise<{ changes: Written[]; events: TicketLifecycleEvent[] }> {
    const events = await this.events.append(
      tx,
      changes.map(({ change, record }) => ({
        type: LIFECYCLE[change.kind],
        ticket: record,
        actor: 'system',
        at: now,
        comment: change.notes.at(-1)?.comment ?? null,
      })),
    );
    return { changes, events };
  }

  private publish({ changes, events }: { changes: Written[]; events: TicketLifecycleEvent[] }): void {
    for (const { change, record } of changes) {
      this.metrics.ticketChange(change.kind, record.severity);
      if (change.kind !== 'updated') {
        this.logger.log(
          `Ticket ${record.id} ${change.kind} (${record.tenant}/${record.device} ${record.failureMode}, ${record.severity})`,
        );
      }
    }
    for (const event of events) this.lifecycle.next(event);
  }
}
