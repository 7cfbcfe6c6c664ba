import { MINUTE_MS, T0 } from '../../test/forecast/synthetic';
import { feedPump, pump } from '../../test/multivariate/pump';
import {
  DeviceRelationshipDetector,
  type RelationshipAssessment,
  type RelationshipOptions,
} from './device-relationship-detector';

const HEALTHY = 3000;
/** a closing valve that ramps in over 30 s from round `start`, until round `end` */
const valve =
  (start: number, end = Number.POSITIVE_INFINITY) =>
  (round: number): number =>
    round < start || round >= end ? 0 : Math.min(1, (round - start) / 30);

const alarms = (as: RelationshipAssessment[]) => as.filter((a) => a.score >= 0.5).length;
const median = (as: RelationshipAssessment[]) => as.map((a) => a.score).sort((a, b) => a - b)[as.length >> 1];

describe('DeviceRelationshipDetector warm-up in rounds', () => {
  it('scores a 1 s device after its 100 warm-up rounds: its 2000-round memory (33 min) is shorter than the day gate', () => {
    const assessments = feedPump(new DeviceRelationshipDetector(), pump(1), 0, 1800);
    expect(assessments.findIndex((a) => a.warm)).toBe(100);
    // the first new operating points can still surprise a model that has seen one (see the regimes below);
    // from 10 minutes on it knows the pump
    expect(alarms(assessments.slice(0, 600))).toBeLessThan(10);
    expect(alarms(assessments.slice(600))).toBe(0);
  });

  it('keeps the day gate for a 1-min device: 2000 rounds remember more than a day', () => {
    const detector = new DeviceRelationshipDetector();
    const device = pump(2);
    const warm: boolean[] = [];
    for (let r = 0; r < 1500; r++) {
      const ts = T0 + r * MINUTE_MS;
      const x = device(r);
      detector.update(ts, 'flow', x.flow);
      detector.update(ts + 100, 'pressure', x.pressure);
      warm.push(detector.update(ts + 200, 'current', x.current)!.warm);
    }
    expect(warm.indexOf(true)).toBe(24 * 60);
  });
});

describe('DeviceRelationshipDetector with a fault that persists', () => {
  it('keeps flagging a closing valve for its 25 minutes, then scores return to normal', () => {
    const detector = new DeviceRelationshipDetector();
    const device = pump(3, valve(HEALTHY, HEALTHY + 1500));
    const before = feedPump(detector, device, 0, HEALTHY);
    const fault = feedPump(detector, device, HEALTHY, HEALTHY + 1500);
    expect(detector.toJSON().abnormal?.rounds).toBeGreaterThan(1450);
    const after = feedPump(detector, device, HEALTHY + 1500, HEALTHY + 3000);
    expect(alarms(before.slice(1000))).toBe(0);
    const settled = fault.slice(30);
    expect(alarms(settled)).toBe(settled.length);
    // not absorbed: the fault's last minutes score like its first
    expect(median(settled.slice(-100))).toBeGreaterThan(0.99);
    // repaired: the regime ends after releaseRounds calm rounds and the model learns again
    expect(alarms(after.slice(5))).toBe(0);
    expect(detector.toJSON().abnormal).toBeNull();
  });

  it('accept(startedBy) pools a judged regime into the model at once; a later fault is not covered', () => {
    const detector = new DeviceRelationshipDetector();
    const device = pump(3, valve(HEALTHY));
    feedPump(detector, device, 0, HEALTHY);
    feedPump(detector, device, HEALTHY, HEALTHY + 300);
    const regime = detector.toJSON().abnormal!;
    expect(regime.since).toBeGreaterThanOrEqual(T0 + HEALTHY * 1000);
    expect(detector.accept(regime.since! - 1)).toBe(false);
    expect(detector.abnormal).toBe(true);
    expect(detector.accept(regime.since!)).toBe(true);
    expect(detector.abnormal).toBe(false);
    expect(detector.accept()).toBe(false);
    // the valve's position is now a learned operating point: the rounds that follow score as normal
    const after = feedPump(detector, device, HEALTHY + 300, HEALTHY + 900);
    expect(alarms(after)).toBeLessThan(after.length / 20);
    expect(detector.abnormal).toBe(false);
  });

  it('keeps a valve that sticks and frees in one regime: its milder rounds are not learned as normal (hysteresis)', () => {
    // fully closed for 10 rounds, a tenth closed for the next 10 (those score ~0.2, below the alert level)
    const flicker = (r: number) => (r < HEALTHY ? 0 : r % 20 < 10 ? 1 : 0.1);
    const mild = (options: Partial<RelationshipOptions>) => {
      const detector = new DeviceRelationshipDetector(options);
      const device = pump(8, flicker);
      feedPump(detector, device, 0, HEALTHY);
      const fault = feedPump(detector, device, HEALTHY, HEALTHY + 1500);
      const scores = fault.filter((a) => ((a.ts - T0) / 1000) % 20 >= 10);
      return { first: median(scores.slice(0, 100)), last: median(scores.slice(-100)), detector };
    };
    const held = mild({});
    expect(held.detector.toJSON().abnormal?.rounds).toBe(1500);
    expect(held.last).toBeGreaterThan(0.8 * held.first);
    // without hysteresis (released by the first round under the alert level) the mild rounds are absorbed
    const released = mild({ releaseRounds: 1, releaseScore: 0.5 });
    expect(released.last).toBeLessThan(0.5 * released.first);
  });

  it('accepts a lasting shift as the new normal after acceptRounds rounds, pooled into the model', () => {
    const detector = new DeviceRelationshipDetector({ acceptRounds: 600 });
    const device = pump(4, valve(HEALTHY));
    feedPump(detector, device, 0, HEALTHY);
    const held = feedPump(detector, device, HEALTHY, HEALTHY + 599);
    expect(alarms(held.slice(30))).toBe(held.length - 30);
    const accepted = feedPump(detector, device, HEALTHY + 599, HEALTHY + 2500);
    expect(detector.toJSON().abnormal).toBeNull();
    expect(median(accepted.slice(100))).toBeLessThan(0.1);
    expect(alarms(accepted.slice(100))).toBeLessThan(0.01 * accepted.length);
  });

  it('accepts a new regime after as many rounds as a young model has learned (it knows no more)', () => {
    const detector = new DeviceRelationshipDetector();
    const device = pump(5, valve(300));
    feedPump(detector, device, 0, 300);
    const young = feedPump(detector, device, 300, 560);
    expect(alarms(young.slice(30))).toBe(young.length - 30);
    expect(detector.toJSON().abnormal).not.toBeNull();
    feedPump(detector, device, 560, 700);
    expect(detector.toJSON().abnormal).toBeNull();
  });

  it('restores a version-1 state written before abnormal regimes existed, and scores it identically', () => {
    const detector = new DeviceRelationshipDetector();
    const device = pump(6);
    feedPump(detector, device, 0, 500);
    const legacy = detector.toJSON();
    delete legacy.abnormal;
    const restored = DeviceRelationshipDetector.fromJSON(legacy);
    const next = () => pump(7, valve(600));
    expect(feedPump(restored, next(), 500, 900)).toEqual(feedPump(detector, next(), 500, 900));
  });
});
