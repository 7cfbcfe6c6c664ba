import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext } from '@nestjs/microservices';
import { DETECTION_EVENT_PATTERN, parseDetectionEvent } from '@preempt/contracts';

import { DetectionEventProcessor } from './detection-event.processor';
import { TicketsMetrics } from './tickets.metrics';

/** MQTT mode: detection events from `events/{tenant}/{device}` (shared group), acknowledged after commit. */
@Controller()
export class DetectionEventsController {
  private readonly logger = new Logger(DetectionEventsController.name);

  constructor(
    private readonly processor: DetectionEventProcessor,
    private readonly metrics: TicketsMetrics,
  ) {}

  /** Resolves when the message may be acknowledged; a database failure rejects (the broker redelivers). */
  @EventPattern<string>(DETECTION_EVENT_PATTERN, { qos: 1 })
  async handle(@Ctx() context: MqttContext): Promise<void> {
    const receivedAt = Date.now();
    const topic = context.getTopic();
    const parsed = parseDetectionEvent(topic, (context.getPacket() as { payload: Buffer }).payload);
    if (!parsed.ok) {
      // Acknowledged: redelivering an invalid event would never make it valid.
      this.logger.warn(`Dropped invalid detection event on ${topic}: ${parsed.detail}`);
      this.metrics.invalidEvent();
      return;
    }
    await this.processor.apply(parsed.event);
    this.metrics.done(receivedAt);
  }
}
