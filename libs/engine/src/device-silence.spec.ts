import { DeviceSilenceTracker } from './device-silence';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const WALL = 1_000_000;

describe('DeviceSilenceTracker', () => {
  const tracker = () => new DeviceSilenceTracker({ afterMs: 15 * MIN, wallGuardMs: 30_000, maxDevices: 100 });

  it('reports a device whose points stopped while the fleet went on, once, and its return', () => {
    const t = tracker();
    t.seen('acme', 'r1', 'par1', T0, T0, WALL);
    t.seen('acme', 'r2', undefined, T0, T0, WALL);
    expect(t.due(WALL + 60_000)).toHaveLength(0); // the event-time clock moved 1 min
    // r2 goes on for 20 min of event time (a replay: 1 s of wall time per 5 min)
    for (let m = 5; m <= 20; m += 5)
      t.seen('acme', 'r2', undefined, T0 + m * MIN, T0 + m * MIN, WALL + 60_000 + m * 200);
    const [silent, ...others] = t.due(WALL + 70_000);
    expect(others).toEqual([]);
    expect(silent).toMatchObject({
      type: 'device_silent',
      tenant: 'acme',
      device: 'r1',
      site: 'par1',
      lastSeenAt: T0,
      at: T0 + 15 * MIN,
    });
    expect(t.due(WALL + 80_000)).toEqual([]); // once
    const back = t.seen('acme', 'r1', undefined, T0 + 30 * MIN, T0 + 31 * MIN, WALL + 90_000);
    expect(back).toMatchObject({
      type: 'device_reporting',
      device: 'r1',
      site: 'par1',
      at: T0 + 30 * MIN,
      lastSeenAt: T0,
    });
    expect(t.seen('acme', 'r1', undefined, T0 + 32 * MIN, T0 + 32 * MIN, WALL + 91_000)).toBeNull();
  });

  it('notices silence when the whole fleet stops: the clock moves on with the wall clock', () => {
    const t = tracker();
    t.seen('acme', 'r1', undefined, T0, T0, WALL);
    expect(t.due(WALL + 14 * MIN)).toEqual([]);
    expect(t.due(WALL + 15 * MIN)).toMatchObject([{ device: 'r1', at: T0 + 15 * MIN }]);
  });

  it('a device still sending older data (behind the watermark) is not silent', () => {
    const t = tracker();
    t.seen('acme', 'fast', undefined, T0 + 60 * MIN, T0 + 60 * MIN, WALL);
    t.seen('acme', 'slow', undefined, T0, T0, WALL + 10_000);
    expect(t.due(WALL + 20_000)).toEqual([]); // 60 min behind in event time, but it reported 10 s ago
    expect(t.due(WALL + 45_000).map((e) => e.device)).toEqual(['slow']);
  });

  it('waits for the end of a maintenance window and then reports the silence as noticed', () => {
    const t = tracker();
    t.seen('acme', 'r1', undefined, T0, T0, WALL);
    const windowEnd = T0 + 40 * MIN;
    const inMaintenance = (_: unknown, at: number) => at >= T0 && at < windowEnd;
    expect(t.due(WALL + 20 * MIN, inMaintenance)).toEqual([]);
    expect(t.due(WALL + 41 * MIN, inMaintenance)).toMatchObject([{ device: 'r1', at: T0 + 41 * MIN }]);
  });

  it('forgets the least recently seen device beyond maxDevices', () => {
    const t = new DeviceSilenceTracker({ afterMs: MIN, wallGuardMs: 0, maxDevices: 2 });
    t.seen('acme', 'a', undefined, T0, T0, WALL);
    t.seen('acme', 'b', undefined, T0, T0, WALL);
    t.seen('acme', 'a', undefined, T0 + 1, T0 + 1, WALL);
    t.seen('acme', 'c', undefined, T0 + 2, T0 + 2, WALL);
    expect(t.size).toBe(2);
    expect(t.forgotten).toBe(1);
    expect(
      t
        .due(WALL + 2 * MIN)
        .map((e) => e.device)
        .sort(),
    ).toEqual(['a', 'c']);
  });

  it('restored devices count as seen at the restore', () => {
    const t = tracker();
    t.restore('acme', 'r1', T0, WALL);
    expect(t.due(WALL + 10 * MIN)).toEqual([]);
    expect(t.due(WALL + 15 * MIN)).toMatchObject([{ device: 'r1', lastSeenAt: T0 }]);
  });
});
