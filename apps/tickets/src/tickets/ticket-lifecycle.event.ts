import type { TicketRecord } from '../storage/ticket.record';

export type TicketLifecycleType =
  'TicketOpened' | 'TicketReopened' | 'TicketUpdated' | 'TicketAcknowledged' | 'TicketResolved';

/** Emitted on the TICKET_EVENTS Subject after the change committed (at-most-once, in process). */
export interface TicketLifecycleEvent {
  type: TicketLifecycleType;
  ticket: TicketRecord;
  /** 'system' for the rules, else who called the API */
  actor: string;
  /** wall clock, epoch ms */
  at: number;
}
