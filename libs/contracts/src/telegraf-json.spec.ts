import { type ParseResult, parseTelemetryMessage } from './parse-telemetry';

// Telegraf docs, "JSON Serializer" (plugins/serializers/json): section "Examples" for the standard form
// {"fields", "name", "tags", "timestamp"} and the batch form {"metrics": [...]}; section "Configuration" for
// json_timestamp_units (1s, 1ms, 1us, 1ns), recognised here from the magnitude of the timestamp.

const NOW = Date.UTC(2026, 0, 5, 10);
const TOPIC = 'telemetry/acme/rtr-01';

function parse(payload: unknown): ParseResult {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return parseTelemetryMessage(TOPIC, new TextEncoder().encode(text), NOW);
}

const UNITS: Array<[unit: string, timestamp: number, lineProtocol: string]> = [
  ['1s', NOW / 1000, `${NOW / 1000}`],
  ['1ms', NOW + 123, `${NOW + 123}`],
  ['1us', (NOW + 123) * 1000 + 456, `${NOW + 123}456`],
  ['1ns', (NOW + 123) * 1e6, `${NOW + 123}000000`],
  ['1ns, not a round ms', 1767607200123456789, `${NOW + 123}456789`],
];

describe('Telegraf JSON serializer', () => {
  describe.each(UNITS)('with json_timestamp_units = %s', (_unit, timestamp, lpTimestamp) => {
    const interfaceMetric = {
      fields: { ifDescr: 'GigabitEthernet0/0/1', ifHCInOctets: 123456789, ifInErrors: 0, up: true },
      name: 'interface',
      tags: { agent_host: '10.0.0.1', ifName: 'ge-0/0/1' },
      timestamp,
    };
    const genericMetric = { fields: { temp: 41.5 }, name: 'telemetry', tags: { site: 'par1' }, timestamp };
    const lineProtocol = [
      `interface,agent_host=10.0.0.1,ifName=ge-0/0/1 ifDescr="GigabitEthernet0/0/1",ifHCInOctets=123456789i,ifInErrors=0i,up=true ${lpTimestamp}`,
      `telemetry,site=par1 temp=41.5 ${lpTimestamp}`,
    ].join('\n');

    it('gives exactly the points of the same metrics in line protocol (standard form, one per message)', () => {
      const expected = parse(lineProtocol);
      expect(expected.ok).toBe(true);
      const a = parse(interfaceMetric);
      const b = parse(genericMetric);
      expect(a).toMatchObject({ ok: true, format: 'telegraf-json', skipped: { string_field: 1 } });
      expect(b).toMatchObject({ ok: true, format: 'telegraf-json' });
      expect([...(a.ok ? a.points : []), ...(b.ok ? b.points : [])]).toEqual(expected.ok && expected.points);
    });

    it('gives exactly the points and skipped counts of line protocol (batch form)', () => {
      const expected = parse(lineProtocol);
      expect(parse({ metrics: [interfaceMetric, genericMetric] })).toEqual({
        ...expected,
        format: 'telegraf-json',
      });
    });
  });

  it('reads the documented example: cpu.usage_idle and the other fields, tags kept', () => {
    const result = parse({
      fields: { usage_guest: 0, usage_idle: 98.5 },
      name: 'cpu',
      tags: { cpu: 'cpu-total', host: 'localhost' },
      timestamp: NOW / 1000,
    });
    expect(result.ok && result.points.map((p) => [p.metric, p.value, p.ts, p.tags])).toEqual([
      ['cpu.usage_guest', 0, NOW, { cpu: 'cpu-total', host: 'localhost' }],
      ['cpu.usage_idle', 98.5, NOW, { cpu: 'cpu-total', host: 'localhost' }],
    ]);
  });

  it('maps names like line protocol and uses the reception time without a timestamp', () => {
    const result = parse({ fields: { 'rx bytes': 1 }, name: 'if stats' });
    expect(result.ok && result.points.map((p) => [p.metric, p.ts])).toEqual([['if_stats.rx_bytes', NOW]]);
  });

  it('keeps the JSON sample format unchanged', () => {
    expect(parse({ metrics: { temp: 1 }, tags: { site: 'a' } })).toMatchObject({ ok: true, format: 'json' });
    expect(parse({ metrics: [1] })).toMatchObject({
      ok: false,
      format: 'json',
      reason: 'invalid_schema',
      detail: 'metrics: expected an object of name -> number, got an array',
    });
  });

  it.each([
    [
      'an unknown key',
      { fields: { a: 1 }, name: 'm', ts: 1 },
      'invalid_schema',
      'payload: unknown key "ts" (allowed: fields, name, tags, timestamp)',
    ],
    [
      'a missing name',
      { fields: { a: 1 } },
      'invalid_schema',
      'name: expected a non-empty string, got undefined',
    ],
    [
      'an unknown key next to a batch',
      { metrics: [{ fields: { a: 1 }, name: 'm' }], extra: 1 },
      'invalid_schema',
      'payload: unknown key "extra" (allowed: metrics)',
    ],
    [
      'a null field',
      {
        metrics: [
          { fields: { a: 1 }, name: 'm' },
          { fields: { b: null }, name: 'm' },
        ],
      },
      'non_numeric_value',
      'metrics[1].fields.b: value is null, expected a number',
    ],
    [
      'string fields only',
      { fields: { os: 'x', ver: '1' }, name: 'm' },
      'no_metrics',
      'payload has no numeric field (string fields skipped: 2)',
    ],
    [
      'a reserved tag',
      { fields: { a: 1 }, name: 'm', tags: { device: 'x' } },
      'invalid_tag',
      'tags: tag key "device" is reserved',
    ],
    [
      'a fractional timestamp',
      { fields: { a: 1 }, name: 'm', timestamp: 1767607200.5 },
      'invalid_timestamp',
      'timestamp: expected an integer epoch timestamp (s, ms, µs or ns) or an RFC 3339 string, got 1767607200.5',
    ],
    [
      'an old timestamp',
      { fields: { a: 1 }, name: 'm', timestamp: 1000000000 },
      'timestamp_too_old',
      'timestamp: time 2001-09-09T01:46:40.000Z is more than 2592000000 ms before reception at 2026-01-05T10:00:00.000Z',
    ],
    [
      'a name still invalid once mapped',
      { fields: { a: 1 }, name: '9m' },
      'invalid_metric_name',
      'fields: field "a": metric name "9m.a": character "9" at position 0 is not allowed (allowed: A-Z a-z 0-9 _ . : -, starting with a letter or _)',
    ],
  ])('rejects %s', (_case, payload, reason, detail) => {
    expect(parse(payload)).toEqual({ ok: false, format: 'telegraf-json', reason, detail });
  });
});
