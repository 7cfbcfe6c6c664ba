/**
 * npm run bench:scenarios — early tickets and a quiet fleet at the rules level (detector engine -> correlation rules,
 * no I/O), swept over the hour of day the history starts: the daily cycle switches on two days in at that
 * hour, so a detector that is sensitive to it shows up here, not in one pinned end-to-end run.
 *
 * Per start hour: a quiet fleet (noise and daily cycles only, 5-min samples) -> tickets must be 0; and the
 * simulator's drifting device (50 -> 85 °C over 24 h after 3 days of history, 1-min samples) -> exactly one
 * `overheating` ticket, >= 30 min before the crossing, whose predicted band contains the crossing.
 * Prints a table, then one JSON line (last line). Detection is judged on data it was not tuned on: nothing
 * here is fit to these scenarios; they only report.
 *
 * Env: SCENARIO_HOURS (0,2,...,22), SCENARIO_DEVICES (50), SCENARIO_DAYS (7), SCENARIO_METRICS (every
 * simulator metric: temperature,fan_speed,cpu_utilization,optical_rx_power).
 */
import { DetectionEngine, MetricCatalog } from '@preempt/engine';

import { CorrelationDriver } from '../../apps/tickets/src';
import {
  DAY,
  degradingDevice,
  healthyDevice,
  HOUR,
  MINUTE,
  samples,
  SIMULATED_METRICS,
  type SimulatedDevice,
  type SimulatedMetric,
} from '../../simulators/src/device-simulator';
import { deviceSeed } from '../../simulators/src/random';

function numbers(name: string, fallback: number[], min: number, max: number): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((v) => Number(v.trim()));
  const bad = values.find((v) => !Number.isInteger(v) || v < min || v > max);
  if (bad !== undefined)
    throw new Error(`${name} must be integers from ${min} to ${max} (comma-separated), got "${raw}"`);
  return values;
}

function metrics(): SimulatedMetric[] {
  const raw = process.env.SCENARIO_METRICS;
  if (!raw) return [...SIMULATED_METRICS];
  const names = raw.split(',').map((m) => m.trim());
  const unknown = names.filter((m) => !(SIMULATED_METRICS as readonly string[]).includes(m));
  if (unknown.length > 0 || !names.includes('temperature'))
    throw new Error(
      `SCENARIO_METRICS: temperature plus any of ${SIMULATED_METRICS.join(', ')}; got "${raw}"`,
    );
  return names as SimulatedMetric[];
}

interface Options {
  hours: number[];
  devices: number;
  days: number;
  metrics: SimulatedMetric[];
}

function readOptions(): Options {
  return {
    hours: numbers('SCENARIO_HOURS', [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22], 0, 23),
    devices: numbers('SCENARIO_DEVICES', [50], 1, 10_000)[0],
    days: numbers('SCENARIO_DAYS', [7], 3, 60)[0],
    metrics: metrics(),
  };
}

const BASE = Date.UTC(2026, 10, 2); // a Monday; only the hour of day matters

/** Feeds one device's samples to the engine and the rules; returns the anomaly events seen. */
function replay(
  engine: DetectionEngine,
  driver: CorrelationDriver,
  device: SimulatedDevice,
  from: number,
  to: number,
  step: number,
): number {
  let anomalies = 0;
  for (const sample of samples(device, from, to, step)) {
    const points = Object.entries(sample.metrics).map(
      ([m, v]) => [m, sample.ts, v] as [string, number, number],
    );
    const events = engine.process('bench', device.id, points);
    anomalies += events.filter((e) => e.type === 'anomaly').length;
    if (events.length > 0) driver.apply(...events);
  }
  return anomalies;
}

interface HourResult {
  hour: number;
  quietAnomalies: number;
  quietTickets: number;
  driftTickets: string[];
  leadMinutes: number | null;
  bandContains: boolean;
  ok: boolean;
}

function runHour(hour: number, o: Options): HourResult {
  const start = BASE + hour * HOUR;
  // quiet fleet: devices interleaved in time, like a live stream
  const quietEngine = new DetectionEngine(new MetricCatalog());
  const quietRules = new CorrelationDriver();
  let quietAnomalies = 0;
  const fleet = Array.from({ length: o.devices }, (_, i) =>
    healthyDevice(`quiet-${i}`, i, deviceSeed(11, i), o.metrics),
  );
  for (let day = 0; day < o.days; day++)
    for (const device of fleet) {
      const from = start + day * DAY;
      quietAnomalies += replay(quietEngine, quietRules, device, from, from + DAY - 5 * MINUTE, 5 * MINUTE);
    }
  // the drifting device
  const driftStart = start + 3 * DAY;
  const hot = degradingDevice('hot-1', deviceSeed(7, 0), driftStart, o.metrics);
  const crossing = hot.crossing(85, driftStart, driftStart + 2 * DAY)!;
  const driftRules = new CorrelationDriver();
  replay(new DetectionEngine(new MetricCatalog()), driftRules, hot, start, crossing + 4 * HOUR, MINUTE);
  const tickets = driftRules.all();
  const [ticket] = tickets;
  const leadMinutes = ticket ? Math.round((crossing - ticket.detectedAt) / MINUTE) : null;
  const band = ticket?.predictedBreach;
  const bandContains = !!band && band.earliest <= crossing && crossing <= band.latest;
  const quietTickets = quietRules.all().length;
  const ok =
    quietTickets === 0 &&
    tickets.length === 1 &&
    ticket.failureMode === 'overheating' &&
    (leadMinutes ?? 0) >= 30 &&
    ticket.detectedAt > driftStart &&
    bandContains;
  return {
    hour,
    quietAnomalies,
    quietTickets,
    driftTickets: tickets.map((t) => t.failureMode),
    leadMinutes,
    bandContains,
    ok,
  };
}

function main(): void {
  const o = readOptions();
  console.log(
    `fleet scenarios: ${o.devices} quiet devices x ${o.days} days (5-min) + 1 drifting device (1-min), metrics ${o.metrics.join(', ')}`,
  );
  console.log(
    '| history starts (UTC) | quiet anomaly events | quiet tickets | drift tickets | lead before crossing | band contains crossing | ok |',
  );
  console.log('|---:|---:|---:|---|---:|---|---|');
  const started = performance.now();
  const results = o.hours.map((hour) => {
    const r = runHour(hour, o);
    console.log(
      `| ${String(hour).padStart(2, '0')}:00 | ${r.quietAnomalies} | ${r.quietTickets} | ${r.driftTickets.join(', ') || '-'} | ${r.leadMinutes === null ? '-' : `${(r.leadMinutes / 60).toFixed(1)} h`} | ${r.bandContains ? 'yes' : 'no'} | ${r.ok ? 'yes' : 'NO'} |`,
    );
    return r;
  });
  const leads = results.flatMap((r) => (r.leadMinutes === null ? [] : [r.leadMinutes])).sort((a, b) => a - b);
  const summary = {
    bench: 'scenarios',
    hours: o.hours.length,
    hoursOk: results.filter((r) => r.ok).length,
    quietDevices: o.devices,
    quietDays: o.days,
    metrics: o.metrics,
    quietTickets: results.reduce((sum, r) => sum + r.quietTickets, 0),
    quietAnomalyEvents: results.reduce((sum, r) => sum + r.quietAnomalies, 0),
    driftExactlyOneOverheating: results.filter(
      (r) => r.driftTickets.length === 1 && r.driftTickets[0] === 'overheating',
    ).length,
    driftBandContains: results.filter((r) => r.bandContains).length,
    leadMinutesMin: leads[0] ?? null,
    leadMinutesMedian: leads.length > 0 ? leads[Math.floor(leads.length / 2)] : null,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  console.log(
    `${summary.hoursOk}/${summary.hours} start hours ok; quiet tickets ${summary.quietTickets}; drift: exactly one overheating ticket ${summary.driftExactlyOneOverheating}/${summary.hours}, band contains the crossing ${summary.driftBandContains}/${summary.hours}, lead ${summary.leadMinutesMin} min at least`,
  );
  console.log(JSON.stringify(summary));
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
