import type { TicketRecord } from '../storage/ticket.record';

export type TicketLifecycleType =
  | 'TicketOpened'
  | 'TicketReopened'
  | 'TicketUpdated'
  | 'TicketAcknowledged'
  | 'TicketResolved'
  | 'TicketCommented'
  | 'TicketAssigned'
  /** an escalation step fired: details {step, round, target, policy, reason} */
  | 'TicketEscalated'
  /** the device went silent with the ticket open: details {deviceSilentSince} */
  | 'OutageSuspected'
  /** nobody acted on an acknowledged ticket for ACK_EXPIRY: it is open again and escalates */
  | 'TicketAcknowledgementExpired'
  /** a silence that covered the ticket ended while it is still failing: details {silence, reason} */
  | 'TicketRenotified';

/**
 * A change of a ticket. Written to the `ticket_events` outbox in the transaction of the change, then
 * emitted on the TICKET_EVENTS Subject after the commit (in process, at most once).
 */
export interface TicketLifecycleEvent {
  /** its row in `ticket_events`: ids grow in commit order */
  id: number;
  type: TicketLifecycleType;
  /** the ticket after the change */
  ticket: TicketRecord;
  /** 'system' for the rules, else the API key that acted ("name (key id)") */
  actor: string;
  /** wall clock, epoch ms */
  at: number;
  /** the audit comment that went with the change, if any */
  comment: string | null;
  /** what the event type adds (see each type); null for most */
  details?: Record<string, unknown> | null;
}

/** A lifecycle event before the outbox gave it its id. */
export type TicketLifecycleDraft = Omit<TicketLifecycleEvent, 'id'>;
