import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { checkEvent, type DetectionEvent } from '@preempt/contracts';
import type { Observable, Subscription } from 'rxjs';

import { DETECTION_EVENTS } from '../tokens';
import { DetectionEventProcessor } from './detection-event.processor';
import { TicketsMetrics } from './tickets.metrics';

const ATTEMPTS = 5;

/**
 * In-process mode (the all-in-one): events from the detector's Observable, applied in order per device
 * (the processor's per-device queue). There is no broker to redeliver, so a failed transaction is retried
 * a few times with a growing pause before the event is given up (logged, counted).
 */
@Injectable()
export class DetectionEventsSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DetectionEventsSubscriber.name);
  private subscription: Subscription | undefined;

  constructor(
    @Inject(DETECTION_EVENTS) private readonly events: Observable<DetectionEvent>,
    private readonly processor: DetectionEventProcessor,
    private readonly metrics: TicketsMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.subscribe((event) => void this.handle(event));
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.processor.drain();
  }

  private async handle(event: DetectionEvent): Promise<void> {
    const problem = checkEvent(event);
    if (problem) {
      this.logger.warn(`Dropped invalid detection event: ${problem}`);
      this.metrics.invalidEvent();
      return;
    }
    const receivedAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.processor.apply(event);
        this.metrics.done(receivedAt);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS) {
          this.metrics.event(event.type, 'failed');
          this.logger.error(
            `Detection event ${event.id} lost after ${ATTEMPTS} attempts`,
            (error as Error).stack,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}
