/**
 * Forecast check suite: synthetic degradations toward a limit, with noise, at 1-min and 5-min sampling.
 *
 * Drift start = the time the noise-free signal leaves its flat base; drift end = the true crossing time
 * (the noise-free signal reaches the limit). Evaluation runs at every sample from 50% of the drift
 * *time* (for the exponential case this is stricter than 50% of the value: the signal has then covered
 * only ~18% of the distance) until 30 minutes before the crossing, and requires the true crossing time
 * to lie within [earliest, latest] every single time (a null forecast fails too).
 * All cases use the default TrendForecaster options; the seasonal cases feed it the de-seasonalized
 * signal, as the pipeline does.
 */
import { TrendForecaster } from '../../src/forecast/trend-forecaster';
import {
  dailyCycle,
  DAY_MS,
  type Degradation,
  exponentialDegradation,
  HOUR_MS,
  linearDegradation,
  MINUTE_MS,
  OnlineDailyProfile,
  seededNormal,
  T0,
} from './synthetic';

type Deseasonalizer = 'none' | 'known' | 'online';

interface Case {
  degradation: Degradation;
  noise: number;
  cycleAmplitude: number;
  deseasonalizer: Deseasonalizer;
}

// Three days and seven hours of flat history first, so the online profile has warmed up.
const DRIFT_START = T0 + 3 * DAY_MS + 7 * HOUR_MS;
const INTERVALS = [MINUTE_MS, 5 * MINUTE_MS];

const cases: Case[] = [
  {
    degradation: linearDegradation(40, 70, DRIFT_START, 36 * HOUR_MS),
    noise: 1,
    cycleAmplitude: 0,
    deseasonalizer: 'none',
  },
  {
    degradation: linearDegradation(40, 70, DRIFT_START, 4 * DAY_MS),
    noise: 1,
    cycleAmplitude: 0,
    deseasonalizer: 'none',
  },
  {
    degradation: linearDegradation(40, 10, DRIFT_START, 12 * HOUR_MS),
    noise: 3,
    cycleAmplitude: 0,
    deseasonalizer: 'none',
  },
  {
    degradation: exponentialDegradation(40, 70, DRIFT_START, 36 * HOUR_MS, 3),
    noise: 1,
    cycleAmplitude: 0,
    deseasonalizer: 'none',
  },
  {
    degradation: exponentialDegradation(40, 10, DRIFT_START, 12 * HOUR_MS, 3),
    noise: 1,
    cycleAmplitude: 0,
    deseasonalizer: 'none',
  },
  {
    degradation: linearDegradation(40, 70, DRIFT_START, 36 * HOUR_MS),
    noise: 1,
    cycleAmplitude: 5,
    deseasonalizer: 'known',
  },
  {
    degradation: linearDegradation(40, 70, DRIFT_START, 36 * HOUR_MS),
    noise: 1,
    cycleAmplitude: 5,
    deseasonalizer: 'online',
  },
  {
    degradation: linearDegradation(40, 70, DRIFT_START, 4 * DAY_MS),
    noise: 1,
    cycleAmplitude: 5,
    deseasonalizer: 'online',
  },
];

/** Runs one case and returns the evaluation points whose interval missed the true crossing. */
function misses(c: Case, intervalMs: number, seed: number): string[] {
  const { degradation: d } = c;
  const forecaster = new TrendForecaster();
  const normal = seededNormal(seed);
  const cycle = dailyCycle(c.cycleAmplitude);
  const profile = new OnlineDailyProfile();
  const direction = d.limit > d.base ? 'up' : 'down';
  const evalFrom = d.driftStart + 0.5 * (d.crossingTs - d.driftStart);
  const evalTo = d.crossingTs - 30 * MINUTE_MS;
  const failures: string[] = [];
  let evaluated = 0;
  for (let ts = T0; ts <= evalTo; ts += intervalMs) {
    const observed = d.signal(ts) + cycle(ts) + c.noise * normal();
    const input = deseasonalize(c.deseasonalizer, profile, ts, observed, cycle);
    if (input === null) continue;
    forecaster.update(ts, input);
    if (ts < evalFrom) continue;
    evaluated++;
    const crossing = forecaster.timeToThreshold(d.limit, direction);
    if (!crossing || crossing.earliest > d.crossingTs || crossing.latest < d.crossingTs) {
      const hoursLeft = ((d.crossingTs - ts) / HOUR_MS).toFixed(2);
      failures.push(`${hoursLeft} h before crossing: ${JSON.stringify(crossing)}`);
    }
  }
  expect(evaluated).toBeGreaterThan(50);
  return failures;
}

function deseasonalize(
  kind: Deseasonalizer,
  profile: OnlineDailyProfile,
  ts: number,
  value: number,
  cycle: (ts: number) => number,
): number | null {
  switch (kind) {
    case 'none':
      return value;
    case 'known':
      return value - cycle(ts);
    case 'online':
      return profile.deseasonalize(ts, value);
  }
}

describe('forecast suite: degradations toward a limit', () => {
  for (const c of cases) {
    for (const intervalMs of INTERVALS) {
      const d = c.degradation;
      const name =
        `${d.name} ${d.base} -> ${d.limit} over ${(d.crossingTs - d.driftStart) / HOUR_MS} h, ` +
        `noise ${c.noise}, cycle ${c.cycleAmplitude} (${c.deseasonalizer}), every ${intervalMs / MINUTE_MS} min`;
      it(`brackets the true crossing: ${name}`, () => {
        for (const seed of [1, 2]) expect(misses(c, intervalMs, seed)).toEqual([]);
      });
    }
  }
});

describe('forecast suite: stationary series', () => {
  const variants: { cycleAmplitude: number; deseasonalizer: Deseasonalizer }[] = [
    { cycleAmplitude: 0, deseasonalizer: 'none' },
    { cycleAmplitude: 5, deseasonalizer: 'known' },
    { cycleAmplitude: 5, deseasonalizer: 'online' },
  ];
  for (const v of variants) {
    for (const intervalMs of INTERVALS) {
      it(`never predicts crossing a limit 6 sigma away: cycle ${v.cycleAmplitude} (${v.deseasonalizer}), every ${intervalMs / MINUTE_MS} min`, () => {
        for (const seed of [1, 2, 3]) {
          const forecaster = new TrendForecaster();
          const normal = seededNormal(seed);
          const cycle = dailyCycle(v.cycleAmplitude);
          const profile = new OnlineDailyProfile();
          const predicted: string[] = [];
          let evaluated = 0;
          for (let ts = T0; ts < T0 + 8 * DAY_MS; ts += intervalMs) {
            const input = deseasonalize(v.deseasonalizer, profile, ts, 50 + cycle(ts) + normal(), cycle);
            if (input === null) continue;
            forecaster.update(ts, input);
            // Checked every 15 minutes to keep the suite fast; consecutive forecasts barely differ.
            if (ts % (15 * MINUTE_MS) !== 0 || !forecaster.forecast()) continue;
            evaluated++;
            const up = forecaster.timeToThreshold(56, 'up');
            const down = forecaster.timeToThreshold(44, 'down');
            if (up || down) predicted.push(`${new Date(ts).toISOString()}: ${JSON.stringify(up ?? down)}`);
          }
          expect(evaluated).toBeGreaterThan(500);
          expect(predicted).toEqual([]);
        }
      });
    }
  }
});
