/**
 * Thrown when an observation cannot be learned from (NaN, +/-Infinity, non-finite timestamp).
 *
 * @example
 * try { detector.update(ts, NaN) } catch (e) { if (e instanceof InvalidObservationError) dropAndCount(e) }
 */
export class InvalidObservationError extends Error {
  constructor(
    readonly ts: number,
    readonly value: number,
  ) {
    super(`invalid observation at ts=${String(ts)}: value=${String(value)} (must be a finite number)`);
    this.name = 'InvalidObservationError';
  }
}
