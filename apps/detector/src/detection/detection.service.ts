import { Injectable, Logger } from '@nestjs/common';
import { LogThrottle } from '@preempt/config';
import {
  type DetectionEvent,
  type DeviceStatusEvent,
  parsePointsMessage,
  type PointsMessage,
} from '@preempt/contracts';
import { DetectionEngine, type DeviceBatch, type FeedbackFilter, MetricCatalog } from '@preempt/engine';

import { CheckpointService } from '../checkpoint/checkpoint.service';
import { ControlState } from '../control/control-state.service';
import { DeviceSilence } from '../silence/device-silence.service';
import { DetectorMetrics } from './detector.metrics';
import { EventsPublisher } from './events.publisher';

const DONE = Promise.resolve();
/** at most this many messages in one engine batch (a larger burst is learned in several) */
const MAX_BATCH = 1_000;

/** The messages of one engine batch and the promise they all resolve with. */
interface Batch {
  messages: PointsMessage[];
  done: Promise<void>;
  settle: (outcome: Promise<void>) => void;
}

/**
 * Points in, events out: parse, run the engine (synchronous, no I/O per point), publish the events, and
 * resolve only when the events are accepted by the app channel and a checkpoint containing the new state
 * has committed (the message is acknowledged then). Never throws for bad input.
 *
 * The messages that arrive in one turn of the event loop (a burst read from the broker) are learned as one
 * engine batch (DetectionEngine.processBatch: the series models learn in SeriesFleet calls, ~2.5x faster
 * than one model update per point, with the same events), right after that turn, in arrival order; they
 * are acknowledged together.
 */
@Injectable()
export class DetectionService {
  private readonly logger = new Logger(DetectionService.name);
  private readonly warnings = new LogThrottle(10_000);
  /** the feedback rules whose judgements the engine has applied (see acceptJudgements) */
  private judged: FeedbackFilter | null = null;
  /** the messages waiting for the next engine batch */
  private batch: Batch | null = null;

  constructor(
    private readonly engine: DetectionEngine,
    private readonly publisher: EventsPublisher,
    private readonly checkpoints: CheckpointService,
    private readonly metrics: DetectorMetrics,
    private readonly control: ControlState,
    private readonly silence: DeviceSilence,
    private readonly catalog: MetricCatalog,
  ) {
    // a retired device's models, silence and checkpoints go at once (it usually sends nothing any more)
    control.onRetire((tenant, device) => {
      this.engine.forget(tenant, device);
      this.silence.forget(tenant, device);
      void this.checkpoints.forgetDevice(tenant, device);
    });
  }

  /**
   * Not `async`, and nothing of the message is kept in what it waits for: every message waits for the next
   * checkpoint, and tens of thousands of them do at once in the all-in-one.
   */
  handle(topic: string, payload: Uint8Array): Promise<void> {
    const parsed = parsePointsMessage(payload);
    if (!parsed.ok) {
      this.metrics.invalidMessage();
      const verdict = this.warnings.hit('invalid', Date.now());
      if (verdict.log) this.logger.warn(`Dropped invalid points message on ${topic}: ${parsed.reason}`);
      return DONE;
    }
    // A point learned by a fresh model before the restore replaced it would be lost from the restored one
    // and acknowledged by the next checkpoint. Messages arriving before the restore wait for it, in order.
    const message = parsed.message;
    if (!this.checkpoints.isRestored) return this.checkpoints.restored.then(() => this.learn(message));
    return this.learn(message);
  }

  private learn(message: PointsMessage): Promise<void> {
    if (this.control.isRetired(message.tenant, message.device)) {
      // nothing is learned: acknowledged at once, counted
      this.metrics.pointsRetired(message.points.length);
      return DONE;
    }
    let batch = this.batch;
    if (!batch) {
      let settle!: (outcome: Promise<void>) => void;
      const done = new Promise<void>((resolve) => (settle = resolve));
      batch = this.batch = { messages: [], done, settle };
      setImmediate(() => this.flush(batch!));
    }
    batch.messages.push(message);
    const done = batch.done;
    if (batch.messages.length >= MAX_BATCH) this.flush(batch);
    return done;
  }

  /** Learns a batch's messages (once), publishes their events; the batch's promise then waits for them and the checkpoint. */
  private flush(batch: Batch): void {
    if (this.batch !== batch) return;
    this.batch = null;
    let events: (DetectionEvent | DeviceStatusEvent)[];
    const started = performance.now();
    try {
      events = this.detectAll(batch.messages);
      this.metrics.batch(batch.messages.length, (performance.now() - started) / 1000);
    } catch (e) {
      batch.settle(Promise.reject(e instanceof Error ? e : new Error(String(e))));
      return;
    }
    const committed = this.checkpoints.committed();
    if (events.length === 0) batch.settle(committed);
    else batch.settle(Promise.all([this.publisher.publish(events), committed]).then(() => undefined));
  }

  /** Every message's events (a device that sends again after a silence first: DeviceSilence), in arrival order. */
  private detectAll(messages: readonly PointsMessage[]): (DetectionEvent | DeviceStatusEvent)[] {
    const { calendar, feedback } = this.control;
    if (feedback !== this.judged) this.acceptJudgements(feedback);
    const parts: DeviceBatch[] = [];
    // per message: how many parts it has, -1 for a device retired after the message arrived (as in learn)
    const partsOf: number[] = [];
    for (const m of messages) {
      if (this.control.isRetired(m.tenant, m.device)) {
        this.metrics.pointsRetired(m.points.length);
        partsOf.push(-1);
        continue;
      }
      const before = parts.length;
      this.split(m, calendar, parts);
      partsOf.push(parts.length - before);
    }
    const results = this.engine.processBatch(parts);
    const all: (DetectionEvent | DeviceStatusEvent)[] = [];
    let part = 0;
    messages.forEach(({ tenant, device, site, points }, k) => {
      if (partsOf[k] < 0) return;
      const detected = results.slice(part, part + partsOf[k]).flat();
      part += partsOf[k];
      const reporting =
        points.length > 0 ? this.silence.seen(tenant, device, site, points[0][1], points.at(-1)![1]) : null;
      if (reporting) all.push(reporting);
      for (const e of this.withheld(detected, feedback, site)) {
        this.logger.debug(`${e.type} ${e.tenant}/${e.device} ${e.evidence.metric} (${e.id})`);
        all.push(e);
      }
    });
    return all;
  }

  /**
   * A message as engine batch parts: points inside a maintenance window of the device are scored but not
   * learned (runs of points in and out of a window are parts of their own, in order).
   */
  private split(
    { tenant, device, site, points }: PointsMessage,
    calendar: ControlState['calendar'],
    parts: DeviceBatch[],
  ): void {
    if (!calendar.hasTenant(tenant)) {
      parts.push({ tenant, device, points });
      return;
    }
    const ref = { tenant, device, site: site ?? null };
    let start = 0;
    let inWindow = calendar.activeAt(ref, points[0]?.[1] ?? 0) !== null;
    for (let i = 1; i <= points.length; i++) {
      const next = i < points.length ? calendar.activeAt(ref, points[i][1]) !== null : !inWindow;
      if (next === inWindow) continue;
      const run = points.slice(start, i);
      if (inWindow) this.metrics.pointsInMaintenance(run.length);
      parts.push({ tenant, device, points: run, learn: !inWindow });
      start = i;
      inWindow = next;
    }
  }

  /** The events no false-positive feedback rule withholds (those are counted), with the device's site. */
  private withheld(
    events: DetectionEvent[],
    feedback: FeedbackFilter,
    site: string | undefined,
  ): DetectionEvent[] {
    if (feedback.size > 0) {
      events = events.filter((event) => {
        const rule = feedback.withholds(event, this.catalog.lookup(event.evidence.metric));
        if (rule) this.metrics.withheld(event.type);
        return rule === null;
      });
    }
    if (site === undefined) return events;
    return events.map((event) => ({ ...event, site }));
  }

  /**
   * A false-positive judgement also tells the models that what the device shows is normal: the abnormal
   * regimes of its series (the rule's metrics) and of its relationship model that had started when the
   * rule was made are accepted (DetectionEngine.accept). Applied with the first points after the rules
   * change, so after the restore of a restarted instance too; idempotent for rules applied before.
   */
  private acceptJudgements(feedback: FeedbackFilter): void {
    this.judged = feedback;
    let series = 0;
    let devices = 0;
    for (const rule of feedback.rules) {
      const accepted = this.engine.accept(rule.tenant, rule.device, rule.metrics, rule.createdAt);
      series += accepted.series;
      if (accepted.device) devices++;
    }
    if (series + devices === 0) return;
    this.metrics.regimesAccepted(series, devices);
    this.logger.log(
      `False-positive feedback: ${series} series and ${devices} device regimes accepted as normal`,
    );
  }
}
