import { lineProtocolTimestampToMs, parseRfc3339, toIso } from './timestamps';

describe('parseRfc3339', () => {
  it.each([
    ['2026-01-05T10:00:00Z', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05t10:00:00z', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05 10:00:00Z', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05T10:00:00.5Z', Date.UTC(2026, 0, 5, 10, 0, 0, 500)],
    ['2026-01-05T10:00:00.123456789Z', Date.UTC(2026, 0, 5, 10, 0, 0, 123)],
    ['2026-01-05T11:30:00+01:30', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05T05:00:00-05:00', Date.UTC(2026, 0, 5, 10)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0050-01-01T00:00:00Z', Date.parse('0050-01-01T00:00:00Z')],
  ])('parses %s', (text, ms) => {
    expect(parseRfc3339(text)).toBe(ms);
  });

  it.each([
    '2026-01-05T10:00:00', // no time zone
    '2026-01-05',
    '2026-01-05T10:00Z',
    '2026-01-05T10:00:00+0100',
    '2026-13-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-05T24:00:00Z',
    '2026-01-05T10:60:00Z',
    '2026-01-05T10:00:00+24:00',
    '1767607200000',
    ' 2026-01-05T10:00:00Z',
  ])('rejects %j', (text) => {
    expect(parseRfc3339(text)).toBeNull();
  });
});

describe('lineProtocolTimestampToMs', () => {
  const ms = Date.UTC(2026, 0, 5, 10);
  it.each([
    ['nanoseconds', ms * 1e6],
    ['microseconds', ms * 1e3],
    ['milliseconds', ms],
    ['seconds', ms / 1000],
  ])('detects %s by magnitude', (_precision, raw) => {
    expect(lineProtocolTimestampToMs(raw)).toBe(ms);
  });

  it('uses the documented thresholds', () => {
    expect(lineProtocolTimestampToMs(1e17)).toBe(1e11);
    expect(lineProtocolTimestampToMs(1e14)).toBe(1e11);
    expect(lineProtocolTimestampToMs(1e11)).toBe(1e11);
    expect(lineProtocolTimestampToMs(1e11 - 1)).toBe((1e11 - 1) * 1000);
  });
});

describe('toIso', () => {
  it('never throws', () => {
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIso(1e300)).toBe('1e+300 ms');
    expect(toIso(NaN)).toBe('NaN ms');
  });
});

describe('line protocol timestamps beyond 2^53', () => {
  it('converts nanoseconds and microseconds given as digits exactly', () => {
    expect(lineProtocolTimestampToMs('1795456018090000000')).toBe(1795456018090);
    expect(lineProtocolTimestampToMs('1795456018090999999')).toBe(1795456018090);
    expect(lineProtocolTimestampToMs('1795456018090123')).toBe(1795456018090);
    expect(lineProtocolTimestampToMs('-1795456018090000000')).toBe(-1795456018090);
    // the same value as a double lands on the wrong millisecond
    expect(Math.trunc(Number('1795456018090000000') / 1e6)).toBe(1795456018089);
  });
});
