export {
  defaultTrendOptions,
  type PredictionInterval,
  TrendForecaster,
  type TrendOptions,
  type TrendState,
  type TrendStep,
} from './trend-forecaster';
