import { Injectable, Logger } from '@nestjs/common';
import { LogThrottle } from '@preempt/config';
import { parsePointsMessage, type PointsMessage } from '@preempt/contracts';
import { DetectionEngine } from '@preempt/engine';

import { CheckpointService } from '../checkpoint/checkpoint.service';
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

  constructor(
    private readonly engine: DetectionEngine,
    private readonly publisher: EventsPublisher,
    private readonly checkpoints: CheckpointService,
    private readonly metrics: DetectorMetrics,
  ) {}

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

  private learn({ tenant, device, points }: PointsMessage): Promise<void> {
    const events = this.engine.process(tenant, device, points);
    const committed = this.checkpoints.committed();
    if (events.length === 0) return committed;
    for (const e of events)
      this.logger.debug(`${e.type} ${e.tenant}/${e.device} ${e.evidence.metric} (${e.id})`);
    return Promise.all([this.publisher.publish(events), committed]).then(() => undefined);
  }
}
