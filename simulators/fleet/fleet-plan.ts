import { DAY, HOUR, MINUTE } from '../src/device-simulator';
import { deviceSeed, seededRandom } from '../src/random';

/**
 * The fleet's plan: which devices exist, where, and what happens to each of them (failures with their
 * precursor and outage, benign events), all drawn from one seed. Everything downstream (telemetry, truth)
 * is a pure function of this plan and the seed, so the same arguments give the same bytes.
 */

export type DeviceKind = 'core_router' | 'aggregation_switch' | 'olt' | 'optical_line_card';
export const DEVICE_KINDS: readonly DeviceKind[] = [
  'core_router',
  'aggregation_switch',
  'olt',
  'optical_line_card',
];

/** The slow failure modes (with a precursor) and the sudden one (none). */
export type FailureMode =
  | 'laser_ageing'
  | 'fibre_degradation'
  | 'fan_bearing_wear'
  | 'memory_leak'
  | 'psu_degradation'
  | 'error_storm'
  | 'sudden_line_card';
export const SLOW_FAILURE_MODES: readonly FailureMode[] = [
  'laser_ageing',
  'fibre_degradation',
  'fan_bearing_wear',
  'memory_leak',
  'psu_degradation',
  'error_storm',
];

export type BenignKind =
  'traffic_surge' | 'firmware_upgrade' | 'planned_reboot' | 'fan_replaced' | 'sensor_glitch' | 'heat_wave';
export const BENIGN_KINDS: readonly BenignKind[] = [
  'traffic_surge',
  'firmware_upgrade',
  'planned_reboot',
  'fan_replaced',
  'sensor_glitch',
  'heat_wave',
];

/** What the device does at the outage: stops reporting for good, or reboots and comes back healthy. */
export type OutageEffect = 'dark' | 'reboot' | 'loss_of_signal';

export interface FailurePlan {
  device: string;
  mode: FailureMode;
  /** event time the precursor starts (= outageAt for a sudden failure) */
  precursorStart: number;
  outageAt: number;
  effect: OutageEffect;
  /** how long a reboot keeps the device silent (ms) */
  rebootMs: number;
  /** mode parameters drawn from the seed (documented in failure-modes.ts) */
  params: Record<string, number>;
}

export interface BenignPlan {
  device: string;
  kind: BenignKind;
  start: number;
  end: number;
  site: string;
  /** kind parameters drawn from the seed (documented in benign-events.ts) */
  params: Record<string, number>;
}

/** Per-device constants drawn from the seed: the device's own baseline. */
export interface DeviceProfile {
  id: string;
  index: number;
  kind: DeviceKind;
  site: string;
  seed: number;
  metrics: readonly string[];
  /** temperature rise over ambient at nominal fan speed and idle / at full load (°C) */
  riseIdle: number;
  riseLoad: number;
  /** nominal fan speed (rpm) at 25 °C ambient */
  fanNominal: number;
  /** busiest UTC hour, peak traffic (Mbps), weekend factor */
  peakHour: number;
  peakMbps: number;
  weekendFactor: number;
  cpuBase: number;
  cpuLoad: number;
  memBase: number;
  /** garbage-collection cycle of the control-plane processes: period (min) and swing (% of memory) */
  gcPeriodMin: number;
  gcSwing: number;
  psuNominal: number;
  txPower: number;
  linkLoss: number;
  biasBase: number;
  errorRate: number;
}

export interface FleetPlan {
  seed: number;
  start: number;
  durationMs: number;
  intervalMs: number;
  scenario: ScenarioName;
  sites: string[];
  devices: DeviceProfile[];
  failures: FailurePlan[];
  benign: BenignPlan[];
}

export type ScenarioName = 'realistic' | 'quiet' | 'benign' | 'failures' | 'demo';
export const SCENARIOS: readonly ScenarioName[] = ['realistic', 'quiet', 'benign', 'failures', 'demo'];

export const KIND_METRICS: Record<DeviceKind, readonly string[]> = {
  core_router: [
    'temperature',
    'fan_speed',
    'cpu_utilization',
    'memory_utilization',
    'psu_voltage',
    'if_in_errors',
    'optical_rx_power',
    'optical_tx_power',
    'laser_bias_current',
    'traffic_in_mbps',
    'traffic_out_mbps',
  ],
  aggregation_switch: [
    'temperature',
    'fan_speed',
    'cpu_utilization',
    'memory_utilization',
    'psu_voltage',
    'if_in_errors',
    'traffic_in_mbps',
    'traffic_out_mbps',
  ],
  olt: [
    'temperature',
    'fan_speed',
    'cpu_utilization',
    'memory_utilization',
    'psu_voltage',
    'if_in_errors',
    'optical_rx_power',
    'optical_tx_power',
    'laser_bias_current',
    'traffic_in_mbps',
  ],
  optical_line_card: [
    'temperature',
    'optical_rx_power',
    'optical_tx_power',
    'laser_bias_current',
    'if_in_errors',
    'traffic_in_mbps',
  ],
};

/** Which failure modes a kind can suffer: it needs the metrics that show the precursor. */
export function modesFor(kind: DeviceKind): FailureMode[] {
  const has = (m: string) => KIND_METRICS[kind].includes(m);
  return [...SLOW_FAILURE_MODES, 'sudden_line_card' as FailureMode].filter((mode) => {
    switch (mode) {
      case 'laser_ageing':
      case 'fibre_degradation':
      case 'sudden_line_card':
        return has('optical_rx_power');
      case 'fan_bearing_wear':
        return has('fan_speed');
      case 'memory_leak':
        return has('memory_utilization');
      case 'psu_degradation':
        return has('psu_voltage');
      case 'error_storm':
        return has('if_in_errors');
    }
  });
}

export interface PlanOptions {
  devices: number;
  seed: number;
  start: number;
  durationMs: number;
  intervalMs: number;
  scenario: ScenarioName;
}

/** No precursor starts before the models had this much history to learn normal from. */
export const WARM_UP_MS = 3 * DAY;

/**
 * Draws the fleet. `realistic`: failures on ~10 % of devices (modes in turn, so each is present), about one
 * benign event per device-week plus a heat wave on one site in ten; `quiet`: cycles and noise only;
 * `benign`: no failures, two benign events per device-week; `failures`: every device fails, no benign
 * events; `demo`: like `failures` but each failure ends within the last hours of the run, fast.
 * @example planFleet({ devices: 200, seed: 1, start, durationMs: 14 * DAY, intervalMs: 5 * MINUTE, scenario: 'realistic' })
 */
export function planFleet(o: PlanOptions): FleetPlan {
  const random = seededRandom(deviceSeed(o.seed, 0x5eed));
  const uniform = (a: number, b: number) => a + (b - a) * random();
  const siteCount = Math.max(1, Math.round(o.devices / 15));
  const sites = Array.from({ length: siteCount }, (_, i) => `site-${String(i + 1).padStart(2, '0')}`);
  const devices = Array.from({ length: o.devices }, (_, i) => profile(i, o.seed, sites, uniform));
  const end = o.start + o.durationMs;
  const failures = planFailures(devices, o, uniform, random);
  const outageOf = new Map(failures.map((f) => [f.device, f]));
  const benign = planBenign(devices, sites, o, uniform, random, outageOf, end);
  return { ...o, sites, devices, failures, benign };
}

function profile(
  index: number,
  seed: number,
  sites: string[],
  uniform: (a: number, b: number) => number,
): DeviceProfile {
  const kind = DEVICE_KINDS[index % DEVICE_KINDS.length];
  const prefix = { core_router: 'cr', aggregation_switch: 'agg', olt: 'olt', optical_line_card: 'olc' }[kind];
  const site = sites[Math.floor(index / 15) % sites.length];
  return {
    id: `${prefix}-${String(index + 1).padStart(4, '0')}`,
    index,
    kind,
    site,
    seed: deviceSeed(seed, index),
    metrics: KIND_METRICS[kind],
    riseIdle: uniform(12, 20),
    riseLoad: uniform(4, 9),
    fanNominal: uniform(3800, 5200),
    peakHour: Math.round(uniform(17, 22)),
    peakMbps: kind === 'core_router' ? uniform(20_000, 80_000) : uniform(1_000, 10_000),
    weekendFactor: uniform(0.6, 0.85),
    cpuBase: uniform(10, 25),
    cpuLoad: uniform(8, 20),
    memBase: uniform(35, 60),
    psuNominal: uniform(11.95, 12.15),
    txPower: uniform(-1.5, 2),
    linkLoss: uniform(6, 12),
    biasBase: uniform(28, 45),
    errorRate: uniform(0, 3),
    gcPeriodMin: uniform(20, 60),
    gcSwing: uniform(1, 4),
  };
}

function planFailures(
  devices: DeviceProfile[],
  o: PlanOptions,
  uniform: (a: number, b: number) => number,
  random: () => number,
): FailurePlan[] {
  if (o.scenario === 'quiet' || o.scenario === 'benign') return [];
  const end = o.start + o.durationMs;
  const share = o.scenario === 'realistic' ? 0.1 : 1;
  const count = Math.max(1, Math.round(devices.length * share));
  // a seeded shuffle picks the failing devices; modes go in turn so every mode is present
  const order = devices.map((d) => d.index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  // modes go in turn, each on the next device (in the shuffled order) that can suffer it: every mode is present
  const all = [...SLOW_FAILURE_MODES, 'sudden_line_card' as FailureMode];
  const failures: FailurePlan[] = [];
  const used = new Set<number>();
  for (let k = 0; k < count; k++) {
    const mode = all[k % all.length];
    const index = order.find((i) => !used.has(i) && modesFor(devices[i].kind).includes(mode));
    if (index === undefined) continue;
    used.add(index);
    const device = devices[index];
    const length = precursorLength(mode, uniform, o.scenario === 'demo');
    const latestOutage = end - (o.scenario === 'demo' ? 0 : 6 * HOUR);
    const earliestOutage = o.start + WARM_UP_MS + length;
    if (earliestOutage > latestOutage) continue; // too short a run for this precursor
    const outageAt =
      o.scenario === 'demo'
        ? latestOutage - uniform(0.5, 1) * HOUR
        : snap(uniform(earliestOutage, latestOutage), MINUTE);
    failures.push({
      device: device.id,
      mode,
      precursorStart: snap(outageAt - length, MINUTE),
      outageAt: snap(outageAt, MINUTE),
      effect: effectOf(mode, device, random),
      rebootMs: snap(uniform(5, 15) * MINUTE, MINUTE),
      params: failureParams(mode, uniform),
    });
  }
  return failures.sort((a, b) => a.device.localeCompare(b.device));
}

/** Precursor lengths: what field data shows, roughly (days for optics, hours for error storms). */
function precursorLength(
  mode: FailureMode,
  uniform: (a: number, b: number) => number,
  fast: boolean,
): number {
  if (fast) return mode === 'sudden_line_card' ? 0 : uniform(14, 18) * HOUR;
  switch (mode) {
    case 'laser_ageing':
      return uniform(3, 6) * DAY;
    case 'fibre_degradation':
      return uniform(2, 4) * DAY;
    case 'fan_bearing_wear':
      return uniform(1.5, 3) * DAY;
    case 'memory_leak':
      return uniform(1.5, 4) * DAY;
    case 'psu_degradation':
      return uniform(1, 3) * DAY;
    case 'error_storm':
      return uniform(16, 36) * HOUR;
    case 'sudden_line_card':
      return 0;
  }
}

function effectOf(mode: FailureMode, device: DeviceProfile, random: () => number): OutageEffect {
  switch (mode) {
    case 'memory_leak':
      return 'reboot'; // the out-of-memory killer or a watchdog reloads the box
    case 'error_storm':
      return random() < 0.5 ? 'reboot' : 'dark';
    case 'sudden_line_card':
      return device.kind === 'optical_line_card' ? 'dark' : 'loss_of_signal';
    case 'laser_ageing':
    case 'fibre_degradation':
    case 'fan_bearing_wear':
    case 'psu_degradation':
      return 'dark';
  }
}

function failureParams(mode: FailureMode, uniform: (a: number, b: number) => number): Record<string, number> {
  switch (mode) {
    case 'laser_ageing':
      return { biasAtOutage: uniform(101, 106), txDropDb: uniform(2, 4), kneeAt: uniform(0.6, 0.75) };
    case 'fibre_degradation':
      return { stepDb: uniform(1, 3), rxAtOutage: uniform(-28.5, -27.5) };
    case 'fan_bearing_wear':
      return { healthAtOutage: uniform(0.25, 0.32) };
    case 'memory_leak':
      return { memAtOutage: uniform(98.5, 99.5) };
    case 'psu_degradation':
      return { voltsAtOutage: uniform(10.6, 10.75), rippleAtOutage: uniform(0.12, 0.25) };
    case 'error_storm':
      return { errorsAtOutage: uniform(3000, 20_000), doublingHours: uniform(1.5, 3) };
    case 'sudden_line_card':
      return {};
  }
}

function planBenign(
  devices: DeviceProfile[],
  sites: string[],
  o: PlanOptions,
  uniform: (a: number, b: number) => number,
  random: () => number,
  failures: Map<string, FailurePlan>,
  end: number,
): BenignPlan[] {
  if (o.scenario === 'quiet' || o.scenario === 'failures' || o.scenario === 'demo') return [];
  const perWeek = o.scenario === 'benign' ? 2 : 1;
  const events: BenignPlan[] = [];
  // site-wide heat waves: one site in ten
  const waves = Math.max(o.scenario === 'benign' ? 1 : 0, Math.round(sites.length / 10));
  for (let w = 0; w < waves; w++) {
    const site = sites[Math.floor(random() * sites.length)];
    const start = snap(uniform(o.start + WARM_UP_MS, end - 3 * DAY), HOUR);
    const length = uniform(1.5, 3) * DAY;
    const rise = uniform(5, 9);
    // the whole site, failing devices included: the air is the same for all of them
    for (const device of devices)
      if (device.site === site)
        events.push({
          device: device.id,
          kind: 'heat_wave',
          start,
          end: snap(start + length, HOUR),
          site,
          params: { rise },
        });
  }
  // per-device events: a Poisson number with the given weekly rate, after the warm-up
  const span = end - (o.start + WARM_UP_MS);
  const mean = (perWeek * o.durationMs) / (7 * DAY);
  for (const device of devices) {
    const n = poisson(mean, random);
    for (let k = 0; k < n; k++) {
      const kind = pickKind(device, random);
      const start = snap(o.start + WARM_UP_MS + random() * (span - 8 * HOUR), o.intervalMs);
      const { length, params } = benignShape(kind, uniform);
      if (!before(failures, device, start + length)) continue; // a dark device has no events
      events.push({ device: device.id, kind, start, end: start + length, site: device.site, params });
    }
  }
  return events.sort((a, b) => a.start - b.start || a.device.localeCompare(b.device));
}

function before(failures: Map<string, FailurePlan>, device: DeviceProfile, t: number): boolean {
  const failure = failures.get(device.id);
  return !failure || t < failure.precursorStart;
}

function pickKind(device: DeviceProfile, random: () => number): BenignKind {
  const kinds: BenignKind[] = ['traffic_surge', 'firmware_upgrade', 'planned_reboot', 'sensor_glitch'];
  if (device.metrics.includes('fan_speed')) kinds.push('fan_replaced');
  return kinds[Math.floor(random() * kinds.length)];
}

function benignShape(
  kind: BenignKind,
  uniform: (a: number, b: number) => number,
): { length: number; params: Record<string, number> } {
  switch (kind) {
    case 'traffic_surge':
      return { length: snap(uniform(2, 6) * HOUR, MINUTE), params: { factor: uniform(1.6, 2.5) } };
    case 'firmware_upgrade':
      return {
        length: snap(uniform(5, 12) * MINUTE, MINUTE),
        params: { cpuStep: uniform(0.25, 0.4), memStep: uniform(5, 10), tempStep: uniform(1, 3) },
      };
    case 'planned_reboot':
      return { length: snap(uniform(5, 15) * MINUTE, MINUTE), params: { memDrop: uniform(10, 20) } };
    case 'fan_replaced':
      return { length: MINUTE, params: { wornFactor: uniform(0.75, 0.85) } };
    case 'sensor_glitch':
      return { length: 0, params: { which: uniform(0, 1) } };
    case 'heat_wave':
      return { length: 2 * DAY, params: { rise: uniform(5, 9) } };
  }
}

function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

function snap(t: number, step: number): number {
  return Math.round(t / step) * step;
}
