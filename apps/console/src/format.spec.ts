import { fromNow, num, plainForecast, spanText } from './format';

const NOW = Date.UTC(2026, 11, 1, 12);

describe('format', () => {
  it('says durations as people do', () => {
    expect(fromNow(NOW + 3 * 3_600_000 + 20 * 60_000, NOW)).toBe('in 3 h 20 min');
    expect(fromNow(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(fromNow(NOW + 36 * 3_600_000, NOW)).toBe('in 1.5 d');
    expect(fromNow(NOW + 10_000, NOW)).toBe('in less than a minute');
    expect(spanText(45_000)).toBe('45 s');
    expect(spanText(12 * 60_000)).toBe('12 min');
    expect(spanText(11 * 3_600_000 + 20 * 60_000)).toBe('11 h');
  });

  it('rounds measured values to 2 decimals', () => {
    expect(num(80.32156513386614)).toBe('80.32');
    expect(num(85)).toBe('85');
  });

  it('tells a customer what is predicted without jargon', () => {
    expect(plainForecast('overheating', 'rtr-01', null, NOW)).toBe(
      'We noticed unusual behaviour on rtr-01 (overheating).',
    );
    expect(plainForecast('overheating', 'rtr-01', new Date(NOW + 2 * 3_600_000).toISOString(), NOW)).toMatch(
      /^rtr-01 is likely to reach a critical overheating level in 2 h /,
    );
  });
});
