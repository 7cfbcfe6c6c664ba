import { checkMetricName, checkTag, describeType, quote, toMetricName } from './identifiers';
import { isPlainObject, readTags } from './json-payload';
import type { TelemetryLimits } from './limits';
import type { ParsedPoints } from './line-protocol';
import { finishParse, newParseContext, type ParseContext } from './parse-context';
import { reject } from './rejection-signal';
import { countSkipped } from './skipped-fields';
import { telegrafTimestampToMs } from './telegraf-json';
import { assertTimeWindow } from './timestamps';

// gnmic's "event" output format (outputs.mqtt with format: event), one event or an array of them:
//   {"name": "sub1", "timestamp": 1767607200000000000, "tags": {"source": "r1:57400", ...},
//    "values": {"/interfaces/interface/state/counters/in-octets": "7753940"}}

const EVENT_KEYS: ReadonlySet<string> = new Set(['name', 'timestamp', 'tags', 'values', 'deletes']);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
/** Path elements dropped from metric names: OpenConfig's operational-state container says nothing about the value. */
const DROPPED_ELEMENTS: ReadonlySet<string> = new Set(['state']);

/**
 * True for a gnmic event document: an object with a `values` key, or an array whose first element has one.
 * @example isGnmicEvent([{ name: 'sub1', values: { '/a/b': 1 } }]) // true
 */
export function isGnmicEvent(doc: unknown): boolean {
  const first = Array.isArray(doc) ? (doc[0] as unknown) : doc;
  return isPlainObject(first) && Object.hasOwn(first, 'values');
}

/**
 * Maps a gNMI path to a metric name and the tags its list keys give: the leading `/` is dropped, each `[k=v]` key
 * becomes tag `<element>_<k>` = v (gnmic's own naming, module prefix removed), `state` elements are dropped, the
 * other elements are joined with `.`, then toMetricName applies.
 * @example gnmiPathToMetric('/interfaces/interface[name=ethernet-1/1]/state/counters/in-octets')
 *          // { metric: 'interfaces.interface.counters.in-octets', keys: { interface_name: 'ethernet-1/1' } }
 */
export function gnmiPathToMetric(path: string): { metric: string; keys: Record<string, string> } {
  const elements: string[] = [];
  const keys: Record<string, string> = {};
  let element = '';
  const flush = () => {
    if (element !== '' && !DROPPED_ELEMENTS.has(element)) elements.push(element);
    element = '';
  };
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '/') {
      flush();
    } else if (c === '[') {
      const close = path.indexOf(']', i);
      const end = close < 0 ? path.length : close;
      const [key, ...value] = path.slice(i + 1, end).split('=');
      keys[`${element.slice(element.lastIndexOf(':') + 1)}_${key}`] = value.join('=');
      i = end;
    } else {
      element += c;
    }
  }
  flush();
  return { metric: toMetricName(elements.join('.')), keys };
}

/**
 * Parses gnmic events into points: one point per entry of `values`, named by gnmiPathToMetric, at the event's
 * `timestamp` (unit from its magnitude, nanoseconds from gnmic). Numbers and numeric strings (`"7753940"`, how gnmic
 * writes uint64) are read as a double, so integers beyond 2^53 lose precision like any float field; booleans are
 * 1/0; other strings (`"UP"`) are skipped and counted. `tags` are kept (validated like line-protocol tags);
 * `tags.source` is informational only, the device is the topic's. Throws a RejectionSignal on the first problem.
 */
export function parseGnmicEvents(
  doc: unknown,
  tenant: string,
  device: string,
  receivedAt: number,
  limits: TelemetryLimits,
): ParsedPoints {
  const ctx = newParseContext(tenant, device, receivedAt, limits);
  if (Array.isArray(doc)) for (let i = 0; i < doc.length; i++) addEvent(doc[i], `[${i}]`, ctx);
  else addEvent(doc, '', ctx);
  return finishParse(ctx, 'value');
}

function addEvent(event: unknown, path: string, ctx: ParseContext): void {
  const where = path || 'payload';
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (!isPlainObject(event)) {
    reject(
      'invalid_schema',
      `${where}: expected a gnmic event {"name", "timestamp", "tags", "values"}, got ${describeType(event)}`,
    );
  }
  for (const key in event) {
    if (!EVENT_KEYS.has(key)) {
      reject(
        'invalid_schema',
        `${where}: unknown key ${quote(key)} (allowed: name, timestamp, tags, values, deletes)`,
      );
    }
  }
  const ts = readTimestamp(event.timestamp, at('timestamp'), ctx.receivedAt);
  assertTimeWindow(ts, ctx.receivedAt, ctx.limits, at('timestamp'));
  const tags = readTags(event.tags, at('tags'), ctx.limits);
  const values = event.values;
  if (values === undefined) return; // a delete-only event
  if (!isPlainObject(values)) {
    reject(
      'invalid_schema',
      `${at('values')}: expected an object of path -> value, got ${describeType(values)}`,
    );
  }
  for (const gnmiPath in values) {
    const valueAt = `${at('values')}[${quote(gnmiPath)}]`;
    const value = toValue(values[gnmiPath], valueAt);
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
    const { metric, keys } = gnmiPathToMetric(gnmiPath);
    const problem = checkMetricName(metric);
    if (problem) reject('invalid_metric_name', `${valueAt}: ${problem}`);
    ctx.points.push({
      tenant: ctx.tenant,
      device: ctx.device,
      metric,
      ts,
      value,
      tags: withKeys(tags, keys, valueAt, ctx.limits),
    });
  }
}

/** The event's tags plus the path's list keys; a key already in the tags must carry the same value. */
function withKeys(
  tags: Readonly<Record<string, string>>,
  keys: Record<string, string>,
  where: string,
  limits: TelemetryLimits,
): Readonly<Record<string, string>> {
  let merged: Record<string, string> | null = null;
  for (const key in keys) {
    const value = keys[key];
    if (tags[key] === value) continue;
    if (Object.hasOwn(tags, key))
      reject('invalid_tag', `${where}: path key ${key}=${quote(value)} differs from tag ${quote(tags[key])}`);
    const problem = checkTag(key, value);
    if (problem) reject('invalid_tag', `${where}: ${problem}`);
    merged ??= { ...tags };
    merged[key] = value;
  }
  if (merged && Object.keys(merged).length > limits.maxTagsPerSample) {
    reject('invalid_tag', `${where}: more than ${limits.maxTagsPerSample} tags`);
  }
  return merged ?? tags;
}

/** A number, or null for a non-numeric string (skipped); NaN/inf strings and other types are rejected. */
function toValue(raw: unknown, where: string): number | null {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (NON_FINITE.test(text))
      return reject('non_finite_value', `${where}: value ${quote(raw)} is not finite`);
    if (!DECIMAL.test(text)) return null;
    const value = Number(text);
    if (!Number.isFinite(value))
      return reject('non_finite_value', `${where}: value ${quote(raw)} overflows to ${value}`);
    return value;
  }
  return reject('non_numeric_value', `${where}: value is ${describeType(raw)}, expected a number`);
}

function readTimestamp(raw: unknown, where: string, receivedAt: number): number {
  if (raw === undefined) return receivedAt;
  if (typeof raw === 'number' && Number.isInteger(raw)) return telegrafTimestampToMs(raw);
  return reject(
    'invalid_timestamp',
    `${where}: expected an integer epoch timestamp (ns), got ${describeType(raw)} ${String(raw)}`,
  );
}
