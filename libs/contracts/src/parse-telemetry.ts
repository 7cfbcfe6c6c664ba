import { isGnmicEvent, parseGnmicEvents } from './gnmic-event';
import { parseJsonSamples, parseJsonText } from './json-payload';
import { DEFAULT_TELEMETRY_LIMITS, type TelemetryLimits } from './limits';
import { type ParsedPoints, parseLineProtocol } from './line-protocol';
import type { Rejection } from './rejection';
import { RejectionSignal } from './rejection-signal';
import { type SkippedFields, totalSkipped } from './skipped-fields';
import { isTelegrafJson, parseTelegrafJson } from './telegraf-json';
import type { TelemetryFormat, TelemetryPoint } from './telemetry';
import { parseTelemetryTopic } from './topics';

export type ParseResult =
  | {
      ok: true;
      format: TelemetryFormat;
      points: TelemetryPoint[];
      /** Fields left out of the points (string fields), per reason; absent when none were. */
      skipped?: SkippedFields;
    }
  | ({ ok: false; format: TelemetryFormat | 'unknown' } & Rejection);

// One decoder for all messages; fatal so that invalid UTF-8 is rejected instead of silently replaced.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Detects the format per message, validates everything, never throws. receivedAt = epoch ms.
 * Checks run in this order and stop at the first problem: topic, size, UTF-8, format, parse, validate.
 * @example
 *   const r = parseTelemetryMessage('telemetry/acme/rtr-01', Buffer.from('{"metrics":{"temp":41.5}}'), Date.now());
 *   if (r.ok) store(r.points); else deadLetter(r.reason, r.detail);
 */
export function parseTelemetryMessage(
  topic: string,
  payload: Uint8Array,
  receivedAt: number,
  limits: TelemetryLimits = DEFAULT_TELEMETRY_LIMITS,
): ParseResult {
  const identity = parseTelemetryTopic(topic);
  if (!identity.ok) return { ok: false, format: 'unknown', reason: 'invalid_topic', detail: identity.detail };
  if (payload.byteLength > limits.maxPayloadBytes) {
    return {
      ok: false,
      format: 'unknown',
      reason: 'payload_too_large',
      detail: `payload is ${payload.byteLength} bytes, max ${limits.maxPayloadBytes}`,
    };
  }
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { ok: false, format: 'unknown', reason: 'invalid_encoding', detail: describeBadUtf8(payload) };
  }
  const detected = detectFormat(text);
  if (detected === null)
    return { ok: false, format: 'unknown', reason: 'no_metrics', detail: 'payload is empty' };
  let format: TelemetryFormat = detected; // refined once the JSON is read
  try {
    const { tenant, device } = identity;
    if (format === 'line-protocol') {
      return accepted(format, parseLineProtocol(text, tenant, device, receivedAt, limits));
    }
    const doc = parseJsonText(text);
    if (isTelegrafJson(doc)) {
      format = 'telegraf-json';
      return accepted(format, parseTelegrafJson(doc, tenant, device, receivedAt, limits));
    }
    if (isGnmicEvent(doc)) {
      format = 'gnmic';
      return accepted(format, parseGnmicEvents(doc, tenant, device, receivedAt, limits));
    }
    const points = parseJsonSamples(doc, tenant, device, receivedAt, limits);
    return { ok: true, format, points };
  } catch (error) {
    if (error instanceof RejectionSignal)
      return { ok: false, format, reason: error.reason, detail: error.detail };
    // A parser bug must not take the ingest handler down: report it against the message instead.
    const reason = format === 'line-protocol' ? 'malformed_line_protocol' : 'invalid_schema';
    return { ok: false, format, reason, detail: `unexpected parser error: ${String(error)}` };
  }
}

function accepted(format: TelemetryFormat, parsed: ParsedPoints): ParseResult {
  const { points, skipped } = parsed;
  return totalSkipped(skipped) > 0 ? { ok: true, format, points, skipped } : { ok: true, format, points };
}

/**
 * JSON when the first non-whitespace character is `{` or `[`, otherwise line protocol; null when blank.
 * @example detectFormat('  {"metrics":{}}') // 'json'
 */
export function detectFormat(text: string): 'json' | 'line-protocol' | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x7b || c === 0x5b ? 'json' : 'line-protocol';
  }
  return null;
}

function describeBadUtf8(payload: Uint8Array): string {
  const at = firstInvalidUtf8Offset(payload);
  return `payload is not valid UTF-8 (first invalid byte sequence at offset ${at})`;
}

// Finds where strict decoding fails, for the detail only (the slow path of a rejected message).
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      utf8.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return i;
}
