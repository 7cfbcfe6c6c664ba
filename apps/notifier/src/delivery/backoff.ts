/**
 * The wait before attempt `attempt + 1` (attempt >= 1 failed so far): exponential from `initialMs`,
 * capped at `maxMs`, with jitter (uniform in its upper half) so receivers that come back are not hit by
 * every sender at once. A Retry-After wins when longer.
 *
 * @example backoffMs(3, 1000, 60_000, () => 1) // 4000
 */
export function backoffMs(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential / 2 + (exponential / 2) * random());
  return retryAfterMs !== undefined ? Math.max(jittered, Math.min(retryAfterMs, maxMs)) : jittered;
}
