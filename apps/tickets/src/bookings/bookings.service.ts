import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidRequestError, NotFoundError } from '@preempt/common';
import type { TicketLifecycleType } from '@preempt/contracts';
import type { Queryable } from '@preempt/storage';
import type { Subject } from 'rxjs';

import { NocState } from '../operations/noc-state';
import { NocRepository, type WindowRecord } from '../storage/noc.repository';
import type { AuditEntryAction, TicketRecord } from '../storage/ticket.record';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import { InvalidTransitionError } from '../tickets/ticket.errors';
import type { TicketLifecycleEvent } from '../tickets/ticket-lifecycle.event';
import { TICKET_EVENTS } from '../tokens';
import { type BookingImpact, type BookingRecord, BookingsRepository } from './bookings.repository';

export interface BookingInput {
  start: number;
  end: number;
  impact: BookingImpact;
  note: string | null;
}

const CHANGES: Record<
  'scheduled' | 'rescheduled' | 'cancelled' | 'completed',
  [TicketLifecycleType, AuditEntryAction]
> = {
  scheduled: ['MaintenanceScheduled', 'maintenance_scheduled'],
  rescheduled: ['MaintenanceRescheduled', 'maintenance_rescheduled'],
  cancelled: ['MaintenanceCancelled', 'maintenance_cancelled'],
  completed: ['MaintenanceCompleted', 'maintenance_completed'],
};

/**
 * Maintenance booked on a ticket (the fix, README "Booked maintenance"): a device-scoped maintenance window
 * for its time (no new ticket for that device then, no escalation, its points not learned), an audit entry
 * and a Maintenance* lifecycle event (the notifier tells the customer and reminds them), all in one
 * transaction with the ticket locked. Rescheduling moves the window; cancelling or completing removes it.
 */
@Injectable()
export class BookingsService {
  private readonly logger = new Logger(BookingsService.name);

  constructor(
    private readonly bookings: BookingsRepository,
    private readonly tickets: TicketRepository,
    private readonly noc: NocRepository,
    private readonly events: TicketEventsRepository,
    private readonly state: NocState,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
  ) {}

  list(ticketId: string): Promise<BookingRecord[]> {
    return this.bookings.list(ticketId);
  }

  book(ticket: TicketRecord, input: BookingInput, actor: string): Promise<BookingRecord> {
    return this.change(ticket.id, actor, 'scheduled', async (tx, locked, now) => {
      if (locked.status === 'resolved')
        throw new InvalidTransitionError(locked.id, locked.status, 'book maintenance', locked.version);
      const window = await this.noc.insertWindow(windowFor(locked, input, actor, now), tx);
      return this.bookings.insert(tx, {
        id: randomUUID(),
        ticketId: locked.id,
        windowId: window.id,
        ...input,
        status: 'scheduled',
        createdBy: actor,
        createdAt: now,
        updatedAt: now,
      });
    });
  }

  reschedule(
    ticket: TicketRecord,
    id: string,
    patch: Partial<BookingInput>,
    actor: string,
  ): Promise<BookingRecord> {
    return this.change(ticket.id, actor, 'rescheduled', async (tx, locked, now) => {
      const booking = await this.scheduled(tx, locked.id, id);
      const next = { ...booking, ...patch, updatedAt: now };
      if (next.end <= next.start) throw new InvalidRequestError('"end" must be after "start"', 'end');
      if (booking.windowId) await this.noc.deleteWindow(booking.windowId, tx);
      const window = await this.noc.insertWindow(windowFor(locked, next, actor, now), tx);
      return this.bookings.save(tx, { ...next, windowId: window.id });
    });
  }

  finish(
    ticket: TicketRecord,
    id: string,
    how: 'cancelled' | 'completed',
    note: string | null,
    actor: string,
  ) {
    return this.change(ticket.id, actor, how, async (tx, locked, now) => {
      const booking = await this.scheduled(tx, locked.id, id);
      if (booking.windowId) await this.noc.deleteWindow(booking.windowId, tx);
      return this.bookings.save(tx, {
        ...booking,
        windowId: null,
        status: how,
        note: note ?? booking.note,
        // completed early: the window ends now
        end: how === 'completed' ? Math.min(booking.end, Math.max(now, booking.start + 1)) : booking.end,
        updatedAt: now,
      });
    });
  }

  private async scheduled(tx: Queryable, ticketId: string, id: string): Promise<BookingRecord> {
    const booking = await this.bookings.find(tx, ticketId, id);
    if (!booking) throw new NotFoundError(`maintenance ${id} of ticket ${ticketId} does not exist`);
    if (booking.status !== 'scheduled')
      throw new InvalidRequestError(`maintenance ${id} is ${booking.status}: it can no longer change`, 'id');
    return booking;
  }

  private async change(
    ticketId: string,
    actor: string,
    kind: keyof typeof CHANGES,
    work: (tx: Queryable, ticket: TicketRecord, now: number) => Promise<BookingRecord>,
  ): Promise<BookingRecord> {
    const [type, action] = CHANGES[kind];
    const result = await this.tickets.db.transaction(async (tx) => {
      const now = Date.now();
      const ticket = await this.tickets.find(ticketId, tx, true);
      if (!ticket) throw new NotFoundError(`ticket ${ticketId} does not exist`);
      const booking = await work(tx, ticket, now);
      await this.tickets.touch(tx, ticket.id, now);
      const comment = `maintenance ${kind}: ${new Date(booking.start).toISOString()} - ${new Date(booking.end).toISOString()}, impact ${booking.impact}${booking.note ? ` (${booking.note})` : ''}`;
      await this.tickets.appendAudit(tx, ticket.id, { action, actor, comment }, now);
      const [event] = await this.events.append(tx, [
        { type, ticket, actor, at: now, comment, details: { maintenance: toBookingDto(booking) } },
      ]);
      return { booking, event };
    });
    this.logger.log(`Ticket ${ticketId}: ${result.event.comment} by ${actor}`);
    await this.state.refresh();
    this.lifecycle.next(result.event);
    return result.booking;
  }
}

export interface BookingDto {
  id: string;
  ticketId: string;
  windowId: string | null;
  start: string;
  end: string;
  impact: BookingImpact;
  note: string | null;
  status: BookingRecord['status'];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export function toBookingDto(b: BookingRecord): BookingDto {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: b.id,
    ticketId: b.ticketId,
    windowId: b.windowId,
    start: iso(b.start),
    end: iso(b.end),
    impact: b.impact,
    note: b.note,
    status: b.status,
    createdBy: b.createdBy,
    createdAt: iso(b.createdAt),
    updatedAt: iso(b.updatedAt),
  };
}

/** The booking's window: the ticket's device, its exact time (UTC, to the second, whole minutes long). */
function windowFor(ticket: TicketRecord, input: BookingInput, actor: string, now: number): WindowRecord {
  return {
    id: randomUUID(),
    tenant: ticket.tenant,
    devices: [ticket.device],
    site: null,
    start: new Date(input.start).toISOString().slice(0, 19),
    durationMinutes: Math.max(1, Math.ceil((input.end - input.start) / 60_000)),
    timeZone: 'UTC',
    rrule: null,
    comment: `maintenance booked on ticket ${ticket.id}${input.note ? `: ${input.note}` : ''}`,
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}
