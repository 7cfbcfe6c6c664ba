/**
 * A centrifugal pump sampled every second: flow, discharge pressure, motor current, vibration and
 * motor temperature, coupled by its physics, with relationship faults that persist once started.
 *
 * Physics (per-unit, each pump's constants drawn +-10 % around these):
 * - pump curve H = a n^2 - b Q^2 (affinity laws, speed n), system curve H = h0 + K Q^2 / c^2 (valve
 *   conductance c, 1 when open): the operating point Q = sqrt((a n^2 - h0) / (b + K / c^2));
 * - the speed follows a setpoint that changes every 3-8 min (70-100 %), through a 5 s first-order lag;
 * - current = idle + k Q H (hydraulic power), vibration = base + v n^2, temperature = a first-order lag
 *   (5 min) of ambient + r current, the ambient drifting slowly (random walk);
 * - sensor noise on every metric.
 *
 * Faults (each ramps in over 1-2 min, then persists until the episode ends, e.g. a repair):
 * - closing valve: c falls to 0.45: flow down, pressure up, current roughly flat (a little down);
 * - cavitation: head collapses by 15 %, vibration +1.5 mm/s with bursts, flow noisy (4 %) and a little down;
 * - imbalanced rotor: vibration up with speed (x2.2), current +8 % (friction), flow and pressure unchanged.
 */
import { seededRandom } from '../../simulators/src/random';

export const METRICS = ['flow', 'pressure', 'current', 'vibration', 'temperature'] as const;
export type FaultKind = 'closing valve' | 'cavitation' | 'imbalanced rotor';
export const FAULT_KINDS: readonly FaultKind[] = ['closing valve', 'cavitation', 'imbalanced rotor'];

export interface Episode {
  kind: FaultKind;
  /** round the fault starts (ramps in) */
  start: number;
  /** round it ends (exclusive) */
  end: number;
}

export interface PumpStream {
  /** values[round * METRICS.length + metric] */
  values: Float64Array;
  /** 1 while a fault is active */
  labels: Uint8Array;
  /** fault index per round (-1 when healthy) */
  episodeOf: Int16Array;
  episodes: Episode[];
  rounds: number;
}

/** Seeded uniform [0,1): the simulators' mulberry32. */
export const random = seededRandom;

function gaussian(rnd: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/**
 * One pump's stream: `warmupRounds` healthy rounds, then for each fault kind (shuffled) a healthy gap of
 * 20-30 min and the fault for 10-15 min.
 */
export function simulatePump(seed: number, warmupRounds: number): PumpStream {
  const rnd = random(seed);
  const normal = gaussian(rnd);
  const vary = (x: number) => x * (0.9 + 0.2 * rnd());
  const p = {
    a: vary(8),
    b: vary(2),
    h0: vary(1),
    k: vary(4),
    flowScale: vary(100),
    idle: vary(20),
    powerGain: vary(4),
    vibBase: vary(1.5),
    vibGain: vary(0.8),
    heat: vary(0.8),
    ambient: vary(25),
  };
  const kinds = [...FAULT_KINDS].sort(() => rnd() - 0.5);
  const episodes: Episode[] = [];
  let t = warmupRounds;
  for (const kind of kinds) {
    const start = t + Math.round(1200 + 600 * rnd());
    const end = start + Math.round(600 + 300 * rnd());
    episodes.push({ kind, start, end });
    t = end;
  }
  const rounds = t + 600;
  const k = METRICS.length;
  const values = new Float64Array(rounds * k);
  const labels = new Uint8Array(rounds);
  const episodeOf = new Int16Array(rounds).fill(-1);

  let setpoint = 0.85;
  let nextChange = 0;
  let speed = setpoint;
  let ambient = p.ambient;
  // start in thermal equilibrium at the first operating point (no start-up transient in the warm-up)
  const flow0 = Math.sqrt((p.a * speed * speed - p.h0) / (p.b + p.k));
  let temperature =
    p.ambient + p.heat * (p.idle + p.powerGain * flow0 * (p.a * speed * speed - p.b * flow0 * flow0));
  for (let r = 0; r < rounds; r++) {
    if (r >= nextChange) {
      setpoint = 0.7 + 0.3 * rnd();
      nextChange = r + Math.round(180 + 300 * rnd());
    }
    speed += (setpoint - speed) / 5;
    ambient += 0.01 * normal();
    const e = episodes.findIndex((ep) => r >= ep.start && r < ep.end);
    const ep = e >= 0 ? episodes[e] : null;
    // fault severity ramps from 0 to 1 over 60-120 s
    const severity = ep ? Math.min(1, (r - ep.start) / (60 + (e % 2) * 60)) : 0;
    const conductance = ep?.kind === 'closing valve' ? 1 - 0.55 * severity : 1;
    let flow = Math.sqrt(Math.max(0, p.a * speed * speed - p.h0) / (p.b + p.k / (conductance * conductance)));
    let head = p.a * speed * speed - p.b * flow * flow;
    let vibration = p.vibBase + p.vibGain * speed * speed;
    let friction = 1;
    if (ep?.kind === 'cavitation') {
      head *= 1 - 0.15 * severity;
      flow *= 1 - 0.03 * severity + 0.04 * severity * normal();
      vibration += severity * (1.5 + 0.5 * Math.abs(normal()));
    } else if (ep?.kind === 'imbalanced rotor') {
      vibration += severity * 1.2 * p.vibGain * speed * speed;
      friction += 0.08 * severity;
    }
    const current = friction * (p.idle + p.powerGain * flow * head);
    temperature += (ambient + p.heat * current - temperature) / 300;
    const o = r * k;
    values[o] = p.flowScale * flow * (1 + 0.01 * normal());
    values[o + 1] = head + 0.05 * normal();
    values[o + 2] = current + 0.3 * normal();
    values[o + 3] = vibration + 0.08 * normal();
    values[o + 4] = temperature + 0.1 * normal();
    if (ep) {
      labels[r] = 1;
      episodeOf[r] = e;
    }
  }
  return { values, labels, episodeOf, episodes, rounds };
}
