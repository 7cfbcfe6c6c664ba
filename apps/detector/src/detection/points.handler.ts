import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { topics } from '@preempt/contracts';
import { APP_CHANNEL, type Channel, type Message } from '@preempt/messaging';

import type { DetectorConfig } from '../config';
import { DETECTOR_CONFIG } from '../tokens';
import { DetectionService } from './detection.service';

/**
 * The detector's one inbound handler: accepted points of the partitions this instance owns
 * (`points/{p}/+/+`, no group: a partition has one owner). Its promise is the acknowledgement: it resolves
 * once the events are published and a checkpoint holding what the points taught the models committed.
 */
@Injectable()
export class PointsHandler implements OnModuleInit {
  constructor(
    @Inject(APP_CHANNEL) private readonly apps: Channel,
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    private readonly detection: DetectionService,
  ) {}

  onModuleInit(): void {
    this.apps.consume(this.config.ownedPartitions.map(topics.pointsOfPartition), (message) =>
      this.handle(message),
    );
  }

  handle(message: Message): Promise<void> {
    return this.detection.handle(message.topic, message.payload);
  }
}
