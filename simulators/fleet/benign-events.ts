import { HOUR, MINUTE } from '../src/device-simulator';
import type { BenignPlan } from './fleet-plan';

/**
 * Benign events: what a healthy network does that a detector must not ticket. Each returns its effect at
 * event time t (parameters drawn per device from the seed, see fleet-plan.ts).
 *
 * - traffic_surge: an event, a failover, a big download: traffic x `factor` for hours (15-min ramps); the
 *   CPU and the temperature follow the load (device-model.ts), nothing more.
 * - firmware_upgrade: the device is silent while it reloads (start..end); the new image then runs with a
 *   CPU baseline `cpuStep` (a quarter to 40 %) higher, `memStep` % more memory and `tempStep` °C warmer,
 *   for good. After the reload, memory starts lower and fills its caches again (like a planned reboot).
 *   An image replaces the one before it: a second upgrade's step is from the original image (the device
 *   model applies only the latest installed image), so upgrades do not compound.
 * - planned_reboot: silent start..end; afterwards memory starts `memDrop` % lower and recovers over hours,
 *   the CPU spikes for minutes while the control plane converges.
 * - fan_replaced: the old fan ran at `wornFactor` of its commanded speed (worn, not failing); from `start`
 *   the new one runs at full speed: fan speed jumps up, the temperature drops a few degrees.
 * - sensor_glitch: one wild sample of one metric at `start` (127.5 °C, a 0 rpm fan, a 0 V rail or -40 dBm).
 * - heat_wave: the site's ambient temperature rises by `rise` °C (12-h ramps) over days; every device of the
 *   site runs hotter and spins its fans up.
 */
export interface BenignEffect {
  silent?: boolean;
  trafficFactor?: number;
  cpuFactor?: number;
  cpuAdd?: number;
  memAdd?: number;
  tempAdd?: number;
  ambientAdd?: number;
  fanFactor?: number;
  /** one metric replaced by a wild value */
  glitch?: { metric: string; value: number };
}

const GLITCH_VALUES: Array<[string, number]> = [
  ['temperature', 127.5],
  ['fan_speed', 0],
  ['psu_voltage', 0],
  ['optical_rx_power', -40],
];

/** The metrics a sensor glitch may hit on a device that reports `metrics`. */
export function glitchCandidates(metrics: readonly string[]): Array<[string, number]> {
  return GLITCH_VALUES.filter(([m]) => metrics.includes(m));
}

/**
 * The effect of one benign event at t on a device reporting `metrics` (an empty object when it does not act).
 * @example benignEffect({ kind: 'traffic_surge', start, end, params: { factor: 2 } } as BenignPlan, start + HOUR, metrics).trafficFactor // 2
 */
export function benignEffect(event: BenignPlan, t: number, metrics: readonly string[]): BenignEffect {
  const p = event.params;
  switch (event.kind) {
    case 'traffic_surge': {
      const ramp = trapezoid(t, event.start, event.end, 15 * MINUTE);
      if (ramp === 0) return {};
      const extra = (p.factor - 1) * ramp;
      return { trafficFactor: 1 + extra };
    }
    case 'firmware_upgrade':
      if (t < event.start) return {};
      if (t < event.end) return { silent: true };
      return {
        cpuFactor: 1 + p.cpuStep,
        memAdd: p.memStep - 8 * Math.exp(-(t - event.end) / (3 * HOUR)),
        tempAdd: p.tempStep,
        cpuAdd: bootSpike(t - event.end),
      };
    case 'planned_reboot':
      if (t < event.start) return {};
      if (t < event.end) return { silent: true };
      return {
        memAdd: -p.memDrop * Math.exp(-(t - event.end) / (6 * HOUR)),
        cpuAdd: bootSpike(t - event.end),
      };
    case 'fan_replaced':
      return t < event.start ? { fanFactor: p.wornFactor } : {};
    case 'sensor_glitch': {
      if (t !== event.start) return {};
      const candidates = glitchCandidates(metrics);
      const [metric, value] =
        candidates[Math.min(candidates.length - 1, Math.floor(p.which * candidates.length))];
      return { glitch: { metric, value } };
    }
    case 'heat_wave': {
      const ramp = trapezoid(t, event.start, event.end, 12 * HOUR);
      return ramp === 0 ? {} : { ambientAdd: p.rise * ramp };
    }
  }
}

/** 0 outside [start, end], 1 inside, linear ramps of `ramp` at both ends. */
export function trapezoid(t: number, start: number, end: number, ramp: number): number {
  if (t <= start || t >= end) return 0;
  return Math.min(1, (t - start) / ramp, (end - t) / ramp);
}

/** CPU after a boot: +30 points decaying with a 5-minute time constant (routing convergence). */
function bootSpike(sinceBoot: number): number {
  return 30 * Math.exp(-sinceBoot / (5 * MINUTE));
}
