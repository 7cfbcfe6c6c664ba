import type { DeviceStatusEvent } from '@preempt/contracts';

import type { EvidenceEntry, TicketChange, TicketState } from './correlation.types';

/** The failure mode of a ticket opened because a device stopped reporting. */
export const DEVICE_SILENT = 'device_silent';

const RECOMMENDED_ACTION =
  'The device stopped sending telemetry: check its power, uplink and management plane, or whether it is down.';

export interface DeviceStatusInput {
  event: DeviceStatusEvent;
  /** the device's open and acknowledged tickets */
  openTickets: readonly TicketState[];
  /** open a `device_silent` ticket when the device has none (per-tenant DEVICE_SILENT_TICKETS) */
  openSilentTicket: boolean;
  newId: () => string;
}

/**
 * The rules of device silence (pure). Silence is not recovery: a device that goes dark with tickets open
 * may be the predicted outage itself.
 *
 * - `device_silent`: each open ticket is marked `deviceSilentSince` (the device's last point) with an
 *   `outage_suspected` change (lifecycle OutageSuspected, escalated at once); it no longer auto-resolves. A
 *   device without a ticket gets a `device_silent` ticket (major) when its tenant wants them.
 * - `device_reporting`: the marks are cleared and normal handling resumes (the silence rule of auto-resolution
 *   counts from now); a `device_silent` ticket resolves (auto).
 * Repeated states (a detector restarted and reports a silence again) change nothing.
 */
export function applyDeviceStatus(input: DeviceStatusInput): TicketChange[] {
  const { event } = input;
  const changes: TicketChange[] = [];
  const since = new Date(event.lastSeenAt).toISOString();
  if (event.type === 'device_silent') {
    for (const ticket of input.openTickets) {
      if (ticket.deviceSilentSince !== null || ticket.failureMode === DEVICE_SILENT) continue;
      changes.push({
        kind: 'outage_suspected',
        ticket: { ...ticket, deviceSilentSince: event.lastSeenAt, reportingSince: null },
        notes: [
          {
            action: 'outage_suspected',
            comment: `no telemetry since ${since} while this ticket is open: outage suspected (the ticket stays open)`,
            fromStatus: null,
            toStatus: null,
          },
        ],
      });
    }
    if (input.openTickets.length === 0 && input.openSilentTicket) changes.push(openSilent(input));
    return changes;
  }
  for (const ticket of input.openTickets) {
    if (ticket.deviceSilentSince === null) continue;
    if (ticket.failureMode === DEVICE_SILENT) {
      changes.push({
        kind: 'resolved',
        ticket: {
          ...ticket,
          status: 'resolved',
          resolution: 'auto',
          resolvedAt: event.at,
          deviceSilentSince: null,
          recoveredAt: event.at,
        },
        notes: [
          {
            action: 'resolved',
            comment: `auto-resolved: the device reports again (silent since ${since})`,
            fromStatus: ticket.status,
            toStatus: 'resolved',
          },
        ],
      });
    } else {
      changes.push({
        kind: 'updated',
        ticket: { ...ticket, deviceSilentSince: null, reportingSince: event.at },
        notes: [
          {
            action: 'device_reporting',
            comment: `the device reports again (silent since ${since})`,
            fromStatus: null,
            toStatus: null,
          },
        ],
      });
    }
  }
  return changes;
}

function openSilent({ event, newId }: DeviceStatusInput): TicketChange {
  const evidence: EvidenceEntry = {
    metric: 'telemetry',
    at: event.at,
    observed: 0,
    expected: 1,
    band: { lower: 1, upper: 1 },
    score: 1,
    component: 'silence',
    forecast: null,
    failureMode: DEVICE_SILENT,
    eventType: 'anomaly',
    anomalies: 1,
    forecasts: 0,
    firstAt: event.at,
    recoveredAt: null,
    breachedAt: null,
  };
  const ticket: TicketState = {
    id: newId(),
    tenant: event.tenant,
    device: event.device,
    failureMode: DEVICE_SILENT,
    severity: 'major',
    status: 'open',
    detectedAt: event.at,
    lastEvidenceAt: event.at,
    recoveredAt: null,
    predictedBreach: null,
    evidence: [evidence],
    occurrenceCount: 1,
    recommendedAction: RECOMMENDED_ACTION,
    resolution: null,
    resolvedAt: null,
    deviceSilentSince: event.lastSeenAt,
    reportingSince: null,
  };
  return {
    kind: 'opened',
    ticket,
    notes: [
      {
        action: 'opened',
        comment: `the device sent no telemetry since ${new Date(event.lastSeenAt).toISOString()}`,
        fromStatus: null,
        toStatus: 'open',
      },
    ],
  };
}
