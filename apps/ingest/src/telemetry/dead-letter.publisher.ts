import { Inject, Injectable } from '@nestjs/common';
import { type DeadLetterMessage, topics } from '@preempt/contracts';
import { type Channel, DEVICE_CHANNEL } from '@preempt/messaging';

/** Publishes rejected messages to `deadletter/{tenant}/{device}` beside the devices' telemetry (QoS 1). */
@Injectable()
export class DeadLetterPublisher {
  constructor(@Inject(DEVICE_CHANNEL) private readonly devices: Channel) {}

  publish(message: DeadLetterMessage): Promise<void> {
    return this.devices.publish(deadLetterTopic(message.topic), JSON.stringify(message));
  }
}

/** The topic's own tenant and device levels, even when they failed validation (so operators find them). */
export function deadLetterTopic(telemetryTopic: string): string {
  const levels = telemetryTopic.split('/');
  const level = (i: number) => (levels[i] ?? '').replace(/[+#]/g, '_') || '_';
  return topics.deadLetter(level(1), level(2));
}
