import { dailyCycle, MINUTE_MS, seededNormal, T0 } from '../../test/forecast/synthetic';
import { InvalidObservationError } from '../errors';
import { DeviceRelationshipDetector, type RelationshipAssessment } from './device-relationship-detector';

const ROUND_MS = 5 * MINUTE_MS;
const cycle = dailyCycle(0.3);

interface Round {
  temperature: number;
  fan_speed: number;
  power: number;
}

/** A switch whose temperature, fan speed and power all follow its load (daily cycle + random walk). */
function healthyDevice(seed: number): (ts: number) => Round {
  const normal = seededNormal(seed);
  let drift = 0;
  return (ts) => {
    drift = 0.98 * drift + 0.02 * normal();
    const load = 0.5 + cycle(ts) + drift;
    return {
      temperature: 35 + 20 * load + 0.5 * normal(),
      fan_speed: 1500 + 4000 * load + 80 * normal(),
      power: 100 + 150 * load + 3 * normal(),
    };
  };
}

/** Feeds rounds; metrics of a round arrive a little apart, as they would over MQTT. */
function feed(
  detector: DeviceRelationshipDetector,
  from: number,
  rounds: number,
  device: (ts: number) => Round,
): RelationshipAssessment[] {
  const out: RelationshipAssessment[] = [];
  for (let i = 0; i < rounds; i++) {
    const ts = from + i * ROUND_MS;
    const r = device(ts);
    const results = [
      detector.update(ts, 'temperature', r.temperature),
      detector.update(ts + 700, 'fan_speed', r.fan_speed),
      detector.update(ts + 1500, 'power', r.power),
    ];
    for (const a of results) if (a) out.push(a);
  }
  return out;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

describe('DeviceRelationshipDetector', () => {
  it('scores normal co-movement low', () => {
    const detector = new DeviceRelationshipDetector();
    feed(detector, T0, 288, healthyDevice(1));
    const scores = feed(detector, T0 + 288 * ROUND_MS, 3 * 288, healthyDevice(2)).map((a) => a.score);
    expect(scores.length).toBe(3 * 288); // one complete snapshot per round
    expect(quantile(scores, 0.5)).toBeLessThan(0.05);
    expect(quantile(scores, 0.99)).toBeLessThan(0.3);
  });

  it('flags temperature rising while the fan stays flat, and names temperature', () => {
    const detector = new DeviceRelationshipDetector();
    const healthy = healthyDevice(3);
    feed(detector, T0, 3 * 288, healthy);
    const faultStart = T0 + 3 * 288 * ROUND_MS;
    let stuckFan = 0;
    const faulty = (ts: number): Round => {
      const r = healthy(ts);
      const minutes = (ts - faultStart) / MINUTE_MS;
      stuckFan ||= r.fan_speed;
      return { ...r, temperature: r.temperature + Math.min(12, minutes / 10), fan_speed: stuckFan };
    };
    const assessments = feed(detector, faultStart, 24, faulty);
    const worst = assessments.reduce((a, b) => (b.score > a.score ? b : a));
    expect(worst.score).toBeGreaterThan(0.9);
    expect(worst.component).toBe('multivariate');
    expect(worst.metric).toBe('temperature');
    expect(worst.value).toBeGreaterThan(worst.band.upper);
    expect(worst.expected).toBeLessThan(worst.value);
    expect(worst.residuals.temperature).toBeGreaterThan(5);
  });

  it('blames a drift on the metric that moved, not on the one metric still at its usual level', () => {
    // Temperature, fan speed and CPU all follow the daily load. Then the temperature drifts up and the fan
    // follows it (as it should): the two still agree, and the CPU, predicted high from both, has the
    // largest regression residual although it is the metric that did not move.
    const detector = new DeviceRelationshipDetector();
    const normal = seededNormal(9);
    const round = (ts: number, drift: number) => {
      const load = 0.5 + cycle(ts);
      const temperature = 40 + 6 * load + drift + 0.3 * normal();
      return {
        temperature,
        fan_speed: 3000 + 60 * (temperature - 20) + 40 * normal(),
        cpu: 35 + 30 * load + 2 * normal(),
      };
    };
    const alerts: RelationshipAssessment[] = [];
    for (let i = 0; i < 6 * 288; i++) {
      const ts = T0 + i * ROUND_MS;
      const drift = i < 4 * 288 ? 0 : ((i - 4 * 288) / 288) * 20; // +20 °C a day after 4 healthy days
      const r = round(ts, drift);
      detector.update(ts, 'temperature', r.temperature);
      detector.update(ts + 700, 'fan_speed', r.fan_speed);
      const a = detector.update(ts + 1500, 'cpu', r.cpu);
      if (a && a.score >= 0.5) alerts.push(a);
    }
    expect(alerts.length).toBeGreaterThan(10);
    expect(alerts.every((a) => a.ts > T0 + 4 * 288 * ROUND_MS)).toBe(true);
    // At the onset (the first hours, a few °C) which side broke is ambiguous; then the mover is named.
    const named = alerts.map((a) => a.metric);
    expect(named.filter((m) => m === 'temperature').length).toBeGreaterThan(0.8 * alerts.length);
    const settled = alerts.filter((a) => a.ts > T0 + 4 * 288 * ROUND_MS + 5 * 60 * MINUTE_MS);
    expect(settled.length).toBeGreaterThan(10);
    expect(settled.every((a) => a.metric === 'temperature')).toBe(true);
  });

  it('does not score while warming up or while a metric is stale', () => {
    const detector = new DeviceRelationshipDetector({ warmupRounds: 50, warmupSpanMs: 0 });
    const early = feed(detector, T0, 40, healthyDevice(4));
    expect(early.every((a) => !a.warm && a.score === 0)).toBe(true);
    feed(detector, T0 + 40 * ROUND_MS, 40, healthyDevice(4));
    const later = T0 + 80 * ROUND_MS;
    expect(detector.update(later, 'temperature', 50)).toBeNull(); // fan and power are 5 min old
  });

  it("uses the caller's own-series deviations to tell the mover from the onset on", () => {
    // same drift as above; the caller (the detector engine) knows each series' usual level, cycle removed
    const detector = new DeviceRelationshipDetector();
    const normal = seededNormal(9);
    const alerts: RelationshipAssessment[] = [];
    for (let i = 0; i < 6 * 288; i++) {
      const ts = T0 + i * ROUND_MS;
      const drift = i < 4 * 288 ? 0 : ((i - 4 * 288) / 288) * 20;
      const load = 0.5 + cycle(ts);
      const temperature = 40 + 6 * load + drift + 0.3 * normal();
      detector.update(ts, 'temperature', temperature, drift / 0.3);
      detector.update(
        ts + 700,
        'fan_speed',
        3000 + 60 * (temperature - 20) + 40 * normal(),
        (60 * drift) / 40,
      );
      const a = detector.update(ts + 1500, 'cpu', 35 + 30 * load + 2 * normal(), normal());
      if (a && a.score >= 0.5) alerts.push(a);
    }
    expect(alerts.length).toBeGreaterThan(10);
    expect(alerts.map((a) => a.metric)).not.toContain('cpu');
  });

  it('scores a 5-min device only once its rounds span a day (a daily cycle seen in part is no relationship yet)', () => {
    const detector = new DeviceRelationshipDetector();
    const assessments = feed(detector, T0, 2 * 288, healthyDevice(6));
    const firstWarm = assessments.findIndex((a) => a.warm);
    // 100 rounds are not enough (2000 rounds of 5 min remember a week): round 288 is 24 h after the first
    expect(assessments[firstWarm].ts).toBe(T0 + 288 * ROUND_MS + 1500);
    expect(assessments.slice(0, firstWarm).every((a) => a.score === 0)).toBe(true);
    // a state written before the span existed (no firstTs) stays warm by its rounds
    const legacy = { ...detector.toJSON() };
    delete legacy.firstTs;
    const restored = DeviceRelationshipDetector.fromJSON(legacy);
    expect(feed(restored, T0 + 2 * 288 * ROUND_MS, 1, healthyDevice(7))[0].warm).toBe(true);
  });

  it('never yields NaN when metrics are constant', () => {
    const detector = new DeviceRelationshipDetector({ warmupRounds: 10, warmupSpanMs: 0 });
    const normal = seededNormal(5);
    const out: RelationshipAssessment[] = [];
    for (let i = 0; i < 200; i++) {
      const ts = T0 + i * ROUND_MS;
      for (const a of [
        detector.update(ts, 'fan_speed', 3000),
        detector.update(ts, 'admin_status', 1),
        detector.update(ts, 'temperature', 40 + normal()),
      ]) {
        if (a) out.push(a);
      }
    }
    const last = T0 + 200 * ROUND_MS;
    detector.update(last, 'admin_status', 1);
    detector.update(last, 'temperature', 40);
    const changed = detector.update(last, 'fan_speed', 2000)!;
    for (const a of [...out, changed]) {
      expect(Number.isFinite(a.score)).toBe(true);
      expect(Number.isFinite(a.rawScore)).toBe(true);
      expect(Number.isFinite(a.expected)).toBe(true);
    }
    expect(out.filter((a) => a.warm).length).toBeGreaterThan(100);
    expect(changed.metric).toBe('fan_speed');
    expect(changed.score).toBeGreaterThan(0.9);
  });

  it('rejects NaN and infinities', () => {
    const detector = new DeviceRelationshipDetector();
    expect(() => detector.update(T0, 'temperature', Number.NaN)).toThrow(InvalidObservationError);
    expect(() => detector.update(T0, 'temperature', Number.NEGATIVE_INFINITY)).toThrow(
      InvalidObservationError,
    );
  });

  it('round-trips its state through JSON, bounded by maxMetrics', () => {
    const a = new DeviceRelationshipDetector({ maxMetrics: 3 });
    feed(a, T0, 300, healthyDevice(6));
    expect(a.update(T0, 'extra_metric', 1)).toBeNull();
    const json = JSON.stringify(a.toJSON());
    expect(a.toJSON().metrics).toEqual(['temperature', 'fan_speed', 'power']);
    const b = DeviceRelationshipDetector.fromJSON(JSON.parse(json), { maxMetrics: 3 });
    const next = T0 + 300 * ROUND_MS;
    expect(b.update(next, 'temperature', 60)).toEqual(a.update(next, 'temperature', 60));
    expect(b.toJSON()).toEqual(a.toJSON());
  });
});
