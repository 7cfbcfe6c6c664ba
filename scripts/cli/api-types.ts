// The answers of the API the CLI reads. Keys come from libs/access (type only: the CLI loads no server code);
// tickets mirror TicketResponseDto in apps/tickets/src/tickets/tickets.dto.ts, which the tickets app does not
// export, narrowed to the members the CLI prints; maintenance windows, silences and feedback mirror the
// answers of issue 10's endpoints as specified for them.
import type { KeyRecord, Role } from '@preempt/access';

import type { DurationStats, OperationsReport } from '../../apps/tickets/src';

export type { DurationStats, KeyRecord, OperationsReport, Role };

export const ROLES = ['admin', 'noc', 'customer'] as const satisfies readonly Role[];
export const TICKET_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export const SILENCE_STATES = ['active', 'expired'] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type SilenceState = (typeof SILENCE_STATES)[number];

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

/** Start and end, ISO 8601 UTC. */
export interface OccurrenceTimes {
  start: string;
  end: string;
}

export interface MaintenanceWindow {
  id: string;
  tenant: string;
  /** null: not by device (a site, or every device of the tenant) */
  devices: string[] | null;
  site: string | null;
  /** local wall time in timeZone */
  start: string;
  durationMinutes: number;
  timeZone: string;
  rrule: string | null;
  comment: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  active: boolean;
  currentOccurrence: OccurrenceTimes | null;
  nextOccurrence: OccurrenceTimes | null;
}

export interface Silence {
  id: string;
  tenant: string;
  device: string | null;
  site: string | null;
  failureMode: string | null;
  comment: string;
  startsAt: string;
  endsAt: string | null;
  untilResolved: boolean;
  ticketIds: string[];
  createdBy: string;
  createdAt: string;
  state: SilenceState;
  expiredAt: string | null;
  expiredBy: string | null;
}

export interface Feedback {
  id: string;
  tenant: string;
  device: string;
  failureMode: string;
  /** the series it applies to */
  metrics: string[];
  ticketId: string;
  comment: string;
  /** what it changes, in words (long: JSON output shows it) */
  rule: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** in force now: neither expired nor undone */
  active: boolean;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** GET /api/v1/retired-devices items; PUT adds `resolvedTickets`. */
export interface RetiredDevice {
  tenant: string;
  device: string;
  comment: string;
  retiredBy: string;
  retiredAt: string;
  resolvedTickets?: string[];
}
