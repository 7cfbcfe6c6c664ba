import type { DetectionEvent } from '@preempt/contracts';
import { DetectionEngine, MetricCatalog } from '@preempt/engine';

import { CorrelationDriver } from '../../apps/tickets/src';
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
import type { AppProcess } from './app-process';
import {
  appliedSince,
  authorization,
  checkpointedLastTs,
  checkpointRows,
  COMPOSITIONS,
  connectClient,
  EventCollector,
  expectedLastTs,
  floorTo,
  listTickets,
  publishAll,
  replayMessages,
  type ReplayPlan,
  type Stack,
  startStack,
  uniqueId,
  waitForDetector,
  waitForTickets,
} from './e2e.fixture';

// The detector and tickets are SIGKILLed and restarted while a drifting device and healthy ones are
// replayed: as separate processes, and as the all-in-one (where every crash takes all the apps down). The
// oracle is the same points through the pure detection engine and correlation rules without any crash: the
// system must apply exactly its detection events (the models resumed from their checkpoints: a re-learning
// model would miss its forecasts for days) and hold exactly its tickets (none lost, none duplicated, every
// event applied once).
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

describe.each(COMPOSITIONS)('crash recovery (%s)', (composition) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('crash', composition);
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

    const startedAt = Date.now() - 1000;
    // between processes the events cross the broker, where the test reads them too
    const collector = composition === 'processes' ? await EventCollector.start(tenant) : undefined;
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
        // in the all-in-one the detector and the tickets service are one process
        const killed = [...new Set(crash.kill)];
        await Promise.all(killed.map((app) => app.kill('SIGKILL')));
        const resumeAt = (await checkpointedLastTs(stack.db, tenant)).get(hotTemperature)!;
        const rows = await checkpointRows(stack.db, tenant);
        for (const app of killed) await app.start();
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
      if (collector)
        await expectEventually(
          () => expect(eventDiff(collector.events, expected.events, resumes)).toEqual(NO_DIFF),
          { timeoutMs: 60_000, intervalMs: 250 },
        );
      await waitForTickets(stack.db, expectedIds);
      // and applied exactly those: this stack served this test only, so nothing else was applied meanwhile
      expect(await appliedSince(stack.db, startedAt)).toEqual(expectedIds);
    } finally {
      await client.endAsync();
      await collector?.close();
    }

    // each app was restarted once per crash that killed it, from its checkpoints, mid-stream
    const startsOf = (app: AppProcess) => 1 + crashes.filter((c) => c.kill.includes(app)).length;
    expect(stack.detector.starts).toBe(startsOf(stack.detector));
    expect(stack.tickets.starts).toBe(startsOf(stack.tickets));
    expect(stack.detector.starts).toBe(composition === 'processes' ? 3 : 4);
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
    const applied = new Set(await appliedSince(stack.db, startedAt));
    const got = collector ? collector.events : expected.events.filter((e) => applied.has(e.id));
    expect(hotForecastsAfter(got).length).toBeGreaterThan(0);
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
    const response = await fetch(`${stack.tickets.baseUrl}/api/v1/tickets/${ticket.id}`, {
      headers: authorization(),
    });
    const detail = (await response.json()) as {
      audit: Array<{ action: string }>;
    };
    expect(detail.audit.filter((a) => a.action === 'opened')).toHaveLength(1);
  }, 300_000);
});
