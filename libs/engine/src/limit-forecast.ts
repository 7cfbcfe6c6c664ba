import type { BreachForecast, MetricCatalogEntry } from '@preempt/contracts';
import type { Forecast, SeasonalProfile, ThresholdCrossing } from '@preempt/detection';

/** The learned cycles' offset at a time (SeriesDetector.cycles). */
export type CycleOffset = Pick<SeasonalProfile, 'component' | 'offsetBounds'>;

/** A SeriesDetector (de-seasonalized trend) or a TrendForecaster fed with raw values. */
export interface TrendSource {
  forecast(): Forecast | null;
  timeToThreshold(limit: number, direction: 'up' | 'down'): ThresholdCrossing | null;
}

const HOUR = 3_600_000;
const STEP = 5 * 60_000;
const ITERATIONS = 3;

/**
 * When the raw value is predicted to cross the entry's critical limit within `horizonMs`, from the
 * detector's trend of the de-seasonalized level (libs/detection feeds its TrendForecaster value - seasonal).
 *
 * The raw value is level + seasonal, so it first touches the limit near a daily peak:
 * - central `predictedBreachAt`: the first time the trend line (level + slope now) plus the learned
 *   seasonal offset reaches the limit (5-minute steps). This is also the gate: no crossing of the plain
 *   line within the horizon, no forecast. The forecaster's own `timeToThreshold` adds an accelerating
 *   continuation for degradations that speed up; on healthy series it also fires on the daily wobble of
 *   the slope (or, before the cycle is learned, on its rising half) and predicts a far limit within
 *   hours, so it may widen the band but never create a forecast; and when the forecaster itself sees no
 *   crossing (warming up, beyond its horizon) there is no honest band, so no forecast either.
 * - band: the union of the central time and the forecaster's prediction intervals for the limit shifted by
 *   the seasonal offset at the predicted crossing (a few fixed-point steps), at the most adverse phase of
 *   the cycle (`earliest`) and at the most favourable one (`latest`).
 * Feeding a separate forecaster with raw values instead puts the cycle into the slope: it forecasts
 * crossings on healthy devices and misses the band on drifting ones (compared while building this).
 *
 * @example
 * forecastBreach(detector, seasonalProfile, temperatureEntry, now, 24 * HOUR); // { limit: 85, predictedBreachAt, earliest, latest, ... } | null
 */
export function forecastBreach(
  detector: TrendSource,
  seasonal: CycleOffset | null,
  entry: MetricCatalogEntry,
  nowTs: number,
  horizonMs: number,
): BreachForecast | null {
  const trend = detector.forecast();
  if (!trend) return null;
  const limit = entry.critical;
  const dir = entry.direction;
  const sign = dir === 'up' ? 1 : -1;
  const offset = (t: number) => (seasonal ? seasonal.component(t) : 0);

  // The most adverse offset the cycles can add: a step whose line stays short of the limit by more than it
  // cannot cross, whatever the phase, and is skipped without evaluating the cycles (most steps of a healthy
  // series: the scan was the engine's largest cost). The margin covers rounding; the result is unchanged.
  const [low, high] = seasonal ? seasonal.offsetBounds() : [0, 0];
  const reach = sign > 0 ? high : low;
  const margin = 1e-9 * (Math.abs(limit) + Math.abs(trend.level) + Math.abs(reach) + 1);
  // The line is straight: the steps it needs to close the gap to the limit are skipped in one go (above every
  // step's margin), and a line moving away from a limit it is short of never crosses.
  const marginAll =
    margin + 1e-9 * (Math.abs(trend.level) + (Math.abs(trend.slopePerHour) * horizonMs) / HOUR);
  const gap = sign * (limit - trend.level - reach);
  const closing = sign * trend.slopePerHour;
  let first = 0;
  if (gap > marginAll) {
    if (!(closing > 0)) return null;
    first = Math.max(0, Math.floor(((gap - marginAll) * HOUR) / closing / STEP) - 1) * STEP;
  }
  let at: number | null = null;
  for (let h = first; h <= horizonMs; h += STEP) {
    const line = trend.level + (trend.slopePerHour * h) / HOUR;
    if (sign * (line + reach - limit) < -margin - 1e-9 * Math.abs(line)) continue;
    const value = line + offset(nowTs + h);
    if (sign * (value - limit) >= 0) {
      at = nowTs + h;
      break;
    }
  }
  if (at === null) return null;

  let earliest = at;
  let latest = at;
  // `fromNow`: the forecaster's earliest may lie in the past (the limit may have been crossed within the
  // noise); that holds for the limit itself, not for the limit shifted to a cycle extreme the level may
  // well have passed long before the raw value gets there.
  const widen = (limitForLevel: number, fromNow = false) => {
    const c = detector.timeToThreshold(limitForLevel, dir);
    if (!c) return null;
    earliest = Math.min(earliest, fromNow ? Math.max(c.earliest, nowTs) : c.earliest);
    latest = Math.max(latest, c.latest);
    return c;
  };
  // The forecaster must agree (its horizon and warm-up apply): its interval is the honest band.
  let central = widen(limit - offset(at));
  if (!central) return null;
  for (let i = 1; central && i < ITERATIONS; i++) central = widen(limit - offset(central.at));
  if (seasonal) {
    let adverse = -Infinity;
    let favourable = Infinity;
    for (let h = 0; h < 24; h++) {
      const s = sign * seasonal.component(nowTs + h * HOUR);
      if (s > adverse) adverse = s;
      if (s < favourable) favourable = s;
    }
    widen(limit - sign * adverse, true);
    widen(limit - sign * favourable, true);
  }
  return { limit, level: 'critical', direction: dir, predictedBreachAt: at, earliest, latest };
}
