import type { TelemetryPoint } from '@preempt/contracts';

/**
 * The InfluxDB schema: one measurement, identity as tags, one float field.
 *
 *   telemetry,device=<device>,metric=<metric>,tenant=<tenant>[,<device tags>] value=<float> <epoch ms>
 *
 * Series cardinality is tenants x devices x metrics (x the few, validated device tags), which is what the
 * fleet really has; values and timestamps never become tags.
 */
export const TELEMETRY_MEASUREMENT = 'telemetry';

// Backslashes are not escaped: the contract keeps them out of identifiers and tag values.
const NEEDS_ESCAPE = /[,= ]/;
const ESCAPE_ALL = /[,= ]/g;

function escapeTag(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => `\\${c}`) : text;
}

/**
 * Encodes one point as a line of line protocol (millisecond precision). Tag keys are sorted, as InfluxDB
 * prefers; the value is always written as a float so a metric's field type never conflicts.
 *
 * @example
 * toLine({ tenant: 'acme', device: 'r1', metric: 'temperature', ts: 1700000000000, value: 51, tags: {} })
 * // 'telemetry,device=r1,metric=temperature,tenant=acme value=51 1700000000000'
 */
export function toLine(point: TelemetryPoint): string {
  const extra = Object.keys(point.tags);
  const tags =
    extra.length === 0
      ? `device=${escapeTag(point.device)},metric=${escapeTag(point.metric)},tenant=${escapeTag(point.tenant)}`
      : sortedTags(point, extra);
  return `${TELEMETRY_MEASUREMENT},${tags} value=${formatFloat(point.value)} ${Math.trunc(point.ts)}`;
}

function sortedTags(point: TelemetryPoint, extraKeys: string[]): string {
  const pairs: [string, string][] = [
    ['device', point.device],
    ['metric', point.metric],
    ['tenant', point.tenant],
  ];
  for (const key of extraKeys) pairs.push([key, point.tags[key]]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return pairs.map(([key, value]) => `${escapeTag(key)}=${escapeTag(value)}`).join(',');
}

function formatFloat(value: number): string {
  // Line protocol floats accept JS's exponent form (1e+21); integers without an `i` suffix are floats.
  return Object.is(value, -0) ? '0' : String(value);
}
