import { InvalidRequestError } from '@preempt/common';
import { checkId } from '@preempt/contracts';

import type { EvidenceEntry } from '../correlation/correlation.types';
import {
  SEVERITIES,
  type Severity,
  TICKET_STATUSES,
  type TicketStatus,
} from '../correlation/correlation.types';
import type { AuditRecord, TicketFilter, TicketRecord } from '../storage/ticket.record';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;
export const MAX_COMMENT_LENGTH = 2000;
export const MAX_ASSIGNEE_LENGTH = 100;
/** `?assignee=none`: the unassigned tickets (so nobody can be assigned under that name) */
export const UNASSIGNED = 'none';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Query string of GET /api/v1/tickets. */
export interface ListTicketsQuery {
  status?: string;
  severity?: string;
  tenant?: string;
  device?: string;
  /** a name, or `none` for the unassigned tickets */
  assignee?: string;
  limit?: string;
  cursor?: string;
}

/** Body of acknowledge / resolve / comments: `{"comment"?: string, "actor"?: string}`. */
export interface TicketActionDto {
  comment?: string;
  actor?: string;
}

/** Body of POST /tickets/{id}/assign: `{"assignee": string | null, "comment"?: string}`. */
export interface AssignTicketDto {
  assignee: string | null;
  comment?: string;
}

export interface PredictedBreachBandDto {
  earliest: string;
  latest: string;
}

export interface TicketResponseDto {
  id: string;
  tenant: string;
  device: string;
  /** the device's site tag when known */
  site: string | null;
  failureMode: string;
  severity: Severity;
  status: TicketStatus;
  detectedAt: string;
  openedAt: string;
  updatedAt: string;
  lastEvidenceAt: string;
  predictedBreachAt: string | null;
  predictedBreachBand: PredictedBreachBandDto | null;
  evidence: EvidenceEntry[];
  occurrenceCount: number;
  recommendedAction: string | null;
  version: number;
  resolvedAt: string | null;
  resolution: 'manual' | 'auto' | 'false_positive' | null;
  assignee: string | null;
  /** set while the device sends nothing (its last point); the ticket then stays open */
  deviceSilentSince: string | null;
}

export interface AuditEntryDto {
  seq: number;
  action: string;
  actor: string;
  at: string;
  comment: string | null;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  /** `assigned` entries: whom it was given to (null: unassigned) */
  assignee: string | null;
}

export interface TicketDetailResponseDto extends TicketResponseDto {
  audit: AuditEntryDto[];
}

export interface TicketListResponseDto {
  items: TicketResponseDto[];
  total: number;
  nextCursor: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toTicketDto(ticket: TicketRecord): TicketResponseDto {
  return {
    id: ticket.id,
    tenant: ticket.tenant,
    device: ticket.device,
    site: ticket.site,
    failureMode: ticket.failureMode,
    severity: ticket.severity,
    status: ticket.status,
    detectedAt: iso(ticket.detectedAt),
    openedAt: iso(ticket.openedAt),
    updatedAt: iso(ticket.updatedAt),
    lastEvidenceAt: iso(ticket.lastEvidenceAt),
    predictedBreachAt: ticket.predictedBreach ? iso(ticket.predictedBreach.at) : null,
    predictedBreachBand: ticket.predictedBreach
      ? { earliest: iso(ticket.predictedBreach.earliest), latest: iso(ticket.predictedBreach.latest) }
      : null,
    evidence: ticket.evidence,
    occurrenceCount: ticket.occurrenceCount,
    recommendedAction: ticket.recommendedAction,
    version: ticket.version,
    resolvedAt: ticket.resolvedAt === null ? null : iso(ticket.resolvedAt),
    resolution: ticket.resolution,
    assignee: ticket.assignee,
    deviceSilentSince: ticket.deviceSilentSince === null ? null : iso(ticket.deviceSilentSince),
  };
}

export function toTicketDetailDto(ticket: TicketRecord, audit: AuditRecord[]): TicketDetailResponseDto {
  return {
    ...toTicketDto(ticket),
    audit: audit.map((entry) => ({ ...entry, at: iso(entry.at) })),
  };
}

/** Validates the list query; every problem names its parameter. */
export function toTicketListQuery(query: Record<string, unknown>): {
  filter: TicketFilter;
  limit: number;
  cursor: string | null;
} {
  rejectUnknown(
    query,
    ['status', 'severity', 'tenant', 'device', 'assignee', 'limit', 'cursor'],
    'query parameter',
  );
  const status = single(query.status, 'status');
  if (status !== undefined && !TICKET_STATUSES.includes(status as TicketStatus))
    throw new InvalidRequestError(`"status" must be one of ${TICKET_STATUSES.join(', ')}`, 'status');
  const severity = single(query.severity, 'severity');
  if (severity !== undefined && !SEVERITIES.includes(severity as Severity))
    throw new InvalidRequestError(`"severity" must be one of ${SEVERITIES.join(', ')}`, 'severity');
  const tenant = single(query.tenant, 'tenant');
  const device = single(query.device, 'device');
  for (const [kind, id] of [
    ['tenant', tenant],
    ['device', device],
  ] as const) {
    const problem = id === undefined ? null : checkId(kind, id);
    if (problem) throw new InvalidRequestError(problem, kind);
  }
  const assignee = single(query.assignee, 'assignee');
  if (assignee !== undefined && assignee !== UNASSIGNED) checkAssignee(assignee.trim());
  const rawLimit = single(query.limit, 'limit');
  if (rawLimit !== undefined && (!/^\d{1,4}$/.test(rawLimit) || +rawLimit < 1 || +rawLimit > MAX_PAGE_LIMIT))
    throw new InvalidRequestError(`"limit" must be an integer from 1 to ${MAX_PAGE_LIMIT}`, 'limit');
  const cursor = single(query.cursor, 'cursor');
  if (cursor !== undefined && !/^\d{1,18}$/.test(cursor))
    throw new InvalidRequestError('"cursor" must be the nextCursor of a previous page', 'cursor');
  return {
    filter: {
      status: status as TicketStatus | undefined,
      severity: severity as Severity | undefined,
      tenant,
      device,
      ...(assignee === undefined ? {} : { assignee: assignee === UNASSIGNED ? null : assignee.trim() }),
    },
    limit: rawLimit === undefined ? DEFAULT_PAGE_LIMIT : Number(rawLimit),
    cursor: cursor ?? null,
  };
}

export function checkTicketId(id: string): string {
  if (!UUID.test(id))
    throw new InvalidRequestError(`ticket id must be a UUID, got "${id.slice(0, 64)}"`, 'id');
  return id.toLowerCase();
}

/**
 * Validates the body of acknowledge, resolve and comment; the actor is the caller's key, never the body.
 * Resolve also takes `"falsePositive": true`, which needs a comment (why the ticket was wrong).
 */
export function toTicketAction(
  body: unknown,
  actor: string,
  options: { commentRequired: boolean; falsePositive?: boolean },
): { comment: string | null; actor: string; falsePositive?: boolean } {
  const dto = body === undefined || body === null || (typeof body === 'object' && isEmpty(body)) ? {} : body;
  const shape = options.falsePositive
    ? '{"comment"?: string, "falsePositive"?: boolean}'
    : '{"comment"?: string}';
  if (typeof dto !== 'object' || Array.isArray(dto))
    throw new InvalidRequestError(`body must be a JSON object: ${shape}`, 'body');
  const fields = dto as Record<string, unknown>;
  rejectUnknown(fields, options.falsePositive ? ['comment', 'falsePositive'] : ['comment'], 'field');
  if (options.commentRequired && fields.comment === undefined)
    throw new InvalidRequestError('"comment" is required', 'comment');
  if (fields.falsePositive !== undefined && typeof fields.falsePositive !== 'boolean')
    throw new InvalidRequestError('"falsePositive" must be true or false', 'falsePositive');
  if (fields.falsePositive === true && fields.comment === undefined)
    throw new InvalidRequestError(
      '"comment" is required with "falsePositive": say why the ticket was wrong',
      'comment',
    );
  const comment = toComment(fields.comment);
  return fields.falsePositive === true ? { comment, actor, falsePositive: true } : { comment, actor };
}

/** Validates the body of assign: `assignee` is required (null unassigns); trimmed, 1-100 characters. */
export function toAssignment(
  body: unknown,
  actor: string,
): { assignee: string | null; comment: string | null; actor: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError(
      'body must be a JSON object: {"assignee": string | null, "comment"?: string}',
      'body',
    );
  const fields = body as Record<string, unknown>;
  rejectUnknown(fields, ['assignee', 'comment'], 'field');
  if (fields.assignee === undefined)
    throw new InvalidRequestError('"assignee" is required (null to unassign)', 'assignee');
  if (fields.assignee !== null && typeof fields.assignee !== 'string')
    throw new InvalidRequestError('"assignee" must be a string or null', 'assignee');
  const assignee = fields.assignee === null ? null : fields.assignee.trim();
  if (assignee !== null) {
    checkAssignee(assignee);
    if (assignee.toLowerCase() === UNASSIGNED)
      throw new InvalidRequestError(
        `"assignee" may not be "${UNASSIGNED}" (it lists unassigned tickets); use null to unassign`,
        'assignee',
      );
  }
  return { assignee, comment: toComment(fields.comment), actor };
}

function checkAssignee(assignee: string): void {
  if (assignee.length < 1 || assignee.length > MAX_ASSIGNEE_LENGTH)
    throw new InvalidRequestError(
      `"assignee" must be 1 to ${MAX_ASSIGNEE_LENGTH} characters (without surrounding blanks)`,
      'assignee',
    );

  if (/[\u0000-\u001f\u007f]/.test(assignee))
    throw new InvalidRequestError('"assignee" must not contain control characters', 'assignee');
}

function toComment(comment: unknown): string | null {
  if (comment === undefined) return null;
  if (typeof comment !== 'string') throw new InvalidRequestError('"comment" must be a string', 'comment');
  if (comment.trim() === '') throw new InvalidRequestError('"comment" must not be blank', 'comment');
  if (comment.length > MAX_COMMENT_LENGTH)
    throw new InvalidRequestError(`"comment" must be at most ${MAX_COMMENT_LENGTH} characters`, 'comment');
  return comment;
}

/** `If-Match: "3"` (or 3, or W/"3") -> 3; absent -> undefined. */
export function toExpectedVersion(ifMatch: string | string[] | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = typeof ifMatch === 'string' ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch) : null;
  if (!match)
    throw new InvalidRequestError('If-Match must be the ticket version as an ETag, e.g. "3"', 'If-Match');
  return Number(match[1]);
}

export function rejectUnknown(value: Record<string, unknown>, known: readonly string[], what: string): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined)
    throw new InvalidRequestError(
      `unknown ${what} "${unknown.slice(0, 64)}" (allowed: ${known.join(', ')})`,
      unknown,
    );
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new InvalidRequestError(`query parameter "${name}" must be given once`, name);
  return value;
}

function isEmpty(value: object): boolean {
  return !Array.isArray(value) && Object.keys(value).length === 0;
}
