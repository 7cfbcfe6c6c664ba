export {
  defaultTrendOptions,
  type PredictionInterval,
  TrendForecaster,
  type TrendOptions,
  type TrendState,
} from './trend-forecaster';
