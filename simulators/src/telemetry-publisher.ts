import type { MqttClient } from 'mqtt';

import type { TelemetrySample } from './device-simulator';

/** One message to publish: `telemetry/{tenant}/{device}` and its JSON sample. */
export interface TelemetryMessage {
  topic: string;
  sample: TelemetrySample;
}

/**
 * Publishes QoS 1 with at most `maxInFlight` messages awaiting their PUBACK: as fast as the broker and
 * the consumers absorb, never an unbounded queue in this process. Messages keep their order per topic
 * (one client, one connection). Resolves when every message is acknowledged; rejects on the first failure.
 *
 * @example
 * await publishAll(client, messages, { maxInFlight: 500 });
 */
export class BoundedPublisher {
  private inFlight = 0;
  private failure: Error | null = null;
  private waiters: Array<() => void> = [];
  sent = 0;
  acked = 0;

  constructor(
    private readonly client: MqttClient,
    private readonly maxInFlight = 500,
  ) {}

  /** Waits for a free slot, then starts the publish (does not wait for its PUBACK). */
  async publish(message: TelemetryMessage): Promise<void> {
    while (this.inFlight >= this.maxInFlight)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
    this.inFlight++;
    this.sent++;
    this.client
      .publishAsync(message.topic, JSON.stringify(message.sample), { qos: 1 })
      .then(
        () => void this.acked++,
        (error: Error) => void (this.failure ??= error),
      )
      .finally(() => {
        this.inFlight--;
        this.waiters.shift()?.();
      });
  }

  /** Resolves once every started publish is acknowledged. */
  async drain(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
  }
}

/** Publishes every message (bounded in flight) and waits for all PUBACKs; returns how many were sent. */
export async function publishAll(
  client: MqttClient,
  messages: Iterable<TelemetryMessage>,
  options: { maxInFlight?: number } = {},
): Promise<number> {
  const publisher = new BoundedPublisher(client, options.maxInFlight);
  for (const message of messages) await publisher.publish(message);
  await publisher.drain();
  return publisher.sent;
}
