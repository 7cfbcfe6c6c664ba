import { DEFAULT_CORRELATION_CONFIG } from './correlation.config';
import { escalate, severityOf } from './severity';

const HOUR = 3_600_000;
const breachIn = (ms: number) => ({ at: ms, earliest: ms - HOUR, latest: ms + HOUR });

describe('severity', () => {
  it.each([
    [-HOUR, 'critical'],
    [3.99 * HOUR, 'critical'],
    [4 * HOUR, 'major'],
    [23.9 * HOUR, 'major'],
    [24 * HOUR, 'minor'],
  ])('breach in %d ms -> %s', (left, expected) => {
    expect(severityOf(breachIn(left), 0, 0.1, DEFAULT_CORRELATION_CONFIG)).toBe(expected);
  });

  it('falls back to the anomaly score without a forecast (never critical)', () => {
    expect(severityOf(null, 0, 0.95, DEFAULT_CORRELATION_CONFIG)).toBe('major');
    expect(severityOf(null, 0, 1, DEFAULT_CORRELATION_CONFIG)).toBe('major');
    expect(severityOf(null, 0, 0.6, DEFAULT_CORRELATION_CONFIG)).toBe('minor');
  });

  it('only escalates', () => {
    expect(escalate('major', 'critical')).toBe('critical');
    expect(escalate('critical', 'minor')).toBe('critical');
    expect(escalate('minor', 'minor')).toBe('minor');
  });
});
