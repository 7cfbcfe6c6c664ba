/**
 * npm run scorecard:rules — the predictive scorecard at the rules level: the same fixed-seed fleet as
 * `npm run scorecard` (simulators/fleet, scenario realistic), streamed in event-time order through the
 * detector's engine and the ticket rules in memory (libs/engine DetectionEngine, apps/tickets
 * CorrelationDriver; no broker, no database, no HTTP), then scored with the same score.ts. A minute or
 * two instead of ten: the loop to work on detection with, and a cross-check of the platform's figures
 * (what it leaves out: missing samples and late batches, device-silence tickets, maintenance windows).
 * Prints a table, then one JSON line (the last line).
 *
 * Env: SCORECARD_DEVICES (200), SCORECARD_DAYS (14), SCORECARD_INTERVAL_MIN (5), SCORECARD_SEED (2026),
 * SCORECARD_TRUTH and SCORECARD_TICKETS (write the truth and the tickets as JSON lines there, for a diagnosis); SCORECARD_RULES and
 * SCORECARD_ENGINE: JSON overrides of the ticket rules and of the engine's options (design comparisons).
 */
import { writeFileSync } from 'node:fs';

import { DetectionEngine, type DetectionEngineOptions, MetricCatalog } from '@preempt/engine';

import {
  type CorrelationConfig,
  CorrelationDriver,
  DEFAULT_CORRELATION_CONFIG,
} from '../../apps/tickets/src';
import { WARM_UP_MS } from '../../simulators/fleet/fleet-plan';
import { fleetDevices } from '../../simulators/fleet/fleet-stream';
import { MINUTE } from '../../simulators/src/device-simulator';
import { formatScorecard, parseTruth, scorecardJson, type ScoredTicket, scoreTickets } from './score';
import { fleetSettings, scorecardFleet } from './scorecard-env';

const TENANT = 'scorecard';

function main(): void {
  const { devices, days, intervalMs, seed } = fleetSettings();
  const started = Date.now();
  // the same fleet for the same seed as the other scorecard, ending now
  const { plan, start, truth } = scorecardFleet({ devices, days, intervalMs, seed }, started);
  const fleet = fleetDevices(plan);
  // design comparisons: JSON overrides of the engine's options (SCORECARD_ENGINE='{"departureSpreads":0}')
  const engineOverrides = JSON.parse(process.env.SCORECARD_ENGINE ?? '{}') as Partial<DetectionEngineOptions>;
  const engine = new DetectionEngine(new MetricCatalog(), engineOverrides);
  // design comparisons: JSON overrides of the ticket rules (SCORECARD_RULES='{"anomalyMinSpanMs":1800000}')
  const overrides = JSON.parse(process.env.SCORECARD_RULES ?? '{}') as Partial<CorrelationConfig>;
  const rules = new CorrelationDriver({ ...DEFAULT_CORRELATION_CONFIG, ...overrides });
  let points = 0;
  const end = start + plan.durationMs;
  for (let t = start; t < end; t += intervalMs) {
    for (const device of fleet) {
      const sample = device.sample(t);
      if (!sample) continue;
      const batch = Object.entries(sample).map(([metric, value]) => [metric, t, value] as const);
      points += batch.length;
      const events = engine.process(TENANT, device.id, batch);
      if (events.length > 0) rules.apply(...events);
    }
  }
  const tickets: ScoredTicket[] = rules.all().map((t) => ({
    id: t.id,
    device: t.device,
    failureMode: t.failureMode,
    detectedAt: new Date(t.detectedAt).toISOString(),
  }));
  if (process.env.SCORECARD_TICKETS) {
    // with what opened each ticket (the rule's evidence), for a diagnosis
    const opened = new Map(
      rules.outcomes.flatMap((o) =>
        o.changes
          .filter((c) => c.kind === 'opened')
          .map((c) => {
            // the forecasts that opened it: hours from the detection to the predicted breach and its band
            const hours = (t: number): number => Math.round((t - c.ticket.detectedAt) / 360_000) / 10;
            const bands = c.ticket.evidence
              .filter((e) => e.forecast)
              .map((e) => {
                const f = e.forecast!;
                return `${e.metric} in ${hours(f.predictedBreachAt)} h [${hours(f.earliest)}, ${hours(f.latest)}]`;
              });
            return [c.ticket.id, [...c.notes.map((n) => n.comment), ...bands].join('; ')] as const;
          }),
      ),
    );
    const lines = rules.all().map((t) =>
      JSON.stringify({
        id: t.id,
        device: t.device,
        failureMode: t.failureMode,
        detectedAt: new Date(t.detectedAt).toISOString(),
        why: opened.get(t.id) ?? null,
        evidence: t.evidence.map((e) => `${e.metric}:${e.component ?? '-'}`),
      }),
    );
    writeFileSync(process.env.SCORECARD_TICKETS, lines.map((l) => `${l}\n`).join(''));
  }
  const card = scoreTickets(parseTruth(truth.join('\n')), tickets, {
    deviceDays: devices * days,
    warmUpEnd: start + WARM_UP_MS,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `scorecard (rules level, in memory): ${devices} devices x ${days} days (${intervalMs / MINUTE}-min samples, seed ${seed}), ${points} points; ${seconds} s wall`,
  );
  console.log(formatScorecard(card));
  const json = JSON.parse(scorecardJson(card)) as Record<string, unknown>;
  console.log(
    JSON.stringify({
      ...json,
      level: 'rules',
      devices,
      days,
      intervalMinutes: intervalMs / MINUTE,
      seed,
      points,
      seconds,
    }),
  );
}

main();
