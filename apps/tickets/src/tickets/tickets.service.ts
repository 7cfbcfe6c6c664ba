import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queryable } from '@preempt/storage';
import type { Subject } from 'rxjs';

import type { TicketsConfig } from '../config';
import type { TicketStatus } from '../correlation/correlation.types';
import { Escalations } from '../escalation/escalations';
import { NocState } from '../operations/noc-state';
import { NocRepository } from '../storage/noc.repository';
import type { AuditRecord, TicketFilter, TicketPage, TicketRecord } from '../storage/ticket.record';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import { TICKET_EVENTS, TICKETS_CONFIG } from '../tokens';
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
  /** resolve only: the ticket was wrong (the comment says why); feedback goes to the detector */
  falsePositive?: boolean;
  /** resolve only: the device was retired (decommissioned); the event says so (details.retired) */
  retired?: boolean;
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
    private readonly escalations: Escalations,
    private readonly noc: NocRepository,
    private readonly state: NocState,
    @Inject(TICKETS_CONFIG) private readonly config: TicketsConfig,
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

  async resolve(id: string, input: ActionInput) {
    const detail = await this.transition(id, RESOLVE, input);
    // the detectors get the new feedback rule now (and at every sweep until they have it)
    if (input.falsePositive) await this.state.refresh();
    return detail;
  }

  async comment(id: string, input: ActionInput & { comment: string }): Promise<TicketDetail> {
    const event = await this.repository.db.transaction(async (tx) => {
      const now = Date.now();
      const ticket = await this.repository.find(id, tx, true);
      if (!ticket) throw new TicketNotFoundError(id);
      await this.repository.touch(tx, id, now);
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
      const resolution = input.falsePositive ? 'false_positive' : 'manual';
      const updated = await this.repository.setStatus(tx, id, transition.to, current.version, now, {
        resolution,
      });
      if (!updated) throw new VersionMismatchError(id, current.version, current.version + 1);
      await this.escalations.stop(tx, id);
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
      const feedback = input.falsePositive ? await this.feedback(tx, updated, input, now) : null;
      return this.record(tx, {
        type: transition.event,
        ticket: updated,
        actor: input.actor,
        at: now,
        comment: input.comment,
        details: feedback
          ? { falsePositive: true, feedback: feedback.id }
          : input.retired
            ? { retired: true }
            : null,
      });
    });
    this.logger.log(
      `Ticket ${id} ${transition.action}${input.falsePositive ? ' as a false positive' : ''} by ${input.actor}`,
    );
    this.lifecycle.next(event);
    return { ticket: event.ticket, audit: await this.repository.audit(id) };
  }

  /**
   * The false-positive feedback rule of a ticket resolved as wrong (README "False-positive feedback"): its
   * device, failure mode and evidence metrics, for FEEDBACK_TTL; on the ticket's audit trail.
   */
  private async feedback(tx: Queryable, ticket: TicketRecord, input: ActionInput, now: number) {
    const expiresAt = now + this.config.noc.feedbackTtlMs;
    const rule = await this.noc.insertFeedback(tx, {
      id: randomUUID(),
      tenant: ticket.tenant,
      device: ticket.device,
      failureMode: ticket.failureMode,
      metrics: [...new Set(ticket.evidence.map((e) => e.metric))],
      ticketId: ticket.id,
      comment: input.comment ?? '',
      createdBy: input.actor,
      createdAt: now,
      expiresAt,
      revokedAt: null,
      revokedBy: null,
    });
    await this.repository.appendAudit(
      tx,
      ticket.id,
      {
        action: 'feedback_created',
        actor: input.actor,
        comment:
          `feedback ${rule.id}: until ${new Date(expiresAt).toISOString()}, ${ticket.failureMode} on ` +
          `${rule.metrics.join(', ')} of ${ticket.device} needs a value beyond its warning limit to count ` +
          `(undo: DELETE /api/v1/feedback/${rule.id})`,
      },
      now,
    );
    return rule;
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
