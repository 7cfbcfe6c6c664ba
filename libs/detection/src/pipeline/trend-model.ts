import { TrendForecaster, type TrendState } from '../forecast/trend-forecaster';
import type { Forecast, ThresholdCrossing } from '../types';

/** What the pipeline needs from a trend model (implemented by forecast/TrendForecaster). */
export interface TrendModel {
  update(ts: number, value: number): void;
  rebase(delta: number): void;
  forecast(): Forecast | null;
  timeToThreshold(limit: number, direction: 'up' | 'down'): ThresholdCrossing | null;
  toJSON(): unknown;
}

/** The pipeline's trend model, restored from `state` when given. */
export function createTrend(state: unknown): TrendModel {
  return new TrendForecaster({}, (state ?? undefined) as TrendState | undefined);
}
