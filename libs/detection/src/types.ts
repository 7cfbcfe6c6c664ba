/**
 * Shared contracts of the streaming detection engine (libs/detection).
 * Everything here is plain data so detector state and outputs can be serialized as JSON.
 */

/**
 * Which part of the pipeline explains an anomaly. 'pattern': the sequence / rhythm of values is new
 * (PatternNovelty); 'volatility': the series got much noisier or flat (VolatilityShift); 'range': a value
 * beyond everything the series has done so far (RangeNovelty).
 */
export type ComponentName =
  'baseline' | 'seasonality' | 'changepoint' | 'pattern' | 'volatility' | 'range' | 'trend' | 'multivariate';

/** Expected range of a value: `lower <= value <= upper` is considered normal. */
export interface Band {
  lower: number;
  upper: number;
}

/** What a forecaster says about the future of one series (TrendForecaster produces it). */
export interface Forecast {
  /** smoothed level now */
  level: number;
  /** trend, units per hour */
  slopePerHour: number;
  /** how far ahead the model is willing to predict (ms) */
  horizonMs: number;
}

/** Predicted time at which a series crosses a limit (epoch ms) with an uncertainty band. */
export interface ThresholdCrossing {
  at: number;
  earliest: number;
  latest: number;
}

/** The result of scoring one observation: score plus the data needed to explain it. */
export interface Assessment {
  /** event time of the point (epoch ms) */
  ts: number;
  /** observed value */
  value: number;
  /** calibrated anomaly likelihood in [0,1]; 0 during warm-up */
  score: number;
  /** uncalibrated score (e.g. |robust z|), finite, >= 0 */
  rawScore: number;
  /** false while warming up */
  warm: boolean;
  /** expected value (baseline + seasonal) */
  expected: number;
  /** expected band (e.g. expected +/- k * spread) */
  band: Band;
  /** which component fired (largest contribution), null when nothing is anomalous */
  component: ComponentName | null;
  /** null until the trend model is warm */
  forecast: Forecast | null;
}

/** Alias kept for readers of the explanation-oriented docs: an Assessment is its own explanation. */
export type Explanation = Pick<Assessment, 'value' | 'expected' | 'band' | 'component' | 'forecast'>;
