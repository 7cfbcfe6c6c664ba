/**
 * Ticket lifecycle events as the tickets service relays them (at least once, in commit order per ticket) on
 * `ticket-events/{tenant}/{ticketId}`, from its transactional outbox (`ticket_events`); the same JSON as a
 * `GET /api/v1/events` message's `data:`. `id` is the outbox row id: unique and increasing, so a consumer
 * deduplicates on it. Consumers: apps/notifier (customer notices, NOC on-call).
 */
export const TICKET_LIFECYCLE_TYPES = [
  'TicketOpened',
  'TicketReopened',
  'TicketUpdated',
  'TicketAcknowledged',
  'TicketResolved',
  'TicketCommented',
  'TicketAssigned',
  'TicketEscalated',
  'OutageSuspected',
  'TicketAcknowledgementExpired',
  'TicketRenotified',
  'MaintenanceScheduled',
  'MaintenanceRescheduled',
  'MaintenanceCancelled',
  'MaintenanceCompleted',
] as const;

export type TicketLifecycleType = (typeof TICKET_LIFECYCLE_TYPES)[number];

/** What a lifecycle event says about its ticket (GET /api/v1/tickets/{id} has the rest). Times are ISO 8601. */
export interface TicketSummary {
  id: string;
  tenant: string;
  device: string;
  /** the device's `site` tag when known */
  site: string | null;
  failureMode: string;
  severity: 'critical' | 'major' | 'minor';
  status: 'open' | 'acknowledged' | 'resolved';
  assignee: string | null;
  version: number;
  updatedAt: string;
  predictedBreachAt: string | null;
  predictedBreachBand: { earliest: string; latest: string } | null;
  recommendedAction: string | null;
  resolution: 'manual' | 'auto' | 'false_positive' | null;
  deviceSilentSince: string | null;
}

export interface TicketLifecycleMessage {
  /** the outbox row id: unique, increasing in commit order */
  id: number;
  type: TicketLifecycleType;
  /** wall clock of the change */
  at: string;
  /** 'system' for the rules, else the API key that acted ("name (key id)") */
  actor: string;
  comment: string | null;
  /**
   * what the type adds: TicketEscalated {policy, step, round, target, reason, nextAt}; OutageSuspected
   * {deviceSilentSince}; TicketRenotified {silence, reason}; TicketResolved {falsePositive, feedback};
   * Maintenance* {maintenance: {id, windowId, start, end, impact, note}}; any: {silencedBy: [silence ids]}
   */
  details: Record<string, unknown> | null;
  ticket: TicketSummary;
}

/** `ticket-events/{tenant}/{ticketId}` */
export const TICKET_LIFECYCLE_PATTERN = 'ticket-events/+/+';

export function ticketLifecycleTopic(tenant: string, ticketId: string): string {
  return `ticket-events/${tenant}/${ticketId}`;
}

/** Validates a relayed lifecycle message; the reason names the first problem. */
export function parseTicketLifecycleMessage(
  payload: Uint8Array | string,
): { ok: true; message: TicketLifecycleMessage } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof json !== 'object' || json === null) return { ok: false, reason: 'not an object' };
  const m = json as Record<string, unknown>;
  if (!Number.isSafeInteger(m.id) || (m.id as number) < 1)
    return { ok: false, reason: '"id" must be a positive integer' };
  if (!TICKET_LIFECYCLE_TYPES.includes(m.type as TicketLifecycleType))
    return { ok: false, reason: `"type" must be one of ${TICKET_LIFECYCLE_TYPES.join(', ')}` };
  if (typeof m.at !== 'string' || Number.isNaN(Date.parse(m.at)))
    return { ok: false, reason: '"at" must be an ISO time' };
  if (typeof m.actor !== 'string') return { ok: false, reason: '"actor" must be a string' };
  if (m.comment !== null && typeof m.comment !== 'string')
    return { ok: false, reason: '"comment" must be a string or null' };
  if (m.details !== null && (typeof m.details !== 'object' || Array.isArray(m.details)))
    return { ok: false, reason: '"details" must be an object or null' };
  const t = m.ticket as Record<string, unknown> | null;
  if (typeof t !== 'object' || t === null) return { ok: false, reason: '"ticket" must be an object' };
  for (const field of ['id', 'tenant', 'device', 'failureMode', 'severity', 'status', 'updatedAt'] as const)
    if (typeof t[field] !== 'string') return { ok: false, reason: `"ticket.${field}" must be a string` };
  return { ok: true, message: json as TicketLifecycleMessage };
}
