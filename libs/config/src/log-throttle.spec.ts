import { LogThrottle } from './log-throttle';

describe('LogThrottle', () => {
  it('logs the first hit per key and window, then reports what it suppressed', () => {
    const throttle = new LogThrottle(1000);
    expect(throttle.hit('a', 0)).toEqual({ log: true, suppressed: 0 });
    expect(throttle.hit('a', 10)).toEqual({ log: false, suppressed: 1 });
    expect(throttle.hit('a', 20)).toEqual({ log: false, suppressed: 2 });
    expect(throttle.hit('b', 30)).toEqual({ log: true, suppressed: 0 });
    expect(throttle.hit('a', 1000)).toEqual({ log: true, suppressed: 2 });
    expect(throttle.hit('a', 1001)).toEqual({ log: false, suppressed: 1 });
  });

  it('stays bounded when keys are unbounded', () => {
    const throttle = new LogThrottle(1000, 3);
    for (let i = 0; i < 10; i++) expect(throttle.hit(`k${i}`, 0).log).toBe(true);
    expect((throttle as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(3);
  });
});
