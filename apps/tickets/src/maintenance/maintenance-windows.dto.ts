import { InvalidRequestError } from '@preempt/common';
import {
  checkId,
  checkTag,
  nextOccurrence,
  occurrenceAt,
  parseSchedule,
  type Schedule,
} from '@preempt/contracts';

import type { WindowRecord } from '../storage/noc.repository';
import { rejectUnknown } from '../tickets/tickets.dto';

const MAX_DEVICES = 1000;
const MAX_COMMENT = 2000;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Body of POST /api/v1/maintenance-windows (PATCH: any of them but tenant). */
export interface MaintenanceWindowBody {
  tenant: string;
  /** the devices it covers; omitted: every device of the tenant (or of `site`) */
  devices?: string[] | null;
  /** the devices whose `site` tag is this */
  site?: string | null;
  /** local wall time in `timeZone`: 2027-03-28T01:30 */
  start: string;
  durationMinutes: number;
  /** IANA time zone: Europe/Paris */
  timeZone: string;
  /** RFC 5545 RRULE without DTSTART: FREQ=WEEKLY;BYDAY=SU; omitted: once */
  rrule?: string | null;
  comment: string;
}

export interface OccurrenceDto {
  start: string;
  end: string;
}

export interface MaintenanceWindowDto {
  id: string;
  tenant: string;
  devices: string[] | null;
  site: string | null;
  start: string;
  durationMinutes: number;
  timeZone: string;
  rrule: string | null;
  comment: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** an occurrence holds now */
  active: boolean;
  currentOccurrence: OccurrenceDto | null;
  /** the next occurrence that has not ended (the current one while active) */
  nextOccurrence: OccurrenceDto | null;
}

export type WindowFields = Pick<
  WindowRecord,
  'tenant' | 'devices' | 'site' | 'start' | 'durationMinutes' | 'timeZone' | 'rrule' | 'comment'
>;

const FIELDS = ['tenant', 'devices', 'site', 'start', 'durationMinutes', 'timeZone', 'rrule', 'comment'];

/**
 * Validates a window body. `base`: the stored window a PATCH changes (its tenant cannot change); every
 * problem names its field.
 */
export function toWindowFields(body: unknown, base: WindowFields | null): WindowFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError(
      'body must be a JSON object (see the API docs for a maintenance window)',
      'body',
    );
  const b = body as Record<string, unknown>;
  rejectUnknown(b, FIELDS, 'field');
  const has = (key: string) => b[key] !== undefined;
  if (base && has('tenant') && b.tenant !== base.tenant)
    throw new InvalidRequestError('"tenant" of a window cannot change', 'tenant');
  for (const key of base ? [] : ['tenant', 'start', 'durationMinutes', 'timeZone', 'comment'])
    if (!has(key)) throw new InvalidRequestError(`"${key}" is required`, key);
  const tenant = base ? base.tenant : text(b.tenant, 'tenant');
  const problem = checkId('tenant', tenant);
  if (problem) throw new InvalidRequestError(problem, 'tenant');
  const devices = has('devices') ? toDevices(b.devices) : (base?.devices ?? null);
  const site = has('site') ? toSite(b.site) : (base?.site ?? null);
  const comment = has('comment') ? text(b.comment, 'comment', MAX_COMMENT) : base!.comment;
  const fields: WindowFields = {
    tenant,
    devices,
    site,
    start: has('start') ? text(b.start, 'start', 40) : base!.start,
    durationMinutes: has('durationMinutes') ? (b.durationMinutes as number) : base!.durationMinutes,
    timeZone: has('timeZone') ? text(b.timeZone, 'timeZone', 100) : base!.timeZone,
    rrule: has('rrule') ? (b.rrule === null ? null : text(b.rrule, 'rrule', 1000)) : (base?.rrule ?? null),
    comment,
  };
  const parsed = parseSchedule(fields);
  if (!parsed.ok) throw new InvalidRequestError(`"${parsed.field}" ${parsed.reason}`, parsed.field);
  const { start, timeZone, rrule, durationMinutes } = parsed.schedule.input;
  return { ...fields, start, timeZone, rrule, durationMinutes };
}

export function toWindowDto(window: WindowRecord, now: number): MaintenanceWindowDto {
  const parsed = parseSchedule(window);
  const schedule: Schedule | null = parsed.ok ? parsed.schedule : null;
  const current = schedule ? occurrenceAt(schedule, now) : null;
  const next = schedule ? nextOccurrence(schedule, now) : null;
  return {
    id: window.id,
    tenant: window.tenant,
    devices: window.devices,
    site: window.site,
    start: window.start,
    durationMinutes: window.durationMinutes,
    timeZone: window.timeZone,
    rrule: window.rrule,
    comment: window.comment,
    createdBy: window.createdBy,
    createdAt: new Date(window.createdAt).toISOString(),
    updatedAt: new Date(window.updatedAt).toISOString(),
    version: window.version,
    active: current !== null,
    currentOccurrence: current && occurrence(current),
    nextOccurrence: next && occurrence(next),
  };
}

export function checkUuid(id: string, what: string): string {
  if (!UUID.test(id))
    throw new InvalidRequestError(`${what} id must be a UUID, got "${id.slice(0, 64)}"`, 'id');
  return id.toLowerCase();
}

function occurrence(o: { start: number; end: number }): OccurrenceDto {
  return { start: new Date(o.start).toISOString(), end: new Date(o.end).toISOString() };
}

function text(value: unknown, field: string, max = 200): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidRequestError(`"${field}" must be a non-empty string`, field);
  if (value.length > max)
    throw new InvalidRequestError(`"${field}" must be at most ${max} characters`, field);
  return value.trim();
}

function toDevices(value: unknown): string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_DEVICES)
    throw new InvalidRequestError(
      `"devices" must be a list of 1 to ${MAX_DEVICES} device ids, or null`,
      'devices',
    );
  value.forEach((device: unknown, i) => {
    const problem = typeof device === 'string' ? checkId('device', device) : 'must be a string';
    if (problem) throw new InvalidRequestError(`"devices[${i}]": ${problem}`, 'devices');
  });
  return [...new Set(value as string[])];
}

function toSite(value: unknown): string | null {
  if (value === null) return null;
  const problem = checkTag('site', value);
  if (problem) throw new InvalidRequestError(`"site": ${problem}`, 'site');
  return value as string;
}
