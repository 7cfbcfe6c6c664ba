import type { DetectionEvent } from '@preempt/contracts';

import { MetricCatalog, DetectionEngine } from '@preempt/engine';
import { CorrelationDriver } from '../../apps/tickets/test/correlation.factory';
import {
  DAY,
  degradingDevice,
  healthyDevice,
  HOUR,
  MINUTE,
  type SimulatedMetric,
} from '../../simulators/src/device-simulator';
import { deviceSeed } from '../../simulators/src/random';
import type { TelemetryMessage } from '../../simulators/src/telemetry-publisher';
import { expectEventually } from '../harness/expect-eventually';
import {
  checkpointedLastTs,
  checkpointRows,
  connectClient,
  EventCollector,
  expectedLastTs,
  floorTo,
  listTickets,
  publishAll,
  replayMessages,
  startStack,
  uniqueId,
  waitForDetector,
  waitForTickets,
  type ReplayPlan,
  type Stack,
} from './e2e.fixture';

// Issue 4, must-show 3: the detector and tickets processes are SIGKILLed and restarted while a drifting
// device and healthy ones are replayed. The oracle is the same points through the pure detection engine
// and correlation rules without any crash: the system must publish exactly its detection events (the
// models resumed from their checkpoints: a re-learning model would miss its forecasts for days) and hold
// exactly its tickets (none lost, none duplicated, every event applied once).
// Temperature and the fan speed that follows it. cpu_utilization is left out on purpose: with it, the
// detector's multivariate model attributes the drift to the CPU (a cpu_exhaustion ticket besides the
// overheating one) and the three series' simultaneous daily-cycle switch-on after 2 days can give three
// anomalies in one minute (an early fan_failure ticket): detector weaknesses reported, not hidden here.
const METRICS: SimulatedMetric[] = ['temperature', 'fan_speed'];

/** The uninterrupted run: every point in order through one engine, every event through the rules. */
function oracle(messages: readonly TelemetryMessage[], tenant: string, from = -Infinity) {
  const engine = new DetectionEngine(new MetricCatalog());
  const driver = new CorrelationDriver();
  const events: DetectionEvent[] = [];
  for (const { topic, sample } of messages) {
    if (sample.ts <= from) continue;
    const device = topic.split('/')[2];
    const points = Object.entries(sample.metrics).map(
      ([metric, value]) => [metric, sample.ts, value] as const,
    );
    const emitted = engine.process(tenant, device, points);
    events.push(...emitted);
    driver.apply(...emitted);
  }
  return { events, tickets: driver.all() };
}

const NO_DIFF = { extra: [], missing: [] };

/** Events published but not in the oracle, and the reverse, readable (empty lists when they agree). */
function eventDiff(got: DetectionEvent[], want: DetectionEvent[], resumes: unknown) {
  const describe = (e: DetectionEvent) =>
    `${e.type} ${e.device}/${e.evidence.metric} at ${new Date(e.evidence.at).toISOString()} ${e.evidence.component ?? ''}`;
  const wantIds = new Set(want.map((e) => e.id));
  const gotIds = new Set(got.map((e) => e.id));
  const extra = got.filter((e) => !wantIds.has(e.id)).map(describe);
  const missing = want.filter((e) => !gotIds.has(e.id)).map(describe);
  return extra.length + missing.length === 0 ? NO_DIFF : { extra, missing, resumes };
}

function restoredInLog(lines: string[]): number[] {
  return lines.flatMap((line) => {
    const match = /Restored (\d+) model states/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

describe('crash recovery (must-show 3)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('crash');
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  it('detector and tickets SIGKILLed mid-stream: exactly the tickets of a run without crashes, models resume from their checkpoints', async () => {
    const tenant = uniqueId('crash');
    const end = floorTo(Date.now() - 10 * MINUTE, 5 * MINUTE);
    const driftStart = end - 28 * HOUR;
    const start = driftStart - 3 * DAY;
    const hot = degradingDevice('hot-1', deviceSeed(21, 0), driftStart, METRICS);
    const crossing = hot.crossing(85, start, end)!;
    const plans: ReplayPlan[] = [
      { device: hot, start, end, stepMs: MINUTE },
      ...[1, 2, 3, 4].map((i) => ({
        device: healthyDevice(`ok-${i}`, i, deviceSeed(21, i), METRICS),
        start,
        end,
        stepMs: 5 * MINUTE,
      })),
    ];
    const messages = replayMessages(tenant, plans);
    const expected = oracle(messages, tenant);
    expect(expected.tickets).toHaveLength(1);
    const hotTemperature = `s/${tenant}/hot-1/temperature`;

    // Crashes, by the detector's checkpointed progress on the drifting device (event time):
    // the detector alone before the drift, both during it, the tickets service alone near the crossing.
    const crashes = [
      { at: driftStart - 12 * HOUR, kill: [stack.detector] },
      { at: driftStart + 17 * HOUR, kill: [stack.detector, stack.tickets] },
      { at: crossing - 3 * HOUR, kill: [stack.tickets] },
    ];
    const resumes: Array<{ at: number; rows: number; restored: number; skipped: number }> = [];

    const collector = await EventCollector.start(tenant);
    const client = await connectClient();
    try {
      let sent = 0;
      for (const crash of crashes) {
        // publish this phase (and a little beyond, so the apps have work in flight when they die)
        const phaseEnd = messages.findIndex((m) => m.sample.ts > crash.at + 2 * HOUR);
        await publishAll(client, messages.slice(sent, phaseEnd), { maxInFlight: 500 });
        sent = phaseEnd;
        await expectEventually(
          async () =>
            expect((await checkpointedLastTs(stack.db, tenant)).get(hotTemperature)).toBeGreaterThanOrEqual(
              crash.at,
            ),
          { timeoutMs: 120_000, intervalMs: 50 },
        );
        // points the detector skipped as replays / out of order before this crash (diagnostics)
        const skipped = await stack.detector.metricSum('preempt_detector_points_skipped');
        await Promise.all(crash.kill.map((app) => app.kill('SIGKILL')));
        const resumeAt = (await checkpointedLastTs(stack.db, tenant)).get(hotTemperature)!;
        const rows = await checkpointRows(stack.db, tenant);
        for (const app of crash.kill) await app.start();
        resumes.push({
          at: resumeAt,
          rows,
          restored: restoredInLog(stack.detector.logs()).at(-1) ?? 0,
          skipped,
        });
      }
      await publishAll(client, messages.slice(sent), { maxInFlight: 500 });

      await waitForDetector(stack.db, tenant, expectedLastTs(tenant, plans));
      // exactly the oracle's detection events: none lost across the crashes, none different
      const expectedIds = [...new Set(expected.events.map((e) => e.id))].sort();
      await expectEventually(
        () => expect(eventDiff(collector.events, expected.events, resumes)).toEqual(NO_DIFF),
        {
          timeoutMs: 60_000,
          intervalMs: 250,
        },
      );
      await waitForTickets(stack.db, expectedIds);
    } finally {
      await client.endAsync();
      await collector.close();
    }

    // the detector was killed twice and restarted from its checkpoints, mid-stream
    expect(stack.detector.starts).toBe(3);
    expect(stack.tickets.starts).toBe(3);
    const detectorResumes = [resumes[0], resumes[1]];
    for (const resume of detectorResumes) {
      expect(resume.rows).toBe(5 * METRICS.length + 5); // every series and device model of the tenant was checkpointed
      expect(resume.restored).toBeGreaterThanOrEqual(resume.rows);
      expect(resume.at).toBeLessThan(end);
    }
    expect(await stack.detector.metricSum('preempt_detector_points_processed')).toBeGreaterThan(0);

    // no second warm-up: right after the mid-drift restart the drifting device kept its forecasts, which
    // a model learning from zero (the counterfactual) cannot give for days
    const resumedAt = resumes[1].at;
    const hotForecastsAfter = (events: DetectionEvent[]) =>
      events.filter(
        (e) =>
          e.device === 'hot-1' &&
          e.type === 'forecast' &&
          e.evidence.at > resumedAt &&
          e.evidence.at <= resumedAt + 30 * MINUTE,
      );
    expect(hotForecastsAfter(collector.events).length).toBeGreaterThan(0);
    const cold = oracle(
      messages.filter((m) => m.topic.endsWith('/hot-1')),
      tenant,
      resumedAt,
    );
    expect(hotForecastsAfter(cold.events)).toEqual([]);

    // the tickets: exactly those of the uninterrupted run, each event applied once
    const tickets = await listTickets(stack.tickets, tenant);
    expect(tickets).toHaveLength(1);
    const [want] = expected.tickets;
    const [ticket] = tickets;
    expect({
      device: ticket.device,
      failureMode: ticket.failureMode,
      detectedAt: Date.parse(ticket.detectedAt),
      occurrenceCount: ticket.occurrenceCount,
      predictedBreachAt: ticket.predictedBreachAt && Date.parse(ticket.predictedBreachAt),
    }).toEqual({
      device: want.device,
      failureMode: want.failureMode,
      detectedAt: want.detectedAt,
      occurrenceCount: want.occurrenceCount,
      predictedBreachAt: want.predictedBreach?.at ?? null,
    });
    expect(crossing - Date.parse(ticket.detectedAt)).toBeGreaterThanOrEqual(30 * MINUTE);
    const detail = (await (await fetch(`${stack.tickets.baseUrl}/api/v1/tickets/${ticket.id}`)).json()) as {
      audit: Array<{ action: string }>;
    };
    expect(detail.audit.filter((a) => a.action === 'opened')).toHaveLength(1);
  }, 300_000);
});
