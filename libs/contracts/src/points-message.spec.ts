import { groupByDevice, parsePointsMessage } from './points-message';
import type { TelemetryPoint } from './telemetry';

const point = (device: string, metric: string, ts: number): TelemetryPoint => ({
  tenant: 'acme',
  device,
  metric,
  ts,
  value: ts / 10,
  tags: {},
});

describe('groupByDevice', () => {
  it('groups by device, keeping each device order and the order devices first appear', () => {
    const messages = groupByDevice([
      point('r1', 'cpu', 1),
      point('r2', 'cpu', 1),
      point('r1', 'temp', 2),
      point('r1', 'cpu', 3),
    ]);
    expect(messages).toEqual([
      {
        tenant: 'acme',
        device: 'r1',
        points: [
          ['cpu', 1, 0.1],
          ['temp', 2, 0.2],
          ['cpu', 3, 0.3],
        ],
      },
      { tenant: 'acme', device: 'r2', points: [['cpu', 1, 0.1]] },
    ]);
  });

  it('does not merge devices whose names join ambiguously', () => {
    const a = { ...point('b/c', 'm', 1), tenant: 'a' };
    const b = { ...point('c', 'm', 1), tenant: 'a/b' };
    expect(groupByDevice([a, b])).toHaveLength(2);
  });
});

describe('parsePointsMessage', () => {
  it('round-trips what groupByDevice builds', () => {
    const [message] = groupByDevice([point('r1', 'cpu', 1)]);
    expect(parsePointsMessage(JSON.stringify(message))).toEqual({ ok: true, message });
  });

  it.each([
    ['{', 'not JSON'],
    ['3', 'not an object'],
    ['{"tenant":"","device":"r1","points":[]}', 'tenant must be a string'],
    ['{"tenant":"a","device":"r1","points":{}}', 'points must be an array'],
    ['{"tenant":"a","device":"r1","points":[["m",1,null]]}', 'points[0] must be [metric, ts, value]'],
  ])('rejects %s: %s', (payload, reason) => {
    const result = parsePointsMessage(Buffer.from(payload));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });
});
