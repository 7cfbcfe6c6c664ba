import { writeFileSync } from 'node:fs';

import mqtt from 'mqtt';

import type { FleetArgs } from './fleet-args';
import { type FleetPlan, planFleet } from './fleet-plan';
import { publishPaced, type PublishProgress } from './fleet-publisher';
import { fleetMessages, truthLines } from './fleet-stream';

/** The plan the arguments describe: `start` defaults to `durationMs` before `now`, on the interval grid. */
export function planFromArgs(args: FleetArgs, now: number): FleetPlan {
  const start = args.start ?? Math.floor((now - args.durationMs) / args.intervalMs) * args.intervalMs;
  return planFleet({ ...args, start });
}

/**
 * Runs the fleet simulator: writes the truth file, then publishes (or prints) the telemetry.
 * @example await runFleet(parseFleetArgs(process.argv.slice(2)), Date.now(), console.error)
 */
export async function runFleet(
  args: FleetArgs,
  now: number,
  log: (line: string) => void,
  shouldStop: () => boolean = () => false,
): Promise<PublishProgress> {
  const plan = planFromArgs(args, now);
  if (args.truthFile)
    writeFileSync(
      args.truthFile,
      truthLines(plan)
        .map((l) => `${l}\n`)
        .join(''),
    );
  const messages = fleetMessages(plan, { tenant: args.tenant, format: args.format });
  log(
    `${plan.devices.length} devices on ${plan.sites.length} sites, scenario ${plan.scenario}, seed ${plan.seed}: ` +
      `${plan.failures.length} failures, ${plan.benign.length} benign events, ` +
      `${new Date(plan.start).toISOString()} + ${plan.durationMs / 3_600_000} h every ${plan.intervalMs / 1000} s`,
  );
  if (!args.mqttUrl) {
    let sent = 0;
    for (const m of messages) {
      process.stdout.write(`${JSON.stringify({ topic: m.topic, payload: m.payload })}\n`);
      sent++;
    }
    return { sent, acked: sent, eventTime: plan.start + plan.durationMs };
  }
  const client = await mqtt.connectAsync(args.mqttUrl, {
    clientId: `preempt-fleet-${process.pid}`,
    protocolVersion: 4, // 3.1.1: the embedded aedes broker of `npm start` speaks it too
    connectTimeout: 10_000,
    reconnectPeriod: 1000,
  });
  const progress: PublishProgress = { sent: 0, acked: 0, eventTime: plan.start };
  const timer = setInterval(
    () =>
      log(
        `event time ${new Date(progress.eventTime).toISOString()}, sent ${progress.sent}, acked ${progress.acked}`,
      ),
    5000,
  );
  try {
    return await publishPaced(client, messages, {
      start: plan.start,
      speed: args.speed,
      maxInFlight: args.maxInFlight,
      shouldStop,
      progress,
    });
  } finally {
    clearInterval(timer);
    await client.endAsync();
  }
}
