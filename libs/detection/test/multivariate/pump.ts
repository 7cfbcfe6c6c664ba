import { DeviceRelationshipDetector, type RelationshipAssessment } from '../../src/multivariate';
import { seededNormal, seededRandom, T0 } from '../forecast/synthetic';

export const SECOND_MS = 1000;

export interface PumpRound {
  flow: number;
  pressure: number;
  current: number;
}

/**
 * A pump sampled every second: flow, pressure and current follow its speed setpoint, which changes every
 * 1-3 min. `fault(round)` returns the severity (0..1) of a closing valve at that round: flow falls,
 * pressure rises, current stays (the relationship breaks while every value stays in its usual range).
 */
export function pump(seed: number, fault: (round: number) => number = () => 0): (round: number) => PumpRound {
  const normal = seededNormal(seed);
  const uniform = seededRandom(seed + 1000);
  let speed = 0.8;
  let setpoint = 0.8;
  let next = 0;
  return (round) => {
    if (round >= next) {
      setpoint = 0.6 + 0.4 * uniform();
      next = round + 60 + Math.floor(120 * uniform());
    }
    speed += (setpoint - speed) / 5;
    const valve = fault(round);
    return {
      flow: 100 * speed * (1 - 0.3 * valve) * (1 + 0.01 * normal()),
      pressure: 2 + 4 * speed + 1.5 * valve + 0.05 * normal(),
      current: 20 + 30 * speed + 0.3 * normal(),
    };
  };
}

/** Feeds rounds `from`..`to` (exclusive) at 1 s, metrics 100 ms apart; returns one assessment per round. */
export function feedPump(
  detector: DeviceRelationshipDetector,
  device: (round: number) => PumpRound,
  from: number,
  to: number,
): RelationshipAssessment[] {
  const out: RelationshipAssessment[] = [];
  for (let r = from; r < to; r++) {
    const ts = T0 + r * SECOND_MS;
    const x = device(r);
    detector.update(ts, 'flow', x.flow);
    detector.update(ts + 100, 'pressure', x.pressure);
    const a = detector.update(ts + 200, 'current', x.current);
    if (a) out.push(a);
  }
  return out;
}
