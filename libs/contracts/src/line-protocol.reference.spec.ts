import { parseTelemetryMessage } from './parse-telemetry';
import type { RejectionReason } from './rejection';
import type { SkippedFields } from './skipped-fields';

// The InfluxDB line-protocol reference, case by case, each with the result the contract documents
// (libs/contracts/README.md, "Line protocol"). Sections refer to the InfluxDB docs page "Line protocol"
// (docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/).

const NOW = Date.UTC(2026, 0, 5, 10);
const NS = `${NOW}000000`; // the same instant in nanoseconds, InfluxDB's default precision
const TOPIC = 'telemetry/acme/rtr-01';

type Point = [metric: string, value: number, tags?: Record<string, string>];
type Expected =
  { points: Point[]; skipped?: SkippedFields; ts?: number } | { reason: RejectionReason; detail: string };

function parse(text: string) {
  return parseTelemetryMessage(TOPIC, new TextEncoder().encode(text), NOW);
}

const BOOLEANS: Array<[string, string, Expected]> = [
  ...['t', 'T', 'true', 'True', 'TRUE'].map((v): [string, string, Expected] => [
    `Data types and format > Boolean: ${v}`,
    `m b=${v}`,
    { points: [['m.b', 1]] },
  ]),
  ...['f', 'F', 'false', 'False', 'FALSE'].map((v): [string, string, Expected] => [
    `Data types and format > Boolean: ${v}`,
    `m b=${v}`,
    { points: [['m.b', 0]] },
  ]),
];

const CASES: Array<[section: string, text: string, expected: Expected]> = [
  // Elements of line protocol
  [
    'Elements of line protocol: measurement, tag set, field set, timestamp',
    `myMeasurement,tag1=value1,tag2=value2 fieldKey="fieldValue",n=1i ${NS}`,
    { points: [['myMeasurement.n', 1, { tag1: 'value1', tag2: 'value2' }]], skipped: { string_field: 1 } },
  ],
  [
    'Elements of line protocol > Timestamp: optional, the reception time when missing',
    'myMeasurement fieldKey=1.5',
    { points: [['myMeasurement.fieldKey', 1.5]], ts: NOW },
  ],
  // Data types and format
  [
    'Data types and format > Float',
    'm f=1.0,g=-1.234456e+78,h=1',
    {
      points: [
        ['m.f', 1],
        ['m.g', -1.234456e78],
        ['m.h', 1],
      ],
    },
  ],
  ['Data types and format > Integer (i suffix)', 'm i=-12485903i', { points: [['m.i', -12485903]] }],
  ['Data types and format > UInteger (u suffix)', 'm u=12485903u', { points: [['m.u', 12485903]] }],
  [
    'Data types and format > UInteger: negative is invalid',
    'm u=-1u',
    {
      reason: 'malformed_line_protocol',
      detail:
        'line 1: field "u": value "-1u" is not a number (1.5, -2e3), integer (12i), unsigned (12u), boolean (t/f) or quoted string',
    },
  ],
  [
    'Data types and format > String: skipped, line kept',
    'm s="this is a string",v=2',
    { points: [['m.v', 2]], skipped: { string_field: 1 } },
  ],
  ...BOOLEANS,
  ['Data types and format > Unix timestamp (ns)', `m v=1 ${NS}`, { points: [['m.v', 1]], ts: NOW }],
  // Quotes
  [
    'Quotes: double quotes inside a string field value, escaped',
    `m fieldKey="\\"string\\" within a string",v=3 ${NS}`,
    { points: [['m.v', 3]], skipped: { string_field: 1 } },
  ],
  [
    'Quotes: a string field with spaces, commas and equals signs',
    'm s="a, b=c d",v=4',
    { points: [['m.v', 4]], skipped: { string_field: 1 } },
  ],
  [
    'Quotes: a quoted numeric field value is a string',
    'm v="1",w=5',
    { points: [['m.w', 5]], skipped: { string_field: 1 } },
  ],
  [
    'Quotes: only string fields leave no metrics',
    'm s="x"',
    { reason: 'no_metrics', detail: 'payload has no numeric field (string fields skipped: 1)' },
  ],
  // Special characters
  [
    'Special characters: escaped space and comma in the measurement become _',
    'my\\ Measure\\,ment v=1',
    { points: [['my_Measure_ment.v', 1]] },
  ],
  [
    'Special characters: escaped space, comma and equals in tag values are kept',
    'm,tagKey=tag\\ Value\\,1\\=x v=1',
    { points: [['m.v', 1, { tagKey: 'tag Value,1=x' }]] },
  ],
  [
    'Special characters: an escaped space in a tag key is unescaped, then the tag-key charset rejects it',
    'm,tag\\ Key1=a v=1',
    {
      reason: 'invalid_tag',
      detail:
        'line 1: tag key "tag Key1": character " " at position 3 is not allowed (allowed: A-Z a-z 0-9 _ . -, starting with a letter or _)',
    },
  ],
  [
    'Special characters: escaped space, comma and equals in field keys become _',
    'telemetry field\\ Key\\,a\\=b=1',
    { points: [['field_Key_a_b', 1]] },
  ],
  [
    'Special characters: a backslash before another character is kept (then mapped to _ in a name)',
    'm\\x v=1',
    { points: [['m_x.v', 1]] },
  ],
  [
    'Special characters: emojis in a tag value are kept, in a name they become _',
    `m🍭,tagKey=🍭 fieldKey="Launch 🚀",v=1 ${NS}`,
    { points: [['m_.v', 1, { tagKey: '🍭' }]], skipped: { string_field: 1 } },
  ],
  // Comments
  [
    'Comments: # lines and blank lines are ignored',
    `# a comment\n\nm v=1 ${NS}\n   # indented\n`,
    { points: [['m.v', 1]] },
  ],
  [
    'Comments: a payload of comments only',
    '# only\n#comments',
    { reason: 'no_metrics', detail: 'payload has only blank or comment lines' },
  ],
  // Line endings (Telegraf on Windows)
  [
    'Elements of line protocol: CRLF line endings',
    `m v=1 ${NS}\r\nm w=2i\r\n`,
    {
      points: [
        ['m.v', 1],
        ['m.w', 2],
      ],
    },
  ],
  // Rejections that protect the store
  [
    'Data types and format > Float: NaN is not a number',
    'm v=NaN',
    { reason: 'non_finite_value', detail: 'line 1: field "v": value "NaN" is not finite' },
  ],
  [
    'Data types and format > Unix timestamp: must be an integer',
    'm v=1 1.5',
    { reason: 'invalid_timestamp', detail: 'line 1: timestamp "1.5" is not an integer (s, ms, µs or ns)' },
  ],
];

describe('InfluxDB line protocol reference', () => {
  it.each(CASES)('%s', (_section, text, expected) => {
    const result = parse(text);
    if ('reason' in expected) {
      expect(result).toEqual({ ok: false, format: 'line-protocol', ...expected });
      return;
    }
    if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.detail}`);
    expect(result.points.map((p) => [p.metric, p.value, p.tags])).toEqual(
      expected.points.map(([metric, value, tags]) => [metric, value, tags ?? {}]),
    );
    expect(result.skipped).toEqual(expected.skipped);
    if (expected.ts !== undefined) for (const p of result.points) expect(p.ts).toBe(expected.ts);
  });
});

describe('Telegraf SNMP interface table', () => {
  // Telegraf docs, "SNMP Input Plugin", section Configuration: an [[inputs.snmp.table]] named "interface"
  // over IF-MIB::ifXTable/ifTable, ifName as a table field with is_tag = true, the agent address in the
  // agent_host tag (agent_host_tag); sent by outputs.mqtt with data_format = "influx" (nanoseconds).
  const FIXTURE = [
    'interface,agent_host=10.0.0.1,ifName=ge-0/0/1 ifDescr="GigabitEthernet0/0/1",ifAlias="uplink",ifHCInOctets=123456789i,ifInErrors=0i,ifOperStatus=1i 1767607200000000000',
    'interface,agent_host=10.0.0.1,ifName=ge-0/0/2 ifDescr="GigabitEthernet0/0/2",ifAlias="to \\"core\\", lag 1",ifHCInOctets=987654321i,ifInErrors=3i,ifOperStatus=2i 1767607200000000000',
    'snmp,agent_host=10.0.0.1 sysName="rtr-01",uptime=123456u 1767607200000000000',
  ].join('\n');

  it('keeps the numeric points and counts the string fields as skipped', () => {
    const result = parse(FIXTURE);
    expect(result).toMatchObject({ ok: true, format: 'line-protocol', skipped: { string_field: 5 } });
    if (!result.ok) return;
    expect(result.points.map((p) => [p.metric, p.value, p.tags.ifName ?? '-'])).toEqual([
      ['interface.ifHCInOctets', 123456789, 'ge-0/0/1'],
      ['interface.ifInErrors', 0, 'ge-0/0/1'],
      ['interface.ifOperStatus', 1, 'ge-0/0/1'],
      ['interface.ifHCInOctets', 987654321, 'ge-0/0/2'],
      ['interface.ifInErrors', 3, 'ge-0/0/2'],
      ['interface.ifOperStatus', 2, 'ge-0/0/2'],
      ['snmp.uptime', 123456, '-'],
    ]);
    expect(result.points[0].tags).toEqual({ agent_host: '10.0.0.1', ifName: 'ge-0/0/1' });
    expect(new Set(result.points.map((p) => p.ts))).toEqual(new Set([NOW]));
  });
});
