import { Injectable, Logger } from '@nestjs/common';
import { LogThrottle } from '@preempt/config';
import { type DetectionEvent, parsePointsMessage, type PointsMessage } from '@preempt/contracts';
import { DetectionEngine, type FeedbackFilter, MetricCatalog } from '@preempt/engine';

import { CheckpointService } from '../checkpoint/checkpoint.service';
import { ControlState } from '../control/control-state.service';
import { DeviceSilence } from '../silence/device-silence.service';
import { DetectorMetrics } from './detector.metrics';
import { EventsPublisher } from './events.publisher';

const DONE = Promise.resolve();

/**
 * Points in, events out: parse, run the engine (synchronous, no I/O per point), publish the events, and
 * resolve only when the events are accepted by the app channel and a checkpoint containing the new state
 * has committed (the message is acknowledged then). Never throws for bad input.
 */
@Injectable()
export class DetectionService {
  private readonly logger = new Logger(DetectionService.name);
  private readonly warnings = new LogThrottle(10_000);
  /** the feedback rules whose judgements the engine has applied (see acceptJudgements) */
  private judged: FeedbackFilter | null = null;

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

  private learn({ tenant, device, points, site }: PointsMessage): Promise<void> {
    if (this.control.isRetired(tenant, device)) {
      // nothing is learned: acknowledged at once, counted
      this.metrics.pointsRetired(points.length);
      return DONE;
    }
    const events = this.detect(tenant, device, site, points);
    const reporting =
      points.length > 0 ? this.silence.seen(tenant, device, site, points[0][1], points.at(-1)![1]) : null;
    const committed = this.checkpoints.committed();
    if (events.length === 0 && reporting === null) return committed;
    for (const e of events)
      this.logger.debug(`${e.type} ${e.tenant}/${e.device} ${e.evidence.metric} (${e.id})`);
    const all = reporting ? [reporting, ...events] : events;
    return Promise.all([this.publisher.publish(all), committed]).then(() => undefined);
  }

  /**
   * The engine's events for the points, with the device's site; points inside a maintenance window of the
   * device are scored but not learned (runs of points in and out of a window are processed apart, in
   * order); events a false-positive feedback rule covers are withheld (counted).
   */
  private detect(
    tenant: string,
    device: string,
    site: string | undefined,
    points: PointsMessage['points'],
  ): DetectionEvent[] {
    const { calendar, feedback } = this.control;
    if (feedback !== this.judged) this.acceptJudgements(feedback);
    let events: DetectionEvent[];
    if (!calendar.hasTenant(tenant)) events = this.engine.process(tenant, device, points);
    else {
      events = [];
      const ref = { tenant, device, site: site ?? null };
      let start = 0;
      let inWindow = calendar.activeAt(ref, points[0]?.[1] ?? 0) !== null;
      for (let i = 1; i <= points.length; i++) {
        const next = i < points.length ? calendar.activeAt(ref, points[i][1]) !== null : !inWindow;
        if (next === inWindow) continue;
        const run = points.slice(start, i);
        if (inWindow) this.metrics.pointsInMaintenance(run.length);
        events.push(...this.engine.process(tenant, device, run, { learn: !inWindow }));
        start = i;
        inWindow = next;
      }
    }
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
