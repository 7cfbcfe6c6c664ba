import type { DetectionEvent, Evidence } from '@preempt/contracts';

export type TicketStatus = 'open' | 'acknowledged' | 'resolved';
export type Severity = 'critical' | 'major' | 'minor';
export type Resolution = 'manual' | 'auto';
export type AbnormalEventType = 'anomaly' | 'forecast';

export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'acknowledged', 'resolved'];
export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor'];

/** The latest evidence of one metric on a ticket, with counts (bounded: one entry per metric). */
export interface EvidenceEntry extends Evidence {
  failureMode: string;
  /** type of the latest event of this metric */
  eventType: AbnormalEventType;
  anomalies: number;
  forecasts: number;
  /** event time of the first abnormal event of this metric on the ticket */
  firstAt: number;
  /** event time of the latest `recovered` event after `at`, or null while abnormal */
  recoveredAt: number | null;
  /**
   * event time at which the observed value first reached the forecast limit; from then on `forecast` stays
   * the last prediction made before the breach (later "breach is due now" forecasts do not replace it)
   */
  breachedAt: number | null;
}

export interface PredictedBreach {
  at: number;
  earliest: number;
  latest: number;
}

/** A ticket as the correlation rules see it (times are epoch ms). */
export interface TicketState {
  id: string;
  tenant: string;
  device: string;
  failureMode: string;
  severity: Severity;
  status: TicketStatus;
  /** event time of the deciding point */
  detectedAt: number;
  /** event time of the latest abnormal evidence */
  lastEvidenceAt: number;
  /** set once every evidence metric had a `recovered` event: normal since (the latest abnormal evidence) */
  recoveredAt: number | null;
  predictedBreach: PredictedBreach | null;
  evidence: EvidenceEntry[];
  occurrenceCount: number;
  recommendedAction: string | null;
  resolution: Resolution | null;
  /** when it was resolved: event time from the rules; the store keeps the wall clock (resolved_at) */
  resolvedAt: number | null;
}

/** An abnormal event waiting for persistence (the hysteresis candidates of a device). */
export interface Observation {
  id: string;
  type: AbnormalEventType;
  metric: string;
  failureMode: string;
  recommendedAction: string | null;
  at: number;
  evidence: Evidence;
}

/** Per device: the event-time watermark and the candidates not yet part of a ticket. */
export interface DeviceState {
  tenant: string;
  device: string;
  /** largest event time seen for this device (0 before the first event) */
  watermark: number;
  candidates: Observation[];
}

export type AuditAction =
  'opened' | 'reopened' | 'evidence_added' | 'severity_changed' | 'failure_mode_changed' | 'resolved';

/** What the store writes to the audit trail for a change the rules made (actor 'system'). */
export interface AuditNote {
  action: AuditAction;
  comment: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
}

export interface TicketChange {
  kind: 'opened' | 'reopened' | 'updated' | 'resolved';
  ticket: TicketState;
  notes: AuditNote[];
}

export interface CorrelationInput {
  event: DetectionEvent;
  device: DeviceState;
  /** the device's open and acknowledged tickets */
  openTickets: readonly TicketState[];
  /**
   * the device's auto-resolved tickets whose latest evidence is at most `reopenWindowMs` (event time)
   * before the event: persistent evidence of the same failure mode reopens one instead of opening another
   */
  reopenable?: readonly TicketState[];
  newId: () => string;
}

export interface CorrelationOutcome {
  device: DeviceState;
  changes: TicketChange[];
}
