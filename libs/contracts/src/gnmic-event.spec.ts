import { gnmiPathToMetric } from './gnmic-event';
import { type ParseResult, parseTelemetryMessage } from './parse-telemetry';

// gnmic docs, "Event format" (user guide > outputs > output formats, "event"): one event or an array of
// {name, timestamp (ns), tags, values}, list keys of the subscribed path in tags as <element>_<key>,
// uint64 counters as JSON strings.

const NOW = Date.UTC(2026, 0, 5, 10);
const NS = NOW * 1e6;
const TOPIC = 'telemetry/acme/rtr-01';

function parse(payload: unknown): ParseResult {
  return parseTelemetryMessage(TOPIC, new TextEncoder().encode(JSON.stringify(payload)), NOW);
}

describe('gnmic event format', () => {
  it('reads the documented event: numeric strings as numbers, tags kept, device from the topic', () => {
    const result = parse([
      {
        name: 'sub1',
        timestamp: NS,
        tags: { source: 'r1:57400', 'subscription-name': 'sub1', interface_name: 'ethernet-1/1' },
        values: {
          '/interfaces/interface/state/counters/in-octets': '7753940',
          '/interfaces/interface/state/counters/in-errors': 3,
          '/interfaces/interface/state/oper-status': 'UP',
          '/interfaces/interface/state/enabled': true,
        },
      },
    ]);
    expect(result).toMatchObject({ ok: true, format: 'gnmic', skipped: { string_field: 1 } });
    if (!result.ok) return;
    expect(result.points.map((p) => [p.device, p.metric, p.value, p.ts])).toEqual([
      ['rtr-01', 'interfaces.interface.counters.in-octets', 7753940, NOW],
      ['rtr-01', 'interfaces.interface.counters.in-errors', 3, NOW],
      ['rtr-01', 'interfaces.interface.enabled', 1, NOW],
    ]);
    expect(result.points[0].tags).toEqual({
      source: 'r1:57400',
      'subscription-name': 'sub1',
      interface_name: 'ethernet-1/1',
    });
  });

  it.each([
    [
      '/interfaces/interface[name=ethernet-1/1]/state/counters/in-octets',
      'interfaces.interface.counters.in-octets',
      { interface_name: 'ethernet-1/1' },
    ],
    ['/components/component/state/temperature/instant', 'components.component.temperature.instant', {}],
    [
      '/srl_nokia-interfaces:interface[name=ethernet-1/1]/subinterface[index=0]/statistics/in-octets',
      'srl_nokia-interfaces:interface.subinterface.statistics.in-octets',
      { interface_name: 'ethernet-1/1', subinterface_index: '0' },
    ],
    ['relative/path with space', 'relative.path_with_space', {}],
  ])('maps path %s to %s', (path, metric, keys) => {
    expect(gnmiPathToMetric(path)).toEqual({ metric, keys });
  });

  it('moves path keys into the tags of that value only', () => {
    const result = parse({
      timestamp: NS,
      tags: { source: 'r1' },
      values: {
        '/interfaces/interface[name=ethernet-1/2]/state/counters/in-octets': '1',
        '/system/state/uptime': 5,
      },
    });
    expect(result.ok && result.points.map((p) => [p.metric, p.tags])).toEqual([
      ['interfaces.interface.counters.in-octets', { source: 'r1', interface_name: 'ethernet-1/2' }],
      ['system.uptime', { source: 'r1' }],
    ]);
  });

  it('reads a uint64 beyond 2^53 as the nearest double, like any float field', () => {
    const result = parse({ timestamp: NS, values: { '/c': '18446744073709551615' } });
    expect(result.ok && result.points[0].value).toBe(18446744073709551615);
  });

  it('keeps the JSON sample array format unchanged', () => {
    expect(parse([{ metrics: { a: 1 } }])).toMatchObject({ ok: true, format: 'json' });
  });

  it.each([
    [
      'an unknown key',
      { values: { '/a': 1 }, source: 'r1' },
      'invalid_schema',
      'payload: unknown key "source" (allowed: name, timestamp, tags, values, deletes)',
    ],
    [
      'a NaN string',
      [{ values: { '/a': 'NaN' } }],
      'non_finite_value',
      '[0].values["/a"]: value "NaN" is not finite',
    ],
    [
      'an object value',
      { values: { '/a': {} } },
      'non_numeric_value',
      'values["/a"]: value is an object, expected a number',
    ],
    [
      'strings only',
      { values: { '/a': 'UP' } },
      'no_metrics',
      'payload has no numeric value (string values skipped: 1)',
    ],
    [
      'an old timestamp',
      { timestamp: 1e18, values: { '/a': 1 } },
      'timestamp_too_old',
      'timestamp: time 2001-09-09T01:46:40.000Z is more than 2592000000 ms before reception at 2026-01-05T10:00:00.000Z',
    ],
    [
      'a reserved tag',
      { tags: { device: 'r1' }, values: { '/a': 1 } },
      'invalid_tag',
      'tags: tag key "device" is reserved',
    ],
    [
      'a path key contradicting a tag',
      { tags: { interface_name: 'a' }, values: { '/interface[name=b]/x': 1 } },
      'invalid_tag',
      'values["/interface[name=b]/x"]: path key interface_name="b" differs from tag "a"',
    ],
  ])('rejects %s', (_case, payload, reason, detail) => {
    expect(parse(payload)).toEqual({ ok: false, format: 'gnmic', reason, detail });
  });
});
