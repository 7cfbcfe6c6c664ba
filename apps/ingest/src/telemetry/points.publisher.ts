import { Inject, Injectable } from '@nestjs/common';
import type { AckingMqttServer } from '@preempt/common';
import { groupByDevice, partitionOf, topics, type TelemetryPoint } from '@preempt/contracts';

import type { IngestConfig } from '../config';
import { INGEST_CONFIG, MQTT_SERVER } from '../tokens';

/**
 * Hands accepted points on to the detectors as `points/{partition}/{tenant}/{device}` (QoS 1), the
 * partition fixed per device so one detector owns all of a device's series. Resolves once the broker has
 * them: the original message is acknowledged only after that.
 */
@Injectable()
export class PointsPublisher {
  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(MQTT_SERVER) private readonly mqtt: AckingMqttServer,
  ) {}

  async publish(points: readonly TelemetryPoint[]): Promise<void> {
    if (this.config.handoff.mode !== 'mqtt' || points.length === 0) return;
    await Promise.all(
      groupByDevice(points).map((message) => {
        const partition = partitionOf(message.tenant, message.device, this.config.handoff.partitions);
        return this.mqtt.publish(
          topics.points(partition, message.tenant, message.device),
          JSON.stringify(message),
        );
      }),
    );
  }
}
