import type { EvidenceEntry, Resolution, Severity, TicketStatus } from '../correlation/correlation.types';
import type { AuditEntryAction, AuditRecord, TicketRecord } from './ticket.record';

/** Row shapes as pg / PGlite return them (timestamptz -> Date, bigserial -> string, jsonb -> parsed). */
export interface TicketRow {
  id: string;
  seq: string | number;
  tenant: string;
  device: string;
  failure_mode: string;
  severity: Severity;
  status: TicketStatus;
  detected_at: Date;
  opened_at: Date;
  updated_at: Date;
  last_evidence_at: Date;
  recovered_at: Date | null;
  predicted_breach_at: Date | null;
  predicted_breach_earliest: Date | null;
  predicted_breach_latest: Date | null;
  evidence: EvidenceEntry[];
  occurrence_count: number;
  recommended_action: string | null;
  version: number;
  resolved_at: Date | null;
  resolution: Resolution | null;
  assignee: string | null;
  device_silent_since: Date | null;
  reporting_since: Date | null;
}

export interface AuditRow {
  seq: number;
  action: AuditEntryAction;
  actor: string;
  at: Date;
  comment: string | null;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  assignee: string | null;
}

const ms = (value: Date | null): number | null => (value === null ? null : value.getTime());

export function toTicketRecord(row: TicketRow): TicketRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    device: row.device,
    failureMode: row.failure_mode,
    severity: row.severity,
    status: row.status,
    detectedAt: row.detected_at.getTime(),
    openedAt: row.opened_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    lastEvidenceAt: row.last_evidence_at.getTime(),
    recoveredAt: ms(row.recovered_at),
    predictedBreach:
      row.predicted_breach_at === null
        ? null
        : {
            at: row.predicted_breach_at.getTime(),
            earliest: row.predicted_breach_earliest!.getTime(),
            latest: row.predicted_breach_latest!.getTime(),
          },
    evidence: row.evidence,
    occurrenceCount: row.occurrence_count,
    recommendedAction: row.recommended_action,
    version: row.version,
    resolvedAt: ms(row.resolved_at),
    resolution: row.resolution,
    assignee: row.assignee,
    deviceSilentSince: ms(row.device_silent_since),
    reportingSince: ms(row.reporting_since),
  };
}

export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    action: row.action,
    actor: row.actor,
    at: row.at.getTime(),
    comment: row.comment,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    assignee: row.assignee,
  };
}
