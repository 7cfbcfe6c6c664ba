import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext } from '@nestjs/microservices';
import { TELEMETRY_PATTERN } from '@preempt/contracts';

import { TelemetryService } from './telemetry.service';

@Controller()
export class TelemetryController {
  constructor(private readonly telemetry: TelemetryService) {}

  /** Resolves when the message may be acknowledged to the broker (see AckingMqttServer). */
  @EventPattern<string>(TELEMETRY_PATTERN, { qos: 1 })
  handle(@Ctx() context: MqttContext): Promise<void> {
    const payload = (context.getPacket() as { payload: Buffer }).payload;
    return this.telemetry.handle(context.getTopic(), payload, Date.now());
  }
}
