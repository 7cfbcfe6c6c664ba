import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queryable } from '@preempt/storage';
import type { Subject } from 'rxjs';

import type { TicketsConfig } from '../config';
import type { TicketChange } from '../correlation/correlation.types';
import { NocState } from '../operations/noc-state';
import { NocRepository } from '../storage/noc.repository';
import type { TicketRecord } from '../storage/ticket.record';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import type { TicketLifecycleEvent } from '../tickets/ticket-lifecycle.event';
import { TICKET_EVENTS, TICKETS_CONFIG } from '../tokens';
import { type EscalationPolicy, policyFor, stepAt } from './escalation-policy';

/** While a silence with no end covers a ticket, its escalation is looked at again this often. */
const SILENCED_RECHECK_MS = 60_000;

/**
 * Escalation chains (README "Escalation"): armed when a ticket opens (or its acknowledgement expires),
 * stopped when it is acknowledged or resolved. The timers live in `ticket_escalations` (wall clock): the
 * sweep fires what is due, one step per transaction with the ticket and its escalation row locked and the
 * due time checked again, so a step fires once even with two tickets processes, and a restart neither
 * loses (an overdue step fires at the next sweep) nor repeats one. Inside a maintenance window or under a
 * silence a ticket does not escalate: its next step waits for the window's or silence's end.
 */
@Injectable()
export class Escalations {
  private readonly logger = new Logger(Escalations.name);
  private readonly policies: readonly EscalationPolicy[];
  private readonly ackExpiryMs: number;

  constructor(
    private readonly noc: NocRepository,
    private readonly tickets: TicketRepository,
    private readonly events: TicketEventsRepository,
    private readonly state: NocState,
    @Inject(TICKETS_CONFIG) config: TicketsConfig,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
  ) {
    this.policies = config.noc.escalationPolicies;
    this.ackExpiryMs = config.noc.ackExpiryMs;
  }

  get all(): readonly EscalationPolicy[] {
    return this.policies;
  }

  /** Arms the ticket's chain from step 0 at `now`; no policy for its severity: nothing escalates. */
  async arm(
    tx: Queryable,
    ticket: Pick<TicketRecord, 'id' | 'tenant' | 'severity'>,
    now: number,
  ): Promise<void> {
    const policy = policyFor(this.policies, ticket.tenant, ticket.severity);
    if (!policy) return;
    await this.noc.armEscalation(tx, ticket.id, policy.name, now, stepAt(policy, now, 0)!.at);
  }

  stop(tx: Queryable, ticketId: string): Promise<void> {
    return this.noc.stopEscalation(tx, ticketId);
  }

  /**
   * What the rules changed, inside their transaction: an opened or reopened ticket is armed; an outage
   * suspected on an open ticket escalates at once (its next step is due now); a raised severity moves the
   * chain to the new severity's policy (steps already fired count).
   */
  async onRuleChanges(
    tx: Queryable,
    written: readonly { change: TicketChange; record: TicketRecord; before?: TicketRecord }[],
    now: number,
  ): Promise<void> {
    for (const { change, record, before } of written) {
      if (record.status === 'resolved') await this.stop(tx, record.id);
      else if (change.kind === 'opened' || change.kind === 'reopened') await this.arm(tx, record, now);
      else if (change.kind === 'outage_suspected' && record.status === 'open') {
        const escalation = await this.noc.lockEscalation(tx, record.id);
        if (escalation) await this.noc.saveEscalation(tx, { ...escalation, nextAt: now });
        else await this.arm(tx, record, now);
      } else if (before && before.severity !== record.severity && record.status === 'open') {
        const escalation = await this.noc.lockEscalation(tx, record.id);
        const policy = policyFor(this.policies, record.tenant, record.severity);
        if (escalation && escalation.nextAt !== null && policy) {
          const next = stepAt(policy, escalation.armedAt, escalation.fired);
          await this.noc.saveEscalation(tx, { ...escalation, policy: policy.name, nextAt: next?.at ?? null });
        }
      }
    }
  }

  /**
   * Acknowledgements nobody followed up for ACK_EXPIRY (no comment, assignment or other human action)
   * expire: the ticket is open again and its chain starts over. Returns how many.
   */
  async expireAcknowledgements(now: number): Promise<number> {
    if (this.ackExpiryMs <= 0) return 0;
    let expired = 0;
    for (const id of await this.noc.staleAcknowledgements(now - this.ackExpiryMs)) {
      const event = await this.tickets.db.transaction(async (tx) => {
        const ticket = await this.tickets.find(id, tx, true);
        if (!ticket || ticket.status !== 'acknowledged') return null;
        const reopened = await this.tickets.setStatus(tx, id, 'open', ticket.version, now, { human: false });
        if (!reopened) return null;
        const comment = `acknowledgement expired: no action for ${Math.round(this.ackExpiryMs / 60_000)} min (ACK_EXPIRY)`;
        await this.tickets.appendAudit(
          tx,
          id,
          {
            action: 'acknowledgement_expired',
            actor: 'system',
            comment,
            fromStatus: 'acknowledged',
            toStatus: 'open',
          },
          now,
        );
        await this.arm(tx, reopened, now);
        const [appended] = await this.events.append(tx, [
          { type: 'TicketAcknowledgementExpired', ticket: reopened, actor: 'system', at: now, comment },
        ]);
        return appended;
      });
      if (event) {
        expired++;
        this.logger.log(`Ticket ${id} ${event.comment}`);
        this.lifecycle.next(event);
      }
    }
    return expired;
  }

  /** Fires every step due at `now` (overdue ones one after the other); returns how many fired. */
  async fireDue(now: number): Promise<number> {
    let fired = 0;
    for (let pass = 0; pass < 20; pass++) {
      const due = await this.noc.dueEscalations(now);
      if (due.length === 0) break;
      let progressed = 0;
      for (const id of due) {
        const outcome = await this.fireOne(id, now);
        if (outcome === 'fired') fired++;
        if (outcome !== 'skipped') progressed++;
      }
      if (progressed === 0) break;
    }
    return fired;
  }

  private async fireOne(
    ticketId: string,
    now: number,
  ): Promise<'fired' | 'postponed' | 'stopped' | 'skipped'> {
    let outcome: 'fired' | 'postponed' | 'stopped' | 'skipped' = 'skipped';
    const event = await this.tickets.db.transaction(async (tx) => {
      const ticket = await this.tickets.find(ticketId, tx, true);
      const escalation = await this.noc.lockEscalation(tx, ticketId);
      // another process fired it, or it was acknowledged, since the due list was read
      if (!ticket || !escalation || escalation.nextAt === null || escalation.nextAt > now) return null;
      if (ticket.status !== 'open') {
        await this.noc.saveEscalation(tx, { ...escalation, nextAt: null });
        outcome = 'stopped';
        return null;
      }
      const site = await this.tickets.siteOf(tx, ticket.tenant, ticket.device);
      const window = this.state.maintenanceAt({ tenant: ticket.tenant, device: ticket.device, site }, now);
      const silences = window ? [] : this.state.silencing(ticket, site, now);
      if (window || silences.length > 0) {
        const until = window
          ? window.occurrence.end
          : Math.min(...silences.map((s) => s.endsAt ?? now + SILENCED_RECHECK_MS));
        await this.noc.saveEscalation(tx, { ...escalation, nextAt: Math.max(until, now + 1000) });
        outcome = 'postponed';
        return null;
      }
      const policy =
        this.policies.find((p) => p.name === escalation.policy) ??
        policyFor(this.policies, ticket.tenant, ticket.severity);
      const step = policy ? stepAt(policy, escalation.armedAt, escalation.fired) : null;
      if (!policy || !step) {
        await this.noc.saveEscalation(tx, { ...escalation, nextAt: null });
        outcome = 'stopped';
        return null;
      }
      const reason =
        ticket.deviceSilentSince !== null
          ? 'outage suspected: the device stopped reporting'
          : `not acknowledged after ${Math.round((now - ticket.openedAt) / 60_000)} min`;
      const label = `step ${step.index + 1}/${policy.steps.length}${step.round > 0 ? ` (repeat ${step.round})` : ''}`;
      const comment = `escalated to ${step.step.target} (${policy.name} ${label}): ${reason}`;
      await this.tickets.appendAudit(tx, ticket.id, { action: 'escalated', actor: 'system', comment }, now);
      const next = stepAt(policy, escalation.armedAt, escalation.fired + 1);
      await this.noc.saveEscalation(tx, {
        ...escalation,
        fired: escalation.fired + 1,
        nextAt: next?.at ?? null,
      });
      outcome = 'fired';
      const [appended] = await this.events.append(tx, [
        {
          type: 'TicketEscalated',
          ticket,
          actor: 'system',
          at: now,
          comment,
          details: {
            policy: policy.name,
            step: step.index + 1,
            round: step.round,
            target: step.step.target,
            reason,
            nextAt: next ? new Date(next.at).toISOString() : null,
          },
        },
      ]);
      return appended;
    });
    if (event) {
      this.logger.log(`Ticket ${ticketId} ${event.comment}`);
      this.lifecycle.next(event);
    }
    return outcome;
  }
}
