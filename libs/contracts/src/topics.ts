import { checkId, quote } from './identifiers';

/** Subscription pattern for all telemetry: `telemetry/{tenant}/{device}`. */
export const TELEMETRY_PATTERN = 'telemetry/+/+';
/** Subscription pattern for all dead letters: `deadletter/{tenant}/{device}`. */
export const DEAD_LETTER_PATTERN = 'deadletter/+/+';
/** Subscription pattern for all detection events: `events/{tenant}/{device}`. */
export const DETECTION_EVENT_PATTERN = 'events/+/+';

/**
 * Every topic the platform uses is built here.
 * @example topics.telemetry('acme', 'rtr-01')          // 'telemetry/acme/rtr-01'
 * @example topics.points(3, 'acme', 'rtr-01')          // 'points/3/acme/rtr-01'
 * @example topics.shared('ingest', TELEMETRY_PATTERN)  // '$share/ingest/telemetry/+/+'
 */
export const topics = {
  telemetry: (tenant: string, device: string) => `telemetry/${tenant}/${device}`,
  deadLetter: (tenant: string, device: string) => `deadletter/${tenant}/${device}`,
  /** accepted points handed to the detector that owns the device's partition */
  points: (partition: number, tenant: string, device: string) => `points/${partition}/${tenant}/${device}`,
  /** every device of one partition */
  pointsOfPartition: (partition: number) => `points/${partition}/+/+`,
  detectionEvents: (tenant: string, device: string) => `events/${tenant}/${device}`,
  shared: (group: string, pattern: string) => `$share/${group}/${pattern}`,
};

export type TopicIdentity = { ok: true; tenant: string; device: string } | { ok: false; detail: string };

/**
 * Reads tenant and device from a concrete telemetry topic (exactly `telemetry/{tenant}/{device}`).
 * @example parseTelemetryTopic('telemetry/acme/rtr-01') // { ok: true, tenant: 'acme', device: 'rtr-01' }
 * @example parseTelemetryTopic('telemetry/acme')        // { ok: false, detail: 'topic "telemetry/acme" has 2 levels, ...' }
 */
export function parseTelemetryTopic(topic: string): TopicIdentity {
  const levels = topic.split('/');
  if (levels.length !== 3) {
    return {
      ok: false,
      detail: `topic ${quote(topic)} has ${levels.length} levels, expected 3: telemetry/{tenant}/{device}`,
    };
  }
  const [root, tenant, device] = levels;
  if (root !== 'telemetry') {
    return { ok: false, detail: `topic ${quote(topic)} must start with "telemetry/", got ${quote(root)}` };
  }
  for (const [kind, id] of [
    ['tenant', tenant],
    ['device', device],
  ] as const) {
    if (id === '+' || id === '#') {
      return { ok: false, detail: `topic ${quote(topic)}: ${kind} level is the MQTT wildcard "${id}"` };
    }
    const problem = checkId(kind, id);
    if (problem) return { ok: false, detail: `topic ${quote(topic)}: ${problem}` };
  }
  return { ok: true, tenant, device };
}
