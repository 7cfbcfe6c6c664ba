// Public API of @preempt/detection. Each helper edits only its own export lines.
export * from './errors';
export * from './types';
// D1: univariate pipeline and its components
export * from './baseline/robust-baseline';
export * from './calibration';
export * from './changepoint/cusum-detector';
export * from './novelty/pattern-novelty';
export * from './pipeline';
export * from './range/range-novelty';
export * from './seasonality/interval-estimator';
export * from './seasonality/seasonal-profile';
export * from './stats';
export * from './volatility/volatility-shift';
// D2: trend forecasting and multivariate relationships
export * from './forecast';
export * from './multivariate';
// the normal / abnormal state of a series (hysteresis)
export * from './regime/series-regime';
