import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TELEMETRY_PATTERN } from '@preempt/contracts';
import { type Channel, DEVICE_CHANNEL, type Message } from '@preempt/messaging';

import type { IngestConfig } from '../config';
import { INGEST_CONFIG } from '../tokens';
import { TelemetryService } from './telemetry.service';

/**
 * The ingest app's one inbound handler: device telemetry from `telemetry/{tenant}/{device}` (competing
 * consumers in the configured group). Its promise is the acknowledgement: it resolves once the points are
 * stored and handed on, or the message is dead-lettered.
 */
@Injectable()
export class TelemetryHandler implements OnModuleInit {
  constructor(
    @Inject(DEVICE_CHANNEL) private readonly devices: Channel,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly telemetry: TelemetryService,
  ) {}

  onModuleInit(): void {
    this.devices.consume([TELEMETRY_PATTERN], (message) => this.handle(message), {
      group: this.config.consumerGroup,
    });
  }

  handle(message: Message): Promise<void> {
    return this.telemetry.handle(message.topic, message.payload, Date.now());
  }
}
