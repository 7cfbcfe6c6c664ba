import type { EvidenceEntry } from '../api/api-types.generated';

const HOUR = 3_600_000;

/** The series of the evidence chart, on one shared time axis (epoch ms); null: no value at that time. */
export interface EvidenceSeries {
  x: number[];
  observed: (number | null)[];
  bandLower: (number | null)[];
  bandUpper: (number | null)[];
  forecast: (number | null)[];
  /** the forecast's cone: the earliest and the latest predicted crossing, from the last observation */
  coneFast: (number | null)[];
  coneSlow: (number | null)[];
  limit: (number | null)[];
  breach: (number | null)[];
}

/** The window of history to ask for: from before the first evidence to the latest. */
export function historyWindow(entry: EvidenceEntry, now: number): { from: number; to: number } {
  const lookback = Math.max(6 * HOUR, 2 * (entry.at - entry.firstAt));
  return {
    from: entry.firstAt - lookback,
    to: Math.max(entry.at, Math.min(now, entry.forecast?.latest ?? now)),
  };
}

const line = (x0: number, y0: number, x1: number, y1: number) => (x: number) =>
  x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);

/**
 * Builds the chart from the metric's history and the ticket's evidence for it:
 * - the expected band: the model's band at the latest evidence, drawn over the evidence period
 *   (`firstAt` to `at`; the last tenth of the history when both are one point);
 * - the forecast: a straight line from the last evidence (`at`, observed) to the limit at the predicted
 *   breach, and its cone between the earliest and the latest predicted crossing;
 * - the limit across the whole chart, and the breach marker at (predicted breach, limit).
 */
export function evidenceSeries(points: readonly [number, number][], entry: EvidenceEntry): EvidenceSeries {
  const forecast = entry.forecast;
  const times = new Set<number>(points.map(([t]) => t));
  times.add(entry.at);
  const historyStart = points.length > 0 ? points[0][0] : entry.at;
  const bandStart =
    entry.firstAt < entry.at ? entry.firstAt : entry.at - Math.max((entry.at - historyStart) / 10, 60_000);
  times.add(bandStart);
  if (forecast)
    for (const t of [forecast.earliest, forecast.predictedBreachAt, forecast.latest]) times.add(t);
  const x = [...times].sort((a, b) => a - b);
  const values = new Map(points);

  const fast = forecast ? line(entry.at, entry.observed, forecast.earliest, forecast.limit) : null;
  const slow = forecast ? line(entry.at, entry.observed, forecast.latest, forecast.limit) : null;
  const toBreach = forecast
    ? line(entry.at, entry.observed, forecast.predictedBreachAt, forecast.limit)
    : null;
  const inBand = (t: number) => t >= bandStart && t <= entry.at;
  const ahead = (t: number) => forecast !== null && t >= entry.at && t <= forecast.latest;

  return {
    x,
    observed: x.map((t) => values.get(t) ?? (t === entry.at ? entry.observed : null)),
    bandLower: x.map((t) => (inBand(t) ? entry.band.lower : null)),
    bandUpper: x.map((t) => (inBand(t) ? entry.band.upper : null)),
    forecast: x.map((t) =>
      toBreach && forecast && t >= entry.at && t <= forecast.predictedBreachAt ? toBreach(t) : null,
    ),
    coneFast: x.map((t) =>
      fast && forecast && ahead(t) ? (t <= forecast.earliest ? fast(t) : forecast.limit) : null,
    ),
    coneSlow: x.map((t) => (slow && ahead(t) ? slow(t) : null)),
    limit: x.map(() => forecast?.limit ?? null),
    breach: x.map((t) => (forecast && t === forecast.predictedBreachAt ? forecast.limit : null)),
  };
}
