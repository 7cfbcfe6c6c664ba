import type { CorrelationConfig } from './correlation.config';
import type { TicketChange, TicketState } from './correlation.types';

/**
 * Tickets to auto-resolve at event time `now`: every evidence metric is confirmed back to normal (a
 * `recovered` event after its latest abnormal one) and no abnormal evidence came for `resolveHoldMs`, or no abnormal evidence arrived for
 * `silenceResolveMs` while time went on (counted from when the device reported again, if it was silent).
 * A ticket of a silent device (`deviceSilentSince`) never auto-resolves: a device that stops reporting may
 * be the predicted outage itself. The audit note says so (actor 'system').
 *
 * @example dueAutoResolutions(tickets, watermark, config) // [{ kind: 'resolved', ticket, notes }]
 */
export function dueAutoResolutions(
  tickets: readonly TicketState[],
  now: number,
  config: Pick<CorrelationConfig, 'resolveHoldMs' | 'silenceResolveMs'>,
): TicketChange[] {
  const changes: TicketChange[] = [];
  for (const ticket of tickets) {
    if (ticket.status === 'resolved') continue;
    const reason = resolveReason(ticket, now, config);
    if (!reason) continue;
    changes.push({
      kind: 'resolved',
      ticket: { ...ticket, status: 'resolved', resolution: 'auto', resolvedAt: now },
      notes: [
        {
          action: 'resolved',
          comment: `auto-resolved: ${reason}`,
          fromStatus: ticket.status,
          toStatus: 'resolved',
        },
      ],
    });
  }
  return changes;
}

function resolveReason(
  ticket: TicketState,
  now: number,
  config: Pick<CorrelationConfig, 'resolveHoldMs' | 'silenceResolveMs'>,
): string | null {
  if (ticket.deviceSilentSince !== null) return null;
  if (ticket.recoveredAt !== null && now - ticket.recoveredAt >= config.resolveHoldMs) {
    return `back to normal for ${minutes(now - ticket.recoveredAt)} min of event time (hold ${minutes(config.resolveHoldMs)} min)`;
  }
  const quietSince = Math.max(ticket.lastEvidenceAt, ticket.reportingSince ?? Number.NEGATIVE_INFINITY);
  if (now - quietSince >= config.silenceResolveMs) {
    return `no abnormal evidence for ${minutes(now - quietSince)} min of event time`;
  }
  return null;
}

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}
