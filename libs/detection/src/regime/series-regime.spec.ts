import { SeriesDetector } from '../pipeline/series-detector';
import { type RegimeInput, SeriesRegime } from './series-regime';

const T0 = Date.UTC(2026, 0, 5);
const STEP = 60_000;

/** Seeded normal noise (Box-Muller on a small LCG): deterministic across runs. */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => ((a = (Math.imul(a, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** A flat series (50 +- 1) with a fault (+`shift`) from `from` to `to` (sample indexes), through both models. */
function run(n: number, from: number, to: number, shift = 10) {
  const detector = new SeriesDetector();
  const regime = new SeriesRegime();
  const random = noise(3);
  const scores: number[] = [];
  const states: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const ts = T0 + i * STEP;
    const value = 50 + (i >= from && i < to ? shift : 0) + random();
    const a = detector.update(ts, value);
    const input: RegimeInput = {
      value,
      score: a.score,
      expected: a.expected,
      spread: (a.band.upper - a.expected) / 3,
      seasonal: detector.cycles.component(ts),
      ts,
    };
    scores.push(a.score);
    states.push(regime.update(input));
  }
  return { scores, states, regime };
}

describe('SeriesRegime: faults that persist', () => {
  it('stays abnormal while a level shift persists, though the point scores fall back, until the signal returns', () => {
    const { scores, states } = run(2000, 1000, 1400);
    expect(states.slice(0, 1000).some(Boolean)).toBe(false);
    const onset = states.indexOf(true);
    expect(onset).toBeGreaterThanOrEqual(1000);
    expect(onset).toBeLessThan(1005);
    // the detector learns the new level within samples (point scores back to quiet)...
    expect(Math.max(...scores.slice(1100, 1400))).toBeLessThan(0.5);
    // ...the state does not: abnormal for the whole fault
    expect(states.slice(onset, 1400).every(Boolean)).toBe(true);
    // back to the old regime: normal again after returnSamples (12) points inside its band
    const end = states.indexOf(false, 1400);
    expect(end).toBeGreaterThanOrEqual(1400 + 11);
    expect(end).toBeLessThan(1400 + 20);
    expect(states.slice(end + 1).some(Boolean)).toBe(false);
  });

  it('accepts a shift that lasts acceptSamples as the new normal', () => {
    const { states, regime } = run(3600, 1000, 3600);
    const onset = states.indexOf(true);
    expect(states[onset + 1998]).toBe(true);
    expect(states[onset + 1999]).toBe(false);
    expect(regime.toJSON().accepted).toBe(1);
  });

  it('accept() ends the abnormal state at once (an acknowledgement, false-positive feedback)', () => {
    const { regime } = run(1100, 1000, 1100);
    expect(regime.abnormal).toBe(true);
    regime.accept();
    expect(regime.abnormal).toBe(false);
    expect(regime.toJSON().accepted).toBe(1);
  });

  it('accept(startedBy) accepts only a regime that had started by then (a later fault is a new one)', () => {
    const { regime } = run(1100, 1000, 1100);
    const since = regime.since!;
    expect(since).toBeGreaterThanOrEqual(T0 + 1000 * STEP);
    expect(since).toBeLessThan(T0 + 1005 * STEP);
    // a judgement made before this fault started does not cover it
    expect(regime.accept(since - 1)).toBe(false);
    expect(regime.abnormal).toBe(true);
    expect(regime.accept(since)).toBe(true);
    expect(regime.abnormal).toBe(false);
    expect(regime.since).toBeNull();
    // applying the same judgement again changes nothing
    expect(regime.accept(since)).toBe(false);
    expect(regime.toJSON().accepted).toBe(1);
  });

  it('accepts a saved abnormal state of unknown start (saved before the start was kept)', () => {
    const { regime } = run(1100, 1000, 1100);
    const { since: _since, ...old } = regime.toJSON();
    const restored = SeriesRegime.fromJSON(old);
    expect(restored.abnormal).toBe(true);
    expect(restored.since).toBeNull();
    expect(restored.accept(0)).toBe(true);
  });

  it('scores without learning, and round-trips through JSON to identical future states', () => {
    const { regime } = run(1050, 1000, 1100);
    const before = JSON.stringify(regime);
    const calm: RegimeInput = { value: 50, score: 0, expected: 60, spread: 1, seasonal: 0 };
    expect(regime.score(calm)).toBe(true);
    expect(JSON.stringify(regime)).toBe(before);
    const copy = SeriesRegime.fromJSON(JSON.parse(before));
    for (let i = 0; i < 12; i++) expect(copy.update(calm)).toBe(regime.update(calm));
    expect(copy.abnormal).toBe(false);
    expect(copy.toJSON()).toEqual(regime.toJSON());
  });
});
