import { Inject, Injectable } from '@nestjs/common';
import { groupByDevice, partitionOf, type TelemetryPoint, topics } from '@preempt/contracts';
import { APP_CHANNEL, type Channel } from '@preempt/messaging';

import type { IngestConfig } from '../config';
import { INGEST_CONFIG } from '../tokens';

/**
 * Hands accepted points on to the detectors as `points/{partition}/{tenant}/{device}`, the partition
 * fixed per device so one detector owns all of a device's series. Resolves once the app channel has them
 * (the broker, or in one process the detector itself): the original message is acknowledged only then.
 */
@Injectable()
export class PointsPublisher {
  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(APP_CHANNEL) private readonly apps: Channel,
  ) {}

  publish(points: readonly TelemetryPoint[]): Promise<unknown> {
    const { enabled, partitions } = this.config.handoff;
    if (!enabled || points.length === 0) return Promise.resolve();
    const messages = groupByDevice(points);
    const publish = (m: (typeof messages)[number]) =>
      this.apps.publish(
        topics.points(partitionOf(m.tenant, m.device, partitions), m.tenant, m.device),
        JSON.stringify(m),
      );
    return messages.length === 1 ? publish(messages[0]) : Promise.all(messages.map(publish));
  }
}
