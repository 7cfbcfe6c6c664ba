import fc from 'fast-check';

import { T0 } from '../../test/forecast/synthetic';
import { feedPump, pump, SECOND_MS } from '../../test/multivariate/pump';
import { DeviceRelationshipDetector } from './device-relationship-detector';

/**
 * The contract every relationship model keeps (as river's `checks/anomaly.py` for its detectors):
 * deterministic, restorable from JSON to identical future outputs, scores finite in [0,1], `score`
 * never mutates, and `update` is `score` then `learn`.
 */

/** a pump warmed up, then a closing valve from round 600 (so an abnormal regime is in progress at 700) */
const faulty = () => pump(21, (r) => (r < 600 ? 0 : Math.min(1, (r - 600) / 30)));

function warmed(rounds: number): DeviceRelationshipDetector {
  const detector = new DeviceRelationshipDetector();
  feedPump(detector, faulty(), 0, rounds);
  return detector;
}

describe('DeviceRelationshipDetector contract', () => {
  it('is deterministic: the same inputs give the same outputs and the same state', () => {
    const a = new DeviceRelationshipDetector();
    const b = new DeviceRelationshipDetector();
    expect(feedPump(a, faulty(), 0, 900)).toEqual(feedPump(b, faulty(), 0, 900));
    expect(a.toJSON()).toEqual(b.toJSON());
  });

  it.each([
    ['warming up', 50],
    ['warm', 500],
    ['in an abnormal regime', 700],
  ])('restores from JSON (%s) to identical future outputs', (_, rounds) => {
    const original = warmed(rounds);
    const restored = DeviceRelationshipDetector.fromJSON(JSON.parse(JSON.stringify(original.toJSON())));
    const future = () => pump(22, (r) => (r < rounds + 100 ? 0 : 1));
    expect(feedPump(restored, future(), rounds, rounds + 400)).toEqual(
      feedPump(original, future(), rounds, rounds + 400),
    );
    expect(restored.toJSON()).toEqual(original.toJSON());
  });

  it('scores finite values in [0,1], whatever the round (overflowing ones included)', () => {
    const detector = warmed(700);
    const value = fc.oneof(
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.constantFrom(0, 1e-300, -1e-300, 1e300),
    );
    fc.assert(
      fc.property(value, value, value, (flow, pressure, current) => {
        const a = detector.score(T0 + 10_000 * SECOND_MS, { flow, pressure, current })!;
        expect(Number.isFinite(a.score)).toBe(true);
        expect(a.rawScore).not.toBeNaN();
        expect(a.score).toBeGreaterThanOrEqual(0);
        expect(a.score).toBeLessThanOrEqual(1);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('score does not mutate the state; learn does', () => {
    const detector = warmed(700);
    const before = JSON.stringify(detector.toJSON());
    const round = { flow: 40, pressure: 9, current: 45 };
    const first = detector.score(T0 + 700 * SECOND_MS, round);
    expect(detector.score(T0 + 700 * SECOND_MS, round)).toEqual(first);
    expect(JSON.stringify(detector.toJSON())).toBe(before);
    expect(detector.learn(T0 + 700 * SECOND_MS, round)).toBe(true);
    expect(JSON.stringify(detector.toJSON())).not.toBe(before);
  });

  it('update is score then learn of each complete round', () => {
    const byUpdate = new DeviceRelationshipDetector();
    const bySteps = new DeviceRelationshipDetector();
    const device = faulty();
    for (let r = 0; r < 900; r++) {
      const ts = T0 + r * SECOND_MS;
      const x = device(r);
      byUpdate.update(ts, 'flow', x.flow);
      byUpdate.update(ts, 'pressure', x.pressure);
      const updated = byUpdate.update(ts, 'current', x.current);
      const scored = bySteps.score(ts, { ...x });
      bySteps.learn(ts, { ...x });
      if (r > 0) expect(scored).toEqual(updated);
    }
    const { model, rounds, abnormal, precision } = bySteps.toJSON();
    expect(byUpdate.toJSON()).toMatchObject({ model, rounds, abnormal, precision });
  });

  it('refuses a round with a missing metric or a non-finite value', () => {
    const detector = warmed(200);
    expect(detector.score(T0, { flow: 1, pressure: 2 })).toBeNull();
    expect(detector.learn(T0, { flow: 1, pressure: 2 })).toBe(false);
    expect(() => detector.score(T0, { flow: 1, pressure: Number.NaN, current: 3 })).toThrow();
    expect(() => detector.learn(T0, { flow: 1, pressure: 2, current: Infinity })).toThrow();
  });
});
