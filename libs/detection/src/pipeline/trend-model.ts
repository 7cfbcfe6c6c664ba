import type { Forecast, ThresholdCrossing } from '../types';

/** What the pipeline needs from a trend model (implemented by forecast/TrendForecaster). */
export interface TrendModel {
  update(ts: number, value: number): void;
  forecast(): Forecast | null;
  timeToThreshold(limit: number, direction: 'up' | 'down'): ThresholdCrossing | null;
  toJSON(): unknown;
}

/** The trend model of a pipeline; null until forecast/TrendForecaster is available. */
export function createTrend(_state: unknown): TrendModel | null {
  return null;
}
