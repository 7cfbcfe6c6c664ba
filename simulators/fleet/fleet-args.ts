import { DAY, MINUTE } from '../src/device-simulator';
import { type ScenarioName, SCENARIOS } from './fleet-plan';
import type { TelemetryFormat } from './fleet-stream';

/** What `npm run simulate -- --scenario NAME ...` was asked to do (validated). */
export interface FleetArgs {
  devices: number;
  seed: number;
  /** event time per wall-clock time; Infinity = as fast as the broker acknowledges */
  speed: number;
  scenario: ScenarioName;
  /** event time the fleet covers */
  durationMs: number;
  intervalMs: number;
  /** event time of the first sample; undefined: `durationMs` before now (on the interval grid) */
  start?: number;
  /** undefined: print the messages as JSON lines on stdout instead of publishing */
  mqttUrl?: string;
  truthFile?: string;
  format: TelemetryFormat;
  tenant: string;
  maxInFlight: number;
  help: boolean;
}

export class FleetArgsError extends Error {}

export const FLEET_USAGE = `Usage: npm run simulate -- --scenario NAME [options]

A fleet of core routers, aggregation switches, OLTs and optical line cards with daily and weekly traffic
cycles, failures that announce themselves (laser ageing, fibre degradation, fan bearing wear, memory leak,
PSU degradation, interface error storm), sudden line-card deaths, and benign events (traffic surges,
firmware upgrades, planned reboots, fan replacements, sensor glitches, site heat waves). Everything is drawn
from --seed: the same arguments give the same telemetry and truth, byte for byte.

  --scenario NAME    realistic (failures on ~10 % of devices, ~1 benign event per device-week),
                     quiet, benign (benign events only), failures (every device fails), demo (every
                     device fails within the last hours, fast precursors)
  --devices N        1-100000 (default 20)
  --seed N           0-4294967295 (default 1)
  --duration DUR     event time the fleet covers, 1h-29d (default 14d)
  --interval DUR     sample interval per device, 10s-1h (default 1m)
  --start TIME       event time of the first sample, RFC 3339 or epoch ms (default: DUR before now)
  --speed X          event time per wall-clock time, 1-10000000, or max (default 1000); never ahead of now
  --mqtt-url URL     publish QoS 1 there (telemetry/{tenant}/{device}); without it, print the messages
                     as JSON lines {"topic","payload"} on stdout, at once
  --truth FILE       write the ground truth (JSON lines: failures, then benign events)
  --format F         json (default) or line (InfluxDB line protocol)
  --tenant ID        tenant of every device (default demo)
  --max-in-flight N  unacknowledged publishes at most, 1-65535 (default 500)
  --help             this text

DUR is a number with a unit: 30s, 5m, 12h, 7d.
Example: npm run simulate -- --scenario realistic --devices 50 --duration 7d --speed 2000 --mqtt-url mqtt://127.0.0.1:1883 --truth truth.jsonl`;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: 60 * MINUTE, d: DAY };
const KNOWN = new Set([
  'scenario',
  'devices',
  'seed',
  'duration',
  'interval',
  'start',
  'speed',
  'mqtt-url',
  'truth',
  'format',
  'tenant',
  'max-in-flight',
]);

/**
 * Parses the fleet simulator's arguments; throws a FleetArgsError naming the flag and the problem.
 * @example parseFleetArgs(['--scenario', 'quiet', '--devices', '5']).devices // 5
 */
export function parseFleetArgs(argv: readonly string[]): FleetArgs {
  const raw = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--'))
      throw new FleetArgsError(`unexpected argument "${arg}" (options start with --)`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!KNOWN.has(name)) throw new FleetArgsError(`unknown option --${name} (see --help)`);
    if (raw.has(name)) throw new FleetArgsError(`--${name} given twice`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new FleetArgsError(`--${name} needs a value`);
    raw.set(name, value);
  }
  if (help) return { ...defaults(), help };
  const scenario = raw.get('scenario');
  if (scenario === undefined)
    throw new FleetArgsError(`--scenario is required (one of ${SCENARIOS.join(', ')})`);
  if (!(SCENARIOS as readonly string[]).includes(scenario))
    throw new FleetArgsError(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${scenario}"`);
  const format = raw.get('format') ?? 'json';
  if (format !== 'json' && format !== 'line')
    throw new FleetArgsError(`--format must be json or line, got "${format}"`);
  const tenant = raw.get('tenant') ?? 'demo';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(tenant))
    throw new FleetArgsError(`--tenant must be 1-64 characters of A-Z a-z 0-9 _ . -, got "${tenant}"`);
  const truth = raw.get('truth');
  if (truth === '') throw new FleetArgsError('--truth needs a file name');
  const args: FleetArgs = {
    scenario: scenario as ScenarioName,
    devices: int(raw, 'devices', 20, 1, 100_000),
    seed: int(raw, 'seed', 1, 0, 2 ** 32 - 1),
    durationMs: duration(raw, 'duration', 14 * DAY, 60 * MINUTE, 29 * DAY),
    intervalMs: duration(raw, 'interval', MINUTE, 10_000, 60 * MINUTE),
    start: start(raw.get('start')),
    speed: speed(raw.get('speed')),
    mqttUrl: raw.has('mqtt-url') ? url(raw.get('mqtt-url')!) : undefined,
    truthFile: truth,
    format,
    tenant,
    maxInFlight: int(raw, 'max-in-flight', 500, 1, 65535),
    help,
  };
  if (args.durationMs < args.intervalMs)
    throw new FleetArgsError(`--duration must be at least --interval (${args.intervalMs / 1000}s)`);
  return args;
}

function defaults(): FleetArgs {
  return {
    scenario: 'realistic',
    devices: 20,
    seed: 1,
    durationMs: 14 * DAY,
    intervalMs: MINUTE,
    speed: 1000,
    format: 'json',
    tenant: 'demo',
    maxInFlight: 500,
    help: false,
  };
}

function int(raw: Map<string, string>, name: string, fallback: number, min: number, max: number): number {
  const text = raw.get(name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new FleetArgsError(`--${name} must be a whole number, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw new FleetArgsError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function duration(
  raw: Map<string, string>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = raw.get(name);
  if (text === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new FleetArgsError(`--${name} must be a duration like 30s, 5m, 12h or 7d, got "${text}"`);
  const ms = Number(match[1]) * UNITS[match[2]];
  if (ms < min || ms > max)
    throw new FleetArgsError(`--${name} must be between ${min / 1000}s and ${max / DAY}d, got ${text}`);
  return ms;
}

function speed(text: string | undefined): number {
  if (text === undefined) return 1000;
  if (text === 'max') return Infinity;
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) < 1 || Number(text) > 10_000_000)
    throw new FleetArgsError(`--speed must be a number from 1 to 10000000 or "max", got "${text}"`);
  return Number(text);
}

function start(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms) || !/^\d+$|^\d{4}-\d\d-\d\dT/.test(text))
    throw new FleetArgsError(`--start must be RFC 3339 (2026-11-02T00:00:00Z) or epoch ms, got "${text}"`);
  return ms;
}

function url(text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new FleetArgsError(`--mqtt-url must be a URL like mqtt://127.0.0.1:1883, got "${text}"`);
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'].includes(parsed.protocol))
    throw new FleetArgsError(
      `--mqtt-url must use mqtt, mqtts, tcp, ssl, ws or wss, got "${parsed.protocol.replace(':', '')}"`,
    );
  return text;
}
