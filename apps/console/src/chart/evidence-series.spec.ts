import type { EvidenceEntry } from '../api/api-types.generated';
import { evidenceSeries, historyWindow } from './evidence-series';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 11, 1, 12);

const entry = (overrides: Partial<EvidenceEntry> = {}): EvidenceEntry => ({
  metric: 'temperature',
  at: T,
  observed: 80,
  expected: 79,
  band: { lower: 77, upper: 81 },
  score: 0.2,
  component: 'trend',
  forecast: {
    limit: 85,
    level: 'critical',
    direction: 'up',
    predictedBreachAt: T + 4 * HOUR,
    earliest: T + 2 * HOUR,
    latest: T + 8 * HOUR,
  },
  failureMode: 'overheating',
  eventType: 'forecast',
  anomalies: 0,
  forecasts: 3,
  firstAt: T - 2 * HOUR,
  recoveredAt: null,
  breachedAt: null,
  ...overrides,
});

const history: [number, number][] = [
  [T - 3 * HOUR, 70],
  [T - 2 * HOUR, 74],
  [T - HOUR, 77],
  [T, 80],
];

describe('evidence chart series', () => {
  it('puts history, band, forecast, cone, limit and breach marker on one time axis', () => {
    const s = evidenceSeries(history, entry());
    const at = (t: number) => s.x.indexOf(t);
    expect(s.x).toEqual([T - 3 * HOUR, T - 2 * HOUR, T - HOUR, T, T + 2 * HOUR, T + 4 * HOUR, T + 8 * HOUR]);
    expect(s.observed.slice(0, 4)).toEqual([70, 74, 77, 80]);
    // the band covers the evidence period, firstAt to at
    expect(s.bandLower).toEqual([null, 77, 77, 77, null, null, null]);
    expect(s.bandUpper[at(T)]).toBe(81);
    // the forecast goes from the last evidence to the limit at the predicted breach
    expect(s.forecast[at(T)]).toBe(80);
    expect(s.forecast[at(T + 2 * HOUR)]).toBeCloseTo(82.5);
    expect(s.forecast[at(T + 4 * HOUR)]).toBe(85);
    expect(s.forecast[at(T + 8 * HOUR)]).toBeNull();
    // the cone: the earliest crossing reaches the limit at `earliest`, the latest at `latest`
    expect(s.coneFast[at(T + 2 * HOUR)]).toBe(85);
    expect(s.coneSlow[at(T + 4 * HOUR)]).toBeCloseTo(82.5);
    expect(s.coneSlow[at(T + 8 * HOUR)]).toBe(85);
    expect(s.limit.every((v) => v === 85)).toBe(true);
    expect(s.breach.filter((v) => v !== null)).toEqual([85]);
    expect(s.breach[at(T + 4 * HOUR)]).toBe(85);
  });

  it('draws no forecast for an anomaly, and the band over the end of the history', () => {
    const s = evidenceSeries(history, entry({ forecast: null, firstAt: T }));
    expect(s.forecast.every((v) => v === null)).toBe(true);
    expect(s.limit.every((v) => v === null)).toBe(true);
    expect(s.bandLower.filter((v) => v !== null).length).toBeGreaterThanOrEqual(2);
    expect(s.bandLower[s.x.indexOf(T - HOUR)]).toBeNull();
  });

  it('asks for history from well before the first evidence to now or the forecast', () => {
    expect(historyWindow(entry(), T + HOUR)).toEqual({ from: T - 8 * HOUR, to: T + HOUR });
  });
});
