import { DAY, HOUR } from '../src/device-simulator';
import { gaussian, seededRandom } from '../src/random';
import { type BenignEffect, benignEffect } from './benign-events';
import { type FailureEffect, failureEffect, type HealthyValues } from './failure-modes';
import type { BenignPlan, DeviceProfile, FailurePlan } from './fleet-plan';

/** Noise (standard deviation) and quantization step of each metric, as the sensors report them. */
const SENSOR: Record<string, { noise: number; step: number }> = {
  temperature: { noise: 0.3, step: 0.5 },
  fan_speed: { noise: 25, step: 10 },
  cpu_utilization: { noise: 1.5, step: 1 },
  memory_utilization: { noise: 0.15, step: 0.1 },
  psu_voltage: { noise: 0.01, step: 0.01 },
  optical_rx_power: { noise: 0.05, step: 0.01 },
  optical_tx_power: { noise: 0.03, step: 0.01 },
  laser_bias_current: { noise: 0.2, step: 0.01 },
  traffic_in_mbps: { noise: 0.02, step: 0.1 },
  traffic_out_mbps: { noise: 0.02, step: 0.1 },
  if_in_errors: { noise: 0, step: 1 },
};

/** Loss-of-signal readings of a dead optic. */
const LOS = { optical_rx_power: -40, optical_tx_power: -40, laser_bias_current: 0 };

/**
 * One device of the fleet: its healthy physics (load with daily and weekly cycles, temperature from ambient,
 * load and airflow, fans following the temperature), plus its failure's precursor and its benign events.
 * `expected(t)` is noise-free; `sample(t)` adds sensor noise and quantization from the device's own seeded
 * PRNG (call it with increasing t) and returns null while the device is silent (dark or rebooting).
 *
 * @example const device = new FleetDevice(plan.devices[0], undefined, []); device.sample(plan.start)
 */
export class FleetDevice {
  private readonly random: () => number;

  constructor(
    readonly profile: DeviceProfile,
    readonly failure: FailurePlan | undefined,
    readonly events: readonly BenignPlan[],
  ) {
    this.random = seededRandom(profile.seed);
  }

  get id(): string {
    return this.profile.id;
  }

  /** Whether the device sends nothing at t: rebooting, or dark after its outage. */
  silent(t: number): boolean {
    const f = this.failure;
    if (f && t >= f.outageAt) {
      if (f.effect === 'dark') return true;
      if (f.effect === 'reboot' && t < f.outageAt + f.rebootMs) return true;
    }
    return this.events.some((e) => benignEffect(e, t, this.profile.metrics).silent === true);
  }

  /** Traffic load in [0, 1]: evening peak at `peakHour`, night trough, quieter weekends. */
  load(t: number): number {
    const p = this.profile;
    const hour = (t % DAY) / HOUR;
    const daily = 0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - p.peakHour)) / 24);
    const weekly = 1 - (1 - p.weekendFactor) * weekendness(t);
    return (0.2 + 0.8 * daily ** 1.5) * weekly;
  }

  /** The site's ambient temperature (°C): 22 °C with a ±2 °C afternoon swing, plus heat waves. */
  ambient(t: number, effects: readonly BenignEffect[]): number {
    const hour = (t % DAY) / HOUR;
    const wave = sum(effects, (e) => e.ambientAdd);
    return 22 + 2 * Math.cos((2 * Math.PI * (hour - 15)) / 24) + wave;
  }

  /** Noise-free metrics at t, as the device would report them if its sensors were perfect. */
  expected(t: number): Record<string, number> {
    const p = this.profile;
    // a firmware image replaces the one before it: only the latest installed image's step applies
    const image = this.events.reduce<BenignPlan | null>(
      (latest, e) =>
        e.kind === 'firmware_upgrade' && e.start <= t && (!latest || e.start > latest.start) ? e : latest,
      null,
    );
    const effects = this.events
      .filter((e) => e.kind !== 'firmware_upgrade' || e === image)
      .map((e) => benignEffect(e, t, p.metrics));
    const failed = this.failure !== undefined && t >= this.failure.outageAt;
    const rebooted = failed && this.failure?.effect === 'reboot';
    const los = failed && this.failure?.effect === 'loss_of_signal';
    const load = this.load(t) * product(effects, (e) => e.trafficFactor);
    const ambient = this.ambient(t, effects);
    const healthy = this.healthy(load);
    const f: FailureEffect = this.failure && !rebooted ? failureEffect(this.failure, t, healthy) : {};

    // fans: commanded up with the ambient temperature; a worn or failing fan achieves less
    const commanded = p.fanNominal * clamp(1 + 0.04 * (ambient - 25), 0.7, 1.4);
    const fanFactor = (f.fanHealth ?? 1) * product(effects, (e) => e.fanFactor);
    const fan = commanded * fanFactor;
    // temperature: ambient + heat from the load, divided by the airflow (rise ~ 1/airflow^0.9)
    const rise = (p.riseIdle + p.riseLoad * load) / fanFactor ** 0.9;
    const temperature = ambient + rise + sum(effects, (e) => e.tempAdd);
    const cpu =
      (p.cpuBase + p.cpuLoad * load) * product(effects, (e) => e.cpuFactor) + sum(effects, (e) => e.cpuAdd);
    // the GC sawtooth: memory fills for a period, then the collector frees it
    const period = p.gcPeriodMin * 60_000;
    const saw = p.gcSwing * ((t % period) / period);
    const memory = (f.memory ?? healthy.memory) + saw + sum(effects, (e) => e.memAdd);
    const tx = p.txPower + (f.txOffset ?? 0) - 0.01 * (temperature - 45);
    const rx = tx - p.linkLoss + (f.rxOffset ?? 0);
    const values: Record<string, number> = {
      temperature,
      fan_speed: fan,
      cpu_utilization: clamp(cpu, 0, 100),
      memory_utilization: clamp(memory, 0, 100),
      psu_voltage: p.psuNominal + (f.psuOffset ?? 0) - 0.02 * load,
      optical_rx_power: rx,
      optical_tx_power: tx,
      // the automatic power control raises the bias a little as the laser warms
      laser_bias_current: (f.bias ?? p.biasBase) + 0.15 * (temperature - 45),
      traffic_in_mbps: p.peakMbps * load,
      traffic_out_mbps: 0.7 * p.peakMbps * load,
      if_in_errors: p.errorRate + (f.errors ?? 0),
    };
    if (los) Object.assign(values, LOS, { traffic_in_mbps: 0, traffic_out_mbps: 0, if_in_errors: 0 });
    return values;
  }

  /** A reported sample at t (noise, ripple, quantization, glitches), or null while the device is silent. */
  sample(t: number): Record<string, number> | null {
    // draw the noise even when silent, so a device's stream does not depend on its silences
    const draws = this.profile.metrics.map(() => gaussian(this.random));
    const phase = this.random();
    if (this.silent(t)) return null;
    const expected = this.expected(t);
    const f = this.failure && t < this.failure.outageAt ? this.precursor(t) : {};
    const out: Record<string, number> = {};
    this.profile.metrics.forEach((metric, i) => {
      const sensor = SENSOR[metric];
      let value = expected[metric];
      if (metric === 'if_in_errors') value = poissonish(value, draws[i]);
      else if (metric.startsWith('traffic_')) value *= 1 + sensor.noise * draws[i];
      else value += sensor.noise * draws[i] * (metric === 'fan_speed' ? (f.fanNoise ?? 1) : 1);
      if (metric === 'psu_voltage') value += (f.psuRipple ?? 0) * Math.sin(2 * Math.PI * phase);
      out[metric] = quantize(Math.max(metric === 'optical_rx_power' ? -40 : 0, value), sensor.step, metric);
    });
    for (const event of this.events) {
      const glitch = benignEffect(event, t, this.profile.metrics).glitch;
      if (glitch) out[glitch.metric] = glitch.value;
    }
    return out;
  }

  private precursor(t: number): FailureEffect {
    return this.failure ? failureEffect(this.failure, t, this.healthy(this.load(t))) : {};
  }

  private healthy(load: number): HealthyValues {
    const p = this.profile;
    return {
      bias: p.biasBase,
      memory: p.memBase + 3 * load,
      gcSwing: p.gcSwing,
      psu: p.psuNominal,
      rx: p.txPower - p.linkLoss,
    };
  }
}

/**
 * How much of a weekend t is in, 0..1: the week winds down from Friday 21:00 to Saturday 06:00 UTC and
 * back up from Sunday 21:00 to Monday 06:00 (traffic has no cliff at midnight).
 */
export function weekendness(t: number): number {
  const hourOfWeek = (((t / HOUR) % 168) + 168 + 72) % 168; // 0 = Monday 00:00 (the epoch was a Thursday)
  const friday21 = 4 * 24 + 21;
  const sunday21 = 6 * 24 + 21;
  if (hourOfWeek >= friday21 && hourOfWeek < friday21 + 9) return (hourOfWeek - friday21) / 9;
  if (hourOfWeek >= friday21 + 9 && hourOfWeek < sunday21) return 1;
  if (hourOfWeek >= sunday21) return 1 - (hourOfWeek - sunday21) / 9;
  if (hourOfWeek < 6) return 1 - (hourOfWeek + 3) / 9;
  return 0;
}

function sum(effects: readonly BenignEffect[], pick: (e: BenignEffect) => number | undefined): number {
  return effects.reduce((total, e) => total + (pick(e) ?? 0), 0);
}

function product(effects: readonly BenignEffect[], pick: (e: BenignEffect) => number | undefined): number {
  return effects.reduce((total, e) => total * (pick(e) ?? 1), 1);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A count with Poisson-like spread from one standard normal draw (exact enough for telemetry). */
function poissonish(mean: number, draw: number): number {
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * draw));
}

function quantize(value: number, step: number, metric: string): number {
  const q = Math.round(value / step) * step;
  // keep the printed number short: as many decimals as the step has
  const decimals = metric === 'fan_speed' || metric === 'if_in_errors' ? 0 : step < 0.1 ? 2 : 1;
  return Number(q.toFixed(decimals));
}
