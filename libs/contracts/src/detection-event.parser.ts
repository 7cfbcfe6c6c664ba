import {
  type DetectionEvent,
  type DetectionEventType,
  type DeviceStatusEvent,
  type DeviceStatusType,
  EVIDENCE_COMPONENTS,
  type EvidenceComponent,
} from './events';
import { checkId, checkTag } from './identifiers';

const TYPES: readonly DetectionEventType[] = ['anomaly', 'forecast', 'recovered'];
const STATUS_TYPES: readonly DeviceStatusType[] = ['device_silent', 'device_reporting'];

export type ParsedEvent =
  { ok: true; event: DetectionEvent | DeviceStatusEvent } | { ok: false; detail: string };

/** The device status events travel with the detection events; `type` tells them apart. */
export function isDeviceStatusEvent(event: DetectionEvent | DeviceStatusEvent): event is DeviceStatusEvent {
  return (STATUS_TYPES as readonly string[]).includes(event.type);
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * Validates a detection event from the broker (JSON bytes) against the contract and its topic
 * (`events/{tenant}/{device}` must name the same tenant and device).
 *
 * @example parseDetectionEvent('events/acme/rtr-01', buffer) // { ok: true, event } or { ok: false, detail }
 */
export function parseDetectionEvent(topic: string, payload: Buffer | string): ParsedEvent {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString());
  } catch (error) {
    return { ok: false, detail: `not JSON: ${(error as Error).message}` };
  }
  const problem =
    isObject(value) && STATUS_TYPES.includes(value.type as DeviceStatusType)
      ? checkStatusEvent(value)
      : checkEvent(value);
  if (problem) return { ok: false, detail: problem };
  const event = value as unknown as DetectionEvent | DeviceStatusEvent;
  const [, tenant, device] = topic.split('/');
  if (tenant !== event.tenant || device !== event.device) {
    return {
      ok: false,
      detail: `topic ${topic} does not match tenant/device ${event.tenant}/${event.device}`,
    };
  }
  return { ok: true, event };
}

/** null when `value` is a DetectionEvent, else what is wrong (first problem). */
export function checkEvent(value: unknown): string | null {
  if (!isObject(value)) return 'event must be a JSON object';
  if (!isText(value.id, 128)) return '"id" must be a non-empty string (<= 128 chars)';
  if (!TYPES.includes(value.type as DetectionEventType)) return `"type" must be one of ${TYPES.join(', ')}`;
  for (const kind of ['tenant', 'device'] as const) {
    if (typeof value[kind] !== 'string') return `"${kind}" must be a string`;
    const problem = checkId(kind, value[kind]);
    if (problem) return problem;
  }
  if (!isText(value.failureMode, 128)) return '"failureMode" must be a non-empty string (<= 128 chars)';
  if (value.recommendedAction !== null && !isText(value.recommendedAction, 2000))
    return '"recommendedAction" must be a string or null';
  return checkSite(value.site) ?? checkEvidence(value.evidence);
}

/** null when `value` is a DeviceStatusEvent, else what is wrong (first problem). */
export function checkStatusEvent(value: Json): string | null {
  if (!isText(value.id, 128)) return '"id" must be a non-empty string (<= 128 chars)';
  if (!STATUS_TYPES.includes(value.type as DeviceStatusType))
    return `"type" must be one of ${STATUS_TYPES.join(', ')}`;
  for (const kind of ['tenant', 'device'] as const) {
    if (typeof value[kind] !== 'string') return `"${kind}" must be a string`;
    const problem = checkId(kind, value[kind]);
    if (problem) return problem;
  }
  for (const field of ['at', 'lastSeenAt'] as const) {
    if (!isNumber(value[field])) return `"${field}" must be a finite number`;
  }
  return checkSite(value.site);
}

function checkSite(site: unknown): string | null {
  if (site === undefined) return null;
  if (typeof site !== 'string') return '"site" must be a string';
  return checkTag('site', site);
}

function checkEvidence(evidence: unknown): string | null {
  if (!isObject(evidence)) return '"evidence" must be an object';
  if (!isText(evidence.metric, 128)) return '"evidence.metric" must be a non-empty string';
  for (const field of ['at', 'observed', 'expected', 'score'] as const) {
    if (!isNumber(evidence[field])) return `"evidence.${field}" must be a finite number`;
  }
  const band = evidence.band;
  if (!isObject(band) || !isNumber(band.lower) || !isNumber(band.upper))
    return '"evidence.band" must be {"lower": number, "upper": number}';
  if (evidence.component !== null && !EVIDENCE_COMPONENTS.includes(evidence.component as EvidenceComponent))
    return `"evidence.component" must be null or one of ${EVIDENCE_COMPONENTS.join(', ')}`;
  const step = evidence.step;
  if (
    step !== undefined &&
    (!isObject(step) || !isNumber(step.at) || !isNumber(step.before) || !isNumber(step.after))
  )
    return '"evidence.step" must be {"at": number, "before": number, "after": number} when present';
  const forecast = evidence.forecast;
  if (forecast === null) return null;
  if (!isObject(forecast)) return '"evidence.forecast" must be an object or null';
  for (const field of ['limit', 'predictedBreachAt', 'earliest', 'latest'] as const) {
    if (!isNumber(forecast[field])) return `"evidence.forecast.${field}" must be a finite number`;
  }
  if (forecast.level !== 'warning' && forecast.level !== 'critical')
    return '"evidence.forecast.level" must be warning or critical';
  if (forecast.direction !== 'up' && forecast.direction !== 'down')
    return '"evidence.forecast.direction" must be up or down';
  return null;
}
