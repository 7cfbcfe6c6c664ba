import { DetectionEngine, MetricCatalog } from '@preempt/engine';

import {
  DAY,
  degradingDevice,
  healthyDevice,
  HOUR,
  MINUTE,
  type SimulatedMetric,
} from '../../simulators/src/device-simulator';
import { deviceSeed } from '../../simulators/src/random';
import { expectEventually } from '../harness/expect-eventually';
import { TEST_ADMIN_KEY } from '../harness/test-kit';
import {
  appliedSince,
  COMPOSITIONS,
  connectClient,
  countInInflux,
  countPoints,
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

// End to end: simulators -> Mosquitto -> ingest (InfluxDB) -> detector -> tickets (PostgreSQL) -> API,
// from the build, in both compositions: each app its own process (points and events through the broker),
// and the all-in-one (through its in-memory channel). Event time is replayed as fast as the stack absorbs
// it (ingest accepts points up to 30 days old).
// Temperature, the fan speed that follows it, and a CPU with its own daily cycle (the multivariate model
// must not blame the drift on it).
const METRICS: SimulatedMetric[] = ['temperature', 'fan_speed', 'cpu_utilization'];

/**
 * Replays end at 18:00 UTC of the last day that has one, the same hour every run: the quiet fleet's series
 * start at 18:00 and their daily cycles switch on two days later at that hour, where the cycle's offset is
 * large. Before the baseline was rebased at the switch, this phase gave a quiet device a ticket (the
 * detection specs sweep every start hour; this runs one of the formerly failing ones end to end).
 */
function replayEnd(): number {
  return floorTo(Date.now() - 10 * MINUTE, DAY) - 6 * HOUR;
}

describe.each(COMPOSITIONS)('pipeline end to end (%s)', (composition) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('pipeline', composition);
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  /**
   * Publishes the plans (QoS 1, bounded in flight) and waits until every point is stored, learned and every
   * event applied. The ids of the detection events: between processes as the broker carried them; in the
   * all-in-one, where they never leave the process, as the tickets service applied them.
   */
  async function replay(tenant: string, plans: ReplayPlan[]): Promise<{ points: number; ids: string[] }> {
    const messages = replayMessages(tenant, plans);
    const points = countPoints(messages);
    const emittedBefore = await stack.detector.metricSum('preempt_detector_events_emitted');
    const startedAt = Date.now() - 1000;
    const collector = stack.composition === 'processes' ? await EventCollector.start(tenant) : undefined;
    const client = await connectClient();
    try {
      expect(await publishAll(client, messages, { maxInFlight: 1000 })).toBe(messages.length);
      await expectEventually(async () => expect(await countInInflux(tenant)).toBe(points), {
        timeoutMs: 180_000,
        intervalMs: 500,
      });
      await waitForDetector(stack.db, tenant, expectedLastTs(tenant, plans));
      const emitted = (await stack.detector.metricSum('preempt_detector_events_emitted')) - emittedBefore;
      if (collector) {
        // every event the detector emitted for these points reached the broker (no crash: no re-emission)
        await expectEventually(() => expect(collector.received).toBe(emitted), { timeoutMs: 30_000 });
        const ids = [...collector.byId.keys()];
        await waitForTickets(stack.db, ids);
        return { points, ids };
      }
      // every event the detector emitted for these points was applied, once (this stack serves this test only)
      await expectEventually(
        async () => expect(await appliedSince(stack.db, startedAt)).toHaveLength(emitted),
        {
          timeoutMs: 60_000,
          intervalMs: 250,
        },
      );
      return { points, ids: await appliedSince(stack.db, startedAt) };
    } finally {
      await client.endAsync();
      await collector?.close();
    }
  }

  it('a temperature drift from 50 to 85 °C over 24 h gets exactly one ticket, >= 30 min early, whose band contains the crossing', async () => {
    const tenant = uniqueId('drift');
    const end = replayEnd();
    // 3 days of healthy history (the detector learns the daily cycle), the 24 h drift, 4 h past the crossing
    const driftStart = end - 28 * HOUR;
    const start = driftStart - 3 * DAY;
    const device = degradingDevice('hot-1', deviceSeed(7, 0), driftStart, METRICS);
    const crossing = device.crossing(85, start, end)!;
    expect(crossing).toBeGreaterThan(driftStart + 20 * HOUR);
    expect(crossing).toBeLessThan(end - 2 * HOUR);

    const plan = { device, start, end, stepMs: MINUTE };
    const { ids } = await replay(tenant, [plan]);

    const tickets = await listTickets(stack.tickets, tenant);
    expect(tickets).toHaveLength(1);
    const [ticket] = tickets;
    expect(ticket).toMatchObject({ device: 'hot-1', failureMode: 'overheating', severity: 'critical' });
    const detectedAt = Date.parse(ticket.detectedAt);
    expect(detectedAt).toBeGreaterThan(driftStart);
    expect(crossing - detectedAt).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(ticket.predictedBreachBand).not.toBeNull();
    expect(Date.parse(ticket.predictedBreachBand!.earliest)).toBeLessThanOrEqual(crossing);
    expect(Date.parse(ticket.predictedBreachBand!.latest)).toBeGreaterThanOrEqual(crossing);
    expect(ticket.evidence.map((e) => e.metric)).toContain('temperature');
    // the ticket was opened from the detector's temperature forecasts that came through the channel: their
    // ids are deterministic, so the same points through the pure engine name them
    const engine = new DetectionEngine(new MetricCatalog());
    const forecasts = replayMessages(tenant, [plan])
      .flatMap(({ sample }) =>
        engine.process(
          tenant,
          'hot-1',
          Object.entries(sample.metrics).map(([metric, value]) => [metric, sample.ts, value] as const),
        ),
      )
      .filter((e) => e.type === 'forecast' && e.evidence.metric === 'temperature');
    const delivered = new Set(ids);
    expect(forecasts.filter((e) => delivered.has(e.id)).length).toBeGreaterThan(3);
  }, 300_000);

  it('50 devices with only noise and daily cycles over 7 days get no ticket', async () => {
    const tenant = uniqueId('quiet');
    const end = replayEnd();
    const start = end - 7 * DAY;
    const plans = Array.from({ length: 50 }, (_, i) => ({
      device: healthyDevice(`quiet-${i}`, i, deviceSeed(11, i), METRICS),
      start,
      end,
      stepMs: 5 * MINUTE,
    }));

    const { points, ids } = await replay(tenant, plans);

    expect(points).toBe(50 * METRICS.length * (7 * 288 + 1));
    expect(await listTickets(stack.tickets, tenant)).toEqual([]);
    // not a silent pipeline: the detector did flag isolated points, the tickets' hysteresis filtered them
    expect(ids.length).toBeGreaterThan(0);
    // the admin key the stack was given never reached its logs
    for (const app of new Set([stack.ingest, stack.detector, stack.tickets]))
      expect(app.logs().join('\n')).not.toContain(TEST_ADMIN_KEY);
  }, 300_000);
});
