/**
 * npm run scorecard — the predictive scorecard: a fixed-seed fleet (simulators/fleet, scenario realistic:
 * failures on ~10 % of the devices, ~1 benign event per device-week, a site heat wave) replayed as fast as
 * the platform takes it through a private Mosquitto into the built all-in-one (fresh DATA_DIR, in-memory
 * telemetry store), then the tickets from GET /api/v1/tickets joined with the ground truth (score.ts).
 * Prints a table, then one JSON line (the last line).
 *
 * Env: SCORECARD_DEVICES (200), SCORECARD_DAYS (14), SCORECARD_INTERVAL_MIN (5), SCORECARD_SEED (2026),
 * SCORECARD_BROKER (mosquitto | embedded), SCORECARD_TRUTH and SCORECARD_TICKETS (write the truth and the
 * tickets as JSON lines there, for a diagnosis).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

import mqtt from 'mqtt';

import { WARM_UP_MS } from '../../simulators/fleet/fleet-plan';
import { publishPaced } from '../../simulators/fleet/fleet-publisher';
import { fleetMessages } from '../../simulators/fleet/fleet-stream';
import { MINUTE } from '../../simulators/src/device-simulator';
import { fetchTickets, startPlatform, waitForPoints } from './platform-run';
import { formatScorecard, parseTruth, scorecardJson, scoreTickets } from './score';
import { fleetSettings, scorecardFleet } from './scorecard-env';

const TENANT = 'scorecard';

function log(line: string): void {
  console.error(`[scorecard] ${line}`);
}

function hasMosquitto(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v mosquitto || test -x /usr/sbin/mosquitto'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const { devices, days, intervalMs, seed } = fleetSettings();
  const broker = process.env.SCORECARD_BROKER === 'embedded' || !hasMosquitto() ? 'embedded' : 'mosquitto';
  const started = Date.now();
  // the same fleet for the same seed as the other scorecard, ending now
  const { plan, start, truth } = scorecardFleet({ devices, days, intervalMs, seed }, started);
  let points = 0;
  for (const m of fleetMessages(plan, { tenant: TENANT, format: 'json' })) points += countPoints(m.payload);
  log(
    `fleet: ${devices} devices x ${days} days every ${intervalMs / MINUTE} min (seed ${seed}): ${plan.failures.length} failures, ` +
      `${plan.benign.length} benign events, ${points} points; broker ${broker}`,
  );

  const run = await startPlatform({ broker });
  try {
    const client = await mqtt.connectAsync(run.mqttUrl, {
      clientId: `preempt-scorecard-fleet-${process.pid}`,
      protocolVersion: 4,
    });
    const progress = { sent: 0, acked: 0, eventTime: start };
    const timer = setInterval(
      () => log(`published ${progress.sent}, event time ${new Date(progress.eventTime).toISOString()}`),
      15_000,
    );
    try {
      await publishPaced(client, fleetMessages(plan, { tenant: TENANT, format: 'json' }), {
        start,
        speed: Infinity,
        maxInFlight: 1000,
        progress,
      });
    } finally {
      clearInterval(timer);
      await client.endAsync();
    }
    log(
      `published ${progress.sent} messages in ${((Date.now() - started) / 1000).toFixed(0)} s; waiting for the platform`,
    );
    const drained = await waitForPoints(run, points, 10 * 60_000, log);
    if (!drained)
      log('WARNING: the platform did not learn every point within 10 min; scoring what it ticketed');
    const tickets = await fetchTickets(run, `&tenant=${TENANT}`);
    if (process.env.SCORECARD_TICKETS)
      writeFileSync(process.env.SCORECARD_TICKETS, tickets.map((t) => `${JSON.stringify(t)}\n`).join(''));
    const card = scoreTickets(parseTruth(truth.join('\n')), tickets, {
      deviceDays: devices * days,
      warmUpEnd: start + WARM_UP_MS,
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `scorecard: ${devices} devices x ${days} days (${intervalMs / MINUTE}-min samples, seed ${seed}), ${points} points through ${broker === 'mosquitto' ? 'a private Mosquitto' : 'the embedded broker'} into the all-in-one; ${seconds} s wall`,
    );
    console.log(formatScorecard(card));
    const json = JSON.parse(scorecardJson(card)) as Record<string, unknown>;
    console.log(
      JSON.stringify({
        ...json,
        devices,
        days,
        intervalMinutes: intervalMs / MINUTE,
        seed,
        broker,
        points,
        seconds,
      }),
    );
  } finally {
    await run.stop();
  }
}

function countPoints(payload: string): number {
  const parsed = JSON.parse(payload) as { metrics: object } | Array<{ metrics: object }>;
  return (Array.isArray(parsed) ? parsed : [parsed]).reduce((n, s) => n + Object.keys(s.metrics).length, 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
