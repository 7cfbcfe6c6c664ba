import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queryable } from '@preempt/storage';
import type { Subject } from 'rxjs';

import type { TicketStatus } from '../correlation/correlation.types';
import type { AuditRecord, TicketFilter, TicketPage, TicketRecord } from '../storage/ticket.record';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import { TICKET_EVENTS } from '../tokens';
import { InvalidTransitionError, TicketNotFoundError, VersionMismatchError } from './ticket.errors';
import type { TicketLifecycleDraft, TicketLifecycleEvent } from './ticket-lifecycle.event';

interface Transition {
  verb: 'acknowledge' | 'resolve';
  from: readonly TicketStatus[];
  to: TicketStatus;
  action: 'acknowledged' | 'resolved';
  event: TicketLifecycleEvent['type'];
}

const ACKNOWLEDGE: Transition = {
  verb: 'acknowledge',
  from: ['open'],
  to: 'acknowledged',
  action: 'acknowledged',
  event: 'TicketAcknowledged',
};
const RESOLVE: Transition = {
  verb: 'resolve',
  from: ['open', 'acknowledged'],
  to: 'resolved',
  action: 'resolved',
  event: 'TicketResolved',
};

export interface ActionInput {
  actor: string;
  comment: string | null;
  expectedVersion?: number;
}

export interface AssignInput extends ActionInput {
  /** null: unassign */
  assignee: string | null;
}

type TicketDetail = { ticket: TicketRecord; audit: AuditRecord[] };

/**
 * The NOC's operations on tickets: read, acknowledge, resolve, comment, assign. Each change goes to the
 * audit trail and, in the same transaction, its lifecycle event to the outbox (`ticket_events`); the
 * event is emitted on TICKET_EVENTS after the commit.
 */
@Injectable()
export class TicketsService {
  private readonly logger = new Logger(TicketsService.name);

  constructor(
    private readonly repository: TicketRepository,
    private readonly events: TicketEventsRepository,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
  ) {}

  list(filter: TicketFilter, limit: number, cursor: string | null): Promise<TicketPage> {
    return this.repository.list(filter, limit, cursor);
  }

  async get(id: string): Promise<TicketDetail> {
    const ticket = await this.repository.find(id);
    if (!ticket) throw new TicketNotFoundError(id);
    return { ticket, audit: await this.repository.audit(id) };
  }

  acknowledge(id: string, input: ActionInput) {
    return this.transition(id, ACKNOWLEDGE, input);
  }

  resolve(id: string, input: ActionInput) {
    return this.transition(id, RESOLVE, input);
  }

  async comment(id: string, input: ActionInput & { comment: string }): Promise<TicketDetail> {
    const event = await this.repository.db.transaction(async (tx) => {
      const now = Date.now();
      const ticket = await this.repository.find(id, tx, true);
      if (!ticket) throw new TicketNotFoundError(id);
      await this.repository.appendAudit(
        tx,
        id,
        { action: 'commented', actor: input.actor, comment: input.comment },
        now,
      );
      return this.record(tx, {
        type: 'TicketCommented',
        ticket,
        actor: input.actor,
        at: now,
        comment: input.comment,
      });
    });
    this.lifecycle.next(event);
    return this.get(id);
  }

  /**
   * Gives the ticket to `assignee` (null: nobody). Not on a resolved ticket (409). The same assignee again
   * without a comment changes nothing.
   */
  async assign(id: string, input: AssignInput): Promise<TicketDetail> {
    const event = await this.repository.db.transaction(async (tx) => {
      const now = Date.now();
      const current = await this.lockForChange(tx, id, input);
      if (current.status === 'resolved')
        throw new InvalidTransitionError(id, current.status, 'assign', current.version);
      if (current.assignee === input.assignee && input.comment === null) return null;
      const ticket = await this.repository.setAssignee(tx, id, input.assignee, current.version, now);
      if (!ticket) throw new VersionMismatchError(id, current.version, current.version + 1);
      await this.repository.appendAudit(
        tx,
        id,
        { action: 'assigned', actor: input.actor, comment: input.comment, assignee: input.assignee },
        now,
      );
      return this.record(tx, {
        type: 'TicketAssigned',
        ticket,
        actor: input.actor,
        at: now,
        comment: input.comment,
      });
    });
    if (event) {
      this.logger.log(`Ticket ${id} assigned to ${input.assignee ?? 'nobody'} by ${input.actor}`);
      this.lifecycle.next(event);
    }
    return this.get(id);
  }

  /**
   * Lock the row, check the status (and the version when If-Match was sent), update, audit, commit.
   * Two concurrent acknowledgements serialise on the row lock: the second sees `acknowledged` -> 409.
   */
  private async transition(id: string, transition: Transition, input: ActionInput): Promise<TicketDetail> {
    const event = await this.repository.db.transaction(async (tx) => {
      const now = Date.now();
      const current = await this.lockForChange(tx, id, input);
      if (!transition.from.includes(current.status))
        throw new InvalidTransitionError(id, current.status, transition.verb, current.version);
      const updated = await this.repository.setStatus(tx, id, transition.to, current.version, now);
      if (!updated) throw new VersionMismatchError(id, current.version, current.version + 1);
      await this.repository.appendAudit(
        tx,
        id,
        {
          action: transition.action,
          actor: input.actor,
          comment: input.comment,
          fromStatus: current.status,
          toStatus: transition.to,
        },
        now,
      );
      return this.record(tx, {
        type: transition.event,
        ticket: updated,
        actor: input.actor,
        at: now,
        comment: input.comment,
      });
    });
    this.logger.log(`Ticket ${id} ${transition.action} by ${input.actor}`);
    this.lifecycle.next(event);
    return { ticket: event.ticket, audit: await this.repository.audit(id) };
  }

  /** Locks the ticket's row; checks the version the caller expects (If-Match). */
  private async lockForChange(tx: Queryable, id: string, input: ActionInput): Promise<TicketRecord> {
    const current = await this.repository.find(id, tx, true);
    if (!current) throw new TicketNotFoundError(id);
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
      throw new VersionMismatchError(id, input.expectedVersion, current.version);
    return current;
  }

  /** The change's lifecycle event into the outbox: the transaction's last statement. */
  private async record(tx: Queryable, draft: TicketLifecycleDraft): Promise<TicketLifecycleEvent> {
    const [event] = await this.events.append(tx, [draft]);
    return event;
  }
}
