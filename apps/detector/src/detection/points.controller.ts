import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext } from '@nestjs/microservices';

import { DetectionService } from './detection.service';

/** `points/{partition}/{tenant}/{device}`; subscribed only for the owned partitions (see DetectorModule). */
export const POINTS_PATTERN = 'points/+/+/+';

@Controller()
export class PointsController {
  constructor(private readonly detection: DetectionService) {}

  /** Resolves when the message may be acknowledged (events published, state checkpointed). */
  @EventPattern<string>(POINTS_PATTERN, { qos: 1 })
  handle(@Ctx() context: MqttContext): Promise<void> {
    const payload = (context.getPacket() as { payload: Buffer }).payload;
    return this.detection.handleMessage(context.getTopic(), payload);
  }
}
