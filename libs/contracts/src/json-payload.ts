import { checkMetricName, checkTag, describeType, quote } from './identifiers';
import type { TelemetryLimits } from './limits';
import { reject } from './rejection-signal';
import type { TelemetryPoint } from './telemetry';
import { assertTimeWindow, parseRfc3339 } from './timestamps';

const EMPTY_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Parses a JSON telemetry payload: one `TelemetrySample` object or a non-empty array of them.
 * Throws a RejectionSignal on the first problem (parseTelemetryMessage turns it into a value).
 * @example parseJsonPayload('{"metrics":{"temp":41.5}}', 'acme', 'rtr-01', now, DEFAULT_TELEMETRY_LIMITS)
 */
export function parseJsonPayload(
  text: string,
  tenant: string,
  device: string,
  receivedAt: number,
  limits: TelemetryLimits,
): TelemetryPoint[] {
  return parseJsonSamples(parseJsonText(text), tenant, device, receivedAt, limits);
}

/** JSON.parse, rejecting as malformed_json. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return reject('malformed_json', `payload is not valid JSON: ${(error as Error).message}`);
  }
}

/** parseJsonPayload on an already parsed document. */
export function parseJsonSamples(
  doc: unknown,
  tenant: string,
  device: string,
  receivedAt: number,
  limits: TelemetryLimits,
): TelemetryPoint[] {
  const points: TelemetryPoint[] = [];
  if (!Array.isArray(doc)) {
    addSample(doc, '', { tenant, device, receivedAt, limits, points });
    return points;
  }
  if (doc.length === 0) reject('no_metrics', 'payload is an empty array: expected at least one sample');
  const ctx = { tenant, device, receivedAt, limits, points };
  for (let i = 0; i < doc.length; i++) addSample(doc[i], `[${i}]`, ctx);
  return points;
}

interface SampleContext {
  tenant: string;
  device: string;
  receivedAt: number;
  limits: TelemetryLimits;
  points: TelemetryPoint[];
}

function addSample(sample: unknown, path: string, ctx: SampleContext): void {
  const where = path || 'payload';
  if (!isPlainObject(sample)) {
    reject(
      'invalid_schema',
      `${where}: expected a sample object {"metrics": {...}}, got ${describeType(sample)}`,
    );
  }
  for (const key in sample) {
    if (key !== 'ts' && key !== 'metrics' && key !== 'tags') {
      reject('invalid_schema', `${where}: unknown key ${quote(key)} (allowed: ts, metrics, tags)`);
    }
  }
  const ts = readTimestamp(sample.ts, join(path, 'ts'), ctx.receivedAt);
  assertTimeWindow(ts, ctx.receivedAt, ctx.limits, join(path, 'ts'), typeof sample.ts === 'number');
  const tags = readTags(sample.tags, join(path, 'tags'), ctx.limits);

  const metrics = sample.metrics;
  const metricsPath = join(path, 'metrics');
  if (metrics === undefined) reject('no_metrics', `${metricsPath}: missing`);
  if (!isPlainObject(metrics)) {
    reject(
      'invalid_schema',
      `${metricsPath}: expected an object of name -> number, got ${describeType(metrics)}`,
    );
  }
  const before = ctx.points.length;
  for (const name in metrics) {
    if (ctx.points.length >= ctx.limits.maxMetricsPerMessage) {
      reject(
        'too_many_metrics',
        `${metricsPath}: message has more than ${ctx.limits.maxMetricsPerMessage} metrics`,
      );
    }
    const nameProblem = checkMetricName(name);
    if (nameProblem) reject('invalid_metric_name', `${metricsPath}: ${nameProblem}`);
    const value = toMetricValue(metrics[name], `${metricsPath}.${name}`);
    ctx.points.push({ tenant: ctx.tenant, device: ctx.device, metric: name, ts, value, tags });
  }
  if (ctx.points.length === before) reject('no_metrics', `${metricsPath}: is empty`);
}

function readTimestamp(raw: unknown, where: string, receivedAt: number): number {
  if (raw === undefined) return receivedAt;
  if (typeof raw === 'number') return Math.round(raw);
  if (typeof raw === 'string') {
    const ms = parseRfc3339(raw);
    if (ms === null) {
      reject(
        'invalid_timestamp',
        `${where}: ${quote(raw)} is not an RFC 3339 date-time with a time zone (e.g. "2026-01-05T10:00:00Z")`,
      );
    }
    return ms;
  }
  return reject(
    'invalid_timestamp',
    `${where}: expected epoch milliseconds (number) or an RFC 3339 string, got ${describeType(raw)}`,
  );
}

/** Validates a JSON tags object (key -> string), shared by the JSON formats. */
export function readTags(
  raw: unknown,
  where: string,
  limits: TelemetryLimits,
): Readonly<Record<string, string>> {
  if (raw === undefined) return EMPTY_TAGS;
  if (!isPlainObject(raw))
    reject('invalid_schema', `${where}: expected an object of key -> string, got ${describeType(raw)}`);
  let count = 0;
  for (const key in raw) {
    if (++count > limits.maxTagsPerSample) {
      reject('invalid_tag', `${where}: more than ${limits.maxTagsPerSample} tags`);
    }
    const problem = checkTag(key, raw[key]);
    if (problem) reject('invalid_tag', `${where}: ${problem}`);
  }
  // JSON.parse builds fresh objects nobody else holds: reuse it instead of copying.
  return raw as Record<string, string>;
}

function toMetricValue(raw: unknown, where: string): number {
  if (typeof raw === 'number') return raw; // JSON numbers are always finite
  if (typeof raw === 'boolean') return raw ? 1 : 0; // e.g. link_up: true
  if (typeof raw === 'string') {
    return reject('non_numeric_value', `${where}: value ${quote(raw)} is a string, expected a number`);
  }
  return reject('non_numeric_value', `${where}: value is ${describeType(raw)}, expected a number`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
