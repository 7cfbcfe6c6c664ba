import { fnv1a32 } from './hash';

/**
 * Detection events: what the detector tells the tickets service. Published on `events/{tenant}/{device}`
 * (QoS 1) between processes, or handed over in process by the all-in-one runtime. Times are event time
 * (the telemetry's own timestamps, epoch ms), so a replay at any speed produces the same events.
 */

/** Which way a metric goes bad. */
export type Direction = 'up' | 'down';

/** A catalog entry: what a metric means for the equipment (see the detector's metric catalog). */
export interface MetricCatalogEntry {
  metric: string;
  unit: string;
  direction: Direction;
  warning: number;
  critical: number;
  /** groups tickets: one open ticket per (tenant, device, failureMode) */
  failureMode: string;
  recommendedAction: string;
  /**
   * Other names of the same quantity: metric names, or gNMI paths (`/components/component/state/temperature/instant`,
   * mapped by gnmiPathToMetric). The catalog's lookup of an alias returns this entry.
   */
  aliases?: readonly string[];
  /**
   * A control response: something the device sets from its other metrics (fan speed from temperature). A
   * limit forecast of it counts only when the device's relationship model cannot explain its value from
   * the other metrics: fans spinning down as a heat wave ends are the controller at work, not a failing fan.
   * Stress metrics (temperature, CPU, memory) are never held back: a limit reached is harm whatever the cause.
   */
  controlled?: boolean;
}

/**
 * What explains the evidence. `pattern`: unusual sequence / rhythm of values; `volatility`: the noise level
 * changed; `range`: a value beyond every value seen so far; `trend`: a limit forecast.
 */
export type EvidenceComponent =
  | 'baseline'
  | 'seasonality'
  | 'changepoint'
  | 'pattern'
  | 'volatility'
  | 'range'
  | 'trend'
  | 'multivariate'
  /** the device stopped reporting (a `device_silent` ticket's evidence) */
  | 'silence';

/** Every evidence component the contract knows (validators and the engine's mapping read it). */
export const EVIDENCE_COMPONENTS: readonly EvidenceComponent[] = [
  'baseline',
  'seasonality',
  'changepoint',
  'pattern',
  'volatility',
  'range',
  'trend',
  'multivariate',
  'silence',
];

/** A limit forecast: when the metric is predicted to cross its critical (or warning) limit. */
export interface BreachForecast {
  limit: number;
  level: 'warning' | 'critical';
  direction: Direction;
  /** epoch ms */
  predictedBreachAt: number;
  earliest: number;
  latest: number;
}

/**
 * A level shift the metric's trend model recognised (a firmware step, the start or the end of a surge): a
 * step, not a trend; the limit forecast is fitted on the regime after it. Levels are de-seasonalized.
 */
export interface LevelShift {
  /** event time of the first point of the new level, epoch ms */
  at: number;
  before: number;
  after: number;
}

/** Why: one metric's observation against what the model expected. */
export interface Evidence {
  metric: string;
  /** event time of the point, epoch ms */
  at: number;
  observed: number;
  expected: number;
  band: { lower: number; upper: number };
  /** calibrated anomaly likelihood in [0,1] */
  score: number;
  component: EvidenceComponent | null;
  forecast: BreachForecast | null;
  /** the metric's latest level shift within the last day of event time (absent: none) */
  step?: LevelShift;
}

export type DetectionEventType =
  /** the metric is anomalous (score above the alert level) */
  | 'anomaly'
  /** a limit crossing is predicted within the horizon */
  | 'forecast'
  /** the metric is back to normal: no anomaly and no predicted breach */
  | 'recovered';

export interface DetectionEvent {
  /** deterministic from (type, tenant, device, metric, at): redelivery and replay are idempotent */
  id: string;
  type: DetectionEventType;
  tenant: string;
  device: string;
  /** from the catalog, or `anomaly` for metrics not in it */
  failureMode: string;
  recommendedAction: string | null;
  evidence: Evidence;
  /** the device's `site` tag, when its telemetry has one (maintenance windows and silences scope by site) */
  site?: string;
}

/**
 * A device's reporting state (Zabbix `nodata`, Prometheus `absent()`), published by the detector on the
 * same topic as its detection events (so they stay in order per device): `device_silent` once no point came
 * for DEVICE_SILENCE_AFTER of event time, `device_reporting` when points come back. Silence is not recovery:
 * the tickets service keeps a silent device's tickets open.
 */
export interface DeviceStatusEvent {
  /** deterministic from (type, tenant, device, at) */
  id: string;
  type: 'device_silent' | 'device_reporting';
  tenant: string;
  device: string;
  site?: string;
  /** event time of the state change: lastSeenAt + DEVICE_SILENCE_AFTER, or the first point back */
  at: number;
  /** event time of the device's latest point before the silence */
  lastSeenAt: number;
}

export type DeviceStatusType = DeviceStatusEvent['type'];

/** Stable id of a device status event. */
export function deviceStatusEventId(
  type: DeviceStatusType,
  tenant: string,
  device: string,
  at: number,
): string {
  return stableId(`${type}\u0000${tenant}\u0000${device}\u0000${at}`);
}

/** Stable id for an event (FNV-1a 64 of its identity, hex). */
export function detectionEventId(
  type: DetectionEventType,
  tenant: string,
  device: string,
  metric: string,
  at: number,
): string {
  return stableId(`${type}\u0000${tenant}\u0000${device}\u0000${metric}\u0000${at}`);
}

function stableId(text: string): string {
  const h1 = fnv1a32(text);
  const h2 = fnv1a32(text, 0x01000193, 0x5bd1e995);
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
