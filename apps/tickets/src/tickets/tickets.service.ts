import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Subject } from 'rxjs';

import type { TicketStatus } from '../correlation/correlation.types';
import type { AuditRecord, TicketFilter, TicketPage, TicketRecord } from '../storage/ticket.record';
import { TicketRepository } from '../storage/ticket.repository';
import { TICKET_EVENTS } from '../tokens';
import { InvalidTransitionError, TicketNotFoundError, VersionMismatchError } from './ticket.errors';
import type { TicketLifecycleEvent } from './ticket-lifecycle.event';

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

/** The NOC's operations on tickets: read, acknowledge, resolve, comment (each change in the audit trail). */
@Injectable()
export class TicketsService {
  private readonly logger = new Logger(TicketsService.name);

  constructor(
    private readonly repository: TicketRepository,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
  ) {}

  list(filter: TicketFilter, limit: number, cursor: string | null): Promise<TicketPage> {
    return this.repository.list(filter, limit, cursor);
  }

  async get(id: string): Promise<{ ticket: TicketRecord; audit: AuditRecord[] }> {
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

  async comment(id: string, input: ActionInput & { comment: string }) {
    await this.repository.db.transaction(async (tx) => {
      const ticket = await this.repository.find(id, tx, true);
      if (!ticket) throw new TicketNotFoundError(id);
      await this.repository.appendAudit(
        tx,
        id,
        { action: 'commented', actor: input.actor, comment: input.comment },
        Date.now(),
      );
    });
    return this.get(id);
  }

  /**
   * Lock the row, check the status (and the version when If-Match was sent), update, audit, commit.
   * Two concurrent acknowledgements serialise on the row lock: the second sees `acknowledged` -> 409.
   */
  private async transition(id: string, transition: Transition, input: ActionInput) {
    const ticket = await this.repository.db.transaction(async (tx) => {
      const now = Date.now();
      const current = await this.repository.find(id, tx, true);
      if (!current) throw new TicketNotFoundError(id);
      if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
        throw new VersionMismatchError(id, input.expectedVersion, current.version);
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
      return updated;
    });
    this.logger.log(`Ticket ${id} ${transition.action} by ${input.actor}`);
    this.lifecycle.next({ type: transition.event, ticket, actor: input.actor, at: Date.now() });
    return { ticket, audit: await this.repository.audit(id) };
  }
}
