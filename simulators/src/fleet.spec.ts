import { DAY, HOUR, MINUTE } from './device-simulator';
import { buildFleet, eventClock } from './fleet';

const now = Date.UTC(2026, 0, 12, 10, 0);

describe('buildFleet', () => {
  it('names degrading devices first, then healthy ones, all with distinct noise', () => {
    const fleet = buildFleet({ devices: 4, degrading: 1, seed: 1, replayStart: now, liveStart: now });
    expect(fleet.map((d) => d.id)).toEqual(['hot-01', 'dev-001', 'dev-002', 'dev-003']);
    const first = fleet.map((d) => d.next(now).metrics.cpu_utilization);
    expect(new Set(first).size).toBe(4);
  });

  it('with a replay, puts the breach about 2 h after the replay ends', () => {
    const [hot] = buildFleet({
      devices: 1,
      degrading: 1,
      seed: 1,
      replayStart: now - 7 * DAY,
      liveStart: now,
    });
    const crossing = hot.crossing(85, now - 7 * DAY, now + DAY)!;
    expect(Math.abs(crossing - (now + 2 * HOUR))).toBeLessThanOrEqual((3 / 35) * DAY);
    expect(hot.temperature(now - 2 * DAY)).toBeLessThan(54);
  });

  it('live only, starts the drift at once (breach about 24 h later)', () => {
    const [hot] = buildFleet({ devices: 1, degrading: 1, seed: 1, replayStart: now, liveStart: now });
    const crossing = hot.crossing(85, now, now + 2 * DAY)!;
    expect(Math.abs(crossing - (now + DAY))).toBeLessThanOrEqual((3 / 35) * DAY);
  });
});

describe('eventClock', () => {
  const o = { replayStart: now - 7 * DAY, wallStart: now, speed: 1000 };

  it('runs `speed` times faster during the replay and then follows the wall clock', () => {
    expect(eventClock(now, o)).toBe(now - 7 * DAY);
    expect(eventClock(now + MINUTE, o)).toBe(now - 7 * DAY + 1000 * MINUTE);
    const caughtUp = now + (7 * DAY) / 999;
    expect(eventClock(caughtUp + HOUR, o)).toBe(caughtUp + HOUR);
  });
});
