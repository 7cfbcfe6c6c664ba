import { repeatsOf, rruleOf, scopeOf } from './schedule';

describe('maintenance schedule helpers', () => {
  it('makes the RRULE of a choice, weekly on the wall-clock weekday of the start', () => {
    expect(rruleOf('once', '2027-03-28T01:30', '')).toBeUndefined();
    expect(rruleOf('daily', '2027-03-28T01:30', '')).toBe('FREQ=DAILY');
    expect(rruleOf('weekly', '2027-03-28T01:30', '')).toBe('FREQ=WEEKLY;BYDAY=SU');
    expect(rruleOf('weekly', '2027-03-29T23:30', '')).toBe('FREQ=WEEKLY;BYDAY=MO');
    expect(rruleOf('custom', '2027-03-28T01:30', ' FREQ=MONTHLY;BYMONTHDAY=1 ')).toBe(
      'FREQ=MONTHLY;BYMONTHDAY=1',
    );
  });

  it('says what a window covers and how it repeats', () => {
    expect(scopeOf({ devices: ['rtr-01', 'rtr-02'], site: null })).toBe('rtr-01, rtr-02');
    expect(scopeOf({ devices: null, site: 'lyon-1' })).toBe('every device at site lyon-1');
    expect(scopeOf({ devices: null, site: null })).toBe('every device');
    expect(repeatsOf(null)).toBe('once');
    expect(repeatsOf('FREQ=WEEKLY;BYDAY=SU')).toBe('weekly (FREQ=WEEKLY;BYDAY=SU)');
  });
});
