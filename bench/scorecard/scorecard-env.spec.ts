import { MINUTE } from '../../simulators/src/device-simulator';
import { fleetSettings } from './scorecard-env';

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
