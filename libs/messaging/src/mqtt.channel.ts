import { Logger } from '@nestjs/common';
import { connect, type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt';

import {
  type Channel,
  type ChannelStats,
  type ConsumeOptions,
  DEFAULT_RETRY,
  emptyStats,
  type MessageHandler,
  type PublishOptions,
  type RetryOptions,
} from './channel';
import { ChannelClosedError } from './channel-closed.error';
import { Consumer } from './consumer';
import { DeferredPubacks, NOTHING_TO_ACKNOWLEDGE } from './mqtt-acks';
import { toBuffer } from './payload';
import { assertFilter, assertGroup, RouteCache, stableHash } from './topic-filter';

export interface MqttChannelOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** 5 (Mosquitto, EMQX, HiveMQ...) or 4 = 3.1.1 (the embedded aedes broker) */
  protocolVersion: 4 | 5;
  /** MQTT 5 receive-maximum announced to the broker: QoS 1 messages it may leave unacknowledged with us */
  receiveMaximum: number;
  /** MQTT 5 session expiry: how long the broker keeps queueing for us while we are away */
  sessionExpirySeconds: number;
  /** false for brokers without $share (aedes, MQTT 3.1.1): groups are then ignored */
  sharedSubscriptions: boolean;
  /** default per consumer: receiveMaximum (Mosquitto 2.0.11 does not keep to it once acks flow) */
  maxInFlight?: number;
  retry?: RetryOptions;
  /** messages handed to each consumer per turn of the event loop, at most (default 64) */
  perTurn?: number;
  /** how long close() waits for running handlers, then for our publishes' PUBACKs (default 10 s) */
  closeTimeoutMs?: number;
  /** label in logs and metrics (default 'mqtt') */
  name?: string;
}

const DEFAULT_PER_TURN = 64;

/** A consumer and the subscription identifier of each of its filters. */
interface Subscriber {
  consumer: Consumer;
  ids: number[];
}

/** Who gets a copy of a topic: a consumer matching it, with the identifier of its first matching filter. */
interface RouteEntry {
  consumer: Consumer;
  canonicalId: number;
}

const MAX_SUBSCRIPTION_ID = 268_435_455;
const QOS_1: IClientPublishOptions = { qos: 1 };

/**
 * The Channel over an MQTT broker (mqtt.js): persistent session, QoS 1 both ways, PUBACK only once the
 * handlers resolved, `$share/<group>/` subscriptions for groups. `publish` resolves on the broker's PUBACK;
 * with MQTT 5 the key travels as the user property `key`.
 *
 * A broker sends one copy per matching subscription (Mosquitto does with MQTT 5), so a consumer whose filters
 * overlap would see a message twice. Each subscription carries an identifier (MQTT 5); a consumer handles
 * only the copy of its first matching filter, and the other copies are acknowledged unhandled. Across a
 * group that means each message is handled once even when the members' filters overlap.
 */
export class MqttChannel implements Channel {
  readonly name: string;
  private readonly logger: Logger;
  private readonly subscribers: Subscriber[] = [];
  /** subscribed topic filter ($share/... included) -> subscription identifier */
  private readonly subscriptions = new Map<string, number>();
  private readonly knownIds = new Set<number>();
  private readonly unknownIdsWarned = new Set<number>();
  private readonly routes = new RouteCache<RouteEntry[]>((topic) => this.route(topic));
  private readonly pubacks = new DeferredPubacks();
  private readonly counters = emptyStats();
  private client: MqttClient | undefined;
  private starting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private offline = false;
  private subscriptionIdsAvailable = true;

  constructor(private readonly options: MqttChannelOptions) {
    this.name = options.name ?? 'mqtt';
    this.logger = new Logger(`MqttChannel(${this.name})`);
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  consume(filters: readonly string[], handler: MessageHandler, options: ConsumeOptions = {}): void {
    if (this.starting || this.closing) throw new Error(`${this.name}: consume() must come before start()`);
    filters.forEach(assertFilter);
    const group = options.group;
    if (group !== undefined) assertGroup(group);
    const unique = [...new Set(filters)];
    const settings = {
      group,
      serial: options.serial ?? false,
      maxInFlight: options.maxInFlight ?? this.options.maxInFlight ?? this.options.receiveMaximum,
      perTurn: this.options.perTurn ?? DEFAULT_PER_TURN,
      retry: this.options.retry ?? DEFAULT_RETRY,
    };
    const consumer = new Consumer(unique, handler, settings, this.counters, this.logger);
    const shared = group !== undefined && this.options.sharedSubscriptions;
    const ids = unique.map((filter) => this.subscriptionId(shared ? `$share/${group}/${filter}` : filter));
    this.subscribers.push({ consumer, ids });
  }

  /** QoS 1; resolves on the broker's PUBACK (queued by mqtt.js while disconnected). */
  publish(topic: string, payload: string | Uint8Array, options?: PublishOptions): Promise<void> {
    const client = this.client;
    if (this.closing) return Promise.reject(new ChannelClosedError(this.name));
    if (!client) return Promise.reject(new Error(`${this.name}: publish() before start()`));
    this.counters.published++;
    const key = options?.key;
    let publishOptions: IClientPublishOptions =
      key !== undefined && key !== topic && this.options.protocolVersion === 5
        ? { qos: 1, properties: { userProperties: { key } } }
        : QOS_1;
    if (options?.retain) publishOptions = { ...publishOptions, retain: true };
    const body = typeof payload === 'string' ? payload : toBuffer(payload);
    return new Promise((resolve, reject) => {
      client.publish(topic, body, publishOptions, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Resolves once connected and subscribed; messages of the persistent session may arrive before. */
  start(): Promise<void> {
    this.starting ??= this.connectAndSubscribe();
    return this.starting;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  stats(): ChannelStats {
    return { ...this.counters };
  }

  private async connectAndSubscribe(): Promise<void> {
    if (this.closing) throw new ChannelClosedError(this.name);
    for (const { consumer } of this.subscribers) consumer.start();
    const { url, clientId, username, password, protocolVersion } = this.options;
    const client = connect(url, {
      clientId,
      username,
      password,
      protocolVersion,
      clean: false,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      resubscribe: true,
      properties:
        protocolVersion === 5
          ? {
              receiveMaximum: this.options.receiveMaximum,
              sessionExpiryInterval: this.options.sessionExpirySeconds,
            }
          : undefined,
    });
    this.client = client;
    this.pubacks.install(client);
    client.on('connect', (connack) => {
      this.pubacks.reconnected();
      this.offline = false;
      this.subscriptionIdsAvailable = connack.properties?.subscriptionIdentifiersAvailable !== false;
      this.logger.log(`Connected to ${url} as ${clientId} (session present: ${connack.sessionPresent})`);
    });
    client.on('message', this.onMessage);
    client.on('offline', () => {
      if (!this.offline && !this.closing) this.logger.warn(`Disconnected from ${url}; reconnecting`);
      this.offline = true;
    });
    client.on('error', (error) => {
      if (!this.offline) this.logger.error(`MQTT error: ${error.message}`);
    });
    await firstConnection(client, this.name);
    await this.subscribe(client);
  }

  private async subscribe(client: MqttClient): Promise<void> {
    if (this.subscriptions.size === 0) return;
    const withIds = this.options.protocolVersion === 5 && this.subscriptionIdsAvailable;
    // One SUBSCRIBE per filter: an identifier belongs to the whole packet.
    const grants = await Promise.all(
      [...this.subscriptions].map(([topic, id]) =>
        client.subscribeAsync(
          topic,
          withIds ? { qos: 1, properties: { subscriptionIdentifier: id } } : { qos: 1 },
        ),
      ),
    );
    const refused = grants.flat().filter((grant) => grant.qos >= 128);
    if (refused.length > 0) {
      throw new Error(`${this.name}: the broker refused ${refused.map((grant) => grant.topic).join(', ')}`);
    }
    this.logger.log(`Subscribed to ${[...this.subscriptions.keys()].join(', ')} (QoS 1)`);
  }

  private readonly onMessage = (topic: string, payload: Buffer, packet: IPublishPacket): void => {
    const route = this.routes.get(topic);
    const ids = packet.properties?.subscriptionIdentifier;
    let targets = 0;
    for (const entry of route) if (wants(entry, ids)) targets++;
    // A copy only for identifiers we do not know: a subscription of an earlier run, kept by the session.
    const stale = targets === 0 && ids !== undefined && route.length > 0 && !this.knowsAny(ids);
    if (stale) {
      targets = route.length;
      this.warnUnknownIds(ids);
    }
    if (targets === 0) return; // a duplicate copy, or nobody's topic: mqtt.js acknowledges it now
    const receipt =
      packet.qos > 0 && packet.messageId !== undefined
        ? this.pubacks.hold(packet.messageId, targets)
        : NOTHING_TO_ACKNOWLEDGE;
    const message = { topic, payload, key: keyOf(packet) ?? topic };
    for (const entry of route) if (stale || wants(entry, ids)) entry.consumer.accept(message, receipt);
  };

  private route(topic: string): RouteEntry[] {
    const route: RouteEntry[] = [];
    for (const { consumer, ids } of this.subscribers) {
      const index = consumer.filterIndex(topic);
      if (index >= 0) route.push({ consumer, canonicalId: ids[index] });
    }
    return route;
  }

  /** Stable per subscribed filter, so a persistent session's queued copies keep their meaning across runs. */
  private subscriptionId(topic: string): number {
    let id = this.subscriptions.get(topic);
    if (id !== undefined) return id;
    id = (stableHash(topic) % MAX_SUBSCRIPTION_ID) + 1;
    while (this.knownIds.has(id)) id = (id % MAX_SUBSCRIPTION_ID) + 1;
    this.subscriptions.set(topic, id);
    this.knownIds.add(id);
    return id;
  }

  private knowsAny(ids: number | number[]): boolean {
    return typeof ids === 'number' ? this.knownIds.has(ids) : ids.some((id) => this.knownIds.has(id));
  }

  private warnUnknownIds(ids: number | number[]): void {
    const fresh = [ids].flat().filter((id) => !this.unknownIdsWarned.has(id));
    if (fresh.length === 0) return;
    fresh.forEach((id) => this.unknownIdsWarned.add(id));
    this.logger.warn(
      `Copies arrive for subscription identifier ${fresh.join(', ')}, a filter no consumer has now: ` +
        `they are handled, but may duplicate; clear the session of ${this.options.clientId} to drop it`,
    );
  }

  private async shutdown(): Promise<void> {
    const timeoutMs = this.options.closeTimeoutMs ?? 10_000;
    await Promise.all(this.subscribers.map(({ consumer }) => consumer.close(timeoutMs)));
    const client = this.client;
    if (!client) return;
    // Our publishes get until the timeout for their PUBACKs; DISCONNECT keeps the session.
    if (client.connected && hasOutgoing(client)) await outgoingEmpty(client, timeoutMs);
    await client.endAsync(!client.connected || hasOutgoing(client));
    for (const messageId of Object.keys(client.outgoing)) {
      const { cb } = client.outgoing[Number(messageId)];
      delete client.outgoing[Number(messageId)];
      cb(new ChannelClosedError(this.name));
    }
    this.logger.log(`Closed (${this.options.clientId})`);
  }
}

function wants(entry: RouteEntry, ids: number | number[] | undefined): boolean {
  if (ids === undefined) return true;
  return typeof ids === 'number' ? ids === entry.canonicalId : ids.includes(entry.canonicalId);
}

function keyOf(packet: IPublishPacket): string | undefined {
  const key = packet.properties?.userProperties?.key;
  return Array.isArray(key) ? key[0] : key;
}

function hasOutgoing(client: MqttClient): boolean {
  for (const _ in client.outgoing) return true;
  return false;
}

function firstConnection(client: MqttClient, channel: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onConnect = () => {
      client.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      client.off('connect', onConnect);
      reject(new ChannelClosedError(channel));
    };
    client.once('connect', onConnect);
    client.once('end', onEnd);
  });
}

function outgoingEmpty(client: MqttClient, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    client.once('outgoingEmpty', done);
    function done() {
      clearTimeout(timer);
      client.off('outgoingEmpty', done);
      resolve();
    }
  });
}
