// Public API of @preempt/detection. Each helper edits only its own export lines.
export * from './types';
export * from './errors';
// D1: univariate pipeline and its components
export * from './pipeline';
export * from './baseline/robust-baseline';
export * from './seasonality/interval-estimator';
export * from './seasonality/seasonal-profile';
export * from './changepoint/cusum-detector';
export * from './calibration';
export * from './novelty/pattern-novelty';
export * from './volatility/volatility-shift';
export * from './range/range-novelty';
export * from './stats';
// D2: trend forecasting and multivariate relationships
export * from './forecast';
export * from './multivariate';
