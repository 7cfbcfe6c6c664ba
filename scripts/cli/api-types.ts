// The answers of the API the CLI reads. Keys come from libs/access (type only: the CLI loads no server code);
// tickets mirror TicketResponseDto in apps/tickets/src/tickets/tickets.dto.ts, which the tickets app does not
// export, narrowed to the members the CLI prints.
import type { KeyRecord, Role } from '@preempt/access';

export type { KeyRecord, Role };

export const ROLES = ['admin', 'noc', 'customer'] as const satisfies readonly Role[];
export const TICKET_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const SEVERITIES = ['critical', 'major', 'minor'] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Severity = (typeof SEVERITIES)[number];

/** 201 of POST /api/v1/keys: the record plus the key, shown this once. */
export interface CreatedKey extends KeyRecord {
  key: string;
}

export interface EvidenceSummary {
  metric: string;
  eventType: string;
  observed: number;
  expected: number;
}

export interface Ticket {
  id: string;
  tenant: string;
  device: string;
  failureMode: string;
  severity: Severity;
  status: TicketStatus;
  detectedAt: string;
  updatedAt: string;
  predictedBreachAt: string | null;
  predictedBreachBand: { earliest: string; latest: string } | null;
  evidence: EvidenceSummary[];
  occurrenceCount: number;
  recommendedAction: string | null;
  version: number;
  resolvedAt: string | null;
  resolution: 'manual' | 'auto' | null;
}

export interface AuditEntry {
  seq: number;
  action: string;
  actor: string;
  at: string;
  comment: string | null;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
}

export interface TicketDetail extends Ticket {
  audit: AuditEntry[];
}

export interface TicketPage {
  items: Ticket[];
  total: number;
  nextCursor: string | null;
}
