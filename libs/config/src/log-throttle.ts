/**
 * Decides whether a repeated warning may be logged now: at most one line per key per window, and the line
 * that is logged says how many were suppressed since the last one. Keeps logs readable when a device
 * floods bad messages or a store is down, without losing the count.
 *
 * @example
 * const throttle = new LogThrottle(10_000);
 * const verdict = throttle.hit('malformed_json', Date.now());
 * if (verdict.log) logger.warn(`... (${verdict.suppressed} similar suppressed)`);
 */
export class LogThrottle {
  private readonly windows = new Map<string, { openedAt: number; suppressed: number }>();

  constructor(
    private readonly windowMs = 10_000,
    private readonly maxKeys = 10_000,
  ) {}

  hit(key: string, now: number): { log: boolean; suppressed: number } {
    const window = this.windows.get(key);
    if (window && now - window.openedAt < this.windowMs) {
      window.suppressed++;
      return { log: false, suppressed: window.suppressed };
    }
    const suppressed = window?.suppressed ?? 0;
    if (!window && this.windows.size >= this.maxKeys) this.windows.clear();
    this.windows.set(key, { openedAt: now, suppressed: 0 });
    return { log: true, suppressed };
  }
}
