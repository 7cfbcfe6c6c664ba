import type {
  ConsumerDeserializer,
  IncomingEvent,
  MqttOptions,
  PacketId,
  ReadPacket,
} from '@nestjs/microservices';
import { ServerMqtt } from '@nestjs/microservices';
import { topics } from '@preempt/contracts';
import type { IClientOptions, IPublishPacket, MqttClient, Packet } from 'mqtt';

export interface AckingMqttOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** 5 (Mosquitto, EMQX, HiveMQ...) or 4 = 3.1.1 (the embedded aedes broker) */
  protocolVersion: 4 | 5;
  /** MQTT 5 receive-maximum: how many QoS 1 messages may be unacknowledged at once (backpressure bound) */
  receiveMaximum: number;
  /** MQTT 5 session expiry, seconds: how long the broker keeps queuing for us while we are down */
  sessionExpirySeconds: number;
  /** `$share/<group>/...` subscriptions so several processes split the load; undefined = plain subscriptions */
  sharedGroup?: string;
  /**
   * The topic filters to subscribe for one handler pattern (default: the pattern itself, shared when
   * `sharedGroup` is set). The detector uses it to subscribe only to the partitions it owns.
   */
  topicsFor?: (pattern: string) => string[];
}

/** Hands Nest the raw payload: no JSON.parse, and no `pattern`/`data`/`id` envelope guessing. */
class RawDeserializer implements ConsumerDeserializer {
  deserialize(value: unknown, options?: Record<string, unknown>): IncomingEvent {
    return { pattern: options?.channel, data: value };
  }
}

type SendPacket = (packet: Packet, cb?: (error?: Error) => void, ...rest: unknown[]) => void;

interface PendingAck {
  generation: number;
  done: boolean;
  /** set when mqtt.js wanted to send the PUBACK before processing finished */
  send: (() => void) | null;
}

/**
 * Nest's MQTT transport, with one change that matters for delivery: a QoS 1 message is acknowledged only
 * once its handler's promise resolves (the points are durable, or the message was dead-lettered).
 *
 * mqtt.js sends the PUBACK as soon as it emits the message and reads the next packet only after that
 * PUBACK is written. We intercept that PUBACK: mqtt.js is told it was sent (so it keeps reading and
 * many messages are processed concurrently) and the packet really goes out when processing completes. A
 * message whose handler fails, or that is still pending when the connection drops, is never acknowledged:
 * the broker redelivers it on the persistent session. Backpressure comes from the broker: with MQTT 5 it
 * sends at most `receiveMaximum` unacknowledged messages.
 */
export class AckingMqttServer extends ServerMqtt {
  private readonly pendingAcks = new Map<number, PendingAck>();
  private readonly handlerByTopic = new Map<string, ReturnType<ServerMqtt['getHandlerByPattern']>>();
  private generation = 0;
  private readonly topicsFor: (pattern: string) => string[];

  constructor(options: AckingMqttOptions) {
    const mqttOptions: IClientOptions = {
      clientId: options.clientId,
      clean: false,
      protocolVersion: options.protocolVersion,
      username: options.username,
      password: options.password,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      resubscribe: true,
      properties:
        options.protocolVersion === 5
          ? { receiveMaximum: options.receiveMaximum, sessionExpiryInterval: options.sessionExpirySeconds }
          : undefined,
    };
    super({
      url: options.url,
      ...mqttOptions,
      subscribeOptions: { qos: 1 },
      deserializer: new RawDeserializer(),
    } as NonNullable<MqttOptions['options']>);
    const group = options.sharedGroup;
    this.topicsFor = options.topicsFor ?? ((pattern) => [group ? topics.shared(group, pattern) : pattern]);
  }

  get connected(): boolean {
    return this.mqttClient?.connected ?? false;
  }

  /** QoS 1 publish; resolves when the broker acknowledged it. */
  async publish(topic: string, payload: string | Buffer): Promise<void> {
    await this.unwrap<MqttClient>().publishAsync(topic, payload, { qos: 1 });
  }

  override async createMqttClient(): Promise<MqttClient> {
    const client = (await super.createMqttClient()) as MqttClient;
    const internals = client as unknown as { _sendPacket: SendPacket };
    const send = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, cb, ...rest) => {
      if (
        packet.cmd === 'puback' &&
        this.deferPuback(packet.messageId, () => send(packet, undefined, ...rest))
      ) {
        cb?.();
        return;
      }
      send(packet, cb, ...rest);
    };
    client.on('connect', () => {
      this.generation++;
      this.pendingAcks.clear();
    });
    return client;
  }

  override bindEvents(client: MqttClient): void {
    client.on('message', this.getMessageHandler(client).bind(this));
    for (const pattern of this.messageHandlers.keys()) {
      for (const topic of this.topicsFor(pattern)) {
        client.subscribe(topic, { qos: 1 }, (error) => {
          if (error) this.logger.error(`Subscribing to ${topic} failed: ${error.message}`);
          else this.logger.log(`Subscribed to ${topic} (QoS 1)`);
        });
      }
    }
  }

  /**
   * Nest resolves the handler of every message by trying JSON.parse on the topic (an exception per message)
   * and matching each pattern; topics repeat (one per device), so the answer is cached (bounded).
   */
  override getHandlerByPattern(pattern: string): ReturnType<ServerMqtt['getHandlerByPattern']> {
    let handler = this.handlerByTopic.get(pattern);
    if (handler === undefined) {
      handler = super.getHandlerByPattern(pattern);
      if (this.handlerByTopic.size >= 100_000) this.handlerByTopic.clear();
      this.handlerByTopic.set(pattern, handler);
    }
    return handler;
  }

  /** The payload is parsed by the telemetry contract, not here (Nest would JSON.parse every message). */
  override parseMessage(content: unknown): ReadPacket & PacketId {
    return content as ReadPacket & PacketId;
  }

  override handleMessage(
    channel: string,
    buffer: Buffer,
    pub: MqttClient,
    originalPacket?: Record<string, unknown>,
  ): Promise<unknown> {
    const packet = originalPacket as IPublishPacket | undefined;
    // Registered before Nest starts processing, and so before mqtt.js tries to send the PUBACK.
    const pending: PendingAck | undefined =
      packet && packet.qos > 0 && packet.messageId !== undefined
        ? { generation: this.generation, done: false, send: null }
        : undefined;
    if (pending) this.pendingAcks.set(packet!.messageId!, pending);
    const processing = super.handleMessage(channel, buffer, pub, originalPacket);
    if (!pending) return processing;
    const messageId = packet!.messageId!;
    return processing.then(
      () => this.release(messageId, pending),
      (error: unknown) => {
        this.forget(messageId, pending);
        this.logger.error(`Message on ${channel} failed and stays unacknowledged: ${String(error)}`);
      },
    );
  }

  private deferPuback(messageId: number | undefined, send: () => void): boolean {
    const pending = messageId === undefined ? undefined : this.pendingAcks.get(messageId);
    if (!pending || pending.generation !== this.generation) return false;
    if (pending.done) {
      this.pendingAcks.delete(messageId!);
      return false;
    }
    pending.send = send;
    return true;
  }

  private release(messageId: number, pending: PendingAck): void {
    pending.done = true;
    if (!pending.send) return; // mqtt.js has not asked yet; deferPuback will send it at once
    this.forget(messageId, pending);
    if (pending.generation === this.generation && this.connected) pending.send();
  }

  private forget(messageId: number, pending: PendingAck): void {
    if (this.pendingAcks.get(messageId) === pending) this.pendingAcks.delete(messageId);
  }
}
