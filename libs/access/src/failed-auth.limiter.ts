/**
 * Failed authentications per client address in a sliding window: past `maxFailures` within `windowMs`,
 * the address is refused (429) until its oldest failure leaves the window. Bounded: at most `maxClients`
 * addresses are remembered (the oldest forgotten first).
 *
 * @example if (limiter.retryAfterMs(ip, now) > 0) throw new TooManyRequestsError(...)
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly maxFailures: number,
    readonly windowMs: number,
    private readonly maxClients = 10_000,
  ) {}

  /** 0 when the address may try; else how long until it may. */
  retryAfterMs(client: string, now: number): number {
    const times = this.recent(client, now);
    return times.length < this.maxFailures ? 0 : times[0] + this.windowMs - now;
  }

  fail(client: string, now: number): void {
    const times = this.recent(client, now);
    times.push(now);
    this.failures.delete(client);
    this.failures.set(client, times);
    if (this.failures.size > this.maxClients) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(client: string, now: number): number[] {
    const times = this.failures.get(client) ?? [];
    while (times.length > 0 && times[0] <= now - this.windowMs) times.shift();
    return times;
  }
}
