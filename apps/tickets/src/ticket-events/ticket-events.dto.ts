import { InvalidRequestError } from '@preempt/common';

import type { Resolution, Severity, TicketStatus } from '../correlation/correlation.types';
import type { TicketRecord } from '../storage/ticket.record';
import type { TicketLifecycleDraft, TicketLifecycleType } from '../tickets/ticket-lifecycle.event';
import { rejectUnknown } from '../tickets/tickets.dto';

/** What a lifecycle event says about its ticket (GET /tickets/{id} has the rest). */
export interface TicketSummaryDto {
  id: string;
  tenant: string;
  device: string;
  failureMode: string;
  severity: Severity;
  status: TicketStatus;
  assignee: string | null;
  version: number;
  updatedAt: string;
  predictedBreachAt: string | null;
  resolution: Resolution | null;
  deviceSilentSince: string | null;
}

/** The stored part of an event (`ticket_events.payload`); the columns give the rest. */
export interface TicketEventPayload {
  ticket: TicketSummaryDto;
  comment: string | null;
  /** what the event type adds: TicketEscalated {step, round, target, policy, reason}, ... */
  details: Record<string, unknown> | null;
}

/** `data:` of a GET /api/v1/events message (and, later, of the relayed message). */
export interface TicketEventDto extends TicketEventPayload {
  /** the row id, also the SSE `id:` (strictly increasing) */
  id: number;
  type: TicketLifecycleType;
  at: string;
  actor: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toTicketSummaryDto(ticket: TicketRecord): TicketSummaryDto {
  return {
    id: ticket.id,
    tenant: ticket.tenant,
    device: ticket.device,
    failureMode: ticket.failureMode,
    severity: ticket.severity,
    status: ticket.status,
    assignee: ticket.assignee,
    version: ticket.version,
    updatedAt: iso(ticket.updatedAt),
    predictedBreachAt: ticket.predictedBreach ? iso(ticket.predictedBreach.at) : null,
    resolution: ticket.resolution,
    deviceSilentSince: ticket.deviceSilentSince === null ? null : iso(ticket.deviceSilentSince),
  };
}

export function toTicketEventPayload(event: TicketLifecycleDraft): TicketEventPayload {
  return { ticket: toTicketSummaryDto(event.ticket), comment: event.comment, details: event.details ?? null };
}

const EVENT_ID = /^\d{1,15}$/;

/**
 * Where a stream resumes: the `Last-Event-ID` header (what EventSource sends when it reconnects) wins
 * over `?lastEventId=` (what a client gives on its first connection). Null: from now on.
 */
export function toLastEventId(
  query: Record<string, unknown>,
  header: string | string[] | undefined,
): number | null {
  rejectUnknown(query, ['lastEventId'], 'query parameter');
  if (header !== undefined && header !== '') {
    if (typeof header !== 'string' || !EVENT_ID.test(header.trim()))
      throw new InvalidRequestError(
        'Last-Event-ID must be the id of an event of this stream',
        'Last-Event-ID',
      );
    return Number(header.trim());
  }
  const value = query.lastEventId;
  if (value === undefined) return null;
  if (typeof value !== 'string' || !EVENT_ID.test(value))
    throw new InvalidRequestError('"lastEventId" must be the id of an event of this stream', 'lastEventId');
  return Number(value);
}
