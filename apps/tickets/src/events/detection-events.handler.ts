import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DETECTION_EVENT_PATTERN, parseDetectionEvent } from '@preempt/contracts';
import { APP_CHANNEL, type Channel, type Message } from '@preempt/messaging';

import type { TicketsConfig } from '../config';
import { TICKETS_CONFIG } from '../tokens';
import { DetectionEventProcessor } from './detection-event.processor';
import { TicketsMetrics } from './tickets.metrics';

/**
 * The tickets app's one inbound handler: detection events from `events/{tenant}/{device}` (competing
 * consumers in the configured group; a device's events one after another, each only once the previous one
 * committed). Its promise is the acknowledgement: it resolves after the commit; a database failure
 * rejects and the channel delivers the event again.
 */
@Injectable()
export class DetectionEventsHandler implements OnModuleInit {
  private readonly logger = new Logger(DetectionEventsHandler.name);

  constructor(
    @Inject(APP_CHANNEL) private readonly apps: Channel,
    @Inject(TICKETS_CONFIG) private readonly config: TicketsConfig,
    private readonly processor: DetectionEventProcessor,
    private readonly metrics: TicketsMetrics,
  ) {}

  onModuleInit(): void {
    this.apps.consume([DETECTION_EVENT_PATTERN], (message) => this.handle(message), {
      group: this.config.consumerGroup,
      serial: true,
    });
  }

  async handle(message: Message): Promise<void> {
    const receivedAt = Date.now();
    const parsed = parseDetectionEvent(message.topic, message.payload);
    if (!parsed.ok) {
      // Acknowledged: delivering an invalid event again would never make it valid.
      this.logger.warn(`Dropped invalid detection event on ${message.topic}: ${parsed.detail}`);
      this.metrics.invalidEvent();
      return;
    }
    await this.processor.apply(parsed.event);
    this.metrics.done(receivedAt);
  }
}
