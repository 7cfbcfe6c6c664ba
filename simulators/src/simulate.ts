import { setTimeout as sleep } from 'node:timers/promises';

import mqtt from 'mqtt';

import { fleetMain } from '../fleet/main';
import { buildFleet, eventClock } from './fleet';
import { parseSimulateArgs, SIMULATE_USAGE, type SimulateArgs, SimulateArgsError } from './simulate-args';
import { BoundedPublisher } from './telemetry-publisher';

/**
 * `npm run simulate -- --devices 10 --rate 1000 [--replay 7d --speed 1000] [--url mqtt://...]`:
 * publishes the simulated fleet's telemetry (QoS 1) until --duration or Ctrl-C. See SIMULATE_USAGE.
 * With `--scenario NAME`: the fleet simulator (failure physics and benign events, simulators/fleet).
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.some((a) => a === '--scenario' || a.startsWith('--scenario='))) return fleetMain(argv);
  let args: SimulateArgs;
  try {
    args = parseSimulateArgs(argv);
  } catch (error) {
    if (!(error instanceof SimulateArgsError)) throw error;
    console.error(`simulate: ${error.message}\n\n${SIMULATE_USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(SIMULATE_USAGE);
    return;
  }
  await run(args);
}

async function run(args: SimulateArgs): Promise<void> {
  const wallStart = Date.now();
  // sample times on a grid of the interval, so runs line up
  const replayStart = Math.ceil((wallStart - args.replayMs) / args.intervalMs) * args.intervalMs;
  const fleet = buildFleet({ ...args, replayStart, liveStart: wallStart });
  const client = await mqtt.connectAsync(args.url, {
    clientId: `preempt-simulator-${process.pid}`,
    // 3.1.1: every broker speaks it, the embedded aedes of `npm start` included (it has no MQTT 5)
    protocolVersion: 4,
    connectTimeout: 10_000,
    reconnectPeriod: 1000,
  });
  const publisher = new BoundedPublisher(client, args.maxInFlight);
  let stopping = false;
  const stop = () => (stopping = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  let next = replayStart;
  const clockOptions = { replayStart, wallStart, speed: args.replayMs > 0 ? args.speed : 1 };
  const progress = setInterval(
    () => log(`event time ${iso(next)}, sent ${publisher.sent}, acked ${publisher.acked}`),
    5000,
  );
  log(
    `${fleet.length} devices (${args.degrading} degrading) of tenant ${args.tenant} -> ${args.url}, every ${args.intervalMs / 1000} s of event time` +
      (args.replayMs > 0 ? `, replaying from ${iso(replayStart)} at ${args.speed}x` : ', live'),
  );
  try {
    while (!stopping) {
      const wall = Date.now();
      if (args.durationMs !== undefined && wall - wallStart >= args.durationMs) break;
      const budget = Math.floor((args.rate * (wall - wallStart)) / 1000) - publisher.sent;
      if (next > eventClock(wall, clockOptions) || budget < Math.min(fleet.length, args.rate)) {
        await sleep(next > wall ? Math.min(next - wall, 200) : 10);
        continue;
      }
      for (const device of fleet)
        await publisher.publish({
          topic: `telemetry/${args.tenant}/${device.id}`,
          sample: device.next(next),
        });
      next += args.intervalMs;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await publisher.drain();
  } finally {
    clearInterval(progress);
    await client.endAsync();
  }
  const seconds = (Date.now() - wallStart) / 1000;
  console.log(
    JSON.stringify({
      sent: publisher.sent,
      acked: publisher.acked,
      seconds,
      lastEventTime: iso(next - args.intervalMs),
    }),
  );
}

function log(line: string): void {
  console.error(`[simulate] ${line}`);
}

function iso(ts: number): string {
  return new Date(ts).toISOString();
}

main().catch((error: unknown) => {
  console.error(`simulate: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
