/** Injection tokens of the notifier module. */
export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
/** Clock: wall time for quiet hours, digests, reminders and retries (a test compresses it). */
export const NOTIFIER_CLOCK = Symbol('NOTIFIER_CLOCK');

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
