import { DEFAULT_TELEMETRY_LIMITS, type TelemetryLimits } from './limits';
import { type ParseResult, parseTelemetryMessage } from './parse-telemetry';
import type { TelemetryPoint } from './telemetry';

const NOW = Date.UTC(2026, 0, 5, 10);
const NOW_S = NOW / 1000;
const TOPIC = 'telemetry/acme/rtr-01';

function parseLp(text: string, limits: TelemetryLimits = DEFAULT_TELEMETRY_LIMITS): ParseResult {
  return parseTelemetryMessage(TOPIC, new TextEncoder().encode(text), NOW, limits);
}

function points(text: string): Array<Pick<TelemetryPoint, 'metric' | 'value' | 'ts' | 'tags'>> {
  const result = parseLp(text);
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.detail}`);
  expect(result.format).toBe('line-protocol');
  return result.points.map(({ metric, value, ts, tags }) => ({ metric, value, ts, tags }));
}

function expectRejected(text: string, reason: string, detail: string, limits?: TelemetryLimits): void {
  const result = parseLp(text, limits);
  expect(result).toMatchObject({ ok: false, format: 'line-protocol', reason });
  expect(!result.ok && result.detail).toBe(detail);
}

describe('line protocol payloads', () => {
  it('maps the generic measurement to bare field names', () => {
    expect(points(`telemetry,site=par1 temp=41.5,fan=3i ${NOW_S}`)).toEqual([
      { metric: 'temp', value: 41.5, ts: NOW, tags: { site: 'par1' } },
      { metric: 'fan', value: 3, ts: NOW, tags: { site: 'par1' } },
    ]);
  });

  it('prefixes fields with a named measurement', () => {
    expect(points('cpu usage_idle=99.5,usage_user=0.5').map((p) => [p.metric, p.value, p.ts])).toEqual([
      ['cpu.usage_idle', 99.5, NOW],
      ['cpu.usage_user', 0.5, NOW],
    ]);
  });

  it.each([
    ['1', 1],
    ['-1.5', -1.5],
    ['1e3', 1000],
    ['-2.5E-3', -0.0025],
    ['.5', 0.5],
    ['+7', 7],
    ['12i', 12],
    ['-12i', -12],
    ['12u', 12],
    ...['t', 'T', 'true', 'True', 'TRUE'].map((v) => [v, 1] as [string, number]),
    ...['f', 'F', 'false', 'False', 'FALSE'].map((v) => [v, 0] as [string, number]),
  ])('reads field value %s as %d', (raw, value) => {
    expect(points(`m v=${raw}`)[0].value).toBe(value);
  });

  it('unescapes commas, spaces and equals signs in tag values', () => {
    expect(points('telemetry,port=ge-0/0/1\\,\\ uplink\\=yes,site=Paris\\ 2 rx=1')).toEqual([
      {
        metric: 'rx',
        value: 1,
        ts: NOW,
        tags: { port: 'ge-0/0/1, uplink=yes', site: 'Paris 2' },
      },
    ]);
  });

  it('unescapes a backslash in a tag value, which the contract then rejects (InfluxDB cannot keep it)', () => {
    const result = parseLp('telemetry,rack=B\\\\ rx=1');
    expect(result).toMatchObject({ ok: false, reason: 'invalid_tag' });
    expect(!result.ok && result.detail).toContain('tag rack: value contains a backslash at position 1');
  });

  // The scanner does not split on escaped characters; metric names then map every character outside
  // their charset to "_" (toMetricName), while tag keys keep their strict charset.
  it.each([
    ['an escaped space in the measurement', 'if\\ stats rx=1', 'if_stats.rx'],
    ['an escaped comma in the measurement', 'net\\,v2 rx=1', 'net_v2.rx'],
    ['an escaped comma in a field key', 'm rx\\,tx=1', 'm.rx_tx'],
  ])('reads %s as one name, mapped to a metric name', (_case, text, metric) => {
    expect(points(text).map((p) => p.metric)).toEqual([metric]);
  });

  it('reads an escaped space in a tag key as one name, which the tag-key charset rejects', () => {
    const result = parseLp('m,my\\ key=a rx=1');
    expect(result).toMatchObject({ ok: false, reason: 'invalid_tag' });
    expect(!result.ok && result.detail).toContain('tag key "my key"');
  });

  it('skips string fields containing spaces, commas and escaped quotes, keeping the rest of the line', () => {
    const result = parseLp('telemetry temp=1,status="link up, \\"flapping\\"",fan=2i 1767607200');
    expect(result).toMatchObject({ ok: true, skipped: { string_field: 1 } });
    expect(result.ok && result.points.map((p) => [p.metric, p.value])).toEqual([
      ['temp', 1],
      ['fan', 2],
    ]);
  });

  it('reports no skipped fields when there were none', () => {
    expect(parseLp('m v=1')).not.toHaveProperty('skipped');
  });

  it('reads several lines separated by LF or CRLF, skipping blank and comment lines', () => {
    const text = `# from telegraf\r\n\r\ncpu load=1 ${NOW_S - 10}\r\n  \n  # indented comment\nmem used=2i ${NOW_S - 5}\n`;
    expect(points(text).map((p) => [p.metric, p.value, p.ts])).toEqual([
      ['cpu.load', 1, NOW - 10_000],
      ['mem.used', 2, NOW - 5000],
    ]);
  });

  it('gives each line its own tags', () => {
    const [a, b] = points('m,site=a x=1\nm,site=b x=2\nm x=3');
    expect([a.tags, b.tags]).toEqual([{ site: 'a' }, { site: 'b' }]);
    expect(points('m x=3')[0].tags).toEqual({});
  });

  it.each([
    ['seconds', `${NOW_S}`],
    ['milliseconds', `${NOW}`],
    ['microseconds', `${NOW}000`],
    ['nanoseconds', `${NOW}000000`],
    ['nanoseconds, not a round ms', `${NOW}123456`],
  ])('detects a timestamp in %s', (_precision, raw) => {
    expect(points(`m v=1 ${raw}`)[0].ts).toBe(NOW);
  });

  it('uses the reception time when the timestamp is missing, and tolerates trailing blanks', () => {
    expect(points('m v=1   ')[0].ts).toBe(NOW);
    expect(points(`m v=1 ${NOW_S}\t `)[0].ts).toBe(NOW);
  });

  describe('rejections', () => {
    it.each([
      [
        'a message of string fields only',
        'm temp="hot"\nm os="x",ver="1.2"',
        'no_metrics',
        'payload has no numeric field (string fields skipped: 3)',
      ],
      ['NaN', 'm temp=NaN', 'non_finite_value', 'line 1: field "temp": value "NaN" is not finite'],
      ['inf', 'm temp=-inf', 'non_finite_value', 'line 1: field "temp": value "-inf" is not finite'],
      [
        'Infinity',
        'm temp=Infinity',
        'non_finite_value',
        'line 1: field "temp": value "Infinity" is not finite',
      ],
      [
        'an overflowing float',
        'm temp=1e999',
        'non_finite_value',
        'line 1: field "temp": value 1e999 overflows to Infinity',
      ],
      [
        'an unquoted word',
        'm status=up',
        'malformed_line_protocol',
        'line 1: field "status": value "up" is not a number (1.5, -2e3), integer (12i), unsigned (12u), boolean (t/f) or quoted string',
      ],
      [
        'a negative unsigned',
        'm v=-1u',
        'malformed_line_protocol',
        'line 1: field "v": value "-1u" is not a number (1.5, -2e3), integer (12i), unsigned (12u), boolean (t/f) or quoted string',
      ],
      [
        'a hex number',
        'm v=0x10',
        'malformed_line_protocol',
        'line 1: field "v": value "0x10" is not a number (1.5, -2e3), integer (12i), unsigned (12u), boolean (t/f) or quoted string',
      ],
      ['no fields', 'cpu', 'malformed_line_protocol', 'line 1: expected a space and fields after "cpu"'],
      [
        'no fields after tags',
        'cpu,host=a',
        'malformed_line_protocol',
        'line 1: expected a space and fields after "cpu"',
      ],
      [
        'a field without value',
        'cpu load',
        'malformed_line_protocol',
        'line 1: field "load" has no "=value"',
      ],
      [
        'an empty field value',
        'cpu load=',
        'malformed_line_protocol',
        'line 1: field "load" has an empty value',
      ],
      ['an empty field key', 'cpu =1', 'malformed_line_protocol', 'line 1: missing field key'],
      ['a trailing comma', 'cpu a=1,', 'malformed_line_protocol', 'line 1: missing field key'],
      [
        'a missing measurement',
        ',host=a v=1',
        'malformed_line_protocol',
        'line 1: missing measurement before ","',
      ],
      [
        'a tag without value',
        'cpu,host v=1',
        'malformed_line_protocol',
        'line 1: tag "host" has no "=value"',
      ],
      [
        'an empty tag value',
        'cpu,host= v=1',
        'malformed_line_protocol',
        'line 1: empty tag key or value in "host="',
      ],
      [
        'an unterminated string',
        'm s="abc',
        'malformed_line_protocol',
        'line 1: field "s": string value has no closing quote',
      ],
      [
        'text after the timestamp',
        `m v=1 ${NOW_S} extra`,
        'malformed_line_protocol',
        'line 1: unexpected "extra" after the timestamp',
      ],
      [
        'the line number of the culprit',
        `# c\nm v=1\n\nm v=1 x`,
        'invalid_timestamp',
        'line 4: timestamp "x" is not an integer (s, ms, µs or ns)',
      ],
      [
        'a float timestamp',
        'm v=1 1767607200.5',
        'invalid_timestamp',
        'line 1: timestamp "1767607200.5" is not an integer (s, ms, µs or ns)',
      ],
      [
        'a future timestamp',
        `m v=1 ${NOW_S + 3600}`,
        'timestamp_in_future',
        'line 1: time 2026-01-05T11:00:00.000Z is more than 300000 ms after reception at 2026-01-05T10:00:00.000Z',
      ],
      [
        'an old timestamp',
        'm v=1 1000000000',
        'timestamp_too_old',
        'line 1: time 2001-09-09T01:46:40.000Z is more than 2592000000 ms before reception at 2026-01-05T10:00:00.000Z',
      ],
      [
        'a metric name still invalid once mapped',
        '9m\\ x v=1',
        'invalid_metric_name',
        'line 1: field "v": metric name "9m_x.v": character "9" at position 0 is not allowed (allowed: A-Z a-z 0-9 _ . : -, starting with a letter or _)',
      ],
      [
        'text glued to a string field',
        `m s="a"${NOW_S}`,
        'malformed_line_protocol',
        'line 1: field "s": unexpected "1" after the closing quote',
      ],
      [
        'a string field with a bad value after it',
        'm s="a",v=NaN',
        'non_finite_value',
        'line 1: field "v": value "NaN" is not finite',
      ],
      ['a reserved tag', 'm,metric=x v=1', 'invalid_tag', 'line 1: tag key "metric" is reserved'],
      ['a duplicate tag', 'm,a=1,a=2 v=1', 'invalid_tag', 'line 1: tag "a" appears twice'],
      [
        'a control character in a tag',
        'm,a=x\u0007y v=1',
        'invalid_tag',
        'line 1: tag a: value contains control character U+0007 at position 1',
      ],
      ['only comments', '# nothing\n\n#more', 'no_metrics', 'payload has only blank or comment lines'],
    ])('rejects %s', (_case, text, reason, detail) => {
      expectRejected(text, reason, detail);
    });

    it('rejects more than maxTagsPerSample tags', () => {
      const tags = Array.from({ length: 17 }, (_, i) => `,t${i}=v`).join('');
      expectRejected(`m${tags} v=1`, 'invalid_tag', 'line 1: more than 16 tags');
      expect(parseLp(`m${tags.slice(0, tags.lastIndexOf(','))} v=1`).ok).toBe(true);
    });

    it('counts fields over all lines against maxMetricsPerMessage', () => {
      const limits = { ...DEFAULT_TELEMETRY_LIMITS, maxMetricsPerMessage: 3 };
      expect(parseLp('m a=1,b=2\nm c=3', limits).ok).toBe(true);
      expectRejected(
        'm a=1,b=2\nm c=3,d=4',
        'too_many_metrics',
        'line 2: message has more than 3 metrics',
        limits,
      );
    });
  });
});
