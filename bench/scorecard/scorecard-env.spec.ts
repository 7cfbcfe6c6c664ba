import { DAY, MINUTE } from '../../simulators/src/device-simulator';
import { fleetSettings, fleetStart } from './scorecard-env';

describe('fleetSettings', () => {
  it('defaults to 200 devices x 14 days every 5 min, seed 2026', () => {
    expect(fleetSettings({})).toEqual({ devices: 200, days: 14, intervalMs: 5 * MINUTE, seed: 2026 });
  });

  it('reads the variables and refuses bad values, naming the variable and its range', () => {
    expect(fleetSettings({ SCORECARD_DEVICES: '20', SCORECARD_INTERVAL_MIN: '1' })).toMatchObject({
      devices: 20,
      intervalMs: MINUTE,
    });
    expect(() => fleetSettings({ SCORECARD_DAYS: '2' })).toThrow(
      'SCORECARD_DAYS must be an integer from 4 to 28, got "2"',
    );
    expect(() => fleetSettings({ SCORECARD_SEED: '1.5' })).toThrow(/SCORECARD_SEED must be an integer/);
  });
});

describe('fleetStart', () => {
  const iso = (t: number): string => new Date(t).toISOString();

  it('starts on the Monday 00:00 UTC before the fleet would, whatever the hour of the run', () => {
    // 2026-12-03 is a Thursday: 14 days back is Thursday 2026-11-19, whose Monday is 2026-11-16
    for (const hour of ['00:00', '06:17', '23:59'])
      expect(iso(fleetStart(Date.parse(`2026-12-03T${hour}:00Z`), 14 * DAY))).toBe(
        '2026-11-16T00:00:00.000Z',
      );
    // on a Monday itself, at midnight: that Monday
    expect(iso(fleetStart(Date.parse('2026-11-30T00:00:00Z'), 14 * DAY))).toBe('2026-11-16T00:00:00.000Z');
  });

  it('falls back to midnight when the Monday is more than 28 days back (ingest refuses 30-day-old points)', () => {
    // 28 days back from a Sunday is a Sunday: its Monday would be 34 days back
    expect(iso(fleetStart(Date.parse('2026-12-06T12:00:00Z'), 28 * DAY))).toBe('2026-11-08T00:00:00.000Z');
  });
});
