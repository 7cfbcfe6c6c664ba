export interface ExpectEventuallyOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 100 ms). */
  intervalMs?: number;
}

/**
 * Retries `fn` until it stops throwing (or rejecting) and returns its result; after `timeoutMs`
 * rethrows the last failure. Assert on state that settles asynchronously without sleeping a fixed
 * time (twentyhq/twenty's expect-eventually shape).
 *
 * @example
 * await expectEventually(async () => {
 *   expect(await countPoints('cpu')).toBe(100);
 * }, { timeoutMs: 5000 });
 */
export async function expectEventually<T>(
  fn: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 100 }: ExpectEventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() + intervalMs > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
