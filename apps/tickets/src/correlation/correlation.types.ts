import type { DetectionEvent, Evidence } from '@preempt/contracts';

export type TicketStatus = 'open' | 'acknowledged' | 'resolved';
export type Severity = 'critical' | 'major' | 'minor';
/** manual: by the NOC; false_positive: by the NOC, as not a problem (feedback to the detector); auto: by the rules */
export type Resolution = 'manual' | 'auto' | 'false_positive';
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
  /**
   * event time from which the device sent nothing (its `device_silent` event), while it is silent: the
   * ticket is then never auto-resolved (silence is not recovery)
   */
  deviceSilentSince: number | null;
  /** event time at which a silent device reported again: the silence rule counts from then */
  reportingSince: number | null;
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
  /** the device's `site` tag, as its latest event had it (null: unknown) */
  site?: string | null;
}

export type AuditAction =
  | 'opened'
  | 'reopened'
  | 'evidence_added'
  | 'severity_changed'
  | 'failure_mode_changed'
  | 'resolved'
  | 'outage_suspected'
  | 'device_reporting';

/** What the store writes to the audit trail for a change the rules made (actor 'system'). */
export interface AuditNote {
  action: AuditAction;
  comment: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
}

export interface TicketChange {
  /** outage_suspected: the device went silent with the ticket open (an update, with its own lifecycle event) */
  kind: 'opened' | 'reopened' | 'updated' | 'resolved' | 'outage_suspected';
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
  /**
   * a maintenance window covers the device at the event: evidence still joins the device's open tickets,
   * and candidates still gather (so a condition still abnormal when the window ends opens its ticket at
   * once), but no ticket opens or reopens
   */
  suppressed?: boolean;
}

export interface CorrelationOutcome {
  device: DeviceState;
  changes: TicketChange[];
}
