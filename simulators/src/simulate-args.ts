import { DAY, HOUR, MINUTE } from './device-simulator';

/** What `npm run simulate -- ...` was asked to do (validated). */
export interface SimulateArgs {
  url: string;
  tenant: string;
  devices: number;
  /** how many of the devices drift towards 85 °C */
  degrading: number;
  /** event-time sampling interval of each device */
  intervalMs: number;
  /** publish at most this many messages per second */
  rate: number;
  /** event time to replay before going live (0: live only) */
  replayMs: number;
  /** event time per wall-clock time during the replay */
  speed: number;
  /** stop after this much wall-clock time (undefined: until Ctrl-C) */
  durationMs?: number;
  seed: number;
  maxInFlight: number;
  help: boolean;
}

export class SimulateArgsError extends Error {}

export const SIMULATE_USAGE = `Usage: npm run simulate -- [options]

Publishes simulated device telemetry (QoS 1) to telemetry/{tenant}/{device}: healthy devices with noise and
a daily cycle, and degrading devices whose temperature drifts from 50 to 85 °C over 24 h.

  --url URL          MQTT broker (default mqtt://127.0.0.1:1883, the all-in-one's)
  --tenant ID        tenant of every device (default demo)
  --devices N        number of devices, 1-100000 (default 10)
  --degrading N      how many of them drift towards 85 °C, 0-devices (default 1)
  --interval DUR     event-time sampling interval per device, 1s-1h (default 1m)
  --rate N           at most N messages per second, 1-1000000 (default 1000)
  --replay DUR       first replay this much history (event time ending now), up to 29d (default 0: live only)
  --speed N          replay speed: event time per wall-clock time, 1-1000000 (default 1000)
  --duration DUR     stop after this long (wall clock; default: run until Ctrl-C)
  --seed N           PRNG seed (default 1)
  --max-in-flight N  unacknowledged publishes at most, 1-65535 (default 500)
  --help             this text

DUR is a number with a unit: 500ms, 30s, 5m, 12h, 7d.
With --scenario NAME it is the fleet simulator instead (failure physics, benign events, ground truth):
npm run simulate -- --scenario realistic --help
Example: npm run simulate -- --devices 10 --rate 1000 --replay 7d --speed 1000
With --replay, a degrading device's drift is placed so that its temperature reaches 85 °C about 2 h after
the replay catches up with now: its ticket appears during the replay, before the breach.`;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: HOUR, d: DAY };
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Parses the CLI arguments; throws a SimulateArgsError naming the option and the problem.
 * @example parseSimulateArgs(['--devices', '10', '--replay', '7d']).replayMs // 604800000
 */
export function parseSimulateArgs(argv: readonly string[]): SimulateArgs {
  const raw = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--'))
      throw new SimulateArgsError(`unexpected argument "${arg}" (options start with --)`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!KNOWN.has(name)) throw new SimulateArgsError(`unknown option --${name} (see --help)`);
    if (raw.has(name)) throw new SimulateArgsError(`--${name} given twice`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new SimulateArgsError(`--${name} needs a value`);
    raw.set(name, value);
  }
  const devices = int(raw, 'devices', 10, 1, 100_000);
  const args: SimulateArgs = {
    url: url(raw.get('url') ?? 'mqtt://127.0.0.1:1883'),
    tenant: id(raw.get('tenant') ?? 'demo'),
    devices,
    degrading: int(raw, 'degrading', Math.min(1, devices), 0, devices),
    intervalMs: duration(raw, 'interval', MINUTE, 1000, HOUR),
    rate: int(raw, 'rate', 1000, 1, 1_000_000),
    replayMs: duration(raw, 'replay', 0, 0, 29 * DAY),
    speed: int(raw, 'speed', 1000, 1, 1_000_000),
    durationMs: raw.has('duration') ? duration(raw, 'duration', 0, 1000, 365 * DAY) : undefined,
    seed: int(raw, 'seed', 1, 0, 2 ** 32 - 1),
    maxInFlight: int(raw, 'max-in-flight', 500, 1, 65535),
    help,
  };
  if (raw.has('speed') && args.replayMs === 0) throw new SimulateArgsError('--speed needs --replay');
  return args;
}

const KNOWN = new Set([
  'url',
  'tenant',
  'devices',
  'degrading',
  'interval',
  'rate',
  'replay',
  'speed',
  'duration',
  'seed',
  'max-in-flight',
]);

function int(raw: Map<string, string>, name: string, fallback: number, min: number, max: number): number {
  const text = raw.get(name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new SimulateArgsError(`--${name} must be a whole number, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max)
    throw new SimulateArgsError(`--${name} must be between ${min} and ${max}, got ${n}`);
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
  if (!match)
    throw new SimulateArgsError(`--${name} must be a duration like 30s, 5m, 12h or 7d, got "${text}"`);
  const ms = Number(match[1]) * UNITS[match[2]];
  if (ms < min || ms > max)
    throw new SimulateArgsError(
      `--${name} must be between ${describe(min)} and ${describe(max)}, got ${text}`,
    );
  return ms;
}

function url(text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new SimulateArgsError(`--url must be a URL like mqtt://127.0.0.1:1883, got "${text}"`);
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'].includes(parsed.protocol))
    throw new SimulateArgsError(
      `--url must use mqtt, mqtts, tcp, ssl, ws or wss, got "${parsed.protocol.replace(':', '')}"`,
    );
  return text;
}

function id(text: string): string {
  if (!ID.test(text))
    throw new SimulateArgsError(`--tenant must be 1-64 characters of A-Z a-z 0-9 _ . -, got "${text}"`);
  return text;
}

function describe(ms: number): string {
  if (ms === 0) return '0';
  for (const unit of ['d', 'h', 'm', 's'] as const)
    if (ms % UNITS[unit] === 0) return `${ms / UNITS[unit]}${unit}`;
  return `${ms}ms`;
}
