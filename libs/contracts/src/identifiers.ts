// Charsets for everything a device names: tenant/device ids (topic levels), metric names, tags.
// They are deliberately narrow so ids are safe as MQTT topic levels, InfluxDB tags and URL segments.

/** Tenant and device ids: a letter or digit, then letters, digits, `_`, `.`, `-`; at most 64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const ID_MAX_LENGTH = 64;
/**
 * The NOC's own tenant: its notice subscriptions get internal detail (escalations, other tenants' disabled
 * subscriptions). Not a valid tenant id (it starts with "_"), so no device, ticket or customer key has it.
 */
export const NOC_TENANT = '_noc';

/** Metric names: a letter or `_`, then letters, digits, `_`, `.`, `:`, `-`; at most 128 characters. */
export const METRIC_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;
export const METRIC_NAME_MAX_LENGTH = 128;

/** Tag keys: a letter or `_`, then letters, digits, `_`, `.`, `-`; at most 64 characters. */
export const TAG_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
export const TAG_KEY_MAX_LENGTH = 64;

/** Tag values: 1..128 characters (code points), none of them a control character. */
export const TAG_VALUE_MAX_LENGTH = 128;

/** Default and maximum number of tags on one sample (see `TelemetryLimits.maxTagsPerSample`). */
export const MAX_TAGS_PER_SAMPLE = 16;

/**
 * Tag keys that would collide with the columns storage adds itself (`tenant`, `device`, `metric`, `time`,
 * `value`), with InfluxDB's own columns (`_measurement`, `_field`, ...), or with JavaScript's prototype slot.
 */
export const RESERVED_TAG_KEYS: ReadonlySet<string> = new Set([
  'tenant',
  'device',
  'metric',
  'time',
  'value',
  '_measurement',
  '_field',
  '_time',
  '_value',
  '_start',
  '_stop',
  '__proto__',
]);

// C0/C1 controls (newline, tab, DEL, ...) and lone UTF-16 surrogates (possible through JSON "\ud800").
const FORBIDDEN_TAG_VALUE_CHAR = /[\p{Cc}\p{Cs}]/u;
// InfluxDB 1.x keeps "\\" in tag values literally, and a trailing backslash would escape the separator
// after it: tag values cannot round-trip a backslash, so the contract keeps it out.
const BACKSLASH = '\\';

/**
 * Checks a tenant or device id. Returns null when valid, otherwise the reason.
 * @example checkId('device', 'rtr-01') // null
 * @example checkId('tenant', 'a b')    // 'tenant id "a b": character " " at position 1 is not allowed ...'
 */
export function checkId(kind: 'tenant' | 'device', id: string): string | null {
  if (ID_PATTERN.test(id)) return null;
  const label = `${kind} id ${quote(id)}`;
  if (id.length === 0) return `${kind} id is empty`;
  if (id.length > ID_MAX_LENGTH) return `${label} is ${id.length} characters long, max ${ID_MAX_LENGTH}`;
  return `${label}: ${describeBadChar(id, /[A-Za-z0-9]/, /[A-Za-z0-9_.-]/)} (allowed: A-Z a-z 0-9 _ . -, starting with a letter or digit)`;
}

/**
 * Checks a metric name. Returns null when valid, otherwise the reason.
 * @example checkMetricName('if.eth0.rx_errors') // null
 */
export function checkMetricName(name: string): string | null {
  if (METRIC_NAME_PATTERN.test(name)) return null;
  const label = `metric name ${quote(name)}`;
  if (name.length === 0) return 'metric name is empty';
  if (name.length > METRIC_NAME_MAX_LENGTH) {
    return `${label} is ${name.length} characters long, max ${METRIC_NAME_MAX_LENGTH}`;
  }
  return `${label}: ${describeBadChar(name, /[A-Za-z_]/, /[A-Za-z0-9_.:-]/)} (allowed: A-Z a-z 0-9 _ . : -, starting with a letter or _)`;
}

// Every character a metric name may not contain (one per code point, so an emoji is one `_`).
const DISALLOWED_METRIC_CHARS = /[^A-Za-z0-9_.:-]/gu;

/**
 * Maps a collector's name (line-protocol or Telegraf JSON measurement and field key) onto the metric-name
 * charset: every character outside `A-Z a-z 0-9 _ . : -` becomes `_`. The result is still checked with
 * checkMetricName (a leading digit, an empty or over-long name stay invalid).
 * @example toMetricName('if stats.rx,tx') // 'if_stats.rx_tx'
 */
export function toMetricName(name: string): string {
  return METRIC_NAME_PATTERN.test(name) ? name : name.replace(DISALLOWED_METRIC_CHARS, '_');
}

/**
 * Checks one tag (key and value). Returns null when valid, otherwise the reason.
 * @example checkTag('site', 'Paris 2') // null
 * @example checkTag('time', 'x')       // 'tag key "time" is reserved'
 */
export function checkTag(key: string, value: unknown): string | null {
  if (!TAG_KEY_PATTERN.test(key)) {
    if (key.length === 0) return 'tag key is empty';
    if (key.length > TAG_KEY_MAX_LENGTH) {
      return `tag key ${quote(key)} is ${key.length} characters long, max ${TAG_KEY_MAX_LENGTH}`;
    }
    return `tag key ${quote(key)}: ${describeBadChar(key, /[A-Za-z_]/, /[A-Za-z0-9_.-]/)} (allowed: A-Z a-z 0-9 _ . -, starting with a letter or _)`;
  }
  if (RESERVED_TAG_KEYS.has(key)) return `tag key ${quote(key)} is reserved`;
  if (typeof value !== 'string') return `tag ${key}: value is ${describeType(value)}, expected a string`;
  if (value.length === 0) return `tag ${key}: value is empty`;
  // Code points, not UTF-16 units; only counted when the cheap length test is inconclusive.
  if (value.length > TAG_VALUE_MAX_LENGTH && countCodePoints(value) > TAG_VALUE_MAX_LENGTH) {
    return `tag ${key}: value is ${countCodePoints(value)} characters long, max ${TAG_VALUE_MAX_LENGTH}`;
  }
  const bad = FORBIDDEN_TAG_VALUE_CHAR.exec(value);
  if (bad) {
    return `tag ${key}: value contains control character U+${codeUnitHex(bad[0])} at position ${bad.index}`;
  }
  const backslash = value.indexOf(BACKSLASH);
  if (backslash >= 0) return `tag ${key}: value contains a backslash at position ${backslash} (not allowed)`;
  return null;
}

/** JSON-ish type name for details: "a string", "null", "an array", ... */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : type === 'undefined' ? 'undefined' : `a ${type}`;
}

/** JSON-quotes a user-supplied string for a detail, cut to 64 characters. */
export function quote(text: string, max = 64): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function describeBadChar(text: string, first: RegExp, rest: RegExp): string {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (!(i === 0 ? first : rest).test(ch)) {
      return `character ${JSON.stringify(ch)} at position ${i} is not allowed`;
    }
  }
  return 'invalid';
}

function countCodePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) n++;
    else if ((text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n++;
      i++;
    } else n++;
  }
  return n;
}

function codeUnitHex(ch: string): string {
  return ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}
