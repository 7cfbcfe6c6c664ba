import fc from 'fast-check';

import { checkMetricName } from './identifiers';
import { DEFAULT_TELEMETRY_LIMITS } from './limits';
import { detectFormat, type ParseResult, parseTelemetryMessage } from './parse-telemetry';
import { isRejectionReason, REJECTION_REASONS, type RejectionReason } from './rejection';

const NOW = Date.UTC(2026, 0, 5, 10);
const TOPIC = 'telemetry/acme/rtr-01';
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseTelemetryMessage', () => {
  it('takes tenant and device from the topic', () => {
    const result = parseTelemetryMessage('telemetry/t1/d1', utf8('m v=1'), NOW);
    expect(result.ok && result.points[0]).toMatchObject({ tenant: 't1', device: 'd1' });
  });

  describe('order of checks', () => {
    const tooLarge = new Uint8Array(DEFAULT_TELEMETRY_LIMITS.maxPayloadBytes + 1).fill(0xff);

    it('checks the topic first', () => {
      expect(parseTelemetryMessage('telemetry/acme', tooLarge, NOW)).toEqual({
        ok: false,
        format: 'unknown',
        reason: 'invalid_topic',
        detail: 'topic "telemetry/acme" has 2 levels, expected 3: telemetry/{tenant}/{device}',
      });
    });

    it('checks the size before decoding', () => {
      expect(parseTelemetryMessage(TOPIC, tooLarge, NOW)).toEqual({
        ok: false,
        format: 'unknown',
        reason: 'payload_too_large',
        detail: 'payload is 262145 bytes, max 262144',
      });
      expect(
        parseTelemetryMessage(TOPIC, utf8('m v=1'), NOW, { ...DEFAULT_TELEMETRY_LIMITS, maxPayloadBytes: 4 }),
      ).toMatchObject({
        reason: 'payload_too_large',
      });
    });

    it('accepts a payload of exactly maxPayloadBytes', () => {
      const line = 'm v=1\n';
      const text = line + '#'.repeat(DEFAULT_TELEMETRY_LIMITS.maxPayloadBytes - line.length);
      expect(parseTelemetryMessage(TOPIC, utf8(text), NOW).ok).toBe(true);
    });

    it.each([
      ['a lone continuation byte', [0x6d, 0x20, 0x80], 2],
      ['a truncated 2-byte sequence', [0x6d, 0x20, 0x76, 0x3d, 0xc3], 4],
      ['an overlong encoding', [0xc0, 0xaf], 0],
      ['a UTF-16 surrogate encoded in UTF-8', [0x61, 0xed, 0xa0, 0x80], 1],
    ])('rejects invalid UTF-8 (%s) with its offset', (_case, bytes, offset) => {
      expect(parseTelemetryMessage(TOPIC, new Uint8Array(bytes), NOW)).toEqual({
        ok: false,
        format: 'unknown',
        reason: 'invalid_encoding',
        detail: `payload is not valid UTF-8 (first invalid byte sequence at offset ${offset})`,
      });
    });

    it.each(['', '  \r\n\t'])('rejects an empty payload %j as no_metrics', (text) => {
      expect(parseTelemetryMessage(TOPIC, utf8(text), NOW)).toEqual({
        ok: false,
        format: 'unknown',
        reason: 'no_metrics',
        detail: 'payload is empty',
      });
    });

    it('skips a UTF-8 byte order mark', () => {
      const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"metrics":{"a":1}}')]);
      expect(parseTelemetryMessage(TOPIC, bom, NOW)).toMatchObject({ ok: true, format: 'json' });
    });
  });

  it.each([
    ['{"metrics":{}}', 'json'],
    [' \n[', 'json'],
    ['cpu v=1', 'line-protocol'],
    ['# {json?}', 'line-protocol'],
    ['"{"', 'line-protocol'],
    ['\t\t', null],
  ])('detects the format of %j as %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });

  it('stops a huge message of tiny metrics at maxMetricsPerMessage', () => {
    const fields = Array.from({ length: 20_000 }, (_, i) => `f${i}=1`).join(',');
    const result = parseTelemetryMessage(TOPIC, utf8(`m ${fields}`), NOW);
    expect(result).toEqual({
      ok: false,
      format: 'line-protocol',
      reason: 'too_many_metrics',
      detail: 'line 1: message has more than 1000 metrics',
    });
  });

  // One example per reason, so a reason nobody can produce (or a renamed one) fails here.
  const examples: Record<RejectionReason, [topic: string, payload: string | Uint8Array]> = {
    payload_too_large: [TOPIC, 'x'.repeat(262_145)],
    invalid_encoding: [TOPIC, new Uint8Array([0xff])],
    malformed_json: [TOPIC, '{"metrics":{"a":1}'],
    malformed_line_protocol: [TOPIC, 'cpu load'],
    invalid_schema: [TOPIC, '{"metrics":{"a":1},"id":7}'],
    no_metrics: [TOPIC, '{"metrics":{}}'],
    non_numeric_value: [TOPIC, '{"metrics":{"a":"1"}}'],
    non_finite_value: [TOPIC, 'm a=NaN'],
    invalid_metric_name: [TOPIC, '{"metrics":{"9a":1}}'],
    invalid_tag: [TOPIC, 'm,time=x a=1'],
    invalid_topic: ['telemetry/acme/+', 'm a=1'],
    invalid_timestamp: [TOPIC, '{"ts":"yesterday","metrics":{"a":1}}'],
    timestamp_in_future: [TOPIC, `m a=1 ${NOW / 1000 + 3600}`],
    timestamp_too_old: [TOPIC, `{"ts":0,"metrics":{"a":1}}`],
    too_many_metrics: [
      TOPIC,
      JSON.stringify({ metrics: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`m${i}`, i])) }),
    ],
  };

  it.each(REJECTION_REASONS.map((reason) => [reason]))('can reject with %s', (reason) => {
    const [topic, payload] = examples[reason];
    const result = parseTelemetryMessage(topic, typeof payload === 'string' ? utf8(payload) : payload, NOW);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.detail.length).toBeGreaterThan(10);
  });

  describe('properties', () => {
    function expectWellFormed(result: ParseResult): void {
      if (!result.ok) {
        expect(isRejectionReason(result.reason)).toBe(true);
        expect(typeof result.detail).toBe('string');
        return;
      }
      expect(result.points.length).toBeGreaterThan(0);
      expect(result.points.length).toBeLessThanOrEqual(DEFAULT_TELEMETRY_LIMITS.maxMetricsPerMessage);
      for (const point of result.points) {
        expect(Number.isFinite(point.value)).toBe(true);
        expect(Number.isInteger(point.ts)).toBe(true);
        expect(checkMetricName(point.metric)).toBeNull();
      }
    }

    it('never throws on arbitrary bytes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          expectWellFormed(parseTelemetryMessage(TOPIC, bytes, NOW));
        }),
        { seed: 42, numRuns: 2000 },
      );
    });

    it('never throws on line-protocol-like text', () => {
      const alphabet = fc.constantFrom(...'telmry cpu,=\\" \n\r#1.5e-9iutfTFNaN0x{'.split(''));
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 80 }), (chars) => {
          expectWellFormed(parseTelemetryMessage(TOPIC, utf8(chars.join('')), NOW));
        }),
        { seed: 7, numRuns: 3000 },
      );
    });

    it('never throws on arbitrary JSON values', () => {
      const sample = fc.record(
        {
          ts: fc.oneof(fc.double(), fc.string(), fc.constant(NOW)),
          metrics: fc.jsonValue(),
          tags: fc.jsonValue(),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), sample, fc.array(sample)), (doc) => {
          expectWellFormed(parseTelemetryMessage(TOPIC, utf8(JSON.stringify(doc) ?? ''), NOW));
        }),
        { seed: 11, numRuns: 2000 },
      );
    });

    it('never throws on arbitrary Telegraf JSON and gnmic shapes', () => {
      const value = fc.oneof(fc.jsonValue(), fc.double(), fc.string(), fc.constant('12'), fc.constant('NaN'));
      const dict = fc.dictionary(fc.oneof(fc.string(), fc.constant('/a[name=x]/state/b')), value);
      const ts = fc.oneof(fc.double(), fc.constant(NOW), fc.constant(NOW * 1e6), fc.string());
      const telegraf = fc.record(
        {
          fields: fc.oneof(dict, fc.jsonValue()),
          name: fc.oneof(fc.string(), fc.jsonValue()),
          tags: fc.jsonValue(),
          timestamp: ts,
        },
        { requiredKeys: ['fields'] },
      );
      const gnmic = fc.record(
        { name: fc.string(), timestamp: ts, tags: fc.jsonValue(), values: fc.oneof(dict, fc.jsonValue()) },
        { requiredKeys: ['values'] },
      );
      const doc = fc.oneof(telegraf, fc.record({ metrics: fc.array(telegraf) }), gnmic, fc.array(gnmic));
      fc.assert(
        fc.property(doc, (d) => {
          expectWellFormed(parseTelemetryMessage(TOPIC, utf8(JSON.stringify(d)), NOW));
        }),
        { seed: 5, numRuns: 2000 },
      );
    });

    it('never throws on arbitrary topics', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), (topic) => {
          expectWellFormed(parseTelemetryMessage(topic, utf8('m v=1'), NOW));
        }),
        { seed: 3, numRuns: 1000 },
      );
    });
  });
});
