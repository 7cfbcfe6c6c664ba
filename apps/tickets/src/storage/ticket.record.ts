import type { AuditAction, TicketState, TicketStatus } from '../correlation/correlation.types';

/** A stored ticket: the rules' state plus the wall-clock times and the optimistic version. */
export interface TicketRecord extends TicketState {
  /** wall clock */
  openedAt: number;
  /** wall clock of the latest change */
  updatedAt: number;
  version: number;
  /** who works on it (POST .../assign); null: nobody */
  assignee: string | null;
  /** the device's site tag when the ticket last changed; null: unknown */
  site: string | null;
}

export type AuditEntryAction =
  | AuditAction
  | 'acknowledged'
  | 'commented'
  | 'assigned'
  | 'escalated'
  | 'acknowledgement_expired'
  | 'renotified'
  | 'feedback_created'
  | 'feedback_revoked'
  | 'maintenance_scheduled'
  | 'maintenance_rescheduled'
  | 'maintenance_cancelled'
  | 'maintenance_completed';

export interface AuditRecord {
  seq: number;
  action: AuditEntryAction;
  actor: string;
  /** wall clock */
  at: number;
  comment: string | null;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  /** `assigned` entries: whom the ticket was given to (null: unassigned) */
  assignee: string | null;
}

export interface TicketFilter {
  status?: TicketStatus;
  severity?: TicketState['severity'];
  tenant?: string;
  device?: string;
  /** a name, or null for unassigned tickets */
  assignee?: string | null;
}

export interface TicketPage {
  items: TicketRecord[];
  total: number;
  /** seq of the last item when more may follow */
  nextCursor: string | null;
}
