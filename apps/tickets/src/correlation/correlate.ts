import type { DetectionEvent } from '@preempt/contracts';

import { dueAutoResolutions } from './auto-resolve';
import type { CorrelationConfig } from './correlation.config';
import type {
  AbnormalEventType,
  AuditNote,
  CorrelationInput,
  CorrelationOutcome,
  DeviceState,
  Observation,
  TicketChange,
  TicketState,
} from './correlation.types';
import {
  markRecovered,
  maxScore,
  mergeCandidates,
  mergeEvidence,
  predictedBreachOf,
  ticketRecoveredAt,
} from './evidence';
import {
  addCandidate,
  describePersistence,
  findPersistence,
  interruptCandidates,
  type Persistence,
} from './hysteresis';
import { reopen, reopenTarget } from './reopen';
import { escalate, severityOf } from './severity';

/**
 * The correlation rules (pure): one detection event, the device's state and its open tickets in; the new
 * device state and the ticket changes out. The caller applies them in one transaction.
 *
 * - abnormal evidence (anomaly, forecast) goes to the device's open ticket that already has this metric,
 *   else the one with the same failure mode, else one detected within `groupWindowMs` of the event
 *   (several metrics of one device -> one ticket) or still active (abnormal evidence within
 *   `anomalyWindowMs`, not recovered: one ticket per device incident); otherwise it becomes a hysteresis candidate, and a
 *   ticket opens once the candidates are persistent (see `findPersistence`), or, when the same failure
 *   mode was auto-resolved within `reopenWindowMs`, that ticket reopens;
 * - `recovered` marks the metric back to normal on its ticket and interrupts its candidates;
 * - finally, tickets whose metrics have all been normal for `resolveHoldMs` (event time) auto-resolve.
 */
export function correlate(input: CorrelationInput, config: CorrelationConfig): CorrelationOutcome {
  const { event } = input;
  let device: DeviceState = {
    ...input.device,
    watermark: Math.max(input.device.watermark, event.evidence.at),
  };
  const tickets = new Map(input.openTickets.map((t) => [t.id, t]));
  const changes = new Map<string, TicketChange>();
  const record = (change: TicketChange) => {
    const previous = changes.get(change.ticket.id);
    changes.set(change.ticket.id, {
      kind: previous?.kind === 'opened' ? 'opened' : change.kind,
      ticket: change.ticket,
      notes: [...(previous?.notes ?? []), ...change.notes],
    });
    tickets.set(change.ticket.id, change.ticket);
  };

  if (event.type === 'recovered') {
    const metric = event.evidence.metric;
    device = { ...device, candidates: interruptCandidates(device.candidates, metric, event.evidence.at) };
    for (const ticket of tickets.values()) {
      if (!ticket.evidence.some((e) => e.metric === metric)) continue;
      const recovered = recover(ticket, metric, event.evidence.at);
      if (recovered !== ticket) record({ kind: 'updated', ticket: recovered, notes: [] });
    }
  } else {
    const target = findTarget([...tickets.values()], event, config);
    if (target) {
      const taken = [...tickets.values()].some(
        (t) => t.id !== target.id && t.status !== 'resolved' && t.failureMode === event.failureMode,
      );
      record(attach(target, event, event.type, config, !taken));
    } else {
      const candidates = addCandidate(device.candidates, toObservation(event, event.type), config);
      const persistence = input.suppressed ? null : findPersistence(candidates, config);
      if (persistence) {
        const previous = reopenTarget(input.reopenable ?? [], persistence, event.evidence.at, config);
        const { taken, kept } = takeFor(persistence, candidates);
        record(
          previous
            ? reopen(previous, persistence, taken, event.evidence.at, config)
            : open(device, persistence, taken, input.newId(), config),
        );
        device = { ...device, candidates: kept };
      } else {
        device = { ...device, candidates };
      }
    }
  }

  for (const resolved of dueAutoResolutions([...tickets.values()], device.watermark, config))
    record(resolved);
  return { device, changes: [...changes.values()] };
}

/**
 * The end of a maintenance window that covered the device: the candidates gathered meanwhile open their
 * ticket at once when they are persistent and still current (the latest within `anomalyWindowMs` of the
 * device's watermark): a condition still abnormal is not made to wait for a new hold. Null: nothing to open.
 */
export function correlateWindowEnd(
  device: DeviceState,
  openTickets: readonly TicketState[],
  config: CorrelationConfig,
  newId: () => string,
): CorrelationOutcome | null {
  const persistence = findPersistence(device.candidates, config);
  if (!persistence) return null;
  const latest = Math.max(...device.candidates.map((c) => c.at));
  if (device.watermark - latest > config.anomalyWindowMs) return null;
  if (openTickets.some((t) => t.failureMode === persistence.failureMode)) return null;
  const { taken, kept } = takeFor(persistence, device.candidates);
  const change = open(device, persistence, taken, newId(), config);
  change.notes[0] = {
    ...change.notes[0],
    comment: `still abnormal when its maintenance window ended: ${change.notes[0].comment}`,
  };
  return { device: { ...device, candidates: kept }, changes: [change] };
}

/**
 * The candidates a ticket opening on `persistence` takes: all of them (the deciding ones and the other metrics
 * seen meanwhile), except limit forecasts of another failure mode, which stay candidates: a predicted failure
 * gets a ticket of its own.
 */
function takeFor(
  persistence: Persistence,
  candidates: readonly Observation[],
): { taken: Observation[]; kept: Observation[] } {
  const own = (c: Observation) => c.type !== 'forecast' || c.failureMode === persistence.failureMode;
  return { taken: candidates.filter(own), kept: candidates.filter((c) => !own(c)) };
}

function findTarget(
  tickets: TicketState[],
  event: DetectionEvent,
  config: CorrelationConfig,
): TicketState | undefined {
  const at = event.evidence.at;
  return (
    tickets.find((t) => t.evidence.some((e) => e.metric === event.evidence.metric)) ??
    tickets.find((t) => t.failureMode === event.failureMode) ??
    // several metrics of one device going bad together, or while its incident is still active (evidence
    // within the anomaly window: what would otherwise gather into a second, overlapping ticket). A limit
    // forecast names its own failure: it joins a ticket of another failure mode only when that one has no
    // forecast of its own (opened on anomalies: the forecast then names it); two predicted failures are two
    // tickets (a degrading fibre on a device whose fan ticket is open must not hide in it).
    tickets
      .filter(
        (t) =>
          (event.type !== 'forecast' || t.predictedBreach === null) &&
          (Math.abs(at - t.detectedAt) <= config.groupWindowMs ||
            (t.recoveredAt === null && Math.abs(at - t.lastEvidenceAt) <= config.anomalyWindowMs)),
      )
      .sort((a, b) => b.lastEvidenceAt - a.lastEvidenceAt)[0]
  );
}

function toObservation(event: DetectionEvent, type: AbnormalEventType): Observation {
  return {
    id: event.id,
    type,
    metric: event.evidence.metric,
    failureMode: event.failureMode,
    recommendedAction: event.recommendedAction,
    at: event.evidence.at,
    evidence: event.evidence,
  };
}

function attach(
  ticket: TicketState,
  event: DetectionEvent,
  type: AbnormalEventType,
  config: CorrelationConfig,
  mayRename: boolean,
): TicketChange {
  const isNewMetric = !ticket.evidence.some((e) => e.metric === event.evidence.metric);
  const evidence = mergeEvidence(
    ticket.evidence,
    event.evidence,
    type,
    event.failureMode,
    config.maxEvidenceMetrics,
  );
  const lastEvidenceAt = Math.max(ticket.lastEvidenceAt, event.evidence.at);
  const predictedBreach = predictedBreachOf(evidence) ?? ticket.predictedBreach;
  const severity = escalate(
    ticket.severity,
    severityOf(predictedBreach, lastEvidenceAt, maxScore(evidence), config),
  );
  const notes: AuditNote[] = [];
  if (isNewMetric) {
    notes.push(
      note('evidence_added', `${event.evidence.metric} (${event.failureMode}, ${type}) joined the ticket`),
    );
  }
  if (severity !== ticket.severity) notes.push(note('severity_changed', `${ticket.severity} -> ${severity}`));
  // A ticket opened on anomalies names the failure after the metric the detector blamed, which at the onset
  // of a drift can be a co-varying metric that did not move; a forecast limit breach names it for sure.
  const renamed =
    mayRename && type === 'forecast' && event.failureMode !== ticket.failureMode && !hasForecast(ticket);
  if (renamed) {
    notes.push(
      note(
        'failure_mode_changed',
        `${ticket.failureMode} -> ${event.failureMode}: ${event.evidence.metric} is forecast to breach its limit`,
      ),
    );
  }
  const updated: TicketState = {
    ...ticket,
    failureMode: renamed ? event.failureMode : ticket.failureMode,
    evidence,
    lastEvidenceAt,
    recoveredAt: ticketRecoveredAt(evidence),
    predictedBreach,
    severity,
    occurrenceCount: ticket.occurrenceCount + 1,
    recommendedAction: renamed
      ? (event.recommendedAction ?? ticket.recommendedAction)
      : (ticket.recommendedAction ?? event.recommendedAction),
  };
  return { kind: 'updated', ticket: updated, notes };
}

/** The ticket already holds a limit forecast (before this event). */
function hasForecast(ticket: TicketState): boolean {
  return ticket.evidence.some((e) => e.forecasts > 0);
}

function recover(ticket: TicketState, metric: string, at: number): TicketState {
  const evidence = markRecovered(ticket.evidence, metric, at);
  const recoveredAt = ticketRecoveredAt(evidence);
  if (evidence.every((e, i) => e === ticket.evidence[i]) && recoveredAt === ticket.recoveredAt) return ticket;
  return { ...ticket, evidence, recoveredAt };
}

function open(
  device: DeviceState,
  persistence: Persistence,
  candidates: readonly Observation[],
  id: string,
  config: CorrelationConfig,
): TicketChange {
  // Every candidate of the device joins: the deciding ones and the other metrics seen meanwhile.
  const evidence = mergeCandidates([], candidates, config);
  const lastEvidenceAt = Math.max(...candidates.map((c) => c.at));
  const predictedBreach = predictedBreachOf(evidence);
  const action =
    [...persistence.observations].reverse().find((c) => c.recommendedAction !== null)?.recommendedAction ??
    candidates.find((c) => c.failureMode === persistence.failureMode && c.recommendedAction)
      ?.recommendedAction ??
    null;
  const ticket: TicketState = {
    id,
    tenant: device.tenant,
    device: device.device,
    failureMode: persistence.failureMode,
    severity: severityOf(predictedBreach, lastEvidenceAt, maxScore(evidence), config),
    status: 'open',
    detectedAt: persistence.detectedAt,
    lastEvidenceAt,
    recoveredAt: null,
    predictedBreach,
    evidence,
    occurrenceCount: candidates.length,
    recommendedAction: action,
    resolution: null,
    resolvedAt: null,
    deviceSilentSince: null,
    reportingSince: null,
  };
  const metrics = evidence.map((e) => e.metric).join(', ');
  const why = describePersistence(persistence);
  return {
    kind: 'opened',
    ticket,
    notes: [
      { action: 'opened', comment: `${why}; evidence: ${metrics}`, fromStatus: null, toStatus: 'open' },
    ],
  };
}

function note(action: AuditNote['action'], comment: string): AuditNote {
  return { action, comment, fromStatus: null, toStatus: null };
}
