import { checkMetricName, describeType, quote, toMetricName } from './identifiers';
import { isPlainObject, readTags } from './json-payload';
import type { TelemetryLimits } from './limits';
import type { ParsedPoints } from './line-protocol';
import { finishParse, newParseContext, type ParseContext } from './parse-context';
import { reject } from './rejection-signal';
import { countSkipped } from './skipped-fields';
import { GENERIC_MEASUREMENT } from './telemetry';
import { assertTimeWindow, parseRfc3339 } from './timestamps';

// Telegraf's JSON serializer (outputs.mqtt with data_format = "json"):
//   {"fields": {...}, "name": "cpu", "tags": {...}, "timestamp": 1700000000}
// and, with json batch output, {"metrics": [ ...the same objects... ]}.

const METRIC_KEYS: ReadonlySet<string> = new Set(['fields', 'name', 'tags', 'timestamp']);

/**
 * True for a Telegraf JSON document: an object with a `fields` key, or a batch `{"metrics": [...]}` whose first
 * element has one. Anything else stays the JSON sample format (`{"ts", "metrics", "tags"}`, where `metrics` is an
 * object, never an array).
 * @example isTelegrafJson({ name: 'cpu', fields: { usage_idle: 99 } }) // true
 */
export function isTelegrafJson(doc: unknown): doc is Record<string, unknown> {
  if (!isPlainObject(doc)) return false;
  if (Object.hasOwn(doc, 'fields')) return true;
  const metrics = doc.metrics;
  return Array.isArray(metrics) && isPlainObject(metrics[0]) && Object.hasOwn(metrics[0], 'fields');
}

/**
 * Parses a Telegraf JSON document (see isTelegrafJson) into points, exactly as the same metric in line protocol:
 * field `f` of `name` becomes `name.f` (`f` alone for GENERIC_MEASUREMENT), mapped by toMetricName; string fields
 * are skipped and counted; booleans are 1/0. `timestamp` is read in the unit its magnitude gives (telegrafTimestampToMs).
 * Throws a RejectionSignal on the first problem.
 * @example parseTelegrafJson({ name: 'cpu', fields: { usage_idle: 99.5 }, timestamp: 1767607200 }, 'acme', 'rtr-01', now, limits)
 *          // 1 point: cpu.usage_idle = 99.5 at 2026-01-05T10:00:00Z
 */
export function parseTelegrafJson(
  doc: Record<string, unknown>,
  tenant: string,
  device: string,
  receivedAt: number,
  limits: TelemetryLimits,
): ParsedPoints {
  const ctx = newParseContext(tenant, device, receivedAt, limits);
  if (Object.hasOwn(doc, 'fields')) {
    addMetric(doc, '', ctx);
  } else {
    for (const key in doc) {
      if (key !== 'metrics')
        reject('invalid_schema', `payload: unknown key ${quote(key)} (allowed: metrics)`);
    }
    const metrics = doc.metrics as unknown[];
    for (let i = 0; i < metrics.length; i++) addMetric(metrics[i], `metrics[${i}]`, ctx);
  }
  return finishParse(ctx, 'field');
}

function addMetric(metric: unknown, path: string, ctx: ParseContext): void {
  const where = path || 'payload';
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (!isPlainObject(metric)) {
    reject(
      'invalid_schema',
      `${where}: expected a Telegraf metric {"name", "fields", ...}, got ${describeType(metric)}`,
    );
  }
  for (const key in metric) {
    if (!METRIC_KEYS.has(key)) {
      reject(
        'invalid_schema',
        `${where}: unknown key ${quote(key)} (allowed: fields, name, tags, timestamp)`,
      );
    }
  }
  const name = metric.name;
  if (typeof name !== 'string' || name === '') {
    reject('invalid_schema', `${at('name')}: expected a non-empty string, got ${describeType(name)}`);
  }
  const ts = readTimestamp(metric.timestamp, at('timestamp'), ctx.receivedAt);
  assertTimeWindow(ts, ctx.receivedAt, ctx.limits, at('timestamp'));
  const tags = readTags(metric.tags, at('tags'), ctx.limits);
  const fields = metric.fields;
  if (!isPlainObject(fields)) {
    reject(
      'invalid_schema',
      `${at('fields')}: expected an object of field -> value, got ${describeType(fields)}`,
    );
  }
  const prefix = name === GENERIC_MEASUREMENT ? '' : `${name}.`;
  for (const field in fields) {
    const value = toFieldValue(fields[field], `${at('fields')}.${field}`);
    if (value === null) {
      countSkipped(ctx.skipped, 'string_field');
      continue;
    }
    if (ctx.points.length >= ctx.limits.maxMetricsPerMessage) {
      reject(
        'too_many_metrics',
        `${where}: message has more than ${ctx.limits.maxMetricsPerMessage} metrics`,
      );
    }
    const metricName = toMetricName(prefix + field);
    const problem = checkMetricName(metricName);
    if (problem) reject('invalid_metric_name', `${at('fields')}: field ${quote(field)}: ${problem}`);
    ctx.points.push({ tenant: ctx.tenant, device: ctx.device, metric: metricName, ts, value, tags });
  }
}

/** A number, null for a string (skipped); anything else is rejected. */
function toFieldValue(raw: unknown, where: string): number | null {
  if (typeof raw === 'number') return raw; // JSON numbers are always finite
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'string') return null;
  return reject('non_numeric_value', `${where}: value is ${describeType(raw)}, expected a number`);
}

function readTimestamp(raw: unknown, where: string, receivedAt: number): number {
  if (raw === undefined) return receivedAt;
  if (typeof raw === 'number' && Number.isInteger(raw)) return telegrafTimestampToMs(raw);
  if (typeof raw === 'string') {
    const ms = parseRfc3339(raw); // json_timestamp_format set to an RFC 3339 layout
    if (ms !== null) return ms;
  }
  return reject(
    'invalid_timestamp',
    `${where}: expected an integer epoch timestamp (s, ms, µs or ns) or an RFC 3339 string, got ${
      typeof raw === 'string' ? quote(raw) : String(raw)
    }`,
  );
}

/**
 * Converts a Telegraf JSON `timestamp` to epoch ms; the unit (json_timestamp_units) is recognised from the
 * magnitude, like line protocol: < 1e11 seconds, < 1e14 milliseconds, < 1e17 microseconds, else nanoseconds.
 * A nanosecond number is a double here (JSON.parse), off by up to 256 ns: it is rounded to the microsecond first,
 * so `...123000000` does not become `...122999872` and truncate to the previous millisecond.
 * @example telegrafTimestampToMs(1767607200) // 1767607200000
 */
export function telegrafTimestampToMs(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e17) return Math.trunc(Math.round(value / 1e3) / 1e3);
  if (magnitude >= 1e14) return Math.trunc(value / 1e3);
  if (magnitude >= 1e11) return value;
  return value * 1000;
}
