import { Inject, Injectable } from '@nestjs/common';
import { type DeadLetterMessage, topics } from '@preempt/contracts';

import { MQTT_SERVER } from '../tokens';
import type { AckingMqttServer } from '@preempt/common';

/** Publishes rejected messages to `deadletter/{tenant}/{device}` (QoS 1). */
@Injectable()
export class DeadLetterPublisher {
  constructor(@Inject(MQTT_SERVER) private readonly mqtt: AckingMqttServer) {}

  publish(message: DeadLetterMessage): Promise<void> {
    return this.mqtt.publish(deadLetterTopic(message.topic), JSON.stringify(message));
  }
}

/** The topic's own tenant and device levels, even when they failed validation (so operators find them). */
export function deadLetterTopic(telemetryTopic: string): string {
  const levels = telemetryTopic.split('/');
  const level = (i: number) => (levels[i] ?? '').replace(/[+#]/g, '_') || '_';
  return topics.deadLetter(level(1), level(2));
}
