import { SeriesDetector, type SeriesDetectorState } from '../src/pipeline/series-detector';
import { packFloats, unpackFloats } from '../src/stats/packed-floats';

const STEP = 5 * 60_000;
const DAY = 86_400_000;

/**
 * A warm SeriesDetector state (150 points at 5 min from t0) and a copy whose daily cycle is on with
 * non-finite bins, as a corrupted checkpoint could hold: the copy's next point switches the cycle off, the
 * offset step is NaN, and TrendForecaster.rebase throws inside SeriesDetector.update (the baseline already
 * rebased): a point the pipeline rejects after validation.
 */
export function stateItRejects(t0: number): { state: SeriesDetectorState; broken: SeriesDetectorState } {
  const d = new SeriesDetector();
  for (let t = 0; t < 150; t++) d.update(t0 + t * STEP, 10 + (t % 3));
  const state = d.toJSON();
  const f = unpackFloats(state.seasonal.packed, 62);
  f[0] = t0 - 3 * DAY; // first: long enough ago for the daily decision
  for (let i = 3; i < 27; i++) f[i] = Infinity; // daily bins
  const broken = {
    ...state,
    seasonal: {
      ...state.seasonal,
      packed: packFloats(f),
      dailyOn: true,
      dailyN: state.seasonal.dailyN.map(() => 1),
    },
  };
  return { state, broken };
}
