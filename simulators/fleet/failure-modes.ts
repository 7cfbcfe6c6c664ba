import type { FailurePlan } from './fleet-plan';

/**
 * The physical story of each failure mode, as multipliers and offsets on the healthy device at progress
 * `u` in [0, 1] from the precursor's start (0) to the outage (1). Parameters come from the plan (drawn per
 * device from the seed). Pure functions of `u`: the device model adds noise and quantization.
 *
 * - laser_ageing: the laser's threshold current rises as the junction wears; the automatic power control
 *   holds the output by raising the bias current, which creeps up faster and faster (`biasAtOutage`, past
 *   the 100 mA critical limit, at the outage). Past the knee (`kneeAt`) the control runs out of headroom:
 *   Tx power slides (`txDropDb` by the outage) and the far end's Rx power with it. Outage: link down, dark.
 * - fibre_degradation: a contaminated or bent connector adds a loss step (`stepDb`) at the start, then the
 *   damage spreads and the Rx power drifts down, accelerating, to `rxAtOutage` (below the -27 dBm
 *   critical). As the Rx power nears the receiver's sensitivity the bit errors (if_in_errors) rise by a
 *   decade per 2 dB. Outage: loss of link, dark.
 * - fan_bearing_wear: a dry bearing slows the fan more and more (`healthAtOutage` of its commanded speed at
 *   the outage) and makes its speed noisy; less airflow, a higher temperature rise over ambient, until the
 *   thermal shutdown near 85 °C. Dark.
 * - memory_leak: a process leaks a little on every garbage-collection cycle: the sawtooth every device has
 *   (its profile's GC period and swing) keeps its shape but its floor rises linearly until the peaks reach
 *   `memAtOutage` %. Outage: the out-of-memory killer / watchdog reloads the device (reboot, healthy after).
 * - psu_degradation: drying electrolytic capacitors: the 12 V rail sags (to `voltsAtOutage`, below the
 *   10.8 V critical) with a ripple that grows (`rippleAtOutage` volts of amplitude). Dark.
 * - error_storm: a failing SerDes / optic: the interface errors double every `doublingHours`, reaching
 *   `errorsAtOutage` per interval at the outage, where the line card resets (reboot) or dies (dark).
 * - sudden_line_card: no precursor; at the outage the card dies: a line card goes dark, a chassis keeps
 *   reporting with its optics at loss of signal (-40 dBm, no bias, no traffic).
 */
export interface FailureEffect {
  /** laser bias current to report instead of the healthy one (mA) */
  bias?: number;
  /** Tx power offset (dB, negative) */
  txOffset?: number;
  /** Rx power offset (dB, negative) */
  rxOffset?: number;
  /** fraction of the commanded fan speed the fan achieves */
  fanHealth?: number;
  /** multiplies the fan noise */
  fanNoise?: number;
  /** the memory floor under the GC sawtooth (%) */
  memory?: number;
  /** PSU rail offset (V) and ripple amplitude (V) */
  psuOffset?: number;
  psuRipple?: number;
  /** extra interface errors per interval */
  errors?: number;
}

/** Progress of the precursor at t: 0 at its start, 1 at the outage (clamped). */
export function progress(failure: FailurePlan, t: number): number {
  const span = failure.outageAt - failure.precursorStart;
  if (span <= 0) return t >= failure.outageAt ? 1 : 0;
  return Math.min(1, Math.max(0, (t - failure.precursorStart) / span));
}

/** The healthy values the precursors build on. */
export interface HealthyValues {
  bias: number;
  /** memory floor under the GC sawtooth, and the sawtooth's swing */
  memory: number;
  gcSwing: number;
  psu: number;
  rx: number;
}

/**
 * The precursor's effect at event time t (before the precursor: none). `healthy` gives the device's
 * healthy values the effects build on (bias, memory floor, PSU nominal, Rx power).
 * @example failureEffect(plan.failures[0], t, { bias: 35, memory: 50, psu: 12, rx: -10 }).psuOffset
 */
export function failureEffect(failure: FailurePlan, t: number, healthy: HealthyValues): FailureEffect {
  const u = progress(failure, t);
  if (u <= 0 || t >= failure.outageAt) return {};
  const p = failure.params;
  switch (failure.mode) {
    case 'laser_ageing': {
      const bias = healthy.bias * Math.exp(Math.log(p.biasAtOutage / healthy.bias) * u ** 1.5);
      const past = Math.max(0, (u - p.kneeAt) / (1 - p.kneeAt));
      const drop = -p.txDropDb * past ** 2;
      return { bias, txOffset: drop }; // the Rx power follows the Tx power
    }
    case 'fibre_degradation': {
      const drift = (healthy.rx - p.stepDb - p.rxAtOutage) * u ** 1.7;
      const rx = healthy.rx - p.stepDb - drift;
      return { rxOffset: rx - healthy.rx, errors: opticalErrors(rx) };
    }
    case 'fan_bearing_wear':
      return { fanHealth: 1 - (1 - p.healthAtOutage) * u ** 2, fanNoise: 1 + 4 * u };
    case 'memory_leak':
      return { memory: healthy.memory + (p.memAtOutage - healthy.gcSwing - healthy.memory) * u };
    case 'psu_degradation':
      return { psuOffset: (p.voltsAtOutage - healthy.psu) * u ** 1.5, psuRipple: p.rippleAtOutage * u };
    case 'error_storm': {
      const hoursLeft = (failure.outageAt - t) / 3_600_000;
      return { errors: p.errorsAtOutage * 2 ** (-hoursLeft / p.doublingHours) };
    }
    case 'sudden_line_card':
      return {};
  }
}

/** Bit errors per interval of a receiver at `rx` dBm: a decade per 2 dB below -22 dBm. */
export function opticalErrors(rx: number): number {
  return rx < -22 ? 5 * 10 ** ((-22 - rx) / 2) : 0;
}
