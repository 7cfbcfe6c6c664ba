// Must-show of false-positive feedback, with the real pieces and no I/O beyond PGlite: the detection engine
// (libs/engine), the feedback rules as the detector applies them (FeedbackFilter, built from what the
// tickets store says is in force, as the retained control message carries it), and the tickets service.
import { Logger } from '@nestjs/common';
import type { DetectionEvent, FeedbackRule } from '@preempt/contracts';
import { DetectionEngine, FeedbackFilter, MetricCatalog } from '@preempt/engine';

import { degradingDevice, samples } from '../../../../simulators/src/device-simulator';
import { deviceSeed } from '../../../../simulators/src/random';
import { newTicketsHarness } from '../../test/tickets-service.factory';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WARNING = 70; // the temperature's warning limit in the default catalog

describe('false-positive feedback: the engine, the feedback rules and the tickets store together', () => {
  let h: Awaited<ReturnType<typeof newTicketsHarness>>;
  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    h = await newTicketsHarness();
  }, 60_000);
  afterAll(() => h?.close());

  it('the marked series opens no ticket on the same pattern, another device does, and after the undo it does again', async () => {
    const catalog = new MetricCatalog();
    const engine = new DetectionEngine(catalog);
    const start = Date.UTC(2026, 10, 10);
    const driftStart = start + 3 * DAY;
    // the same device model and seed: the same pattern on both series
    const devices = ['hot-a', 'hot-b'].map((id) => ({
      id,
      model: degradingDevice(id, deviceSeed(7, 0), driftStart, ['temperature']),
    }));
    let filter = FeedbackFilter.EMPTY;
    let withheld = 0;
    let maxObserved = 0;
    const feed = async (from: number, to: number) => {
      for (const { id, model } of devices) {
        for (const sample of samples(model, from, to, 5 * MINUTE)) {
          const points = Object.entries(sample.metrics).map(
            ([m, v]) => [m, sample.ts, v] as [string, number, number],
          );
          maxObserved = Math.max(maxObserved, ...points.map((p) => p[2]));
          // what DetectionService does with the engine's events
          const events = engine.process('acme', id, points).filter((e: DetectionEvent) => {
            const rule = filter.withholds(e, catalog.lookup(e.evidence.metric));
            if (rule) withheld++;
            return rule === null;
          });
          for (const event of events) await h.processor.apply(event);
        }
      }
    };
    const open = async (device: string) => (await h.service.list({ device, status: 'open' }, 10, null)).items;
    const rulesInForce = async (): Promise<FeedbackRule[]> => h.noc.activeFeedback(Date.now());

    // history, then the drift until both have their forecast ticket
    let t = driftStart;
    await feed(start, t);
    while ((await open('hot-a')).length === 0 || (await open('hot-b')).length === 0) {
      await feed(t + 5 * MINUTE, t + HOUR);
      t += HOUR;
      expect(t).toBeLessThan(driftStart + DAY);
    }
    const [ticketA] = await open('hot-a');
    const [ticketB] = await open('hot-b');
    expect(ticketA.failureMode).toBe('overheating');
    expect(ticketB.failureMode).toBe('overheating');

    await h.service.resolve(ticketA.id, {
      actor: 'alice',
      comment: 'a known hot aisle, not a fault',
      falsePositive: true,
    });
    await h.service.resolve(ticketB.id, { actor: 'alice', comment: 'cleaned the filter' });
    const [rule] = await rulesInForce();
    expect(rule).toMatchObject({
      tenant: 'acme',
      device: 'hot-a',
      failureMode: 'overheating',
      metrics: ['temperature'],
    });
    expect((await h.service.get(ticketA.id)).ticket.resolution).toBe('false_positive');
    expect((await h.service.get(ticketA.id)).audit.map((a) => a.action)).toContain('feedback_created');
    filter = FeedbackFilter.from(await rulesInForce());

    // the same pattern goes on, still inside the warning limit: the marked series stays quiet, the other not
    maxObserved = 0;
    await feed(t + 5 * MINUTE, t + 2 * HOUR);
    t += 2 * HOUR;
    expect(maxObserved).toBeLessThan(WARNING);
    expect(withheld).toBeGreaterThan(0);
    expect(await open('hot-a')).toEqual([]);
    expect(await open('hot-b')).toHaveLength(1);

    // undo: what it needed before
    await h.noc.db.transaction((tx) => h.noc.revokeFeedback(tx, rule.id, Date.now(), 'alice'));
    expect(await rulesInForce()).toEqual([]);
    filter = FeedbackFilter.from(await rulesInForce());
    maxObserved = 0;
    await feed(t + 5 * MINUTE, t + 2 * HOUR);
    expect(maxObserved).toBeLessThan(WARNING);
    expect(await open('hot-a')).toHaveLength(1);
  });
});
