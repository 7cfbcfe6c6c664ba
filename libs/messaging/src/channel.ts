/** One message as a handler sees it. */
export interface Message {
  readonly topic: string;
  readonly payload: Buffer;
  /** per-key order; defaults to the topic */
  readonly key: string;
}

/** The handler's promise is the acknowledgement: resolved = acknowledged, rejected = retried later. */
export type MessageHandler = (message: Message) => Promise<void>;

export interface ConsumeOptions {
  /** competing consumers: each message goes to one member of the group (MQTT: $share/<group>/<filter>) */
  group?: string;
  /** a message is handed to the handler only once the previous message with the same key was acknowledged */
  serial?: boolean;
  /** messages handed to this handler and not yet acknowledged, at most (default: the channel's) */
  maxInFlight?: number;
}

export interface PublishOptions {
  /** per-key order and group routing; default: the topic */
  key?: string;
  /**
   * the latest state of the topic (MQTT retained message): a consumer that subscribes later gets it. The
   * in-memory channel delivers it to the consumers there are, which all register before start().
   */
  retain?: boolean;
}

export interface ChannelStats {
  /** messages handed to a handler for the first time */
  delivered: number;
  acknowledged: number;
  /** handler invocations after a rejection */
  retried: number;
  /** handed to a handler (or waiting for a retry) and not yet acknowledged */
  inFlight: number;
  /** received and waiting in the adapter (back-pressure or `serial`) */
  queued: number;
  published: number;
}

export function emptyStats(): ChannelStats {
  return { delivered: 0, acknowledged: 0, retried: 0, inFlight: 0, queued: 0, published: 0 };
}

/** Redelivery backoff after a rejected handler: `initialMs`, doubling up to `maxMs`. */
export interface RetryOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { initialMs: 500, maxMs: 30_000 };

/**
 * The transport port: the apps consume and publish through it and never see MQTT or the in-process bus.
 *
 * @example
 * channel.consume(['telemetry/+/+'], (message) => ingest.accept(message.topic, message.payload), { group: 'ingest' });
 * await channel.start();
 * await channel.publish('points/3', JSON.stringify(points), { key: 'acme/rtr-01' });
 */
export interface Channel {
  /** e.g. 'mqtt' or 'memory', for logs/metrics labels */
  readonly name: string;
  /** Registers a handler for MQTT-style filters (+ and # wildcards). Only before start(). */
  consume(filters: readonly string[], handler: MessageHandler, options?: ConsumeOptions): void;
  /** Resolves once the message is accepted (see each adapter). */
  publish(topic: string, payload: string | Uint8Array, options?: PublishOptions): Promise<void>;
  /** Connects / subscribes; deliveries begin. Idempotent. */
  start(): Promise<void>;
  /**
   * Stops deliveries, waits (bounded by a timeout option) for handlers in flight, closes. Unacknowledged
   * messages are never acknowledged by closing. Idempotent.
   */
  close(): Promise<void>;
  readonly connected: boolean;
  stats(): ChannelStats;
}
