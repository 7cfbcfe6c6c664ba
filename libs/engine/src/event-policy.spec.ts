import {
  decideEvents,
  defaultEventPolicyOptions as o,
  forecastDue,
  initialPolicyState,
  type PointFacts,
} from './event-policy';

const MIN = 60_000;
const t0 = Date.UTC(2026, 0, 5);
const quiet = (ts: number): PointFacts => ({ ts, score: 0.1, outsideBand: false, beyondWarning: false });

describe('event policy', () => {
  it('emits one anomaly per repeat interval while anomalous, sooner when the score rises', () => {
    const s = initialPolicyState();
    const emitted: number[] = [];
    for (let i = 0; i < 12; i++) {
      const score = i === 2 ? 0.75 : 0.6;
      if (decideEvents(s, { ts: t0 + i * MIN, score, outsideBand: true, beyondWarning: false }, o).anomaly)
        emitted.push(i);
    }
    // 0: first; 2: score rose by >= 0.1; 7: 5 min after 2; the others are rate-limited
    expect(emitted).toEqual([0, 2, 7]);
  });

  it('repeats anomaly events while an incident keeps values outside the band, not after an isolated spike', () => {
    const s = initialPolicyState();
    const emitted: number[] = [];
    for (let i = 0; i < 40; i++) {
      // the library reports the incident's first score only (refractory); values stay outside until 20
      const facts = { ts: t0 + i * MIN, score: i === 0 ? 0.8 : 0, outsideBand: i < 20, beyondWarning: false };
      if (decideEvents(s, facts, o).anomaly) emitted.push(i);
    }
    expect(emitted).toEqual([0, 5, 10, 15]);
    const spike = initialPolicyState();
    const after: number[] = [];
    for (let i = 0; i < 40; i++) {
      const facts = {
        ts: t0 + i * MIN,
        score: i === 0 ? 0.8 : 0,
        outsideBand: i === 0 || i === 9,
        beyondWarning: false,
      };
      if (decideEvents(spike, facts, o).anomaly) after.push(i);
    }
    expect(after).toEqual([0]);
  });

  it('evaluates the forecast every forecastIntervalMs of event time', () => {
    const s = initialPolicyState();
    const due: number[] = [];
    for (let i = 0; i < 11; i++) {
      const ts = t0 + i * MIN;
      if (!forecastDue(s, ts, o)) continue;
      due.push(i);
      decideEvents(s, { ...quiet(ts), breachInMs: null }, o);
    }
    expect(due).toEqual([0, 5, 10]);
  });

  it('emits forecast on every evaluation predicting a breach within the horizon, not beyond', () => {
    const s = initialPolicyState();
    expect(decideEvents(s, { ...quiet(t0), breachInMs: 25 * 3_600_000 }, o).forecast).toBe(false);
    expect(decideEvents(s, { ...quiet(t0 + 5 * MIN), breachInMs: 20 * 3_600_000 }, o).forecast).toBe(true);
    expect(decideEvents(s, { ...quiet(t0 + 10 * MIN), breachInMs: 19 * 3_600_000 }, o).forecast).toBe(true);
    // between evaluations: no event, but the series is still predicting (not normal)
    expect(decideEvents(s, quiet(t0 + 11 * MIN), o)).toEqual({
      anomaly: false,
      forecast: false,
      recovered: false,
    });
    expect(s.predicting).toBe(true);
  });

  it('recovers once after recoveryHoldMs of normal event time, never while beyond the warning limit', () => {
    const s = initialPolicyState();
    decideEvents(s, { ts: t0, score: 0.9, outsideBand: true, beyondWarning: false }, o);
    const recoveredAt: number[] = [];
    for (let i = 1; i <= 90; i++) {
      const beyondWarning = i <= 20; // above warning for 20 min after the anomaly
      if (decideEvents(s, { ts: t0 + i * MIN, score: 0.1, outsideBand: false, beyondWarning }, o).recovered)
        recoveredAt.push(i);
    }
    expect(recoveredAt).toEqual([20 + 30]);
  });

  it('never emits recovered for a series that emitted nothing', () => {
    const s = initialPolicyState();
    for (let i = 0; i < 100; i++) expect(decideEvents(s, quiet(t0 + i * MIN), o).recovered).toBe(false);
  });
});
