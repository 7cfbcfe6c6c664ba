import { DEFAULT_TELEMETRY_LIMITS, type TelemetryLimits } from './limits';
import { type ParseResult, parseTelemetryMessage } from './parse-telemetry';

const NOW = Date.UTC(2026, 0, 5, 10);
const TOPIC = 'telemetry/acme/rtr-01';

function parseJson(doc: unknown, limits: TelemetryLimits = DEFAULT_TELEMETRY_LIMITS): ParseResult {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  return parseTelemetryMessage(TOPIC, new TextEncoder().encode(text), NOW, limits);
}

function expectRejected(result: ParseResult, reason: string, detail: string): void {
  expect(result).toMatchObject({ ok: false, format: 'json', reason });
  expect(!result.ok && result.detail).toBe(detail);
}

describe('JSON payloads', () => {
  it('turns one sample into one point per metric, sharing tags and ts', () => {
    const result = parseJson({ ts: NOW - 1000, metrics: { temp: 41.5, fan: 3 }, tags: { site: 'par1' } });
    expect(result).toEqual({
      ok: true,
      format: 'json',
      points: [
        {
          tenant: 'acme',
          device: 'rtr-01',
          metric: 'temp',
          ts: NOW - 1000,
          value: 41.5,
          tags: { site: 'par1' },
        },
        { tenant: 'acme', device: 'rtr-01', metric: 'fan', ts: NOW - 1000, value: 3, tags: { site: 'par1' } },
      ],
    });
  });

  it('accepts a non-empty array of samples, each with its own ts and tags', () => {
    const result = parseJson([
      { ts: '2026-01-05T10:00:00+01:00', metrics: { a: 1 }, tags: { port: 'ge-0/0/1' } },
      { metrics: { b: 2 } },
    ]);
    expect(result.ok && result.points.map(({ metric, ts, tags }) => ({ metric, ts, tags }))).toEqual([
      { metric: 'a', ts: NOW - 3_600_000, tags: { port: 'ge-0/0/1' } },
      { metric: 'b', ts: NOW, tags: {} },
    ]);
  });

  it.each([
    ['epoch ms', NOW - 5000, NOW - 5000],
    ['fractional epoch ms (rounded)', NOW - 5000.6, NOW - 5001],
    ['RFC 3339 Z', '2026-01-05T09:59:00Z', NOW - 60_000],
    ['RFC 3339 with offset and fraction', '2026-01-05T04:59:00.250-05:00', NOW - 59_750],
    ['missing (time of reception)', undefined, NOW],
  ])('reads ts as %s', (_form, ts, expected) => {
    const result = parseJson({ ts, metrics: { temp: 1 } });
    expect(result.ok && result.points[0].ts).toBe(expected);
  });

  it('maps booleans to 1/0 and accepts any finite number', () => {
    const result = parseJson({ metrics: { link_up: true, fault: false, big: 1e300, tiny: -5e-324 } });
    expect(result.ok && result.points.map((p) => p.value)).toEqual([1, 0, 1e300, -5e-324]);
  });

  it('accepts leading whitespace before the JSON', () => {
    expect(parseJson('\n  {"metrics":{"a":1}}').ok).toBe(true);
  });

  describe('rejections', () => {
    it.each([
      ['{"metrics":', 'malformed_json', /^payload is not valid JSON: /],
      ['[1,', 'malformed_json', /^payload is not valid JSON: /],
    ])('%j -> %s', (text, reason, detail) => {
      const result = parseJson(text);
      expect(result).toMatchObject({ ok: false, format: 'json', reason });
      expect(!result.ok && result.detail).toMatch(detail);
    });

    it.each<[string, unknown, string, string]>([
      [
        'a string sample',
        ['x'],
        'invalid_schema',
        '[0]: expected a sample object {"metrics": {...}}, got a string',
      ],
      [
        'a nested array',
        [[]],
        'invalid_schema',
        '[0]: expected a sample object {"metrics": {...}}, got an array',
      ],
      [
        'null sample',
        [{ metrics: { a: 1 } }, null],
        'invalid_schema',
        '[1]: expected a sample object {"metrics": {...}}, got null',
      ],
      [
        'an unknown key (typo)',
        { metric: { a: 1 } },
        'invalid_schema',
        'payload: unknown key "metric" (allowed: ts, metrics, tags)',
      ],
      [
        'a Nest envelope key',
        [{ metrics: { a: 1 }, pattern: 'x' }],
        'invalid_schema',
        '[0]: unknown key "pattern" (allowed: ts, metrics, tags)',
      ],
      [
        'metrics as an array',
        { metrics: [1] },
        'invalid_schema',
        'metrics: expected an object of name -> number, got an array',
      ],
      [
        'tags as a string',
        { metrics: { a: 1 }, tags: 'x' },
        'invalid_schema',
        'tags: expected an object of key -> string, got a string',
      ],
      ['an empty array', [], 'no_metrics', 'payload is an empty array: expected at least one sample'],
      ['missing metrics', { tags: { a: 'b' } }, 'no_metrics', 'metrics: missing'],
      ['empty metrics', [{ metrics: { a: 1 } }, { metrics: {} }], 'no_metrics', '[1].metrics: is empty'],
      [
        'a string value',
        { metrics: { temp: 'abc' } },
        'non_numeric_value',
        'metrics.temp: value "abc" is a string, expected a number',
      ],
      [
        'a numeric string',
        { metrics: { temp: '41.5' } },
        'non_numeric_value',
        'metrics.temp: value "41.5" is a string, expected a number',
      ],
      [
        '"NaN"',
        { metrics: { temp: 'NaN' } },
        'non_numeric_value',
        'metrics.temp: value "NaN" is a string, expected a number',
      ],
      [
        '"Infinity"',
        { metrics: { temp: 'Infinity' } },
        'non_numeric_value',
        'metrics.temp: value "Infinity" is a string, expected a number',
      ],
      [
        'null',
        { metrics: { temp: null } },
        'non_numeric_value',
        'metrics.temp: value is null, expected a number',
      ],
      [
        'an object',
        [{ metrics: { temp: {} } }],
        'non_numeric_value',
        '[0].metrics.temp: value is an object, expected a number',
      ],
      [
        'an array',
        { metrics: { temp: [1] } },
        'non_numeric_value',
        'metrics.temp: value is an array, expected a number',
      ],
      [
        'a bad metric name',
        { metrics: { 'cpu usage': 1 } },
        'invalid_metric_name',
        'metrics: metric name "cpu usage": character " " at position 3 is not allowed (allowed: A-Z a-z 0-9 _ . : -, starting with a letter or _)',
      ],
      [
        'a reserved tag',
        { metrics: { a: 1 }, tags: { device: 'x' } },
        'invalid_tag',
        'tags: tag key "device" is reserved',
      ],
      [
        'a numeric tag value',
        { metrics: { a: 1 }, tags: { slot: 3 } },
        'invalid_tag',
        'tags: tag slot: value is a number, expected a string',
      ],
      [
        'a newline in a tag',
        { metrics: { a: 1 }, tags: { k: 'a\nb' } },
        'invalid_tag',
        'tags: tag k: value contains control character U+000A at position 1',
      ],
      [
        'a ts without zone',
        { ts: '2026-01-05T10:00:00', metrics: { a: 1 } },
        'invalid_timestamp',
        'ts: "2026-01-05T10:00:00" is not an RFC 3339 date-time with a time zone (e.g. "2026-01-05T10:00:00Z")',
      ],
      [
        'a numeric string ts',
        { ts: '1767607200000', metrics: { a: 1 } },
        'invalid_timestamp',
        'ts: "1767607200000" is not an RFC 3339 date-time with a time zone (e.g. "2026-01-05T10:00:00Z")',
      ],
      [
        'a boolean ts',
        [{ ts: true, metrics: { a: 1 } }],
        'invalid_timestamp',
        '[0].ts: expected epoch milliseconds (number) or an RFC 3339 string, got a boolean',
      ],
      [
        'a ts 10 minutes ahead',
        { ts: NOW + 600_000, metrics: { a: 1 } },
        'timestamp_in_future',
        'ts: time 2026-01-05T10:10:00.000Z is more than 300000 ms after reception at 2026-01-05T10:00:00.000Z',
      ],
      [
        'a ts 31 days old',
        { ts: '2025-12-05T10:00:00Z', metrics: { a: 1 } },
        'timestamp_too_old',
        'ts: time 2025-12-05T10:00:00.000Z is more than 2592000000 ms before reception at 2026-01-05T10:00:00.000Z',
      ],
      [
        'a ts in epoch seconds',
        { ts: NOW / 1000, metrics: { a: 1 } },
        'timestamp_too_old',
        'ts: time 1970-01-21T11:00:07.200Z is more than 2592000000 ms before reception at 2026-01-05T10:00:00.000Z (epoch milliseconds expected; this looks like seconds)',
      ],
    ])('rejects %s', (_case, doc, reason, detail) => {
      expectRejected(parseJson(doc), reason, detail);
    });

    it('accepts samples exactly at the edges of the time window', () => {
      const { maxFutureSkewMs, maxAgeMs } = DEFAULT_TELEMETRY_LIMITS;
      expect(
        parseJson([
          { ts: NOW + maxFutureSkewMs, metrics: { a: 1 } },
          { ts: NOW - maxAgeMs, metrics: { a: 1 } },
        ]).ok,
      ).toBe(true);
      expect(parseJson({ ts: NOW + maxFutureSkewMs + 1, metrics: { a: 1 } }).ok).toBe(false);
      expect(parseJson({ ts: NOW - maxAgeMs - 1, metrics: { a: 1 } }).ok).toBe(false);
    });

    it('counts metrics across samples against maxMetricsPerMessage', () => {
      const limits = { ...DEFAULT_TELEMETRY_LIMITS, maxMetricsPerMessage: 3 };
      expect(parseJson([{ metrics: { a: 1, b: 2 } }, { metrics: { c: 3 } }], limits).ok).toBe(true);
      expectRejected(
        parseJson([{ metrics: { a: 1, b: 2 } }, { metrics: { c: 3, d: 4 } }], limits),
        'too_many_metrics',
        '[1].metrics: message has more than 3 metrics',
      );
    });

    it('limits the number of tags per sample', () => {
      const tags = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`t${i}`, 'v']));
      expectRejected(parseJson({ metrics: { a: 1 }, tags }), 'invalid_tag', 'tags: more than 16 tags');
      delete tags.t16;
      expect(parseJson({ metrics: { a: 1 }, tags }).ok).toBe(true);
    });
  });
});
