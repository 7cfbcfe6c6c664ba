import { HOUR_MS, MINUTE_MS, seededNormal, T0 } from '../../test/forecast/synthetic';
import { InvalidObservationError } from '../errors';
import { TrendForecaster } from './trend-forecaster';

const FIVE_MIN = 5 * MINUTE_MS;

function feedLine(f: TrendForecaster, points: number, slopePerHour: number, noise = 0, seed = 1): number {
  const normal = seededNormal(seed);
  let ts = T0;
  for (let i = 0; i < points; i++) {
    ts = T0 + i * FIVE_MIN;
    f.update(ts, 40 + (slopePerHour * (ts - T0)) / HOUR_MS + noise * normal());
  }
  return ts;
}

describe('TrendForecaster', () => {
  it('stays silent while warming up', () => {
    const f = new TrendForecaster();
    feedLine(f, 10, 1);
    expect(f.forecast()).toBeNull();
    expect(f.predict(T0)).toBeNull();
    expect(f.timeToThreshold(100, 'up')).toBeNull();
  });

  it('recovers level and slope of a clean line and predicts its crossing exactly', () => {
    const f = new TrendForecaster();
    const now = feedLine(f, 300, 0.5);
    const forecast = f.forecast()!;
    expect(forecast.slopePerHour).toBeCloseTo(0.5, 9);
    expect(forecast.level).toBeCloseTo(40 + (0.5 * (now - T0)) / HOUR_MS, 9);
    const crossing = f.timeToThreshold(60, 'up')!;
    const truth = T0 + 40 * HOUR_MS;
    expect(Math.abs(crossing.at - truth)).toBeLessThan(MINUTE_MS);
    expect(Math.abs(crossing.earliest - truth)).toBeLessThan(MINUTE_MS);
    expect(Math.abs(crossing.latest - truth)).toBeLessThan(MINUTE_MS);
  });

  it('gives a prediction interval that contains the mean and widens with the horizon', () => {
    const f = new TrendForecaster();
    const now = feedLine(f, 600, 0.1, 1);
    const near = f.predict(now + HOUR_MS)!;
    const far = f.predict(now + 24 * HOUR_MS)!;
    expect(near.lower).toBeLessThan(near.mean);
    expect(near.upper).toBeGreaterThan(near.mean);
    expect(far.upper - far.lower).toBeGreaterThan(near.upper - near.lower);
    expect(near.upper - near.mean).toBeGreaterThan(2.576 * 0.9); // about z * noise sd, or more
  });

  it('orders earliest <= at <= latest and handles the downward direction', () => {
    const f = new TrendForecaster();
    feedLine(f, 600, -0.2, 1);
    const crossing = f.timeToThreshold(20, 'down')!;
    expect(crossing.earliest).toBeLessThanOrEqual(crossing.at);
    expect(crossing.at).toBeLessThanOrEqual(crossing.latest);
    expect(f.timeToThreshold(60, 'up')).toBeNull();
  });

  it('returns now when the level is already beyond the limit; earliest looks back at most 30 min', () => {
    const f = new TrendForecaster();
    const now = feedLine(f, 300, 0.5);
    expect(f.timeToThreshold(30, 'up')).toEqual({ at: now, earliest: now - 30 * MINUTE_MS, latest: now });
  });

  it('a crossing just behind the noise: earliest is in the past, where the optimistic side reached the limit', () => {
    const f = new TrendForecaster();
    const now = feedLine(f, 300, 0.5, 0.5, 3); // 40 -> ~52.5, noise 0.5
    const level = f.forecast()!.level;
    const c = f.timeToThreshold(level + 0.3, 'up')!; // the central line gets there in ~36 min
    expect(c.at).toBeGreaterThan(now);
    expect(c.earliest).toBeLessThan(now);
    expect(c.earliest).toBeGreaterThanOrEqual(now - 30 * MINUTE_MS);
    expect(c.latest).toBeGreaterThan(c.at);
  });

  it('never predicts further than a multiple of the observed history', () => {
    const f = new TrendForecaster();
    const now = feedLine(f, 36, 0.01); // 3 hours of history, slope reaching +1 after 100 h
    expect(f.forecast()!.horizonMs).toBe(2 * (now - T0));
    expect(f.timeToThreshold(41, 'up')).toBeNull();
    expect(f.timeToThreshold(40.04, 'up')).not.toBeNull();
    expect(f.timeToThreshold(40.04, 'up', { horizonMs: 30 * MINUTE_MS })).toBeNull();
  });

  it('throws InvalidObservationError on NaN and infinities', () => {
    const f = new TrendForecaster();
    expect(() => f.update(T0, Number.NaN)).toThrow(InvalidObservationError);
    expect(() => f.update(T0, Number.POSITIVE_INFINITY)).toThrow(InvalidObservationError);
    expect(() => f.update(Number.NaN, 1)).toThrow(InvalidObservationError);
  });

  it('does not move time backwards on an out-of-order point', () => {
    const f = new TrendForecaster();
    const now = feedLine(f, 100, 0.1);
    f.update(now - HOUR_MS, 1000);
    expect(f.toJSON().lastTs).toBe(now);
    expect(f.forecast()!.level).toBeGreaterThan(40); // the outlier counts, with its discounted weight
  });

  it('rebase shifts the line by a constant: same slope, level moved, and it continues on the new basis', () => {
    const shifted = new TrendForecaster();
    const reference = new TrendForecaster();
    const last = feedLine(shifted, 300, 0.5, 0.2, 7);
    feedLine(reference, 300, 0.5, 0.2, 7);
    shifted.rebase(-3);
    const a = shifted.forecast()!;
    const b = reference.forecast()!;
    expect(a.level).toBeCloseTo(b.level - 3, 9);
    expect(a.slopePerHour).toBeCloseTo(b.slopePerHour, 9);
    // the next points arrive 3 lower: the crossing of 60 - 3 is the reference's crossing of 60
    for (let i = 1; i <= 12; i++) {
      const ts = last + i * FIVE_MIN;
      const value = 40 + (0.5 * (ts - T0)) / HOUR_MS;
      shifted.update(ts, value - 3);
      reference.update(ts, value);
    }
    expect(shifted.timeToThreshold(57, 'up')!.at).toBeCloseTo(reference.timeToThreshold(60, 'up')!.at, -1);
    expect(() => shifted.rebase(NaN)).toThrow(InvalidObservationError);
  });

  it('round-trips its state through JSON and continues identically', () => {
    const a = new TrendForecaster();
    const now = feedLine(a, 400, 0.05, 1);
    const json = JSON.stringify(a.toJSON());
    const b = TrendForecaster.fromJSON(JSON.parse(json));
    expect(json.length).toBeLessThan(1024);
    for (const f of [a, b]) f.update(now + FIVE_MIN, 70);
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(b.timeToThreshold(80, 'up')).toEqual(a.timeToThreshold(80, 'up'));
  });

  describe('a step is not a trend', () => {
    // a flat series (CPU 30 % +- 1) that steps to 40 % for good at `stepAt` (a firmware upgrade)
    function stepSeries(f: TrendForecaster, points: number, stepAt: number, to = 40): number {
      const normal = seededNormal(3);
      let ts = T0;
      for (let i = 0; i < points; i++) {
        ts = T0 + i * FIVE_MIN;
        f.update(ts, (i < stepAt ? 30 : to) + normal());
      }
      return ts;
    }

    it('restarts on the regime after a level shift, with the levels before and after it', () => {
      const f = new TrendForecaster();
      stepSeries(f, 300 + 3, 300);
      const step = f.lastStep!;
      expect(step.at).toBe(T0 + 302 * FIVE_MIN);
      expect(step.before).toBeCloseTo(30, 0);
      expect(step.after).toBeCloseTo(40, 0);
      // warming up again on the new regime: no forecast across the step
      expect(f.forecast()).toBeNull();
    });

    it('forecasts no crossing of a limit the new level does not approach', () => {
      const f = new TrendForecaster();
      const shifted = new TrendForecaster({ stepPoints: 0 }); // the old behaviour: one line across the step
      for (const g of [f, shifted]) stepSeries(g, 300 + 36, 300);
      expect(shifted.timeToThreshold(95, 'up')).not.toBeNull(); // the jump extrapolated as a slope
      expect(f.timeToThreshold(95, 'up')).toBeNull();
      expect(f.forecast()!.level).toBeCloseTo(40, 0);
      expect(Math.abs(f.forecast()!.slopePerHour)).toBeLessThan(1);
    });

    it('keeps the history of a drift: no step is taken, the crossing is forecast', () => {
      const f = new TrendForecaster();
      feedLine(f, 600, 0.5, 0.5, 11);
      expect(f.lastStep).toBeNull();
      expect(f.timeToThreshold(100, 'up')).not.toBeNull();
    });

    it('takes no step for one wild sample', () => {
      const f = new TrendForecaster();
      const normal = seededNormal(5);
      for (let i = 0; i < 400; i++) f.update(T0 + i * FIVE_MIN, i === 300 ? 127.5 : 30 + normal());
      expect(f.lastStep).toBeNull();
    });
  });
});
