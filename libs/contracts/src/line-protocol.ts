import { checkMetricName, checkTag, quote, toMetricName } from './identifiers';
import type { TelemetryLimits } from './limits';
import { reject } from './rejection-signal';
import { countSkipped, type SkippedFields, totalSkipped } from './skipped-fields';
import { GENERIC_MEASUREMENT, type TelemetryPoint } from './telemetry';
import { assertTimeWindow, lineProtocolTimestampToMs } from './timestamps';

// InfluxDB line protocol, as Telegraf's MQTT output sends it:
//   measurement[,tag=value...] field=value[,field=value...] [timestamp]
// A hand-written scanner: escaped spaces/commas and quoted strings make split(' ') wrong.

const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const HASH = 0x23;
const CR = 0x0d;

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const UNSIGNED = /^\d+$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const TIMESTAMP = /^-?\d{1,19}$/;
const TRUE_WORDS: ReadonlySet<string> = new Set(['t', 'T', 'true', 'True', 'TRUE']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['f', 'F', 'false', 'False', 'FALSE']);
const EMPTY_TAGS: Readonly<Record<string, string>> = Object.freeze({});

export interface ParsedPoints {
  points: TelemetryPoint[];
  /** Fields left out (string fields), per reason; empty when none. */
  skipped: SkippedFields;
}

/**
 * Parses line protocol (lines separated by \n or \r\n; blank and `#` lines ignored) into points.
 * Field `f` of measurement `m` becomes metric `m.f`, or `f` when m is GENERIC_MEASUREMENT; characters a
 * metric name may not hold become `_` (toMetricName). String fields are skipped and counted.
 * Throws a RejectionSignal on the first problem (parseTelemetryMessage turns it into a value).
 * @example parseLineProtocol('telemetry,site=par1 temp=41.5,fan=3i,os="x" 1767607200', 'acme', 'rtr-01', now, limits)
 *          // 2 points: temp=41.5 and fan=3 at 2026-01-05T10:00:00Z, tags { site: 'par1' }; skipped { string_field: 1 }
 */
export function parseLineProtocol(
  text: string,
  tenant: string,
  device: string,
  receivedAt: number,
  limits: TelemetryLimits,
): ParsedPoints {
  const scanner = new LineScanner(text, tenant, device, receivedAt, limits);
  let pos = 0;
  let lineNo = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    lineNo++;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    scanner.line(pos, lineEnd, lineNo);
    pos = end + 1;
  }
  if (scanner.points.length === 0) {
    const skipped = totalSkipped(scanner.skipped);
    if (skipped > 0) reject('no_metrics', `payload has no numeric field (string fields skipped: ${skipped})`);
    reject('no_metrics', 'payload has only blank or comment lines');
  }
  return { points: scanner.points, skipped: scanner.skipped };
}

class LineScanner {
  readonly points: TelemetryPoint[] = [];
  readonly skipped: SkippedFields = {};
  private pos = 0;
  private end = 0;
  private where = '';

  constructor(
    private readonly text: string,
    private readonly tenant: string,
    private readonly device: string,
    private readonly receivedAt: number,
    private readonly limits: TelemetryLimits,
  ) {}

  line(start: number, end: number, lineNo: number): void {
    this.pos = start;
    this.end = end;
    this.where = `line ${lineNo}`;
    this.skipBlanks();
    if (this.pos >= end || this.text.charCodeAt(this.pos) === HASH) return;

    const measurement = this.readKey(false);
    if (measurement === '') this.malformed('missing measurement before ","');
    const tags = this.readTags();
    if (this.peek() !== SPACE) this.malformed(`expected a space and fields after ${quote(measurement)}`);
    this.skipBlanks();
    const firstPoint = this.points.length;
    this.readFields(measurement, tags);
    const ts = this.readTimestamp();
    assertTimeWindow(ts, this.receivedAt, this.limits, this.where);
    for (let i = firstPoint; i < this.points.length; i++) this.points[i].ts = ts;
  }

  private readTags(): Readonly<Record<string, string>> {
    if (this.peek() !== COMMA) return EMPTY_TAGS;
    const tags: Record<string, string> = {};
    let count = 0;
    while (this.peek() === COMMA) {
      this.pos++;
      const key = this.readKey(true);
      if (this.peek() !== EQUALS) this.malformed(`tag ${quote(key)} has no "=value"`);
      this.pos++;
      const value = this.readKey(false);
      if (key === '' || value === '') this.malformed(`empty tag key or value in ${quote(`${key}=${value}`)}`);
      if (++count > this.limits.maxTagsPerSample) {
        reject('invalid_tag', `${this.where}: more than ${this.limits.maxTagsPerSample} tags`);
      }
      const problem = checkTag(key, value);
      if (problem) reject('invalid_tag', `${this.where}: ${problem}`);
      if (Object.hasOwn(tags, key)) reject('invalid_tag', `${this.where}: tag ${quote(key)} appears twice`);
      tags[key] = value;
    }
    return tags;
  }

  private readFields(measurement: string, tags: Readonly<Record<string, string>>): void {
    const prefix = measurement === GENERIC_MEASUREMENT ? '' : `${measurement}.`;
    for (;;) {
      const field = this.readKey(true);
      if (field === '') this.malformed('missing field key');
      if (this.peek() !== EQUALS) this.malformed(`field ${quote(field)} has no "=value"`);
      this.pos++;
      const value = this.readFieldValue(field);
      if (value === null) {
        countSkipped(this.skipped, 'string_field');
      } else {
        this.addPoint(prefix + field, field, value, tags);
      }
      if (this.peek() !== COMMA) return;
      this.pos++;
    }
  }

  private addPoint(name: string, field: string, value: number, tags: Readonly<Record<string, string>>): void {
    if (this.points.length >= this.limits.maxMetricsPerMessage) {
      reject(
        'too_many_metrics',
        `${this.where}: message has more than ${this.limits.maxMetricsPerMessage} metrics`,
      );
    }
    const metric = toMetricName(name);
    const problem = checkMetricName(metric);
    if (problem) reject('invalid_metric_name', `${this.where}: field ${quote(field)}: ${problem}`);
    // ts is set once the line's timestamp has been read.
    this.points.push({ tenant: this.tenant, device: this.device, metric, ts: 0, value, tags });
  }

  /** A number, or null for a string field (read past, then skipped by the caller). */
  private readFieldValue(field: string): number | null {
    if (this.peek() === QUOTE) {
      this.skipQuoted(field);
      const next = this.peek();
      if (next !== COMMA && next !== SPACE && next !== -1) {
        this.malformed(
          `field ${quote(field)}: unexpected ${quote(String.fromCharCode(next))} after the closing quote`,
        );
      }
      return null;
    }
    const start = this.pos;
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (c === COMMA || c === SPACE) break;
      this.pos++;
    }
    return this.toNumber(this.text.slice(start, this.pos), field);
  }

  private toNumber(token: string, field: string): number {
    const where = `${this.where}: field ${quote(field)}`;
    if (token === '') this.malformed(`field ${quote(field)} has an empty value`);
    const last = token.charCodeAt(token.length - 1);
    if (last === 0x69 /* i */ && INTEGER.test(token.slice(0, -1))) return Number(token.slice(0, -1));
    if (last === 0x75 /* u */ && UNSIGNED.test(token.slice(0, -1))) return Number(token.slice(0, -1));
    if (FLOAT.test(token)) {
      const value = Number(token);
      if (!Number.isFinite(value))
        reject('non_finite_value', `${where}: value ${token} overflows to ${value}`);
      return value;
    }
    if (TRUE_WORDS.has(token)) return 1;
    if (FALSE_WORDS.has(token)) return 0;
    if (NON_FINITE.test(token))
      return reject('non_finite_value', `${where}: value ${quote(token)} is not finite`);
    return this.malformed(
      `field ${quote(field)}: value ${quote(token)} is not a number (1.5, -2e3), integer (12i), unsigned (12u), boolean (t/f) or quoted string`,
    );
  }

  private readTimestamp(): number {
    if (this.pos >= this.end) return this.receivedAt;
    this.skipBlanks(); // at least one space follows the fields, else readFields would have continued
    if (this.pos >= this.end) return this.receivedAt;
    const start = this.pos;
    while (this.pos < this.end && !isBlank(this.text.charCodeAt(this.pos))) this.pos++;
    const token = this.text.slice(start, this.pos);
    this.skipBlanks();
    if (this.pos < this.end) {
      this.malformed(`unexpected ${quote(this.text.slice(this.pos, this.end))} after the timestamp`);
    }
    if (!TIMESTAMP.test(token)) {
      reject(
        'invalid_timestamp',
        `${this.where}: timestamp ${quote(token)} is not an integer (s, ms, µs or ns)`,
      );
    }
    return lineProtocolTimestampToMs(token);
  }

  /** Reads a measurement, tag key/value or field key up to an unescaped `,` or space (and `=` for keys). */
  private readKey(stopAtEquals: boolean): string {
    const { text, end } = this;
    const start = this.pos;
    let out: string | null = null; // only built when an escape is met
    let chunk = start;
    while (this.pos < end) {
      const c = text.charCodeAt(this.pos);
      if (c === COMMA || c === SPACE || (stopAtEquals && c === EQUALS)) break;
      if (c === BACKSLASH && this.pos + 1 < end) {
        const next = text.charCodeAt(this.pos + 1);
        if (next === COMMA || next === SPACE || next === EQUALS || next === BACKSLASH) {
          out = (out ?? '') + text.slice(chunk, this.pos);
          chunk = this.pos + 1; // keep the escaped character, drop the backslash
          this.pos += 2;
          continue;
        }
      }
      this.pos++;
    }
    return out === null ? text.slice(start, this.pos) : out + text.slice(chunk, this.pos);
  }

  /** Skips a `"..."` field value (`\"` and `\\` escaped), leaving pos after the closing quote. */
  private skipQuoted(field: string): void {
    const { text, end } = this;
    this.pos++;
    while (this.pos < end) {
      const c = text.charCodeAt(this.pos);
      if (c === QUOTE) {
        this.pos++;
        return;
      }
      // An escaped quote or backslash does not end the string.
      this.pos += c === BACKSLASH && this.pos + 1 < end ? 2 : 1;
    }
    this.malformed(`field ${quote(field)}: string value has no closing quote`);
  }

  private peek(): number {
    return this.pos < this.end ? this.text.charCodeAt(this.pos) : -1;
  }

  private skipBlanks(): void {
    while (this.pos < this.end && isBlank(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private malformed(problem: string): never {
    return reject('malformed_line_protocol', `${this.where}: ${problem}`);
  }
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
