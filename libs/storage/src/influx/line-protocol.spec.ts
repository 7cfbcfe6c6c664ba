import { toLine } from './line-protocol';

const point = {
  tenant: 'acme',
  device: 'r1',
  metric: 'temperature',
  ts: 1_700_000_000_000,
  value: 51,
  tags: {},
};

describe('toLine', () => {
  it('writes identity as sorted tags and the value as a float field in ms', () => {
    expect(toLine(point)).toBe('telemetry,device=r1,metric=temperature,tenant=acme value=51 1700000000000');
  });

  it('merges device tags in key order and escapes commas, equals and spaces', () => {
    const line = toLine({ ...point, value: -1.5e-7, tags: { site: 'Main St, bay=2', if: 'ge-0/0/1' } });
    expect(line).toBe(
      'telemetry,device=r1,if=ge-0/0/1,metric=temperature,site=Main\\ St\\,\\ bay\\=2,tenant=acme value=-1.5e-7 1700000000000',
    );
  });

  it('truncates fractional milliseconds and normalises negative zero', () => {
    expect(toLine({ ...point, ts: 1_700_000_000_000.9, value: -0 })).toBe(
      'telemetry,device=r1,metric=temperature,tenant=acme value=0 1700000000000',
    );
  });
});
