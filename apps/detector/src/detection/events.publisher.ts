import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { type DetectionEvent, type DeviceStatusEvent, topics } from '@preempt/contracts';
import { APP_CHANNEL, type Channel, ChannelClosedError } from '@preempt/messaging';

const RETRY_MS = 1000;

/**
 * Publishes events on `events/{tenant}/{device}` of the app channel, retrying until the channel accepts
 * them (they are derived from state that is already in memory, so they must not be dropped). The
 * checkpointer waits for every publish that started before its snapshot: a committed checkpoint never
 * precedes its events.
 */
@Injectable()
export class EventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(EventsPublisher.name);
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(@Inject(APP_CHANNEL) private readonly apps: Channel) {}

  publish(events: readonly (DetectionEvent | DeviceStatusEvent)[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const done = Promise.all(events.map((event) => this.publishOne(event))).then(() => undefined);
    this.inflight.add(done);
    void done.then(
      () => this.inflight.delete(done),
      () => this.inflight.delete(done),
    );
    return done;
  }

  /** The publishes in flight now (resolve when all of them are accepted). */
  pending(): Promise<void> {
    return Promise.all([...this.inflight]).then(() => undefined);
  }

  onApplicationShutdown(): void {
    this.closed = true;
  }

  private async publishOne(event: DetectionEvent | DeviceStatusEvent): Promise<void> {
    const topic = topics.detectionEvents(event.tenant, event.device);
    for (;;) {
      try {
        await this.apps.publish(topic, JSON.stringify(event));
        return;
      } catch (error) {
        if (this.closed || error instanceof ChannelClosedError) throw error;
        this.logger.warn(
          `Publishing ${event.type} ${event.id} to ${topic} failed (${(error as Error).message}); retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
