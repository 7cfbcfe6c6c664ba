import { gaussian, seededRandom } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type SimulatedMetric = 'temperature' | 'fan_speed' | 'cpu_utilization' | 'optical_rx_power';
export const SIMULATED_METRICS: readonly SimulatedMetric[] = [
  'temperature',
  'fan_speed',
  'cpu_utilization',
  'optical_rx_power',
];

/** One telemetry message body for `telemetry/{tenant}/{device}` (ingest's JSON sample format). */
export interface TelemetrySample {
  ts: number;
  metrics: Record<string, number>;
}

/** A temperature drift: from `from` °C at `start` to `to` °C `durationMs` later, and on at the same slope. */
export interface Drift {
  start: number;
  from: number;
  to: number;
  durationMs: number;
}

export interface DeviceOptions {
  id: string;
  seed: number;
  metrics?: readonly SimulatedMetric[];
  /** mean temperature (°C) while healthy */
  baseTemperature?: number;
  /** half the daily temperature swing (°C) */
  amplitude?: number;
  /** UTC hour of the daily peak */
  peakHour?: number;
  /** standard deviation of the temperature noise (°C) */
  noise?: number;
  drift?: Drift;
}

/**
 * A simulated network device: a daily cycle plus noise on every metric, optionally a temperature drift
 * (the fan speed co-moves with the temperature). Noise comes from the device's own seeded PRNG, so the
 * same options always produce the same samples.
 *
 * @example
 * const device = new SimulatedDevice({ id: 'rtr-01', seed: 7 });
 * device.next(Date.UTC(2026, 0, 5)); // { ts, metrics: { temperature: 43.2, fan_speed: 4381, ... } }
 */
export class SimulatedDevice {
  readonly id: string;
  readonly metrics: readonly SimulatedMetric[];
  private readonly random: () => number;
  private readonly base: number;
  private readonly amplitude: number;
  private readonly peakHour: number;
  private readonly noise: number;
  private readonly drift?: Drift;

  constructor(options: DeviceOptions) {
    this.id = options.id;
    this.metrics = options.metrics ?? SIMULATED_METRICS;
    this.random = seededRandom(options.seed);
    this.drift = options.drift;
    this.base = options.drift?.from ?? options.baseTemperature ?? 45;
    this.amplitude = options.amplitude ?? 3;
    this.peakHour = options.peakHour ?? 15;
    this.noise = options.noise ?? 0.5;
  }

  /** The daily cycle in [-1, 1], peaking at `peakHour` UTC. */
  cycle(t: number): number {
    return Math.cos((2 * Math.PI * (t - this.peakHour * HOUR)) / DAY);
  }

  /** The noise-free temperature at t (°C). */
  temperature(t: number): number {
    const d = this.drift;
    const drift = d && t > d.start ? ((d.to - d.from) * (t - d.start)) / d.durationMs : 0;
    return this.base + this.amplitude * this.cycle(t) + drift;
  }

  /**
   * First time (1 s resolution) in [from, until] the noise-free temperature reaches `limit`, else null.
   * @example device.crossing(85, driftStart, driftStart + 2 * DAY)
   */
  crossing(limit: number, from: number, until: number): number | null {
    for (let t = from; t <= until; t += 1000) if (this.temperature(t) >= limit) return t;
    return null;
  }

  /** The next sample at t (consumes the device's noise stream: call with increasing t). */
  next(ts: number): TelemetrySample {
    const metrics: Record<string, number> = {};
    for (const metric of this.metrics) metrics[metric] = round(this.value(metric, ts), 3);
    return { ts, metrics };
  }

  private value(metric: SimulatedMetric, t: number): number {
    const n = gaussian(this.random);
    switch (metric) {
      case 'temperature':
        return this.temperature(t) + this.noise * n;
      case 'fan_speed':
        // fans spin up with the temperature (co-moving, not a failure of their own)
        return 3000 + 60 * (this.temperature(t) - 20) + 40 * n;
      case 'cpu_utilization':
        return Math.min(100, Math.max(0, 35 + 15 * this.cycle(t) + 3 * n));
      case 'optical_rx_power':
        return -12 - 0.2 * this.cycle(t) + 0.05 * n;
    }
  }
}

/**
 * A healthy device of a fleet: the i-th gets its own base temperature (40-49 °C), swing (2-5 °C) and
 * peak hour, so devices are not copies of each other.
 * @example healthyDevice('quiet-3', 3, 42)
 */
export function healthyDevice(
  id: string,
  index: number,
  seed: number,
  metrics?: readonly SimulatedMetric[],
): SimulatedDevice {
  return new SimulatedDevice({
    id,
    seed,
    metrics,
    baseTemperature: 40 + (index % 10),
    amplitude: 2 + (index % 4),
    peakHour: (12 + ((index * 5) % 8)) % 24,
  });
}

/**
 * A device whose temperature drifts from 50 °C to 85 °C over 24 h from `driftStart` (noise 0.5 °C and a
 * ±3 °C daily cycle on top; the fan speed follows).
 * @example degradingDevice('hot-1', 7, Date.UTC(2026, 0, 8))
 */
export function degradingDevice(
  id: string,
  seed: number,
  driftStart: number,
  metrics?: readonly SimulatedMetric[],
): SimulatedDevice {
  return new SimulatedDevice({
    id,
    seed,
    metrics,
    amplitude: 3,
    drift: { start: driftStart, from: 50, to: 85, durationMs: DAY },
  });
}

/**
 * Samples of one device every `stepMs` from `start` to `end` (inclusive).
 * @example [...samples(device, t0, t0 + HOUR, MINUTE)].length // 61
 */
export function* samples(
  device: SimulatedDevice,
  start: number,
  end: number,
  stepMs: number,
): Generator<TelemetrySample> {
  for (let t = start; t <= end; t += stepMs) yield device.next(t);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
