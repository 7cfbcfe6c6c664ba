import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DetectionEvent, topics } from '@preempt/contracts';
import type { Subject } from 'rxjs';

import type { DetectorIo } from '../detector-io';
import { DETECTION_EVENTS, DETECTOR_IO } from '../tokens';

const RETRY_MS = 1000;

/**
 * Emits events to the in-process Subject and, in MQTT mode, publishes them QoS 1 on
 * `events/{tenant}/{device}`, retrying until the broker acknowledges (they are derived from state that is
 * already in memory, so they must not be dropped). The checkpointer waits for every publish that started
 * before its snapshot: a committed checkpoint never precedes its events.
 */
@Injectable()
export class EventsPublisher {
  private readonly logger = new Logger(EventsPublisher.name);
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    @Inject(DETECTOR_IO) private readonly io: DetectorIo,
    @Inject(DETECTION_EVENTS) private readonly events: Subject<DetectionEvent>,
  ) {}

  publish(events: readonly DetectionEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    for (const event of events) this.events.next(event);
    if (this.io.mode !== 'mqtt') return Promise.resolve();
    const mqtt = this.io.mqtt;
    const done = Promise.all(events.map((event) => this.publishOne(mqtt, event))).then(() => undefined);
    this.inflight.add(done);
    void done.finally(() => this.inflight.delete(done));
    return done;
  }

  /** The publishes in flight now (resolve when all of them are acknowledged). */
  pending(): Promise<void> {
    return Promise.all([...this.inflight]).then(() => undefined);
  }

  close(): void {
    this.closed = true;
  }

  private async publishOne(
    mqtt: Extract<DetectorIo, { mode: 'mqtt' }>['mqtt'],
    event: DetectionEvent,
  ): Promise<void> {
    const topic = topics.detectionEvents(event.tenant, event.device);
    for (;;) {
      try {
        await mqtt.publish(topic, JSON.stringify(event));
        return;
      } catch (error) {
        if (this.closed) throw error;
        this.logger.warn(
          `Publishing ${event.type} ${event.id} to ${topic} failed (${(error as Error).message}); retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
