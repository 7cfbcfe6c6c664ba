import { TREND_SLOTS, TrendForecaster, type TrendState, type TrendStep } from '../forecast/trend-forecaster';

export { TREND_SLOTS };
import type { Forecast, ThresholdCrossing } from '../types';

/** What the pipeline needs from a trend model (implemented by forecast/TrendForecaster). */
export interface TrendModel {
  update(ts: number, value: number): void;
  rebase(delta: number): void;
  forecast(): Forecast | null;
  timeToThreshold(limit: number, direction: 'up' | 'down'): ThresholdCrossing | null;
  /** the latest level shift the model restarted after (when, the level before and after), or null */
  readonly lastStep: TrendStep | null;
  toJSON(): unknown;
}

/**
 * The pipeline's trend model, restored from `state` when given; with `slab`, its numbers live in slots
 * [at, at + TREND_SLOTS) of the caller's double array (a new model there replaces the previous one's).
 */
export function createTrend(state: unknown, slab?: number[], at = 0): TrendModel {
  return new TrendForecaster({}, (state ?? undefined) as TrendState | undefined, slab, at);
}
